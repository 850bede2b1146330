// Replays tests/fuzz/corpus/ and tests/fuzz/crashes/ through the fuzz harness, so CI checks the
// parsers' invariants on every input even where clang and libFuzzer are missing. The inputs
// that are byte streams also go to a real HttpFrontend on loopback: it must answer each with
// well-formed responses (the ones the harness predicts) or close, and let go of every
// connection.

#include "fuzz_harness.h"
#include "httpfrontend.h"
#include "httprequesthead.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <optional>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

using namespace dispatch::server;
using namespace dispatch::fuzz;
using namespace Qt::StringLiterals;

namespace {

/// The fuzz directory: DISPATCH_FUZZ_DIR in the environment, else this source directory.
QString fuzzDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("DISPATCH_FUZZ_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(DISPATCH_FUZZ_SOURCE_DIR) : fromEnvironment;
}

/// Every file of corpus/ and crashes/ (the latter may be absent), as "dir/name" -> path.
QList<std::pair<QString, QString>> inputFiles()
{
    QList<std::pair<QString, QString>> files;
    for (const QString &sub : {QStringLiteral("corpus"), QStringLiteral("crashes")}) {
        const QDir dir(fuzzDirectory() + u'/' + sub);
        const QFileInfoList entries = dir.entryInfoList(QDir::Files, QDir::Name);
        for (const QFileInfo &entry : entries) {
            if (entry.fileName() != QLatin1String("README.md"))
                files.append({sub + u'/' + entry.fileName(), entry.filePath()});
        }
    }
    return files;
}

QByteArray readInput(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

/// Non-printable bytes escaped, for failure messages.
QByteArray printable(QByteArrayView bytes, qsizetype max = 400)
{
    QByteArray out;
    for (const char c : bytes.first(std::min(bytes.size(), max))) {
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (c >= 0x20 && c < 0x7f)
            out += c;
        else
            out += "\\x" + QByteArray::number(static_cast<unsigned char>(c), 16);
    }
    if (bytes.size() > max)
        out += "...";
    return out;
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/// Runs the event loop until `done()` holds or `timeoutMs` passes; the server runs on this
/// thread, so waiting must never block it (no waitFor*()).
template<typename Predicate> bool spinUntil(Predicate done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(1, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

struct Response {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        const QList<QByteArray> values = headerValues(headers, name);
        return values.isEmpty() ? QByteArray() : values.front();
    }
};

/// Reads one response at `*at`, checking it is well-formed HTTP/1.1 as the front end writes it
/// (status line, token: value fields, one exact Content-Length when it has content, Date and
/// X-Request-Id); `*why` says what is wrong otherwise.
std::optional<Response> takeResponse(QByteArrayView data, qsizetype *at, bool headOnly,
                                     QByteArray *why)
{
    const QByteArrayView rest = data.sliced(*at);
    const qsizetype end = rest.indexOf("\r\n\r\n");
    if (end < 0) {
        *why = "an incomplete response head";
        return std::nullopt;
    }
    // Up to the last field's CRLF: every line then ends with CR, and an empty one comes last.
    QList<QByteArray> lines = rest.first(end + 2).toByteArray().split('\n');
    lines.removeLast();
    QByteArray statusLine = lines.front();
    if (!statusLine.endsWith('\r')) {
        *why = "a status line without CRLF";
        return std::nullopt;
    }
    statusLine.chop(1);
    Response response;
    bool ok = false;
    response.status = statusLine.mid(9, 3).toInt(&ok);
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.size() < 13 || statusLine[12] != ' ' ||
        !ok || response.status < 100 || response.status > 599 ||
        !isFieldValue(statusLine.sliced(13))) {
        *why = "a malformed status line";
        return std::nullopt;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (!line.endsWith('\r') || colon <= 0 || !isToken(line.first(colon)) ||
            line.mid(colon + 1, 1) != " " ||
            !isFieldValue(QByteArrayView(line).sliced(colon + 2).chopped(1))) {
            *why = "a malformed header line: " + printable(line);
            return std::nullopt;
        }
        line.chop(1);
        response.headers.append({line.first(colon), line.sliced(colon + 2)});
    }
    qsizetype length = 0;
    if (response.status >= 200) {
        const QList<QByteArray> lengths = headerValues(response.headers, "Content-Length");
        const bool hasContent = response.status != 204 && response.status != 304;
        if (lengths.size() != (hasContent ? 1 : 0) ||
            (hasContent && (lengths.front().isEmpty() ||
                            !std::all_of(lengths.front().begin(), lengths.front().end(),
                                         [](char c) { return c >= '0' && c <= '9'; })))) {
            *why = "a missing, repeated or malformed Content-Length";
            return std::nullopt;
        }
        if (response.header("Date").isEmpty() || response.header("X-Request-Id").isEmpty()) {
            *why = "no Date or X-Request-Id";
            return std::nullopt;
        }
        if (hasContent && !headOnly)
            length = lengths.front().toLongLong();
    }
    if (rest.size() < end + 4 + length) {
        *why = "a body shorter than its Content-Length";
        return std::nullopt;
    }
    response.body = rest.sliced(end + 4, length).toByteArray();
    *at += end + 4 + length;
    return response;
}

} // namespace

class TestFuzzCorpus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void corpusIsUsable();
    void replay_data();
    void replay();
    void frontend_data();
    void frontend();
    void frontendMemoryStaysBounded();

private:
    void addRows(bool streamsOnly);

    std::unique_ptr<HttpFrontend> m_frontend;
    qint64 m_residentBefore = -1;
    int m_frontendInputs = 0;
};

void TestFuzzCorpus::initTestCase()
{
    // One log line per request and refusal would bury the failure messages.
    QLoggingCategory::setFilterRules(QStringLiteral("dispatch.server.http.debug=false\n"
                                                    "dispatch.server.http.info=false"));
    HttpLimits limits;
    limits.maxJsonBody = kLimits.maxBody;
    limits.maxPhotoBody = kLimits.maxBody;
    limits.maxHeaderBytes = kLimits.maxHeaderBytes;
    limits.maxHeaderFields = kLimits.maxHeaderFields;
    // Short, so that inputs the server waits on (lingering after an error) end quickly.
    limits.idleTimeoutMs = 2000;
    limits.lingerMs = 200;
    limits.maxDiscardMs = 2000;
    m_frontend = std::make_unique<HttpFrontend>(limits);
    const auto echo = [](const HttpRequest &request) {
        return HttpResponse::text(200, request.body, "application/octet-stream");
    };
    m_frontend->router().addRoute("POST", QStringLiteral("/echo"), QStringLiteral("POST /echo"),
                                  echo);
    m_frontend->router().addRoute("GET", QStringLiteral("/echo"), QStringLiteral("GET /echo"),
                                  echo);
    QVERIFY(m_frontend->listen(QHostAddress::LocalHost, 0));
    m_residentBefore = residentKiB();
}

void TestFuzzCorpus::corpusIsUsable()
{
    const auto files = inputFiles();
    QVERIFY2(files.size() >= 20,
             qPrintable(u"only %1 inputs in "_s.arg(files.size()) + fuzzDirectory()));
    for (const auto &[name, path] : files) {
        const QByteArray input = readInput(path);
        // Seeds start with a readable selector; libFuzzer's own finds may start with anything.
        if (name.startsWith(u"corpus/seed-"))
            QVERIFY2(!input.isEmpty() && QByteArrayView("HCBJ").contains(input.front()),
                     qPrintable(name));
    }
}

void TestFuzzCorpus::addRows(bool streamsOnly)
{
    QTest::addColumn<QString>("path");
    const auto files = inputFiles();
    for (const auto &[name, path] : files) {
        if (!streamsOnly || !streamOf(readInput(path)).isEmpty())
            QTest::newRow(qPrintable(name)) << path;
    }
}

void TestFuzzCorpus::replay_data()
{
    addRows(false);
}

void TestFuzzCorpus::replay()
{
    QFETCH(QString, path);
    const QByteArray input = readInput(path);
    const QString violation = runOne(input);
    QVERIFY2(violation.isEmpty(),
             qPrintable(violation + u"\ninput: "_s + QString::fromLatin1(printable(input))));
}

void TestFuzzCorpus::frontend_data()
{
    addRows(true);
}

void TestFuzzCorpus::frontend()
{
    QFETCH(QString, path);
    const QByteArray input = readInput(path);
    // simulateConnection() throws on a broken invariant: replay() reports those.
    if (!runOne(input).isEmpty())
        QSKIP("the harness rejects this input; see replay()");
    const QByteArray stream = streamOf(input);
    const QList<SimulatedRequest> expected = simulateConnection(stream);
    ++m_frontendInputs;

    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, m_frontend->serverPort());
    QVERIFY(spinUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    socket.write(stream);
    QVERIFY(spinUntil([&] { return socket.bytesToWrite() == 0; }, 5000));
#ifdef Q_OS_UNIX
    // Half-close: the server sees the end of the input, answers what it can and closes.
    ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
#endif
    QVERIFY2(spinUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 10000),
             "the server kept the connection after the end of the input");
    received += socket.readAll();

    const QByteArray context =
        "\nsent: " + printable(stream) + "\nreceived: " + printable(received);
    qsizetype at = 0;
    for (const SimulatedRequest &request : expected) {
        if (request.kind == SimulatedRequest::Incomplete)
            break; // no answer: the server waits until the client leaves
        if (request.kind == SimulatedRequest::Upgrade) {
            // QWebSocketServer answers the handshake (frames follow) or, when it is malformed,
            // closes without a word.
            QVERIFY2(at == received.size() || received.sliced(at).startsWith("HTTP/1.1 "),
                     context.constData());
            at = received.size();
            break;
        }
        const bool headOnly =
            request.kind == SimulatedRequest::Routed && request.request.method == "HEAD";
        std::optional<Response> response;
        QByteArray why;
        do { // interim answers (100 Continue) may come first
            response = takeResponse(received, &at, headOnly, &why);
            QVERIFY2(response, qPrintable(u"not a well-formed response: "_s +
                                          QString::fromLatin1(why + context)));
        } while (response->status < 200);
        if (request.kind == SimulatedRequest::Refused) {
            QVERIFY2(response->status == request.status,
                     qPrintable(u"expected %1, got %2"_s.arg(request.status).arg(response->status) +
                                QString::fromLatin1(context)));
        } else if (request.request.method == "POST" && request.rawPath == "/echo") {
            QVERIFY2(
                response->status == 200 && response->body == request.request.body,
                qPrintable(u"the echo answered %1 with a different body"_s.arg(response->status) +
                           QString::fromLatin1(context)));
        }
        if (request.kind == SimulatedRequest::Refused || request.close) {
            QVERIFY2(response->header("Connection") == "close", context.constData());
            break;
        }
    }
    // RFC 9112 §9.6: nothing after a response that says `Connection: close`.
    QVERIFY2(at == received.size(),
             qPrintable(u"unexpected bytes after the last answer: "_s +
                        QString::fromLatin1(printable(received.sliced(at)) + context)));
    // Every connection is let go once its client has gone.
    QVERIFY2(spinUntil([&] { return m_frontend->openConnections() == 0; }, 5000),
             qPrintable(u"%1 connections still open"_s.arg(m_frontend->openConnections())));
}

void TestFuzzCorpus::frontendMemoryStaysBounded()
{
    if (m_residentBefore < 0)
        QSKIP("no /proc/self/status");
    QVERIFY(m_frontendInputs > 0);
    // A few dozen small inputs: anything near this means something is kept per connection.
    const qint64 grown = residentKiB() - m_residentBefore;
    QVERIFY2(grown < 64 * 1024, qPrintable(u"resident memory grew by %1 KiB"_s.arg(grown)));
}

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzz_corpus.moc"
