#include "eventstream.h"

#include "etag.h"

#include "authenticator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <chrono>

Q_LOGGING_CATEGORY(lcEventStream, "dispatch.server.events")

namespace dispatch::server {

namespace {

/// QWebSocket's error signal: `errorOccurred` from Qt 6.5, `error` before (deprecated since).
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
constexpr auto kWebSocketError = &QWebSocket::errorOccurred;
#else
const auto kWebSocketError = QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error);
#endif

constexpr int kHubBatch = 1000;
constexpr quint64 kMaxIncomingMessage = 64 * 1024;

qint64 nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

/// A non-negative decimal integer, digits only (no sign, no spaces), that fits in qint64.
std::optional<qint64> parseSeq(const QString &text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    return text.toLongLong();
}

Etag etagFor(qint64 lastSeq)
{
    return Etag::strong(QByteArray("ev-" + QByteArray::number(lastSeq)));
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString resyncMessage(qint64 lastSeq)
{
    return QString::fromUtf8(
        compact(QJsonObject{{QStringLiteral("type"), QStringLiteral("RESYNC_REQUIRED")},
                            {QStringLiteral("lastSeq"), lastSeq}}));
}

QWebSocketProtocol::CloseCode closeCode(int code)
{
    return static_cast<QWebSocketProtocol::CloseCode>(code);
}

} // namespace

struct EventStream::Client {
    enum class State { AwaitingResume, CatchingUp, Live, Closing };

    QWebSocket *socket = nullptr;
    AuthUser user;
    QString tokenHash;
    QDateTime expiresAt;
    bool authenticated = false;
    State state = State::AwaitingResume;
    /// Every event visible to this user with seq <= cursor has been sent.
    qint64 cursor = 0;
    qint64 lastPongMs = 0;
    qint64 lastPingMs = 0;
    bool pumpScheduled = false;
    bool waitingForDrain = false;
};

EventStream::EventStream(Database &db, Authenticator &auth, QObject *parent)
    : QObject(parent)
    , m_auth(auth)
    , m_log(db)
{
    connect(&m_heartbeat, &QTimer::timeout, this, &EventStream::heartbeat);
    connect(&m_auth, &Authenticator::revoked, this, &EventStream::closeRevoked);
    // Commits and revocations by other dispatchd processes (PostgreSQL NOTIFY).
    connect(&m_log, &EventLog::committed, this, [this] { scheduleRead(); });
    connect(&m_log, &EventLog::revocationNotified, this,
            [this](const QString &payload) { m_auth.applyRemoteRevocation(payload); });
    setTiming(Timing{});
}

EventStream::~EventStream()
{
    // The sockets are our children (also those already removed and waiting for deleteLater);
    // take them down before our members go, so none of their signals reaches a
    // half-destroyed hub.
    const QList<QWebSocket *> sockets = findChildren<QWebSocket *>(Qt::FindDirectChildrenOnly);
    for (QWebSocket *socket : sockets) {
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        delete socket;
    }
    m_clients.clear();
}

void EventStream::setTiming(const Timing &timing)
{
    m_timing = timing;
    const int tick = std::clamp(
        std::min({timing.pingIntervalMs, timing.pongTimeoutMs, timing.safetyReadIntervalMs}) / 4,
        10, 5000);
    m_heartbeat.start(tick);
    m_log.setPruneInterval(timing.pruneIntervalMs);
}

HttpResponse EventStream::poll(const HttpRequest &request, const AuthUser &user)
{
    qint64 after = 0;
    int limit = kDefaultPollLimit;
    if (request.query.hasQueryItem(QStringLiteral("after"))) {
        const auto parsed = parseSeq(request.query.queryItemValue(QStringLiteral("after")));
        if (!parsed)
            return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                       QStringLiteral("after must be a non-negative integer"),
                                       {{QStringLiteral("field"), QStringLiteral("after")}});
        after = *parsed;
    }
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        const auto parsed = parseSeq(request.query.queryItemValue(QStringLiteral("limit")));
        if (!parsed || *parsed < 1 || *parsed > kMaxPollLimit)
            return HttpResponse::error(
                400, QStringLiteral("BAD_REQUEST"),
                QStringLiteral("limit must be an integer from 1 to %1").arg(kMaxPollLimit),
                {{QStringLiteral("field"), QStringLiteral("limit")}});
        limit = int(*parsed);
    }

    const EventLog::Page page = m_log.readPage(user, after, limit);
    if (!page.ok) {
        qCWarning(lcEventStream) << "cannot read the event log:" << page.error;
        return HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                                   QStringLiteral("the event log cannot be read"));
    }
    if (page.needsResync(after)) {
        return HttpResponse::error(
            409, QStringLiteral("RESYNC_REQUIRED"),
            QStringLiteral("events after %1 are no longer kept; reload and resume after lastSeq")
                .arg(after),
            {{QStringLiteral("lastSeq"), page.head}});
    }

    // For one user and URL the answer is fixed by its lastSeq (the log is append-only and
    // visibility is a property of each row), so lastSeq alone makes a correct strong ETag.
    const qint64 lastSeq = page.lastSeq();
    // RFC 9110 §13.1.2: weak comparison; `*` matches, as the log always has a representation.
    const Etag etag = etagFor(lastSeq);
    if (EtagCondition::parse(request.headerValues("If-None-Match")).matchesWeakly(etag))
        return HttpResponse::noContent(304).withHeader("ETag", etag.toHeader());

    QByteArray body;
    qsizetype size = 32;
    for (const auto &event : page.events)
        size += event.second.size() + 1;
    body.reserve(size);
    body += "{\"events\":[";
    for (std::size_t i = 0; i < page.events.size(); ++i) {
        if (i > 0)
            body += ',';
        body += page.events[i].second;
    }
    body += "],\"lastSeq\":" + QByteArray::number(lastSeq) + '}';
    m_eventsSent += qint64(page.events.size());
    return HttpResponse::text(200, body, "application/json").withHeader("ETag", etag.toHeader());
}

void EventStream::acceptWebSocket(QWebSocket *socket)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(kMaxIncomingMessage);
    socket->setMaxAllowedIncomingFrameSize(kMaxIncomingMessage);

    auto owned = std::make_unique<Client>();
    Client &c = *owned;
    c.socket = socket;
    c.lastPongMs = c.lastPingMs = nowMs();
    m_clients.emplace(socket, std::move(owned));

    connect(socket, &QWebSocket::disconnected, this, [this, socket] { removeClient(socket); });
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket](const QString &message) { handleFirstMessage(socket, message); });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket] {
        const Client *c = client(socket);
        if (c && c->state == Client::State::AwaitingResume)
            closeClient(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                        QStringLiteral("expected a text message {\"resumeAfter\": seq}"));
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (Client *c = client(socket))
            c->lastPongMs = nowMs();
    });
    connect(socket, &QWebSocket::bytesWritten, this, [this, socket] {
        Client *c = client(socket);
        if (c && c->waitingForDrain && socket->bytesToWrite() <= kCatchUpHighWater / 2) {
            c->waitingForDrain = false;
            schedulePump(socket);
        }
    });
    connect(socket, kWebSocketError, this, [socket](QAbstractSocket::SocketError error) {
        qCDebug(lcEventStream) << "socket error" << error << socket->errorString();
    });

    if (socket->state() != QAbstractSocket::ConnectedState) {
        removeClient(socket);
        return;
    }

    QByteArray token =
        QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("token")).toUtf8();
    if (token.isEmpty())
        token = Authenticator::bearerToken(socket->request().rawHeader("Authorization"));
    const std::optional<Authenticator::Session> session =
        token.isEmpty() ? std::nullopt : m_auth.sessionForToken(token);
    if (!session) {
        qCDebug(lcEventStream) << "refusing a stream without a valid token";
        closeClient(socket, kCloseUnauthenticated, QStringLiteral("unauthenticated"));
        return;
    }
    // The stream lives as long as its token: logout, a password reset or expiry close it with
    // 4401 (closeRevoked(), heartbeat()).
    c.user = session->user;
    c.tokenHash = session->tokenHash;
    c.expiresAt = session->expiresAt;
    c.authenticated = true;
    QTimer::singleShot(m_timing.resumeTimeoutMs, socket, [this, socket] {
        const Client *c = client(socket);
        if (c && c->state == Client::State::AwaitingResume)
            closeClient(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                        QStringLiteral("no {\"resumeAfter\": seq} message in time"));
    });
    qCDebug(lcEventStream) << "stream opened for" << c.user.username;
}

void EventStream::handleFirstMessage(QWebSocket *socket, const QString &message)
{
    Client *c = client(socket);
    if (!c || c->state != Client::State::AwaitingResume)
        return; // only the first message means anything; later ones are ignored
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &error);
    const QJsonValue resume = document.object().value(QStringLiteral("resumeAfter"));
    const double value = resume.toDouble(-1);
    // Integral, non-negative, and exact as a double (2^53).
    if (error.error != QJsonParseError::NoError || !document.isObject() || !resume.isDouble() ||
        value < 0 || value > 9007199254740992.0 || value != double(qint64(value))) {
        closeClient(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("expected {\"resumeAfter\": seq} with a non-negative integer"));
        return;
    }
    c->state = Client::State::CatchingUp;
    c->cursor = qint64(value);
    pumpCatchUp(socket);
}

void EventStream::schedulePump(QWebSocket *socket)
{
    Client *c = client(socket);
    if (!c || c->pumpScheduled)
        return;
    c->pumpScheduled = true;
    // One page per event-loop turn, so a long catch-up does not starve the other clients.
    QTimer::singleShot(0, socket, [this, socket] { pumpCatchUp(socket); });
}

void EventStream::pumpCatchUp(QWebSocket *socket)
{
    Client *c = client(socket);
    if (!c || c->state != Client::State::CatchingUp)
        return;
    c->pumpScheduled = false;
    if (socket->bytesToWrite() > kCatchUpHighWater) {
        c->waitingForDrain = true; // bytesWritten resumes us
        return;
    }
    const EventLog::Page page = m_log.readPage(c->user, c->cursor, kCatchUpPage);
    if (!page.ok) {
        qCWarning(lcEventStream) << "cannot read the event log:" << page.error;
        closeClient(socket, QWebSocketProtocol::CloseCodeBadOperation,
                    QStringLiteral("the event log cannot be read"));
        return;
    }
    if (page.needsResync(c->cursor)) {
        // The client reloads its jobs; the stream goes on with the events after lastSeq.
        c->socket->sendTextMessage(resyncMessage(page.head));
        c->cursor = page.head;
        schedulePump(socket);
        return;
    }
    for (const auto &[seq, text] : page.events) {
        sendText(*c, QString::fromUtf8(text));
        c->cursor = seq;
    }
    if (page.events.size() == std::size_t(kCatchUpPage)) {
        schedulePump(socket);
        return;
    }
    // A short page: every visible event up to the head of that snapshot has been sent.
    c->cursor = std::max(c->cursor, page.head);

    const bool anyLive = std::any_of(m_clients.begin(), m_clients.end(), [](const auto &entry) {
        return entry.second->state == Client::State::Live;
    });
    if (!anyLive)
        m_hubSeq = c->cursor;
    if (c->cursor < m_hubSeq) {
        // The hub has already fanned out events this snapshot did not have; read on.
        schedulePump(socket);
        return;
    }
    c->state = Client::State::Live;
    qCDebug(lcEventStream) << c->user.username << "is live after seq" << c->cursor;
    // Events committed while we caught up may be beyond the hub; the next read fans them out.
    scheduleRead();
}

void EventStream::notifyCommitted()
{
    scheduleRead();
}

void EventStream::scheduleRead()
{
    // Coalesces a burst of commits into one read; safe from any thread.
    if (!m_readScheduled.exchange(true))
        QMetaObject::invokeMethod(
            this, [this] { readNewEvents(); }, Qt::QueuedConnection);
}

void EventStream::readNewEvents()
{
    m_readScheduled = false;
    const bool anyLive = std::any_of(m_clients.begin(), m_clients.end(), [](const auto &entry) {
        return entry.second->state == Client::State::Live;
    });
    if (!anyLive) {
        m_hubSeq = -1; // nobody to fan out to; a client joining sets it
        return;
    }

    QString error;
    const std::optional<std::vector<EventLog::Event>> read =
        m_log.readAfter(m_hubSeq, kHubBatch, &error);
    if (!read) {
        qCWarning(lcEventStream) << "cannot read new events:" << error;
        return; // the heartbeat retries
    }
    const std::vector<EventLog::Event> &events = *read;
    if (events.empty())
        return;

    if (events.front().seq > m_hubSeq + 1) {
        // Pruned before the hub read them (a hub far behind): those clients must resync.
        const qint64 gapEnd = events.front().seq - 1;
        qCWarning(lcEventStream) << "events" << m_hubSeq + 1 << "to" << gapEnd
                                 << "were pruned before they were fanned out";
        for (auto &[socket, c] : m_clients) {
            if (c->state == Client::State::Live && c->cursor < gapEnd) {
                socket->sendTextMessage(resyncMessage(gapEnd));
                c->cursor = gapEnd;
            }
        }
    }
    fanOut(events);
    m_hubSeq = events.back().seq;
    if (events.size() == std::size_t(kHubBatch))
        scheduleRead();
}

void EventStream::fanOut(const std::vector<EventLog::Event> &events)
{
    // A snapshot: nothing below may change m_clients under a live iterator.
    std::vector<QWebSocket *> live;
    live.reserve(m_clients.size());
    for (const auto &[socket, c] : m_clients) {
        if (c->state == Client::State::Live) // catching-up clients read these from the log
            live.push_back(socket);
    }
    std::vector<QWebSocket *> tooSlow;
    for (QWebSocket *socket : live) {
        Client *c = client(socket);
        if (!c || c->state != Client::State::Live)
            continue;
        // Measured before this batch: what is still unsent from earlier ones is what the
        // peer failed to take, whereas one large batch alone says nothing about the peer.
        if (socket->bytesToWrite() > kMaxClientBuffer) {
            tooSlow.push_back(socket);
            continue;
        }
        for (const EventLog::Event &event : events) {
            if (event.seq <= c->cursor)
                continue;
            if (event.visibleTo(c->user))
                sendText(*c, c->user.isOffice() ? event.officeText : event.proText);
            c->cursor = event.seq;
        }
    }
    // Closed after the loop: closing may remove the client from m_clients.
    for (QWebSocket *socket : tooSlow) {
        qCInfo(lcEventStream) << "closing a stream that does not keep up";
        closeClient(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("too slow; reconnect and resume"));
    }
}

void EventStream::sendText(Client &client, const QString &text)
{
    client.socket->sendTextMessage(text);
    ++m_eventsSent;
}

void EventStream::heartbeat()
{
    const qint64 now = nowMs();
    std::vector<QWebSocket *> dead;
    bool anyLive = false;
    for (auto &[socket, c] : m_clients) {
        if (c->state == Client::State::Closing)
            continue;
        anyLive = anyLive || c->state == Client::State::Live;
        if (now - c->lastPongMs > m_timing.pongTimeoutMs) {
            dead.push_back(socket);
        } else if (now - c->lastPingMs >= m_timing.pingIntervalMs) {
            socket->ping();
            c->lastPingMs = now;
        }
    }
    for (QWebSocket *socket : dead) {
        qCInfo(lcEventStream) << "dropping a stream whose pong is overdue";
        socket->abort(); // no close handshake with a peer that does not answer
    }
    const QDateTime utcNow = QDateTime::currentDateTimeUtc();
    std::vector<QWebSocket *> expired;
    for (const auto &[socket, c] : m_clients) {
        if (c->authenticated && c->state != Client::State::Closing && c->expiresAt <= utcNow)
            expired.push_back(socket);
    }
    for (QWebSocket *socket : expired)
        closeClient(socket, kCloseUnauthenticated, QStringLiteral("token expired"));
    // Safety net for a lost NOTIFY or a commit nobody announced: one indexed probe.
    if (anyLive && now - m_lastSafetyReadMs >= m_timing.safetyReadIntervalMs) {
        m_lastSafetyReadMs = now;
        scheduleRead();
    }
}

void EventStream::closeRevoked(const Authenticator::Revocation &revocation)
{
    std::vector<QWebSocket *> revoked;
    for (const auto &[socket, c] : m_clients) {
        const bool matches = revocation.kind == Authenticator::Revocation::Kind::Token
                                 ? c->tokenHash == revocation.id
                                 : c->user.id == revocation.id;
        if (c->authenticated && matches)
            revoked.push_back(socket);
    }
    for (QWebSocket *socket : revoked)
        closeClient(socket, kCloseUnauthenticated, QStringLiteral("signed out"));
}

void EventStream::closeClient(QWebSocket *socket, int code, const QString &reason)
{
    Client *c = client(socket);
    if (!c || c->state == Client::State::Closing)
        return;
    c->state = Client::State::Closing;
    // A peer that never completes the close handshake is cut off.
    QTimer::singleShot(m_timing.closeGraceMs, socket, [socket] { socket->abort(); });
    socket->close(closeCode(code), reason); // may remove the client synchronously
}

void EventStream::removeClient(QWebSocket *socket)
{
    if (m_clients.erase(socket) == 0)
        return;
    socket->deleteLater();
}

EventStream::Client *EventStream::client(QWebSocket *socket)
{
    const auto it = m_clients.find(socket);
    return it == m_clients.end() ? nullptr : it->second.get();
}

int EventStream::clientCount() const
{
    return int(std::count_if(m_clients.begin(), m_clients.end(),
                             [](const auto &entry) { return entry.second->authenticated; }));
}

qint64 EventStream::eventsSent() const
{
    return m_eventsSent;
}

bool EventStream::listenForNotifications(const DatabaseConfig &config, QString *error)
{
    return m_log.listenForNotifications(config, error);
}

void EventStream::setRetention(qint64 keepEvents)
{
    m_log.setRetention(keepEvents);
}

qint64 EventStream::retention() const
{
    return m_log.retention();
}

qint64 EventStream::pruneNow()
{
    return m_log.pruneNow();
}

void EventStream::closeAll()
{
    std::vector<QWebSocket *> sockets;
    sockets.reserve(m_clients.size());
    for (const auto &entry : m_clients)
        sockets.push_back(entry.first);
    for (QWebSocket *socket : sockets)
        closeClient(socket, QWebSocketProtocol::CloseCodeGoingAway,
                    QStringLiteral("server shutting down"));
}

} // namespace dispatch::server
