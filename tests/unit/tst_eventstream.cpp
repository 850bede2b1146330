// EventStream against a real database and real Qt WebSocket sockets: event rows are written
// exactly as the store writes them (counter bump + insert in one transaction, on a connection
// of their own), then read back through poll() and through /stream sockets that a
// QWebSocketServer on 127.0.0.1 hands to acceptWebSocket().

#include "authenticator.h"
#include "database.h"
#include "eventstream.h"
#include "postgrescluster.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>
#include <optional>

using namespace dispatch;
using namespace dispatch::server;

namespace {

constexpr int kWaitMs = 30'000; // generous: the build machine is shared; never a pass criterion

const QString kPassword = QStringLiteral("event-stream-password");

AuthUser makeUser(const QString &id, const QString &username, Role role)
{
    AuthUser user;
    user.id = id;
    user.username = username;
    user.name = username;
    user.role = role;
    return user;
}

const AuthUser kDispatcher =
    makeUser(QStringLiteral("u-dana"), QStringLiteral("dana"), Role::Dispatcher);
const AuthUser kAdmin = makeUser(QStringLiteral("u-admin"), QStringLiteral("admin"), Role::Admin);
const AuthUser kPro1 = makeUser(QStringLiteral("u-pro1"), QStringLiteral("pro1"), Role::Pro);
const AuthUser kPro2 = makeUser(QStringLiteral("u-pro2"), QStringLiteral("pro2"), Role::Pro);

QJsonObject jobJson(const QString &id, const QString &status, const QString &assignedTo,
                    bool withCodes)
{
    QJsonObject job{{QStringLiteral("id"), id},
                    {QStringLiteral("version"), 1},
                    {QStringLiteral("status"), status},
                    {QStringLiteral("assignedTo"),
                     assignedTo.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(assignedTo)},
                    {QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("title"), QStringLiteral("Fix the sink")}}}};
    if (withCodes)
        job.insert(QStringLiteral("codes"),
                   QJsonObject{{QStringLiteral("start"), QStringLiteral("123456")},
                               {QStringLiteral("completion"), QStringLiteral("654321")}});
    return job;
}

/// Writes event rows the way the store does: one transaction that bumps event_counter and
/// inserts the row (and, on PostgreSQL, pg_notify), on its own connection.
class EventWriter final {
public:
    explicit EventWriter(Database &db)
        : m_db(db)
    {}

    struct Row {
        QString type;
        QString jobId;
        std::optional<QJsonObject> job; ///< nothing: JOB_DELETED
        QString assigneeBefore;
        QString assigneeAfter;
        bool openBefore = false;
        bool openAfter = false;
    };

    qint64 append(const Row &row) { return appendMany({row}); }

    /// Appends the rows in one transaction per row; returns the last seq, or -1.
    qint64 appendMany(const QList<Row> &rows, bool oneTransaction = false)
    {
        qint64 seq = -1;
        if (oneTransaction && !m_db.beginWrite())
            return -1;
        for (const Row &row : rows) {
            if (!oneTransaction && !m_db.beginWrite())
                return -1;
            seq = insert(row);
            if (seq < 0) {
                m_db.rollback();
                return -1;
            }
            if (!oneTransaction && !m_db.commit())
                return -1;
        }
        if (oneTransaction && !m_db.commit())
            return -1;
        return seq;
    }

    /// The ten events every poll and stream test reads (visibility in the comments).
    qint64 seedScenario()
    {
        const QString j1 = QStringLiteral("j1"), j2 = QStringLiteral("j2"),
                      j3 = QStringLiteral("j3");
        const QString p1 = kPro1.id, p2 = kPro2.id;
        const QString open = QStringLiteral("OPEN"), sched = QStringLiteral("SCHEDULED");
        return appendMany({
            // 1 everyone: a new open offer
            {QStringLiteral("JOB_CREATED"), j1, jobJson(j1, open, {}, false), {}, {}, false, true},
            // 2 office only: a REQUESTED job nobody holds
            {QStringLiteral("JOB_CREATED"),
             j2,
             jobJson(j2, QStringLiteral("REQUESTED"), {}, false),
             {},
             {},
             false,
             false},
            // 3 everyone: the offer leaves the open pool (pro2's last event of j1 for now)
            {QStringLiteral("JOB_ASSIGNED"), j1, jobJson(j1, sched, p1, true), {}, p1, true, false},
            // 4 office, pro1
            {QStringLiteral("JOB_UPDATED"), j1, jobJson(j1, sched, p1, true), p1, p1, false, false},
            // 5 office, pro2
            {QStringLiteral("JOB_ASSIGNED"),
             j2,
             jobJson(j2, sched, p2, true),
             {},
             p2,
             false,
             false},
            // 6 everyone: pro1 loses j1, it is an open offer again
            {QStringLiteral("JOB_UNASSIGNED"),
             j1,
             jobJson(j1, open, {}, false),
             p1,
             {},
             false,
             true},
            // 7 everyone: pro2 takes the offer
            {QStringLiteral("JOB_ASSIGNED"), j1, jobJson(j1, sched, p2, true), {}, p2, true, false},
            // 8 office, pro2
            {QStringLiteral("JOB_STARTED"), j2,
             jobJson(j2, QStringLiteral("IN_PROGRESS"), p2, true), p2, p2, false, false},
            // 9 office only
            {QStringLiteral("JOB_CREATED"),
             j3,
             jobJson(j3, QStringLiteral("REQUESTED"), {}, false),
             {},
             {},
             false,
             false},
            // 10 office, pro2: j2 leaves pro2's view for good (deleted; job is null)
            {QStringLiteral("JOB_DELETED"), j2, std::nullopt, p2, {}, false, false},
        });
    }

    bool clear()
    {
        QSqlQuery query(m_db.connection());
        return query.exec(QStringLiteral("DELETE FROM events")) &&
               query.exec(QStringLiteral("UPDATE event_counter SET last_seq = 0 WHERE id = 1"));
    }

private:
    qint64 insert(const Row &row)
    {
        QSqlQuery counter(m_db.connection());
        if (!counter.exec(QStringLiteral("UPDATE event_counter SET last_seq = last_seq + 1 "
                                         "WHERE id = 1 RETURNING last_seq")) ||
            !counter.next()) {
            qWarning() << counter.lastError().text();
            return -1;
        }
        const qint64 seq = counter.value(0).toLongLong();
        counter.finish();
        QSqlQuery event(m_db.connection());
        event.prepare(QStringLiteral(
            "INSERT INTO events (seq, type, job_id, at, actor, etag, job, assignee_before, "
            "assignee_after, open_before, open_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        const QVariant nullText = QVariant(QMetaType(QMetaType::QString));
        event.addBindValue(seq);
        event.addBindValue(row.type);
        event.addBindValue(row.jobId);
        event.addBindValue(QStringLiteral("2026-01-15T18:00:00Z"));
        event.addBindValue(kDispatcher.id);
        event.addBindValue(row.job ? QVariant(QLatin1Char('"') % row.jobId % QLatin1Char('.') %
                                              QString::number(seq) % QLatin1Char('"'))
                                   : nullText);
        event.addBindValue(row.job ? QVariant(QString::fromUtf8(
                                         QJsonDocument(*row.job).toJson(QJsonDocument::Compact)))
                                   : nullText);
        event.addBindValue(row.assigneeBefore.isEmpty() ? nullText : QVariant(row.assigneeBefore));
        event.addBindValue(row.assigneeAfter.isEmpty() ? nullText : QVariant(row.assigneeAfter));
        event.addBindValue(row.openBefore ? 1 : 0);
        event.addBindValue(row.openAfter ? 1 : 0);
        if (!event.exec()) {
            qWarning() << event.lastError().text();
            return -1;
        }
        if (m_db.dialect() == SqlDialect::Postgres) {
            QSqlQuery notify(m_db.connection());
            notify.prepare(QStringLiteral("SELECT pg_notify('dispatch_events', ?)"));
            notify.addBindValue(QString::number(seq));
            if (!notify.exec()) {
                qWarning() << notify.lastError().text();
                return -1;
            }
        }
        return seq;
    }

    Database &m_db;
};

bool insertUsers(Database &db, const QString &passwordHash)
{
    for (const AuthUser &user : {kAdmin, kDispatcher, kPro1, kPro2}) {
        QSqlQuery query(db.connection());
        query.prepare(QStringLiteral("INSERT INTO users (id, username, name, role, password_hash, "
                                     "created_at) VALUES (?, ?, ?, ?, ?, ?)"));
        query.addBindValue(user.id);
        query.addBindValue(user.username);
        query.addBindValue(user.name);
        query.addBindValue(toWire(user.role));
        query.addBindValue(passwordHash);
        query.addBindValue(QStringLiteral("2026-01-01T00:00:00Z"));
        if (!query.exec()) {
            qWarning() << query.lastError().text();
            return false;
        }
    }
    return true;
}

/// One /stream client: a real QWebSocket that records every message and how it closed.
class StreamClient final {
public:
    StreamClient()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &text) {
                             messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
                         });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] {
            closed = true;
            closeCode = socket.closeCode();
            closeReason = socket.closeReason();
        });
    }

    void open(quint16 port, const QByteArray &token)
    {
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream?token=%2")
                             .arg(port)
                             .arg(QString::fromLatin1(token))));
    }
    void resume(qint64 after)
    {
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("resumeAfter"), after}})
                                  .toJson(QJsonDocument::Compact)));
    }
    bool connected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    QList<qint64> seqs() const
    {
        QList<qint64> result;
        for (const QJsonObject &message : messages) {
            if (message.contains(QStringLiteral("seq")))
                result.append(message.value(QStringLiteral("seq")).toInteger());
        }
        return result;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    bool closed = false;
    QWebSocketProtocol::CloseCode closeCode = QWebSocketProtocol::CloseCodeNormal;
    QString closeReason;
};

/// A peer below QWebSocket: completes the upgrade by hand, so a test controls what it reads.
bool rawUpgrade(QTcpSocket &socket, quint16 port, const QByteArray &token)
{
    // The server runs in this thread: wait by spinning the event loop, never by blocking.
    QDeadlineTimer deadline(kWaitMs);
    socket.connectToHost(QHostAddress::LocalHost, port);
    while (socket.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired())
        QTest::qWait(10);
    socket.write(
        "GET /api/v1/stream?token=" + token +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    while (!head.endsWith("\r\n\r\n") && !deadline.hasExpired()) {
        if (socket.bytesAvailable() > 0)
            head += socket.read(1); // byte by byte: frames after the head stay unread
        else
            QTest::qWait(10);
    }
    return head.startsWith("HTTP/1.1 101");
}

/// One client-to-server text frame (RFC 6455 §5.2: clients always mask).
QByteArray maskedTextFrame(const QByteArray &payload)
{
    Q_ASSERT(payload.size() < 126);
    QByteArray frame;
    frame.append(char(0x81));
    frame.append(char(0x80 | payload.size()));
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    return frame;
}

HttpRequest eventsRequest(const QString &query, const QByteArray &ifNoneMatch = {})
{
    HttpRequest request;
    request.method = "GET";
    request.path = QStringLiteral("/api/v1/events");
    request.query = QUrlQuery(query);
    if (!ifNoneMatch.isEmpty())
        request.headers.append({QByteArrayLiteral("If-None-Match"), ifNoneMatch});
    return request;
}

QJsonObject bodyOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QList<qint64> seqsOf(const HttpResponse &response)
{
    QList<qint64> seqs;
    const QJsonArray events = bodyOf(response).value(QStringLiteral("events")).toArray();
    for (const QJsonValue &event : events)
        seqs.append(event.toObject().value(QStringLiteral("seq")).toInteger());
    return seqs;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 seq = first; seq <= last; ++seq)
        result.append(seq);
    return result;
}

/// Signs in through the authenticator's worker pool, waiting for its answer.
Authenticator::Login signIn(Authenticator &auth, const QString &username)
{
    std::optional<Authenticator::Login> result;
    auth.login(username, kPassword, QHostAddress(QHostAddress::LocalHost),
               [&](Authenticator::Login login) { result = login; });
    const QDeadlineTimer deadline(kWaitMs);
    while (!result && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return result.value_or(Authenticator::Login{});
}

const AuthUser &userNamed(const QString &name)
{
    if (name == QLatin1String("admin"))
        return kAdmin;
    if (name == QLatin1String("dana"))
        return kDispatcher;
    if (name == QLatin1String("pro1"))
        return kPro1;
    return kPro2;
}

} // namespace

class TstEventStream final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void emptyLog();
    void pollVisibility_data();
    void pollVisibility();
    void eventShape();
    void codesStrippedForPros();
    void notModified();
    void badParameters_data();
    void badParameters();
    void resyncAfterPrune();
    void resyncWhenAhead();

    void streamRejectsBadToken_data();
    void streamRejectsBadToken();
    void streamAcceptsBearerHeader();
    void streamMalformedResume_data();
    void streamMalformedResume();
    void streamResumeTimeout();
    void streamResumeThenLive_data();
    void streamResumeThenLive();
    void streamCatchUpKeepsOrderUnderLoad();
    void streamFanOutToManyClients();
    void streamResyncAfterPrune();
    void streamDropsPeerWithoutPong();
    void streamClosesClientThatDoesNotRead();
    void closeAllGoingAway();

    void postgresPollAndListen();

private:
    std::unique_ptr<EventStream> makeStream();
    StreamClient *connectClient(const QByteArray &token);
    QByteArray tokenFor(const AuthUser &user) const { return m_tokens.value(user.id); }

    QTemporaryDir m_dir;
    QString m_passwordHash;
    std::unique_ptr<Database> m_writerDb;
    std::unique_ptr<Database> m_readerDb;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<EventWriter> m_writer;
    QHash<QString, QByteArray> m_tokens;

    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<QWebSocketServer> m_server;
    std::vector<std::unique_ptr<StreamClient>> m_clients;
};

void TstEventStream::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("dispatch.server.events.debug=false"));
    QVERIFY(m_dir.isValid());
    QString error;
    DatabaseConfig config;
    config.dialect = SqlDialect::Sqlite;
    config.sqlitePath = m_dir.filePath(QStringLiteral("events.sqlite"));
    m_writerDb = std::make_unique<Database>();
    QVERIFY2(m_writerDb->open(config, QStringLiteral("tst_eventstream.writer"), &error),
             qPrintable(error));
    QVERIFY2(m_writerDb->migrate(&error), qPrintable(error));
    m_readerDb = std::make_unique<Database>();
    QVERIFY2(m_readerDb->open(config, QStringLiteral("tst_eventstream.reader"), &error),
             qPrintable(error));

    m_passwordHash = PasswordHasher::hashNow(kPassword);
    QVERIFY(!m_passwordHash.isEmpty());
    QVERIFY(insertUsers(*m_writerDb, m_passwordHash));
    m_auth = std::make_unique<Authenticator>(*m_readerDb, Authenticator::Options{});
    for (const AuthUser &user : {kAdmin, kDispatcher, kPro1, kPro2}) {
        const auto login = signIn(*m_auth, user.username);
        QCOMPARE(int(login.result), int(Authenticator::LoginResult::Ok));
        m_tokens.insert(user.id, login.token);
    }
    m_writer = std::make_unique<EventWriter>(*m_writerDb);
}

void TstEventStream::init()
{
    QVERIFY(m_writer->clear());
    m_stream = makeStream();
    m_server = std::make_unique<QWebSocketServer>(QStringLiteral("tst_eventstream"),
                                                  QWebSocketServer::NonSecureMode);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    connect(m_server.get(), &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_server->nextPendingConnection())
            m_stream->acceptWebSocket(socket);
    });
}

void TstEventStream::cleanup()
{
    m_clients.clear();
    m_server.reset();
    m_stream.reset();
}

void TstEventStream::cleanupTestCase()
{
    m_writer.reset();
    m_auth.reset();
    m_readerDb.reset();
    m_writerDb.reset();
}

std::unique_ptr<EventStream> TstEventStream::makeStream()
{
    return std::make_unique<EventStream>(*m_readerDb, *m_auth);
}

StreamClient *TstEventStream::connectClient(const QByteArray &token)
{
    m_clients.push_back(std::make_unique<StreamClient>());
    StreamClient *client = m_clients.back().get();
    client->open(m_server->serverPort(), token);
    return client;
}

// ---- poll -------------------------------------------------------------------------------

void TstEventStream::emptyLog()
{
    const HttpResponse response = m_stream->poll(eventsRequest({}), kPro1);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, QByteArray("application/json"));
    QCOMPARE(response.body, QByteArray(R"({"events":[],"lastSeq":0})"));
    QCOMPARE(response.header("ETag"), QByteArray("\"ev-0\""));
}

void TstEventStream::pollVisibility_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<qint64>>("seqs");
    QTest::addColumn<qint64>("lastSeq");

    using L = QList<qint64>;
    QTest::newRow("dispatcher sees all") << "dana"
                                         << "" << range(1, 10) << qint64(10);
    QTest::newRow("admin sees all") << "admin"
                                    << "after=0" << range(1, 10) << qint64(10);
    QTest::newRow("pro1: offers and own jobs, incl. the last one leaving")
        << "pro1"
        << "" << L{1, 3, 4, 6, 7} << qint64(7);
    QTest::newRow("pro2: offers, own jobs, the deletion")
        << "pro2"
        << "" << L{1, 3, 5, 6, 7, 8, 10} << qint64(10);
    QTest::newRow("pro1 after 4") << "pro1"
                                  << "after=4" << L{6, 7} << qint64(7);
    QTest::newRow("pro1 idle: lastSeq is the last visible") << "pro1"
                                                            << "after=7" << L{} << qint64(7);
    QTest::newRow("pro1 after an invisible seq") << "pro1"
                                                 << "after=9" << L{} << qint64(7);
    QTest::newRow("pro1 page of 2") << "pro1"
                                    << "after=0&limit=2" << L{1, 3} << qint64(3);
    QTest::newRow("dispatcher page of 3 after 5") << "dana"
                                                  << "after=5&limit=3" << L{6, 7, 8} << qint64(8);
    QTest::newRow("dispatcher idle at head") << "dana"
                                             << "after=10" << L{} << qint64(10);
    QTest::newRow("pro2 after 8") << "pro2"
                                  << "after=8&limit=1000" << L{10} << qint64(10);
}

void TstEventStream::pollVisibility()
{
    QFETCH(QString, user);
    QFETCH(QString, query);
    QFETCH(QList<qint64>, seqs);
    QFETCH(qint64, lastSeq);

    QCOMPARE(m_writer->seedScenario(), qint64(10));
    const HttpResponse response = m_stream->poll(eventsRequest(query), userNamed(user));
    QCOMPARE(response.status, 200);
    QCOMPARE(seqsOf(response), seqs);
    QCOMPARE(bodyOf(response).value(QStringLiteral("lastSeq")).toInteger(), lastSeq);
    QCOMPARE(response.header("ETag"), "\"ev-" + QByteArray::number(lastSeq) + '"');
}

void TstEventStream::eventShape()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    const HttpResponse response =
        m_stream->poll(eventsRequest(QStringLiteral("after=8")), kDispatcher);
    const QJsonArray events = bodyOf(response).value(QStringLiteral("events")).toArray();
    QCOMPARE(events.size(), 2);

    const QJsonObject created = events.at(0).toObject();
    QCOMPARE(created.keys(),
             (QStringList{QStringLiteral("actor"), QStringLiteral("at"), QStringLiteral("etag"),
                          QStringLiteral("job"), QStringLiteral("jobId"), QStringLiteral("seq"),
                          QStringLiteral("type")}));
    QCOMPARE(created.value(QStringLiteral("seq")).toInteger(), 9);
    QCOMPARE(created.value(QStringLiteral("type")).toString(), QStringLiteral("JOB_CREATED"));
    QCOMPARE(created.value(QStringLiteral("jobId")).toString(), QStringLiteral("j3"));
    QCOMPARE(created.value(QStringLiteral("at")).toString(),
             QStringLiteral("2026-01-15T18:00:00Z"));
    QCOMPARE(created.value(QStringLiteral("actor")).toString(), kDispatcher.id);
    QCOMPARE(created.value(QStringLiteral("etag")).toString(), QStringLiteral("\"j3.9\""));
    QCOMPARE(created.value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("j3"));

    const QJsonObject deleted = events.at(1).toObject();
    QCOMPARE(deleted.value(QStringLiteral("type")).toString(), QStringLiteral("JOB_DELETED"));
    QVERIFY(deleted.contains(QStringLiteral("job")));
    QVERIFY(deleted.value(QStringLiteral("job")).isNull());
    QVERIFY(deleted.value(QStringLiteral("etag")).isNull());
}

void TstEventStream::codesStrippedForPros()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    const auto jobOf = [](const HttpResponse &response, qint64 seq) {
        const QJsonArray events = bodyOf(response).value(QStringLiteral("events")).toArray();
        for (const QJsonValue &event : events) {
            if (event.toObject().value(QStringLiteral("seq")).toInteger() == seq)
                return event.toObject().value(QStringLiteral("job")).toObject();
        }
        return QJsonObject();
    };
    const HttpResponse office = m_stream->poll(eventsRequest({}), kDispatcher);
    const HttpResponse pro = m_stream->poll(eventsRequest({}), kPro1);
    for (qint64 seq : {3, 4}) {
        QVERIFY(jobOf(office, seq).contains(QStringLiteral("codes")));
        const QJsonObject proJob = jobOf(pro, seq);
        QCOMPARE(proJob.value(QStringLiteral("id")).toString(), QStringLiteral("j1"));
        QVERIFY(!proJob.contains(QStringLiteral("codes")));
    }
    QVERIFY(!pro.body.contains("654321"));
    QVERIFY(!pro.body.contains("123456"));
}

void TstEventStream::notModified()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    const HttpResponse first = m_stream->poll(eventsRequest(QStringLiteral("after=0")), kPro1);
    const QByteArray etag = first.header("ETag");
    QCOMPARE(etag, QByteArray("\"ev-7\""));

    // The client's next poll: after its lastSeq, with the ETag.
    for (const QByteArray &ifNoneMatch :
         QList<QByteArray>{etag, "W/" + etag, "\"other\", " + etag, QByteArray("*")}) {
        const HttpResponse idle =
            m_stream->poll(eventsRequest(QStringLiteral("after=7"), ifNoneMatch), kPro1);
        QCOMPARE(idle.status, 304);
        QVERIFY(idle.body.isEmpty());
        QVERIFY(idle.contentType.isEmpty());
        QCOMPARE(idle.header("ETag"), etag);
    }
    const HttpResponse otherTag =
        m_stream->poll(eventsRequest(QStringLiteral("after=7"), "\"ev-6\""), kPro1);
    QCOMPARE(otherTag.status, 200);

    // An event pro1 cannot see changes nothing for them; one they can see does.
    QVERIFY(m_writer->append(
                {QStringLiteral("JOB_UPDATED"), QStringLiteral("j2"),
                 jobJson(QStringLiteral("j2"), QStringLiteral("IN_PROGRESS"), kPro2.id, true),
                 kPro2.id, kPro2.id, false, false}) == 11);
    QCOMPARE(m_stream->poll(eventsRequest(QStringLiteral("after=7"), etag), kPro1).status, 304);
    QVERIFY(m_writer->append({QStringLiteral("JOB_CREATED"),
                              QStringLiteral("j4"),
                              jobJson(QStringLiteral("j4"), QStringLiteral("OPEN"), {}, false),
                              {},
                              {},
                              false,
                              true}) == 12);
    const HttpResponse changed =
        m_stream->poll(eventsRequest(QStringLiteral("after=7"), etag), kPro1);
    QCOMPARE(changed.status, 200);
    QCOMPARE(seqsOf(changed), QList<qint64>{12});
    QCOMPARE(changed.header("ETag"), QByteArray("\"ev-12\""));
}

void TstEventStream::badParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("negative after") << "after=-1";
    QTest::newRow("word after") << "after=abc";
    QTest::newRow("empty after") << "after=";
    QTest::newRow("fraction after") << "after=1.5";
    QTest::newRow("signed after") << "after=+1";
    QTest::newRow("huge after") << "after=99999999999999999999";
    QTest::newRow("zero limit") << "limit=0";
    QTest::newRow("limit over max") << "limit=1001";
    QTest::newRow("word limit") << "limit=all";
}

void TstEventStream::badParameters()
{
    QFETCH(QString, query);
    const HttpResponse response = m_stream->poll(eventsRequest(query), kDispatcher);
    QCOMPARE(response.status, 400);
    QCOMPARE(bodyOf(response)
                 .value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("BAD_REQUEST"));
}

void TstEventStream::resyncAfterPrune()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    m_stream->setRetention(3);
    QCOMPARE(m_stream->pruneNow(), qint64(7)); // keeps 8, 9, 10
    QCOMPARE(m_stream->pruneNow(), qint64(0));

    for (const QString &after : {QStringLiteral("0"), QStringLiteral("5"), QStringLiteral("6")}) {
        const HttpResponse response =
            m_stream->poll(eventsRequest(QStringLiteral("after=") + after), kDispatcher);
        QCOMPARE(response.status, 409);
        const QJsonObject error = bodyOf(response).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("RESYNC_REQUIRED"));
        QCOMPARE(error.value(QStringLiteral("lastSeq")).toInteger(), 10);
    }
    // Right below the oldest kept event nothing is missing.
    const HttpResponse office =
        m_stream->poll(eventsRequest(QStringLiteral("after=7")), kDispatcher);
    QCOMPARE(office.status, 200);
    QCOMPARE(seqsOf(office), (QList<qint64>{8, 9, 10}));
    // pro1 saw 7 last, and 8..10 are not theirs. Their visible events are all pruned, yet
    // lastSeq must not fall back to 0 (that would send them into RESYNC forever): it stays
    // at the pruned boundary.
    for (const QString &after : {QStringLiteral("7"), QStringLiteral("10")}) {
        const HttpResponse pro =
            m_stream->poll(eventsRequest(QStringLiteral("after=") + after), kPro1);
        QCOMPARE(pro.status, 200);
        QCOMPARE(seqsOf(pro), QList<qint64>{});
        QCOMPARE(bodyOf(pro).value(QStringLiteral("lastSeq")).toInteger(), 7);
        QCOMPARE(pro.header("ETag"), QByteArray("\"ev-7\""));
    }
}

void TstEventStream::resyncWhenAhead()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    // A seq past the head belongs to another database (or a wiped one).
    const HttpResponse response = m_stream->poll(eventsRequest(QStringLiteral("after=11")), kPro2);
    QCOMPARE(response.status, 409);
    QCOMPARE(bodyOf(response)
                 .value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("lastSeq"))
                 .toInteger(),
             10);
}

// ---- stream -----------------------------------------------------------------------------

void TstEventStream::streamRejectsBadToken_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("no token") << QByteArray();
    QTest::newRow("unknown token") << QByteArray("not-a-token");
}

void TstEventStream::streamRejectsBadToken()
{
    QFETCH(QByteArray, token);
    StreamClient *client = connectClient(token);
    QTRY_VERIFY_WITH_TIMEOUT(client->closed, kWaitMs);
    QCOMPARE(int(client->closeCode), EventStream::kCloseUnauthenticated);
    QCOMPARE(client->closeReason, QStringLiteral("unauthenticated"));
    QVERIFY(client->messages.isEmpty());
    QCOMPARE(m_stream->clientCount(), 0);
}

void TstEventStream::streamAcceptsBearerHeader()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    m_clients.push_back(std::make_unique<StreamClient>());
    StreamClient *client = m_clients.back().get();
    QNetworkRequest request(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream").arg(m_server->serverPort())));
    request.setRawHeader("Authorization", "Bearer " + tokenFor(kPro1));
    client->socket.open(request);
    QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
    client->resume(0);
    QTRY_COMPARE_WITH_TIMEOUT(client->seqs().size(), 5, kWaitMs);
    QCOMPARE(client->seqs(), (QList<qint64>{1, 3, 4, 6, 7}));
    QVERIFY(!client->closed);
    QCOMPARE(m_stream->clientCount(), 1);
}

void TstEventStream::streamMalformedResume_data()
{
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << "hello";
    QTest::newRow("array") << "[1]";
    QTest::newRow("missing member") << "{\"after\": 3}";
    QTest::newRow("string seq") << "{\"resumeAfter\": \"3\"}";
    QTest::newRow("negative") << "{\"resumeAfter\": -1}";
    QTest::newRow("fraction") << "{\"resumeAfter\": 2.5}";
    QTest::newRow("null") << "{\"resumeAfter\": null}";
}

void TstEventStream::streamMalformedResume()
{
    QFETCH(QString, message);
    StreamClient *client = connectClient(tokenFor(kDispatcher));
    QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
    client->socket.sendTextMessage(message);
    QTRY_VERIFY_WITH_TIMEOUT(client->closed, kWaitMs);
    QCOMPARE(client->closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY(!client->closeReason.isEmpty());
}

void TstEventStream::streamResumeTimeout()
{
    EventStream::Timing timing;
    timing.resumeTimeoutMs = 200;
    m_stream->setTiming(timing);
    StreamClient *client = connectClient(tokenFor(kDispatcher));
    QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(client->closed, kWaitMs);
    QCOMPARE(client->closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
}

void TstEventStream::streamResumeThenLive_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<qint64>("resumeAfter");
    QTest::addColumn<QList<qint64>>("backlog");
    QTest::addColumn<QList<qint64>>("live");

    using L = QList<qint64>;
    // Live: 11 pro2's job (office, pro2), 12 an open offer (all), 13 invisible to pros.
    QTest::newRow("dispatcher from 0") << "dana" << qint64(0) << range(1, 10) << L{11, 12, 13};
    QTest::newRow("dispatcher from head") << "dana" << qint64(10) << L{} << L{11, 12, 13};
    QTest::newRow("pro1 from 3") << "pro1" << qint64(3) << L{4, 6, 7} << L{12};
    QTest::newRow("pro2 from 0") << "pro2" << qint64(0) << L{1, 3, 5, 6, 7, 8, 10} << L{11, 12};
    QTest::newRow("pro2 from 9") << "pro2" << qint64(9) << L{10} << L{11, 12};
}

void TstEventStream::streamResumeThenLive()
{
    QFETCH(QString, user);
    QFETCH(qint64, resumeAfter);
    QFETCH(QList<qint64>, backlog);
    QFETCH(QList<qint64>, live);
    const AuthUser &who = userNamed(user);

    QCOMPARE(m_writer->seedScenario(), qint64(10));
    StreamClient *client = connectClient(tokenFor(who));
    QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
    client->resume(resumeAfter);
    QTRY_COMPARE_WITH_TIMEOUT(client->seqs().size(), backlog.size(), kWaitMs);
    QCOMPARE(client->seqs(), backlog);

    QCOMPARE(m_writer->append(
                 {QStringLiteral("JOB_COMPLETED"), QStringLiteral("j1"),
                  jobJson(QStringLiteral("j1"), QStringLiteral("COMPLETED_BY_PRO"), kPro2.id, true),
                  kPro2.id, kPro2.id, false, false}),
             qint64(11));
    m_stream->notifyCommitted();
    QCOMPARE(m_writer->append({QStringLiteral("JOB_CREATED"),
                               QStringLiteral("j5"),
                               jobJson(QStringLiteral("j5"), QStringLiteral("OPEN"), {}, false),
                               {},
                               {},
                               false,
                               true}),
             qint64(12));
    m_stream->notifyCommitted();
    QCOMPARE(
        m_writer->append({QStringLiteral("JOB_CREATED"),
                          QStringLiteral("j6"),
                          jobJson(QStringLiteral("j6"), QStringLiteral("REQUESTED"), {}, false),
                          {},
                          {},
                          false,
                          false}),
        qint64(13));
    m_stream->notifyCommitted();

    const QList<qint64> expected = backlog + live;
    QTRY_COMPARE_WITH_TIMEOUT(client->seqs().size(), expected.size(), kWaitMs);
    QCOMPARE(client->seqs(), expected);
    // Nothing more is on its way (no duplicates): a poll round trip through the loop.
    QTest::qWait(50);
    QCOMPARE(client->seqs(), expected);

    for (const QJsonObject &message : std::as_const(client->messages)) {
        const QJsonObject job = message.value(QStringLiteral("job")).toObject();
        const bool hasCodes = job.contains(QStringLiteral("codes"));
        if (who.isPro())
            QVERIFY2(!hasCodes, "a pro received the codes");
        else if (message.value(QStringLiteral("seq")).toInteger() == 11)
            QVERIFY(hasCodes);
    }
    QVERIFY(!client->closed);
}

void TstEventStream::streamCatchUpKeepsOrderUnderLoad()
{
    // More than two catch-up pages, with live commits landing between the pages.
    const int backlog = EventStream::kCatchUpPage * 2 + 137;
    QList<EventWriter::Row> rows;
    for (int i = 0; i < backlog; ++i)
        rows.append({QStringLiteral("JOB_UPDATED"),
                     QStringLiteral("j1"),
                     jobJson(QStringLiteral("j1"), QStringLiteral("OPEN"), {}, false),
                     {},
                     {},
                     true,
                     true});
    QCOMPARE(m_writer->appendMany(rows, true), qint64(backlog));

    StreamClient *early = connectClient(tokenFor(kDispatcher));
    QTRY_VERIFY_WITH_TIMEOUT(early->connected(), kWaitMs);
    early->resume(backlog); // live from the start
    StreamClient *late = connectClient(tokenFor(kPro1));
    QTRY_VERIFY_WITH_TIMEOUT(late->connected(), kWaitMs);
    late->resume(0);

    int total = backlog;
    for (int i = 0; i < 300; ++i) {
        QVERIFY(m_writer->append(rows.first()) == ++total);
        m_stream->notifyCommitted();
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(late->seqs().size(), total, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(early->seqs().size(), total - backlog, kWaitMs);
    QCOMPARE(late->seqs(), range(1, total));
    QCOMPARE(early->seqs(), range(backlog + 1, total));
}

void TstEventStream::streamFanOutToManyClients()
{
    const QList<const AuthUser *> users{&kDispatcher, &kPro1, &kPro2};
    const int perUser = 10;
    QList<std::pair<const AuthUser *, StreamClient *>> clients;
    for (const AuthUser *user : users) {
        for (int i = 0; i < perUser; ++i)
            clients.append({user, connectClient(tokenFor(*user))});
    }
    for (const auto &[user, client] : clients) {
        QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
        client->resume(0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->clientCount(), int(users.size()) * perUser, kWaitMs);

    // A first open offer that everyone sees: once a client has it, it is live.
    QCOMPARE(m_writer->append({QStringLiteral("JOB_CREATED"),
                               QStringLiteral("j0"),
                               jobJson(QStringLiteral("j0"), QStringLiteral("OPEN"), {}, false),
                               {},
                               {},
                               false,
                               true}),
             qint64(1));
    m_stream->notifyCommitted();
    for (const auto &[user, client] : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->seqs(), QList<qint64>{1}, kWaitMs);
    const qint64 sentBefore = m_stream->eventsSent();

    // Ten commits (seq 2..11), announced once: notifications coalesce, one read for all.
    QCOMPARE(m_writer->seedScenario(), qint64(11));
    m_stream->notifyCommitted();

    const auto shifted = [](const QList<qint64> &scenario) {
        QList<qint64> seqs{1};
        for (qint64 seq : scenario)
            seqs.append(seq + 1);
        return seqs;
    };
    const QHash<QString, QList<qint64>> expected{
        {kDispatcher.id, shifted(range(1, 10))},
        {kPro1.id, shifted({1, 3, 4, 6, 7})},
        {kPro2.id, shifted({1, 3, 5, 6, 7, 8, 10})},
    };
    qint64 expectedSent = 0;
    for (const auto &[user, client] : clients) {
        const QList<qint64> want = expected.value(user->id);
        QTRY_COMPARE_WITH_TIMEOUT(client->seqs().size(), want.size(), kWaitMs);
        QCOMPARE(client->seqs(), want);
        expectedSent += want.size() - 1;
    }
    QCOMPARE(m_stream->eventsSent() - sentBefore, expectedSent);
}

void TstEventStream::streamResyncAfterPrune()
{
    QCOMPARE(m_writer->seedScenario(), qint64(10));
    m_stream->setRetention(3);
    QCOMPARE(m_stream->pruneNow(), qint64(7));

    StreamClient *client = connectClient(tokenFor(kDispatcher));
    QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
    client->resume(2);
    QTRY_COMPARE_WITH_TIMEOUT(client->messages.size(), 1, kWaitMs);
    QCOMPARE(client->messages.first(),
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("RESYNC_REQUIRED")},
                          {QStringLiteral("lastSeq"), 10}}));
    // The stream goes on after lastSeq.
    QCOMPARE(m_writer->append({QStringLiteral("JOB_CREATED"),
                               QStringLiteral("j7"),
                               jobJson(QStringLiteral("j7"), QStringLiteral("OPEN"), {}, false),
                               {},
                               {},
                               false,
                               true}),
             qint64(11));
    m_stream->notifyCommitted();
    QTRY_COMPARE_WITH_TIMEOUT(client->seqs(), QList<qint64>{11}, kWaitMs);
    QVERIFY(!client->closed);
}

void TstEventStream::streamDropsPeerWithoutPong()
{
    EventStream::Timing timing;
    timing.pingIntervalMs = 100;
    timing.pongTimeoutMs = 2000;
    m_stream->setTiming(timing);

    // A real Qt client answers pings by itself.
    StreamClient *answering = connectClient(tokenFor(kDispatcher));
    QTRY_VERIFY_WITH_TIMEOUT(answering->connected(), kWaitMs);
    answering->resume(0);

    // A peer that completes the handshake and then never answers anything.
    QTcpSocket silent;
    QVERIFY(rawUpgrade(silent, m_server->serverPort(), tokenFor(kPro1)));
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->clientCount(), 2, kWaitMs);

    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->clientCount(), 1, kWaitMs);
    // The answering client outlived the same silence window many times over its pings.
    QVERIFY(answering->connected());
    QVERIFY(!answering->closed);
}

void TstEventStream::streamClosesClientThatDoesNotRead()
{
    EventStream::Timing timing;
    timing.closeGraceMs = 200;
    m_stream->setTiming(timing);
    QCOMPARE(m_writer->append({QStringLiteral("JOB_CREATED"),
                               QStringLiteral("j1"),
                               jobJson(QStringLiteral("j1"), QStringLiteral("OPEN"), {}, false),
                               {},
                               {},
                               false,
                               true}),
             qint64(1));

    StreamClient *reader = connectClient(tokenFor(kDispatcher));
    QTRY_VERIFY_WITH_TIMEOUT(reader->connected(), kWaitMs);
    reader->resume(0);
    QTcpSocket stuck;
    QVERIFY(rawUpgrade(stuck, m_server->serverPort(), tokenFor(kDispatcher)));
    stuck.write(maskedTextFrame(R"({"resumeAfter":0})"));
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += stuck.readAll()).contains(R"("seq":1)"), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(reader->seqs(), QList<qint64>{1}, kWaitMs);
    // Both are live now. From here on `stuck` takes nothing off the wire.
    stuck.setReadBufferSize(1024);

    // 400 KiB per commit: first the kernel's loopback buffers fill, then the server's own
    // buffer for `stuck` grows until the server gives up on it. `reader` keeps up.
    QJsonObject big = jobJson(QStringLiteral("j1"), QStringLiteral("OPEN"), {}, false);
    big.insert(QStringLiteral("fields"),
               QJsonObject{{QStringLiteral("details"), QString(400 * 1024, u'x')}});
    const EventWriter::Row bigRow{
        QStringLiteral("JOB_UPDATED"), QStringLiteral("j1"), big, {}, {}, true, true};
    qint64 seq = 1;
    QDeadlineTimer deadline(kWaitMs * 2);
    while (m_stream->clientCount() == 2 && !deadline.hasExpired()) {
        QCOMPARE(m_writer->append(bigRow), ++seq);
        m_stream->notifyCommitted();
        QTest::qWait(50);
    }
    QCOMPARE(m_stream->clientCount(), 1);
    QVERIFY(!reader->closed);
    // Once it reads again it finds the data it had, then the end of the connection.
    stuck.setReadBufferSize(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += stuck.readAll(), stuck.state()) == QAbstractSocket::UnconnectedState, kWaitMs);

    // The reading client got every event, in order.
    QTRY_COMPARE_WITH_TIMEOUT(reader->seqs().size(), seq, kWaitMs);
    QCOMPARE(reader->seqs(), range(1, seq));
    QVERIFY(!reader->closed);
}

void TstEventStream::closeAllGoingAway()
{
    StreamClient *client = connectClient(tokenFor(kPro2));
    QTRY_VERIFY_WITH_TIMEOUT(client->connected(), kWaitMs);
    client->resume(0);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->clientCount(), 1, kWaitMs);
    m_stream->closeAll();
    QTRY_VERIFY_WITH_TIMEOUT(client->closed, kWaitMs);
    QCOMPARE(client->closeCode, QWebSocketProtocol::CloseCodeGoingAway);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->clientCount(), 0, kWaitMs);
}

// ---- PostgreSQL -------------------------------------------------------------------------

void TstEventStream::postgresPollAndListen()
{
    if (dispatch::test::PostgresCluster::binDir().isEmpty())
        QSKIP("PostgreSQL is not installed");
    dispatch::test::PostgresCluster cluster;
    if (!cluster.start())
        QSKIP(qPrintable(QStringLiteral("no PostgreSQL cluster: ") + cluster.reason()));
    const QString url = cluster.createDatabase();
    QVERIFY2(!url.isEmpty(), qPrintable(cluster.reason()));
    QString error;
    const auto config = DatabaseConfig::fromUrl(url, &error);
    QVERIFY2(config, qPrintable(error));

    // Two connections, as two dispatchd processes would have: the writer's process
    // announces nothing to ours except through NOTIFY.
    Database writerDb;
    QVERIFY2(writerDb.open(*config, QStringLiteral("tst_eventstream.pg.writer"), &error),
             qPrintable(error));
    QVERIFY2(writerDb.migrate(&error), qPrintable(error));
    QVERIFY(insertUsers(writerDb, m_passwordHash));
    Database readerDb;
    QVERIFY2(readerDb.open(*config, QStringLiteral("tst_eventstream.pg.reader"), &error),
             qPrintable(error));
    Authenticator auth(readerDb, Authenticator::Options{});
    const auto login = signIn(auth, kPro2.username);
    QCOMPARE(int(login.result), int(Authenticator::LoginResult::Ok));

    EventWriter writer(writerDb);
    QCOMPARE(writer.seedScenario(), qint64(10));

    m_server.reset(); // this test's own server and stream
    m_stream.reset();
    EventStream stream(readerDb, auth);
    EventStream::Timing timing;
    timing.safetyReadIntervalMs = 600'000; // only NOTIFY may deliver the live event
    stream.setTiming(timing);
    QVERIFY2(stream.listenForNotifications(*config, &error), qPrintable(error));

    // The compound page query on PostgreSQL.
    const HttpResponse pro = stream.poll(eventsRequest(QStringLiteral("after=4")), kPro1);
    QCOMPARE(pro.status, 200);
    QCOMPARE(seqsOf(pro), (QList<qint64>{6, 7}));
    QCOMPARE(stream.poll(eventsRequest(QStringLiteral("after=9")), kPro1).header("ETag"),
             QByteArray("\"ev-7\""));
    QCOMPARE(stream.poll(eventsRequest(QStringLiteral("after=9"), "\"ev-7\""), kPro1).status, 304);
    const HttpResponse office = stream.poll(eventsRequest({}), kDispatcher);
    QCOMPARE(seqsOf(office), range(1, 10));

    QWebSocketServer server(QStringLiteral("tst_eventstream.pg"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QWebSocketServer::newConnection, &server, [&server, &stream] {
        while (QWebSocket *socket = server.nextPendingConnection())
            stream.acceptWebSocket(socket);
    });
    StreamClient client;
    client.open(server.serverPort(), login.token);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.resume(9);
    // Receiving the backlog means the socket went live in the same step.
    QTRY_COMPARE_WITH_TIMEOUT(client.seqs(), QList<qint64>{10}, kWaitMs);

    QCOMPARE(writer.append({QStringLiteral("JOB_CREATED"),
                            QStringLiteral("j8"),
                            jobJson(QStringLiteral("j8"), QStringLiteral("OPEN"), {}, false),
                            {},
                            {},
                            false,
                            true}),
             qint64(11));
    QTRY_COMPARE_WITH_TIMEOUT(client.seqs(), (QList<qint64>{10, 11}), kWaitMs);

    stream.setRetention(2);
    QCOMPARE(stream.pruneNow(), qint64(9));
    QCOMPARE(stream.poll(eventsRequest(QStringLiteral("after=3")), kDispatcher).status, 409);
    QCOMPARE(seqsOf(stream.poll(eventsRequest(QStringLiteral("after=9")), kDispatcher)),
             (QList<qint64>{10, 11}));
    client.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(stream.clientCount(), 0, kWaitMs);
}

QTEST_GUILESS_MAIN(TstEventStream)
#include "tst_eventstream.moc"
