#include "httpfrontend.h"

#include "httprequesthead.h"
#include "websocketupgrade.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPointer>
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

HttpResponse tooLarge(qint64 limit)
{
    return HttpResponse::error(
        413, QStringLiteral("PAYLOAD_TOO_LARGE"),
        QStringLiteral("The request body is larger than this route accepts."),
        QJsonObject{{QStringLiteral("limit"), static_cast<double>(limit)}});
}

bool isManagedHeader(QByteArrayView name)
{
    static constexpr QByteArrayView managed[] = {
        "Content-Length", "Transfer-Encoding", "Connection",   "Keep-Alive",
        "Date",           "X-Request-Id",      "Content-Type", "Upgrade"};
    return std::any_of(std::begin(managed), std::end(managed),
                       [&](QByteArrayView m) { return name.compare(m, Qt::CaseInsensitive) == 0; });
}

} // namespace

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
    enum class State {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
        Waiting,
        Discard,
        Closed
    };

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
    bool upgraded = false;        ///< the socket went to QWebSocketServer with its slot
    bool paused = false;          ///< too much unsent output; resume on bytesWritten
    bool discardBody = false;     ///< answered already (413): read the body to its end, then close
    bool shutdownPending = false; ///< half-close once the queued answer is sent
    qint64 lastActivity = 0;
    qint64 headStarted = -1; ///< when the first byte of the pending head arrived
    qint64 discardDeadline = 0;
    qint64 acceptedAt = 0;
    qint64 bodyStarted = -1;  ///< when the body of the current request began
    qint64 bodyBytesRead = 0; ///< body bytes (chunk framing included) read so far
    int requestsStarted = 0;
    bool waiting = false;     ///< a deferred handler is working on the request
    int spareDescriptor = -1; ///< a dup() of the socket while waiting (see deliverLater())
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
    m_limits.headTimeoutMs = std::max(m_limits.headTimeoutMs, 1);
    m_limits.maxConnectionsPerAddress = std::max(m_limits.maxConnectionsPerAddress, 1);

    // The WebSocket server never listens: it only finishes handshakes of sockets we hand it.
    m_webSockets->setMaxPendingConnections(std::max(m_limits.maxConnections, 1));
    connect(m_webSockets, &QWebSocketServer::newConnection, this, [this] {
        static const QMetaMethod signal =
            QMetaMethod::fromSignal(&HttpFrontend::webSocketConnected);
        while (QWebSocket *socket = m_webSockets->nextPendingConnection()) {
            ++m_webSocketsAccepted;
            adoptWebSocket(socket);
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
    m_sweepTimer->setInterval(std::clamp(
        std::min({m_limits.idleTimeoutMs, m_limits.lingerMs, m_limits.headTimeoutMs}) / 4, 25,
        1000));
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
    m_metrics.setCounter(QStringLiteral("dispatch_http_connections_evicted_total"),
                         QStringLiteral("Idle or slow connections closed to make room."),
                         [this] { return double(m_evicted); });
    m_metrics.setCounter(QStringLiteral("dispatch_http_timeouts_total"),
                         QStringLiteral("Connections closed with 408: head, body or answer too "
                                        "slow."),
                         [this] { return double(m_timedOut); });
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

    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; rate limits and loopback
    // checks want one spelling per client.
    QHostAddress peer = socket->peerAddress();
    bool mapped = false;
    const quint32 ipv4 = peer.toIPv4Address(&mapped);
    if (mapped && peer.protocol() == QAbstractSocket::IPv6Protocol)
        peer = QHostAddress(ipv4);

    // One address cannot take the slots of everyone else: past its share it is closed at once,
    // which costs less than any answer.
    if (m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress && !isTrustedProxy(peer)) {
        ++m_refused;
        qCDebug(lcHttp) << "closing a connection from" << peer << "over its per-address cap";
        // One canned answer, sent as the socket closes: nothing is read or kept for it.
        static const QByteArray busy = []() -> QByteArray {
            const QByteArray body = R"({"error":{"code":"SERVICE_UNAVAILABLE","message":)"
                                    R"("Too many connections from this address."}})";
            return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                   "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\n\r\n" + body;
        }();
        socket->write(busy);
        socket->flush();
        socket->abort();
        delete socket;
        return;
    }
    if (openConnections() >= m_limits.maxConnections && !makeRoom()) {
        reject(socket);
        return;
    }
    ++m_accepted;
    auto *connection = new Connection(socket, this);
    connection->lastActivity = connection->acceptedAt = m_clock.elapsed();
    connection->peer = peer;
    countAddress(peer, +1);
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
        case State::Waiting:
            progress = false; // pipelined requests wait for the deferred answer
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
    qsizetype end = findHeadEnd(data);
    if (end < 0 && available > data.size()) {
        data = socket->peek(std::min<qint64>(available, limit + 4));
        end = findHeadEnd(data);
    }
    if (end < 0 || end > limit) {
        if (data.size() < limit && end < 0) {
            if (!couldStartRequest(data)) {
                // Bytes that can never become a request (TLS, binary garbage) are refused now
                // rather than holding the slot until the head timeout.
                connection->request.requestId = requestIdFrom({});
                fail(connection, badRequest(QStringLiteral("This is not an HTTP request.")), false);
                return true;
            }
            return false; // wait for the rest
        }
        connection->request.requestId = requestIdFrom({});
        fail(connection, requestHeadTooLarge(), false);
        return true;
    }

    RequestHead head;
    if (const auto error = parseRequestHead(QByteArrayView(data).first(end),
                                            m_limits.maxHeaderFields, &head, kStreamPath)) {
        socket->skip(end);
        connection->request = HttpRequest{};
        connection->request.requestId =
            requestIdFrom(headerValues(head.headers, "X-Request-Id").value(0));
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

void HttpFrontend::startRequest(Connection *connection, RequestHead &&head)
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
    connection->bodyStarted = m_clock.elapsed();
    connection->bodyBytesRead = 0;
    ++connection->requestsStarted;

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
    connection->bodyBytesRead += got;
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
    // The line (CR included) may be kMaxChunkLine bytes long, whatever segments it came in.
    const QByteArray data =
        socket->peek(std::min<qint64>(socket->bytesAvailable(), kMaxChunkLine + 1));
    const qsizetype lf = data.indexOf('\n');
    if (lf < 0) {
        if (data.size() <= kMaxChunkLine)
            return false;
        malformedBody(connection, QStringLiteral("Malformed chunked body."));
        return true;
    }
    socket->skip(lf + 1);
    connection->bodyBytesRead += lf + 1;
    const std::optional<qint64> parsed = parseChunkSizeLine(QByteArrayView(data.constData(), lf));
    if (!parsed) {
        malformedBody(connection, QStringLiteral("Malformed chunk size."));
        return true;
    }
    const qint64 size = *parsed;
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
        malformedBody(connection, QStringLiteral("Malformed chunked body."));
        return true;
    }
    connection->state = Connection::State::ChunkSize;
    return true;
}

bool HttpFrontend::readTrailers(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    // Trailer lines share the head's size cap, whatever segments they came in.
    const qint64 allowance =
        std::max<qint64>(0, m_limits.maxHeaderBytes - connection->trailerBytes);
    const QByteArray data = socket->peek(std::min<qint64>(socket->bytesAvailable(), allowance + 1));
    const qsizetype lf = data.indexOf('\n');
    if (lf < 0) {
        if (data.size() <= allowance)
            return false;
        if (connection->discardBody)
            closeWhenFlushed(connection); // answered already (413): never a second answer
        else
            fail(connection, requestHeadTooLarge(), false);
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

void HttpFrontend::malformedBody(Connection *connection, const QString &message)
{
    // A body refused already (413) was answered with Connection: close; its framing breaking
    // now only ends the discarding. One request, one answer (RFC 9112 §9.6).
    if (connection->discardBody) {
        closeWhenFlushed(connection);
        return;
    }
    fail(connection, badRequest(message), false);
}

void HttpFrontend::finishRequest(Connection *connection)
{
    QElapsedTimer timer;
    timer.start();
    HttpRouter::Outcome outcome = m_router.dispatch(connection->request, connection->rawPath);
    if (outcome.response.deferred) {
        deliverLater(connection, std::move(outcome), timer);
        return;
    }
    respond(connection, outcome, double(timer.nsecsElapsed()) / 1e9);
}

void HttpFrontend::deliverLater(Connection *connection, HttpRouter::Outcome outcome,
                                QElapsedTimer timer)
{
    // The handler goes on off the event loop. The connection is held (busy: not swept, not
    // deleted, pipelined requests wait) until the answer comes.
    connection->state = Connection::State::Waiting;
    connection->waiting = true;
    ++connection->busy;
#ifdef Q_OS_UNIX
    // Qt closes the whole socket when a client half-closes after its request; a spare
    // descriptor keeps the way back open for the answer.
    connection->spareDescriptor = ::dup(int(connection->socket->socketDescriptor()));
#endif
    const std::shared_ptr<DeferredResponse> deferred = outcome.response.deferred;
    outcome.response = HttpResponse{};
    deferred->onFinished([frontend = QPointer<HttpFrontend>(this),
                          guarded = QPointer<Connection>(connection), outcome,
                          timer](HttpResponse response) mutable {
        Connection *connection = guarded.data();
        if (!frontend || !connection)
            return;
        outcome.response = std::move(response);
        frontend->finishWaiting(connection, outcome, double(timer.nsecsElapsed()) / 1e9);
    });
}

void HttpFrontend::finishWaiting(Connection *connection, const HttpRouter::Outcome &outcome,
                                 double seconds)
{
    connection->waiting = false;
    const int spare = std::exchange(connection->spareDescriptor, -1);
    if (connection->disposed || !connection->socket ||
        connection->socket->state() != QAbstractSocket::ConnectedState) {
        m_metrics.observeRequest(outcome.routeName, outcome.response.status, seconds);
#ifdef Q_OS_UNIX
        if (spare >= 0) {
            // Best effort for a client that half-closed: one non-blocking send, then close.
            const auto [head, body] = responseBytes(connection, outcome.response,
                                                    connection->request.method == "HEAD", true);
            const QByteArray bytes = head + body;
            [[maybe_unused]] const auto sent =
                ::send(spare, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(spare);
        }
#endif
        connection->request = HttpRequest{};
        if (--connection->busy == 0 && connection->disposed && !connection->deleting) {
            connection->deleting = true;
            connection->deleteLater();
        } else if (!connection->disposed) {
            closeWhenFlushed(connection);
        }
        return;
    }
#ifdef Q_OS_UNIX
    if (spare >= 0)
        ::close(spare);
#endif
    --connection->busy;
    connection->state = Connection::State::Head;
    respond(connection, outcome, seconds);
    connection->lastActivity = m_clock.elapsed();
    if (connection->state == Connection::State::Head)
        process(connection); // requests pipelined behind the deferred one
}

void HttpFrontend::respond(Connection *connection, const HttpRouter::Outcome &outcome,
                           double seconds)
{
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
    // answers 101 and makes the QWebSocket (adoptWebSocket()), or closes the socket, which its
    // disconnected handler then deletes. Either way the slot comes back when the socket goes.
    QTcpSocket *socket = connection->socket;
    QObject::disconnect(socket, nullptr, connection, nullptr);
    socket->setReadBufferSize(0);
    socket->setParent(this);
    connection->socket = nullptr;
    connection->upgraded = true; // the address keeps its count until the socket is gone
    ++m_upgraded;
    m_handshaking.insert(socket, m_clock.elapsed());
    new WebSocketUpgrade(
        socket, [frontend = QPointer<HttpFrontend>(this), socket, peer = connection->peer] {
            if (!frontend || frontend->m_destroying)
                return;
            frontend->m_handshaking.remove(socket);
            --frontend->m_upgraded;
            frontend->countAddress(peer, -1);
        });
    connection->state = Connection::State::Closed;
    dispose(connection);
    m_webSockets->handleConnection(socket);
}

void HttpFrontend::adoptWebSocket(QWebSocket *webSocket)
{
    // QWebSocket does not tell which TCP socket it wraps; the peer's address and port do.
    for (auto it = m_handshaking.begin(); it != m_handshaking.end(); ++it) {
        QTcpSocket *socket = it.key();
        if (socket->peerPort() == webSocket->peerPort() &&
            socket->peerAddress() == webSocket->peerAddress()) {
            m_handshaking.erase(it);
            if (auto *upgrade =
                    socket->findChild<WebSocketUpgrade *>(QString(), Qt::FindDirectChildrenOnly))
                upgrade->adopt(webSocket);
            return;
        }
    }
    qCWarning(lcHttp) << "a WebSocket whose TCP socket is unknown";
}

bool HttpFrontend::makeRoom()
{
    // Idle keep-alive connections go first: their clients lose nothing and reconnect. Then
    // the connection whose head has taken longest (slowloris), if it has taken a while.
    Connection *idlest = nullptr;
    Connection *slowestHead = nullptr;
    const qint64 now = m_clock.elapsed();
    for (Connection *connection : std::as_const(m_connections)) {
        if (connection->busy || connection->disposed || connection->socket->bytesToWrite() > 0)
            continue;
        if (connection->state != Connection::State::Head)
            continue;
        if (connection->headStarted < 0 && connection->socket->bytesAvailable() == 0) {
            if (!idlest || connection->lastActivity < idlest->lastActivity)
                idlest = connection;
        } else if (connection->headStarted >= 0 && now - connection->headStarted >= 1000) {
            if (!slowestHead || connection->headStarted < slowestHead->headStarted)
                slowestHead = connection;
        }
    }
    if (idlest) {
        ++m_evicted;
        closeWhenFlushed(idlest);
        return true;
    }
    if (slowestHead) {
        ++m_evicted;
        timeOut(slowestHead);
        return true;
    }
    return false;
}

bool HttpFrontend::isTrustedProxy(const QHostAddress &address) const
{
    return m_limits.trustedProxies.contains(address);
}

void HttpFrontend::countAddress(const QHostAddress &address, int delta)
{
    auto it = m_perAddress.find(address);
    if (it == m_perAddress.end())
        it = m_perAddress.insert(address, 0);
    *it += delta;
    if (*it <= 0)
        m_perAddress.erase(it);
}

void HttpFrontend::timeOut(Connection *connection)
{
    // A client too slow to send its request (or take its answer) gets 408 and the connection
    // is closed without lingering: lingering would give it the slot back for longer.
    ++m_timedOut;
    if (connection->socket && connection->socket->bytesToWrite() == 0 &&
        connection->state != Connection::State::Closed) {
        connection->keepAlive = false;
        writeResponse(connection,
                      HttpResponse::error(408, QStringLiteral("REQUEST_TIMEOUT"),
                                          QStringLiteral("The request took too long to arrive.")),
                      false, true);
    }
    if (connection->socket) {
        connection->socket->flush();
        connection->socket->abort();
    }
    dispose(connection);
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
    const auto [head, body] = responseBytes(connection, response, headOnly, close);
    socket->write(head);
    if (!body.isEmpty())
        socket->write(body); // shared with the response, not copied
    // Out now rather than at the next write notification: Qt closes the whole socket when it
    // reads the end of a client that half-closed after its request, and drops unsent output.
    socket->flush();
}

std::pair<QByteArray, QByteArray> HttpFrontend::responseBytes(const Connection *connection,
                                                              const HttpResponse &response,
                                                              bool headOnly, bool close)
{
    const int status = response.status;
    if (status < 200 || status > 599) {
        // A handler cannot send an interim (1xx) or malformed status: a bug, not an answer.
        qCCritical(lcHttp) << "a handler answered with status" << status;
        return responseBytes(connection,
                             HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                                                 QStringLiteral("The server failed to answer "
                                                                "this request.")),
                             headOnly, close);
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
    return {out, hasContent && !headOnly && !inlineBody ? response.body : QByteArray()};
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
    if (wasConnection && !connection->upgraded)
        countAddress(connection->peer, -1);
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
            // Still flushing to a client that does not take its answer.
            if (quiet >= m_limits.headTimeoutMs) {
                socket->abort();
                dispose(connection);
            }
        } else if (connection->state == State::Discard || connection->discardBody) {
            // After an error answer: close once the client is quiet, or has had long enough.
            if (quiet >= m_limits.lingerMs || now >= connection->discardDeadline) {
                socket->skip(socket->bytesAvailable());
                closeWhenFlushed(connection);
            }
        } else if (connection->state == State::Head) {
            // A head that trickles in (slowloris) gets the head timeout in total, not per byte;
            // a new connection must start its first request within it too.
            if (connection->headStarted >= 0 &&
                now - connection->headStarted >= m_limits.headTimeoutMs) {
                timeOut(connection);
            } else if (connection->headStarted < 0 && connection->requestsStarted == 0 &&
                       now - connection->acceptedAt >= m_limits.headTimeoutMs) {
                // Not a byte yet: closed without a 408, which a client that opened the
                // connection ahead of a request (Qt's network access manager does) would
                // take for the answer to the request it sends next.
                ++m_timedOut;
                closeWhenFlushed(connection);
            } else if (quiet >= m_limits.idleTimeoutMs) {
                closeWhenFlushed(connection);
            }
        } else {
            // A body: no stall longer than the idle timeout, and after a grace period at least
            // the minimum rate on average, so a byte every few seconds cannot hold the slot.
            const qint64 elapsed = now - connection->bodyStarted;
            const qint64 owed =
                (elapsed - m_limits.headTimeoutMs) * m_limits.minBodyBytesPerSecond / 1000;
            if (quiet >= m_limits.idleTimeoutMs || connection->bodyBytesRead < owed)
                timeOut(connection);
        }
    }
    // A handshake QWebSocketServer never finished (it has no timeout for handed-over sockets).
    for (auto it = m_handshaking.cbegin(); it != m_handshaking.cend(); ++it) {
        if (now - it.value() >= m_limits.headTimeoutMs)
            it.key()->abort(); // disconnected -> QWebSocketServer deletes it -> slot back
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
