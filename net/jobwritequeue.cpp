#include "jobwritequeue.h"

namespace dispatch::net {

JobWriteQueue::JobWriteQueue(SendFunction send, QObject *parent)
    : QObject(parent)
    , m_send(std::move(send))
{
    Q_ASSERT(m_send);
}

void JobWriteQueue::enqueue(const QString &jobId, Write write)
{
    if (jobId.isEmpty()) {
        JobResult result;
        result.error = ApiError::unexpected(0, QStringLiteral("write without a job id"));
        QMetaObject::invokeMethod(
            this,
            [finish = std::move(write.finish), result] {
                if (finish)
                    finish(result);
            },
            Qt::QueuedConnection);
        return;
    }
    Queue &queue = m_queues[jobId];
    queue.pending.push_back(std::move(write));
    if (!queue.busy) {
        // Start on the next turn of the event loop so a callback never runs inside the call.
        queue.busy = true;
        queue.startScheduled = true;
        QMetaObject::invokeMethod(
            this,
            [this, jobId] {
                auto it = m_queues.find(jobId);
                if (it == m_queues.end() || !it->startScheduled)
                    return;
                it->busy = false;
                it->startScheduled = false;
                startNext(jobId);
            },
            Qt::QueuedConnection);
    }
    reportPending(jobId);
}

int JobWriteQueue::pendingWrites(const QString &jobId) const
{
    const auto it = m_queues.constFind(jobId);
    if (it == m_queues.cend())
        return 0;
    return int(it->pending.size()) + (it->busy && !it->startScheduled ? 1 : 0);
}

void JobWriteQueue::startNext(const QString &jobId)
{
    auto it = m_queues.find(jobId);
    if (it == m_queues.end() || it->busy)
        return;
    if (it->pending.empty()) {
        m_queues.erase(it); // idle: the chain ends here
        reportPending(jobId);
        return;
    }
    Write write = std::move(it->pending.front());
    it->pending.pop_front();
    it->busy = true;

    Etag ifMatch = write.base;
    if (it->last && !write.base.isNull() &&
        (write.base.weakEquals(it->last->declaredBase) ||
         write.base.weakEquals(it->last->sentIfMatch))) {
        if (it->last->succeeded && !it->last->resultEtag.isNull()) {
            qCDebug(lcEtag) << "write to" << jobId << "based on" << write.base.toHeader()
                            << "follows this client's previous write; sending"
                            << it->last->resultEtag.toHeader();
            ifMatch = it->last->resultEtag;
        } else if (it->last->conflict) {
            JobResult result;
            result.error = *it->last->conflict;
            finish(jobId, write, write.base, result);
            return;
        }
    }
    if (!ifMatch.isNull() && m_etagOwner) {
        const QString owner = m_etagOwner(ifMatch);
        if (!owner.isEmpty() && owner != jobId) {
            qCCritical(lcEtag) << "refusing to send" << ifMatch.toHeader() << "for job" << jobId
                               << "- it belongs to job" << owner;
            JobResult result;
            result.error = ApiError::unexpected(0, QStringLiteral("the base version belongs to "
                                                                  "another job"));
            result.error.code = QStringLiteral("FOREIGN_ETAG");
            result.error.jobId = jobId;
            finish(jobId, write, {}, result);
            return;
        }
    }

    const Write sent = write;
    m_send(jobId, sent, ifMatch,
           [this, jobId, write = std::move(write), ifMatch](const JobResult &result) {
               finish(jobId, write, ifMatch, result);
           });
}

void JobWriteQueue::finish(const QString &jobId, const Write &write, const Etag &sentIfMatch,
                           const JobResult &result)
{
    auto it = m_queues.find(jobId);
    if (it != m_queues.end()) {
        if (it->pending.empty()) {
            // Nothing was queued behind this write: the chain ends before the caller hears of
            // the result, so what it queues next is based on what it passes.
            m_queues.erase(it);
        } else {
            ChainLink link;
            link.declaredBase = write.base;
            link.sentIfMatch = sentIfMatch;
            link.succeeded = result.ok();
            link.resultEtag = result.job.etag;
            if (result.error.is(ApiError::Kind::Conflict))
                link.conflict = result.error;
            it->last = link;
            it->busy = false;
        }
    }
    if (write.finish)
        write.finish(result);
    startNext(jobId);
    reportPending(jobId);
}

void JobWriteQueue::reportPending(const QString &jobId)
{
    const int count = pendingWrites(jobId);
    const auto it = m_reported.constFind(jobId);
    if (count == (it == m_reported.cend() ? 0 : *it))
        return;
    if (count == 0)
        m_reported.remove(jobId);
    else
        m_reported.insert(jobId, count);
    Q_EMIT pendingWritesChanged(jobId, count);
}

} // namespace dispatch::net
