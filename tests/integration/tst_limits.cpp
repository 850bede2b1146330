// HTTP-level limits and hygiene of the real dispatchd process, over raw sockets so every byte
// is under the test's control: oversized and chunked bodies are refused with 413 without being
// buffered, HEAD and 405 follow RFC 9110, `Connection: close` and idle keep-alive connections
// are closed by the server, and a client vanishing mid-request harms nobody else.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "rawhttp.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

bool waitClosed(QTcpSocket &socket, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
}
} // namespace

class TestLimits final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void hugeBodyIsRefusedWithoutBuffering();
    void chunkedBody_data();
    void chunkedBody();
    void head_data();
    void head();
    void wrongMethod_data();
    void wrongMethod();
    void connectionClose_data();
    void connectionClose();
    void keepAliveIsReusedThenIdleClosed();
    void clientVanishesMidRequest_data();
    void clientVanishesMidRequest();

private:
    std::unique_ptr<QTcpSocket> connectRaw(const DispatchdProcess &server) const;
    QByteArray requestHead(const QByteArray &method, const QByteArray &target,
                           const QList<QByteArray> &extraHeaders = {},
                           const QByteArray &version = "HTTP/1.1") const;
    /// The server still answers: health, an authenticated read and a write.
    void verifyServerHealthy();

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    QString m_jobId;
    QByteArray m_jobEtag;
};

std::unique_ptr<QTcpSocket> TestLimits::connectRaw(const DispatchdProcess &server) const
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(u"127.0.0.1"_s, server.port());
    if (!socket->waitForConnected(10000))
        return {};
    return socket;
}

QByteArray TestLimits::requestHead(const QByteArray &method, const QByteArray &target,
                                   const QList<QByteArray> &extraHeaders,
                                   const QByteArray &version) const
{
    QByteArray head = method + ' ' + target + ' ' + version +
                      "\r\nHost: 127.0.0.1:" + QByteArray::number(m_server.port()) +
                      "\r\nAuthorization: Bearer " + m_office->dispatcher.token + "\r\n";
    for (const QByteArray &header : extraHeaders)
        head += header + "\r\n";
    return head + "\r\n";
}

void TestLimits::verifyServerHealthy()
{
    QVERIFY2(m_server.isRunning(), m_server.stderrOutput().right(2000).constData());
    HttpTestClient anonymous(m_server.baseUrl());
    const HttpResult health = anonymous.get(u"/healthz"_s);
    QVERIFY2(health.status == 200, health.describe());
    HttpTestClient client = m_office->client(m_office->dispatcher);
    const HttpResult read = client.get(u"/jobs/"_s + m_jobId);
    QVERIFY2(read.status == 200, read.describe());
    const HttpResult write = client.postJson(
        u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, u"limits: still here"_s}}}});
    QVERIFY2(write.status == 201, write.describe());
}

void TestLimits::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    const QJsonObject job = m_office->createJob({{u"title"_s, u"limits: a job"_s}}, &m_jobEtag);
    QVERIFY(!job.isEmpty());
    m_jobId = job[u"id"_s].toString();
}

void TestLimits::hugeBodyIsRefusedWithoutBuffering()
{
    constexpr qint64 Declared = 300LL * 1024 * 1024;
    constexpr qint64 AllowedGrowthKiB = 50 * 1024;
    const qint64 pid = m_server.pid();
    verifyServerHealthy(); // warm: the routes and the database are in use before measuring
    const qint64 baselineKiB = DispatchdProcess::residentKiB(pid);
    QVERIFY(baselineKiB > 0);

    auto socket = connectRaw(m_server);
    QVERIFY(socket);
    socket->write(requestHead(
        "POST", "/api/v1/jobs",
        {"Content-Type: application/json", "Content-Length: " + QByteArray::number(Declared)}));

    // Stream spaces with at most a few chunks queued, so the test never holds the body
    // either; stop as soon as a whole answer is in (the server may answer early).
    const QByteArray chunk(256 * 1024, ' ');
    qint64 sent = 0;
    qint64 peakKiB = baselineKiB;
    QByteArray buffer;
    std::optional<RawResponse> response;
    QElapsedTimer elapsed;
    elapsed.start();
    const QDeadlineTimer deadline(180000);
    for (int round = 0; !deadline.hasExpired(); ++round) {
        buffer += socket->readAll();
        if ((response = parseResponse(buffer, false)))
            break;
        if (socket->state() != QAbstractSocket::ConnectedState)
            break;
        if (sent < Declared) {
            if (socket->bytesToWrite() < 4 * chunk.size()) {
                const qint64 n = std::min<qint64>(chunk.size(), Declared - sent);
                socket->write(chunk.constData(), n);
                sent += n;
            }
            socket->waitForBytesWritten(100);
        } else {
            socket->waitForReadyRead(100);
        }
        if (round % 32 == 0)
            peakKiB = std::max(peakKiB, DispatchdProcess::residentKiB(pid));
    }
    if (!response) {
        buffer += socket->readAll();
        response = parseResponse(buffer, false);
    }
    peakKiB = std::max(peakKiB, DispatchdProcess::residentKiB(pid));
    qInfo("sent %lld of %lld bytes in %lld ms; server RSS %lld KiB -> peak %lld KiB",
          qlonglong(sent), qlonglong(Declared), qlonglong(elapsed.elapsed()),
          qlonglong(baselineKiB), qlonglong(peakKiB));

    QVERIFY2(response, QByteArray("no complete answer to a 300 MB body; got: " + buffer.left(300) +
                                  " socket: " + socket->errorString().toUtf8()));
    QCOMPARE(response->status, 413);
    QCOMPARE(response->errorCode(), u"PAYLOAD_TOO_LARGE"_s);
    QVERIFY2(peakKiB - baselineKiB < AllowedGrowthKiB,
             QByteArray("dispatchd grew by " + QByteArray::number((peakKiB - baselineKiB) / 1024) +
                        " MB"));
    socket->abort();
    verifyServerHealthy();
}

void TestLimits::chunkedBody_data()
{
    QTest::addColumn<qint64>("padding"); // bytes of JSON whitespace inside the object
    QTest::addColumn<int>("status");
    QTest::newRow("small chunked JSON is read") << qint64(1000) << 201;
    QTest::newRow("just over 1 MiB") << qint64(1024 * 1024 + 1) << 413;
    QTest::newRow("8 MiB") << qint64(8 * 1024 * 1024) << 413;
}

void TestLimits::chunkedBody()
{
    QFETCH(qint64, padding);
    QFETCH(int, status);

    auto socket = connectRaw(m_server);
    QVERIFY(socket);
    socket->write(requestHead("POST", "/api/v1/jobs",
                              {"Content-Type: application/json", "Transfer-Encoding: chunked"}));
    const auto writeChunk = [&](const QByteArray &data) {
        socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    };
    // {"fields":{"title":"..."}   <padding spaces>   }
    const QByteArray open =
        json({{u"fields"_s, QJsonObject{{u"title"_s, u"limits: chunked"_s}}}}).chopped(1);
    writeChunk(open);
    const QByteArray spaces(64 * 1024, ' ');
    qint64 sent = 0;
    QByteArray buffer;
    std::optional<RawResponse> response;
    while (sent < padding && socket->state() == QAbstractSocket::ConnectedState) {
        const qint64 n = std::min<qint64>(spaces.size(), padding - sent);
        writeChunk(spaces.left(n));
        sent += n;
        socket->waitForBytesWritten(100);
        buffer += socket->readAll();
        if ((response = parseResponse(buffer, false)))
            break; // answered early: fine
    }
    if (!response) {
        if (socket->state() == QAbstractSocket::ConnectedState) {
            writeChunk("}");
            socket->write("0\r\n\r\n");
        }
        response = readResponse(*socket, buffer);
    }
    QVERIFY2(response, QByteArray("no answer; got: " + buffer.left(300)));
    QVERIFY2(response->status == status,
             QByteArray(QByteArray::number(response->status) + ' ' + response->body.left(300)));
    if (status == 413)
        QCOMPARE(response->errorCode(), u"PAYLOAD_TOO_LARGE"_s);
    socket->abort();
    verifyServerHealthy();
}

void TestLimits::head_data()
{
    QTest::addColumn<QString>("path"); // under /api/v1 unless it starts with "//"
    QTest::newRow("job") << u"/jobs/{id}"_s;
    QTest::newRow("job list") << u"/jobs"_s;
    QTest::newRow("history") << u"/jobs/{id}/history"_s;
    QTest::newRow("offers") << u"/offers"_s;
    QTest::newRow("events") << u"/events?after=0"_s;
    QTest::newRow("healthz") << u"//healthz"_s;
    QTest::newRow("unknown job") << u"/jobs/no-such-job"_s;
}

void TestLimits::head()
{
    QFETCH(QString, path);
    path.replace(u"{id}"_s, m_jobId);
    const QByteArray target =
        path.startsWith(u"//") ? path.mid(1).toLatin1() : "/api/v1" + path.toLatin1();

    // The GET it must mirror.
    auto socket = connectRaw(m_server);
    QVERIFY(socket);
    QByteArray buffer;
    socket->write(requestHead("GET", target));
    const auto get = readResponse(*socket, buffer);
    QVERIFY(get);

    // HEAD, then a second request on the same connection: if HEAD sent any body, the second
    // answer would not start where it should.
    socket->write(requestHead("HEAD", target));
    const auto head = readResponse(*socket, buffer, true);
    QVERIFY(head);
    QCOMPARE(head->status, get->status);
    QCOMPARE(head->header("ETag"), get->header("ETag"));
    QCOMPARE(head->header("Content-Type"), get->header("Content-Type"));
    // RFC 9110 §8.6: a Content-Length on HEAD must be the one GET would send.
    if (head->hasHeader("Content-Length"))
        QCOMPARE(head->header("Content-Length").toLongLong(), qlonglong(get->body.size()));
    socket->write(requestHead("GET", "/healthz"));
    const auto after = readResponse(*socket, buffer);
    QVERIFY2(after && after->status == 200,
             QByteArray("HEAD was followed by stray bytes: " + buffer.left(300)));
}

void TestLimits::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("allowed");
    QTest::newRow("POST job") << "POST"_ba << u"/jobs/{id}"_s
                              << QStringList{u"GET"_s, u"PATCH"_s, u"DELETE"_s};
    QTest::newRow("PUT job") << "PUT"_ba << u"/jobs/{id}"_s
                             << QStringList{u"GET"_s, u"PATCH"_s, u"DELETE"_s};
    QTest::newRow("DELETE jobs") << "DELETE"_ba << u"/jobs"_s << QStringList{u"GET"_s, u"POST"_s};
    QTest::newRow("GET transition")
        << "GET"_ba << u"/jobs/{id}/transition"_s << QStringList{u"POST"_s};
    QTest::newRow("POST history") << "POST"_ba << u"/jobs/{id}/history"_s << QStringList{u"GET"_s};
    QTest::newRow("PATCH events") << "PATCH"_ba << u"/events"_s << QStringList{u"GET"_s};
    QTest::newRow("GET login") << "GET"_ba << u"/auth/login"_s << QStringList{u"POST"_s};
}

void TestLimits::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QStringList, allowed);
    path.replace(u"{id}"_s, m_jobId);

    HttpTestClient client = m_office->client(m_office->dispatcher);
    const HttpResult result = client.request(method, path, {}, {{"If-Match"_ba, m_jobEtag}});
    QVERIFY2(result.status == 405, result.describe());
    QCOMPARE(result.errorCode(), u"METHOD_NOT_ALLOWED"_s);
    QStringList allow;
    for (const QByteArray &token : result.header("Allow").split(','))
        allow.append(QString::fromLatin1(token.trimmed()));
    for (const QString &expected : std::as_const(allowed))
        QVERIFY2(allow.contains(expected), QByteArray("Allow: " + result.header("Allow")));
    QVERIFY2(!allow.contains(QString::fromLatin1(method)),
             QByteArray("Allow: " + result.header("Allow")));
    // Nothing happened to the job.
    QCOMPARE(client.get(u"/jobs/"_s + m_jobId).header("ETag"), m_jobEtag);

    // An unknown path is 404, not 405.
    const HttpResult unknown = client.request(method, u"/no-such-route"_s);
    QVERIFY2(unknown.status == 404, unknown.describe());
}

void TestLimits::connectionClose_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::newRow("HTTP/1.1 Connection: close")
        << "HTTP/1.1"_ba << QList<QByteArray>{"Connection: close"};
    QTest::newRow("HTTP/1.0") << "HTTP/1.0"_ba << QList<QByteArray>{};
}

void TestLimits::connectionClose()
{
    QFETCH(QByteArray, version);
    QFETCH(QList<QByteArray>, headers);
    auto socket = connectRaw(m_server);
    QVERIFY(socket);
    QByteArray buffer;
    socket->write(requestHead("GET", "/api/v1/jobs/" + m_jobId.toLatin1(), headers, version));
    const auto response = readResponse(*socket, buffer);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json()[u"id"_s].toString(), m_jobId);
    QVERIFY2(waitClosed(*socket, 10000), "the server kept the connection open");
}

void TestLimits::keepAliveIsReusedThenIdleClosed()
{
    // A short idle timeout when dispatchd offers one; otherwise its 30 s default, once.
    QProcess help;
    help.start(DispatchdProcess::binaryPath(), {u"--help"_s});
    QVERIFY(help.waitForFinished(10000));
    const QString usage =
        QString::fromUtf8(help.readAllStandardOutput() + help.readAllStandardError());
    static const QRegularExpression flag(u"--idle-timeout(-ms)?\\b"_s);
    const QRegularExpressionMatch match = flag.match(usage);

    DispatchdProcess shortIdle;
    DispatchdProcess *server = &m_server;
    int idleMs = 30000;
    if (match.hasMatch()) {
        const bool millis = match.captured(1) == u"-ms";
        idleMs = 1500;
        DispatchdProcess::Options options;
        options.extraArgs = {match.captured(0),
                             millis ? QString::number(idleMs) : QString::number(2)};
        if (!millis)
            idleMs = 2000;
        QVERIFY(shortIdle.start(options));
        server = &shortIdle;
        qInfo("using %s with %d ms", qPrintable(match.captured(0)), idleMs);
    } else {
        qInfo("dispatchd --help names no idle-timeout flag: waiting for the 30 s default");
    }

    auto used = connectRaw(*server);
    auto silent = connectRaw(*server); // connects and never says a word
    QVERIFY(used && silent);
    QByteArray buffer;
    const QByteArray health = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    used->write(health);
    QVERIFY(readResponse(*used, buffer));
    used->write(health);
    const auto second = readResponse(*used, buffer);
    QVERIFY2(second && second->status == 200, "keep-alive: the second request got no answer");
    QVERIFY(used->state() == QAbstractSocket::ConnectedState);

    QVERIFY2(waitClosed(*used, idleMs + 15000), "an idle keep-alive connection stayed open");
    QVERIFY2(waitClosed(*silent, idleMs + 15000), "a connection that never sent stayed open");
}

void TestLimits::clientVanishesMidRequest_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("reset"); // abort (RST) rather than close (FIN)
    QTest::addColumn<int>("connections");

    const QByteArray post = "POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: 1000\r\n";
    QTest::newRow("mid request line") << "POST /api/v1/jo"_ba << false << 1;
    QTest::newRow("mid headers, close") << post.left(60) << false << 1;
    QTest::newRow("mid headers, reset") << post.left(60) << true << 1;
    QTest::newRow("mid body, close") << post + "\r\n{\"fields\":{\"ti"_ba << false << 1;
    QTest::newRow("mid body, reset") << post + "\r\n{\"fields\":{\"ti"_ba << true << 1;
    QTest::newRow("before reading the answer")
        << "GET /api/v1/jobs?limit=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"_ba
        << true << 1;
    QTest::newRow("mid WebSocket upgrade")
        << "GET /api/v1/stream?token={token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"_ba
        << false << 1;
    QTest::newRow("twenty at once, mid body") << post + "\r\n{\"fields\""_ba << true << 20;
}

void TestLimits::clientVanishesMidRequest()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, reset);
    QFETCH(int, connections);
    bytes.replace("{token}", m_office->dispatcher.token);

    HttpTestClient client = m_office->client(m_office->dispatcher);
    const auto jobCount = [&] {
        return client.get(u"/jobs?limit=1000"_s).json()[u"items"_s].toArray().size();
    };
    const qsizetype jobsBefore = jobCount();

    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < connections; ++i) {
        auto socket = connectRaw(m_server);
        QVERIFY(socket);
        socket->write(bytes);
        QVERIFY(socket->waitForBytesWritten(5000));
        sockets.push_back(std::move(socket));
    }
    for (auto &socket : sockets) {
        if (reset) {
            socket->abort();
        } else {
            socket->disconnectFromHost();
            if (socket->state() != QAbstractSocket::UnconnectedState)
                socket->waitForDisconnected(5000);
        }
    }
    sockets.clear();

    verifyServerHealthy();
    if (QTest::currentTestFailed())
        return;
    // Half a POST created nothing (the health check itself made one job).
    QCOMPARE(jobCount(), jobsBefore + 1);
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
