#pragma once

#include "authuser.h"
#include "database.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace dispatch::server {

/// The change-event log (docs/openapi.yaml "Change events") as its readers see it. JobStore
/// appends one `events` row per committed write; this class never writes events. It reads a
/// page for one user (visibility in SQL, `codes` stripped for pros), reads every new row once
/// for the WebSocket fan-out, prunes all but the newest rows, and on PostgreSQL listens for
/// the commits and token revocations of other dispatchd processes.
///
/// Lives on the thread that owns `db`.
class EventLog final : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultRetention = 100'000;

    /// One read of the log for one user, from a single statement (one consistent snapshot).
    struct Page {
        bool ok = false;
        QString error;
        qint64 oldest = -1; ///< smallest retained seq; -1 when the log is empty
        qint64 head = 0;    ///< event_counter.last_seq: the newest committed seq
        qint64 floor = 0;   ///< highest seq <= after visible to the user; 0 when none
        std::vector<std::pair<qint64, QByteArray>> events; ///< visible events > after, in order

        /// `after` points into pruned history (seqs after it are gone), or past the head (the
        /// client's seq belongs to another database).
        bool needsResync(qint64 after) const
        {
            return (oldest >= 0 && after < oldest - 1) || after > head;
        }
        /// With no events: the highest visible seq, but never below the pruned boundary, so a
        /// pro whose last visible events were pruned is not sent back into RESYNC_REQUIRED.
        qint64 lastSeq() const
        {
            return events.empty() ? std::max(floor, oldest - 1) : events.back().first;
        }
    };

    /// One event as the live fan-out reads it, serialised once for every client.
    struct Event {
        qint64 seq = 0;
        QString officeText;
        QString proText; ///< without `codes`
        QString assigneeBefore;
        QString assigneeAfter;
        bool openBefore = false;
        bool openAfter = false;

        /// The rule readPage() applies in SQL, for rows read once for every user.
        bool visibleTo(const AuthUser &user) const
        {
            // docs/openapi.yaml "Change events": a pro sees their jobs and open offers, including
            // the last event of a job leaving their view.
            return user.isOffice() || openBefore || openAfter || assigneeBefore == user.id ||
                   assigneeAfter == user.id;
        }
    };

    explicit EventLog(Database &db, QObject *parent = nullptr);
    ~EventLog() override;

    /// The events after `after` visible to `user`, at most `limit`, with the log's bounds.
    Page readPage(const AuthUser &user, qint64 after, int limit);
    /// Every event after `after`, at most `limit`, in seq order; nothing on a database error.
    std::optional<std::vector<Event>> readAfter(qint64 after, int limit, QString *error);

    /// Keep the newest `keepEvents` events (at least 1); older ones are pruned on a timer.
    void setRetention(qint64 keepEvents);
    qint64 retention() const { return m_retention; }
    /// Prunes now; returns the number of events deleted, or -1 on a database error.
    qint64 pruneNow();
    /// Prunes every `intervalMs` from now on.
    void setPruneInterval(int intervalMs);

    /// PostgreSQL: LISTEN dispatch_events and dispatch_revocations on an own connection, so
    /// commits and revocations by other dispatchd processes reach this one. SQLite: nothing to
    /// do, returns true.
    bool listenForNotifications(const DatabaseConfig &config, QString *error);

signals:
    /// NOTIFY dispatch_events: events were committed (the payload, a seq, is not needed: the
    /// reader goes on from the last seq it read).
    void committed();
    /// NOTIFY dispatch_revocations, with its payload for Authenticator::applyRemoteRevocation().
    void revocationNotified(const QString &payload);

private:
    Database &m_db;
    std::unique_ptr<Database> m_listenDb;
    qint64 m_retention = kDefaultRetention;
    QTimer m_pruneTimer;
};

} // namespace dispatch::server
