#include "photostore.h"

#include "jobstore_p.h"

#include "fieldkeys.h"
#include "randomid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace dispatch::server {

using namespace storedetail;

namespace {

const QString kPhotoColumns = QStringLiteral(
    "p.id, p.job_id, p.sha256, p.filename, p.content_type, p.bytes, p.width, p.height, "
    "p.uploaded_by, p.created_at, p.version, p.review_state, p.reviewed_by, p.reviewed_at, "
    "p.review_note, u.name, r.name, p.added_seq");
/// The users who uploaded and reviewed, so a client never shows a bare id.
const QString kPhotoFrom =
    QStringLiteral(" FROM photos p LEFT JOIN users u ON u.id = p.uploaded_by "
                   "LEFT JOIN users r ON r.id = p.reviewed_by");
constexpr int kPhotoColumnCount = 18;

Photo photoFromQuery(const QSqlQuery &query)
{
    Photo photo;
    photo.id = query.value(0).toString();
    photo.jobId = query.value(1).toString();
    photo.sha256 = query.value(2).toString();
    photo.filename = query.value(3).toString();
    photo.contentType = query.value(4).toString();
    photo.bytes = query.value(5).toLongLong();
    photo.width = query.value(6).toInt();
    photo.height = query.value(7).toInt();
    photo.uploadedBy = query.value(8).toString();
    photo.createdAt = timeFromWire(query.value(9).toString());
    photo.version = query.value(10).toInt();
    photo.review.state =
        photoReviewStateFromWire(query.value(11).toString()).value_or(PhotoReviewState::Pending);
    photo.review.by = query.value(12).toString();
    photo.review.at = timeFromWire(query.value(13).toString());
    photo.review.note = query.value(14).toString();
    photo.uploadedByName = query.value(15).toString();
    photo.review.byName = query.value(16).toString();
    return photo;
}

/// Reads the (job id, count) rows of an executed grouped count into `counts`.
void readCounts(QSqlQuery &query, QHash<QString, int> *counts)
{
    while (query.next())
        counts->insert(query.value(0).toString(), query.value(1).toInt());
    query.finish();
}

StoreError photoNotFound()
{
    return makeError(StoreError::Kind::NotFound, "NOT_FOUND",
                     QStringLiteral("There is no such photo."));
}

/// Cursors are the added_seq of the last row of a page, opaque to clients.
QString encodeCursor(qint64 seq)
{
    return QString::fromLatin1(
        QByteArray("p" + QByteArray::number(seq))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith('p'))
        return std::nullopt;
    bool ok = false;
    const qint64 seq = decoded.decoded.mid(1).toLongLong(&ok);
    return ok ? std::optional<qint64>(seq) : std::nullopt;
}

QJsonValue textOrJsonNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

PhotoStore::PhotoStore(Database &db, JobStore &jobs, std::function<void()> onCommitted)
    : m_db(db)
    , m_jobs(jobs)
    , m_queries(db)
    , m_onCommitted(std::move(onCommitted))
{}

std::optional<StoreError> PhotoStore::uploadRefusal(const Job &job, const AuthUser &user)
{
    // docs/openapi.yaml "Photos": the office uploads to every job, a pro to their own only.
    if (user.isOffice() || job.assignedTo == user.id)
        return std::nullopt;
    if (JobStore::isVisibleTo(job, user))
        return forbidden(QStringLiteral("Pros add photos to their own jobs only."));
    return notFound();
}

std::optional<Photo> PhotoStore::selectOne(const QString &condition, const QVariantList &values,
                                           StoreError *error)
{
    QSqlQuery *query = m_queries.get(QStringLiteral("SELECT ") + kPhotoColumns + kPhotoFrom +
                                     QStringLiteral(" WHERE ") + condition);
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values[i]);
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    if (!query->next()) {
        query->finish();
        *error = photoNotFound();
        return std::nullopt;
    }
    Photo photo = photoFromQuery(*query);
    query->finish();
    return photo;
}

std::optional<Photo> PhotoStore::find(const QString &id, StoreError *error)
{
    return selectOne(QStringLiteral("p.id = ?"), {id}, error);
}

std::optional<QList<Photo>> PhotoStore::listForJob(const QString &jobId, StoreError *error)
{
    QSqlQuery *query = m_queries.get(QStringLiteral("SELECT ") + kPhotoColumns + kPhotoFrom +
                                     QStringLiteral(" WHERE p.job_id = ? ORDER BY p.added_seq"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, jobId);
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    QList<Photo> photos;
    while (query->next())
        photos.append(photoFromQuery(*query));
    query->finish();
    return photos;
}

std::optional<int> PhotoStore::countForJob(const QString &jobId, StoreError *error)
{
    QSqlQuery *query =
        m_queries.get(QStringLiteral("SELECT COUNT(*) FROM photos WHERE job_id = ?"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    query->bindValue(0, jobId);
    if (!query->exec() || !query->next()) {
        *error = databaseError(query->lastError());
        query->finish();
        return std::nullopt;
    }
    const int count = query->value(0).toInt();
    query->finish();
    return count;
}

std::optional<QHash<QString, int>> PhotoStore::countsForJobs(const QStringList &jobIds,
                                                             StoreError *error)
{
    QHash<QString, int> counts;
    if (!selectInSlices(
            m_db.connection(),
            QStringLiteral(
                "SELECT job_id, COUNT(*) FROM photos WHERE job_id IN (%1) GROUP BY job_id"),
            jobIds, [&counts](QSqlQuery &query) { readCounts(query, &counts); }, error))
        return std::nullopt;
    return counts;
}

std::optional<QHash<QString, int>> PhotoStore::countsForOpenOffers(StoreError *error)
{
    QSqlQuery *query = m_queries.get(
        QStringLiteral("SELECT job_id, COUNT(*) FROM photos WHERE job_id IN (SELECT id FROM jobs "
                       "WHERE ") +
        kOpenOfferSql + QStringLiteral(") GROUP BY job_id"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    QHash<QString, int> counts;
    readCounts(*query, &counts);
    return counts;
}

PhotoQueuePage PhotoStore::queue(std::optional<PhotoReviewState> state, int limit,
                                 const QString &cursor)
{
    PhotoQueuePage page;
    QString sql = QStringLiteral("SELECT ") + kPhotoColumns + QStringLiteral(", j.fields") +
                  kPhotoFrom + QStringLiteral(" JOIN jobs j ON j.id = p.job_id WHERE 1 = 1");
    QVariantList binds;
    if (state) {
        sql += QStringLiteral(" AND p.review_state = ?");
        binds.append(toWire(*state));
    }
    if (!cursor.isEmpty()) {
        const auto after = decodeCursor(cursor);
        if (!after) {
            page.error = makeError(StoreError::Kind::Invalid, "BAD_REQUEST",
                                   QStringLiteral("The cursor is not valid."));
            return page;
        }
        sql += QStringLiteral(" AND p.added_seq > ?");
        binds.append(*after);
    }
    sql += QStringLiteral(" ORDER BY p.added_seq LIMIT ?");
    binds.append(limit + 1);

    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &bind : std::as_const(binds))
        query.addBindValue(bind);
    if (!query.exec()) {
        page.error = databaseError(query.lastError());
        return page;
    }
    qint64 lastSeq = 0;
    while (query.next()) {
        if (page.items.size() == limit) {
            page.nextCursor = encodeCursor(lastSeq);
            break;
        }
        PhotoQueueItem item;
        item.photo = photoFromQuery(query);
        item.job.id = item.photo.jobId;
        item.job.fields =
            QJsonDocument::fromJson(query.value(kPhotoColumnCount).toByteArray()).object();
        lastSeq = query.value(17).toLongLong();
        page.items.append(std::move(item));
    }
    return page;
}

std::optional<QHash<PhotoReviewState, int>> PhotoStore::countsByState(StoreError *error)
{
    QSqlQuery *query = m_queries.get(
        QStringLiteral("SELECT review_state, COUNT(*) FROM photos GROUP BY review_state"));
    if (!query) {
        *error = databaseError(m_db.connection().lastError());
        return std::nullopt;
    }
    if (!query->exec()) {
        *error = databaseError(query->lastError());
        return std::nullopt;
    }
    QHash<PhotoReviewState, int> counts{{PhotoReviewState::Pending, 0},
                                        {PhotoReviewState::Approved, 0},
                                        {PhotoReviewState::Flagged, 0}};
    while (query->next()) {
        if (const auto state = photoReviewStateFromWire(query->value(0).toString()))
            counts[*state] = query->value(1).toInt();
    }
    query->finish();
    return counts;
}

std::optional<QSet<QString>> PhotoStore::referencedHashes(StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT DISTINCT sha256 FROM photos"))) {
        *error = databaseError(query.lastError());
        return std::nullopt;
    }
    QSet<QString> hashes;
    while (query.next())
        hashes.insert(query.value(0).toString());
    return hashes;
}

std::optional<Photo> PhotoStore::findDuplicate(const QString &jobId, const QString &sha256,
                                               StoreError *error)
{
    return selectOne(QStringLiteral("p.job_id = ? AND p.sha256 = ?"), {jobId, sha256}, error);
}

std::optional<Photo> PhotoStore::loadForWrite(const QString &id, StoreError *error)
{
    // PostgreSQL: the photo's row is locked until commit, so two reviews with the same ETag
    // are one after the other and the second sees the first's version (412).
    return selectOne(m_db.dialect() == SqlDialect::Postgres
                         ? QStringLiteral("p.id = ? FOR UPDATE OF p")
                         : QStringLiteral("p.id = ?"),
                     {id}, error);
}

PhotoWriteResult PhotoStore::add(const AuthUser &actor, const NewPhoto &upload)
{
    PhotoWriteResult result;
    if (!m_db.beginWrite()) {
        result.error = databaseError(m_db.connection().lastError());
        return result;
    }
    const auto fail = [&](StoreError error) {
        m_db.rollback();
        result.error = std::move(error);
        return result;
    };
    // The job's row is locked (PostgreSQL) or the database's writer slot held (SQLite) until
    // commit: every upload to this job waits here, so the count and the duplicate check below
    // see every photo committed before, and exactly kMaxPhotosPerJob ever land.
    StoreError error;
    const auto job = m_jobs.lockForWrite(upload.jobId, &error);
    if (!job)
        return fail(error);
    if (const auto refusal = uploadRefusal(*job, actor))
        return fail(*refusal);
    result.job = job;
    if (const auto existing = findDuplicate(upload.jobId, upload.sha256, &error)) {
        m_db.rollback();
        result.photo = existing;
        result.duplicate = true;
        return result;
    }
    if (error.kind != StoreError::Kind::NotFound)
        return fail(error);
    const auto count = countForJob(upload.jobId, &error);
    if (!count)
        return fail(error);
    if (*count >= kMaxPhotosPerJob)
        return fail(
            makeError(StoreError::Kind::Conflict, "PHOTO_LIMIT",
                      QStringLiteral("A job holds at most %1 photos.").arg(kMaxPhotosPerJob),
                      {{QStringLiteral("limit"), kMaxPhotosPerJob}}));

    Photo photo;
    photo.id = randomId(u"p_");
    photo.jobId = upload.jobId;
    photo.sha256 = upload.sha256;
    photo.filename = upload.filename;
    photo.contentType = upload.contentType;
    photo.bytes = upload.bytes;
    photo.width = upload.width;
    photo.height = upload.height;
    photo.uploadedBy = actor.id;
    photo.uploadedByName = actor.name;
    photo.createdAt = nowUtc();
    photo.version = 1;

    qint64 seq = 0;
    const QJsonObject changes{
        {QStringLiteral("photo"), QJsonArray{QJsonValue::Null, photo.id}},
        {QStringLiteral("filename"), QJsonArray{QJsonValue::Null, photo.filename}},
    };
    if (!m_jobs.appendJobEvent(actor, QStringLiteral("PHOTO_ADDED"), *job, changes, QString(),
                               toJson(photo), photo.createdAt, &seq, &error))
        return fail(error);

    QSqlQuery *insert = m_queries.get(QStringLiteral(
        "INSERT INTO photos (id, job_id, sha256, filename, content_type, bytes, width, height, "
        "uploaded_by, created_at, added_seq, version, review_state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'pending')"));
    if (!insert)
        return fail(databaseError(m_db.connection().lastError()));
    const QVariantList values{
        photo.id,    photo.jobId, photo.sha256, photo.filename,   photo.contentType,
        photo.bytes, photo.width, photo.height, photo.uploadedBy, toWireTime(photo.createdAt),
        seq};
    for (qsizetype i = 0; i < values.size(); ++i)
        insert->bindValue(int(i), values[i]);
    const bool inserted = insert->exec();
    const QSqlError insertError = insert->lastError();
    insert->finish();
    if (!inserted) {
        m_db.rollback();
        // Only a writer that skipped the job's lock could get here; the constraint still
        // keeps one row per (job, bytes), and the answer is the duplicate's.
        if (isUniqueViolation(insertError)) {
            if (auto existing = findDuplicate(upload.jobId, upload.sha256, &error)) {
                result.photo = existing;
                result.duplicate = true;
                return result;
            }
        }
        result.error = databaseError(insertError);
        return result;
    }
    if (!m_db.commit()) {
        const QSqlError commitError = m_db.connection().lastError();
        m_db.rollback();
        result.error = databaseError(commitError);
        return result;
    }
    result.photo = photo;
    result.created = true;
    result.changed = true;
    if (m_onCommitted)
        m_onCommitted();
    return result;
}

PhotoWriteResult PhotoStore::review(const AuthUser &actor, const QString &id,
                                    const EtagCondition &ifMatch, PhotoReviewState state,
                                    const QString &note)
{
    PhotoWriteResult result;
    if (!m_db.beginWrite()) {
        result.error = databaseError(m_db.connection().lastError());
        return result;
    }
    const auto fail = [&](StoreError error) {
        m_db.rollback();
        result.error = std::move(error);
        return result;
    };
    StoreError error;
    const auto current = loadForWrite(id, &error);
    if (!current)
        return fail(error);
    if (!ifMatch.isPresent())
        return fail(makeError(StoreError::Kind::PreconditionRequired, "PRECONDITION_REQUIRED",
                              QStringLiteral("A review needs If-Match with the ETag of the "
                                             "photo it was based on.")));
    if (!ifMatch.matchesStrongly(current->etag())) {
        result.current = current;
        return fail(makeError(StoreError::Kind::PreconditionFailed, "PRECONDITION_FAILED",
                              QStringLiteral("The photo was reviewed by someone else.")));
    }

    Photo next = *current;
    next.review = PhotoReview{};
    next.review.state = state;
    if (state != PhotoReviewState::Pending) {
        // `pending` undoes a decision: no one, no time, no note.
        next.review.by = actor.id;
        next.review.byName = actor.name;
        next.review.at = nowUtc();
        next.review.note = note;
    }
    if (next.review.state == current->review.state && next.review.note == current->review.note) {
        // The same decision again commits nothing: same version, same ETag.
        m_db.rollback();
        result.photo = current;
        return result;
    }
    next.version = current->version + 1;

    QSqlQuery *update = m_queries.get(
        QStringLiteral("UPDATE photos SET version = ?, review_state = ?, reviewed_by = ?, "
                       "reviewed_at = ?, review_note = ? WHERE id = ? AND version = ?"));
    if (!update)
        return fail(databaseError(m_db.connection().lastError()));
    const QVariantList values{next.version,
                              toWire(next.review.state),
                              textOrNull(next.review.by),
                              next.review.at.isValid() ? QVariant(toWireTime(next.review.at))
                                                       : QVariant(QMetaType(QMetaType::QString)),
                              textOrNull(next.review.note),
                              next.id,
                              current->version};
    for (qsizetype i = 0; i < values.size(); ++i)
        update->bindValue(int(i), values[i]);
    const bool ok = update->exec();
    const QSqlError updateError = update->lastError();
    const bool matched = ok && update->numRowsAffected() == 1;
    update->finish();
    if (!ok)
        return fail(databaseError(updateError));
    if (!matched) {
        // Another review committed between the read and the write (SQLite readers without
        // the row lock): the tag the client had is no longer current.
        m_db.rollback();
        StoreError readError;
        result.current = find(id, &readError);
        result.error = makeError(StoreError::Kind::PreconditionFailed, "PRECONDITION_FAILED",
                                 QStringLiteral("The photo was reviewed by someone else."));
        return result;
    }

    const auto job = m_jobs.find(next.jobId, &error);
    if (!job)
        return fail(error);
    QJsonObject changes{
        {QStringLiteral("photo"), QJsonArray{next.id, next.id}},
        {QStringLiteral("filename"), QJsonArray{next.filename, next.filename}},
        {QStringLiteral("review"),
         QJsonArray{toWire(current->review.state), toWire(next.review.state)}},
    };
    if (next.review.note != current->review.note)
        changes.insert(QStringLiteral("note"), QJsonArray{textOrJsonNull(current->review.note),
                                                          textOrJsonNull(next.review.note)});
    if (!m_jobs.appendJobEvent(actor, QStringLiteral("PHOTO_REVIEWED"), *job, changes,
                               next.review.note, toJson(next), nowUtc(), nullptr, &error))
        return fail(error);
    if (!m_db.commit()) {
        const QSqlError commitError = m_db.connection().lastError();
        m_db.rollback();
        result.error = databaseError(commitError);
        return result;
    }
    result.photo = next;
    result.job = job;
    result.changed = true;
    if (m_onCommitted)
        m_onCommitted();
    return result;
}

} // namespace dispatch::server
