#include "draftstore.h"

#include "fieldkeys.h"
#include "jobstore_p.h"
#include "randomid.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace dispatch::server {

using namespace storedetail;

namespace {

const QString kDraftColumns =
    QStringLiteral("id, owner_id, version, country_code, state_code, fields, hashes, created_at, "
                   "updated_at, published_job_id");

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

Draft draftFromQuery(const QSqlQuery &query)
{
    Draft draft;
    draft.id = query.value(0).toString();
    draft.ownerId = query.value(1).toString();
    draft.version = query.value(2).toLongLong();
    draft.countryCode = query.value(3).toString();
    draft.stateCode = query.value(4).toString();
    draft.fields = QJsonDocument::fromJson(query.value(5).toByteArray()).object();
    draft.hashes = QJsonDocument::fromJson(query.value(6).toByteArray()).object();
    draft.createdAt = timeFromWire(query.value(7).toString());
    draft.updatedAt = timeFromWire(query.value(8).toString());
    draft.publishedJobId = query.value(9).toString();
    return draft;
}

QDateTime expiryCutoff()
{
    return nowUtc().addDays(-DraftStore::kExpiryDays);
}

StoreError draftNotFound()
{
    return makeError(StoreError::Kind::NotFound, "NOT_FOUND",
                     QStringLiteral("There is no such draft."));
}

StoreError invalidValue(const QString &field, const QString &reason)
{
    return makeError(StoreError::Kind::Invalid, "INVALID_VALUE",
                     QStringLiteral("%1 %2.").arg(englishFieldLabel(field), reason),
                     {{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}});
}

QJsonObject jurisdictionJson(const QJsonValue &countryCode, const QJsonValue &stateCode)
{
    return {{QStringLiteral("countryCode"), countryCode}, {QStringLiteral("stateCode"), stateCode}};
}

/// The jurisdiction a value claims, when it claims one: `geo`'s countryCode and stateCode
/// members (docs/openapi.yaml "DraftFieldRequest"), or the countryCode or stateCode field
/// itself. Members that are not strings claim nothing; the value's check refuses them.
std::optional<QJsonObject> claimedJurisdiction(const Draft &draft, const QString &key,
                                               const QJsonValue &value)
{
    const QJsonValue lockedCountry(draft.countryCode);
    const QJsonValue lockedState(draft.stateCode);
    if (key == QStringView(FieldKey::CountryCode) && value.isString())
        return jurisdictionJson(value, lockedState);
    if (key == QStringView(FieldKey::StateCode) && value.isString())
        return jurisdictionJson(lockedCountry, value);
    if (key != QStringView(FieldKey::Geo) || !value.isObject())
        return std::nullopt;
    const QJsonObject geo = value.toObject();
    const QJsonValue country = geo.value(QLatin1String("countryCode"));
    const QJsonValue state = geo.value(QLatin1String("stateCode"));
    if (!country.isString() && !state.isString())
        return std::nullopt;
    return jurisdictionJson(country.isString() ? country : lockedCountry,
                            state.isString() ? state : lockedState);
}

/// The value as a job stores it: `geo` without its jurisdiction members (they are the
/// draft's `locked`), then normalised by models/fieldkeys (the rule PATCH /jobs uses; for the
/// draft-only `schedule`, the rule of POST /jobs/{id}/schedule).
FieldCheck checkDraftValue(const QString &key, const QJsonValue &value)
{
    if (key != QStringView(FieldKey::Geo) || !value.isObject())
        return checkDraftFieldValue(key, value);
    QJsonObject geo = value.toObject();
    for (const char *member : {"countryCode", "stateCode"}) {
        const QJsonValue code = geo.take(QLatin1String(member));
        if (!code.isUndefined() && !code.isString()) {
            FieldCheck check;
            check.error = FieldCheck::Error::InvalidValue;
            check.reason = QStringLiteral("%1 must be a string").arg(QLatin1String(member));
            return check;
        }
    }
    return checkFieldValue(key, geo);
}

} // namespace

DraftStore::DraftStore(Database &db, JobStore &jobs)
    : m_db(db)
    , m_jobs(jobs)
    , m_queries(db)
{}

QJsonObject DraftStore::toJson(const Draft &draft)
{
    return {
        {QStringLiteral("id"), draft.id},
        {QStringLiteral("version"), draft.version},
        {QStringLiteral("status"),
         draft.publishedJobId.isEmpty() ? QStringLiteral("DRAFT") : QStringLiteral("PUBLISHED")},
        {QStringLiteral("fields"), draft.fields},
        {QStringLiteral("locked"), jurisdictionJson(draft.countryCode, draft.stateCode)},
        {QStringLiteral("createdAt"), toWireTime(draft.createdAt)},
        {QStringLiteral("updatedAt"), toWireTime(draft.updatedAt)},
        {QStringLiteral("jobId"), jsonTextOrNull(draft.publishedJobId)},
    };
}

Etag DraftStore::etagOf(const Draft &draft)
{
    return Etag::strong(QByteArray(draft.id.toUtf8() + '.' + QByteArray::number(draft.version)));
}

QString DraftStore::valueHash(const QJsonValue &value)
{
    // QJsonObject keeps its keys sorted, so compact JSON is canonical. A lone value is written
    // as a one-element array and the brackets cut off.
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        QCryptographicHash::hash(array.mid(1, array.size() - 2), QCryptographicHash::Sha256)
            .toHex());
}

DraftResult DraftStore::failed(StoreError error)
{
    DraftResult result;
    result.error = std::move(error);
    return result;
}

bool DraftStore::exec(const QString &sql, const QVariantList &values, StoreError *error,
                      int *rowsAffected)
{
    QSqlError sqlError;
    QSqlQuery *query = m_queries.run(sql, values, &sqlError);
    if (!query) {
        *error = databaseError(sqlError);
        return false;
    }
    if (rowsAffected)
        *rowsAffected = query->numRowsAffected();
    query->finish();
    return true;
}

std::optional<QList<Draft>> DraftStore::select(const QString &where, const QVariantList &values,
                                               StoreError *error)
{
    QSqlError sqlError;
    QSqlQuery *query = m_queries.run(QStringLiteral("SELECT ") + kDraftColumns +
                                         QStringLiteral(" FROM drafts ") + where,
                                     values, &sqlError);
    if (!query) {
        *error = databaseError(sqlError);
        return std::nullopt;
    }
    QList<Draft> drafts;
    while (query->next())
        drafts.append(draftFromQuery(*query));
    query->finish();
    return drafts;
}

DraftResult DraftStore::create(const AuthUser &owner, const QString &countryCode,
                               const QString &stateCode)
{
    for (const auto &[key, value] : {std::pair{FieldKey::CountryCode, countryCode},
                                     std::pair{FieldKey::StateCode, stateCode}}) {
        const FieldCheck check = checkFieldValue(key, value);
        if (!check.ok() || check.normalized.toString() != value)
            return failed(invalidValue(QString::fromUtf16(key),
                                       check.ok() ? QStringLiteral("must be upper case and trimmed")
                                                  : check.reason));
    }
    // The pattern says two capitals; Qt's CLDR territories say whether they name a country.
    if (QLocale::codeToTerritory(countryCode) == QLocale::AnyTerritory)
        return failed(invalidValue(QString::fromUtf16(FieldKey::CountryCode),
                                   QStringLiteral("is not an ISO 3166-1 country code")));
    if (stateCode.isEmpty())
        return failed(
            invalidValue(QString::fromUtf16(FieldKey::StateCode), QStringLiteral("is required")));
    Draft draft;
    draft.id = randomId(u"d_");
    draft.ownerId = owner.id;
    draft.version = 1;
    draft.countryCode = countryCode;
    draft.stateCode = stateCode;
    draft.createdAt = nowUtc();
    draft.updatedAt = draft.createdAt;
    StoreError error;
    if (!exec(QStringLiteral("INSERT INTO drafts (") + kDraftColumns +
                  QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"),
              {draft.id, draft.ownerId, draft.version, draft.countryCode, draft.stateCode,
               QStringLiteral("{}"), QStringLiteral("{}"), toWireTime(draft.createdAt),
               toWireTime(draft.updatedAt)},
              &error))
        return failed(error);
    DraftResult result;
    result.draft = draft;
    result.created = true;
    return result;
}

std::optional<QList<Draft>> DraftStore::listOwn(const AuthUser &owner, StoreError *error)
{
    return select(QStringLiteral("WHERE owner_id = ? AND published_job_id IS NULL AND "
                                 "updated_at >= ? ORDER BY updated_at DESC, id DESC"),
                  {owner.id, toWireTime(expiryCutoff())}, error);
}

std::optional<Draft> DraftStore::find(const AuthUser &owner, const QString &id, StoreError *error)
{
    const auto drafts = select(QStringLiteral("WHERE id = ?"), {id}, error);
    if (!drafts)
        return std::nullopt;
    // Someone else's draft is not there as far as the caller can tell (docs/openapi.yaml
    // "Drafts"); an expired one is gone even before the sweep removes it.
    if (drafts->isEmpty() || drafts->constFirst().ownerId != owner.id ||
        drafts->constFirst().updatedAt < expiryCutoff()) {
        *error = draftNotFound();
        return std::nullopt;
    }
    return drafts->constFirst();
}

DraftResult DraftStore::writeLocked(const AuthUser &owner, const QString &id, const Write &write)
{
    if (!m_db.beginWrite())
        return failed(databaseError(m_db.connection().lastError()));
    // As JobStore::loadRow: FOR UPDATE makes a second writer of this draft wait for the first
    // one's commit and then read what it wrote (PostgreSQL, READ COMMITTED); SQLite's
    // BEGIN IMMEDIATE already lets one writer in at a time.
    StoreError error;
    std::optional<Draft> draft;
    if (m_db.dialect() != SqlDialect::Postgres ||
        exec(QStringLiteral("SELECT id FROM drafts WHERE id = ? FOR UPDATE"), {id}, &error))
        draft = find(owner, id, &error);
    DraftResult result;
    std::optional<StoreError> failure = draft ? write(*draft, result) : error;
    if (!failure && !m_db.commit())
        failure = databaseError(m_db.connection().lastError());
    if (failure) {
        m_db.rollback();
        result.error = std::move(failure);
    }
    return result;
}

namespace {

StoreError versionConflict(const Draft &draft, qint64 expectedVersion)
{
    return makeError(StoreError::Kind::Conflict, "VERSION_CONFLICT",
                     QStringLiteral("The draft was changed elsewhere (version %1, not %2).")
                         .arg(draft.version)
                         .arg(expectedVersion));
}

} // namespace

DraftResult DraftStore::setField(const AuthUser &owner, const QString &id, const QString &key,
                                 const QJsonValue &value, qint64 expectedVersion)
{
    // 1. An unknown key, before anything else (the job's keys, as every job write checks
    // them, and the draft-only ones: models/fieldkeys.h DraftKey).
    if (!isDraftFieldKey(key)) {
        return failed(makeError(StoreError::Kind::Invalid, "INVALID_FIELD_KEY",
                                QStringLiteral("\"%1\" is not a job field.").arg(key),
                                {{QStringLiteral("field"), key}}));
    }
    const QString hash = valueHash(value);
    return writeLocked(owner, id, [&](const Draft &draft, DraftResult &result) {
        std::optional<StoreError> error;
        if (!draft.publishedJobId.isEmpty()) {
            result.current = draft;
            return error = makeError(StoreError::Kind::Conflict, "DRAFT_PUBLISHED",
                                     QStringLiteral("This draft is already a job."),
                                     {{QStringLiteral("jobId"), draft.publishedJobId}});
        }
        // 2. The same value as stored: nothing to do, whatever expectedVersion says. A key
        // never set holds null.
        if (draft.hashes.value(key).toString(valueHash(QJsonValue::Null)) == hash) {
            result.draft = draft;
            result.unchanged = true;
            return error;
        }
        // 3. A stale version: the caller merges with the draft as it is now.
        if (expectedVersion != draft.version) {
            result.current = draft;
            return error = versionConflict(draft, expectedVersion);
        }
        // 4. The jurisdiction is locked when the draft is made.
        const QJsonObject expected = jurisdictionJson(draft.countryCode, draft.stateCode);
        if (const auto got = claimedJurisdiction(draft, key, value); got && *got != expected) {
            return error = makeError(
                       StoreError::Kind::Conflict, "JURISDICTION_MISMATCH",
                       QStringLiteral("This draft is for %1-%2; start a new draft for another "
                                      "country or state.")
                           .arg(draft.countryCode, draft.stateCode),
                       {{QStringLiteral("expected"), expected}, {QStringLiteral("got"), *got}});
        }
        // 5. The value itself, by the job's rules.
        if (const FieldCheck check = checkDraftValue(key, value); !check.ok())
            return error = invalidValue(key, check.reason);

        Draft next = draft;
        next.version = draft.version + 1;
        next.updatedAt = nowUtc();
        next.fields.insert(key, value);
        next.hashes.insert(key, hash);
        // The row is locked: the version matches; the condition only guards the guard.
        StoreError sqlError;
        int rows = 0;
        if (!exec(QStringLiteral("UPDATE drafts SET version = ?, fields = ?, hashes = ?, "
                                 "updated_at = ? WHERE id = ? AND version = ?"),
                  {next.version, compactJson(next.fields), compactJson(next.hashes),
                   toWireTime(next.updatedAt), next.id, draft.version},
                  &sqlError, &rows))
            return error = sqlError;
        if (rows != 1) {
            result.current = draft;
            return error = versionConflict(draft, expectedVersion);
        }
        result.draft = next;
        return error;
    });
}

DraftResult DraftStore::publish(const AuthUser &owner, const QString &id, qint64 expectedVersion)
{
    return writeLocked(owner, id, [&](const Draft &draft, DraftResult &result) {
        std::optional<StoreError> error;
        StoreError storeError;
        // Published already (a retry after a lost answer, or a second window): the same job.
        if (!draft.publishedJobId.isEmpty()) {
            result.draft = draft;
            result.job = m_jobs.find(draft.publishedJobId, &storeError);
            if (!result.job && storeError.kind == StoreError::Kind::NotFound)
                return error = makeError(StoreError::Kind::NotFound, "NOT_FOUND",
                                         QStringLiteral("The job this draft made was deleted."));
            return result.job ? error : (error = storeError);
        }
        if (expectedVersion != draft.version) {
            result.current = draft;
            return error = versionConflict(draft, expectedVersion);
        }
        QJsonObject fields;
        std::optional<JobSchedule> schedule;
        for (auto it = draft.fields.begin(); it != draft.fields.end(); ++it) {
            const FieldCheck check = checkDraftValue(it.key(), it.value());
            if (!check.ok())
                return error = invalidValue(it.key(), check.reason);
            if (it.key() == QStringView(DraftKey::Schedule)) {
                QString member, reason;
                if (!check.normalized.isNull())
                    schedule = scheduleFromJson(check.normalized, &member, &reason);
            } else {
                fields.insert(it.key(), check.normalized);
            }
        }
        fields.insert(FieldKey::CountryCode, draft.countryCode);
        fields.insert(FieldKey::StateCode, draft.stateCode);
        for (const auto *required : {FieldKey::Title, FieldKey::CustomerName, FieldKey::Address}) {
            if (fields.value(required).isNull() || fields.value(required).isUndefined())
                return error = invalidValue(QString::fromUtf16(required),
                                            QStringLiteral("is required to publish"));
        }

        // The job (scheduled when the draft has a When), its event and the draft's
        // published_job_id: one transaction.
        const auto job = m_jobs.insertNewJob(
            owner, fields, QString(), QStringLiteral("Published from draft %1").arg(draft.id),
            &storeError, schedule);
        if (!job) {
            if (storeError.code == QLatin1String("DUPLICATE")) {
                storeError = makeError(StoreError::Kind::Conflict, "ORDER_ID_TAKEN",
                                       QStringLiteral("Another job already has this order ID."),
                                       {{QStringLiteral("field"), QStringLiteral("orderId")}});
            }
            return error = storeError;
        }
        Draft next = draft;
        next.version = draft.version + 1;
        next.updatedAt = job->createdAt;
        next.publishedJobId = job->id;
        int rows = 0;
        if (!exec(QStringLiteral("UPDATE drafts SET version = ?, updated_at = ?, "
                                 "published_job_id = ? WHERE id = ? AND published_job_id IS NULL"),
                  {next.version, toWireTime(next.updatedAt), next.publishedJobId, next.id},
                  &storeError, &rows))
            return error = storeError;
        if (rows != 1) // cannot happen under the lock; never two jobs, so this one rolls back
            return error = makeError(StoreError::Kind::Unavailable, "SERVICE_UNAVAILABLE",
                                     QStringLiteral("The draft is being published; try again."));
        result.draft = next;
        result.job = job;
        result.created = true;
        return error;
    });
}

DraftResult DraftStore::remove(const AuthUser &owner, const QString &id,
                               const EtagCondition &ifMatch)
{
    return writeLocked(owner, id, [&](const Draft &draft, DraftResult &result) {
        std::optional<StoreError> error;
        if (!ifMatch.isPresent()) {
            return error = makeError(
                       StoreError::Kind::PreconditionRequired, "PRECONDITION_REQUIRED",
                       QStringLiteral("Discarding a draft needs If-Match with its ETag."));
        }
        if (!ifMatch.matchesStrongly(etagOf(draft))) {
            result.current = draft;
            return error = makeError(StoreError::Kind::PreconditionFailed, "PRECONDITION_FAILED",
                                     QStringLiteral("The draft was changed elsewhere."));
        }
        StoreError sqlError;
        if (!exec(QStringLiteral("DELETE FROM drafts WHERE id = ?"), {id}, &sqlError))
            error = sqlError;
        return error;
    });
}

std::optional<int> DraftStore::removeUntouchedSince(const QDateTime &cutoff, StoreError *error)
{
    int rows = 0;
    if (!exec(QStringLiteral("DELETE FROM drafts WHERE updated_at < ?"), {toWireTime(cutoff)},
              error, &rows))
        return std::nullopt;
    return rows;
}

} // namespace dispatch::server
