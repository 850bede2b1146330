#include "httpconnection.h"

#include "httpfrontend.h"
#include "httpresponsebytes.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

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
/// Up to this much of a declared body is allocated up front; larger bodies grow as they come.
constexpr qint64 kMaxBodyReserve = 1 << 20;

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

HttpResponse cannotStore()
{
    return HttpResponse::error(507, QStringLiteral("INSUFFICIENT_STORAGE"),
                               QStringLiteral("The server cannot store the request body now."));
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const QHostAddress &peer, HttpFrontend *frontend)
    : QObject(frontend)
    , m_frontend(frontend)
    , m_socket(socket)
    , m_peer(peer)
{
    m_socket->setParent(this);
}

void HttpConnection::serve()
{
    m_lastActivity = m_acceptedAt = elapsedMs();
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        m_lastActivity = elapsedMs();
        process();
    });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        m_lastActivity = elapsedMs();
        if (m_shutdownPending)
            shutdownWrite();
        if (m_paused && m_socket->bytesToWrite() <= kMaxPendingWrite / 2) {
            m_paused = false;
            m_socket->setReadBufferSize(0); // unbounded again; re-arms reading
            process();
        }
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_state = State::Closed;
        dispose();
    });
    if (m_socket->bytesAvailable() > 0)
        process();
}

void HttpConnection::refuse(const HttpResponse &response)
{
    m_lastActivity = elapsedMs();
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        m_lastActivity = elapsedMs();
        process();
    });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_shutdownPending)
            shutdownWrite();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_state = State::Closed;
        dispose();
    });
    m_request.requestId = requestIdFrom({});
    fail(response, false);
}

bool HttpConnection::isIdle() const
{
    return !m_busy && m_state == State::Head && m_headStarted < 0 &&
           m_socket->bytesAvailable() == 0;
}

qint64 HttpConnection::headStartedAt() const
{
    return !m_busy && m_state == State::Head ? m_headStarted : -1;
}

QTcpSocket *HttpConnection::releaseSocket()
{
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->setReadBufferSize(0);
    m_upgraded = true; // the address keeps its count until the socket is gone
    return socket;
}

void HttpConnection::dispose()
{
    if (m_disposed)
        return;
    m_disposed = true;
    m_state = State::Closed;
    m_body.discard(); // a client that left mid-upload leaves no spool file behind
    if (!m_busy && !m_deleting) {
        m_deleting = true;
        deleteLater();
    }
    m_frontend->release(this); // last: it may emit allConnectionsClosed()
}

qint64 HttpConnection::elapsedMs() const
{
    return m_frontend->m_clock.elapsed();
}

void HttpConnection::process()
{
    // Re-entered from a nested event loop in a handler: the outer frame carries on reading
    // once its handler returns, so requests are still answered in order.
    if (m_busy || m_disposed)
        return;
    ++m_busy;
    bool progress = true;
    while (progress && !m_disposed) {
        switch (m_state) {
        case State::Head:
            if (m_socket->bytesToWrite() > kMaxPendingWrite) {
                // A client that pipelines but does not read: stop reading too. The bounded
                // socket buffer makes Qt stop taking data from the kernel, whose closing
                // window slows the client down instead of our memory growing.
                m_paused = true;
                m_socket->setReadBufferSize(kPausedReadBuffer);
                progress = false;
            } else {
                progress = readHead();
            }
            break;
        case State::Body:
        case State::ChunkData:
            progress = readBody();
            break;
        case State::ChunkSize:
            progress = readChunkSize();
            break;
        case State::ChunkEnd:
            progress = readChunkEnd();
            break;
        case State::Trailers:
            progress = readTrailers();
            break;
        case State::Discard:
            m_socket->skip(m_socket->bytesAvailable());
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
    if (--m_busy == 0 && m_disposed && !m_deleting) {
        m_deleting = true;
        deleteLater();
    }
}

bool HttpConnection::readHead()
{
    QTcpSocket *socket = m_socket;
    // RFC 9112 §2.2: ignore empty lines before a request line.
    char c = 0;
    while (socket->peek(&c, 1) == 1 && (c == '\r' || c == '\n'))
        socket->skip(1);
    const qint64 available = socket->bytesAvailable();
    if (available == 0)
        return false;
    if (m_headStarted < 0)
        m_headStarted = elapsedMs();

    // The head is only peeked until complete: a WebSocket upgrade leaves it in the socket for
    // QWebSocketServer, and nothing is buffered twice.
    const qint64 limit = m_frontend->limits().maxHeaderBytes;
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
                m_request.requestId = requestIdFrom({});
                fail(badRequest(QStringLiteral("This is not an HTTP request.")), false);
                return true;
            }
            return false; // wait for the rest
        }
        m_request.requestId = requestIdFrom({});
        fail(requestHeadTooLarge(), false);
        return true;
    }

    RequestHead head;
    if (const auto error =
            parseRequestHead(QByteArrayView(data).first(end), m_frontend->limits().maxHeaderFields,
                             &head, HttpFrontend::kStreamPath)) {
        socket->skip(end);
        m_request = HttpRequest{};
        m_request.requestId = requestIdFrom(headerValues(head.headers, "X-Request-Id").value(0));
        fail(*error, false);
        return true;
    }
    m_headStarted = -1;
    if (head.webSocketUpgrade) {
        m_frontend->upgrade(this);
        return false;
    }
    socket->skip(end);
    startRequest(std::move(head));
    return true;
}

void HttpConnection::startRequest(RequestHead &&head)
{
    HttpRequest &request = m_request;
    request = HttpRequest{};
    request.method = std::move(head.method);
    request.path = QUrl::fromPercentEncoding(head.rawPath);
    request.query = QUrlQuery(QString::fromLatin1(head.rawQuery));
    request.headers = std::move(head.headers);
    request.peer = m_peer;
    request.requestId = requestIdFrom(request.header("X-Request-Id"));
    m_rawPath = std::move(head.rawPath);
    m_keepAlive = head.keepAlive;
    m_http10 = head.http10;
    m_discardBody = false;
    m_bodyBytes = 0;
    m_trailerBytes = 0;
    const bool photo = isPhotoUpload(request.method, m_rawPath);
    const HttpLimits &limits = m_frontend->limits();
    m_bodyLimit = photo ? limits.maxPhotoBody : limits.maxJsonBody;
    m_bodyStarted = elapsedMs();
    m_bodyBytesRead = 0;
    ++m_requestsStarted;

    if (!head.chunked && head.contentLength <= 0) {
        m_body.discard();
        finishRequest();
        return;
    }
    m_remaining = head.chunked ? 0 : head.contentLength;
    m_state = head.chunked ? State::ChunkSize : State::Body;
    if (!head.chunked && head.contentLength > m_bodyLimit) {
        // Refused from the declared length before a byte of the body is read; the body is
        // then read and dropped so the client sees the 413 and not a reset.
        fail(tooLarge(m_bodyLimit), true);
        return;
    }
    // A photo goes to a spool file as it arrives (docs/ARCHITECTURE.md "Photos on the server").
    if (!m_body.start(photo ? limits.spoolDir : QString(),
                      head.chunked ? 0 : std::min(head.contentLength, kMaxBodyReserve))) {
        fail(cannotStore(), true);
        return;
    }

    // RFC 9110 §10.1.1: answer 100 unless the body is already on its way.
    if (head.expectContinue && m_socket->bytesAvailable() == 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

bool HttpConnection::readBody()
{
    QTcpSocket *socket = m_socket;
    const qint64 wanted = std::min(socket->bytesAvailable(), m_remaining);
    if (wanted <= 0 && m_remaining > 0)
        return false;
    const qint64 got = m_discardBody ? socket->skip(wanted) : m_body.append(socket, wanted);
    if (got < 0) {
        closeWhenFlushed();
        return false;
    }
    m_remaining -= got;
    m_bodyBytesRead += got;
    if (!m_discardBody && m_body.writeFailed()) {
        m_body.discard();
        fail(cannotStore(), true); // the rest of the body is read and dropped
    }
    if (m_remaining > 0)
        return false;

    if (m_state == State::ChunkData) {
        m_state = State::ChunkEnd;
        return true;
    }
    if (m_discardBody) {
        closeWhenFlushed(); // the whole refused body is in: close cleanly now
        return false;
    }
    finishRequest();
    return true;
}

bool HttpConnection::readChunkSize()
{
    QTcpSocket *socket = m_socket;
    // The line (CR included) may be kMaxChunkLine bytes long, whatever segments it came in.
    const QByteArray data =
        socket->peek(std::min<qint64>(socket->bytesAvailable(), kMaxChunkLine + 1));
    const qsizetype lf = data.indexOf('\n');
    if (lf < 0) {
        if (data.size() <= kMaxChunkLine)
            return false;
        malformedBody(QStringLiteral("Malformed chunked body."));
        return true;
    }
    socket->skip(lf + 1);
    m_bodyBytesRead += lf + 1;
    const std::optional<qint64> parsed = parseChunkSizeLine(QByteArrayView(data.constData(), lf));
    if (!parsed) {
        malformedBody(QStringLiteral("Malformed chunk size."));
        return true;
    }
    const qint64 size = *parsed;
    if (size == 0) {
        m_state = State::Trailers;
        return true;
    }
    // The cap counts body bytes as announced, so an over-limit chunk is refused before its
    // data arrives; the rest of the body is then parsed and dropped up to the last chunk.
    m_bodyBytes += size;
    if (!m_discardBody && m_bodyBytes > m_bodyLimit) {
        m_body.discard();
        fail(tooLarge(m_bodyLimit), true);
    }
    m_remaining = size;
    m_state = State::ChunkData;
    return true;
}

bool HttpConnection::readChunkEnd()
{
    QTcpSocket *socket = m_socket;
    char crlf[2] = {0, 0};
    const qint64 seen = socket->peek(crlf, 2);
    if (seen <= 0 || (seen == 1 && crlf[0] == '\r'))
        return false;
    if (crlf[0] == '\n') {
        socket->skip(1);
    } else if (crlf[0] == '\r' && crlf[1] == '\n') {
        socket->skip(2);
    } else {
        malformedBody(QStringLiteral("Malformed chunked body."));
        return true;
    }
    m_state = State::ChunkSize;
    return true;
}

bool HttpConnection::readTrailers()
{
    QTcpSocket *socket = m_socket;
    // Trailer lines share the head's size cap, whatever segments they came in.
    const qint64 allowance =
        std::max<qint64>(0, m_frontend->limits().maxHeaderBytes - m_trailerBytes);
    const QByteArray data = socket->peek(std::min<qint64>(socket->bytesAvailable(), allowance + 1));
    const qsizetype lf = data.indexOf('\n');
    if (lf < 0) {
        if (data.size() <= allowance)
            return false;
        if (m_discardBody)
            closeWhenFlushed(); // answered already (413): never a second answer
        else
            fail(requestHeadTooLarge(), false);
        return true;
    }
    socket->skip(lf + 1);
    const bool last = lf == 0 || (lf == 1 && data[0] == '\r');
    if (!last) {
        m_trailerBytes += lf + 1; // trailer fields are allowed and ignored
        return true;
    }
    if (m_discardBody) {
        closeWhenFlushed();
        return false;
    }
    finishRequest();
    return true;
}

void HttpConnection::malformedBody(const QString &message)
{
    // A body refused already (413) was answered with Connection: close; its framing breaking
    // now only ends the discarding. One request, one answer (RFC 9112 §9.6).
    if (m_discardBody) {
        closeWhenFlushed();
        return;
    }
    fail(badRequest(message), false);
}

void HttpConnection::finishRequest()
{
    if (!m_body.finish(&m_request)) {
        fail(cannotStore(), false);
        return;
    }
    QElapsedTimer timer;
    timer.start();
    HttpRouter::Outcome outcome = m_frontend->router().dispatch(m_request, m_rawPath);
    if (outcome.response.deferred) {
        deliverLater(std::move(outcome), timer);
        return;
    }
    respond(outcome, double(timer.nsecsElapsed()) / 1e9);
}

void HttpConnection::deliverLater(HttpRouter::Outcome outcome, QElapsedTimer timer)
{
    // The handler goes on off the event loop. The connection is held (busy: not swept, not
    // deleted, pipelined requests wait) until the answer comes.
    m_state = State::Waiting;
    m_waiting = true;
    ++m_busy;
#ifdef Q_OS_UNIX
    // Qt closes the whole socket when a client half-closes after its request; a spare
    // descriptor keeps the way back open for the answer.
    m_spareDescriptor = ::dup(int(m_socket->socketDescriptor()));
#endif
    const std::shared_ptr<DeferredResponse> deferred = outcome.response.deferred;
    outcome.response = HttpResponse{};
    deferred->onFinished([frontend = QPointer<HttpFrontend>(m_frontend),
                          guarded = QPointer<HttpConnection>(this), outcome,
                          timer](HttpResponse response) mutable {
        HttpConnection *connection = guarded.data();
        if (!frontend || !connection)
            return;
        outcome.response = std::move(response);
        connection->finishWaiting(outcome, double(timer.nsecsElapsed()) / 1e9);
    });
}

void HttpConnection::finishWaiting(const HttpRouter::Outcome &outcome, double seconds)
{
    m_waiting = false;
    const int spare = std::exchange(m_spareDescriptor, -1);
    if (m_disposed || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        m_frontend->metrics().observeRequest(outcome.routeName, outcome.response.status, seconds);
#ifdef Q_OS_UNIX
        if (spare >= 0) {
            // Best effort for a client that half-closed: one non-blocking send, then close.
            const auto [head, body] = responseBytes(outcome.response, m_request.requestId, m_http10,
                                                    m_request.method == "HEAD", true);
            const QByteArray bytes = head + body;
            [[maybe_unused]] const auto sent =
                ::send(spare, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(spare);
        }
#endif
        m_request = HttpRequest{};
        if (--m_busy == 0 && m_disposed && !m_deleting) {
            m_deleting = true;
            deleteLater();
        } else if (!m_disposed) {
            closeWhenFlushed();
        }
        return;
    }
#ifdef Q_OS_UNIX
    if (spare >= 0)
        ::close(spare);
#endif
    --m_busy;
    m_state = State::Head;
    respond(outcome, seconds);
    m_lastActivity = elapsedMs();
    if (m_state == State::Head)
        process(); // requests pipelined behind the deferred one
}

void HttpConnection::respond(const HttpRouter::Outcome &outcome, double seconds)
{
    m_frontend->metrics().observeRequest(outcome.routeName, outcome.response.status, seconds);
    const HttpRequest &request = m_request;
    qCDebug(lcHttp).noquote() << request.requestId << request.method << request.path
                              << outcome.response.status << QString::number(seconds * 1e3, 'f', 2)
                              << "ms";

    if (m_disposed || m_state == State::Closed ||
        m_socket->state() != QAbstractSocket::ConnectedState) {
        // The client left while its handler ran; the answer has nowhere to go.
        qCDebug(lcHttp) << "client left before its response" << request.requestId;
        m_request = HttpRequest{};
        if (!m_disposed)
            closeWhenFlushed();
        return;
    }

    const bool close = !m_keepAlive || m_frontend->m_closing;
    writeResponse(outcome.response, request.method == "HEAD", close);
    m_request = HttpRequest{}; // frees the body now, not at the next request
    m_rawPath.clear();
    if (close)
        closeWhenFlushed();
    else
        m_state = State::Head;
}

void HttpConnection::timeOut()
{
    // A client too slow to send its request (or take its answer) gets 408 and the connection
    // is closed without lingering: lingering would give it the slot back for longer.
    ++m_frontend->m_timedOut;
    if (m_socket && m_socket->bytesToWrite() == 0 && m_state != State::Closed) {
        m_keepAlive = false;
        writeResponse(HttpResponse::error(408, QStringLiteral("REQUEST_TIMEOUT"),
                                          QStringLiteral("The request took too long to arrive.")),
                      false, true);
    }
    if (m_socket) {
        m_socket->flush();
        m_socket->abort();
    }
    dispose();
}

void HttpConnection::fail(const HttpResponse &response, bool bodyEndKnown)
{
    qCInfo(lcHttp).noquote() << "refusing request" << m_request.requestId << response.status
                             << response.body;
    m_frontend->metrics().observeRequest(kFrontendRoute, response.status, 0);
    m_keepAlive = false;
    writeResponse(response, false, true);
    m_discardDeadline = elapsedMs() + m_frontend->limits().maxDiscardMs;
    if (bodyEndKnown) {
        m_discardBody = true; // keep the framing state, drop the bytes
    } else {
        m_state = State::Discard; // drop everything until quiet
        shutdownWrite();
    }
}

void HttpConnection::shutdownWrite()
{
    // Lingering close, as nginx does it: once the answer is out, half-close so the client sees
    // the end of it, and keep reading (and dropping) until the client closes too. Closing
    // outright with unread input would send a reset, which can destroy the answer in transit.
    QTcpSocket *socket = m_socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (socket->bytesToWrite() > 0)
        socket->flush();
    if (socket->bytesToWrite() > 0) {
        m_shutdownPending = true;
        return;
    }
    m_shutdownPending = false;
#ifdef Q_OS_UNIX
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
#endif
}

void HttpConnection::writeResponse(const HttpResponse &response, bool headOnly, bool close)
{
    QTcpSocket *socket = m_socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    const auto [head, body] =
        responseBytes(response, m_request.requestId, m_http10, headOnly, close);
    socket->write(head);
    if (!body.isEmpty())
        socket->write(body); // shared with the response, not copied
    // Out now rather than at the next write notification: Qt closes the whole socket when it
    // reads the end of a client that half-closed after its request, and drops unsent output.
    socket->flush();
}

void HttpConnection::closeWhenFlushed()
{
    m_state = State::Closed;
    QTcpSocket *socket = m_socket;
    m_lastActivity = elapsedMs();
    if (socket && socket->state() == QAbstractSocket::ConnectedState)
        socket->disconnectFromHost(); // sends what is queued, then FIN; disconnected() follows
    else
        dispose();
}

bool HttpConnection::isPhotoUpload(QByteArrayView method, QByteArrayView rawPath)
{
    // POST /api/v1/jobs/<id>/photos takes raw image bytes; everything else takes JSON.
    if (method != "POST" || !rawPath.startsWith("/api/v1/jobs/") || !rawPath.endsWith("/photos"))
        return false;
    const qsizetype length = rawPath.size() - 13 - 7;
    if (length <= 0)
        return false;
    return !rawPath.sliced(13, length).contains('/');
}

void HttpConnection::sweep(qint64 now)
{
    if (m_busy || m_disposed)
        return; // a handler is running: not idle, whatever the clock says
    const HttpLimits &limits = m_frontend->limits();
    QTcpSocket *socket = m_socket;
    const qint64 quiet = now - m_lastActivity;
    if (m_state == State::Closed) {
        // Still flushing to a client that does not take its answer.
        if (quiet >= limits.headTimeoutMs) {
            socket->abort();
            dispose();
        }
    } else if (m_state == State::Discard || m_discardBody) {
        // After an error answer: close once the client is quiet, or has had long enough.
        if (quiet >= limits.lingerMs || now >= m_discardDeadline) {
            socket->skip(socket->bytesAvailable());
            closeWhenFlushed();
        }
    } else if (m_state == State::Head) {
        // A head that trickles in (slowloris) gets the head timeout in total, not per byte;
        // a new connection must start its first request within it too.
        if (m_headStarted >= 0 && now - m_headStarted >= limits.headTimeoutMs) {
            timeOut();
        } else if (m_headStarted < 0 && m_requestsStarted == 0 &&
                   now - m_acceptedAt >= limits.headTimeoutMs) {
            // Not a byte yet: closed without a 408, which a client that opened the
            // connection ahead of a request (Qt's network access manager does) would
            // take for the answer to the request it sends next.
            ++m_frontend->m_timedOut;
            closeWhenFlushed();
        } else if (quiet >= limits.idleTimeoutMs) {
            closeWhenFlushed();
        }
    } else {
        // A body: no stall longer than the idle timeout, and after a grace period at least
        // the minimum rate on average, so a byte every few seconds cannot hold the slot.
        const qint64 elapsed = now - m_bodyStarted;
        const qint64 owed = (elapsed - limits.headTimeoutMs) * limits.minBodyBytesPerSecond / 1000;
        if (quiet >= limits.idleTimeoutMs || m_bodyBytesRead < owed)
            timeOut();
    }
}

} // namespace dispatch::server
