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
/// draft's `locked`), then normalised by models/fieldkeys (the rule PATCH /jobs uses).
FieldCheck checkDraftValue(const QString &key, const QJsonValue &value)
{
    if (key != QStringView(FieldKey::Geo) || !value.isObject())
        return checkFieldValue(key, value);
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
    QSqlQuery *query = m_queries.get(QStringLiteral("INSERT INTO drafts (") + kDraftColumns +
                                     QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"));
    if (!query)
        return failed(databaseError(m_db.connection().lastError()));
    const QVariantList values{draft.id,
                              draft.ownerId,
                              draft.version,
                              draft.countryCode,
                              draft.stateCode,
                              QStringLiteral("{}"),
                              QStringLiteral("{}"),
                              toWireTime(draft.createdAt),
                              toWireTime(draft.updatedAt)};
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    const bool ok = query->exec();
    const QSqlError sqlError = query->lastError();
    query->finish();
    if (!ok)
        return failed(databaseError(sqlError));
    DraftResult result;
    result.draft = draft;
    result.created = true;
    return result;
}

std::optional<QList<Draft>> DraftStore::listOwn(const AuthUser &owner, StoreError *error)
{
    QSqlQuery *query = m_queries.get(
        QStringLiteral("SELECT ") + kDraftColumns +
        QStringLiteral(" FROM drafts WHERE owner_id = ? AND published_job_id IS NULL AND "
                       "updated_at >= ? ORDER BY updated_at DESC, id DESC"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, owner.id);
    query->bindValue(1, toWireTime(expiryCutoff()));
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    QList<Draft> drafts;
    while (query->next())
        drafts.append(draftFromQuery(*query));
    query->finish();
    return drafts;
}

std::optional<Draft> DraftStore::find(const AuthUser &owner, const QString &id, StoreError *error)
{
    QSqlQuery *query = m_queries.get(QStringLiteral("SELECT ") + kDraftColumns +
                                     QStringLiteral(" FROM drafts WHERE id = ?"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, id);
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    std::optional<Draft> draft;
    if (query->next())
        draft = draftFromQuery(*query);
    query->finish();
    // Someone else's draft is not there as far as the caller can tell (docs/openapi.yaml
    // "Drafts"); an expired one is gone even before the sweep removes it.
    if (!draft || draft->ownerId != owner.id || draft->updatedAt < expiryCutoff()) {
        *error = draftNotFound();
        return std::nullopt;
    }
    return draft;
}

std::optional<Draft> DraftStore::lockOwn(const AuthUser &owner, const QString &id,
                                         StoreError *error)
{
    // As JobStore::loadRow: FOR UPDATE makes a second writer of this draft wait for the first
    // one's commit and then read what it wrote (PostgreSQL, READ COMMITTED); SQLite's
    // BEGIN IMMEDIATE already lets one writer in at a time.
    if (m_db.dialect() == SqlDialect::Postgres) {
        QSqlQuery *lock =
            m_queries.get(QStringLiteral("SELECT id FROM drafts WHERE id = ? FOR UPDATE"));
        if (!lock) {
            *error = databaseError(m_db.connection().lastError());
            return std::nullopt;
        }
        lock->bindValue(0, id);
        const bool ok = lock->exec();
        const QSqlError sqlError = lock->lastError();
        lock->finish();
        if (!ok) {
            *error = databaseError(sqlError);
            return std::nullopt;
        }
    }
    return find(owner, id, error);
}

DraftResult DraftStore::setField(const AuthUser &owner, const QString &id, const QString &key,
                                 const QJsonValue &value, qint64 expectedVersion)
{
    // 1. An unknown key, before anything else (the rule every job write uses).
    if (!isCanonicalFieldKey(key)) {
        return failed(makeError(StoreError::Kind::Invalid, "INVALID_FIELD_KEY",
                                QStringLiteral("\"%1\" is not a job field.").arg(key),
                                {{QStringLiteral("field"), key}}));
    }
    const QString hash = valueHash(value);

    if (!m_db.beginWrite())
        return failed(databaseError(m_db.connection().lastError()));
    DraftResult result;
    const auto answer = [&](std::optional<StoreError> error) {
        m_db.rollback();
        result.error = std::move(error);
        return result;
    };
    StoreError error;
    const auto draft = lockOwn(owner, id, &error);
    if (!draft)
        return answer(error);
    if (!draft->publishedJobId.isEmpty()) {
        result.current = draft;
        return answer(makeError(StoreError::Kind::Conflict, "DRAFT_PUBLISHED",
                                QStringLiteral("This draft is already a job."),
                                {{QStringLiteral("jobId"), draft->publishedJobId}}));
    }
    // 2. The same value as stored: nothing to do, whatever expectedVersion says. A key never
    // set holds null.
    const QString stored = draft->hashes.value(key).toString(valueHash(QJsonValue::Null));
    if (stored == hash) {
        result.draft = draft;
        result.unchanged = true;
        return answer(std::nullopt);
    }
    // 3. A stale version: the caller merges with the draft as it is now.
    if (expectedVersion != draft->version) {
        result.current = draft;
        return answer(
            makeError(StoreError::Kind::Conflict, "VERSION_CONFLICT",
                      QStringLiteral("The draft was changed elsewhere (version %1, not %2).")
                          .arg(draft->version)
                          .arg(expectedVersion)));
    }
    // 4. The jurisdiction is locked when the draft is made.
    if (const auto got = claimedJurisdiction(*draft, key, value)) {
        const QJsonObject expected = jurisdictionJson(draft->countryCode, draft->stateCode);
        if (*got != expected) {
            return answer(makeError(
                StoreError::Kind::Conflict, "JURISDICTION_MISMATCH",
                QStringLiteral("This draft is for %1-%2; start a new draft for another country "
                               "or state.")
                    .arg(draft->countryCode, draft->stateCode),
                {{QStringLiteral("expected"), expected}, {QStringLiteral("got"), *got}}));
        }
    }
    // 5. The value itself, by the job's rules.
    if (const FieldCheck check = checkDraftValue(key, value); !check.ok())
        return answer(invalidValue(key, check.reason));

    Draft next = *draft;
    next.version = draft->version + 1;
    next.updatedAt = nowUtc();
    next.fields.insert(key, value);
    next.hashes.insert(key, hash);
    QSqlQuery *query = m_queries.get(
        QStringLiteral("UPDATE drafts SET version = ?, fields = ?, hashes = ?, updated_at = ? "
                       "WHERE id = ? AND version = ? AND published_job_id IS NULL"));
    if (!query)
        return answer(databaseError(m_db.connection().lastError()));
    const QVariantList values{next.version,
                              compactJson(next.fields),
                              compactJson(next.hashes),
                              toWireTime(next.updatedAt),
                              next.id,
                              draft->version};
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    const bool ok = query->exec();
    const QSqlError sqlError = query->lastError();
    const bool matched = ok && query->numRowsAffected() == 1;
    query->finish();
    if (!ok)
        return answer(databaseError(sqlError));
    if (!matched) // cannot happen under the lock; never report a save that did not land
        return answer(makeError(StoreError::Kind::Unavailable, "SERVICE_UNAVAILABLE",
                                QStringLiteral("The draft is changing too quickly; try again.")));
    if (!m_db.commit())
        return answer(databaseError(m_db.connection().lastError()));
    result.draft = next;
    return result;
}

DraftResult DraftStore::publish(const AuthUser &owner, const QString &id, qint64 expectedVersion)
{
    if (!m_db.beginWrite())
        return failed(databaseError(m_db.connection().lastError()));
    DraftResult result;
    const auto answer = [&](std::optional<StoreError> error) {
        m_db.rollback();
        result.error = std::move(error);
        return result;
    };
    StoreError error;
    const auto draft = lockOwn(owner, id, &error);
    if (!draft)
        return answer(error);
    // Published already (a retry after a lost answer, or a second window): the same job.
    if (!draft->publishedJobId.isEmpty()) {
        result.draft = draft;
        result.job = m_jobs.find(draft->publishedJobId, &error);
        if (!result.job) {
            return answer(error.kind == StoreError::Kind::NotFound
                              ? makeError(StoreError::Kind::NotFound, "NOT_FOUND",
                                          QStringLiteral("The job this draft made was deleted."))
                              : error);
        }
        return answer(std::nullopt);
    }
    if (expectedVersion != draft->version) {
        result.current = draft;
        return answer(
            makeError(StoreError::Kind::Conflict, "VERSION_CONFLICT",
                      QStringLiteral("The draft was changed elsewhere (version %1, not %2).")
                          .arg(draft->version)
                          .arg(expectedVersion)));
    }
    QJsonObject fields;
    for (auto it = draft->fields.begin(); it != draft->fields.end(); ++it) {
        const FieldCheck check = checkDraftValue(it.key(), it.value());
        if (!check.ok())
            return answer(invalidValue(it.key(), check.reason));
        fields.insert(it.key(), check.normalized);
    }
    fields.insert(FieldKey::CountryCode, draft->countryCode);
    fields.insert(FieldKey::StateCode, draft->stateCode);
    for (const auto *required : {FieldKey::Title, FieldKey::CustomerName, FieldKey::Address}) {
        if (fields.value(required).isNull() || fields.value(required).isUndefined())
            return answer(invalidValue(QString::fromUtf16(required),
                                       QStringLiteral("is required to publish")));
    }

    const auto job = m_jobs.insertNewJob(owner, fields, QString(),
                                         QStringLiteral("Published from draft %1").arg(id), &error);
    if (!job) {
        if (error.code == QLatin1String("DUPLICATE")) {
            error = makeError(StoreError::Kind::Conflict, "ORDER_ID_TAKEN",
                              QStringLiteral("Another job already has this order ID."),
                              {{QStringLiteral("field"), QStringLiteral("orderId")}});
        }
        return answer(error);
    }
    Draft next = *draft;
    next.version = draft->version + 1;
    next.updatedAt = job->createdAt;
    next.publishedJobId = job->id;
    QSqlQuery *query = m_queries.get(
        QStringLiteral("UPDATE drafts SET version = ?, updated_at = ?, published_job_id = ? "
                       "WHERE id = ? AND version = ? AND published_job_id IS NULL"));
    if (!query)
        return answer(databaseError(m_db.connection().lastError()));
    const QVariantList values{next.version, toWireTime(next.updatedAt), next.publishedJobId,
                              next.id, draft->version};
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    const bool ok = query->exec();
    const QSqlError sqlError = query->lastError();
    const bool matched = ok && query->numRowsAffected() == 1;
    query->finish();
    if (!ok)
        return answer(databaseError(sqlError));
    if (!matched) // another publish got in first: never two jobs, so this one rolls back
        return answer(makeError(StoreError::Kind::Unavailable, "SERVICE_UNAVAILABLE",
                                QStringLiteral("The draft is being published; try again.")));
    if (!m_db.commit())
        return answer(databaseError(m_db.connection().lastError()));
    result.draft = next;
    result.job = job;
    result.created = true;
    m_jobs.notifyCommitted(); // the new job's JOB_CREATED; drafts themselves send no events
    return result;
}

DraftResult DraftStore::remove(const AuthUser &owner, const QString &id,
                               const EtagCondition &ifMatch)
{
    if (!m_db.beginWrite())
        return failed(databaseError(m_db.connection().lastError()));
    DraftResult result;
    const auto answer = [&](std::optional<StoreError> error) {
        m_db.rollback();
        result.error = std::move(error);
        return result;
    };
    StoreError error;
    const auto draft = lockOwn(owner, id, &error);
    if (!draft)
        return answer(error);
    if (!ifMatch.isPresent()) {
        return answer(
            makeError(StoreError::Kind::PreconditionRequired, "PRECONDITION_REQUIRED",
                      QStringLiteral("Discarding a draft needs If-Match with its ETag.")));
    }
    if (!ifMatch.matchesStrongly(etagOf(*draft))) {
        result.current = draft;
        return answer(makeError(StoreError::Kind::PreconditionFailed, "PRECONDITION_FAILED",
                                QStringLiteral("The draft was changed elsewhere.")));
    }
    QSqlQuery *query = m_queries.get(QStringLiteral("DELETE FROM drafts WHERE id = ?"));
    if (!query)
        return answer(databaseError(m_db.connection().lastError()));
    query->bindValue(0, id);
    const bool ok = query->exec();
    const QSqlError sqlError = query->lastError();
    query->finish();
    if (!ok)
        return answer(databaseError(sqlError));
    if (!m_db.commit())
        return answer(databaseError(m_db.connection().lastError()));
    return result;
}

std::optional<int> DraftStore::removeUntouchedSince(const QDateTime &cutoff, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM drafts WHERE updated_at < ?"));
    query.addBindValue(toWireTime(cutoff));
    if (!query.exec()) {
        *error = databaseError(query.lastError());
        return std::nullopt;
    }
    return query.numRowsAffected();
}

} // namespace dispatch::server
