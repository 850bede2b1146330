#include "httpfrontend.h"

#include "httpconnection.h"
#include "websocketupgrade.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcHttp, "dispatch.server.http")
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
    const QList<HttpConnection *> all(m_connections.cbegin(), m_connections.cend());
    for (HttpConnection *connection : all) {
        // A connection between requests closes now; one with a request under way closes after
        // answering it (the connection sees m_closing when it answers).
        if (connection->isIdle())
            connection->closeWhenFlushed();
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
        reject(socket, peer);
        return;
    }
    ++m_accepted;
    auto *connection = new HttpConnection(socket, peer, this);
    countAddress(peer, +1);
    m_connections.insert(connection);
    connection->serve();
}

void HttpFrontend::reject(QTcpSocket *socket, const QHostAddress &peer)
{
    ++m_refused;
    // Refused connections have their own bound: past it, a flood just gets closed.
    if (m_rejected.size() >= std::max(m_limits.maxConnections, 1)) {
        socket->abort();
        delete socket;
        return;
    }
    auto *connection = new HttpConnection(socket, peer, this);
    m_rejected.insert(connection);
    qCInfo(lcHttp) << "refusing a connection:" << m_limits.maxConnections << "already open";
    HttpResponse response = HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                                                QStringLiteral("Too many open connections."));
    response.withHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    connection->refuse(response);
}

void HttpFrontend::upgrade(HttpConnection *connection)
{
    // Hand the socket over with the handshake still unread in it; QWebSocketServer reads it,
    // answers 101 and makes the QWebSocket (adoptWebSocket()), or closes the socket, which its
    // disconnected handler then deletes. Either way the slot comes back when the socket goes.
    QTcpSocket *socket = connection->releaseSocket();
    socket->setParent(this);
    ++m_upgraded;
    m_handshaking.insert(socket, m_clock.elapsed());
    new WebSocketUpgrade(
        socket, [frontend = QPointer<HttpFrontend>(this), socket, peer = connection->peer()] {
            if (!frontend || frontend->m_destroying)
                return;
            frontend->m_handshaking.remove(socket);
            --frontend->m_upgraded;
            frontend->countAddress(peer, -1);
        });
    connection->dispose();
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
    HttpConnection *idlest = nullptr;
    HttpConnection *slowestHead = nullptr;
    const qint64 now = m_clock.elapsed();
    for (HttpConnection *connection : std::as_const(m_connections)) {
        if (connection->isDisposed() || connection->socket()->bytesToWrite() > 0)
            continue;
        if (connection->isIdle()) {
            if (!idlest || connection->lastActivity() < idlest->lastActivity())
                idlest = connection;
        } else if (const qint64 started = connection->headStartedAt();
                   started >= 0 && now - started >= 1000) {
            if (!slowestHead || started < slowestHead->headStartedAt())
                slowestHead = connection;
        }
    }
    if (idlest) {
        ++m_evicted;
        idlest->closeWhenFlushed();
        return true;
    }
    if (slowestHead) {
        ++m_evicted;
        slowestHead->timeOut();
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

void HttpFrontend::release(HttpConnection *connection)
{
    const bool wasConnection = m_connections.remove(connection);
    m_rejected.remove(connection);
    if (wasConnection && !connection->isUpgraded())
        countAddress(connection->peer(), -1);
    if (wasConnection && m_closing && m_connections.isEmpty() && !m_destroying)
        emit allConnectionsClosed();
}

void HttpFrontend::sweep()
{
    const qint64 now = m_clock.elapsed();
    QList<HttpConnection *> all(m_connections.cbegin(), m_connections.cend());
    all.append(QList<HttpConnection *>(m_rejected.cbegin(), m_rejected.cend()));
    for (HttpConnection *connection : all)
        connection->sweep(now);
    // A handshake QWebSocketServer never finished (it has no timeout for handed-over sockets).
    for (auto it = m_handshaking.cbegin(); it != m_handshaking.cend(); ++it) {
        if (now - it.value() >= m_limits.headTimeoutMs)
            it.key()->abort(); // disconnected -> QWebSocketServer deletes it -> slot back
    }
}

} // namespace dispatch::server