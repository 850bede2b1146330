#pragma once

#include "authenticator.h"
#include "authuser.h"
#include "eventlog.h"
#include "httpmessage.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

class QWebSocket;

namespace dispatch::server {

/// The readers of the change-event log (docs/openapi.yaml "Change events"): the `/events` poll and
/// the `/stream` WebSocket fan-out. The store appends one `events` row per committed write;
/// the log's SQL (pages per user, new rows, pruning, LISTEN/NOTIFY) is store/EventLog. This
/// class answers the poll and runs the sockets: per-user filtering (a pro sees the events of
/// their jobs and of open offers, with `codes` stripped), heartbeats, and closing with 4401
/// when the token is revoked or expires.
///
/// Live delivery reads the new rows once per commit notification (seq > the hub's last read)
/// and fans them out in memory to every live socket, so 200 clients cost one query, not 200.
/// A socket first catches up from the log in pages (with backpressure) and only then joins
/// the live fan-out, so nothing arrives out of order, twice, or not at all.
///
/// Lives on the thread that owns `db`; notifyCommitted() may be called from any thread.
class EventStream final : public QObject {
    Q_OBJECT
public:
    /// Heartbeat and housekeeping intervals; tests shorten them.
    struct Timing {
        int pingIntervalMs = 20'000;
        int pongTimeoutMs = 45'000;
        int resumeTimeoutMs = 10'000;
        int pruneIntervalMs = 60'000;
        int closeGraceMs = 5'000; ///< a socket that does not finish our close is aborted
        /// While clients are live, the log is re-read this often even without a
        /// notification: a safety net for a lost NOTIFY.
        int safetyReadIntervalMs = 5'000;
    };

    static constexpr qint64 kDefaultRetention = EventLog::kDefaultRetention;
    static constexpr int kDefaultPollLimit = 500;
    static constexpr int kMaxPollLimit = 1000;
    static constexpr int kCatchUpPage = 500;
    /// Catch-up pauses while a socket has this much unsent; a live socket over
    /// kMaxClientBuffer is closed and will resume from its last seq.
    static constexpr qint64 kCatchUpHighWater = 1 << 20;
    static constexpr qint64 kMaxClientBuffer = 4 << 20;
    /// WebSocket close code for a missing or unknown token.
    static constexpr int kCloseUnauthenticated = 4401;

    EventStream(Database &db, Authenticator &auth, QObject *parent = nullptr);
    ~EventStream() override;

    /// GET /api/v1/events?after=&limit= for an authenticated user. 200
    /// `{"events":[...],"lastSeq"}` with ETag `"ev-<lastSeq>"`, 304 on a matching
    /// If-None-Match, 400 BAD_REQUEST on bad numbers, 409 RESYNC_REQUIRED {lastSeq} when
    /// `after` is older than the retained log (or newer than the log's head).
    HttpResponse poll(const HttpRequest &request, const AuthUser &user);
    /// A new WebSocket from HttpFrontend::webSocketConnected; takes ownership.
    void acceptWebSocket(QWebSocket *socket);
    /// Called by the store right after a commit in this process. Thread-safe; coalesced.
    void notifyCommitted();
    /// PostgreSQL: LISTEN dispatch_events on an own connection so commits by other dispatchd
    /// processes reach this one's sockets. SQLite: nothing to do, returns true.
    bool listenForNotifications(const DatabaseConfig &config, QString *error);

    int clientCount() const;
    /// Event objects delivered: WebSocket messages plus events in poll responses.
    qint64 eventsSent() const;

    /// Keep the newest `keepEvents` events (at least 1); older ones are pruned on a timer.
    void setRetention(qint64 keepEvents);
    qint64 retention() const;
    /// Prunes now; returns the number of events deleted, or -1 on a database error.
    qint64 pruneNow();

    /// SIGTERM drain: closes every socket with 1001 going away.
    void closeAll();
    void setTiming(const Timing &timing);

private:
    struct Client;

    void scheduleRead();
    void readNewEvents();
    void fanOut(const std::vector<EventLog::Event> &events);
    void handleFirstMessage(QWebSocket *socket, const QString &message);
    void pumpCatchUp(QWebSocket *socket);
    void schedulePump(QWebSocket *socket);
    void heartbeat();
    void sendText(Client &client, const QString &text);
    void closeClient(QWebSocket *socket, int code, const QString &reason);
    void closeRevoked(const Authenticator::Revocation &revocation);
    void removeClient(QWebSocket *socket);
    Client *client(QWebSocket *socket);

    Authenticator &m_auth;
    EventLog m_log;
    std::unordered_map<QWebSocket *, std::unique_ptr<Client>> m_clients;
    /// Every event with seq <= m_hubSeq has been fanned out to the live clients; -1 while
    /// no client is live (nothing to fan out, so the hub does not read).
    qint64 m_hubSeq = -1;
    std::atomic<bool> m_readScheduled = false;
    std::atomic<qint64> m_eventsSent = 0;
    Timing m_timing;
    qint64 m_lastSafetyReadMs = 0;
    QTimer m_heartbeat;
};

} // namespace dispatch::server
