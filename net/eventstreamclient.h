#pragma once

#include "apitypes.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>

class QWebSocket;

namespace dispatch::net {

class ApiClient;

Q_DECLARE_LOGGING_CATEGORY(lcStream)

/// Keeps an ApiClient's cache in step with the server's change events (docs/openapi.yaml "Change
/// events", issue 6): a WebSocket to `/api/v1/stream` that resumes after the last applied seq,
/// and the `/events` poll as a fallback (every 15 s while the socket is down) and as a safety
/// net (every 60 s while it is up). Both paths go through one dedupe: an event is applied only
/// when its seq is above lastAppliedSeq(), so every event is applied exactly once and in seq
/// order, whichever path brings it first. Each applied event goes through
/// ApiClient::applyEvent (which emits jobChanged/jobRemoved) and then eventApplied().
///
/// The socket reconnects with exponential backoff and full jitter (delay = uniform random in
/// [0, min(cap, base * 2^attempt)], AWS "Exponential Backoff And Jitter"); the attempt count
/// is reset once a connection has stayed live for `stableAfter`. A heartbeat pings every
/// `pingInterval` and gives the connection up when no frame (message or pong) came for
/// `deadAfter`: that catches a peer that vanished without a FIN, which TCP would not report
/// for hours.
///
/// RESYNC_REQUIRED (the WebSocket message, or 409 from the poll) means events were lost: it
/// emits resyncRequired() and continues after the given lastSeq; the owner reloads, cheaply
/// with revalidateCache(). Close code 4401 (or a 401 from the poll) stops the client and emits
/// authenticationLost(). Nothing here blocks: everything runs from the event loop.
class EventStreamClient final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Offline,    ///< stopped, or the socket is down and the server cannot be reached
        Connecting, ///< started, first connection attempt under way
        Live,       ///< the WebSocket is open
        Polling,    ///< the WebSocket is down; the poll reaches the server
    };
    Q_ENUM(State)

    /// Every interval; the defaults are the issue's, tests shorten them.
    struct Timing {
        std::chrono::milliseconds backoffBase{1000};
        std::chrono::milliseconds backoffCap{30000};
        /// A connection live this long resets the backoff to its first step.
        std::chrono::milliseconds stableAfter{30000};
        std::chrono::milliseconds pingInterval{15000};
        /// No frame for this long (and during the handshake): the connection is dead.
        std::chrono::milliseconds deadAfter{45000};
        std::chrono::milliseconds pollWhileDown{15000};
        std::chrono::milliseconds pollWhileLive{60000};
    };

    /// Counters for tests and benchmarks.
    struct Stats {
        int connectAttempts = 0;
        int connections = 0;     ///< attempts that reached the open WebSocket
        int deadConnections = 0; ///< given up by the heartbeat
        int polls = 0;
        int pollsNotModified = 0;
        int eventsApplied = 0;
        int duplicatesDropped = 0;
        int resyncs = 0;
    };

    explicit EventStreamClient(ApiClient *api, QObject *parent = nullptr);
    ~EventStreamClient() override;

    /// Must be called before start(); later calls apply from the next connection.
    void setTiming(const Timing &timing);
    Timing timing() const { return m_timing; }
    /// The WebSocket's URL. Empty (the default): derived from the ApiClient's base,
    /// `ws(s)://HOST:PORT/api/v1/stream`. Set for a proxy that serves it elsewhere (and by
    /// tests that put a forwarder in between).
    void setStreamUrl(const QUrl &url) { m_streamUrl = url; }
    QUrl streamUrl() const;

    /// Opens the stream (and the poll), resuming after `resumeAfter`: the seq up to which
    /// the owner's data is current (0 for everything the server still keeps).
    void start(qint64 resumeAfter);
    /// Closes the socket and stops the timers; state() becomes Offline.
    void stop();
    bool isRunning() const { return m_running; }

    /// Every visible event up to this seq has been applied.
    qint64 lastAppliedSeq() const { return m_lastApplied; }
    State state() const { return m_state; }
    QDateTime stateSince() const { return m_stateSince; }
    Stats stats() const { return m_stats; }
    /// While the socket is down: when the client next tries to reach the server (the earlier
    /// of the reconnect and the poll); invalid while the socket is up or the client stopped.
    QDateTime nextAttemptAt() const;
    /// Reconnects and polls now instead of at nextAttemptAt() (the user's "Retry now"), in
    /// place of an attempt under way (whose handshake may hang); the backoff keeps its step,
    /// so a server still down is not hammered.
    void retryNow();

    /// Re-reads every job in the ApiClient's cache with If-None-Match (unchanged ones are
    /// 304s), then calls `done` with how many changed and how many failed. The way to reload
    /// after resyncRequired() without downloading what is current already.
    void revalidateCache(QObject *context, std::function<void(int changed, int failed)> done);

Q_SIGNALS:
    void stateChanged(dispatch::net::EventStreamClient::State state, const QDateTime &since);
    /// After ApiClient::applyEvent: the cache already holds the change.
    void eventApplied(const dispatch::net::ChangeEvent &event);
    /// The commit time of the newest change applied.
    void lastChangeAt(const QDateTime &at);
    /// The socket is down and the next attempt to reach the server was set for `at`.
    void retryScheduled(const QDateTime &at);
    /// Events were lost (the log was pruned, or our seq is not the server's): reload.
    void resyncRequired();
    /// The server refused the token (close 4401 or 401): log in again, then start().
    void authenticationLost();

private:
    void connectSocket();
    void onConnected();
    void onTextMessage(const QString &message);
    void onSocketGone(QWebSocket *socket);
    void scheduleReconnect();
    void heartbeat();
    void poll();
    void schedulePoll(std::chrono::milliseconds delay);
    void onPollResult(const EventsResult &result, qint64 after);
    /// `inCache`: ApiClient::fetchEvents has applied them to the cache already.
    void applyEvents(const QList<ChangeEvent> &events, bool inCache);
    void resync(qint64 lastSeq);
    void loseAuthentication();
    void setState(State state);
    void dropSocket();

    ApiClient *m_api = nullptr;
    Timing m_timing;
    QUrl m_streamUrl;
    QWebSocket *m_socket = nullptr; ///< the current attempt or connection; owned
    bool m_running = false;
    bool m_socketOpen = false;
    int m_attempt = 0;
    qint64 m_lastApplied = 0;
    /// A poll's lastSeq can be below its `after` (a pro's highest visible seq); re-polling
    /// from that lastSeq keeps the If-None-Match valid while nothing was applied since.
    qint64 m_pollAfter = -1;
    qint64 m_pollAppliedMark = -1;
    bool m_pollInFlight = false;
    QPointer<QObject> m_pollContext; ///< destroyed to drop a poll's late answer
    State m_state = State::Offline;
    QDateTime m_stateSince;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    QTimer m_deadTimer;
    QTimer m_stableTimer;
    QTimer m_pollTimer;
    Stats m_stats;
};

} // namespace dispatch::net
