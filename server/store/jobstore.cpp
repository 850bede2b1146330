#include "jobstore.h"
#include "jobstore_p.h"

#include "fieldkeys.h"
#include "randomid.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcStore, "dispatch.server.store")

namespace dispatch::server {

namespace storedetail {

StoreError databaseError(const QSqlError &error)
{
    qCWarning(lcStore) << "database error:" << error.text();
    return makeError(StoreError::Kind::Unavailable, "SERVICE_UNAVAILABLE",
                     QStringLiteral("The database is busy or unavailable; try again."));
}

bool selectInSlices(QSqlDatabase db, const QString &sql, const QStringList &values,
                    const std::function<void(QSqlQuery &)> &read, StoreError *error)
{
    constexpr qsizetype kSlice = 500;
    for (qsizetype start = 0; start < values.size(); start += kSlice) {
        const QStringList slice = values.mid(start, kSlice);
        QSqlQuery query(db);
        query.setForwardOnly(true);
        const QStringList marks(slice.size(), QStringLiteral("?"));
        if (!query.prepare(sql.arg(marks.join(u',')))) {
            *error = databaseError(query.lastError());
            return false;
        }
        for (const QString &value : slice)
            query.addBindValue(value);
        if (!query.exec()) {
            *error = databaseError(query.lastError());
            return false;
        }
        read(query);
    }
    return true;
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

bool isUniqueViolation(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("23505") || code == QLatin1String("2067") ||
           code == QLatin1String("1555") ||
           error.text().contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive);
}

} // namespace storedetail

using namespace storedetail;

namespace {

// A conditional UPDATE that matched no row means another writer committed first; the whole
// operation is evaluated again against the new state (which then answers 412 or 409).
constexpr int kMaxAttempts = 4;

const QString kSelectColumns = QStringLiteral(
    "id, version, status, assigned_to, due_at, schedule_date, schedule_timezone, "
    "schedule_window, created_at, updated_at, updated_by, fields, order_id, idempotency_key, "
    "start_code, completion_code, code_failures, code_locked_until, "
    "(SELECT name FROM users WHERE users.id = jobs.updated_by), "
    "(SELECT name FROM users WHERE users.id = jobs.assigned_to)");

QVariant timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(toWireTime(time)) : QVariant(QMetaType(QMetaType::QString));
}

QString encodeCursor(const Job &job)
{
    return QString::fromLatin1(
        (toWireTime(job.createdAt) + u'|' + job.id)
            .toUtf8()
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeCursor(const QString &cursor, QString *createdAt, QString *id)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QString text = QString::fromUtf8(*decoded);
    const qsizetype bar = text.indexOf(u'|');
    if (bar <= 0)
        return false;
    *createdAt = text.left(bar);
    *id = text.mid(bar + 1);
    return !id->isEmpty();
}

} // namespace

JobStore::JobStore(Database &db, std::function<void()> onCommitted)
    : m_db(db)
    , m_queries(db)
    , m_onCommitted(std::move(onCommitted))
{}

Etag JobStore::etagOf(const Job &job)
{
    // Unique per job and version: the id is part of it, so no two jobs ever share a tag.
    return Etag::strong(QByteArray(job.id.toUtf8() + '.' + QByteArray::number(job.version)));
}

QJsonObject JobStore::toJsonFor(const Job &job, const AuthUser &viewer)
{
    QJsonObject object = toJson(job);
    if (!viewer.isOffice())
        object.remove(QStringLiteral("codes"));
    return object;
}

bool JobStore::isOpenOffer(const Job &job)
{
    return job.status == JobStatus::Open && job.assignedTo.isEmpty();
}

bool JobStore::isVisibleTo(const Job &job, const AuthUser &viewer)
{
    return viewer.isOffice() || job.assignedTo == viewer.id || isOpenOffer(job);
}

namespace {

JobStore::Row rowFromQuery(const QSqlQuery &query);

} // namespace

std::optional<JobStore::Row> JobStore::loadRow(const QString &id, StoreError *error, RowLock lock)
{
    // PostgreSQL runs READ COMMITTED: without the row lock, writers that overlap all read the
    // same row and the last to commit wins. The version check catches that for the job, but
    // not for the wrong-code count, which a failed try writes without a new version. FOR UPDATE
    // makes the next writer wait for this transaction and then read what it committed. SQLite has
    // no FOR UPDATE and needs none: BEGIN IMMEDIATE already lets one writer at a time in.
    const bool forUpdate = lock == RowLock::ForUpdate && m_db.dialect() == SqlDialect::Postgres;
    QSqlQuery *query = m_queries.get(QStringLiteral("SELECT ") + kSelectColumns +
                                     QStringLiteral(" FROM jobs WHERE id = ?") +
                                     (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()));
    if (!query) {
        if (error)
            *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, id);
    if (!query->exec()) {
        if (error)
            *error = databaseError(query->lastError());
        return std::nullopt;
    }
    if (!query->next()) {
        query->finish();
        if (error)
            *error = notFound();
        return std::nullopt;
    }
    Row row = rowFromQuery(*query);
    query->finish();
    return row;
}

std::optional<Job> JobStore::peek(const QString &id, StoreError *error)
{
    QSqlQuery *query =
        m_queries.get(QStringLiteral("SELECT version, status, assigned_to FROM jobs WHERE id = ?"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, id);
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    if (!query->next()) {
        query->finish();
        *error = notFound();
        return std::nullopt;
    }
    Job job;
    job.id = id;
    job.version = query->value(0).toLongLong();
    job.status = jobStatusFromWire(query->value(1).toString()).value_or(JobStatus::Open);
    job.assignedTo = query->value(2).toString();
    query->finish();
    return job;
}

namespace {

JobStore::Row rowFromQuery(const QSqlQuery &query)
{
    JobStore::Row row;
    Job &job = row.job;
    job.id = query.value(0).toString();
    job.version = query.value(1).toLongLong();
    job.status = jobStatusFromWire(query.value(2).toString()).value_or(JobStatus::Open);
    job.assignedTo = query.value(3).toString();
    job.dueAt = timeFromWire(query.value(4).toString());
    if (!query.value(5).isNull()) {
        job.schedule = JobSchedule{query.value(5).toString(), query.value(6).toString(),
                                   query.value(7).toString()};
    }
    job.createdAt = timeFromWire(query.value(8).toString());
    job.updatedAt = timeFromWire(query.value(9).toString());
    job.updatedBy = query.value(10).toString();
    job.fields = QJsonDocument::fromJson(query.value(11).toByteArray()).object();
    row.idempotencyKey = query.value(13).toString();
    if (!query.value(14).isNull())
        job.codes = JobCodes{query.value(14).toString(), query.value(15).toString()};
    row.codeFailures = query.value(16).toInt();
    row.codeLockedUntil = timeFromWire(query.value(17).toString());
    job.updatedByName = query.value(18).toString();
    job.assignedToName = query.value(19).toString();
    return row;
}

} // namespace

std::optional<Job> JobStore::find(const QString &id, StoreError *error)
{
    const auto row = loadRow(id, error);
    if (!row)
        return std::nullopt;
    return row->job;
}

std::optional<Job> JobStore::findByUnique(const char *column, const QString &value)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT ") + kSelectColumns + QStringLiteral(" FROM jobs WHERE ") +
                  QString::fromLatin1(column) + QStringLiteral(" = ?"));
    query.addBindValue(value);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return rowFromQuery(query).job;
}

JobPage JobStore::list(const JobListQuery &request, const AuthUser &viewer)
{
    JobPage page;
    QStringList where;
    QVariantList binds;
    if (!request.statuses.isEmpty()) {
        QStringList marks;
        for (const QString &status : request.statuses) {
            if (!jobStatusFromWire(status)) {
                page.error =
                    makeError(StoreError::Kind::Invalid, "INVALID_VALUE",
                              QStringLiteral("\"%1\" is not a job status.").arg(status),
                              {{QStringLiteral("field"), QStringLiteral("status")},
                               {QStringLiteral("reason"), QStringLiteral("unknown status")}});
                return page;
            }
            marks.append(QStringLiteral("?"));
            binds.append(status);
        }
        where.append(QStringLiteral("status IN (") + marks.join(u',') + u')');
    }
    if (!request.assignedTo.isEmpty()) {
        where.append(QStringLiteral("assigned_to = ?"));
        binds.append(request.assignedTo);
    }
    if (!request.text.isEmpty()) {
        QString pattern = request.text.toLower();
        pattern.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'%', QStringLiteral("\\%"))
            .replace(u'_', QStringLiteral("\\_"));
        where.append(QStringLiteral("LOWER(fields) LIKE ? ESCAPE '\\'"));
        binds.append(QString(u'%' + pattern + u'%'));
    }
    if (request.updatedAfter.isValid()) {
        where.append(QStringLiteral("updated_at > ?"));
        binds.append(toWireTime(request.updatedAfter));
    }
    if (!viewer.isOffice()) {
        where.append(QString(QStringLiteral("(assigned_to = ? OR (") + kOpenOfferSql +
                             QStringLiteral("))")));
        binds.append(viewer.id);
    }
    if (!request.cursor.isEmpty()) {
        QString createdAt, id;
        if (!decodeCursor(request.cursor, &createdAt, &id)) {
            page.error = makeError(StoreError::Kind::Invalid, "BAD_REQUEST",
                                   QStringLiteral("The cursor is not valid."));
            return page;
        }
        where.append(QStringLiteral("(created_at > ? OR (created_at = ? AND id > ?))"));
        binds << createdAt << createdAt << id;
    }
    QString sql = QStringLiteral("SELECT ") + kSelectColumns + QStringLiteral(" FROM jobs");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY created_at, id LIMIT %1").arg(request.limit + 1);

    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &bind : std::as_const(binds))
        query.addBindValue(bind);
    if (!query.exec()) {
        page.error = databaseError(query.lastError());
        return page;
    }
    while (query.next()) {
        if (page.items.size() == request.limit) {
            page.nextCursor = encodeCursor(page.items.constLast());
            break;
        }
        page.items.append(rowFromQuery(query).job);
    }
    return page;
}

std::optional<qint64> JobStore::lastEventSeq(StoreError *error)
{
    QVariant seq;
    if (!run(QStringLiteral("SELECT last_seq FROM event_counter WHERE id = 1"), {}, error, &seq))
        return std::nullopt;
    return seq.toLongLong();
}

QList<Job> JobStore::openOffers(StoreError *error)
{
    QList<Job> jobs;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ") + kSelectColumns +
                    QStringLiteral(" FROM jobs WHERE ") + kOpenOfferSql)) {
        *error = databaseError(query.lastError());
        return jobs;
    }
    while (query.next())
        jobs.append(rowFromQuery(query).job);
    return jobs;
}

std::optional<QList<JobVersion>> JobStore::openOfferVersions(StoreError *error)
{
    QSqlQuery *query =
        m_queries.get(QStringLiteral("SELECT id, version FROM jobs WHERE ") + kOpenOfferSql);
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    QList<JobVersion> versions;
    while (query->next())
        versions.append(JobVersion{query->value(0).toString(), query->value(1).toLongLong()});
    query->finish();
    return versions;
}

std::optional<ChangedJobs> JobStore::changedJobs(qint64 after, qint64 upTo, StoreError *error)
{
    QSqlQuery *query = m_queries.get(
        QStringLiteral("SELECT job_id, type FROM events WHERE seq > ? AND seq <= ? ORDER BY seq"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, after);
    query->bindValue(1, upTo);
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    ChangedJobs changed;
    while (query->next()) {
        changed.ids.append(query->value(0).toString());
        if (query->value(1).toString().startsWith(u"PHOTO_"))
            changed.photoIds.insert(changed.ids.constLast());
    }
    query->finish();
    // Seqs have no gaps (docs/ARCHITECTURE.md): fewer rows than seqs means some were pruned.
    if (changed.ids.size() != upTo - after)
        return std::nullopt;
    return changed;
}

std::optional<QList<Job>> JobStore::findMany(const QStringList &ids, StoreError *error)
{
    QList<Job> jobs;
    jobs.reserve(ids.size());
    const bool read = selectInSlices(
        m_db.connection(),
        QStringLiteral("SELECT ") + kSelectColumns + QStringLiteral(" FROM jobs WHERE id IN (%1)"),
        ids,
        [&jobs](QSqlQuery &query) {
            while (query.next())
                jobs.append(rowFromQuery(query).job);
        },
        error);
    if (!read)
        return std::nullopt;
    return jobs;
}

std::optional<QHash<QString, int>> JobStore::dueCountsByPro(const QDateTime &from,
                                                            const QDateTime &to,
                                                            const QString &exceptJobId,
                                                            StoreError *error)
{
    // due_at is fixed-width UTC text (server/store/database.cpp), so text order is time order.
    QSqlQuery *query = m_queries.get(QStringLiteral(
        "SELECT assigned_to, COUNT(*) FROM jobs WHERE assigned_to IS NOT NULL AND due_at >= ? "
        "AND due_at < ? AND id <> ? AND status NOT IN ('CANCELLED', 'EXPIRED') "
        "GROUP BY assigned_to"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, toWireTime(from));
    query->bindValue(1, toWireTime(to));
    query->bindValue(2, exceptJobId);
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    QHash<QString, int> counts;
    while (query->next())
        counts.insert(query->value(0).toString(), query->value(1).toInt());
    query->finish();
    return counts;
}

QString JobStore::userName(const QString &userId)
{
    if (userId.isEmpty())
        return {};
    QSqlQuery *query = m_queries.get(QStringLiteral("SELECT name FROM users WHERE id = ?"));
    if (!query)
        return {};
    query->bindValue(0, userId);
    QString name;
    if (query->exec() && query->next())
        name = query->value(0).toString();
    query->finish();
    return name;
}

std::optional<QJsonArray> JobStore::history(const QString &id, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT h.seq, h.at, h.actor, h.type, h.changes, h.reason, u.name FROM history h "
        "LEFT JOIN users u ON u.id = h.actor WHERE h.job_id = ? ORDER BY h.seq"));
    query.addBindValue(id);
    if (!query.exec()) {
        *error = databaseError(query.lastError());
        return std::nullopt;
    }
    QJsonArray entries;
    while (query.next()) {
        const QJsonObject changes = QJsonDocument::fromJson(query.value(4).toByteArray()).object();
        // The people a row names besides its actor (the assignee before and after), so that a
        // pro, who may not list users, reads them by name too (docs/openapi.yaml HistoryEntry).
        QJsonObject names;
        for (const QJsonValue &id : changes.value(QLatin1String("assignedTo")).toArray()) {
            const QString name = userName(id.toString());
            if (!name.isEmpty())
                names.insert(id.toString(), name);
        }
        entries.append(QJsonObject{
            {QStringLiteral("seq"), query.value(0).toLongLong()},
            {QStringLiteral("at"), query.value(1).toString()},
            {QStringLiteral("actor"), query.value(2).toString()},
            {QStringLiteral("actorName"), jsonTextOrNull(query.value(6).toString())},
            {QStringLiteral("type"), query.value(3).toString()},
            {QStringLiteral("changes"), changes},
            {QStringLiteral("names"), names},
            {QStringLiteral("reason"), jsonTextOrNull(query.value(5).toString())},
        });
    }
    return entries;
}

namespace {

// The columns a write sets, in the order writableValues() gives their values.
const QStringList kWritableColumns{
    QStringLiteral("version"),           QStringLiteral("status"),
    QStringLiteral("assigned_to"),       QStringLiteral("due_at"),
    QStringLiteral("schedule_date"),     QStringLiteral("schedule_timezone"),
    QStringLiteral("schedule_window"),   QStringLiteral("updated_at"),
    QStringLiteral("updated_by"),        QStringLiteral("fields"),
    QStringLiteral("order_id"),          QStringLiteral("start_code"),
    QStringLiteral("completion_code"),   QStringLiteral("code_failures"),
    QStringLiteral("code_locked_until"),
};

QVariantList writableValues(const JobStore::Row &row)
{
    const Job &job = row.job;
    return {
        job.version,
        toWire(job.status),
        textOrNull(job.assignedTo),
        timeOrNull(job.dueAt),
        textOrNull(job.schedule ? job.schedule->date : QString()),
        textOrNull(job.schedule ? job.schedule->timezone : QString()),
        textOrNull(job.schedule ? job.schedule->window : QString()),
        toWireTime(job.updatedAt),
        job.updatedBy,
        QString::fromUtf8(QJsonDocument(job.fields).toJson(QJsonDocument::Compact)),
        // A column mirror of fields.orderId, so the database keeps order ids unique.
        textOrNull(job.text(FieldKey::OrderId)),
        textOrNull(job.codes ? job.codes->start : QString()),
        textOrNull(job.codes ? job.codes->completion : QString()),
        row.codeFailures,
        timeOrNull(row.codeLockedUntil),
    };
}

QString placeholders(qsizetype count)
{
    QStringList marks(count, QStringLiteral("?"));
    return marks.join(QStringLiteral(", "));
}

} // namespace

bool JobStore::insertRow(const Row &row, StoreError *error)
{
    QSqlQuery *query =
        m_queries.get(QStringLiteral("INSERT INTO jobs (id, created_at, idempotency_key, ") +
                      kWritableColumns.join(QStringLiteral(", ")) + QStringLiteral(") VALUES (") +
                      placeholders(3 + kWritableColumns.size()) + u')');
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return false;
    }
    const QVariantList values =
        QVariantList{row.job.id, toWireTime(row.job.createdAt), textOrNull(row.idempotencyKey)} +
        writableValues(row);
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    const bool ok = query->exec();
    const QSqlError sqlError = query->lastError();
    query->finish();
    if (!ok) {
        *error = isUniqueViolation(sqlError) ? makeError(StoreError::Kind::Conflict, "DUPLICATE",
                                                         QStringLiteral("duplicate"))
                                             : databaseError(sqlError);
        return false;
    }
    return true;
}

bool JobStore::writeRow(const Row &row, qint64 expectedVersion, bool *matched, StoreError *error)
{
    QSqlQuery *query = m_queries.get(QStringLiteral("UPDATE jobs SET ") +
                                     kWritableColumns.join(QStringLiteral(" = ?, ")) +
                                     QStringLiteral(" = ? WHERE id = ? AND version = ?"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return false;
    }
    const QVariantList values = writableValues(row) + QVariantList{row.job.id, expectedVersion};
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    const bool ok = query->exec();
    const QSqlError sqlError = query->lastError();
    *matched = ok && query->numRowsAffected() == 1;
    query->finish();
    if (!ok) {
        *error = isUniqueViolation(sqlError)
                     ? makeError(StoreError::Kind::Conflict, "ORDER_ID_TAKEN",
                                 QStringLiteral("Another job already has this order ID."),
                                 {{QStringLiteral("field"), QStringLiteral("orderId")}})
                     : databaseError(sqlError);
        return false;
    }
    return true;
}

bool JobStore::run(const QString &sql, const QVariantList &values, StoreError *error,
                   QVariant *firstValue)
{
    QSqlQuery *query = m_queries.get(sql);
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    bool ok = query->exec();
    if (ok && firstValue) {
        ok = query->next();
        if (ok)
            *firstValue = query->value(0);
    }
    if (!ok)
        *error = databaseError(query->lastError());
    query->finish();
    return ok;
}

bool JobStore::appendHistoryAndEvent(const AuthUser &actor, const QString &type,
                                     const QString &jobId, const std::optional<Row> &before,
                                     const std::optional<Row> &after, const QJsonObject &changes,
                                     const QString &reason, const QDateTime &at, StoreError *error,
                                     const QJsonObject &photo, qint64 *seqOut)
{
    // The counter row's lock serialises writers until commit, so commit order is seq order
    // and a reader that sees seq N sees every seq below it (gap-free resume).
    QVariant seq;
    if (!run(QStringLiteral("UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 "
                            "RETURNING last_seq"),
             {}, error, &seq))
        return false;

    if (!run(QStringLiteral("INSERT INTO history (seq, job_id, at, actor, type, changes, reason) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)"),
             {seq.toLongLong(), jobId, toWireTime(at), actor.id, type,
              QString::fromUtf8(QJsonDocument(changes).toJson(QJsonDocument::Compact)),
              textOrNull(reason)},
             error))
        return false;

    const QVariant nullText(QMetaType(QMetaType::QString));
    const QVariant etag =
        after ? QVariant(QString::fromLatin1(etagOf(after->job).toHeader())) : nullText;
    const QVariant job =
        after ? QVariant(QString::fromUtf8(
                    QJsonDocument(toJson(after->job)).toJson(QJsonDocument::Compact)))
              : nullText;
    const QVariant photoText =
        photo.isEmpty()
            ? nullText
            : QVariant(QString::fromUtf8(QJsonDocument(photo).toJson(QJsonDocument::Compact)));
    if (!run(QStringLiteral("INSERT INTO events (seq, type, job_id, at, actor, etag, job, "
                            "assignee_before, assignee_after, open_before, open_after, photo) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {seq.toLongLong(), type, jobId, toWireTime(at), actor.id, etag, job,
              textOrNull(before ? before->job.assignedTo : QString()),
              textOrNull(after ? after->job.assignedTo : QString()),
              before && isOpenOffer(before->job) ? 1 : 0, after && isOpenOffer(after->job) ? 1 : 0,
              photoText},
             error))
        return false;
    if (seqOut)
        *seqOut = seq.toLongLong();

    // Wakes the other dispatchd processes on this database at commit.
    if (m_db.dialect() == SqlDialect::Postgres) {
        QVariant ignored;
        return run(QStringLiteral("SELECT pg_notify('dispatch_events', ?)"),
                   {QString::number(seq.toLongLong())}, error, &ignored);
    }
    return true;
}

std::optional<Job> JobStore::lockForWrite(const QString &id, StoreError *error)
{
    const auto row = loadRow(id, error, RowLock::ForUpdate);
    if (!row)
        return std::nullopt;
    return row->job;
}

bool JobStore::appendJobEvent(const AuthUser &actor, const QString &type, const Job &job,
                              const QJsonObject &changes, const QString &reason,
                              const QJsonObject &photo, const QDateTime &at, qint64 *seq,
                              StoreError *error)
{
    Row row;
    row.job = job;
    return appendHistoryAndEvent(actor, type, job.id, row, row, changes, reason, at, error, photo,
                                 seq);
}

WriteResult JobStore::mutate(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                             IfMatchRule rule, const Gate &gate, const Planner &planner)
{
    WriteResult result;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        if (!m_db.beginWrite()) {
            result.error = databaseError(m_db.connection().lastError());
            return result;
        }
        StoreError error;
        const auto current = loadRow(id, &error, RowLock::ForUpdate);
        if (!current) {
            m_db.rollback();
            result.error = error;
            return result;
        }
        const GateVerdict verdict = gate(*current);
        if (verdict.error || verdict.unchanged) {
            m_db.rollback();
            result.error = verdict.error;
            if (verdict.unchanged)
                result.job = current->job;
            if (verdict.withCurrent)
                result.current = current->job;
            return result;
        }
        if (rule == IfMatchRule::Required && !ifMatch.isPresent()) {
            m_db.rollback();
            result.error =
                makeError(StoreError::Kind::PreconditionRequired, "PRECONDITION_REQUIRED",
                          QStringLiteral("This change needs If-Match with the ETag of "
                                         "the version it was based on."));
            return result;
        }
        if (ifMatch.isPresent() && !ifMatch.matchesStrongly(etagOf(current->job))) {
            m_db.rollback();
            result.error = makeError(StoreError::Kind::PreconditionFailed, "PRECONDITION_FAILED",
                                     QStringLiteral("The job was changed by someone else."));
            result.current = current->job;
            return result;
        }

        Plan plan = planner(*current);
        if (plan.error && plan.recordCodeFailure) {
            // The wrong code answers 403 only once its count is committed: a try that is not
            // counted is a free guess. A write that matched nothing means the row changed
            // since it was read (with the row lock it cannot, but the count must never rest
            // on that), so the try is evaluated again against the new state.
            bool matched = false;
            if (!writeRow(plan.next, current->job.version, &matched, &error)) {
                m_db.rollback();
                result.error = error;
                return result;
            }
            if (!matched) {
                m_db.rollback();
                continue;
            }
            if (!m_db.commit()) {
                result.error = databaseError(m_db.connection().lastError());
                m_db.rollback();
                return result;
            }
            result.error = plan.error;
            return result;
        }
        if (plan.error) {
            m_db.rollback();
            result.error = plan.error;
            return result;
        }
        if (plan.noop) {
            m_db.rollback();
            result.job = current->job;
            return result;
        }

        const QDateTime now = nowUtc();
        std::optional<Row> after;
        if (plan.deleteJob) {
            QSqlQuery query(m_db.connection());
            query.prepare(QStringLiteral("DELETE FROM jobs WHERE id = ? AND version = ?"));
            query.addBindValue(id);
            query.addBindValue(current->job.version);
            if (!query.exec()) {
                m_db.rollback();
                result.error = databaseError(query.lastError());
                return result;
            }
            if (query.numRowsAffected() != 1) {
                m_db.rollback();
                continue;
            }
        } else {
            plan.next.job.version = current->job.version + 1;
            plan.next.job.updatedAt = now;
            plan.next.job.updatedBy = actor.id;
            plan.next.job.updatedByName = actor.name;
            if (plan.next.job.assignedTo != current->job.assignedTo)
                plan.next.job.assignedToName = userName(plan.next.job.assignedTo);
            bool matched = false;
            if (!writeRow(plan.next, current->job.version, &matched, &error)) {
                m_db.rollback();
                result.error = error;
                return result;
            }
            if (!matched) {
                m_db.rollback();
                continue;
            }
            after = plan.next;
        }
        if (!appendHistoryAndEvent(actor, plan.eventType, id, current, after, plan.changes,
                                   plan.reason, now, &error)) {
            m_db.rollback();
            result.error = error;
            return result;
        }
        if (!m_db.commit()) {
            result.error = databaseError(m_db.connection().lastError());
            m_db.rollback();
            return result;
        }
        result.changed = true;
        if (after)
            result.job = after->job;
        if (m_onCommitted)
            m_onCommitted();
        return result;
    }
    result.error = makeError(StoreError::Kind::Unavailable, "SERVICE_UNAVAILABLE",
                             QStringLiteral("The job is changing too quickly; try again."));
    return result;
}

} // namespace dispatch::server
