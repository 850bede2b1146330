#pragma once

#include "apitypes.h"
#include "etag.h"
#include "versionedjob.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <optional>

namespace dispatch::net {

/// The console's per-job cache: job id -> the newest VersionedJob seen (the job with the ETag it
/// was read at), and the guard that keeps a job's ETag to that job (docs/ARCHITECTURE.md "Kept
/// by the console").
///
/// A version older than the cached one never replaces it. Every tag the cache is shown is
/// remembered with its job, even while the cache is disabled, so that isForeignEtag() can refuse
/// a tag of another job before it is sent (docs/openapi.yaml "ETags and conditional requests").
/// ApiClient owns one and forwards its signals.
class JobCache final : public QObject {
    Q_OBJECT
public:
    explicit JobCache(QObject *parent = nullptr);

    /// Disabled, nothing is stored (the tags' owners still are); disabling clears the jobs.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    std::optional<VersionedJob> job(const QString &jobId) const;
    QStringList jobIds() const { return m_jobs.keys(); }
    bool contains(const QString &jobId) const { return m_jobs.contains(jobId); }

    /// Stores a job unless the cache already holds a newer version; true (and jobChanged())
    /// when it changed.
    bool remember(const VersionedJob &job);
    void forget(const QString &jobId);
    /// A newer version of a job was seen without its tag (a list item): the cached copy is
    /// stale and is dropped.
    void forgetIfOlderThan(const Job &seen);
    /// Drops every job; the tags' owners are kept.
    void clear();
    /// The job's new version from a change event, or its removal (jobRemoved() for
    /// JOB_DELETED). True when the cache changed.
    bool applyEvent(const ChangeEvent &event);

    /// The job `tag` is known to belong to; empty when the tag was never seen.
    QString etagOwner(const Etag &tag) const;
    /// True when `tag` is known to belong to a job other than `jobId` (then it must not be sent).
    bool isForeignEtag(const QString &jobId, const Etag &tag) const;

Q_SIGNALS:
    /// The cache now holds a newer version of a job.
    void jobChanged(const dispatch::net::VersionedJob &job);
    /// A change event said the job was deleted.
    void jobRemoved(const QString &jobId);

private:
    void noteEtagOwner(const VersionedJob &job);

    bool m_enabled = true;
    QHash<QString, VersionedJob> m_jobs;
    QHash<QByteArray, QString> m_etagOwners; ///< opaque tag -> the job it belongs to
};

} // namespace dispatch::net
