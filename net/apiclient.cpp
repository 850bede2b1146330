#include "apiclient.h"

#include "draftclient.h"
#include "photoclient.h"

#include "jobcache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaMethod>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QUuid>

namespace dispatch::net {

Q_LOGGING_CATEGORY(lcNet, "dispatch.net", QtInfoMsg)

namespace {

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

} // namespace

QByteArray ApiClient::OutgoingRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

ApiClient::ApiClient(const QUrl &serverUrl, QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
    , m_apiBase(serverUrl)
    , m_cache(new JobCache(this))
    , m_writes(new JobWriteQueue(
          [this](const QString &jobId, const JobWriteQueue::Write &write, const Etag &ifMatch,
                 JobWriteQueue::Finish done) { sendWrite(jobId, write, ifMatch, std::move(done)); },
          this))
{
    // No QNetworkDiskCache on purpose: it would add its own If-None-Match and turn 304s into
    // 200s from its store (measured with Qt 6.4); this class keeps the copies itself.
    QString path = m_apiBase.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith(u"/api/v1"))
        path += u"/api/v1";
    m_apiBase.setPath(path);

    connect(m_cache, &JobCache::jobChanged, this, &ApiClient::jobChanged);
    connect(m_cache, &JobCache::jobRemoved, this, &ApiClient::jobRemoved);
    // Only a tag of another job is refused; the cache knows every tag's job.
    m_writes->setEtagOwnerFunction([this](const Etag &tag) { return m_cache->etagOwner(tag); });
    connect(m_writes, &JobWriteQueue::pendingWritesChanged, this, &ApiClient::pendingWritesChanged);
}

ApiClient::~ApiClient()
{
    // Aborting emits finished(); cut the connections first so no callback runs while this
    // object is half destroyed.
    const auto replies = m_inFlight;
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
}

void ApiClient::setToken(const QByteArray &token)
{
    if (token == m_token)
        return;
    m_token = token;
    m_user.reset();
    clearCache();
}

void ApiClient::setJobCacheEnabled(bool enabled)
{
    m_cache->setEnabled(enabled);
    if (!enabled)
        clearCache();
}

bool ApiClient::isJobCacheEnabled() const
{
    return m_cache->isEnabled();
}

template<typename Result>
ApiClient::Callback<Result> ApiClient::bind(QObject *context, Callback<Result> done)
{
    if (!context) {
        return [done = std::move(done)](const Result &result) {
            if (done)
                done(result);
        };
    }
    return [guard = QPointer<QObject>(context), done = std::move(done)](const Result &result) {
        if (guard && done)
            done(result);
    };
}

QUrl ApiClient::urlFor(const QString &path, const QList<std::pair<QString, QString>> &query) const
{
    QUrl url = m_apiBase;
    // `path` is already percent-encoded where it holds an id (jobPath()).
    url.setPath(m_apiBase.path(QUrl::FullyEncoded) + path, QUrl::TolerantMode);
    if (!query.isEmpty()) {
        QUrlQuery urlQuery;
        for (const auto &[key, value] : query) {
            // Encode everything but unreserved characters ourselves: QUrlQuery would leave
            // '+' alone, which a server may read as a space.
            urlQuery.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        }
        url.setQuery(urlQuery);
    }
    return url;
}

QString ApiClient::jobPath(const QString &jobId, QStringView suffix)
{
    return u"/jobs/" + QString::fromLatin1(QUrl::toPercentEncoding(jobId)) + suffix;
}

void ApiClient::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                     const Headers &headers, ReplyHandler handler, bool authenticated)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_transferTimeout.count()));
    // No Accept header: the API only speaks JSON, and an idle poll must stay under 400 bytes.
    if (authenticated && !m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QNetworkReply *reply = nullptr;
    if (method == "GET")
        reply = m_manager->get(request);
    else if (method == "POST")
        reply = m_manager->post(request, body);
    else if (method == "DELETE" && body.isEmpty())
        reply = m_manager->deleteResource(request);
    else
        reply = m_manager->sendCustomRequest(request, method, body);
    m_inFlight.insert(reply);
    ++m_stats.requestsSent;

    if (isSignalConnected(QMetaMethod::fromSignal(&ApiClient::requestSent))) {
        OutgoingRequest outgoing{method, url, {}};
        const auto names = request.rawHeaderList();
        for (const QByteArray &name : names)
            outgoing.headers.append({name, request.rawHeader(name)});
        Q_EMIT requestSent(outgoing);
    }
    qCDebug(lcNet) << method << url.toDisplayString();

    connect(reply, &QNetworkReply::finished, this,
            [this, reply, handler = std::move(handler), authenticated] {
                onFinished(reply, handler, authenticated);
            });
}

void ApiClient::onFinished(QNetworkReply *reply, const ReplyHandler &handler, bool authenticated)
{
    m_inFlight.remove(reply);
    reply->deleteLater();

    RawReply raw;
    raw.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    raw.networkError = reply->error();
    raw.networkErrorString = reply->errorString();
    raw.body = reply->readAll();
    raw.etag = reply->rawHeader("ETag");
    raw.retryAfter = reply->rawHeader("Retry-After");
    raw.lastEventSeq = reply->rawHeader("X-Last-Event-Seq");

    ++m_stats.responses;
    m_stats.bodyBytesReceived += raw.body.size();
    if (raw.httpStatus != 0) {
        // "HTTP/1.1 200 OK\r\n", one "Name: value\r\n" per header, then "\r\n".
        const QByteArray phrase =
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        qint64 headerBytes = 9 + 3 + 1 + phrase.size() + 2 + 2;
        const auto pairs = reply->rawHeaderPairs();
        for (const auto &[name, value] : pairs)
            headerBytes += name.size() + 2 + value.size() + 2;
        m_stats.headerBytesReceived += headerBytes;
    }
    qCDebug(lcNet) << "answer" << raw.httpStatus << reply->url().toDisplayString()
                   << raw.body.size() << "bytes";

    if (raw.httpStatus == 401 && authenticated)
        Q_EMIT sessionExpired();
    handler(raw);
}

QJsonDocument ApiClient::parseBody(RawReply &reply)
{
    if (reply.json.isNull() && !reply.body.isEmpty()) {
        ++m_stats.bodiesParsed;
        reply.json = QJsonDocument::fromJson(reply.body);
    }
    return reply.json;
}

ApiError ApiClient::classify(RawReply &reply, const QString &jobId)
{
    parseBody(reply);
    ApiError error = ApiError::fromReply(reply);
    if (!jobId.isEmpty())
        error.jobId = jobId;
    if (error.current) {
        // The current copy must be this job's; a body naming another job is dropped rather
        // than letting its tag become this job's.
        if (error.current->id() != jobId && !jobId.isEmpty()) {
            qCWarning(lcNet) << "412 body for" << jobId << "holds job" << error.current->id();
            error.current.reset();
        } else if (error.current->isValid()) {
            rememberJob(*error.current);
        }
    }
    if (!error.ok())
        qCDebug(lcNet) << "request failed:" << error.toString();
    return error;
}

JobResult ApiClient::jobResultFrom(RawReply &reply, const QString &expectedJobId)
{
    JobResult result;
    if (!isSuccess(reply.httpStatus)) {
        result.error = classify(reply, expectedJobId);
        return result;
    }
    const QJsonDocument document = parseBody(reply);
    QString why;
    auto job = jobFromJson(document.object(), &why);
    if (!job) {
        result.error = ApiError::unexpected(reply.httpStatus, u"malformed job in response: " + why);
        return result;
    }
    if (!expectedJobId.isEmpty() && job->id != expectedJobId) {
        result.error = ApiError::unexpected(reply.httpStatus, u"asked for job " + expectedJobId +
                                                                  u", got " + job->id);
        return result;
    }
    result.job = VersionedJob{std::move(*job), Etag::fromHeader(reply.etag)};
    if (result.job.etag.isNull())
        qCWarning(lcNet) << "job" << result.job.id() << "came without an ETag; not cached";
    else
        rememberJob(result.job);
    return result;
}

// ---- Authentication -----------------------------------------------------------------------

void ApiClient::login(const QString &username, const QString &password, QObject *context,
                      Callback<LoginResult> done)
{
    auto deliver = bind(context, std::move(done));
    const QJsonObject body{{QStringLiteral("username"), username},
                           {QStringLiteral("password"), password}};
    send(
        "POST", urlFor(QStringLiteral("/auth/login")), compactJson(body), {},
        [this, deliver](RawReply &reply) {
            LoginResult result;
            if (reply.httpStatus != 200) {
                result.error = classify(reply);
                deliver(result);
                return;
            }
            const QJsonObject object = parseBody(reply).object();
            const QByteArray token = object.value(QLatin1String("token")).toString().toUtf8();
            const auto user = userFromJson(object.value(QLatin1String("user")).toObject());
            if (token.isEmpty() || !user) {
                result.error = ApiError::unexpected(reply.httpStatus,
                                                    QStringLiteral("malformed login response"));
                deliver(result);
                return;
            }
            setToken(token);
            m_user = user;
            result.token = token;
            result.user = *user;
            result.expiresAt = timeFromWire(object.value(QLatin1String("expiresAt")).toString());
            deliver(result);
        },
        /*authenticated=*/false);
}

void ApiClient::logout(QObject *context, Callback<ApiError> done)
{
    auto deliver = bind(context, std::move(done));
    send("POST", urlFor(QStringLiteral("/auth/logout")), {}, {}, [this, deliver](RawReply &reply) {
        const ApiError error = isSuccess(reply.httpStatus) ? ApiError{} : classify(reply);
        setToken({});
        deliver(error);
    });
}

// ---- Reads --------------------------------------------------------------------------------

void ApiClient::listJobs(const JobQuery &query, QObject *context, Callback<JobPageResult> done)
{
    auto deliver = bind(context, std::move(done));
    QList<std::pair<QString, QString>> items;
    if (!query.statuses.isEmpty()) {
        QStringList statuses;
        for (const JobStatus status : query.statuses)
            statuses.append(toWire(status));
        items.append({QStringLiteral("status"), statuses.join(u',')});
    }
    if (!query.assignedTo.isEmpty())
        items.append({QStringLiteral("assignedTo"), query.assignedTo});
    if (!query.text.isEmpty())
        items.append({QStringLiteral("q"), query.text});
    if (query.updatedAfter.isValid())
        items.append({QStringLiteral("updatedAfter"), toWireTime(query.updatedAfter)});
    if (query.limit > 0)
        items.append({QStringLiteral("limit"), QString::number(query.limit)});
    if (!query.cursor.isEmpty())
        items.append({QStringLiteral("cursor"), query.cursor});
    const QUrl url = urlFor(QStringLiteral("/jobs"), items);
    const QString key = url.toString(QUrl::FullyEncoded);

    Headers headers;
    const auto cached = m_cache->isEnabled() ? m_pages.find(key) : std::nullopt;
    if (cached)
        headers.append({QByteArrayLiteral("If-None-Match"), cached->etag.toHeader()});

    send("GET", url, {}, headers, [this, deliver, key, cached](RawReply &reply) {
        JobPageResult result;
        bool seqOk = false;
        const qint64 seq = reply.lastEventSeq.toLongLong(&seqOk);
        if (seqOk && seq >= 0)
            result.lastEventSeq = seq;
        if (reply.httpStatus == 304 && cached) {
            ++m_stats.notModified;
            result.items = cached->payload.items;
            result.nextCursor = cached->payload.nextCursor;
            result.etag = cached->etag;
            result.fromCache = true;
            deliver(result);
            return;
        }
        if (reply.httpStatus != 200) {
            result.error = reply.httpStatus == 304
                               ? ApiError::unexpected(304, QStringLiteral("304 without a copy"))
                               : classify(reply);
            deliver(result);
            return;
        }
        const QJsonObject object = parseBody(reply).object();
        const QJsonArray array = object.value(QLatin1String("items")).toArray();
        result.items.reserve(array.size());
        for (const QJsonValue &value : array) {
            auto job = jobFromJson(value.toObject());
            if (!job) {
                result.error = ApiError::unexpected(200, QStringLiteral("malformed job in list"));
                deliver(result);
                return;
            }
            // List items carry no tag of their own, so they never enter the job cache; a newer
            // version than the cached one makes the cached copy stale, though.
            m_cache->forgetIfOlderThan(*job);
            result.items.append(std::move(*job));
        }
        result.nextCursor = object.value(QLatin1String("nextCursor")).toString();
        result.etag = Etag::fromHeader(reply.etag);
        if (m_cache->isEnabled() && !result.etag.isNull())
            m_pages.remember(key, result.etag, PageCopy{result.items, result.nextCursor});
        deliver(result);
    });
}

void ApiClient::getJob(const QString &jobId, QObject *context, Callback<JobResult> done)
{
    auto deliver = bind(context, std::move(done));
    Headers headers;
    std::optional<VersionedJob> sentWith;
    if (m_cache->isEnabled())
        sentWith = cachedJob(jobId);
    if (sentWith) {
        if (m_cache->isForeignEtag(jobId, sentWith->etag)) {
            sentWith.reset(); // cannot happen through the cache's own keys; never send it
        } else {
            headers.append({QByteArrayLiteral("If-None-Match"), sentWith->etag.toHeader()});
            qCDebug(lcEtag) << "If-None-Match" << sentWith->etag.toHeader() << "for" << jobId;
        }
    }

    send("GET", urlFor(jobPath(jobId)), {}, headers,
         [this, deliver, jobId, sentWith](RawReply &reply) {
             if (reply.httpStatus == 304 && sentWith) {
                 // The version we hold is current: serve it without a body to parse. The cache
                 // may meanwhile hold a newer one (an event); rememberJob keeps the newer.
                 ++m_stats.notModified;
                 rememberJob(*sentWith);
                 JobResult result;
                 result.job = *sentWith;
                 result.fromCache = true;
                 deliver(result);
                 return;
             }
             JobResult result =
                 reply.httpStatus == 304
                     ? JobResult{ApiError::unexpected(304, QStringLiteral("304 without a copy")),
                                 {},
                                 false}
                     : jobResultFrom(reply, jobId);
             if (result.error.is(ApiError::Kind::NotFound))
                 forgetJob(jobId);
             deliver(result);
         });
}

void ApiClient::jobHistory(const QString &jobId, QObject *context, Callback<HistoryResult> done)
{
    auto deliver = bind(context, std::move(done));
    send("GET", urlFor(jobPath(jobId, u"/history")), {}, {},
         [this, deliver, jobId](RawReply &reply) {
             HistoryResult result;
             if (reply.httpStatus != 200) {
                 result.error = classify(reply, jobId);
                 deliver(result);
                 return;
             }
             const QJsonArray array = parseBody(reply).array();
             for (const QJsonValue &value : array) {
                 auto entry = historyEntryFromJson(value.toObject());
                 if (!entry) {
                     result.error =
                         ApiError::unexpected(200, QStringLiteral("malformed history row"));
                     break;
                 }
                 result.entries.append(std::move(*entry));
             }
             deliver(result);
         });
}

namespace {

/// Reads `{"items": [...]}` with `parse` for each item; the first malformed one is an error.
template<typename Item, typename Parse>
ApiError readItems(const QJsonDocument &document, Parse parse, QList<Item> *items, const char *what)
{
    const QJsonArray array = document.object().value(QLatin1String("items")).toArray();
    items->reserve(array.size());
    for (const QJsonValue &value : array) {
        auto item = parse(value.toObject());
        if (!item)
            return ApiError::unexpected(200,
                                        QStringLiteral("malformed %1").arg(QLatin1String(what)));
        items->append(std::move(*item));
    }
    return {};
}

} // namespace

void ApiClient::listOffers(const std::optional<GeoPoint> &from, QObject *context,
                           Callback<OffersResult> done)
{
    auto deliver = bind(context, std::move(done));
    QList<std::pair<QString, QString>> query;
    if (from) {
        query.append({QStringLiteral("lat"), QString::number(from->lat, 'g', 10)});
        query.append({QStringLiteral("lng"), QString::number(from->lng, 'g', 10)});
    }
    const QUrl url = urlFor(QStringLiteral("/offers"), query);
    // The list's ETag stands for the origin too (docs/openapi.yaml `GET /offers`), so a tag is
    // only sent again for the same URL.
    const QString key = url.toString(QUrl::FullyEncoded);

    Headers headers;
    const auto cached = m_cache->isEnabled() ? m_offers.find(key) : std::nullopt;
    if (cached)
        headers.append({QByteArrayLiteral("If-None-Match"), cached->etag.toHeader()});

    send("GET", url, {}, headers, [this, deliver, key, cached](RawReply &reply) {
        OffersResult result;
        if (reply.httpStatus == 304 && cached) {
            ++m_stats.notModified;
            result.offers = cached->payload;
            result.etag = cached->etag;
            result.notModified = true;
            deliver(result);
            return;
        }
        if (reply.httpStatus != 200) {
            result.error = reply.httpStatus == 304
                               ? ApiError::unexpected(304, QStringLiteral("304 without a copy"))
                               : classify(reply);
            deliver(result);
            return;
        }
        result.error = readItems(parseBody(reply), offerFromJson, &result.offers, "offer");
        result.etag = Etag::fromHeader(reply.etag);
        if (result.ok() && m_cache->isEnabled() && !result.etag.isNull())
            m_offers.remember(key, result.etag, result.offers);
        deliver(result);
    });
}

void ApiClient::listCandidates(const QString &jobId, QObject *context,
                               Callback<CandidatesResult> done)
{
    auto deliver = bind(context, std::move(done));
    send("GET", urlFor(jobPath(jobId, u"/candidates")), {}, {},
         [this, deliver, jobId](RawReply &reply) {
             CandidatesResult result;
             if (reply.httpStatus != 200) {
                 result.error = classify(reply, jobId);
                 deliver(result);
                 return;
             }
             result.error =
                 readItems(parseBody(reply), candidateFromJson, &result.candidates, "candidate");
             deliver(result);
         });
}

void ApiClient::listUsers(const std::optional<Role> &role, QObject *context,
                          Callback<UsersResult> done)
{
    auto deliver = bind(context, std::move(done));
    QList<std::pair<QString, QString>> query;
    if (role)
        query.append({QStringLiteral("role"), toWire(*role)});
    send("GET", urlFor(QStringLiteral("/users"), query), {}, {}, [this, deliver](RawReply &reply) {
        UsersResult result;
        if (reply.httpStatus != 200) {
            result.error = classify(reply);
            deliver(result);
            return;
        }
        result.error = readItems(parseBody(reply), userFromJson, &result.users, "user");
        deliver(result);
    });
}

void ApiClient::fetchEvents(qint64 after, int limit, QObject *context, Callback<EventsResult> done)
{
    auto deliver = bind(context, std::move(done));
    QList<std::pair<QString, QString>> query{{QStringLiteral("after"), QString::number(after)}};
    if (limit > 0)
        query.append({QStringLiteral("limit"), QString::number(limit)});
    // The collection's tag stands for "everything up to lastSeq", so it only answers a poll
    // that starts at that lastSeq; sent with another `after` a 304 would hide events.
    Headers headers;
    if (!m_eventsEtag.isNull() && m_eventsEtagSeq == after)
        headers.append({QByteArrayLiteral("If-None-Match"), m_eventsEtag.toHeader()});

    send("GET", urlFor(QStringLiteral("/events"), query), {}, headers,
         [this, deliver, after, limit](RawReply &reply) {
             EventsResult result;
             if (reply.httpStatus == 304) {
                 ++m_stats.notModified;
                 result.notModified = true;
                 result.lastSeq = after;
                 deliver(result);
                 return;
             }
             if (reply.httpStatus != 200) {
                 result.error = classify(reply);
                 deliver(result);
                 return;
             }
             const QJsonObject object = parseBody(reply).object();
             const QJsonArray array = object.value(QLatin1String("events")).toArray();
             for (const QJsonValue &value : array) {
                 auto event = changeEventFromJson(value.toObject());
                 if (!event) {
                     result.error = ApiError::unexpected(200, QStringLiteral("malformed event"));
                     deliver(result);
                     return;
                 }
                 result.events.append(std::move(*event));
             }
             result.lastSeq = object.value(QLatin1String("lastSeq")).toInteger(after);
             for (const ChangeEvent &event : std::as_const(result.events))
                 applyEvent(event);
             // Remember the tag only for a complete answer: after a page cut at `limit` the
             // tag would also cover events not fetched yet.
             const bool complete = result.events.size() < (limit > 0 ? limit : 500);
             m_eventsEtag = complete ? Etag::fromHeader(reply.etag) : Etag{};
             m_eventsEtagSeq = complete ? result.lastSeq : -1;
             deliver(result);
         });
}

// ---- Writes -------------------------------------------------------------------------------

void ApiClient::createJob(const QJsonObject &fields, const QByteArray &idempotencyKey,
                          QObject *context, Callback<JobResult> done)
{
    auto deliver = bind(context, std::move(done));
    const QByteArray key = idempotencyKey.isEmpty()
                               ? QUuid::createUuid().toByteArray(QUuid::WithoutBraces)
                               : idempotencyKey;
    const QJsonObject body{{QStringLiteral("fields"), fields}};
    send("POST", urlFor(QStringLiteral("/jobs")), compactJson(body),
         {{QByteArrayLiteral("Idempotency-Key"), key}},
         [this, deliver](RawReply &reply) { deliver(jobResultFrom(reply, {})); });
}

void ApiClient::patchJob(const VersionedJob &base, const QJsonObject &changes, QObject *context,
                         Callback<JobResult> done)
{
    queueJobWrite(base, "PATCH", {}, QJsonObject{{QStringLiteral("changes"), changes}}, context,
                  std::move(done));
}

void ApiClient::deleteJob(const VersionedJob &base, QObject *context, Callback<ApiError> done)
{
    auto deliver = bind(context, std::move(done));
    const QString jobId = base.id();
    JobWriteQueue::Write write;
    write.method = "DELETE";
    write.path = jobPath(jobId);
    write.base = base.etag;
    write.expectsJob = false;
    write.finish = [this, deliver, jobId](const JobResult &result) {
        if (result.ok()) {
            forgetJob(jobId);
            Q_EMIT jobRemoved(jobId);
        }
        deliver(result.error);
    };
    m_writes->enqueue(jobId, std::move(write));
}

void ApiClient::transitionJob(const VersionedJob &base, JobStatus to, const QString &code,
                              const QString &reason, QObject *context, Callback<JobResult> done)
{
    QJsonObject body{{QStringLiteral("to"), toWire(to)}};
    if (!code.isEmpty())
        body.insert(QStringLiteral("code"), code);
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    queueJobWrite(base, "POST", u"/transition", body, context, std::move(done));
}

void ApiClient::assignJob(const VersionedJob &base, const QString &proId, QObject *context,
                          Callback<JobResult> done)
{
    const QJsonObject body{
        {QStringLiteral("proId"), proId.isEmpty() ? QJsonValue(QJsonValue::Null) : proId}};
    queueJobWrite(base, "POST", u"/assign", body, context, std::move(done));
}

void ApiClient::scheduleJob(const VersionedJob &base, const JobSchedule &schedule, QObject *context,
                            Callback<JobResult> done)
{
    queueJobWrite(base, "POST", u"/schedule", toJson(schedule), context, std::move(done));
}

void ApiClient::dispatchJob(const VersionedJob &base, const QString &proId,
                            const JobSchedule &schedule, QObject *context, Callback<JobResult> done)
{
    const QJsonObject body{{QStringLiteral("proId"), proId},
                           {QStringLiteral("schedule"), toJson(schedule)}};
    queueJobWrite(base, "POST", u"/dispatch", body, context, std::move(done));
}

void ApiClient::addNote(const VersionedJob &base, const QString &text, QObject *context,
                        Callback<JobResult> done)
{
    queueJobWrite(base, "POST", u"/notes", QJsonObject{{QStringLiteral("text"), text}}, context,
                  std::move(done));
}

void ApiClient::acceptOffer(const VersionedJob &offer, QObject *context, Callback<JobResult> done)
{
    auto deliver = bind(context, std::move(done));
    const QString jobId = offer.id();
    JobWriteQueue::Write write;
    write.method = "POST";
    write.path = u"/offers/" + QString::fromLatin1(QUrl::toPercentEncoding(jobId)) + u"/accept";
    write.base = offer.etag;
    write.ifMatchOptional = true;
    write.finish = deliver;
    m_writes->enqueue(jobId, std::move(write));
}

void ApiClient::queueJobWrite(const VersionedJob &base, const QByteArray &method,
                              QStringView suffix, const QJsonObject &body, QObject *context,
                              Callback<JobResult> done, bool ifMatchOptional)
{
    JobWriteQueue::Write write;
    write.method = method;
    write.path = jobPath(base.id(), suffix);
    write.body = compactJson(body);
    write.base = base.etag;
    write.ifMatchOptional = ifMatchOptional;
    write.finish = bind(context, std::move(done));
    m_writes->enqueue(base.id(), std::move(write));
}

void ApiClient::sendWrite(const QString &jobId, const JobWriteQueue::Write &write,
                          const Etag &ifMatch, JobWriteQueue::Finish done)
{
    Headers headers;
    if (!ifMatch.isNull())
        headers.append({QByteArrayLiteral("If-Match"), ifMatch.toIfMatchHeader()});
    else if (!write.ifMatchOptional)
        qCWarning(lcNet) << write.method << write.path << "without a base ETag (will be 428)";

    send(write.method, urlFor(write.path), write.body, headers,
         [this, jobId, expectsJob = write.expectsJob, done = std::move(done)](RawReply &reply) {
             JobResult result;
             if (!expectsJob && isSuccess(reply.httpStatus))
                 result = JobResult{};
             else
                 result = jobResultFrom(reply, jobId);

             if (result.error.is(ApiError::Kind::Conflict) && result.error.currentDraft.isEmpty() &&
                 !(result.error.current && result.error.current->isValid())) {
                 // A 412 without the current copy: fetch it, so the caller can merge.
                 qCDebug(lcNet) << "412 without a body for" << jobId << "- fetching the job";
                 getJob(jobId, this, [done, result](const JobResult &fetched) mutable {
                     if (fetched.ok())
                         result.error.current = fetched.job;
                     else if (fetched.error.is(ApiError::Kind::NotFound))
                         result.error = fetched.error;
                     done(result);
                 });
                 return;
             }
             done(result);
         });
}

// ---- The cache and the write queues ------------------------------------------------------

std::optional<VersionedJob> ApiClient::cachedJob(const QString &jobId) const
{
    return m_cache->job(jobId);
}

QStringList ApiClient::cachedJobIds() const
{
    return m_cache->jobIds();
}

bool ApiClient::rememberJob(const VersionedJob &job)
{
    return m_cache->remember(job);
}

void ApiClient::forgetJob(const QString &jobId)
{
    m_cache->forget(jobId);
}

void ApiClient::clearCache()
{
    m_cache->clear();
    m_pages.clear();
    m_offers.clear();
    m_eventsEtag = {};
    m_eventsEtagSeq = -1;
}

bool ApiClient::applyEvent(const ChangeEvent &event)
{
    if (event.photo)
        Q_EMIT photoEventApplied(event);
    return m_cache->applyEvent(event);
}

void ApiClient::sendJson(const QByteArray &method, const QString &path,
                         const QList<std::pair<QString, QString>> &query, const QJsonObject &body,
                         const QList<std::pair<QByteArray, QByteArray>> &headers, QObject *context,
                         std::function<void(const RawReply &)> done)
{
    const QByteArray bytes = body.isEmpty() ? QByteArray() : compactJson(body);
    auto deliver = bind<RawReply>(context, std::move(done));
    send(method, urlFor(path, query), bytes, headers,
         [deliver](RawReply &reply) { deliver(reply); });
}

ApiError ApiClient::errorOf(const RawReply &reply)
{
    RawReply copy = reply;
    ApiError error = classify(copy);
    error.current.reset(); // only job routes carry a job as `current`
    return error;
}

PhotoClient *ApiClient::photos()
{
    if (!m_photos)
        m_photos = new PhotoClient(this, this);
    return m_photos;
}

DraftClient *ApiClient::drafts()
{
    if (!m_drafts)
        m_drafts = new DraftClient(this, this);
    return m_drafts;
}

int ApiClient::pendingWrites(const QString &jobId) const
{
    return m_writes->pendingWrites(jobId);
}

void ApiClient::announceEditSession(JobEditSession *session)
{
    Q_EMIT editSessionStarted(session);
}

} // namespace dispatch::net
