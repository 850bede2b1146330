#include "jobcache.h"

namespace dispatch::net {

JobCache::JobCache(QObject *parent)
    : QObject(parent)
{}

void JobCache::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled)
        clear();
}

std::optional<VersionedJob> JobCache::job(const QString &jobId) const
{
    const auto it = m_jobs.constFind(jobId);
    if (it == m_jobs.cend())
        return std::nullopt;
    return *it;
}

bool JobCache::remember(const VersionedJob &job)
{
    if (!job.isValid())
        return false;
    noteEtagOwner(job);
    if (!m_enabled)
        return false;
    auto it = m_jobs.find(job.id());
    if (it != m_jobs.end()) {
        if (it->job.version > job.job.version)
            return false;
        if (it->job.version == job.job.version && it->etag == job.etag && it->job == job.job)
            return false;
        *it = job;
    } else {
        m_jobs.insert(job.id(), job);
    }
    Q_EMIT jobChanged(job);
    return true;
}

void JobCache::forget(const QString &jobId)
{
    m_jobs.remove(jobId);
}

void JobCache::forgetIfOlderThan(const Job &seen)
{
    const auto it = m_jobs.constFind(seen.id);
    if (it != m_jobs.cend() && it->job.version < seen.version)
        m_jobs.erase(it);
}

void JobCache::clear()
{
    m_jobs.clear();
}

bool JobCache::applyEvent(const ChangeEvent &event)
{
    if (!event.job) {
        const bool had = m_jobs.contains(event.jobId);
        forget(event.jobId);
        if (event.type == u"JOB_DELETED")
            Q_EMIT jobRemoved(event.jobId);
        return had;
    }
    const auto versioned = event.versionedJob();
    return versioned && remember(*versioned);
}

QString JobCache::etagOwner(const Etag &tag) const
{
    return m_etagOwners.value(tag.opaque());
}

bool JobCache::isForeignEtag(const QString &jobId, const Etag &tag) const
{
    const auto it = m_etagOwners.constFind(tag.opaque());
    return it != m_etagOwners.cend() && *it != jobId;
}

void JobCache::noteEtagOwner(const VersionedJob &job)
{
    if (job.etag.isNull())
        return;
    auto it = m_etagOwners.find(job.etag.opaque());
    if (it == m_etagOwners.end())
        m_etagOwners.insert(job.etag.opaque(), job.id());
    else if (*it != job.id())
        qCWarning(lcEtag) << "server gave jobs" << *it << "and" << job.id() << "the same tag"
                          << job.etag.toHeader();
}

} // namespace dispatch::net
