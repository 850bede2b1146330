// HttpFrontend on loopback, driven with raw sockets: routing answers (404, 405, HEAD, OPTIONS),
// headers every response must carry, body limits without buffering, 100-continue, connection
// management (close, idle, cap, pipelining, clients that leave) and the WebSocket hand-off.

#include "httpfrontend.h"
#include "servermetrics.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <optional>

using namespace dispatch::server;
using namespace Qt::StringLiterals;

namespace {

struct RawResponse {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        return std::any_of(headers.begin(), headers.end(), [&](const auto &h) {
            return h.first.compare(name, Qt::CaseInsensitive) == 0;
        });
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const
    {
        return json().value(u"error").toObject().value(u"code").toString();
    }
};

/// Pops one complete response off the front of `buffer`. A HEAD answer, 1xx, 204 and 304
/// have no body whatever their Content-Length says.
bool takeResponse(QByteArray &buffer, RawResponse *response, bool head = false)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    RawResponse parsed;
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || statusLine.first() != "HTTP/1.1")
        return false;
    parsed.status = statusLine.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            parsed.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    qint64 length = parsed.header("Content-Length").toLongLong();
    if (head || parsed.status < 200 || parsed.status == 204 || parsed.status == 304)
        length = 0;
    if (buffer.size() < end + 4 + length)
        return false;
    parsed.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    *response = parsed;
    return true;
}

/// Runs the event loop until `done()` holds or `timeoutMs` passes. Unlike QTest::qWaitFor,
/// which sleeps 10 ms between rounds (6 MB/s for a streamed upload), this never sleeps.
template<typename Predicate> bool spinUntil(Predicate done, int timeoutMs)
{
    if (done())
        return true;
    // done() may consume what it waits for (a parsed response), so it is called until it
    // first holds and never again.
    bool held = false;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (!held && done()) {
            held = true;
            loop.quit();
        }
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return held;
}

/// A client on a raw socket. The server runs on this thread, so waiting means spinning the
/// event loop (spinUntil), never a blocking waitFor*() call.
class RawClient {
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
            if (m_reading)
                m_buffer += m_socket.readAll();
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    QTcpSocket &socket() { return m_socket; }
    QByteArray &buffer() { return m_buffer; }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    /// Stops (or resumes) reading answers, as a client that pipelines but never reads.
    void setReading(bool reading)
    {
        m_reading = reading;
        m_socket.setReadBufferSize(reading ? 0 : 64 << 10);
        if (reading)
            m_buffer += m_socket.readAll();
    }

    bool waitConnected()
    {
        return spinUntil([&] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    std::optional<RawResponse> next(bool head = false, int timeoutMs = 10000)
    {
        RawResponse response;
        if (spinUntil([&] { return takeResponse(m_buffer, &response, head); }, timeoutMs))
            return response;
        return std::nullopt;
    }
    bool waitClosed(int timeoutMs = 10000)
    {
        return spinUntil([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                         timeoutMs);
    }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_reading = true;
};

QByteArray get(QByteArrayView path, QByteArrayView extraHeaders = {})
{
    return "GET " + path.toByteArray() + " HTTP/1.1\r\nHost: localhost\r\n" +
           extraHeaders.toByteArray() + "\r\n";
}

QByteArray post(QByteArrayView path, const QByteArray &body, QByteArrayView extraHeaders = {})
{
    return "POST " + path.toByteArray() +
           " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n" + extraHeaders.toByteArray() + "\r\n" + body;
}

QByteArray chunked(const QList<QByteArray> &chunks, QByteArrayView trailers = {})
{
    QByteArray out;
    for (const QByteArray &chunk : chunks)
        out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    return out + "0\r\n" + trailers.toByteArray() + "\r\n";
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

bool isGeneratedId(const QByteArray &id)
{
    return id.size() == 16 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

HttpResponse jsonOf(int status, const QJsonObject &object)
{
    return HttpResponse::json(status, object);
}

} // namespace

class tst_HttpFrontend final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HttpFrontend> start(HttpLimits limits = {})
    {
        auto frontend = std::make_unique<HttpFrontend>(limits);
        HttpRouter &router = frontend->router();
        router.addRoute("GET", QStringLiteral("/api/v1/things/<id>"),
                        QStringLiteral("GET /things/{id}"), [](const HttpRequest &request) {
                            return jsonOf(200, {{u"id"_s, request.args.value(0)},
                                                {u"method"_s, QString::fromLatin1(request.method)}})
                                .withHeader("ETag", "\"v1\"");
                        });
        router.addRoute("GET", QStringLiteral("/api/v1/things/special"),
                        QStringLiteral("GET /things/special"), [](const HttpRequest &) {
                            return jsonOf(200, {{u"special"_s, true}});
                        });
        router.addRoute("PATCH", QStringLiteral("/api/v1/things/<id>"),
                        QStringLiteral("PATCH /things/{id}"),
                        [](const HttpRequest &) { return jsonOf(200, {}); });
        router.addRoute(
            "GET", QStringLiteral("/api/v1/things/<id>/parts/<part>"),
            QStringLiteral("GET /things/{id}/parts/{part}"), [](const HttpRequest &request) {
                return jsonOf(200,
                              {{u"args"_s, QJsonArray::fromStringList(request.args)},
                               {u"q"_s, request.query.queryItemValue(u"q"_s, QUrl::FullyDecoded)}});
            });
        const auto echo = [](const HttpRequest &request) {
            return jsonOf(200, {{u"bytes"_s, double(request.body.size())},
                                {u"head"_s, QString::fromLatin1(request.body.left(16))}});
        };
        router.addRoute("POST", QStringLiteral("/api/v1/echo"), QStringLiteral("POST /echo"), echo);
        router.addRoute("POST", QStringLiteral("/api/v1/jobs/<id>/photos"),
                        QStringLiteral("POST /jobs/{id}/photos"), echo);
        router.addRoute("GET", QStringLiteral("/api/v1/cached"), QStringLiteral("GET /cached"),
                        [](const HttpRequest &) {
                            HttpResponse response = HttpResponse::noContent(304);
                            response.contentType = "application/json"; // must be dropped
                            return response.withHeader("ETag", "\"e7\"");
                        });
        router.addRoute("GET", QStringLiteral("/api/v1/big"), QStringLiteral("GET /big"),
                        [](const HttpRequest &request) {
                            return HttpResponse::text(
                                200, QByteArray(64 << 10, request.query.query().at(0).toLatin1()),
                                "application/octet-stream");
                        });
        router.addRoute("GET", QStringLiteral("/api/v1/slow"), QStringLiteral("GET /slow"),
                        [](const HttpRequest &) {
                            // A handler that spins an event loop: the client may leave meanwhile.
                            QEventLoop loop;
                            QTimer::singleShot(300, &loop, &QEventLoop::quit);
                            loop.exec();
                            return jsonOf(200, {{u"slow"_s, true}});
                        });
        router.addRoute(
            "GET", QStringLiteral("/api/v1/throws"), QStringLiteral("GET /throws"),
            [](const HttpRequest &) -> HttpResponse { throw std::runtime_error("handler bug"); });
        HttpFrontend *raw = frontend.get();
        router.addRoute("GET", QStringLiteral("/metrics"), QStringLiteral("GET /metrics"),
                        [raw](const HttpRequest &) {
                            return HttpResponse::text(200, raw->metrics().renderPrometheus(),
                                                      ServerMetrics::kContentType);
                        });
        if (!frontend->listen(QHostAddress::LocalHost, 0))
            return nullptr;
        return frontend;
    }

private slots:
    void unknownPathIs404Json()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/nothing-here"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 404);
        QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(response->errorCode(), QStringLiteral("NOT_FOUND"));
        QVERIFY(isGeneratedId(response->header("X-Request-Id")));
        QVERIFY(response->hasHeader("Date"));
    }

    void wrongMethodIs405WithAllow_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("DELETE on GET+PATCH path")
            << QByteArray("DELETE /api/v1/things/1 HTTP/1.1\r\nHost: x\r\n\r\n")
            << QByteArray("GET, HEAD, OPTIONS, PATCH");
        QTest::newRow("GET on POST path") << get("/api/v1/echo") << QByteArray("OPTIONS, POST");
        QTest::newRow("lower-case method is another method")
            << QByteArray("get /api/v1/cached HTTP/1.1\r\nHost: x\r\n\r\n")
            << QByteArray("GET, HEAD, OPTIONS");
    }
    void wrongMethodIs405WithAllow()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, allow);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(request);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 405);
        QCOMPARE(response->header("Allow"), allow);
        QCOMPARE(response->errorCode(), QStringLiteral("METHOD_NOT_ALLOWED"));
        QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
    }

    void optionsAnswers204WithAllow()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send("OPTIONS /api/v1/echo HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 204);
        QCOMPARE(response->header("Allow"), QByteArray("OPTIONS, POST"));
        QVERIFY(!response->hasHeader("Content-Type"));
    }

    void headHasGetHeadersAndNoBody()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        // HEAD then GET on one connection: if HEAD leaked a body, the GET would not parse.
        client.send("HEAD /api/v1/things/42 HTTP/1.1\r\nHost: x\r\n\r\n" +
                    get("/api/v1/things/42"));
        const auto head = client.next(true);
        QVERIFY(head);
        const auto full = client.next();
        QVERIFY(full);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(head->header("ETag"), QByteArray("\"v1\""));
        QCOMPARE(full->status, 200);
        QCOMPARE(full->json().value(u"method").toString(), QStringLiteral("GET"));
        // The GET handler saw "HEAD", so its body is one byte longer than for "GET".
        QCOMPARE(head->header("Content-Length").toInt(), full->body.size() + 1);
        QVERIFY(client.buffer().isEmpty());
    }

    void headOn404HasNoBody()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send("HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" + get("/api/v1/things/1"));
        const auto head = client.next(true);
        QVERIFY(head);
        QCOMPARE(head->status, 404);
        const auto next = client.next();
        QVERIFY(next);
        QCOMPARE(next->status, 200);
    }

    void requestIdEchoedOrGenerated_data()
    {
        QTest::addColumn<QByteArray>("given");
        QTest::addColumn<bool>("echoed");
        QTest::newRow("plain") << QByteArray("abc-123") << true;
        QTest::newRow("128 chars") << QByteArray(128, 'x') << true;
        QTest::newRow("129 chars") << QByteArray(129, 'x') << false;
        QTest::newRow("inner space") << QByteArray("a b") << false;
        QTest::newRow("non-ASCII") << QByteArray("caf\xc3\xa9") << false;
        QTest::newRow("absent") << QByteArray() << false;
    }
    void requestIdEchoedOrGenerated()
    {
        QFETCH(QByteArray, given);
        QFETCH(bool, echoed);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/things/1",
                        given.isEmpty() ? QByteArray() : "X-Request-Id: " + given + "\r\n"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        const QByteArray id = response->header("X-Request-Id");
        if (echoed)
            QCOMPARE(id, given);
        else
            QVERIFY2(isGeneratedId(id), id.constData());
    }

    void notModifiedHasNoBodyNorType()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/cached") + get("/api/v1/things/9"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 304);
        QVERIFY(!response->hasHeader("Content-Type"));
        QVERIFY(!response->hasHeader("Content-Length"));
        QCOMPARE(response->header("ETag"), QByteArray("\"e7\""));
        QVERIFY(response->hasHeader("X-Request-Id"));
        const auto next = client.next(); // nothing in between: the 304 had no body
        QVERIFY(next);
        QCOMPARE(next->json().value(u"id").toString(), QStringLiteral("9"));
    }

    void routeCaptures_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("two captures")
            << QByteArray("/api/v1/things/7/parts/wheel") << 200 << QStringList{u"7"_s, u"wheel"_s};
        QTest::newRow("decoded") << QByteArray("/api/v1/things/a%20b/parts/%C3%A9") << 200
                                 << QStringList{u"a b"_s, u"é"_s};
        QTest::newRow("encoded slash stays in its segment")
            << QByteArray("/api/v1/things/a%2Fb/parts/c") << 200 << QStringList{u"a/b"_s, u"c"_s};
        QTest::newRow("query does not disturb")
            << QByteArray("/api/v1/things/1/parts/2?q=x%26y") << 200 << QStringList{u"1"_s, u"2"_s};
        QTest::newRow("capture never spans /")
            << QByteArray("/api/v1/things/a/b/parts/c") << 404 << QStringList();
        QTest::newRow("empty segment captures nothing")
            << QByteArray("/api/v1/things//parts/c") << 404 << QStringList();
        QTest::newRow("trailing slash is another path")
            << QByteArray("/api/v1/things/1/parts/2/") << 404 << QStringList();
    }
    void routeCaptures()
    {
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        QFETCH(QStringList, args);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get(path));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        if (status == 200) {
            QStringList got;
            for (const QJsonValue &v : response->json().value(u"args").toArray())
                got.append(v.toString());
            QCOMPARE(got, args);
        }
        if (path.contains("?q="))
            QCOMPARE(response->json().value(u"q").toString(), QStringLiteral("x&y"));
    }

    void peerAddressIsPlainIPv4OnADualStackListener()
    {
        auto frontend = std::make_unique<HttpFrontend>(HttpLimits{});
        QHostAddress seen;
        frontend->router().addRoute("GET", u"/peer"_s, u"GET /peer"_s,
                                    [&](const HttpRequest &request) {
                                        seen = request.peer;
                                        return HttpResponse::noContent(204);
                                    });
        if (!frontend->listen(QHostAddress::Any, 0))
            QSKIP("no dual-stack listener on this machine");
        RawClient client(frontend->serverPort());
        client.send(get("/peer"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 204);
        QCOMPARE(seen, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(seen.protocol(), QAbstractSocket::IPv4Protocol);
    }

    void literalBeatsCapture()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/things/special") + get("/api/v1/things/other"));
        const auto special = client.next();
        const auto other = client.next();
        QVERIFY(special && other);
        QCOMPARE(special->json().value(u"special").toBool(), true);
        QCOMPARE(other->json().value(u"id").toString(), QStringLiteral("other"));
    }

    void handlerExceptionIs500()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/throws") + get("/api/v1/things/1"));
        const auto failed = client.next();
        QVERIFY(failed);
        QCOMPARE(failed->status, 500);
        QCOMPARE(failed->header("Content-Type"), QByteArray("application/json"));
        const auto next = client.next();
        QVERIFY(next);
        QCOMPARE(next->status, 200);
    }

    void hugeUploadRefusedWithoutBuffering()
    {
        const qint64 megabytes = qEnvironmentVariableIsSet("DISPATCH_TEST_UPLOAD_MB")
                                     ? qEnvironmentVariableIntValue("DISPATCH_TEST_UPLOAD_MB")
                                     : 300;
        const qint64 total = megabytes << 20;
        auto server = start();
        QVERIFY(server);
        const qint64 rssBefore = residentKiB();
        QVERIFY(rssBefore > 0);

        RawClient client(server->serverPort());
        QVERIFY(client.waitConnected());
        client.send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                    QByteArray::number(total) + "\r\n\r\n");
        // Stream the body from one reused 64 KiB buffer, keeping our own send queue short.
        const QByteArray chunk(64 << 10, 'z');
        qint64 sent = 0;
        qint64 rssPeak = rssBefore;
        const auto pump = [&] {
            while (sent < total && client.socket().bytesToWrite() < (1 << 20) &&
                   client.socket().state() == QAbstractSocket::ConnectedState) {
                const qint64 n = std::min<qint64>(chunk.size(), total - sent);
                client.socket().write(chunk.constData(), n);
                sent += n;
            }
            if ((sent >> 20) % 16 == 0)
                rssPeak = std::max(rssPeak, residentKiB());
        };
        QObject::connect(&client.socket(), &QTcpSocket::bytesWritten, &client.socket(), pump);
        pump();
        QVERIFY2(
            spinUntil([&] { return sent == total && !client.socket().bytesToWrite(); }, 120000),
            qPrintable(QStringLiteral("sent %1 of %2").arg(sent).arg(total)));

        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 413);
        QCOMPARE(response->errorCode(), QStringLiteral("PAYLOAD_TOO_LARGE"));
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        rssPeak = std::max(rssPeak, residentKiB());
        const qint64 growthKiB = rssPeak - rssBefore;
        qInfo("VmRSS before %lld KiB, peak %lld KiB, growth %lld KiB for a %lld MiB upload",
              rssBefore, rssPeak, growthKiB, megabytes);
        QVERIFY2(growthKiB < 50 * 1024, qPrintable(QString::number(growthKiB)));
        QTRY_COMPARE(server->openConnections(), 0);
        QCOMPARE(server->metrics().requestCount(u"frontend"_s, 413), quint64(1));
    }

    void bodyLimitDependsOnRoute_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("JSON at the cap") << QByteArray("/api/v1/echo") << (1 << 20) << 200;
        QTest::newRow("JSON one over") << QByteArray("/api/v1/echo") << (1 << 20) + 1 << 413;
        QTest::newRow("photo over JSON cap")
            << QByteArray("/api/v1/jobs/j1/photos") << (2 << 20) << 200;
        QTest::newRow("photo at its cap")
            << QByteArray("/api/v1/jobs/j1/photos") << (10 << 20) << 200;
        QTest::newRow("photo over its cap")
            << QByteArray("/api/v1/jobs/j1/photos") << (10 << 20) + 1 << 413;
        QTest::newRow("not the photo route")
            << QByteArray("/api/v1/jobs/j1/x/photos") << (2 << 20) << 413;
    }
    void bodyLimitDependsOnRoute()
    {
        QFETCH(QByteArray, path);
        QFETCH(int, bytes);
        QFETCH(int, status);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(post(path, QByteArray(bytes, 'b')));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        if (status == 200)
            QCOMPARE(response->json().value(u"bytes").toInt(), bytes);
        else
            QVERIFY(client.waitClosed());
    }

    void chunkedBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("bytes");
        QTest::newRow("three chunks") << chunked({"hello ", "chunked ", "world"}) << 200 << 19;
        QTest::newRow("extensions and trailers")
            << QByteArray("5;name=value\r\nhello\r\n0\r\nX-Trailer: yes\r\n\r\n") << 200 << 5;
        QTest::newRow("upper-case hex") << chunked({QByteArray(0x1A, 'q')}) << 200 << 26;
        QTest::newRow("at the cap")
            << chunked({QByteArray(1 << 19, 'a'), QByteArray(1 << 19, 'b')}) << 200 << (1 << 20);
        QList<QByteArray> many;
        for (int i = 0; i < 32; ++i)
            many.append(QByteArray(64 << 10, 'c')); // 2 MiB in 64 KiB chunks
        QTest::newRow("over the cap") << chunked(many) << 413 << 0;
        QTest::newRow("one huge chunk announced")
            << QByteArray("40000000\r\n" + QByteArray(1000, 'x')) << 413 << 0;
        QTest::newRow("bad size") << QByteArray("zz\r\nhello\r\n0\r\n\r\n") << 400 << 0;
        QTest::newRow("missing CRLF after data") << QByteArray("2\r\nabc\r\n0\r\n\r\n") << 400 << 0;
    }
    void chunkedBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(int, bytes);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                    body);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        if (status == 200) {
            QCOMPARE(response->json().value(u"bytes").toInt(), bytes);
            // Keep-alive survives a chunked body.
            client.send(get("/api/v1/things/after"));
            const auto next = client.next();
            QVERIFY(next);
            QCOMPARE(next->status, 200);
        } else {
            QCOMPARE(response->header("Connection"), QByteArray("close"));
            QVERIFY(client.waitClosed());
        }
    }

    void expectContinue()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                    "Expect: 100-continue\r\n\r\n");
        const auto interim = client.next();
        QVERIFY(interim);
        QCOMPARE(interim->status, 100);
        client.send("0123456789");
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(u"bytes").toInt(), 10);
    }

    void expectContinueOverCapGets413Instead()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n"
                    "Expect: 100-continue\r\n\r\n");
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 413);
        QVERIFY(client.waitClosed());
    }

    void connectionHeaderHonoured_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("closes");
        QTest::addColumn<QByteArray>("connectionHeader");
        QTest::newRow("1.1 close")
            << get("/api/v1/things/1", "Connection: close\r\n") << true << QByteArray("close");
        QTest::newRow("1.1 default keep-alive") << get("/api/v1/things/1") << false << QByteArray();
        QTest::newRow("1.0 default close")
            << QByteArray("GET /api/v1/things/1 HTTP/1.0\r\n\r\n") << true << QByteArray("close");
        QTest::newRow("1.0 keep-alive")
            << QByteArray("GET /api/v1/things/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            << false << QByteArray("keep-alive");
    }
    void connectionHeaderHonoured()
    {
        QFETCH(QByteArray, request);
        QFETCH(bool, closes);
        QFETCH(QByteArray, connectionHeader);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(request);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("Connection"), connectionHeader);
        if (closes) {
            QVERIFY(client.waitClosed());
            QTRY_COMPARE(server->openConnections(), 0);
        } else {
            client.send(request);
            const auto second = client.next();
            QVERIFY(second);
            QCOMPARE(second->status, 200);
            QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
        }
    }

    void idleConnectionIsClosed()
    {
        HttpLimits limits;
        limits.idleTimeoutMs = 300;
        auto server = start(limits);
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/things/1"));
        QVERIFY(client.next());
        QCOMPARE(server->openConnections(), 1);
        QVERIFY(client.waitClosed(5000)); // waiting for the event, not timing it
        QTRY_COMPARE(server->openConnections(), 0);
    }

    void trickledHeadIsClosed()
    {
        HttpLimits limits;
        limits.idleTimeoutMs = 300;
        auto server = start(limits);
        QVERIFY(server);
        RawClient client(server->serverPort());
        // A few bytes of head, then silence: the connection must not live forever.
        client.send("GET /api/v1/thi");
        QVERIFY(client.waitClosed(5000));
        QTRY_COMPARE(server->openConnections(), 0);
    }

    void connectionCapAnswers503()
    {
        HttpLimits limits;
        limits.maxConnections = 2;
        auto server = start(limits);
        QVERIFY(server);
        RawClient first(server->serverPort());
        RawClient second(server->serverPort());
        // Both slots are working (a head under way, just begun): nothing can be made room for.
        first.send("GET /api/v1/thi");
        second.send("GET /api/v1/thi");
        QTRY_COMPARE(server->openConnections(), 2);
        QTest::qWait(50); // both heads have been seen

        RawClient third(server->serverPort());
        third.send(get("/api/v1/things/3"));
        const auto refused = third.next();
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        QCOMPARE(refused->errorCode(), QStringLiteral("SERVICE_UNAVAILABLE"));
        QCOMPARE(refused->header("Connection"), QByteArray("close"));
        QVERIFY(refused->hasHeader("X-Request-Id"));
        QVERIFY(third.waitClosed());

        first.socket().disconnectFromHost();
        QTRY_COMPARE(server->openConnections(), 1);
        RawClient fourth(server->serverPort());
        fourth.send(get("/api/v1/things/4"));
        const auto accepted = fourth.next();
        QVERIFY(accepted);
        QCOMPARE(accepted->status, 200);
    }

    void idleKeepAliveConnectionsMakeRoom()
    {
        // When every slot is taken, an idle keep-alive connection is closed for a newcomer:
        // its client loses nothing (it reconnects), the newcomer is served.
        HttpLimits limits;
        limits.maxConnections = 2;
        auto server = start(limits);
        QVERIFY(server);
        RawClient idle(server->serverPort());
        RawClient working(server->serverPort());
        idle.send(get("/api/v1/things/1"));
        QVERIFY(idle.next());
        working.send("GET /api/v1/thi");
        QTRY_COMPARE(server->openConnections(), 2);
        QTest::qWait(50);

        RawClient newcomer(server->serverPort());
        newcomer.send(get("/api/v1/things/3"));
        const auto answer = newcomer.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QVERIFY(idle.waitClosed());
        working.send("ngs/2 HTTP/1.1\r\nHost: test\r\n\r\n"); // the working one lives on
        const auto finished = working.next();
        QVERIFY(finished);
        QCOMPARE(finished->status, 200);
    }

    void pipelinedRequestsAnsweredInOrder()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        // Two GETs, a POST with a body, another GET, all in one write.
        client.send(get("/api/v1/things/1") + get("/api/v1/things/2") +
                    post("/api/v1/echo", "pipelined body") + get("/api/v1/things/3"));
        const auto r1 = client.next();
        const auto r2 = client.next();
        const auto r3 = client.next();
        const auto r4 = client.next();
        QVERIFY(r1 && r2 && r3 && r4);
        QCOMPARE(r1->json().value(u"id").toString(), QStringLiteral("1"));
        QCOMPARE(r2->json().value(u"id").toString(), QStringLiteral("2"));
        QCOMPARE(r3->json().value(u"head").toString(), QStringLiteral("pipelined body"));
        QCOMPARE(r4->json().value(u"id").toString(), QStringLiteral("3"));
    }

    void pipelinedBeyondWriteBacklog()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        // 64 answers of 64 KiB queue more than the front end lets pile up unsent; it pauses
        // and resumes, and every answer still arrives complete and in order.
        QByteArray requests;
        const QByteArray letters =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#";
        for (const char letter : letters)
            requests += get(QByteArray("/api/v1/big?" + QByteArray(1, letter)));
        client.send(requests);
        for (const char letter : letters) {
            const auto response = client.next();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body.size(), 64 << 10);
            QCOMPARE(response->body.front(), letter);
        }
    }

    void clientThatDoesNotReadIsPaused()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        QVERIFY(client.waitConnected());
        client.setReading(false);
        // 1000 pipelined requests for 64 KiB each: 64 MiB of answers nobody reads yet.
        constexpr int requests = 1000;
        QByteArray batch;
        for (int i = 0; i < requests; ++i)
            batch += get(QByteArray("/api/v1/big?" + QByteArray::number(i % 10)));
        const qint64 rssBefore = residentKiB();
        client.send(batch);
        QTest::qWait(1000);
        const qint64 growthKiB = residentKiB() - rssBefore;
        qInfo("VmRSS growth with 64 MiB of unread answers: %lld KiB", growthKiB);
        QVERIFY2(growthKiB < 24 * 1024, qPrintable(QString::number(growthKiB)));

        client.setReading(true);
        for (int i = 0; i < requests; ++i) {
            const auto response = client.next();
            QVERIFY2(response, qPrintable(QString::number(i)));
            QCOMPARE(response->body.size(), 64 << 10);
            QCOMPARE(response->body.front(), char('0' + i % 10));
        }
    }

    void clientLeavingEarlyIsHarmless()
    {
        auto server = start();
        QVERIFY(server);
        {
            RawClient client(server->serverPort());
            QVERIFY(client.waitConnected());
            client.send(get("/api/v1/slow"));
            QVERIFY(client.socket().waitForBytesWritten(1000));
            QTest::qWait(50); // the handler is now running its event loop
            client.socket().abort();
        }
        {
            RawClient client(server->serverPort());
            QVERIFY(client.waitConnected());
            client.send(get("/api/v1/slow") + get("/api/v1/slow"));
            QVERIFY(client.socket().waitForBytesWritten(1000));
            client.socket().disconnectFromHost();
        }
        QTest::qWait(800);
        QTRY_COMPARE(server->openConnections(), 0);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/things/still-alive"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::newRow("no Host in 1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two Hosts")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("folded header")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n") << 400;
        QTest::newRow("length and chunked")
            << QByteArray("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
            << 400;
        QTest::newRow("differing lengths")
            << QByteArray("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                          "Content-Length: 4\r\n\r\nabcd")
            << 400;
        QTest::newRow("negative length")
            << QByteArray("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
            << 400;
        QTest::newRow("gzip coding")
            << QByteArray("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\n"
                          "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
            << 501;
        QTest::newRow("chunked not last") << QByteArray("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\n"
                                                        "Transfer-Encoding: chunked, gzip\r\n\r\n")
                                          << 400;
        QTest::newRow("unknown expectation")
            << QByteArray("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n"
                          "Content-Length: 1\r\n\r\nx")
            << 417;
        QTest::newRow("head too large")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(70000, 'h') +
                          "\r\n\r\n")
            << 431;
        QTest::newRow("NUL in a value")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 37) << 400;
    }
    void malformedRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(request);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
        QVERIFY(!response->errorCode().isEmpty());
        QVERIFY(client.waitClosed());
    }

    void randomInputNeverBreaksTheServer()
    {
        auto server = start();
        QVERIFY(server);
        // Mutated requests (fixed seed, so a failure replays): every one is answered or
        // dropped, none crashes the server or leaves a connection behind.
        QRandomGenerator random(20260115);
        const QList<QByteArray> seeds{
            get("/api/v1/things/1"), post("/api/v1/echo", "{\"a\":1}"),
            "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                chunked({"abc", "defg"}),
            "HEAD /api/v1/things/1 HTTP/1.0\r\n\r\n"};
        static constexpr char letters[] = " \r\n:;/?%0aZ\t\0\xff-,chunked";
        const QByteArray alphabet(letters, sizeof letters - 1);
        for (int round = 0; round < 300; ++round) {
            QByteArray bytes = seeds.at(random.bounded(int(seeds.size())));
            const int edits = 1 + random.bounded(6);
            for (int e = 0; e < edits; ++e) {
                const int at = random.bounded(int(bytes.size()));
                switch (random.bounded(3)) {
                case 0:
                    bytes[at] = alphabet.at(random.bounded(int(alphabet.size())));
                    break;
                case 1:
                    bytes.insert(at, alphabet.at(random.bounded(int(alphabet.size()))));
                    break;
                default:
                    bytes.remove(at, 1 + random.bounded(4));
                    break;
                }
            }
            RawClient client(server->serverPort());
            client.send(bytes);
            // Wait for an answer or the server's close, briefly: a mutation can also leave a
            // request incomplete, which the server rightly waits for.
            spinUntil(
                [&] {
                    return !client.buffer().isEmpty() ||
                           client.socket().state() == QAbstractSocket::UnconnectedState;
                },
                20);
            client.socket().abort();
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->openConnections(), 0, 10000);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/things/still-here"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }

    void toleratedForms_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("bare LF line ends")
            << QByteArray("GET /api/v1/things/1 HTTP/1.1\nHost: x\n\n");
        QTest::newRow("empty lines before") << QByteArray("\r\n\r\n" + get("/api/v1/things/1"));
        QTest::newRow("absolute form")
            << QByteArray("GET http://localhost/api/v1/things/1 HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::newRow("repeated equal lengths")
            << QByteArray("GET /api/v1/things/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                          "Content-Length: 2\r\n\r\nab");
    }
    void toleratedForms()
    {
        QFETCH(QByteArray, request);
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(request);
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(u"id").toString(), QStringLiteral("1"));
    }

    void headArrivingByteByByte()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        QVERIFY(client.waitConnected());
        const QByteArray request = post("/api/v1/echo", "slowly");
        for (const char c : request) {
            client.send(QByteArray(1, c));
            QVERIFY(client.socket().waitForBytesWritten(1000));
            QCoreApplication::processEvents();
        }
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->json().value(u"head").toString(), QStringLiteral("slowly"));
    }

    void webSocketUpgradeIsHandedOver()
    {
        auto server = start();
        QVERIFY(server);
        QList<QPointer<QWebSocket>> accepted;
        connect(server.get(), &HttpFrontend::webSocketConnected, this,
                [&](QWebSocket *socket) { accepted.append(socket); });

        QWebSocket client;
        QSignalSpy connected(&client, &QWebSocket::connected);
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(
            QStringLiteral("ws://127.0.0.1:%1/api/v1/stream?token=t0k").arg(server->serverPort())));
        QTRY_COMPARE(accepted.size(), 1);
        QTRY_COMPARE(connected.size(), 1);
        QWebSocket *serverSide = accepted.first();
        QVERIFY(serverSide);
        QCOMPARE(QUrlQuery(serverSide->requestUrl()).queryItemValue(u"token"_s),
                 QStringLiteral("t0k"));
        QCOMPARE(server->openConnections(), 1);

        QSignalSpy serverReceived(serverSide, &QWebSocket::textMessageReceived);
        client.sendTextMessage(QStringLiteral("{\"resumeAfter\":0}"));
        QTRY_COMPARE(serverReceived.size(), 1);
        QCOMPARE(serverReceived.first().first().toString(), QStringLiteral("{\"resumeAfter\":0}"));
        serverSide->sendTextMessage(QStringLiteral("hello"));
        QTRY_COMPARE(received.size(), 1);

        QSignalSpy disconnected(&client, &QWebSocket::disconnected);
        int errors = 0;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        connect(&client, &QWebSocket::errorOccurred, this, [&] { ++errors; });
#else
        connect(&client, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
                [&] { ++errors; });
#endif
        serverSide->close(QWebSocketProtocol::CloseCode(4401), QStringLiteral("unauthenticated"));
        QTRY_COMPARE(disconnected.size(), 1);
        QCOMPARE(errors, 0);
        QCOMPARE(int(client.closeCode()), 4401);
        delete serverSide; // the receiver owns it; its TCP socket goes with it
        QTRY_COMPARE(server->openConnections(), 0);
    }

    void failedHandshakeLeavesNothingOpen()
    {
        auto server = start();
        QVERIFY(server);
        int handedOut = 0;
        connect(server.get(), &HttpFrontend::webSocketConnected, this, [&](QWebSocket *socket) {
            ++handedOut;
            delete socket;
        });
        RawClient client(server->serverPort());
        // An upgrade without Sec-WebSocket-Key/-Version: QWebSocketServer refuses it.
        client.send(get("/api/v1/stream", "Connection: Upgrade\r\nUpgrade: websocket\r\n"));
        QVERIFY(client.waitClosed());
        QCOMPARE(handedOut, 0);
        QTRY_COMPARE(server->openConnections(), 0);
    }

    void invalidHandlerStatusIs500()
    {
        auto server = start();
        QVERIFY(server);
        server->router().addRoute("GET", u"/api/v1/weird"_s, u"GET /weird"_s,
                                  [](const HttpRequest &) { return HttpResponse::noContent(101); });
        RawClient client(server->serverPort());
        client.send(get("/api/v1/weird"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 500);
        QCOMPARE(response->errorCode(), u"INTERNAL_ERROR"_s);
    }

    void worksOnAWorkerThread()
    {
        // The embedded console runs dispatchd on a worker thread: sockets, timers and the
        // WebSocket server must all follow the front end there.
        HttpLimits limits;
        limits.idleTimeoutMs = 300;
        auto server = start(limits);
        QVERIFY(server);
        const quint16 port = server->serverPort();
        QThread worker;
        HttpFrontend *frontend = server.release();
        frontend->moveToThread(&worker);
        connect(&worker, &QThread::finished, frontend, &QObject::deleteLater);
        worker.start();

        RawClient client(port);
        client.send(get("/api/v1/things/threaded"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->json().value(u"id").toString(), u"threaded"_s);
        QVERIFY(client.waitClosed(5000)); // the idle sweep runs on the worker thread

        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        ws.open(QUrl(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(port)));
        QTRY_COMPARE(connected.size(), 1);
        ws.close();

        worker.quit();
        QVERIFY(worker.wait(5000));
    }

    void upgradeElsewhereIsRouted()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/nope", "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                        "Sec-WebSocket-Version: 13\r\n"
                                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        const auto response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 404);
    }

    void metricsCountRoutes()
    {
        auto server = start();
        QVERIFY(server);
        RawClient client(server->serverPort());
        client.send(get("/api/v1/things/1") + get("/api/v1/things/2") + get("/nowhere") +
                    get("/metrics"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(client.next());
        const auto metrics = client.next();
        QVERIFY(metrics);
        QCOMPARE(metrics->status, 200);
        QCOMPARE(metrics->header("Content-Type"),
                 QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        const QByteArray text = metrics->body;
        QVERIFY2(text.contains(
                     "dispatch_http_requests_total{route=\"GET /things/{id}\",status=\"200\"} 2\n"),
                 text.constData());
        QVERIFY(
            text.contains("dispatch_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
        QVERIFY(text.contains("# TYPE dispatch_http_request_duration_seconds histogram\n"));
        QVERIFY(text.contains("dispatch_http_request_duration_seconds_bucket{route=\"GET "
                              "/things/{id}\",le=\"+Inf\"} 2\n"));
        QVERIFY(text.contains(
            "dispatch_http_request_duration_seconds_count{route=\"GET /things/{id}\"} 2\n"));
        QVERIFY(text.contains("dispatch_http_open_connections 1\n"));
        QVERIFY(text.contains("# TYPE dispatch_http_connections_accepted_total counter\n"));
    }

    void metricsRendering()
    {
        ServerMetrics metrics;
        metrics.observeRequest(QStringLiteral("odd \"route\"\\"), 200, 0.0007);
        metrics.observeRequest(QStringLiteral("odd \"route\"\\"), 200, 3.0);
        metrics.setGauge(QStringLiteral("dispatch_ws_clients"), QStringLiteral("Clients.\nNow."),
                         [] { return 3.5; });
        metrics.setCounter(QStringLiteral("dispatch_events_sent_total"), QStringLiteral("Events."),
                           [] { return 12.0; });
        metrics.setGauge(QStringLiteral("bad name"), QString(), [] { return 1.0; }); // ignored
        const QByteArray text = metrics.renderPrometheus();
        const QByteArray route = "route=\"odd \\\"route\\\"\\\\\"";
        QVERIFY2(text.contains(
                     QByteArray("dispatch_http_requests_total{" + route + ",status=\"200\"} 2\n")),
                 text.constData());
        QVERIFY(text.contains(QByteArray("dispatch_http_request_duration_seconds_bucket{" + route +
                                         ",le=\"0.0005\"} 0\n")));
        QVERIFY(text.contains(QByteArray("dispatch_http_request_duration_seconds_bucket{" + route +
                                         ",le=\"0.001\"} 1\n")));
        QVERIFY(text.contains(QByteArray("dispatch_http_request_duration_seconds_bucket{" + route +
                                         ",le=\"2.5\"} 1\n")));
        QVERIFY(text.contains(QByteArray("dispatch_http_request_duration_seconds_bucket{" + route +
                                         ",le=\"5.0\"} 2\n")));
        QVERIFY(text.contains(
            QByteArray("dispatch_http_request_duration_seconds_sum{" + route + "} 3.0007\n")));
        QVERIFY(text.contains("# HELP dispatch_ws_clients Clients.\\nNow.\n"
                              "# TYPE dispatch_ws_clients gauge\ndispatch_ws_clients 3.5\n"));
        QVERIFY(text.contains("# TYPE dispatch_events_sent_total counter\n"
                              "dispatch_events_sent_total 12\n"));
        QVERIFY(!text.contains("bad name"));
        QCOMPARE(metrics.requestCount(QStringLiteral("odd \"route\"\\"), 200), quint64(2));
    }

    void closeStopsListeningAndDrains()
    {
        auto server = start();
        QVERIFY(server);
        const quint16 port = server->serverPort();
        RawClient idle(port);
        idle.send(get("/api/v1/things/1"));
        QVERIFY(idle.next());
        RawClient busy(port);
        QVERIFY(busy.waitConnected());
        QSignalSpy drained(server.get(), &HttpFrontend::allConnectionsClosed);
        // close() arrives while the slow handler runs its event loop, as SIGTERM would.
        QTimer::singleShot(100, server.get(), [&] { server->close(); });
        busy.send(get("/api/v1/slow"));
        QVERIFY(idle.waitClosed());
        const auto last = busy.next();
        QVERIFY(last);
        QCOMPARE(last->status, 200);
        QCOMPARE(last->header("Connection"), QByteArray("close"));
        QVERIFY(busy.waitClosed());
        QTRY_COMPARE(drained.size(), 1);

        QTcpSocket refused;
        refused.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(QTest::qWaitFor(
            [&] { return refused.state() == QAbstractSocket::UnconnectedState; }, 5000));
    }
};

QTEST_GUILESS_MAIN(tst_HttpFrontend)
#include "tst_httpfrontend.moc"
