#pragma once

#include "authuser.h"
#include "database.h"
#include "etag.h"
#include "job.h"
#include "preparedqueries.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <functional>
#include <optional>

namespace dispatch::server {

/// An error a store operation answers with: what went wrong, in the store's terms, and the
/// protocol's error code. Which HTTP status that is, the routes decide (ApiRoutes::statusFor).
struct StoreError {
    enum class Kind {
        Invalid,              ///< the request's values are wrong
        Refused,              ///< not allowed (a role, a wrong code)
        NotFound,             ///< no such thing, or not visible to the caller
        Conflict,             ///< the state does not allow it (status, uniqueness, a lock)
        PreconditionFailed,   ///< the If-Match tag is not the current one
        PreconditionRequired, ///< a write without If-Match
        TooSoon,              ///< rate-limited; details hold retryAfter
        Unavailable,          ///< the database did not answer; try again
        Internal,
    };
    Kind kind = Kind::Internal;
    QString code;
    QString message;
    QJsonObject details;
};

/// What a write did. On success `job` is the job after it (unchanged when `changed` is
/// false); on a failed precondition `error` is 412 and `current` the job as it is now.
struct WriteResult {
    std::optional<Job> job;
    std::optional<Job> current;
    std::optional<StoreError> error;
    bool changed = false;
    bool created = false;
};

struct JobListQuery {
    QStringList statuses;
    QString assignedTo;
    QString text;
    QDateTime updatedAfter;
    int limit = 100;
    QString cursor;
};

/// One row's identity and version: what a cache of open offers checks itself against.
struct JobVersion {
    QString id;
    qint64 version = 0;
};

/// What the events in a range of seqs changed (JobStore::changedJobs()).
struct ChangedJobs {
    QStringList ids;        ///< the jobs the events name, in seq order with repeats
    QSet<QString> photoIds; ///< those among them named by a photo event (PHOTO_*)
};

struct JobPage {
    QList<Job> items;
    QString nextCursor;
    std::optional<StoreError> error;
};

/// The job store: every write is one transaction that checks the precondition, writes, bumps
/// the version, and appends the history row and the event row. Preconditions are enforced by
/// the database (`UPDATE … WHERE id = ? AND version = ?`, unique constraints), so several
/// dispatchd processes on one database stay correct; a write reads its row under a row lock,
/// so state that has no version of its own (the wrong-code count) is exact too.
class JobStore final {
public:
    JobStore(Database &db, std::function<void()> onCommitted);

    static Etag etagOf(const Job &job);
    /// The job as `viewer` may see it: codes only for the office.
    static QJsonObject toJsonFor(const Job &job, const AuthUser &viewer);
    static bool isVisibleTo(const Job &job, const AuthUser &viewer);
    static bool isOpenOffer(const Job &job);

    std::optional<Job> find(const QString &id, StoreError *error = nullptr);
    /// Just what a conditional GET needs (id, version, status, assignee: enough for the ETag
    /// and the visibility rule), without reading or parsing the fields.
    std::optional<Job> peek(const QString &id, StoreError *error = nullptr);
    JobPage list(const JobListQuery &query, const AuthUser &viewer);
    QList<Job> openOffers(StoreError *error);
    /// The (id, version) of every open offer, without reading or parsing their fields.
    std::optional<QList<JobVersion>> openOfferVersions(StoreError *error);
    /// The jobs the events in (after, upTo] changed, or nothing when some of those events are
    /// no longer kept (pruned): then the caller must look at every job. `error` is set only on
    /// a database error.
    std::optional<ChangedJobs> changedJobs(qint64 after, qint64 upTo, StoreError *error);
    /// The jobs among `ids` that exist, in any status and in no particular order.
    std::optional<QList<Job>> findMany(const QStringList &ids, StoreError *error);
    /// How many jobs each pro has due in [from, to), not counting `exceptJobId` nor
    /// CANCELLED or EXPIRED jobs; pros with none are absent.
    std::optional<QHash<QString, int>> dueCountsByPro(const QDateTime &from, const QDateTime &to,
                                                      const QString &exceptJobId,
                                                      StoreError *error);
    /// The newest event's seq (0 for an empty log).
    std::optional<qint64> lastEventSeq(StoreError *error);
    std::optional<QJsonArray> history(const QString &id, StoreError *error);

    WriteResult create(const AuthUser &actor, const QJsonObject &fields,
                       const QString &idempotencyKey);
    WriteResult patch(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                      const QJsonObject &changes);
    WriteResult remove(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch);
    WriteResult transition(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                           JobStatus to, const QString &code, const QString &reason);
    WriteResult assign(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                       const QString &proId);
    WriteResult schedule(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                         const JobSchedule &schedule);
    /// Assign and schedule in one write (a drop on the dispatch board): both land or neither.
    WriteResult dispatch(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                         const QString &proId, const JobSchedule &schedule);
    WriteResult addNote(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                        const QString &text);
    WriteResult accept(const AuthUser &pro, const QString &id, const EtagCondition &ifMatch);

    /// For the writes of a job's own resources (photos, store/photostore), inside a write
    /// transaction the caller began with Database::beginWrite(): the job, its row locked until
    /// commit (PostgreSQL; SQLite's write transaction already excludes other writers).
    std::optional<Job> lockForWrite(const QString &id, StoreError *error);
    /// Inside the caller's write transaction: the job's history row and an event for `job`
    /// unchanged (same version and ETag: a photo is a resource of its own), carrying `photo`
    /// (docs/openapi.yaml "Change events"). `seq` receives the event's seq.
    bool appendJobEvent(const AuthUser &actor, const QString &type, const Job &job,
                        const QJsonObject &changes, const QString &reason, const QJsonObject &photo,
                        const QDateTime &at, qint64 *seq, StoreError *error);

    /// Inside a write transaction the caller began: a new OPEN job with `fields` (checked and
    /// normalised by the caller), its JOB_CREATED history row (with `reason`) and event. A
    /// unique key already taken answers Conflict DUPLICATE. Used by create() and by publishing
    /// a draft (store/draftstore), which writes its own row in the same transaction. With a
    /// `schedule` (a draft's When) the job starts scheduled as /schedule would leave it, its
    /// history row naming the schedule too; a bad one answers 400 INVALID_VALUE.
    std::optional<Job> insertNewJob(const AuthUser &actor, const QJsonObject &fields,
                                    const QString &idempotencyKey, const QString &reason,
                                    StoreError *error,
                                    const std::optional<JobSchedule> &schedule = std::nullopt);
    /// Tells the event stream that a transaction with events committed.
    void notifyCommitted();

    // Internal steps of a write, public only so the implementation's helpers can name them.
    struct Row;
    struct Plan;
    struct GateVerdict;

private:
    enum class IfMatchRule { Required, Optional };
    using Gate = std::function<GateVerdict(const Row &current)>;
    using Planner = std::function<Plan(const Row &current)>;

    WriteResult mutate(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                       IfMatchRule rule, const Gate &gate, const Planner &planner);
    /// ForUpdate: inside a write, lock the row until commit (PostgreSQL; SQLite's write
    /// transaction already excludes other writers).
    enum class RowLock { None, ForUpdate };
    std::optional<Row> loadRow(const QString &id, StoreError *error, RowLock lock = RowLock::None);
    bool appendHistoryAndEvent(const AuthUser &actor, const QString &type, const QString &jobId,
                               const std::optional<Row> &before, const std::optional<Row> &after,
                               const QJsonObject &changes, const QString &reason,
                               const QDateTime &at, StoreError *error,
                               const QJsonObject &photo = {}, qint64 *seqOut = nullptr);
    /// Runs a kept prepared statement; `firstValue` receives the first row's first column.
    bool run(const QString &sql, const QVariantList &values, StoreError *error,
             QVariant *firstValue = nullptr);
    /// A user's display name, empty for an empty or unknown id.
    QString userName(const QString &userId);
    bool writeRow(const Row &row, qint64 expectedVersion, bool *matched, StoreError *error);
    bool insertRow(const Row &row, StoreError *error);
    std::optional<Job> findByUnique(const char *column, const QString &value);

    Database &m_db;
    PreparedQueries m_queries;
    std::function<void()> m_onCommitted;
};

} // namespace dispatch::server
