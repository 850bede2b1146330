#pragma once

#include "authuser.h"
#include "database.h"
#include "etag.h"
#include "jobstore.h" // StoreError, Job
#include "preparedqueries.h"

#include <QDateTime>
#include <QJsonObject>

#include <functional>
#include <optional>

namespace dispatch::server {

/// A new job being written in the wizard, one field at a time (docs/openapi.yaml "Drafts").
struct Draft {
    QString id;
    QString ownerId;
    qint64 version = 0;
    QString countryCode; ///< locked at creation
    QString stateCode;   ///< locked at creation
    QJsonObject fields;  ///< the values as they were sent, by canonical key
    QJsonObject hashes;  ///< key → hex SHA-256 of the value's canonical JSON
    QDateTime createdAt;
    QDateTime updatedAt;
    QString publishedJobId; ///< empty while it is a draft
};

struct DraftResult {
    std::optional<Draft> draft;
    std::optional<Job> job; ///< publish: the job the draft made
    /// On VERSION_CONFLICT, 412 and DRAFT_PUBLISHED: the draft as it is now.
    std::optional<Draft> current;
    std::optional<StoreError> error;
    bool unchanged = false;
    bool created = false;
};

/// The drafts table. Each write is one transaction on the draft's row (locked FOR UPDATE on
/// PostgreSQL; SQLite's write transaction holds out other writers), so two saves of one draft
/// serialise, and publishing writes the job and the draft's published_job_id together: one
/// draft never makes two jobs. Drafts are their owner's only; a draft of someone else is 404.
class DraftStore final {
public:
    DraftStore(Database &db, JobStore &jobs);

    /// How long a draft nobody touched is kept.
    static constexpr int kExpiryDays = 30;

    static QJsonObject toJson(const Draft &draft);
    static Etag etagOf(const Draft &draft);
    /// The hex SHA-256 of `value`'s canonical JSON (compact, object keys sorted).
    static QString valueHash(const QJsonValue &value);

    DraftResult create(const AuthUser &owner, const QString &countryCode, const QString &stateCode);
    /// The caller's own unpublished drafts, newest first.
    std::optional<QList<Draft>> listOwn(const AuthUser &owner, StoreError *error);
    /// The caller's draft; 404 for another user's, an expired or an unknown one.
    std::optional<Draft> find(const AuthUser &owner, const QString &id, StoreError *error);
    /// docs/openapi.yaml "POST /drafts/{id}/fields": the checks in their documented order.
    DraftResult setField(const AuthUser &owner, const QString &id, const QString &key,
                         const QJsonValue &value, qint64 expectedVersion);
    DraftResult publish(const AuthUser &owner, const QString &id, qint64 expectedVersion);
    DraftResult remove(const AuthUser &owner, const QString &id, const EtagCondition &ifMatch);
    /// Removes drafts last touched before `cutoff`; how many, or nothing on a database error.
    std::optional<int> removeUntouchedSince(const QDateTime &cutoff, StoreError *error);

private:
    /// One write on the owner's draft: begins the transaction, locks the draft's row, then
    /// `write` fills the result or answers an error; commits after success, rolls back after
    /// an error.
    using Write = std::function<std::optional<StoreError>(const Draft &, DraftResult &)>;
    DraftResult writeLocked(const AuthUser &owner, const QString &id, const Write &write);
    /// Runs a kept prepared statement; `rowsAffected` receives how many rows it changed.
    bool exec(const QString &sql, const QVariantList &values, StoreError *error,
              int *rowsAffected = nullptr);
    /// The drafts `where` (a WHERE clause and its ORDER BY) selects.
    std::optional<QList<Draft>> select(const QString &where, const QVariantList &values,
                                       StoreError *error);
    static DraftResult failed(StoreError error);

    Database &m_db;
    JobStore &m_jobs;
    PreparedQueries m_queries;
};

} // namespace dispatch::server
