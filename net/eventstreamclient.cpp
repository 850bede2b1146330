#include "eventstreamclient.h"

#include "apiclient.h"
#include "backoff.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QWebSocket>

#include <algorithm>
#include <memory>

namespace dispatch::net {

Q_LOGGING_CATEGORY(lcStream, "dispatch.net.stream", QtInfoMsg)

namespace {

/// QWebSocket's error signal: `errorOccurred` from Qt 6.5, `error` before (deprecated since).
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
constexpr auto kWebSocketError = &QWebSocket::errorOccurred;
#else
const auto kWebSocketError = QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error);
#endif

/// The server closes with this code when the token is missing or unknown (docs/openapi.yaml).
constexpr quint16 kCloseUnauthenticated = 4401;
/// The poll's page size (the server's default when no limit is sent): a full page means
/// more are waiting, so the next poll goes at once.
constexpr int kPollPage = 500;

} // namespace

EventStreamClient::EventStreamClient(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    Q_ASSERT(api);
    m_stateSince = QDateTime::currentDateTimeUtc();
    for (QTimer *timer : {&m_reconnectTimer, &m_deadTimer, &m_stableTimer, &m_pollTimer})
        timer->setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EventStreamClient::connectSocket);
    connect(&m_pingTimer, &QTimer::timeout, this, &EventStreamClient::heartbeat);
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        if (!m_socket)
            return;
        qCInfo(lcStream) << (m_socketOpen ? "no frame for" : "no handshake within")
                         << m_timing.deadAfter.count() << "ms; dropping the connection";
        if (m_socketOpen)
            ++m_stats.deadConnections;
        QWebSocket *socket = m_socket;
        socket->abort();
        onSocketGone(socket); // abort() may or may not have reported it already
    });
    // A connection that stayed up this long was not a flap: the next drop starts over at
    // the first backoff step.
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_attempt = 0; });
    connect(&m_pollTimer, &QTimer::timeout, this, &EventStreamClient::poll);
}

EventStreamClient::~EventStreamClient()
{
    // No signals from a destructor: the receivers may be half gone already.
    blockSignals(true);
    stop();
}

void EventStreamClient::setTiming(const Timing &timing)
{
    m_timing = timing;
}

QUrl EventStreamClient::streamUrl() const
{
    if (!m_streamUrl.isEmpty())
        return m_streamUrl;
    QUrl url = m_api->apiBase();
    url.setScheme(url.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/stream");
    url.setQuery(QString());
    return url;
}

void EventStreamClient::start(qint64 resumeAfter)
{
    stop();
    m_running = true;
    m_lastApplied = std::max<qint64>(0, resumeAfter);
    m_pollAfter = m_pollAppliedMark = -1;
    m_attempt = 0;
    setState(State::Connecting);
    connectSocket();
}

void EventStreamClient::stop()
{
    m_running = false;
    for (QTimer *timer :
         {&m_reconnectTimer, &m_pingTimer, &m_deadTimer, &m_stableTimer, &m_pollTimer})
        timer->stop();
    delete m_pollContext.data(); // a late poll answer is skipped
    m_pollInFlight = false;
    dropSocket();
    setState(State::Offline);
}

void EventStreamClient::connectSocket()
{
    if (!m_running)
        return;
    dropSocket();
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        if (socket == m_socket)
            onConnected();
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, kWebSocketError, this, [this, socket](QAbstractSocket::SocketError error) {
        qCDebug(lcStream) << "socket error" << error << socket->errorString();
        // A failed handshake or a refused connection does not always report
        // disconnected (there was no connection); an open socket does, after this.
        if (socket == m_socket && !m_socketOpen)
            onSocketGone(socket);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
        if (socket == m_socket)
            onTextMessage(text);
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (socket == m_socket)
            m_deadTimer.start(m_timing.deadAfter);
    });

    // The token goes in the Authorization header rather than `?token=`, which the protocol
    // also allows, so it stays out of proxies' access logs.
    QNetworkRequest request(streamUrl());
    request.setRawHeader("Authorization", "Bearer " + m_api->token());
    ++m_stats.connectAttempts;
    m_deadTimer.start(m_timing.deadAfter); // a handshake that never answers is dead too
    qCDebug(lcStream) << "connecting to" << request.url().toDisplayString() << "resume after"
                      << m_lastApplied;
    socket->open(request);
}

void EventStreamClient::onConnected()
{
    m_socketOpen = true;
    ++m_stats.connections;
    const QJsonObject resume{{QStringLiteral("resumeAfter"), m_lastApplied}};
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(resume).toJson(QJsonDocument::Compact)));
    m_deadTimer.start(m_timing.deadAfter);
    m_pingTimer.start(m_timing.pingInterval);
    m_stableTimer.start(m_timing.stableAfter);
    qCInfo(lcStream) << "live, resuming after" << m_lastApplied;
    setState(State::Live);
    if (!m_pollInFlight)
        schedulePoll(m_timing.pollWhileLive);
}

void EventStreamClient::onTextMessage(const QString &message)
{
    m_deadTimer.start(m_timing.deadAfter);
    const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
    if (object.value(QLatin1String("type")).toString() == u"RESYNC_REQUIRED") {
        resync(object.value(QLatin1String("lastSeq")).toInteger(0));
        return;
    }
    const auto event = changeEventFromJson(object);
    if (!event) {
        qCWarning(lcStream) << "ignoring a malformed stream message" << message.left(200);
        return;
    }
    applyEvents({*event}, false);
}

void EventStreamClient::onSocketGone(QWebSocket *socket)
{
    if (socket != m_socket)
        return; // an earlier attempt, already handled
    const bool wasOpen = m_socketOpen;
    const quint16 code = quint16(socket->closeCode());
    qCInfo(lcStream) << (wasOpen ? "stream closed" : "stream connection failed") << code
                     << socket->closeReason() << socket->errorString();
    dropSocket();
    if (wasOpen && code == kCloseUnauthenticated) {
        loseAuthentication();
        return;
    }
    if (!m_running)
        return;
    m_pingTimer.stop();
    m_stableTimer.stop();
    // "Polling" right away: the indicator must not say Live; a failing poll makes it Offline.
    if (m_state != State::Offline)
        setState(State::Polling);
    if (!m_pollInFlight)
        schedulePoll(std::chrono::milliseconds(0)); // catch up now, not in 15 s
    scheduleReconnect();
}

void EventStreamClient::scheduleReconnect()
{
    using namespace std::chrono;
    const qint64 delay =
        fullJitterDelay(m_attempt, m_timing.backoffBase, m_timing.backoffCap).count();
    ++m_attempt;
    qCDebug(lcStream) << "reconnecting in" << delay << "ms (attempt" << m_attempt << ")";
    m_reconnectTimer.start(milliseconds(delay));
    Q_EMIT retryScheduled(nextAttemptAt());
}

QDateTime EventStreamClient::nextAttemptAt() const
{
    if (!m_running || m_socketOpen)
        return {};
    int soonest = -1;
    for (const QTimer *timer : {&m_reconnectTimer, &m_pollTimer}) {
        if (timer->isActive() && (soonest < 0 || timer->remainingTime() < soonest))
            soonest = timer->remainingTime();
    }
    if (soonest < 0)
        return {}; // an attempt is under way
    return QDateTime::currentDateTimeUtc().addMSecs(soonest);
}

void EventStreamClient::retryNow()
{
    if (!m_running || m_socketOpen)
        return;
    qCInfo(lcStream) << "retrying now, as asked";
    m_reconnectTimer.stop();
    // An attempt under way is replaced, not waited for: its handshake may hang for up to
    // deadAfter on a network that lost it, and the user asked for a try now.
    dropSocket();
    connectSocket();
    if (!m_pollInFlight) {
        m_pollTimer.stop();
        poll();
    }
}

void EventStreamClient::heartbeat()
{
    if (m_socket && m_socketOpen)
        m_socket->ping();
}

void EventStreamClient::dropSocket()
{
    m_deadTimer.stop();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    const bool wasOpen = m_socketOpen;
    m_socketOpen = false;
    disconnect(socket, nullptr, this, nullptr);
    if (wasOpen && socket->state() == QAbstractSocket::ConnectedState)
        socket->close();
    else
        socket->abort();
    socket->deleteLater();
}

void EventStreamClient::schedulePoll(std::chrono::milliseconds delay)
{
    if (m_running)
        m_pollTimer.start(delay);
}

void EventStreamClient::poll()
{
    if (!m_running || m_pollInFlight)
        return;
    // Re-poll from the last poll's lastSeq while nothing was applied since: that keeps the
    // If-None-Match valid (an idle poll is a 304) even when lastSeq is below our seq.
    const qint64 after =
        (m_pollAfter >= 0 && m_pollAppliedMark == m_lastApplied) ? m_pollAfter : m_lastApplied;
    m_pollInFlight = true;
    auto *context = new QObject(this);
    m_pollContext = context;
    m_api->fetchEvents(after, 0, context, [this, context, after](const EventsResult &result) {
        context->deleteLater();
        m_pollInFlight = false;
        onPollResult(result, after);
    });
}

void EventStreamClient::onPollResult(const EventsResult &result, qint64 after)
{
    ++m_stats.polls;
    const auto next = [this] {
        schedulePoll(m_socketOpen ? m_timing.pollWhileLive : m_timing.pollWhileDown);
    };
    if (!result.ok()) {
        const ApiError &error = result.error;
        if (error.kind == ApiError::Kind::Unauthenticated) {
            loseAuthentication();
            return;
        }
        if (error.code == u"RESYNC_REQUIRED") {
            resync(error.details.value(QLatin1String("lastSeq")).toInteger(0));
            if (m_running)
                schedulePoll(std::chrono::milliseconds(0));
            return;
        }
        qCInfo(lcStream) << "poll after" << after << "failed:" << error.httpStatus << error.code
                         << error.message;
        if (!m_socketOpen && m_running && error.kind == ApiError::Kind::Network)
            setState(State::Offline);
        next();
        if (m_state == State::Offline)
            Q_EMIT retryScheduled(nextAttemptAt());
        return;
    }
    if (result.notModified)
        ++m_stats.pollsNotModified;
    applyEvents(result.events, true);
    if (!m_running)
        return; // a slot of eventApplied stopped us
    m_lastApplied = std::max(m_lastApplied, result.lastSeq);
    m_pollAfter = result.lastSeq;
    m_pollAppliedMark = m_lastApplied;
    if (!m_socketOpen)
        setState(State::Polling);
    if (result.events.size() >= kPollPage)
        schedulePoll(std::chrono::milliseconds(0));
    else
        next();
}

void EventStreamClient::applyEvents(const QList<ChangeEvent> &events, bool inCache)
{
    QDateTime newest;
    for (const ChangeEvent &event : events) {
        if (event.seq <= m_lastApplied) {
            ++m_stats.duplicatesDropped;
            continue;
        }
        if (!inCache)
            m_api->applyEvent(event);
        m_lastApplied = event.seq;
        ++m_stats.eventsApplied;
        newest = event.at.isValid() ? event.at : QDateTime::currentDateTimeUtc();
        Q_EMIT eventApplied(event);
        if (!m_running)
            return;
    }
    if (newest.isValid())
        Q_EMIT lastChangeAt(newest);
}

void EventStreamClient::resync(qint64 lastSeq)
{
    qCInfo(lcStream) << "RESYNC_REQUIRED: continuing after" << lastSeq << "(was" << m_lastApplied
                     << ")";
    ++m_stats.resyncs;
    // Also when lastSeq is below ours (our seq came from another database): the server's
    // numbering is the one that counts from now on.
    m_lastApplied = lastSeq;
    m_pollAfter = m_pollAppliedMark = -1;
    Q_EMIT resyncRequired();
}

void EventStreamClient::loseAuthentication()
{
    qCInfo(lcStream) << "the server refused our token";
    stop();
    Q_EMIT authenticationLost();
}

void EventStreamClient::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    m_stateSince = QDateTime::currentDateTimeUtc();
    Q_EMIT stateChanged(state, m_stateSince);
}

void EventStreamClient::revalidateCache(QObject *context,
                                        std::function<void(int changed, int failed)> done)
{
    struct Tally {
        int remaining = 0;
        int changed = 0;
        int failed = 0;
        std::function<void(int, int)> done;
    };
    const QStringList ids = m_api->cachedJobIds();
    auto tally = std::make_shared<Tally>();
    tally->remaining = int(ids.size());
    tally->done = std::move(done);
    if (ids.isEmpty()) {
        // Never from inside the call, like every ApiClient callback.
        QTimer::singleShot(0, context ? context : this, [tally] {
            if (tally->done)
                tally->done(0, 0);
        });
        return;
    }
    for (const QString &id : ids) {
        m_api->getJob(id, context, [tally](const JobResult &result) {
            if (result.ok()) {
                if (!result.fromCache)
                    ++tally->changed;
            } else if (result.error.kind == ApiError::Kind::NotFound) {
                ++tally->changed; // gone from this user's view; jobRemoved was emitted
            } else {
                ++tally->failed;
            }
            if (--tally->remaining == 0 && tally->done)
                tally->done(tally->changed, tally->failed);
        });
    }
}

} // namespace dispatch::net
