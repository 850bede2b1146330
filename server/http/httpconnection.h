#pragma once

#include "httpmessage.h"
#include "httprequesthead.h"
#include "httprouter.h"
#include "requestbodysink.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>

#include <utility>

class QTcpSocket;

namespace dispatch::server {

class HttpFrontend;

/// One client connection of HttpFrontend and the request being read on it: reads the head
/// (within the head timeout), then the body (size caps, minimum rate, chunked decoding), hands
/// the request to the router, writes the answer (at once, or when a deferred handler finishes),
/// keeps the connection alive for the next request or closes it, lingering after an error so
/// the client reads the answer instead of a reset. Owns its socket; the front end owns it.
///
/// It is never deleted while its request is being handled, even if the client leaves or a
/// handler spins an event loop; the answer to a client that left is dropped.
class HttpConnection final : public QObject {
public:
    HttpConnection(QTcpSocket *socket, const QHostAddress &peer, HttpFrontend *frontend);

    /// Serves requests until the client leaves, the connection idles out or fails.
    void serve();
    /// A connection over the global cap: answers `response` with `Connection: close` and drops
    /// whatever the client sends until it goes quiet.
    void refuse(const HttpResponse &response);

    /// The client's address, one spelling per client (IPv4-mapped addresses unmapped).
    const QHostAddress &peer() const { return m_peer; }
    QTcpSocket *socket() const { return m_socket; }
    bool isDisposed() const { return m_disposed; }
    /// Its socket went to QWebSocketServer, with its slot.
    bool isUpgraded() const { return m_upgraded; }
    qint64 lastActivity() const { return m_lastActivity; }
    /// Between requests with nothing read of the next one: closing it loses the client nothing.
    bool isIdle() const;
    /// When the first byte of the head being read arrived; -1 when no head is under way.
    qint64 headStartedAt() const;

    /// Closes once the queued output is sent.
    void closeWhenFlushed();
    /// Too slow to send its request or take its answer: 408 if nothing is being written, then
    /// closed without lingering.
    void timeOut();
    /// The head, body, linger and idle timeouts, checked on HttpFrontend's sweep.
    void sweep(qint64 now);
    /// Its socket leaves for a WebSocket handshake (HttpFrontend::upgrade()): no longer read
    /// here, and the address keeps its count until the socket is gone.
    QTcpSocket *releaseSocket();
    /// Leaves the front end's books; deleted once no handler is running on it.
    void dispose();

private:
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

    void process();
    bool readHead();
    bool readBody();
    bool readChunkSize();
    bool readChunkEnd();
    bool readTrailers();
    void startRequest(RequestHead &&head);
    void finishRequest();
    /// A chunked body whose framing is broken: 400, unless the request was answered already.
    void malformedBody(const QString &message);
    void deliverLater(HttpRouter::Outcome outcome, QElapsedTimer timer);
    void finishWaiting(const HttpRouter::Outcome &outcome, double seconds);
    void respond(const HttpRouter::Outcome &outcome, double seconds);
    /// Answers a request-level error with `Connection: close`: the body that follows (if its
    /// end is known) is discarded, or everything is until the client goes quiet.
    void fail(const HttpResponse &response, bool bodyEndKnown);
    void writeResponse(const HttpResponse &response, bool headOnly, bool close);
    void shutdownWrite();
    /// POST /api/v1/jobs/<id>/photos: raw image bytes, streamed to the spool folder.
    static bool isPhotoUpload(QByteArrayView method, QByteArrayView rawPath);
    qint64 elapsedMs() const;

    HttpFrontend *m_frontend;
    QTcpSocket *m_socket;
    QHostAddress m_peer;
    State m_state = State::Head;
    int m_busy = 0;             ///< process() frames on the stack; never deleted while > 0
    bool m_disposed = false;    ///< left the front end's sets; deleteLater() once not busy
    bool m_deleting = false;    ///< deleteLater() called
    bool m_upgraded = false;    ///< the socket went to QWebSocketServer with its slot
    bool m_paused = false;      ///< too much unsent output; resume on bytesWritten
    bool m_discardBody = false; ///< answered already (413): read the body to its end, then close
    bool m_shutdownPending = false; ///< half-close once the queued answer is sent
    qint64 m_lastActivity = 0;
    qint64 m_headStarted = -1; ///< when the first byte of the pending head arrived
    qint64 m_discardDeadline = 0;
    qint64 m_acceptedAt = 0;
    qint64 m_bodyStarted = -1;  ///< when the body of the current request began
    qint64 m_bodyBytesRead = 0; ///< body bytes (chunk framing included) read so far
    int m_requestsStarted = 0;
    bool m_waiting = false;     ///< a deferred handler is working on the request
    int m_spareDescriptor = -1; ///< a dup() of the socket while waiting (see deliverLater())

    // The request being read.
    HttpRequest m_request;
    RequestBodySink m_body; ///< where its body goes as it arrives (memory or a spool file)
    QByteArray m_rawPath;
    bool m_keepAlive = true;
    bool m_http10 = false;
    qint64 m_bodyLimit = 0;
    qint64 m_remaining = 0; ///< Content-Length left, or what is left of the current chunk
    qint64 m_bodyBytes = 0; ///< chunk data announced so far
    qint64 m_trailerBytes = 0;
};

} // namespace dispatch::server
