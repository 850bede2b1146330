#pragma once

#include "httpmessage.h"
#include "httprouter.h"
#include "servermetrics.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace dispatch::server {

class HttpConnection;

struct HttpLimits {
    qint64 maxJsonBody = 1 << 20;   // 1 MiB
    qint64 maxPhotoBody = 10 << 20; // 10 MiB, for POST /api/v1/jobs/<id>/photos
    /// Where photo bodies are written as they arrive (HttpRequest::spooled); empty: they are
    /// read into memory like any other body.
    QString spoolDir;
    int idleTimeoutMs = 30000; // close idle keep-alive connections
    int maxConnections = 512;  // beyond: answer 503 and close
    // Added beyond the first contract:
    qint64 maxHeaderBytes = 64 << 10; // request line + header fields; beyond: 431 and close
    int maxHeaderFields = 100;        // beyond: 431 and close
    /// After an error answer that closes the connection, unread input is discarded until the
    /// client has been quiet this long, so the client reads the answer instead of a reset.
    int lingerMs = 2000;
    /// Upper bound on discarding an over-limit body that the client keeps sending.
    int maxDiscardMs = 30000;
    /// A request head must be complete this long after its first byte (or after the connection
    /// was accepted); an answer must be taken by the client within it too. Beyond: closed.
    int headTimeoutMs = 10000;
    /// After headTimeoutMs of grace, a body must arrive at least this fast on average: a
    /// client that trickles a byte now and then cannot hold a slot.
    qint64 minBodyBytesPerSecond = 1024;
    /// Connections (WebSockets included) one client address may hold; trusted proxies are
    /// exempt. Over it, a new connection is closed at once.
    int maxConnectionsPerAddress = 128;
    /// Proxies (nginx) whose connections carry many clients: exempt from the per-address cap.
    QList<QHostAddress> trustedProxies;
};

/// dispatchd's HTTP/1.1 server: accepts connections, parses requests, enforces the limits
/// the protocol promises, routes through HttpRouter and hands `GET /api/v1/stream` WebSocket
/// upgrades to whoever listens to webSocketConnected().
///
/// It parses HTTP itself instead of through Qt HttpServer, because Qt HttpServer 6.4 has no
/// body limit (it buffers a whole 300 MB upload, about three times over), ignores
/// `Connection: close` and `Expect: 100-continue`, never closes idle connections, and changes
/// its internals and API in 6.5 and 6.8; enforcing limits in front of it needed a second
/// framing parser anyway. Here each request is read once, its head only peeked until complete:
/// an over-limit body is refused from its Content-Length (or chunk sizes) and discarded as it
/// arrives, never buffered. Every response gets `X-Request-Id`, `Date` and an exact
/// `Content-Length`; pipelined requests are answered in order; a connection writing more than
/// it reads is paused (TCP back-pressure) rather than buffered without bound.
///
/// This class is the listener: slots per address and in all, eviction, trusted proxies, the
/// sweep and the WebSocket hand-off. Each client connection is an HttpConnection (reading,
/// limits, timeouts, answers).
///
/// Handlers are synchronous and run on this object's thread. A connection is never deleted
/// while its request is being handled, even if the client leaves or a handler spins an event
/// loop; the answer to a client that left is dropped.
class HttpFrontend final : public QObject {
    Q_OBJECT
public:
    /// The path whose WebSocket upgrades are handed out through webSocketConnected().
    static constexpr const char *kStreamPath = "/api/v1/stream";

    explicit HttpFrontend(HttpLimits limits, QObject *parent = nullptr);
    ~HttpFrontend() override;

    HttpRouter &router() { return m_router; }
    ServerMetrics &metrics() { return m_metrics; }
    const HttpLimits &limits() const { return m_limits; }

    bool listen(const QHostAddress &address, quint16 port); // port 0 = free port
    quint16 serverPort() const;
    QString errorString() const;
    /// HTTP connections being served plus upgraded WebSockets not yet destroyed.
    int openConnections() const;
    /// Stop listening (SIGTERM drain): idle keep-alive connections close now, busy ones after
    /// their current response; allConnectionsClosed() follows when none is left.
    void close();

signals:
    // A WebSocket upgrade on GET /api/v1/stream; ownership passes to the receiver.
    void webSocketConnected(QWebSocket *socket);
    /// After close(), once every HTTP connection has gone.
    void allConnectionsClosed();

private:
    class Listener;
    /// The per-connection state machine reads the shared clock and the drain flag, counts its
    /// timeouts and reports back through release() and upgrade().
    friend class HttpConnection;

    void accept(qintptr descriptor);
    /// Over the global cap: the connection is answered 503 and closed.
    void reject(QTcpSocket *socket, const QHostAddress &peer);
    /// A connection left: its slot and its address's count come back.
    void release(HttpConnection *connection);
    /// Hands a `GET /api/v1/stream` upgrade's socket to QWebSocketServer; its slot stays taken
    /// until the socket is gone.
    void upgrade(HttpConnection *connection);
    void adoptWebSocket(QWebSocket *webSocket);
    /// When all slots are taken: closes an idle keep-alive connection, or else the slowest
    /// head, to make room for a new client. False when every connection is doing work.
    bool makeRoom();
    bool isTrustedProxy(const QHostAddress &address) const;
    void countAddress(const QHostAddress &address, int delta);
    void sweep();

    HttpLimits m_limits;
    HttpRouter m_router;
    ServerMetrics m_metrics;
    Listener *m_listener = nullptr;
    QWebSocketServer *m_webSockets = nullptr;
    QSet<HttpConnection *> m_connections;
    QSet<HttpConnection *> m_rejected;
    /// Handed to QWebSocketServer and not yet a QWebSocket: socket -> when it was handed over.
    QHash<QTcpSocket *, qint64> m_handshaking;
    QHash<QHostAddress, int> m_perAddress; ///< open connections and WebSockets per client
    int m_upgraded = 0;
    quint64 m_evicted = 0;
    quint64 m_timedOut = 0;
    quint64 m_accepted = 0;
    quint64 m_refused = 0;
    quint64 m_webSocketsAccepted = 0;
    bool m_closing = false;
    bool m_destroying = false;
    QTimer *m_sweepTimer = nullptr; // a child, so it follows moveToThread()
    QElapsedTimer m_clock;
};

} // namespace dispatch::server
