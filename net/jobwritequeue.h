#pragma once

#include "apitypes.h"
#include "etag.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <functional>
#include <optional>

namespace dispatch::net {

/// Writes to one job, sent one at a time in call order, each with the right If-Match
/// (docs/ARCHITECTURE.md "Kept by the console"). It does not know the client: it is given the
/// function that sends a write, so it can be driven without a network.
///
/// A write that was queued while earlier writes to the job were still pending takes its
/// If-Match when it is sent, not when it was queued: if the write just before it was based on
/// the same version (its base or the tag it sent equals this write's base) and succeeded, this
/// write is sent with the tag that write returned. Nobody else can have written in between, or
/// that write would have got a 412. If that write got a Conflict instead, this one gets the same
/// Conflict without being sent (its base is known to be stale); after any other failure it is
/// sent with its own base. Once a job's queue is empty the chain ends: a later write is based on
/// what its caller passes, because its caller has seen the previous result.
///
/// Writes to different jobs do not wait for each other. A result is never delivered from inside
/// the enqueue() that queued the write.
class JobWriteQueue final : public QObject {
    Q_OBJECT
public:
    using Finish = std::function<void(const JobResult &)>;

    /// One queued write. The queue reads `base` and runs `finish`; the rest is for the send
    /// function.
    struct Write {
        QByteArray method;
        QString path;
        QByteArray body;
        Etag base;                    ///< the version the caller's change was based on
        bool ifMatchOptional = false; ///< may be sent without If-Match (an offer without a tag)
        bool expectsJob = true;       ///< false for DELETE (204, no body)
        Finish finish;                ///< runs once with the write's result
    };

    /// Sends `write` for `jobId` with `ifMatch` (null: no If-Match) and calls `done` exactly
    /// once with the result, later (not from inside the call).
    using SendFunction = std::function<void(const QString &jobId, const Write &write,
                                            const Etag &ifMatch, Finish done)>;
    /// The job a tag is known to belong to; empty when unknown (see JobCache::etagOwner).
    using EtagOwnerFunction = std::function<QString(const Etag &tag)>;

    explicit JobWriteQueue(SendFunction send, QObject *parent = nullptr);

    /// Guards every If-Match: a tag known to belong to another job is never sent; such a write
    /// fails with the code FOREIGN_ETAG.
    void setEtagOwnerFunction(EtagOwnerFunction owner) { m_etagOwner = std::move(owner); }

    /// Queues `write` behind the job's pending writes; the first one starts on the next turn of
    /// the event loop. A write without a job id fails (later) without being sent.
    void enqueue(const QString &jobId, Write write);

    /// Writes queued or in flight for a job.
    int pendingWrites(const QString &jobId) const;

Q_SIGNALS:
    /// pendingWrites(jobId) changed; 0 when the job's last write has finished (its result has
    /// been delivered).
    void pendingWritesChanged(const QString &jobId, int count);

private:
    /// What the last write of a busy queue did, for the next write's If-Match.
    struct ChainLink {
        Etag declaredBase;
        Etag sentIfMatch;
        Etag resultEtag; ///< when it succeeded
        std::optional<ApiError> conflict;
        bool succeeded = false;
    };
    struct Queue {
        std::deque<Write> pending;
        bool busy = false;           ///< a write is in flight, or the first one's start is due
        bool startScheduled = false; ///< busy only because the first write starts next turn
        std::optional<ChainLink> last;
    };

    void startNext(const QString &jobId);
    void finish(const QString &jobId, const Write &write, const Etag &sentIfMatch,
                const JobResult &result);
    /// Emits pendingWritesChanged() when the count differs from the last one reported.
    void reportPending(const QString &jobId);

    SendFunction m_send;
    EtagOwnerFunction m_etagOwner;
    QHash<QString, Queue> m_queues;
    QHash<QString, int> m_reported; ///< the last count reported per job; absent: 0
};

} // namespace dispatch::net
