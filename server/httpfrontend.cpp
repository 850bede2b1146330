#include "httpfrontend.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <optional>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcHttp, "dispatch.server.http")

/// Route label for answers the front end gives before any route is involved (413, 400, 503).
const QString kFrontendRoute = QStringLiteral("frontend");

/// A chunk-size line longer than this (chunk extensions included) is refused.
constexpr qint64 kMaxChunkLine = 1024;
/// Stop reading further pipelined requests while this much of our output is unsent.
constexpr qint64 kMaxPendingWrite = 1 << 20;
/// Socket read buffer while paused. Otherwise unbounded: input is consumed as it arrives (a
/// bounded buffer stops reading for good after a skip() that empties it, in Qt 6.4).
constexpr qint64 kPausedReadBuffer = 64 << 10;
/// Bodies up to this size are sent in the same buffer as the head.
constexpr qsizetype kInlineBody = 16 << 10;
/// Up to this much of a declared body is allocated up front; larger bodies grow as they come.
constexpr qint64 kMaxBodyReserve = 1 << 20;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 101:
        return QByteArrayLiteral("Switching Protocols");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 307:
        return QByteArrayLiteral("Temporary Redirect");
    case 308:
        return QByteArrayLiteral("Permanent Redirect");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 406:
        return QByteArrayLiteral("Not Acceptable");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 412:
        return QByteArrayLiteral("Precondition Failed");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 416:
        return QByteArrayLiteral("Range Not Satisfiable");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 426:
        return QByteArrayLiteral("Upgrade Required");
    case 428:
        return QByteArrayLiteral("Precondition Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArrayLiteral("Unknown");
    }
}

/// RFC 9110 §5.6.2 token characters.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

/// Field values may hold visible characters, spaces, tabs and obs-text, never CR, LF or NUL.
bool isFieldValue(QByteArrayView value)
{
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

/// Lower-cased, trimmed members of comma-separated header values, empty ones dropped.
QByteArrayList headerTokens(const QList<QByteArray> &values)
{
    QByteArrayList tokens;
    for (const QByteArray &value : values) {
        for (const QByteArray &piece : value.split(',')) {
            const QByteArray token = trimmedOws(piece).toByteArray().toLower();
            if (!token.isEmpty())
                tokens.append(token);
        }
    }
    return tokens;
}

/// Where the head ends: the index after the first empty line (CRLF CRLF, or bare LFs), or -1.
qsizetype headEnd(QByteArrayView data)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype lf = data.indexOf('\n', from);
        if (lf < 0)
            return -1;
        if (lf + 1 < data.size() && data[lf + 1] == '\n')
            return lf + 2;
        if (lf + 2 < data.size() && data[lf + 1] == '\r' && data[lf + 2] == '\n')
            return lf + 3;
        from = lf + 1;
    }
}

QByteArray requestIdFrom(const QByteArray &given)
{
    // Echo what a proxy or client sent when it is safe to put in a header and a log line.
    if (!given.isEmpty() && given.size() <= 128 &&
        std::all_of(given.begin(), given.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
        return given;
    // 64 random bits tell requests apart in the logs; a longer id would only cost every
    // response (an idle poll must stay under 400 bytes on the wire).
    const quint64 random = QRandomGenerator::global()->generate64();
    return QByteArray::number(random, 16).rightJustified(16, '0');
}

bool isManagedHeader(QByteArrayView name)
{
    static constexpr QByteArrayView managed[] = {
        "Content-Length", "Transfer-Encoding", "Connection",   "Keep-Alive",
        "Date",           "X-Request-Id",      "Content-Type", "Upgrade"};
    return std::any_of(std::begin(managed), std::end(managed),
                       [&](QByteArrayView m) { return name.compare(m, Qt::CaseInsensitive) == 0; });
}

HttpResponse badRequest(const QString &message)
{
    return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"), message);
}

HttpResponse tooLarge(qint64 limit)
{
    return HttpResponse::error(
        413, QStringLiteral("PAYLOAD_TOO_LARGE"),
        QStringLiteral("The request body is larger than this route accepts."),
        QJsonObject{{QStringLiteral("limit"), static_cast<double>(limit)}});
}

HttpResponse headTooLarge()
{
    return HttpResponse::error(431, QStringLiteral("REQUEST_HEADER_FIELDS_TOO_LARGE"),
                               QStringLiteral("The request head is too large."));
}
} // namespace

/// A parsed request head, before its body.
struct HttpFrontend::Head {
    QByteArray method;
    QByteArray rawPath;
    QByteArray rawQuery;
    bool http10 = false;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 contentLength = 0;
    bool chunked = false;
    bool keepAlive = true;
    bool expectContinue = false;
    bool webSocketUpgrade = false;
};

namespace {
QList<QByteArray> valuesOf(const QList<std::pair<QByteArray, QByteArray>> &headers,
                           QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}
} // namespace

/// Parses the request line and header fields (RFC 9112 §3, §5) and the framing they imply
/// (§6). Returns the error answer for a head that must be refused.
std::optional<HttpResponse> HttpFrontend::parseHead(QByteArrayView text, int maxFields, Head *head)
{
    QList<QByteArrayView> lines;
    qsizetype from = 0;
    while (from < text.size()) {
        qsizetype lf = text.indexOf('\n', from);
        if (lf < 0)
            lf = text.size();
        QByteArrayView line = text.sliced(from, lf - from);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        from = lf + 1;
    }
    while (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return badRequest(QStringLiteral("Empty request."));

    // request-line = method SP request-target SP HTTP-version
    const QByteArrayView requestLine = lines.front();
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || requestLine.lastIndexOf(' ') != sp2)
        return badRequest(QStringLiteral("Malformed request line."));
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method))
        return badRequest(QStringLiteral("Malformed method."));
    if (std::any_of(target.begin(), target.end(), [](char c) { return c <= 0x20 || c >= 0x7f; }))
        return badRequest(QStringLiteral("Malformed request target."));
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        !isDigit(version[5]) || !isDigit(version[7]))
        return badRequest(QStringLiteral("Malformed HTTP version."));
    if (version[5] != '1')
        return HttpResponse::error(505, QStringLiteral("HTTP_VERSION_NOT_SUPPORTED"),
                                   QStringLiteral("Only HTTP/1.x is served here."));
    head->method = method.toByteArray();
    head->http10 = version[7] == '0';

    if (lines.size() - 1 > maxFields)
        return headTooLarge();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        if (line.front() == ' ' || line.front() == '\t') // obs-fold, §5.2
            return badRequest(QStringLiteral("Folded header lines are not accepted."));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) // no space before the colon, §5.1
            return badRequest(QStringLiteral("Malformed header field."));
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (!isFieldValue(value))
            return badRequest(QStringLiteral("Malformed header field value."));
        head->headers.append({line.first(colon).toByteArray(), value.toByteArray()});
    }

    // §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
    const qsizetype hosts = valuesOf(head->headers, "Host").size();
    if (hosts > 1 || (hosts == 0 && !head->http10))
        return badRequest(QStringLiteral("A request needs exactly one Host header."));

    const QByteArrayList connection = headerTokens(valuesOf(head->headers, "Connection"));
    head->keepAlive = head->http10
                          ? connection.contains("keep-alive") && !connection.contains("close")
                          : !connection.contains("close");

    // Framing, §6.1-§6.3. Transfer-Encoding together with Content-Length is refused rather than
    // guessed at: that ambiguity is what request smuggling is made of.
    const QList<QByteArray> transferEncoding = valuesOf(head->headers, "Transfer-Encoding");
    const QList<QByteArray> contentLength = valuesOf(head->headers, "Content-Length");
    if (!transferEncoding.isEmpty()) {
        if (head->http10 || !contentLength.isEmpty())
            return badRequest(QStringLiteral("Conflicting message framing."));
        const QByteArrayList codings = headerTokens(transferEncoding);
        if (codings.isEmpty() || codings.back() != "chunked")
            return badRequest(QStringLiteral("A request body must be chunked last."));
        if (codings.size() > 1)
            return HttpResponse::error(501, QStringLiteral("NOT_IMPLEMENTED"),
                                       QStringLiteral("Only the chunked transfer coding is "
                                                      "supported."));
        head->chunked = true;
    } else if (!contentLength.isEmpty()) {
        QByteArray seen;
        for (const QByteArray &value : contentLength) {
            for (const QByteArray &piece : value.split(',')) {
                const QByteArray number = trimmedOws(piece).toByteArray();
                if (number.isEmpty() || number.size() > 18 ||
                    !std::all_of(number.begin(), number.end(), isDigit) ||
                    (!seen.isEmpty() && number.toLongLong() != seen.toLongLong()))
                    return badRequest(QStringLiteral("Invalid Content-Length."));
                seen = number;
            }
        }
        head->contentLength = seen.toLongLong();
    }

    const QList<QByteArray> expect = valuesOf(head->headers, "Expect");
    if (!expect.isEmpty()) {
        const QByteArrayList expectations = headerTokens(expect);
        if (expectations != QByteArrayList{QByteArrayLiteral("100-continue")})
            return HttpResponse::error(417, QStringLiteral("EXPECTATION_FAILED"),
                                       QStringLiteral("Only 100-continue can be expected."));
        // §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        head->expectContinue = !head->http10;
    }

    // request-target: origin-form, or absolute-form (§3.2.2: servers MUST accept it).
    if (target.startsWith('/')) {
        const qsizetype question = target.indexOf('?');
        head->rawPath = (question < 0 ? target : target.first(question)).toByteArray();
        if (question >= 0)
            head->rawQuery = target.sliced(question + 1).toByteArray();
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
        const QUrl url = QUrl::fromEncoded(target.toByteArray(), QUrl::StrictMode);
        if (!url.isValid())
            return badRequest(QStringLiteral("Malformed request target."));
        head->rawPath = url.path(QUrl::FullyEncoded).toLatin1();
        if (head->rawPath.isEmpty())
            head->rawPath = QByteArrayLiteral("/");
        head->rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
    } else {
        return badRequest(QStringLiteral("Unsupported request target."));
    }

    head->webSocketUpgrade =
        head->method == "GET" && connection.contains("upgrade") &&
        headerTokens(valuesOf(head->headers, "Upgrade")).contains("websocket") &&
        QUrl::fromPercentEncoding(head->rawPath) == QLatin1String(HttpFrontend::kStreamPath);
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------

class HttpFrontend::Listener final : public QTcpServer {
public:
    explicit Listener(HttpFrontend *frontend)
        : QTcpServer(frontend)
        , m_frontend(frontend)
    {}

protected:
    // Sockets never enter QTcpServer's pending queue: the front end takes them directly.
    void incomingConnection(qintptr descriptor) override { m_frontend->accept(descriptor); }

private:
    HttpFrontend *m_frontend;
};

/// One client connection and the request being read on it. Owns its socket.
class HttpFrontend::Connection final : public QObject {
public:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, Discard, Closed };

    Connection(QTcpSocket *s, HttpFrontend *frontend)
        : QObject(frontend)
        , socket(s)
    {
        socket->setParent(this);
    }

    QTcpSocket *socket;
    State state = State::Head;
    int busy = 0;                 ///< process() frames on the stack; never deleted while > 0
    bool disposed = false;        ///< left the front end's sets; deleteLater() once not busy
    bool deleting = false;        ///< deleteLater() called
    bool paused = false;          ///< too much unsent output; resume on bytesWritten
    bool discardBody = false;     ///< answered already (413): read the body to its end, then close
    bool shutdownPending = false; ///< half-close once the queued answer is sent
    qint64 lastActivity = 0;
    qint64 headStarted = -1; ///< when the first byte of the pending head arrived
    qint64 discardDeadline = 0;
    QHostAddress peer;

    // The request being read.
    HttpRequest request;
    QByteArray rawPath;
    bool keepAlive = true;
    bool http10 = false;
    qint64 bodyLimit = 0;
    qint64 remaining = 0; ///< Content-Length left, or what is left of the current chunk
    qint64 bodyBytes = 0; ///< chunk data announced so far
    qint64 trailerBytes = 0;
};

// ---------------------------------------------------------------------------------------------

HttpFrontend::HttpFrontend(HttpLimits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_listener(new Listener(this))
    , m_webSockets(
          new QWebSocketServer(QStringLiteral("dispatchd"), QWebSocketServer::NonSecureMode, this))
    , m_sweepTimer(new QTimer(this))
{
    m_clock.start();
    m_limits.maxHeaderBytes = std::max<qint64>(m_limits.maxHeaderBytes, 1024);
    m_limits.idleTimeoutMs = std::max(m_limits.idleTimeoutMs, 1);

    // The WebSocket server never listens: it only finishes handshakes of sockets we hand it.
    m_webSockets->setMaxPendingConnections(std::max(m_limits.maxConnections, 1));
    connect(m_webSockets, &QWebSocketServer::newConnection, this, [this] {
        static const QMetaMethod signal =
            QMetaMethod::fromSignal(&HttpFrontend::webSocketConnected);
        while (QWebSocket *socket = m_webSockets->nextPendingConnection()) {
            ++m_webSocketsAccepted;
            if (isSignalConnected(signal)) {
                emit webSocketConnected(socket);
            } else {
                socket->close(QWebSocketProtocol::CloseCodeGoingAway);
                socket->deleteLater();
            }
        }
    });

    // QTcpServer stops accepting for good after an accept error other than a temporary one
    // (EMFILE, ENOBUFS): log it and try again shortly, once descriptors may have been freed.
    connect(m_listener, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcHttp) << "accept failed:" << error << m_listener->errorString();
        QTimer::singleShot(250, m_listener, [this] {
            if (m_listener->isListening())
                m_listener->resumeAccepting();
        });
    });

    // Sweep often enough that a short idle timeout (tests use a few hundred ms) is honoured
    // within a fraction of itself, but no more than once a second in production.
    m_sweepTimer->setInterval(
        std::clamp(std::min(m_limits.idleTimeoutMs, m_limits.lingerMs) / 4, 25, 1000));
    connect(m_sweepTimer, &QTimer::timeout, this, &HttpFrontend::sweep);
    m_sweepTimer->start();

    m_metrics.setGauge(QStringLiteral("dispatch_http_open_connections"),
                       QStringLiteral("Open client connections, upgraded WebSockets included."),
                       [this] { return double(openConnections()); });
    m_metrics.setCounter(QStringLiteral("dispatch_http_connections_accepted_total"),
                         QStringLiteral("Client connections accepted."),
                         [this] { return double(m_accepted); });
    m_metrics.setCounter(QStringLiteral("dispatch_http_connections_refused_total"),
                         QStringLiteral("Connections answered 503 because too many were open."),
                         [this] { return double(m_refused); });
    m_metrics.setCounter(QStringLiteral("dispatch_http_websocket_upgrades_total"),
                         QStringLiteral("WebSocket handshakes completed on the stream path."),
                         [this] { return double(m_webSocketsAccepted); });
}

HttpFrontend::~HttpFrontend()
{
    // Connections (and their sockets) are children, deleted by ~QObject after every signal
    // connection to this object is gone; nothing of theirs calls back into the members.
    m_destroying = true;
}

bool HttpFrontend::listen(const QHostAddress &address, quint16 port)
{
    m_closing = false;
    // Qt's default backlog (50) drops SYNs when a couple of hundred consoles reconnect at once.
    m_listener->setListenBacklogSize(1024);
    if (!m_listener->listen(address, port)) {
        qCWarning(lcHttp) << "cannot listen on" << address << port << m_listener->errorString();
        return false;
    }
    return true;
}

quint16 HttpFrontend::serverPort() const
{
    return m_listener->serverPort();
}

QString HttpFrontend::errorString() const
{
    return m_listener->errorString();
}

int HttpFrontend::openConnections() const
{
    return int(m_connections.size()) + m_upgraded;
}

void HttpFrontend::close()
{
    m_listener->close();
    m_closing = true;
    const QList<Connection *> all(m_connections.cbegin(), m_connections.cend());
    for (Connection *connection : all) {
        // A connection between requests closes now; one with a request under way closes after
        // answering it (finishRequest() sees m_closing).
        if (!connection->busy && connection->state == Connection::State::Head &&
            connection->headStarted < 0 && connection->socket->bytesAvailable() == 0)
            closeWhenFlushed(connection);
    }
    if (m_connections.isEmpty())
        QMetaObject::invokeMethod(this, &HttpFrontend::allConnectionsClosed, Qt::QueuedConnection);
}

void HttpFrontend::accept(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttp) << "cannot adopt an accepted socket:" << socket->errorString();
        delete socket;
#ifdef Q_OS_UNIX
        ::close(int(descriptor));
#endif
        return;
    }
    // Responses go out in one write each; Nagle would hold back the second of two pipelined ones.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    if (openConnections() >= m_limits.maxConnections) {
        reject(socket);
        return;
    }
    ++m_accepted;
    auto *connection = new Connection(socket, this);
    connection->lastActivity = m_clock.elapsed();
    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; rate limits and loopback
    // checks want one spelling per client.
    connection->peer = socket->peerAddress();
    bool mapped = false;
    const quint32 ipv4 = connection->peer.toIPv4Address(&mapped);
    if (mapped && connection->peer.protocol() == QAbstractSocket::IPv6Protocol)
        connection->peer = QHostAddress(ipv4);
    m_connections.insert(connection);
    connect(socket, &QTcpSocket::readyRead, connection, [this, connection] {
        connection->lastActivity = m_clock.elapsed();
        process(connection);
    });
    connect(socket, &QTcpSocket::bytesWritten, connection, [this, connection] {
        connection->lastActivity = m_clock.elapsed();
        if (connection->shutdownPending)
            shutdownWrite(connection);
        if (connection->paused && connection->socket->bytesToWrite() <= kMaxPendingWrite / 2) {
            connection->paused = false;
            connection->socket->setReadBufferSize(0); // unbounded again; re-arms reading
            process(connection);
        }
    });
    connect(socket, &QTcpSocket::disconnected, connection, [this, connection] {
        connection->state = Connection::State::Closed;
        dispose(connection);
    });
    if (socket->bytesAvailable() > 0)
        process(connection);
}

void HttpFrontend::reject(QTcpSocket *socket)
{
    ++m_refused;
    // Refused connections have their own bound: past it, a flood just gets closed.
    if (m_rejected.size() >= std::max(m_limits.maxConnections, 1)) {
        socket->abort();
        delete socket;
        return;
    }
    auto *connection = new Connection(socket, this);
    connection->lastActivity = m_clock.elapsed();
    m_rejected.insert(connection);
    connect(socket, &QTcpSocket::readyRead, connection, [this, connection] {
        connection->lastActivity = m_clock.elapsed();
        process(connection);
    });
    connect(socket, &QTcpSocket::bytesWritten, connection, [this, connection] {
        if (connection->shutdownPending)
            shutdownWrite(connection);
    });
    connect(socket, &QTcpSocket::disconnected, connection, [this, connection] {
        connection->state = Connection::State::Closed;
        dispose(connection);
    });
    qCInfo(lcHttp) << "refusing a connection:" << m_limits.maxConnections << "already open";
    HttpResponse response = HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                                                QStringLiteral("Too many open connections."));
    response.withHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    connection->request.requestId = requestIdFrom({});
    fail(connection, response, false);
}

void HttpFrontend::process(Connection *connection)
{
    // Re-entered from a nested event loop in a handler: the outer frame carries on reading
    // once its handler returns, so requests are still answered in order.
    if (connection->busy || connection->disposed)
        return;
    ++connection->busy;
    bool progress = true;
    while (progress && !connection->disposed) {
        using State = Connection::State;
        switch (connection->state) {
        case State::Head:
            if (connection->socket->bytesToWrite() > kMaxPendingWrite) {
                // A client that pipelines but does not read: stop reading too. The bounded
                // socket buffer makes Qt stop taking data from the kernel, whose closing
                // window slows the client down instead of our memory growing.
                connection->paused = true;
                connection->socket->setReadBufferSize(kPausedReadBuffer);
                progress = false;
            } else {
                progress = readHead(connection);
            }
            break;
        case State::Body:
        case State::ChunkData:
            progress = readBody(connection);
            break;
        case State::ChunkSize:
            progress = readChunkSize(connection);
            break;
        case State::ChunkEnd:
            progress = readChunkEnd(connection);
            break;
        case State::Trailers:
            progress = readTrailers(connection);
            break;
        case State::Discard:
            connection->socket->skip(connection->socket->bytesAvailable());
            progress = false;
            break;
        case State::Closed:
            progress = false;
            break;
        }
    }
    if (--connection->busy == 0 && connection->disposed && !connection->deleting) {
        connection->deleting = true;
        connection->deleteLater();
    }
}

bool HttpFrontend::readHead(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    // RFC 9112 §2.2: ignore empty lines before a request line.
    char c = 0;
    while (socket->peek(&c, 1) == 1 && (c == '\r' || c == '\n'))
        socket->skip(1);
    const qint64 available = socket->bytesAvailable();
    if (available == 0)
        return false;
    if (connection->headStarted < 0)
        connection->headStarted = m_clock.elapsed();

    // The head is only peeked until complete: a WebSocket upgrade leaves it in the socket for
    // QWebSocketServer, and nothing is buffered twice.
    const qint64 limit = m_limits.maxHeaderBytes;
    QByteArray data = socket->peek(std::min<qint64>(available, 4096));
    qsizetype end = headEnd(data);
    if (end < 0 && available > data.size()) {
        data = socket->peek(std::min<qint64>(available, limit + 4));
        end = headEnd(data);
    }
    if (end < 0 || end > limit) {
        if (data.size() < limit && end < 0)
            return false; // wait for the rest
        connection->request.requestId = requestIdFrom({});
        fail(connection, headTooLarge(), false);
        return true;
    }

    Head head;
    if (const auto error =
            parseHead(QByteArrayView(data).first(end), m_limits.maxHeaderFields, &head)) {
        socket->skip(end);
        connection->request = HttpRequest{};
        connection->request.requestId =
            requestIdFrom(valuesOf(head.headers, "X-Request-Id").value(0));
        fail(connection, *error, false);
        return true;
    }
    connection->headStarted = -1;
    if (head.webSocketUpgrade) {
        upgrade(connection);
        return false;
    }
    socket->skip(end);
    startRequest(connection, std::move(head));
    return true;
}

void HttpFrontend::startRequest(Connection *connection, Head &&head)
{
    HttpRequest &request = connection->request;
    request = HttpRequest{};
    request.method = std::move(head.method);
    request.path = QUrl::fromPercentEncoding(head.rawPath);
    request.query = QUrlQuery(QString::fromLatin1(head.rawQuery));
    request.headers = std::move(head.headers);
    request.peer = connection->peer;
    request.requestId = requestIdFrom(request.header("X-Request-Id"));
    connection->rawPath = std::move(head.rawPath);
    connection->keepAlive = head.keepAlive;
    connection->http10 = head.http10;
    connection->discardBody = false;
    connection->bodyBytes = 0;
    connection->trailerBytes = 0;
    connection->bodyLimit = bodyLimit(request.method, connection->rawPath);

    if (head.chunked) {
        connection->state = Connection::State::ChunkSize;
    } else if (head.contentLength > connection->bodyLimit) {
        // Refused from the declared length before a byte of the body is read; the body is
        // then read and dropped so the client sees the 413 and not a reset.
        connection->remaining = head.contentLength;
        connection->state = Connection::State::Body;
        fail(connection, tooLarge(connection->bodyLimit), true);
        return;
    } else if (head.contentLength > 0) {
        connection->remaining = head.contentLength;
        request.body.reserve(std::min(head.contentLength, kMaxBodyReserve));
        connection->state = Connection::State::Body;
    } else {
        finishRequest(connection);
        return;
    }

    // RFC 9110 §10.1.1: answer 100 unless the body is already on its way.
    if (head.expectContinue && connection->socket->bytesAvailable() == 0)
        connection->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

bool HttpFrontend::readBody(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    const qint64 wanted = std::min(socket->bytesAvailable(), connection->remaining);
    if (wanted <= 0 && connection->remaining > 0)
        return false;
    qint64 got = 0;
    if (connection->discardBody) {
        got = socket->skip(wanted);
    } else {
        QByteArray &body = connection->request.body;
        const qsizetype old = body.size();
        body.resize(old + wanted);
        got = socket->read(body.data() + old, wanted);
        body.resize(old + std::max<qint64>(got, 0));
    }
    if (got < 0) {
        closeWhenFlushed(connection);
        return false;
    }
    connection->remaining -= got;
    if (connection->remaining > 0)
        return false;

    if (connection->state == Connection::State::ChunkData) {
        connection->state = Connection::State::ChunkEnd;
        return true;
    }
    if (connection->discardBody) {
        closeWhenFlushed(connection); // the whole refused body is in: close cleanly now
        return false;
    }
    finishRequest(connection);
    return true;
}

bool HttpFrontend::readChunkSize(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    const QByteArray data =
        socket->peek(std::min<qint64>(socket->bytesAvailable(), kMaxChunkLine + 2));
    const qsizetype lf = data.indexOf('\n');
    if (lf < 0) {
        if (data.size() < kMaxChunkLine)
            return false;
        fail(connection, badRequest(QStringLiteral("Malformed chunked body.")), false);
        return true;
    }
    socket->skip(lf + 1);
    QByteArrayView line(data.constData(), lf);
    if (line.endsWith('\r'))
        line.chop(1);
    const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
    if (semicolon >= 0)
        line = line.first(semicolon);
    line = trimmedOws(line);
    bool ok =
        !line.isEmpty() && line.size() <= 15 && std::all_of(line.begin(), line.end(), isHexDigit);
    const qint64 size = ok ? line.toByteArray().toLongLong(&ok, 16) : 0;
    if (!ok) {
        fail(connection, badRequest(QStringLiteral("Malformed chunk size.")), false);
        return true;
    }
    if (size == 0) {
        connection->state = Connection::State::Trailers;
        return true;
    }
    // The cap counts body bytes as announced, so an over-limit chunk is refused before its
    // data arrives; the rest of the body is then parsed and dropped up to the last chunk.
    connection->bodyBytes += size;
    if (!connection->discardBody && connection->bodyBytes > connection->bodyLimit) {
        connection->request.body.clear();
        connection->request.body.squeeze();
        fail(connection, tooLarge(connection->bodyLimit), true);
    }
    connection->remaining = size;
    connection->state = Connection::State::ChunkData;
    return true;
}

bool HttpFrontend::readChunkEnd(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    char crlf[2] = {0, 0};
    const qint64 seen = socket->peek(crlf, 2);
    if (seen <= 0 || (seen == 1 && crlf[0] == '\r'))
        return false;
    if (crlf[0] == '\n') {
        socket->skip(1);
    } else if (crlf[0] == '\r' && crlf[1] == '\n') {
        socket->skip(2);
    } else {
        fail(connection, badRequest(QStringLiteral("Malformed chunked body.")), false);
        return true;
    }
    connection->state = Connection::State::ChunkSize;
    return true;
}

bool HttpFrontend::readTrailers(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    const qint64 allowance = m_limits.maxHeaderBytes - connection->trailerBytes;
    const QByteArray data = socket->peek(std::min<qint64>(socket->bytesAvailable(), allowance + 2));
    const qsizetype lf = data.indexOf('\n');
    if (lf < 0) {
        if (data.size() < allowance)
            return false;
        fail(connection, headTooLarge(), false);
        return true;
    }
    socket->skip(lf + 1);
    const bool last = lf == 0 || (lf == 1 && data[0] == '\r');
    if (!last) {
        connection->trailerBytes += lf + 1; // trailer fields are allowed and ignored
        return true;
    }
    if (connection->discardBody) {
        closeWhenFlushed(connection);
        return false;
    }
    finishRequest(connection);
    return true;
}

void HttpFrontend::finishRequest(Connection *connection)
{
    QElapsedTimer timer;
    timer.start();
    HttpRouter::Outcome outcome = m_router.dispatch(connection->request, connection->rawPath);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    m_metrics.observeRequest(outcome.routeName, outcome.response.status, seconds);

    const HttpRequest &request = connection->request;
    qCDebug(lcHttp).noquote() << request.requestId << request.method << request.path
                              << outcome.response.status << QString::number(seconds * 1e3, 'f', 2)
                              << "ms";

    if (connection->disposed || connection->state == Connection::State::Closed ||
        connection->socket->state() != QAbstractSocket::ConnectedState) {
        // The client left while its handler ran; the answer has nowhere to go.
        qCDebug(lcHttp) << "client left before its response" << request.requestId;
        connection->request = HttpRequest{};
        if (!connection->disposed)
            closeWhenFlushed(connection);
        return;
    }

    const bool close = !connection->keepAlive || m_closing;
    writeResponse(connection, outcome.response, request.method == "HEAD", close);
    connection->request = HttpRequest{}; // frees the body now, not at the next request
    connection->rawPath.clear();
    if (close)
        closeWhenFlushed(connection);
    else
        connection->state = Connection::State::Head;
}

void HttpFrontend::upgrade(Connection *connection)
{
    // Hand the socket over with the handshake still unread in it; QWebSocketServer reads it,
    // answers 101 and makes the QWebSocket. The socket then belongs to the QWebSocket (or,
    // if the handshake fails, stays our child until we are destroyed).
    QTcpSocket *socket = connection->socket;
    QObject::disconnect(socket, nullptr, connection, nullptr);
    socket->setReadBufferSize(0);
    socket->setParent(this);
    connection->socket = nullptr;
    ++m_upgraded;
    connect(socket, &QObject::destroyed, this, [this] { --m_upgraded; });
    connection->state = Connection::State::Closed;
    dispose(connection);
    m_webSockets->handleConnection(socket);
}

void HttpFrontend::fail(Connection *connection, const HttpResponse &response, bool bodyEndKnown)
{
    qCInfo(lcHttp).noquote() << "refusing request" << connection->request.requestId
                             << response.status << response.body;
    m_metrics.observeRequest(kFrontendRoute, response.status, 0);
    connection->keepAlive = false;
    writeResponse(connection, response, false, true);
    connection->discardDeadline = m_clock.elapsed() + m_limits.maxDiscardMs;
    if (bodyEndKnown) {
        connection->discardBody = true; // keep the framing state, drop the bytes
    } else {
        connection->state = Connection::State::Discard; // drop everything until quiet
        shutdownWrite(connection);
    }
}

void HttpFrontend::shutdownWrite(Connection *connection)
{
    // Lingering close, as nginx does it: once the answer is out, half-close so the client sees
    // the end of it, and keep reading (and dropping) until the client closes too. Closing
    // outright with unread input would send a reset, which can destroy the answer in transit.
    QTcpSocket *socket = connection->socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (socket->bytesToWrite() > 0)
        socket->flush();
    if (socket->bytesToWrite() > 0) {
        connection->shutdownPending = true;
        return;
    }
    connection->shutdownPending = false;
#ifdef Q_OS_UNIX
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
#endif
}

void HttpFrontend::writeResponse(Connection *connection, const HttpResponse &response,
                                 bool headOnly, bool close)
{
    QTcpSocket *socket = connection->socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    const int status = response.status;
    if (status < 200 || status > 599) {
        // A handler cannot send an interim (1xx) or malformed status: a bug, not an answer.
        qCCritical(lcHttp) << "a handler answered with status" << status;
        writeResponse(connection,
                      HttpResponse::error(500, QStringLiteral("INTERNAL"),
                                          QStringLiteral("The server failed to answer this "
                                                         "request.")),
                      headOnly, close);
        return;
    }
    // RFC 9110 §6.4.1: 1xx, 204 and 304 never have content (nor, here, a Content-Type).
    const bool hasContent = status >= 200 && status != 204 && status != 304;
    const bool inlineBody = hasContent && !headOnly && response.body.size() <= kInlineBody;

    QByteArray out;
    out.reserve(256 + response.headers.size() * 64 + (inlineBody ? response.body.size() : 0));
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    if (hasContent) {
        QByteArray type = response.contentType;
        if (type.isEmpty())
            type = response.header("Content-Type");
        if (type.isEmpty() && !response.body.isEmpty())
            type = QByteArrayLiteral("application/octet-stream"); // never sniffed
        if (!type.isEmpty() && isFieldValue(type)) {
            out += "Content-Type: ";
            out += type;
            out += "\r\n";
        }
        // HEAD: the length the GET would have had (§9.3.2).
        out += "Content-Length: ";
        out += QByteArray::number(response.body.size());
        out += "\r\n";
    }
    out += "Date: ";
    out += httpDate();
    out += "\r\nX-Request-Id: ";
    out += connection->request.requestId;
    out += "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (isManagedHeader(name))
            continue;
        if (!isToken(name) || !isFieldValue(value)) {
            qCWarning(lcHttp) << "dropping an invalid response header" << name;
            continue;
        }
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (close)
        out += "Connection: close\r\n";
    else if (connection->http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (inlineBody)
        out += response.body;
    socket->write(out);
    if (hasContent && !headOnly && !inlineBody)
        socket->write(response.body); // shared with the response, not copied
}

void HttpFrontend::closeWhenFlushed(Connection *connection)
{
    connection->state = Connection::State::Closed;
    QTcpSocket *socket = connection->socket;
    connection->lastActivity = m_clock.elapsed();
    if (socket && socket->state() == QAbstractSocket::ConnectedState)
        socket->disconnectFromHost(); // sends what is queued, then FIN; disconnected() follows
    else
        dispose(connection);
}

void HttpFrontend::dispose(Connection *connection)
{
    if (connection->disposed)
        return;
    connection->disposed = true;
    connection->state = Connection::State::Closed;
    const bool wasConnection = m_connections.remove(connection);
    m_rejected.remove(connection);
    if (!connection->busy && !connection->deleting) {
        connection->deleting = true;
        connection->deleteLater();
    }
    if (wasConnection && m_closing && m_connections.isEmpty() && !m_destroying)
        emit allConnectionsClosed();
}

void HttpFrontend::sweep()
{
    const qint64 now = m_clock.elapsed();
    QList<Connection *> all(m_connections.cbegin(), m_connections.cend());
    all.append(QList<Connection *>(m_rejected.cbegin(), m_rejected.cend()));
    for (Connection *connection : all) {
        if (connection->busy || connection->disposed)
            continue; // a handler is running: not idle, whatever the clock says
        QTcpSocket *socket = connection->socket;
        const qint64 quiet = now - connection->lastActivity;
        using State = Connection::State;
        if (connection->state == State::Closed) {
            // Still flushing to a client that stopped reading.
            if (quiet >= m_limits.idleTimeoutMs) {
                socket->abort();
                dispose(connection);
            }
        } else if (connection->state == State::Discard || connection->discardBody) {
            // After an error answer: close once the client is quiet, or has had long enough.
            if (quiet >= m_limits.lingerMs || now >= connection->discardDeadline) {
                socket->skip(socket->bytesAvailable());
                closeWhenFlushed(connection);
            }
        } else if (connection->state == State::Head && connection->headStarted >= 0) {
            // A head that trickles in (slowloris) gets the idle timeout in total, not per byte.
            if (now - connection->headStarted >= m_limits.idleTimeoutMs)
                closeWhenFlushed(connection);
        } else if (quiet >= m_limits.idleTimeoutMs) {
            closeWhenFlushed(connection);
        }
    }
}

qint64 HttpFrontend::bodyLimit(QByteArrayView method, QByteArrayView rawPath) const
{
    // POST /api/v1/jobs/<id>/photos takes raw image bytes; everything else takes JSON.
    if (method == "POST" && rawPath.startsWith("/api/v1/jobs/") && rawPath.endsWith("/photos")) {
        const QByteArrayView id = rawPath.sliced(13, rawPath.size() - 13 - 7);
        if (!id.isEmpty() && !id.contains('/'))
            return m_limits.maxPhotoBody;
    }
    return m_limits.maxJsonBody;
}

QByteArray HttpFrontend::httpDate()
{
    // RFC 9110 §5.6.7 IMF-fixdate, formatted once a second.
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != m_dateSecond) {
        m_dateSecond = second;
        m_date = QLocale::c()
                     .toString(QDateTime::fromSecsSinceEpoch(second).toUTC(),
                               QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                     .toLatin1();
    }
    return m_date;
}

} // namespace dispatch::server
