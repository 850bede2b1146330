#include "apiroutes.h"

#include "conditional.h"
#include "fieldkeys.h"
#include "httprouter.h"
#include "jobactions.h"
#include "openoffercache.h"
#include "priorityscore.h"
#include "requestbody.h"
#include "userstore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTimeZone>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

namespace dispatch::server {

namespace {

HttpResponse invalidValue(const QString &field, const QString &reason)
{
    return HttpResponse::error(
        400, QStringLiteral("INVALID_VALUE"),
        QStringLiteral("%1 %2.").arg(englishFieldLabel(field), reason),
        {{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}});
}

/// Checks and normalises field values; on failure `error` holds the 400.
std::optional<QJsonObject> checkedFields(const QJsonValue &value, const char *member,
                                         HttpResponse *error)
{
    if (!value.isObject()) {
        *error = HttpResponse::error(
            400, QStringLiteral("BAD_REQUEST"),
            QStringLiteral("\"%1\" must be an object of field values.").arg(QLatin1String(member)));
        return std::nullopt;
    }
    const QJsonObject input = value.toObject();
    QJsonObject normalized;
    for (auto it = input.begin(); it != input.end(); ++it) {
        const FieldCheck check = checkFieldValue(it.key(), it.value());
        if (check.error == FieldCheck::Error::UnknownKey) {
            *error = HttpResponse::error(400, QStringLiteral("INVALID_FIELD_KEY"),
                                         QStringLiteral("\"%1\" is not a job field.").arg(it.key()),
                                         {{QStringLiteral("field"), it.key()}});
            return std::nullopt;
        }
        if (!check.ok()) {
            *error = invalidValue(it.key(), check.reason);
            return std::nullopt;
        }
        normalized.insert(it.key(), check.normalized);
    }
    return normalized;
}

/// Room an offer's item needs beyond its job's JSON: 95 bytes of member names and braces, a
/// comma, five ints of at most 11 bytes and a distance of at most 32 (writeMiles()).
constexpr qsizetype kOfferTailMax = 192;

char *writeLiteral(char *out, std::string_view text)
{
    std::memcpy(out, text.data(), text.size());
    return out + text.size();
}

char *writeInt(char *out, int value)
{
    return std::to_chars(out, out + 11, value).ptr; // "-2147483648" is 11
}

/// The same bytes as QByteArray::number(miles, 'g', QLocale::FloatingPointShortest): both
/// write the shortest digits that read back as the same double, in fixed notation unless the
/// exponent form is shorter. Checked equal over millions of values in [1e-8, 1e8] (distances
/// on Earth stay below 12,500 miles); anything outside takes Qt's own path.
char *writeMiles(char *out, double miles)
{
    if (miles == 0 || (std::abs(miles) >= 1e-8 && std::abs(miles) < 1e8))
        return std::to_chars(out, out + 32, miles).ptr;
    const QByteArray text = QByteArray::number(miles, 'g', QLocale::FloatingPointShortest);
    const qsizetype length = std::min<qsizetype>(text.size(), 32);
    std::memcpy(out, text.constData(), size_t(length));
    return out + length;
}

/// Writes `{"job":<json>,"score":…,"breakdown":{…},"distanceMiles":…,"photoCount":…}` for one
/// offer at `out`, which has room for json.size() + kOfferTailMax bytes; returns the end. The
/// numbers go straight into the buffer: QByteArray::number() allocated five times per offer and
/// formatted the distance through a QString, most of a changed list's 200 (docs/BENCHMARKS.md
/// "Offers").
char *writeOffer(char *out, const QByteArray &json, const OfferScore &score, int photoCount)
{
    out = writeLiteral(out, "{\"job\":");
    std::memcpy(out, json.constData(), size_t(json.size()));
    out += json.size();
    out = writeLiteral(out, ",\"score\":");
    out = writeInt(out, score.total);
    out = writeLiteral(out, ",\"breakdown\":{\"status\":");
    out = writeInt(out, score.status);
    out = writeLiteral(out, ",\"distance\":");
    out = writeInt(out, score.distance);
    out = writeLiteral(out, ",\"urgency\":");
    out = writeInt(out, score.urgency);
    out = writeLiteral(out, "},\"distanceMiles\":");
    out = score.distanceMiles ? writeMiles(out, *score.distanceMiles) : writeLiteral(out, "null");
    out = writeLiteral(out, ",\"photoCount\":");
    out = writeInt(out, photoCount);
    *out++ = '}';
    return out;
}

} // namespace

int ApiRoutes::statusFor(StoreError::Kind kind)
{
    using Kind = StoreError::Kind;
    switch (kind) {
    case Kind::Invalid:
        return 400;
    case Kind::Refused:
        return 403;
    case Kind::NotFound:
        return 404;
    case Kind::Conflict:
        return 409;
    case Kind::PreconditionFailed:
        return 412;
    case Kind::PreconditionRequired:
        return 428;
    case Kind::TooSoon:
        return 429;
    case Kind::Unavailable:
        return 503;
    case Kind::Internal:
        break;
    }
    return 500;
}

HttpResponse ApiRoutes::errorResponse(const StoreError &error)
{
    const int status = statusFor(error.kind);
    HttpResponse response = HttpResponse::error(status, error.code, error.message, error.details);
    if (status == 429 && error.details.contains(QLatin1String("retryAfter"))) {
        response.withHeader(
            "Retry-After",
            QByteArray::number(error.details.value(QLatin1String("retryAfter")).toInteger()));
    }
    if (status == 503)
        response.withHeader("Retry-After", "1");
    return response;
}

HttpResponse ApiRoutes::jobResponse(int status, const Job &job, const AuthUser &viewer)
{
    return HttpResponse::json(status, JobStore::toJsonFor(job, viewer))
        .withHeader("ETag", JobStore::etagOf(job).toHeader());
}

HttpResponse ApiRoutes::writeResponse(const WriteResult &result, const AuthUser &viewer,
                                      int successStatus)
{
    if (result.error) {
        StoreError error = *result.error;
        if (result.current) {
            // The 412 carries the job as it is now, so the client can merge at once.
            error.details.insert(QStringLiteral("current"),
                                 JobStore::toJsonFor(*result.current, viewer));
            return errorResponse(error).withHeader("ETag",
                                                   JobStore::etagOf(*result.current).toHeader());
        }
        return errorResponse(error);
    }
    if (!result.job)
        return HttpResponse::noContent(204);
    return jobResponse(result.created ? 201 : successStatus, *result.job, viewer);
}

void ApiRoutes::registerJobRoutes(HttpRouter &router)
{
    const QString job = QStringLiteral("/api/v1/jobs/<id>");
    router.addRoute(
        "GET", QStringLiteral("/api/v1/jobs"), QStringLiteral("GET /jobs"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return listJobs(r, u); }));
    router.addRoute(
        "POST", QStringLiteral("/api/v1/jobs"), QStringLiteral("POST /jobs"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return createJob(r, u); }));
    router.addRoute(
        "GET", job, QStringLiteral("GET /jobs/{id}"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return getJob(r, u); }));
    router.addRoute(
        "PATCH", job, QStringLiteral("PATCH /jobs/{id}"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return patchJob(r, u); }));
    router.addRoute("DELETE", job, QStringLiteral("DELETE /jobs/{id}"),
                    authed([this](const HttpRequest &r, const AuthUser &u) {
                        return writeResponse(
                            m_services.jobs.remove(u, r.args.value(0), ifMatchOf(r)), u, 204);
                    }));
    router.addRoute(
        "POST", job + QStringLiteral("/transition"), QStringLiteral("POST /jobs/{id}/transition"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return transitionJob(r, u); }));
    router.addRoute(
        "POST", job + QStringLiteral("/assign"), QStringLiteral("POST /jobs/{id}/assign"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return assignJob(r, u); }));
    router.addRoute(
        "POST", job + QStringLiteral("/schedule"), QStringLiteral("POST /jobs/{id}/schedule"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return scheduleJob(r, u); }));
    router.addRoute(
        "POST", job + QStringLiteral("/dispatch"), QStringLiteral("POST /jobs/{id}/dispatch"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return dispatchJob(r, u); }));
    router.addRoute(
        "POST", job + QStringLiteral("/notes"), QStringLiteral("POST /jobs/{id}/notes"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return addNote(r, u); }));
    router.addRoute(
        "GET", job + QStringLiteral("/history"), QStringLiteral("GET /jobs/{id}/history"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return jobHistory(r, u); }));
}

HttpResponse ApiRoutes::getJob(const HttpRequest &request, const AuthUser &user)
{
    StoreError error;
    if (!request.header("If-None-Match").isEmpty()) {
        // The common case for a client with a cache: answer 304 from the version alone.
        const auto head = m_services.jobs.peek(request.args.value(0), &error);
        if (!head)
            return errorResponse(error);
        if (!JobStore::isVisibleTo(*head, user))
            return errorResponse(StoreError{StoreError::Kind::NotFound,
                                            QStringLiteral("NOT_FOUND"),
                                            QStringLiteral("There is no such job."),
                                            {}});
        const Etag etag = JobStore::etagOf(*head);
        if (noneMatch(request, etag))
            return notModified(etag);
    }
    const auto job = m_services.jobs.find(request.args.value(0), &error);
    if (!job)
        return errorResponse(error);
    if (!JobStore::isVisibleTo(*job, user))
        return errorResponse(StoreError{StoreError::Kind::NotFound,
                                        QStringLiteral("NOT_FOUND"),
                                        QStringLiteral("There is no such job."),
                                        {}});
    const Etag etag = JobStore::etagOf(*job);
    if (noneMatch(request, etag))
        return notModified(etag);
    return jobResponse(200, *job, user);
}

HttpResponse ApiRoutes::listJobs(const HttpRequest &request, const AuthUser &user)
{
    JobListQuery query;
    const QString statuses =
        request.query.queryItemValue(QStringLiteral("status"), QUrl::FullyDecoded);
    if (!statuses.isEmpty())
        query.statuses = statuses.split(u',', Qt::SkipEmptyParts);
    query.assignedTo =
        request.query.queryItemValue(QStringLiteral("assignedTo"), QUrl::FullyDecoded);
    query.text = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    query.cursor = request.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
    const QString updatedAfter =
        request.query.queryItemValue(QStringLiteral("updatedAfter"), QUrl::FullyDecoded);
    if (!updatedAfter.isEmpty()) {
        query.updatedAfter = timeFromWire(updatedAfter);
        if (!query.updatedAfter.isValid())
            return invalidValue(QStringLiteral("updatedAfter"),
                                QStringLiteral("must be an ISO-8601 time"));
    }
    const QString limit = request.query.queryItemValue(QStringLiteral("limit"));
    if (!limit.isEmpty()) {
        bool ok = false;
        query.limit = limit.toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > 1000)
            return invalidValue(QStringLiteral("limit"),
                                QStringLiteral("must be a whole number from 1 to 1000"));
    }
    // Read the log's head before the list: a stream resumed after it may repeat a change the
    // list already shows (versions only move forward), but never misses one.
    StoreError seqError;
    const auto head = m_services.jobs.lastEventSeq(&seqError);
    if (!head)
        return errorResponse(seqError);
    const JobPage page = m_services.jobs.list(query, user);
    if (page.error)
        return errorResponse(*page.error);
    QJsonArray items;
    for (const Job &job : page.items)
        items.append(JobStore::toJsonFor(job, user));
    HttpResponse response = HttpResponse::json(
        200, QJsonObject{{QStringLiteral("items"), items},
                         {QStringLiteral("nextCursor"), page.nextCursor.isEmpty()
                                                            ? QJsonValue(QJsonValue::Null)
                                                            : QJsonValue(page.nextCursor)}});
    // The collection's tag is a hash of what this user would receive.
    const Etag etag = Etag::strong(QByteArray(
        "c-" + QCryptographicHash::hash(response.body, QCryptographicHash::Sha1).toHex().left(20)));
    const QByteArray seq = QByteArray::number(*head);
    if (noneMatch(request, etag))
        return notModified(etag).withHeader("X-Last-Event-Seq", seq);
    return response.withHeader("ETag", etag.toHeader()).withHeader("X-Last-Event-Seq", seq);
}

HttpResponse ApiRoutes::createJob(const HttpRequest &request, const AuthUser &user)
{
    if (!user.isOffice())
        return errorResponse({StoreError::Kind::Refused,
                              QStringLiteral("FORBIDDEN"),
                              QStringLiteral("Only admins and dispatchers can create jobs."),
                              {}});
    HttpResponse error;
    const auto body = parseJsonBody(request, {QStringLiteral("fields")}, &error);
    if (!body)
        return error;
    const auto fields = checkedFields(body->value(QLatin1String("fields")), "fields", &error);
    if (!fields)
        return error;
    if (const QJsonValue title = fields->value(FieldKey::Title);
        title.isNull() || title.isUndefined())
        return invalidValue(QStringLiteral("title"), QStringLiteral("is required"));
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    if (key.size() > 200)
        return invalidValue(QStringLiteral("Idempotency-Key"),
                            QStringLiteral("must be at most 200 characters"));
    return writeResponse(m_services.jobs.create(user, *fields, key), user);
}

HttpResponse ApiRoutes::patchJob(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto body = parseJsonBody(request, {QStringLiteral("changes")}, &error);
    if (!body)
        return error;
    const auto changes = checkedFields(body->value(QLatin1String("changes")), "changes", &error);
    if (!changes)
        return error;
    if (changes->contains(FieldKey::Title) && changes->value(FieldKey::Title).isNull())
        return invalidValue(QStringLiteral("title"), QStringLiteral("is required"));
    return writeResponse(
        m_services.jobs.patch(user, request.args.value(0), ifMatchOf(request), *changes), user);
}

HttpResponse ApiRoutes::transitionJob(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto body = parseJsonBody(
        request, {QStringLiteral("to"), QStringLiteral("code"), QStringLiteral("reason")}, &error);
    if (!body)
        return error;
    QString to, code, reason;
    if (!requireString(*body, "to", false, &to, &error))
        return error;
    if (body->contains(QLatin1String("code")) && !requireString(*body, "code", true, &code, &error))
        return error;
    if (body->contains(QLatin1String("reason")) &&
        !requireString(*body, "reason", true, &reason, &error))
        return error;
    const auto status = jobStatusFromWire(to);
    if (!status)
        return invalidValue(QStringLiteral("to"), QStringLiteral("is not a job status"));
    if (reason.size() > 2000)
        return invalidValue(QStringLiteral("reason"),
                            QStringLiteral("is longer than 2000 characters"));
    return writeResponse(m_services.jobs.transition(user, request.args.value(0), ifMatchOf(request),
                                                    *status, code, reason.trimmed()),
                         user);
}

HttpResponse ApiRoutes::assignJob(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto body = parseJsonBody(request, {QStringLiteral("proId")}, &error);
    if (!body)
        return error;
    QString proId;
    if (!body->contains(QLatin1String("proId")))
        return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                   QStringLiteral("\"proId\" is required (a pro's id, or null)."),
                                   {{QStringLiteral("field"), QStringLiteral("proId")}});
    if (!requireString(*body, "proId", true, &proId, &error))
        return error;
    return writeResponse(
        m_services.jobs.assign(user, request.args.value(0), ifMatchOf(request), proId), user);
}

namespace {

/// A schedule object's members (docs/openapi.yaml "Schedule", models/job.h scheduleFromJson);
/// on failure `error` is the 400 naming the bad member.
std::optional<JobSchedule> scheduleOf(const QJsonObject &object, HttpResponse *error)
{
    QString member, reason;
    const auto schedule = scheduleFromJson(object, &member, &reason);
    if (!schedule) {
        *error = HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                     QStringLiteral("\"%1\" %2.").arg(member, reason),
                                     {{QStringLiteral("field"), member}});
    }
    return schedule;
}

} // namespace

HttpResponse ApiRoutes::scheduleJob(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto body = parseJsonBody(
        request, {QStringLiteral("date"), QStringLiteral("timezone"), QStringLiteral("window")},
        &error);
    if (!body)
        return error;
    const auto schedule = scheduleOf(*body, &error);
    if (!schedule)
        return error;
    return writeResponse(
        m_services.jobs.schedule(user, request.args.value(0), ifMatchOf(request), *schedule), user);
}

HttpResponse ApiRoutes::dispatchJob(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto body =
        parseJsonBody(request, {QStringLiteral("proId"), QStringLiteral("schedule")}, &error);
    if (!body)
        return error;
    QString proId;
    if (!requireString(*body, "proId", false, &proId, &error))
        return error;
    const QJsonValue scheduleValue = body->value(QLatin1String("schedule"));
    if (!scheduleValue.isObject())
        return HttpResponse::error(
            400, QStringLiteral("BAD_REQUEST"),
            QStringLiteral("\"schedule\" must be an object {\"date\", \"timezone\", \"window\"}."),
            {{QStringLiteral("field"), QStringLiteral("schedule")}});
    const auto schedule = scheduleOf(scheduleValue.toObject(), &error);
    if (!schedule)
        return error;
    return writeResponse(
        m_services.jobs.dispatch(user, request.args.value(0), ifMatchOf(request), proId, *schedule),
        user);
}

HttpResponse ApiRoutes::addNote(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto body = parseJsonBody(request, {QStringLiteral("text")}, &error);
    if (!body)
        return error;
    QString text;
    if (!requireString(*body, "text", false, &text, &error))
        return error;
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 5000)
        return invalidValue(QStringLiteral("text"),
                            QStringLiteral("must be between 1 and 5000 characters"));
    return writeResponse(
        m_services.jobs.addNote(user, request.args.value(0), ifMatchOf(request), text), user);
}

HttpResponse ApiRoutes::jobHistory(const HttpRequest &request, const AuthUser &user)
{
    StoreError error;
    const QString id = request.args.value(0);
    const auto job = m_services.jobs.find(id, &error);
    if (!job)
        return errorResponse(error);
    if (!JobStore::isVisibleTo(*job, user))
        return errorResponse({StoreError::Kind::NotFound,
                              QStringLiteral("NOT_FOUND"),
                              QStringLiteral("There is no such job."),
                              {}});
    const auto history = m_services.jobs.history(id, &error);
    if (!history)
        return errorResponse(error);
    return HttpResponse::json(200, *history);
}

void ApiRoutes::registerOfferRoutes(HttpRouter &router)
{
    router.addRoute(
        "GET", QStringLiteral("/api/v1/offers"), QStringLiteral("GET /offers"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return listOffers(r, u); }));
    router.addRoute("POST", QStringLiteral("/api/v1/offers/<id>/accept"),
                    QStringLiteral("POST /offers/{id}/accept"),
                    authed([this](const HttpRequest &r, const AuthUser &u) {
                        if (!roleMayTake(JobAction::Accept, u.role, /*ownJob=*/false))
                            return errorResponse({StoreError::Kind::Refused,
                                                  QStringLiteral("FORBIDDEN"),
                                                  QStringLiteral("Only pros accept offers."),
                                                  {}});
                        return writeResponse(
                            m_services.jobs.accept(u, r.args.value(0), ifMatchOf(r)), u);
                    }));
    router.addRoute(
        "GET", QStringLiteral("/api/v1/jobs/<id>/candidates"),
        QStringLiteral("GET /jobs/{id}/candidates"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return jobCandidates(r, u); }));
}

HttpResponse ApiRoutes::listOffers(const HttpRequest &request, const AuthUser &user)
{
    std::optional<GeoPoint> from = user.home;
    const QString lat = request.query.queryItemValue(QStringLiteral("lat"));
    const QString lng = request.query.queryItemValue(QStringLiteral("lng"));
    if (!lat.isEmpty() || !lng.isEmpty()) {
        bool latOk = false, lngOk = false;
        const double latValue = lat.toDouble(&latOk);
        const double lngValue = lng.toDouble(&lngOk);
        if (!latOk || !lngOk || std::abs(latValue) > 90 || std::abs(lngValue) > 180)
            return invalidValue(QStringLiteral("lat"),
                                QStringLiteral("lat and lng must both be given as degrees"));
        from = GeoPoint{latValue, lngValue};
    }
    // The open offers' inputs and JSON come from the cache, checked against the database:
    // only new or changed rows are read and parsed.
    StoreError error;
    const auto offers = m_offerCache->current(&error);
    if (!offers)
        return errorResponse(error);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QList<OfferScore> scores;
    scores.reserve(offers->inputs.size());
    for (const OfferInput &input : offers->inputs)
        scores.append(scoreOffer(input, from, nowMs));
    const std::vector<qsizetype> order = rankOrder(offers->inputs, scores);

    // docs/openapi.yaml "Offers": the tag stands for what this caller would receive: the
    // ranked (id, version, photo count, score) list (the first three in each entry's tagKey),
    // the origin and whether `codes` are shown. Given the version and the origin, the score's
    // parts follow from its total, so urgency changing as time passes changes the tag too.
    const bool office = user.isOffice();
    QByteArray tagInput = office ? QByteArrayLiteral("office|") : QByteArrayLiteral("pro|");
    if (from) {
        tagInput += QByteArray::number(from->lat, 'g', 17);
        tagInput += ',';
        tagInput += QByteArray::number(from->lng, 'g', 17);
    }
    tagInput += '|';
    const qsizetype head = tagInput.size();
    constexpr qsizetype kPerOffer = 8 + sizeof(qint32);
    tagInput.resize(head + qsizetype(order.size()) * kPerOffer);
    char *out = tagInput.data() + head;
    for (const qsizetype index : order) {
        const OpenOfferCache::Entry &entry = *offers->entries.at(index);
        std::memcpy(out, entry.tagKey.constData(), 8);
        const qint32 total = scores.at(index).total;
        std::memcpy(out + 8, &total, sizeof total);
        out += kPerOffer;
    }
    const Etag etag = Etag::strong(QByteArray(
        "o-" + QCryptographicHash::hash(tagInput, QCryptographicHash::Sha1).toHex().left(24)));
    if (noneMatch(request, etag))
        return notModified(etag);
    if (const QByteArray kept = m_offerCache->body(etag.opaque()); !kept.isEmpty()) {
        return HttpResponse::text(200, kept, QByteArrayLiteral("application/json"))
            .withHeader("ETag", etag.toHeader());
    }

    // The body is put together from each job's kept JSON rather than rebuilt as a QJsonObject:
    // the same document as {"items": [{"job", "score", "breakdown", "distanceMiles",
    // "photoCount"}, ...]}, written into one buffer sized up front.
    qsizetype size = 16;
    for (const OpenOfferCache::EntryPtr &entry : offers->entries)
        size += (office ? entry->officeJson : entry->proJson).size() + kOfferTailMax;
    QByteArray body;
    body.resize(size);
    char *const begin = body.data();
    char *at = writeLiteral(begin, "{\"items\":[");
    bool first = true;
    for (const qsizetype index : order) {
        const OpenOfferCache::Entry &entry = *offers->entries.at(index);
        if (!first)
            *at++ = ',';
        first = false;
        at = writeOffer(at, office ? entry.officeJson : entry.proJson, scores.at(index),
                        entry.photoCount);
    }
    at = writeLiteral(at, "]}");
    Q_ASSERT(at - begin <= size);
    body.truncate(at - begin);
    m_offerCache->keepBody(etag.opaque(), body);
    return HttpResponse::text(200, body, QByteArrayLiteral("application/json"))
        .withHeader("ETag", etag.toHeader());
}

namespace {

/// The job's due date in the job's zone (its schedule's IANA zone, else UTC), as the UTC
/// range [start of that day, start of the next); nothing when the job has no dueAt.
std::optional<std::pair<QDateTime, QDateTime>> dueDayOf(const Job &job)
{
    if (!job.dueAt.isValid())
        return std::nullopt;
    QTimeZone zone = QTimeZone::utc();
    if (job.schedule) {
        const QTimeZone named(job.schedule->timezone.toUtf8());
        if (named.isValid())
            zone = named;
    }
    const QDate day = job.dueAt.toTimeZone(zone).date();
    return std::pair{QDateTime(day, QTime(0, 0), zone).toUTC(),
                     QDateTime(day.addDays(1), QTime(0, 0), zone).toUTC()};
}

struct Candidate {
    AuthUser pro;
    OfferScore score;
    int jobsThatDay = 0;
};

} // namespace

HttpResponse ApiRoutes::jobCandidates(const HttpRequest &request, const AuthUser &user)
{
    if (!user.isOffice())
        return errorResponse({StoreError::Kind::Refused,
                              QStringLiteral("FORBIDDEN"),
                              QStringLiteral("Only admins and dispatchers can see candidates."),
                              {}});
    StoreError error;
    const QString id = request.args.value(0);
    const auto job = m_services.jobs.find(id, &error);
    if (!job)
        return errorResponse(error);
    const auto pros = m_services.users.list(Role::Pro, &error);
    if (!pros)
        return errorResponse(error);
    QHash<QString, int> counts;
    if (const auto day = dueDayOf(*job)) {
        auto due = m_services.jobs.dueCountsByPro(day->first, day->second, job->id, &error);
        if (!due)
            return errorResponse(error);
        counts = std::move(*due);
    }

    const OfferInput input = offerInput(*job);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QList<Candidate> candidates;
    candidates.reserve(pros->size());
    for (const AuthUser &pro : *pros)
        candidates.append({pro, scoreOffer(input, pro.home, nowMs), counts.value(pro.id)});
    // docs/openapi.yaml "GET /jobs/{id}/candidates": best score first; ties: fewer jobs that
    // day, then the smaller pro id (ordinal).
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.score.total != b.score.total)
            return a.score.total > b.score.total;
        if (a.jobsThatDay != b.jobsThatDay)
            return a.jobsThatDay < b.jobsThatDay;
        return QString::compare(a.pro.id, b.pro.id, Qt::CaseSensitive) < 0;
    });

    QJsonArray items;
    for (const Candidate &candidate : std::as_const(candidates)) {
        items.append(QJsonObject{
            {QStringLiteral("pro"),
             QJsonObject{{QStringLiteral("id"), candidate.pro.id},
                         {QStringLiteral("name"), candidate.pro.name},
                         {QStringLiteral("home"), candidate.pro.home
                                                      ? QJsonValue(toJson(*candidate.pro.home))
                                                      : QJsonValue(QJsonValue::Null)}}},
            {QStringLiteral("score"), candidate.score.total},
            {QStringLiteral("breakdown"), toJson(candidate.score)},
            {QStringLiteral("distanceMiles"), candidate.score.distanceMiles
                                                  ? QJsonValue(*candidate.score.distanceMiles)
                                                  : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("jobsThatDay"), candidate.jobsThatDay},
        });
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

} // namespace dispatch::server
