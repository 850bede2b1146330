// ApiClient against the real dispatchd on loopback: the per-job ETag cache (304 served from the
// cache without a body), the per-job write queue (quick saves never conflict with each other),
// that an ETag is only ever sent for its own job, and every ApiError kind produced by a real
// server response.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <apiclient.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using Kind = ApiError::Kind;

namespace {

QJsonObject fields(std::initializer_list<std::pair<QString, QJsonValue>> values)
{
    QJsonObject object;
    for (const auto &[key, value] : values)
        object.insert(key, value);
    return object;
}

/// Every request a client sends, as it went out.
struct RequestLog {
    explicit RequestLog(ApiClient &client)
    {
        QObject::connect(&client, &ApiClient::requestSent, &context,
                         [this](const ApiClient::OutgoingRequest &r) { requests.append(r); });
    }
    QList<ApiClient::OutgoingRequest> withMethod(QByteArrayView method) const
    {
        QList<ApiClient::OutgoingRequest> matching;
        for (const auto &request : requests) {
            if (request.method == method)
                matching.append(request);
        }
        return matching;
    }
    QObject context;
    QList<ApiClient::OutgoingRequest> requests;
};

/// A loopback HTTP forwarder in front of the real dispatchd that passes every request through
/// unchanged and removes the body of 412 answers, as a careless proxy (or an older server)
/// would. One request per connection: it answers with `Connection: close`.
class ConflictBodyStripper final : public QObject {
public:
    explicit ConflictBodyStripper(quint16 targetPort)
        : m_targetPort(targetPort)
    {
        connect(&m_listener, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_listener.nextPendingConnection())
                serve(client);
        });
    }
    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_listener.serverPort()));
    }
    int strippedCount() const { return m_stripped; }

private:
    /// Splits a message into head and body once the head and Content-Length bytes are in.
    static bool complete(const QByteArray &buffer, QByteArray *head, QByteArray *body)
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        *head = buffer.left(end + 2);
        qsizetype length = 0;
        static const QRegularExpression contentLength(
            QStringLiteral("(?im)^content-length:\\s*(\\d+)\\s*$"));
        const auto match = contentLength.match(QString::fromLatin1(*head));
        if (match.hasMatch())
            length = match.captured(1).toLongLong();
        if (buffer.size() < end + 4 + length)
            return false;
        *body = buffer.mid(end + 4, length);
        return true;
    }

    static QByteArray withConnectionClose(const QByteArray &head)
    {
        QByteArray out;
        const auto lines = head.split('\n');
        for (const QByteArray &line : lines) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.isEmpty() || trimmed.toLower().startsWith("connection:"))
                continue;
            out += trimmed + "\r\n";
        }
        return out + "Connection: close\r\n";
    }

    void serve(QTcpSocket *client)
    {
        auto *buffer = new QByteArray;
        connect(client, &QTcpSocket::disconnected, client, [client, buffer] {
            delete buffer;
            client->deleteLater();
        });
        connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
            *buffer += client->readAll();
            QByteArray head, body;
            if (!complete(*buffer, &head, &body))
                return;
            buffer->clear();
            forward(client, withConnectionClose(head) + "\r\n" + body);
        });
    }

    void forward(QTcpSocket *client, const QByteArray &request)
    {
        auto *upstream = new QTcpSocket(client);
        auto *answer = new QByteArray;
        connect(upstream, &QTcpSocket::connected, upstream,
                [upstream, request] { upstream->write(request); });
        connect(upstream, &QTcpSocket::readyRead, this, [this, client, upstream, answer] {
            *answer += upstream->readAll();
            QByteArray head, body;
            if (!complete(*answer, &head, &body))
                return;
            QByteArray out = withConnectionClose(head);
            if (head.startsWith("HTTP/1.1 412")) {
                ++m_stripped;
                QByteArray kept;
                const auto lines = out.split('\n');
                for (const QByteArray &line : lines) {
                    const QByteArray lower = line.trimmed().toLower();
                    if (lower.isEmpty() || lower.startsWith("content-length:") ||
                        lower.startsWith("content-type:"))
                        continue;
                    kept += line.trimmed() + "\r\n";
                }
                out = kept + "Content-Length: 0\r\n";
                body.clear();
            }
            delete answer;
            upstream->disconnect(this);
            upstream->abort();
            client->write(out + "\r\n" + body);
            client->disconnectFromHost();
        });
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }

    QTcpServer m_listener;
    quint16 m_targetPort;
    int m_stripped = 0;
};

} // namespace

class TestApiClient final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void loginAndLogout();
    void conditionalGetServesCachedJob();
    void twoQuickSavesBothLand();
    void writeQueuedBehindAConflictGetsTheConflict();
    void conflictCarriesServersCopy();
    void conflictWithoutBodyFetchesTheJob();
    void foreignEtagIsNeverSent();
    void eventsRefreshTheCache();
    void everyRoute();

    void errorPreconditionRequired();
    void errorValidation();
    void createWithoutTitleIsValidation();
    void errorForbidden();
    void errorNotFound();
    void errorAlreadyAssigned();
    void errorLocked();
    void errorInvalidTransition();
    void errorInvalidCodeAndCodeLocked();
    void errorUnauthenticated();
    void errorRejected();
    void errorNetwork();
    void errorRateLimited(); // last: it uses a server of its own

private:
    std::unique_ptr<ApiClient> clientFor(const TestUser &user);
    /// Creates a job as the dispatcher through ApiClient; an invalid job on failure.
    VersionedJob createJob(const QString &title, const QJsonObject &more = {});
    /// A job assigned to pro `proIndex` (SCHEDULED), as the dispatcher sees it (with codes).
    VersionedJob scheduledJob(const QString &title, int proIndex);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<ApiClient> m_dispatcher;
    int m_counter = 0;
};

void TestApiClient::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(2));
    m_dispatcher = clientFor(m_office->dispatcher);
}

void TestApiClient::cleanupTestCase()
{
    m_dispatcher.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<ApiClient> TestApiClient::clientFor(const TestUser &user)
{
    auto client = std::make_unique<ApiClient>(m_server.baseUrl());
    client->setToken(user.token);
    return client;
}

VersionedJob TestApiClient::createJob(const QString &title, const QJsonObject &more)
{
    QJsonObject values = more;
    values.insert(QStringLiteral("title"),
                  QString(title + QStringLiteral(" #%1").arg(++m_counter)));
    const auto created = await<JobResult>(
        [&](QObject *context, auto done) { m_dispatcher->createJob(values, {}, context, done); });
    if (!created || !created->ok()) {
        qWarning() << "createJob failed:"
                   << (created ? created->error.toString() : QStringLiteral("timeout"));
        return {};
    }
    return created->job;
}

VersionedJob TestApiClient::scheduledJob(const QString &title, int proIndex)
{
    const VersionedJob job = createJob(title);
    if (!job.isValid())
        return {};
    const auto assigned = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->assignJob(job, m_office->pros.at(proIndex).id, context, done);
    });
    if (!assigned || !assigned->ok()) {
        qWarning() << "assign failed:"
                   << (assigned ? assigned->error.toString() : QStringLiteral("timeout"));
        return {};
    }
    return assigned->job;
}

void TestApiClient::loginAndLogout()
{
    ApiClient client(m_server.baseUrl());
    QSignalSpy expired(&client, &ApiClient::sessionExpired);

    const auto wrong = await<LoginResult>([&](QObject *context, auto done) {
        client.login(m_office->dispatcher.username, QStringLiteral("not-the-password"), context,
                     done);
    });
    QVERIFY(wrong);
    QCOMPARE(wrong->error.kind, Kind::InvalidCredentials);
    QCOMPARE(wrong->error.code, QStringLiteral("INVALID_CREDENTIALS"));
    QVERIFY(client.token().isEmpty());
    QCOMPARE(expired.count(), 0); // a failed login is not an expired session

    const auto good = await<LoginResult>([&](QObject *context, auto done) {
        client.login(m_office->dispatcher.username, m_office->dispatcher.password, context, done);
    });
    QVERIFY(good);
    QVERIFY2(good->ok(), qPrintable(good->error.toString()));
    QCOMPARE(good->user.role, Role::Dispatcher);
    QCOMPARE(good->user.username, m_office->dispatcher.username);
    QCOMPARE(client.token(), good->token);
    QVERIFY(client.currentUser());

    const auto created = await<JobResult>([&](QObject *context, auto done) {
        client.createJob(fields({{QStringLiteral("title"), QStringLiteral("After login")}}), {},
                         context, done);
    });
    QVERIFY(created && created->ok());
    QVERIFY(client.cachedJob(created->job.id()));

    const auto out =
        await<ApiError>([&](QObject *context, auto done) { client.logout(context, done); });
    QVERIFY(out);
    QVERIFY2(out->ok(), qPrintable(out->toString()));
    QVERIFY(client.token().isEmpty());
    QVERIFY(!client.cachedJob(created->job.id())); // the cache belonged to that user

    // The revoked token is dead on the server.
    client.setToken(good->token);
    const auto after = await<JobResult>(
        [&](QObject *context, auto done) { client.getJob(created->job.id(), context, done); });
    QVERIFY(after);
    QCOMPARE(after->error.kind, Kind::Unauthenticated);
    QCOMPARE(expired.count(), 1);
}

void TestApiClient::conditionalGetServesCachedJob()
{
    const VersionedJob job = createJob(
        QStringLiteral("Cached"),
        fields({{QStringLiteral("details"), QStringLiteral("A long enough description of the "
                                                           "work so the body is not tiny.")}}));
    QVERIFY(job.isValid());

    auto reader = clientFor(m_office->dispatcher); // empty cache
    RequestLog log(*reader);

    const auto first = await<JobResult>(
        [&](QObject *context, auto done) { reader->getJob(job.id(), context, done); });
    QVERIFY(first && first->ok());
    QVERIFY(!first->fromCache);
    QVERIFY(log.requests.last().header("If-None-Match").isEmpty());
    QCOMPARE(reader->stats().bodiesParsed, 1);
    const qint64 bytesFor200 = reader->stats().bytesReceived();
    QVERIFY(reader->stats().bodyBytesReceived > 0);

    reader->resetStats();
    const auto second = await<JobResult>(
        [&](QObject *context, auto done) { reader->getJob(job.id(), context, done); });
    QVERIFY(second && second->ok());
    QVERIFY(second->fromCache);
    QCOMPARE(second->job, first->job);
    QCOMPARE(log.requests.last().header("If-None-Match"), first->job.etag.toHeader());
    // The proof that the cache served it: an answer came, no body came, nothing was parsed.
    QCOMPARE(reader->stats().responses, 1);
    QCOMPARE(reader->stats().notModified, 1);
    QCOMPARE(reader->stats().bodiesParsed, 0);
    QCOMPARE(reader->stats().bodyBytesReceived, 0);
    QVERIFY(reader->stats().bytesReceived() < bytesFor200);

    // Once someone else writes, the same request brings the new version and its body.
    const auto patched = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(job, fields({{QStringLiteral("details"), QStringLiteral("v2")}}),
                               context, done);
    });
    QVERIFY(patched && patched->ok());
    reader->resetStats();
    const auto third = await<JobResult>(
        [&](QObject *context, auto done) { reader->getJob(job.id(), context, done); });
    QVERIFY(third && third->ok());
    QVERIFY(!third->fromCache);
    QCOMPARE(third->job.job.version, job.job.version + 1);
    QCOMPARE(third->job.etag, patched->job.etag);
    QCOMPARE(reader->stats().bodiesParsed, 1);
    QCOMPARE(reader->cachedJob(job.id())->etag, patched->job.etag);
}

void TestApiClient::twoQuickSavesBothLand()
{
    const VersionedJob base = createJob(QStringLiteral("Quick saves"));
    QVERIFY(base.isValid());
    RequestLog log(*m_dispatcher);

    // Three saves issued back to back, all based on the version the editor had open.
    std::optional<JobResult> first, second, third;
    QObject context;
    m_dispatcher->patchJob(base, fields({{QStringLiteral("details"), QStringLiteral("one")}}),
                           &context, [&](const JobResult &r) { first = r; });
    m_dispatcher->patchJob(base, fields({{QStringLiteral("customer.name"), QStringLiteral("Ada")}}),
                           &context, [&](const JobResult &r) { second = r; });
    m_dispatcher->patchJob(base, fields({{QStringLiteral("address"), QStringLiteral("1 Main")}}),
                           &context, [&](const JobResult &r) { third = r; });
    QCOMPARE(m_dispatcher->pendingWrites(base.id()), 3);
    QVERIFY(log.requests.isEmpty()); // nothing is sent from inside the call
    QVERIFY(QTest::qWaitFor([&] { return first && second && third; }, kAnswerWaitMs));

    QVERIFY2(first->ok(), qPrintable(first->error.toString()));
    QVERIFY2(second->ok(), qPrintable(second->error.toString()));
    QVERIFY2(third->ok(), qPrintable(third->error.toString()));
    QCOMPARE(first->job.job.version, base.job.version + 1);
    QCOMPARE(second->job.job.version, base.job.version + 2);
    QCOMPARE(third->job.job.version, base.job.version + 3);
    QCOMPARE(m_dispatcher->pendingWrites(base.id()), 0);

    // Each save went out with the tag the previous one returned.
    const auto patches = log.withMethod("PATCH");
    QCOMPARE(patches.size(), 3);
    QCOMPARE(patches.at(0).header("If-Match"), base.etag.toHeader());
    QCOMPARE(patches.at(1).header("If-Match"), first->job.etag.toHeader());
    QCOMPARE(patches.at(2).header("If-Match"), second->job.etag.toHeader());

    HttpTestClient http = m_office->client(m_office->dispatcher);
    const HttpResult onServer = http.get(QStringLiteral("/jobs/") + base.id());
    QCOMPARE(onServer.status, 200);
    const QJsonObject stored = onServer.json().value(QStringLiteral("fields")).toObject();
    QCOMPARE(stored.value(QStringLiteral("details")).toString(), QStringLiteral("one"));
    QCOMPARE(stored.value(QStringLiteral("customer.name")).toString(), QStringLiteral("Ada"));
    QCOMPARE(stored.value(QStringLiteral("address")).toString(), QStringLiteral("1 Main"));
    QCOMPARE(onServer.json().value(QStringLiteral("version")).toInteger(), base.job.version + 3);

    // After the queue drained, a write based on the old version is a conflict again.
    const auto stale = await<JobResult>([&](QObject *ctx, auto done) {
        m_dispatcher->patchJob(base, fields({{QStringLiteral("details"), QStringLiteral("x")}}),
                               ctx, done);
    });
    QVERIFY(stale);
    QCOMPARE(stale->error.kind, Kind::Conflict);
}

void TestApiClient::writeQueuedBehindAConflictGetsTheConflict()
{
    const VersionedJob base = createJob(QStringLiteral("Queued conflict"));
    QVERIFY(base.isValid());
    auto other = clientFor(m_office->admin);
    const auto theirs = await<JobResult>([&](QObject *context, auto done) {
        other->patchJob(base, fields({{QStringLiteral("details"), QStringLiteral("theirs")}}),
                        context, done);
    });
    QVERIFY(theirs && theirs->ok());

    RequestLog log(*m_dispatcher);
    std::optional<JobResult> first, second;
    QObject context;
    m_dispatcher->patchJob(base, fields({{QStringLiteral("address"), QStringLiteral("a")}}),
                           &context, [&](const JobResult &r) { first = r; });
    m_dispatcher->patchJob(base, fields({{QStringLiteral("address"), QStringLiteral("b")}}),
                           &context, [&](const JobResult &r) { second = r; });
    QVERIFY(QTest::qWaitFor([&] { return first && second; }, kAnswerWaitMs));
    QCOMPARE(first->error.kind, Kind::Conflict);
    QCOMPARE(second->error.kind, Kind::Conflict);
    QVERIFY(second->error.current);
    QCOMPARE(second->error.current->etag, theirs->job.etag);
    // The second was known to be stale: it was not sent.
    QCOMPARE(log.withMethod("PATCH").size(), 1);
}

void TestApiClient::conflictCarriesServersCopy()
{
    const VersionedJob base = createJob(QStringLiteral("Conflict copy"));
    QVERIFY(base.isValid());
    auto other = clientFor(m_office->admin);
    const auto theirs = await<JobResult>([&](QObject *context, auto done) {
        other->patchJob(
            base, fields({{QStringLiteral("customer.phone"), QStringLiteral("+15125550100")}}),
            context, done);
    });
    QVERIFY(theirs && theirs->ok());

    const auto mine = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(base, fields({{QStringLiteral("details"), QStringLiteral("mine")}}),
                               context, done);
    });
    QVERIFY(mine);
    QCOMPARE(mine->error.kind, Kind::Conflict);
    QCOMPARE(mine->error.httpStatus, 412);
    QCOMPARE(mine->error.jobId, base.id());
    QVERIFY(mine->error.current);
    QCOMPARE(mine->error.current->job, theirs->job.job);
    QCOMPARE(mine->error.current->etag, theirs->job.etag);
    // The fresh copy went into the cache.
    QCOMPARE(m_dispatcher->cachedJob(base.id())->etag, theirs->job.etag);
}

void TestApiClient::conflictWithoutBodyFetchesTheJob()
{
    ConflictBodyStripper proxy(m_server.port());
    QVERIFY(proxy.listen());
    ApiClient client(proxy.url());
    client.setToken(m_office->dispatcher.token);
    RequestLog log(client);

    const VersionedJob base = createJob(QStringLiteral("Bodiless 412"));
    QVERIFY(base.isValid());
    auto other = clientFor(m_office->admin);
    const auto theirs = await<JobResult>([&](QObject *context, auto done) {
        other->patchJob(base, fields({{QStringLiteral("details"), QStringLiteral("theirs")}}),
                        context, done);
    });
    QVERIFY(theirs && theirs->ok());

    const auto mine = await<JobResult>([&](QObject *context, auto done) {
        client.patchJob(base, fields({{QStringLiteral("address"), QStringLiteral("mine")}}),
                        context, done);
    });
    QVERIFY(mine);
    QCOMPARE(proxy.strippedCount(), 1); // the 412 really came without its body
    QCOMPARE(mine->error.kind, Kind::Conflict);
    QVERIFY(mine->error.current);
    QVERIFY(mine->error.current->isValid());
    QCOMPARE(mine->error.current->job, theirs->job.job);
    QCOMPARE(mine->error.current->etag, theirs->job.etag);
    QCOMPARE(log.requests.size(), 2);
    QCOMPARE(log.requests.at(1).method, QByteArray("GET"));
    QVERIFY(log.requests.at(1).url.path().endsWith(base.id()));
}

void TestApiClient::foreignEtagIsNeverSent()
{
    auto client = clientFor(m_office->dispatcher);
    RequestLog log(*client);
    QHash<QString, QSet<QByteArray>> tagsOf; // every tag the server gave for each job
    auto note = [&tagsOf](const VersionedJob &job) {
        if (job.isValid())
            tagsOf[job.id()].insert(job.etag.opaque());
    };
    connect(client.get(), &ApiClient::jobChanged, &log.context, note);

    const VersionedJob one = createJob(QStringLiteral("One"));
    const VersionedJob two = createJob(QStringLiteral("Two"));
    QVERIFY(one.isValid() && two.isValid());
    note(one);
    note(two);
    QVERIFY(one.etag.opaque() != two.etag.opaque());

    auto get = [&](const QString &id) {
        return await<JobResult>(
            [&](QObject *context, auto done) { client->getJob(id, context, done); });
    };
    auto patch = [&](const VersionedJob &base, const QString &details) {
        return await<JobResult>([&](QObject *context, auto done) {
            client->patchJob(base, fields({{QStringLiteral("details"), details}}), context, done);
        });
    };
    // Interleave reads and writes of both jobs, including 304s, a conflict and events.
    auto r1 = get(one.id());
    auto r2 = get(two.id());
    QVERIFY(r1 && r1->ok() && r2 && r2->ok());
    auto w1 = patch(r1->job, QStringLiteral("one-a"));
    auto w2 = patch(r2->job, QStringLiteral("two-a"));
    QVERIFY(w1 && w1->ok() && w2 && w2->ok());
    QVERIFY(get(one.id())->fromCache);
    QVERIFY(get(two.id())->fromCache);
    auto stale = patch(r2->job, QStringLiteral("two-stale"));
    QCOMPARE(stale->error.kind, Kind::Conflict);
    auto w3 = patch(w1->job, QStringLiteral("one-b"));
    QVERIFY(w3 && w3->ok());
    std::optional<JobResult> q1, q2;
    QObject context;
    client->patchJob(w3->job, fields({{QStringLiteral("address"), QStringLiteral("q1")}}), &context,
                     [&](const JobResult &r) { q1 = r; });
    client->patchJob(*stale->error.current,
                     fields({{QStringLiteral("address"), QStringLiteral("q2")}}), &context,
                     [&](const JobResult &r) { q2 = r; });
    QVERIFY(QTest::qWaitFor([&] { return q1 && q2; }, kAnswerWaitMs));
    QVERIFY(q1->ok() && q2->ok());
    QVERIFY(get(one.id()));
    QVERIFY(get(two.id()));
    for (const auto &result : {r1, r2, w1, w2, w3, q1, q2})
        note(result->job);

    // Check every conditional header that went out against the job in its URL.
    static const QRegularExpression jobInPath(QStringLiteral("/jobs/([^/]+)"));
    int checked = 0;
    for (const auto &request : std::as_const(log.requests)) {
        const auto match = jobInPath.match(request.url.path());
        for (const QByteArray &name : {QByteArray("If-Match"), QByteArray("If-None-Match")}) {
            const QByteArray value = request.header(name);
            if (value.isEmpty())
                continue;
            QVERIFY2(match.hasMatch(), request.url.toEncoded().constData());
            const QString id = match.captured(1);
            const QByteArray opaque = Etag::fromHeader(value).opaque();
            QVERIFY2(tagsOf.value(id).contains(opaque),
                     qPrintable(QStringLiteral("%1 %2: %3 is not a tag of that job")
                                    .arg(QString::fromLatin1(request.method), id,
                                         QString::fromLatin1(value))));
            for (auto it = tagsOf.cbegin(); it != tagsOf.cend(); ++it)
                QVERIFY(it.key() == id || !it.value().contains(opaque));
            ++checked;
        }
    }
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));

    // Handing the client one job with another job's tag: refused before anything is sent.
    const qsizetype sentBefore = log.requests.size();
    const VersionedJob mixed{q1->job.job, q2->job.etag};
    const auto refused = await<JobResult>([&](QObject *ctx, auto done) {
        client->patchJob(mixed, fields({{QStringLiteral("details"), QStringLiteral("no")}}), ctx,
                         done);
    });
    QVERIFY(refused);
    QCOMPARE(refused->error.kind, Kind::Unexpected);
    QCOMPARE(refused->error.code, QStringLiteral("FOREIGN_ETAG"));
    QCOMPARE(log.requests.size(), sentBefore);
}

void TestApiClient::eventsRefreshTheCache()
{
    auto reader = clientFor(m_office->dispatcher);
    // Catch up with the log first.
    qint64 lastSeq = 0;
    for (;;) {
        const auto page = await<EventsResult>([&](QObject *context, auto done) {
            reader->fetchEvents(lastSeq, 1000, context, done);
        });
        QVERIFY(page && page->ok());
        lastSeq = page->lastSeq;
        if (page->events.size() < 1000)
            break;
    }

    const VersionedJob job = createJob(QStringLiteral("Evented"));
    QVERIFY(job.isValid());
    const auto read = await<JobResult>(
        [&](QObject *context, auto done) { reader->getJob(job.id(), context, done); });
    QVERIFY(read && read->ok());

    auto other = clientFor(m_office->admin);
    const auto theirs = await<JobResult>([&](QObject *context, auto done) {
        other->patchJob(job, fields({{QStringLiteral("details"), QStringLiteral("by event")}}),
                        context, done);
    });
    QVERIFY(theirs && theirs->ok());

    QSignalSpy changed(reader.get(), &ApiClient::jobChanged);
    const auto events = await<EventsResult>(
        [&](QObject *context, auto done) { reader->fetchEvents(lastSeq, 0, context, done); });
    QVERIFY(events && events->ok());
    QVERIFY(!events->events.isEmpty());
    QCOMPARE(events->events.last().jobId, job.id());
    QCOMPARE(events->events.last().etag, theirs->job.etag);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(reader->cachedJob(job.id())->job.version, theirs->job.job.version);
    QCOMPARE(reader->cachedJob(job.id())->etag, theirs->job.etag);

    // The tag the event brought is the job's real ETag: the next read is a 304.
    reader->resetStats();
    const auto again = await<JobResult>(
        [&](QObject *context, auto done) { reader->getJob(job.id(), context, done); });
    QVERIFY(again && again->ok());
    QVERIFY(again->fromCache);
    QCOMPARE(again->job.job.fields.value(QStringLiteral("details")).toString(),
             QStringLiteral("by event"));
    QCOMPARE(reader->stats().bodiesParsed, 0);

    // An idle poll from the last seq is a 304.
    const auto idle = await<EventsResult>([&](QObject *context, auto done) {
        reader->fetchEvents(events->lastSeq, 0, context, done);
    });
    QVERIFY(idle && idle->ok());
    QVERIFY(idle->notModified);
    QCOMPARE(idle->lastSeq, events->lastSeq);
}

void TestApiClient::everyRoute()
{
    auto admin = clientFor(m_office->admin);
    auto pro = clientFor(m_office->pros.at(0));
    const VersionedJob job =
        createJob(QStringLiteral("Routes"),
                  fields({{QStringLiteral("geo"), QJsonObject{{QStringLiteral("lat"), 30.27},
                                                              {QStringLiteral("lng"), -97.74}}}}));
    QVERIFY(job.isValid());

    // List with filters; the same list again is a 304 served from the cached page.
    JobQuery query;
    query.statuses = {JobStatus::Open};
    query.text = job.job.text(u"title");
    const auto list = await<JobPageResult>(
        [&](QObject *context, auto done) { m_dispatcher->listJobs(query, context, done); });
    QVERIFY(list && list->ok());
    QCOMPARE(list->items.size(), 1);
    QCOMPARE(list->items.first().id, job.id());
    const auto listAgain = await<JobPageResult>(
        [&](QObject *context, auto done) { m_dispatcher->listJobs(query, context, done); });
    QVERIFY(listAgain && listAgain->ok());
    QVERIFY(listAgain->fromCache);
    QCOMPARE(listAgain->items.first().id, job.id());

    // Offers, seen by a pro.
    const auto offers = await<OffersResult>(
        [&](QObject *context, auto done) { pro->listOffers(std::nullopt, context, done); });
    QVERIFY(offers && offers->ok());
    auto offer = std::find_if(offers->offers.cbegin(), offers->offers.cend(),
                              [&](const Offer &o) { return o.job.id == job.id(); });
    QVERIFY(offer != offers->offers.cend());
    QVERIFY(offer->distanceMiles);
    QCOMPARE(offer->score, offer->statusScore + offer->distanceScore + offer->urgencyScore);

    // Users.
    const auto pros = await<UsersResult>(
        [&](QObject *context, auto done) { m_dispatcher->listUsers(Role::Pro, context, done); });
    QVERIFY(pros && pros->ok());
    QCOMPARE(pros->users.size(), m_office->pros.size());

    // Schedule, note, assign, unassign, accept, transition, history, delete.
    const auto scheduled = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->scheduleJob(job,
                                  JobSchedule{QStringLiteral("2026-01-15"),
                                              QStringLiteral("America/Chicago"),
                                              QStringLiteral("12:00-15:00")},
                                  context, done);
    });
    QVERIFY2(scheduled && scheduled->ok(), qPrintable(scheduled->error.toString()));
    QCOMPARE(toWireTime(scheduled->job.job.dueAt), QStringLiteral("2026-01-15T18:00:00Z"));

    const auto noted = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->addNote(scheduled->job, QStringLiteral("Gate code 1234"), context, done);
    });
    QVERIFY2(noted && noted->ok(), qPrintable(noted->error.toString()));
    QCOMPARE(noted->job.job.version, scheduled->job.job.version + 1);

    const auto assigned = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->assignJob(noted->job, m_office->pros.at(1).id, context, done);
    });
    QVERIFY2(assigned && assigned->ok(), qPrintable(assigned->error.toString()));
    QCOMPARE(assigned->job.job.status, JobStatus::Scheduled);
    QVERIFY(assigned->job.job.codes); // the office sees the codes

    const auto unassigned = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->assignJob(assigned->job, {}, context, done);
    });
    QVERIFY2(unassigned && unassigned->ok(), qPrintable(unassigned->error.toString()));
    QCOMPARE(unassigned->job.job.status, JobStatus::Open);
    QVERIFY(unassigned->job.job.assignedTo.isEmpty());

    // The pro accepts the offer as listed (no tag: If-Match is optional there).
    const auto accepted = await<JobResult>([&](QObject *context, auto done) {
        pro->acceptOffer(VersionedJob{offer->job, {}}, context, done);
    });
    QVERIFY2(accepted && accepted->ok(), qPrintable(accepted->error.toString()));
    QCOMPARE(accepted->job.job.status, JobStatus::Scheduled);
    QCOMPARE(accepted->job.job.assignedTo, m_office->pros.at(0).id);
    QVERIFY(!accepted->job.job.codes); // never shown to a pro

    const auto current = await<JobResult>(
        [&](QObject *context, auto done) { m_dispatcher->getJob(job.id(), context, done); });
    QVERIFY(current && current->ok() && current->job.job.codes);
    const auto started = await<JobResult>([&](QObject *context, auto done) {
        pro->transitionJob(accepted->job, JobStatus::InProgress, current->job.job.codes->start, {},
                           context, done);
    });
    QVERIFY2(started && started->ok(), qPrintable(started->error.toString()));
    QCOMPARE(started->job.job.status, JobStatus::InProgress);

    const auto history = await<HistoryResult>(
        [&](QObject *context, auto done) { m_dispatcher->jobHistory(job.id(), context, done); });
    QVERIFY(history && history->ok());
    QVERIFY(history->entries.size() >= 6);
    QCOMPARE(history->entries.first().type, QStringLiteral("JOB_CREATED"));
    const bool hasNote =
        std::any_of(history->entries.cbegin(), history->entries.cend(), [](const HistoryEntry &e) {
            return e.type == u"NOTE_ADDED" && e.reason == u"Gate code 1234";
        });
    QVERIFY(hasNote);

    const VersionedJob doomed = createJob(QStringLiteral("Doomed"));
    QVERIFY(doomed.isValid());
    QSignalSpy removed(admin.get(), &ApiClient::jobRemoved);
    const auto deleted = await<ApiError>(
        [&](QObject *context, auto done) { admin->deleteJob(doomed, context, done); });
    QVERIFY(deleted);
    QVERIFY2(deleted->ok(), qPrintable(deleted->toString()));
    QCOMPARE(removed.count(), 1);
    const auto gone = await<JobResult>(
        [&](QObject *context, auto done) { admin->getJob(doomed.id(), context, done); });
    QCOMPARE(gone->error.kind, Kind::NotFound);
}

void TestApiClient::errorPreconditionRequired()
{
    const VersionedJob job = createJob(QStringLiteral("No If-Match"));
    QVERIFY(job.isValid());
    const VersionedJob untagged{job.job, {}};
    const auto result = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(untagged, fields({{QStringLiteral("details"), QStringLiteral("x")}}),
                               context, done);
    });
    QVERIFY(result);
    QCOMPARE(result->error.kind, Kind::PreconditionRequired);
    QCOMPARE(result->error.httpStatus, 428);
    QCOMPARE(result->error.code, QStringLiteral("PRECONDITION_REQUIRED"));
}

void TestApiClient::errorValidation()
{
    const VersionedJob job = createJob(QStringLiteral("Validation"));
    QVERIFY(job.isValid());

    const auto unknownKey = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(job, fields({{QStringLiteral("colour"), QStringLiteral("red")}}),
                               context, done);
    });
    QCOMPARE(unknownKey->error.kind, Kind::Validation);
    QCOMPARE(unknownKey->error.code, QStringLiteral("INVALID_FIELD_KEY"));
    QCOMPARE(unknownKey->error.field, QStringLiteral("colour"));

    const auto badValue = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(
            job, fields({{QStringLiteral("pricing.amountCents"), QStringLiteral("ten")}}), context,
            done);
    });
    QCOMPARE(badValue->error.kind, Kind::Validation);
    QCOMPARE(badValue->error.code, QStringLiteral("INVALID_VALUE"));
    QCOMPARE(badValue->error.field, QStringLiteral("pricing.amountCents"));

    const auto emptyTitle = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->createJob({{QStringLiteral("title"), QString()}}, {}, context, done);
    });
    QCOMPARE(emptyTitle->error.kind, Kind::Validation);
    QCOMPARE(emptyTitle->error.code, QStringLiteral("INVALID_VALUE"));
    QCOMPARE(emptyTitle->error.field, QStringLiteral("title"));

    const auto badZone = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->scheduleJob(job,
                                  JobSchedule{QStringLiteral("2026-01-15"),
                                              QStringLiteral("Mars/Olympus_Mons"),
                                              QStringLiteral("12:00-15:00")},
                                  context, done);
    });
    QCOMPARE(badZone->error.kind, Kind::Validation);
    QCOMPARE(badZone->error.field, QStringLiteral("timezone"));
}

void TestApiClient::createWithoutTitleIsValidation()
{
    // server_decisions.md: `title` is required (400 INVALID_VALUE field "title").
    const auto noTitle = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->createJob({{QStringLiteral("details"), QStringLiteral("no title")}}, {},
                                context, done);
    });
    QVERIFY(noTitle);
    QCOMPARE(noTitle->error.kind, Kind::Validation);
    QCOMPARE(noTitle->error.field, QStringLiteral("title"));
}

void TestApiClient::errorForbidden()
{
    const VersionedJob job = createJob(QStringLiteral("Forbidden"));
    QVERIFY(job.isValid());
    auto pro = clientFor(m_office->pros.at(0)); // sees the open offer, may not edit it
    const auto result = await<JobResult>([&](QObject *context, auto done) {
        pro->patchJob(job, fields({{QStringLiteral("details"), QStringLiteral("x")}}), context,
                      done);
    });
    QCOMPARE(result->error.kind, Kind::Forbidden);
    QCOMPARE(result->error.httpStatus, 403);

    auto dispatcherAccepts = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->acceptOffer(job, context, done); // accepting is for pros only
    });
    QCOMPARE(dispatcherAccepts->error.kind, Kind::Forbidden);
}

void TestApiClient::errorNotFound()
{
    const auto missing = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->getJob(QStringLiteral("no-such-job"), context, done);
    });
    QCOMPARE(missing->error.kind, Kind::NotFound);
    QCOMPARE(missing->error.jobId, QStringLiteral("no-such-job"));

    // Another pro's job is invisible, not forbidden; and it leaves the pro's cache.
    const VersionedJob job = scheduledJob(QStringLiteral("Not yours"), 0);
    QVERIFY(job.isValid());
    auto otherPro = clientFor(m_office->pros.at(1));
    otherPro->rememberJob(job);
    const auto hidden = await<JobResult>(
        [&](QObject *context, auto done) { otherPro->getJob(job.id(), context, done); });
    QCOMPARE(hidden->error.kind, Kind::NotFound);
    QVERIFY(!otherPro->cachedJob(job.id()));
}

void TestApiClient::errorAlreadyAssigned()
{
    // Two pros accept one offer at once; exactly one wins, the other hears who was faster.
    const VersionedJob job = createJob(QStringLiteral("Race"));
    QVERIFY(job.isValid());
    auto first = clientFor(m_office->pros.at(0));
    auto second = clientFor(m_office->pros.at(1));
    std::optional<JobResult> a, b;
    QObject context;
    first->acceptOffer(VersionedJob{job.job, {}}, &context, [&](const JobResult &r) { a = r; });
    second->acceptOffer(VersionedJob{job.job, {}}, &context, [&](const JobResult &r) { b = r; });
    QVERIFY(QTest::qWaitFor([&] { return a && b; }, kAnswerWaitMs));
    QVERIFY(a->ok() != b->ok());
    const JobResult &loser = a->ok() ? *b : *a;
    QCOMPARE(loser.error.kind, Kind::AlreadyAssigned);
    QCOMPARE(loser.error.code, QStringLiteral("ALREADY_ASSIGNED"));
}

void TestApiClient::errorLocked()
{
    const VersionedJob scheduled = scheduledJob(QStringLiteral("Price locked"), 0);
    QVERIFY(scheduled.isValid());
    QVERIFY(scheduled.job.codes);
    const auto price = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(scheduled, fields({{QStringLiteral("pricing.amountCents"), 9900}}),
                               context, done);
    });
    QCOMPARE(price->error.kind, Kind::PriceLocked);
    QCOMPARE(price->error.code, QStringLiteral("PRICE_LOCKED"));
    QCOMPARE(price->error.field, QStringLiteral("pricing.amountCents"));

    auto pro = clientFor(m_office->pros.at(0));
    const auto asPro = await<JobResult>(
        [&](QObject *context, auto done) { pro->getJob(scheduled.id(), context, done); });
    QVERIFY(asPro && asPro->ok());
    const auto started = await<JobResult>([&](QObject *context, auto done) {
        pro->transitionJob(asPro->job, JobStatus::InProgress, scheduled.job.codes->start, {},
                           context, done);
    });
    QVERIFY2(started && started->ok(), qPrintable(started->error.toString()));

    const auto current = await<JobResult>(
        [&](QObject *context, auto done) { m_dispatcher->getJob(scheduled.id(), context, done); });
    const auto locked = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(current->job,
                               fields({{QStringLiteral("details"), QStringLiteral("late")}}),
                               context, done);
    });
    QCOMPARE(locked->error.kind, Kind::JobLocked);
    QCOMPARE(locked->error.code, QStringLiteral("JOB_LOCKED"));
}

void TestApiClient::errorInvalidTransition()
{
    const VersionedJob job = createJob(QStringLiteral("Invalid move"));
    QVERIFY(job.isValid());
    const auto result = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->transitionJob(job, JobStatus::Paid, {}, {}, context, done);
    });
    QCOMPARE(result->error.kind, Kind::InvalidTransition);
    QCOMPARE(result->error.httpStatus, 409);
}

void TestApiClient::errorInvalidCodeAndCodeLocked()
{
    const VersionedJob scheduled = scheduledJob(QStringLiteral("Wrong codes"), 1);
    QVERIFY(scheduled.isValid());
    QVERIFY(scheduled.job.codes);
    auto pro = clientFor(m_office->pros.at(1));
    const auto asPro = await<JobResult>(
        [&](QObject *context, auto done) { pro->getJob(scheduled.id(), context, done); });
    QVERIFY(asPro && asPro->ok());
    const QString wrong = scheduled.job.codes->start == u"000000" ? QStringLiteral("111111")
                                                                  : QStringLiteral("000000");
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const auto result = await<JobResult>([&](QObject *context, auto done) {
            pro->transitionJob(asPro->job, JobStatus::InProgress, wrong, {}, context, done);
        });
        QCOMPARE(result->error.kind, Kind::InvalidCode);
    }
    const auto locked = await<JobResult>([&](QObject *context, auto done) {
        pro->transitionJob(asPro->job, JobStatus::InProgress, scheduled.job.codes->start, {},
                           context, done);
    });
    QCOMPARE(locked->error.kind, Kind::RateLimited);
    QCOMPARE(locked->error.code, QStringLiteral("CODE_LOCKED"));
}

void TestApiClient::errorUnauthenticated()
{
    ApiClient client(m_server.baseUrl());
    client.setToken("not-a-real-token");
    QSignalSpy expired(&client, &ApiClient::sessionExpired);
    const auto result = await<JobPageResult>(
        [&](QObject *context, auto done) { client.listJobs({}, context, done); });
    QCOMPARE(result->error.kind, Kind::Unauthenticated);
    QCOMPARE(result->error.code, QStringLiteral("UNAUTHENTICATED"));
    QCOMPARE(expired.count(), 1);
}

void TestApiClient::errorRejected()
{
    const VersionedJob job = createJob(QStringLiteral("Too large"));
    QVERIFY(job.isValid());
    const QString huge(1100 * 1024, u'x');
    const auto result = await<JobResult>([&](QObject *context, auto done) {
        m_dispatcher->patchJob(job, fields({{QStringLiteral("details"), huge}}), context, done);
    });
    QCOMPARE(result->error.kind, Kind::Rejected);
    QCOMPARE(result->error.httpStatus, 413);
}

void TestApiClient::errorNetwork()
{
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    client.setToken("t");
    const auto result = await<JobResult>(
        [&](QObject *context, auto done) { client.getJob(QStringLiteral("j"), context, done); });
    QVERIFY(result);
    QCOMPARE(result->error.kind, Kind::Network);
    QCOMPARE(result->error.httpStatus, 0);
    QCOMPARE(result->error.networkError, QNetworkReply::ConnectionRefusedError);
    QVERIFY(result->error.retryable);
}

void TestApiClient::errorRateLimited()
{
    // A server of its own: the login limit also counts per address, and every test is 127.0.0.1.
    DispatchdProcess server;
    QVERIFY(server.start());
    ApiClient client(server.baseUrl());
    std::optional<LoginResult> last;
    for (int attempt = 1; attempt <= 11; ++attempt) {
        last = await<LoginResult>([&](QObject *context, auto done) {
            client.login(QStringLiteral("admin"), QStringLiteral("wrong-password"), context, done);
        });
        QVERIFY(last);
        if (last->error.kind == Kind::RateLimited)
            break;
        QCOMPARE(last->error.kind, Kind::InvalidCredentials);
    }
    QCOMPARE(last->error.kind, Kind::RateLimited);
    QCOMPARE(last->error.code, QStringLiteral("RATE_LIMITED"));
    QVERIFY2(last->error.retryAfterSeconds > 0, qPrintable(last->error.toString()));
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
