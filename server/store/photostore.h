#pragma once

#include "authuser.h"
#include "database.h"
#include "etag.h"
#include "job.h"
#include "jobstore.h"
#include "photo.h"
#include "preparedqueries.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <functional>
#include <optional>

namespace dispatch::server {

/// What PhotoStore::add() stores: the checked upload (its bytes are on disk by then).
struct NewPhoto {
    QString jobId;
    QString sha256;
    QString filename;
    QString contentType;
    qint64 bytes = 0;
    int width = 0;
    int height = 0;
};

/// What a photo write did. On success `photo` is the photo after it; `duplicate` when the job
/// already had these bytes (`photo` is that one); on a failed precondition `error` is 412 and
/// `current` the photo as it is now.
struct PhotoWriteResult {
    std::optional<Photo> photo;
    std::optional<Photo> current;
    std::optional<StoreError> error;
    std::optional<Job> job; ///< the photo's job, as the write saw it
    bool created = false;
    bool duplicate = false;
    bool changed = false;
};

/// One row of the review queue: the photo and its job.
struct PhotoQueueItem {
    Photo photo;
    Job job;
};

struct PhotoQueuePage {
    QList<PhotoQueueItem> items;
    QString nextCursor;
    std::optional<StoreError> error;
};

/// The photos table (docs/openapi.yaml "Photos"), on the same database and the same write
/// rules as JobStore: every write is one transaction that locks the job's row (PostgreSQL
/// `FOR UPDATE`; SQLite's `BEGIN IMMEDIATE` lets one writer in), checks, writes the photo and
/// appends the job's history row and event (PHOTO_ADDED, PHOTO_REVIEWED) through JobStore. The
/// job's own version never changes. So the count behind 409 PHOTO_LIMIT and the duplicate check
/// are exact however many uploads race; `UNIQUE (job_id, sha256)` backs the latter.
///
/// A photo's bytes are not here: PhotoFiles keeps them by content hash.
class PhotoStore final {
public:
    PhotoStore(Database &db, JobStore &jobs, std::function<void()> onCommitted);

    /// Whether `user` may add photos to `job`: nothing when allowed, else the answer: a pro
    /// uploads only to their own jobs (an open offer they can see: 403, another job: 404).
    static std::optional<StoreError> uploadRefusal(const Job &job, const AuthUser &user);

    std::optional<Photo> find(const QString &id, StoreError *error);
    /// The job's photos, oldest first.
    std::optional<QList<Photo>> listForJob(const QString &jobId, StoreError *error);
    std::optional<int> countForJob(const QString &jobId, StoreError *error);
    /// How many photos each of `jobIds` has; jobs with none (or that do not exist) are absent.
    std::optional<QHash<QString, int>> countsForJobs(const QStringList &jobIds, StoreError *error);
    /// The same for every open offer (JobStore::isOpenOffer()), in one query.
    std::optional<QHash<QString, int>> countsForOpenOffers(StoreError *error);
    /// The review queue across all jobs, oldest first; every state when `state` is empty.
    PhotoQueuePage queue(std::optional<PhotoReviewState> state, int limit, const QString &cursor);
    /// How many photos are in each review state.
    std::optional<QHash<PhotoReviewState, int>> countsByState(StoreError *error);
    /// Every content hash a photo row names (what the sweep of the photo folder keeps).
    std::optional<QSet<QString>> referencedHashes(StoreError *error);

    /// Adds a photo to a job: 201-like `created`, or the existing photo with `duplicate`, or
    /// 409 PHOTO_LIMIT, 403/404 as uploadRefusal() says.
    PhotoWriteResult add(const AuthUser &actor, const NewPhoto &photo);
    /// An admin's decision (`Pending` undoes one); If-Match with the photo's ETag is required.
    /// A decision equal to the current one writes nothing (same version).
    PhotoWriteResult review(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                            PhotoReviewState state, const QString &note);

private:
    /// The one photo `condition` (on the columns of `photos p`) selects; NOT_FOUND when none.
    std::optional<Photo> selectOne(const QString &condition, const QVariantList &values,
                                   StoreError *error);
    std::optional<Photo> loadForWrite(const QString &id, StoreError *error);
    /// The job's photo with these bytes; NOT_FOUND when there is none.
    std::optional<Photo> findDuplicate(const QString &jobId, const QString &sha256,
                                       StoreError *error);

    Database &m_db;
    JobStore &m_jobs;
    PreparedQueries m_queries;
    std::function<void()> m_onCommitted;
};

} // namespace dispatch::server
