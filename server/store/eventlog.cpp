#include "eventlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace dispatch::server {

namespace {

// The event log logs with its readers (events/eventstream), under one category.
Q_LOGGING_CATEGORY(lcEventLog, "dispatch.server.events")

constexpr int kPruneBatch = 5000;

/// The wire event `{"seq","type","jobId","at","actor","etag","job"}` (and `"photo"` for the
/// PHOTO_* types) from the columns seq, type, job_id, at, actor, etag, job, photo starting at
/// `column`.
QJsonObject eventObject(const QSqlQuery &query, int column)
{
    QJsonObject event;
    event.insert(QStringLiteral("seq"), query.value(column).toLongLong());
    event.insert(QStringLiteral("type"), query.value(column + 1).toString());
    event.insert(QStringLiteral("jobId"), query.value(column + 2).toString());
    event.insert(QStringLiteral("at"), query.value(column + 3).toString());
    event.insert(QStringLiteral("actor"), query.value(column + 4).toString());
    const QVariant etag = query.value(column + 5);
    event.insert(QStringLiteral("etag"),
                 etag.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(etag.toString()));
    QJsonValue job(QJsonValue::Null);
    const QVariant jobText = query.value(column + 6);
    if (!jobText.isNull()) {
        const QJsonDocument document = QJsonDocument::fromJson(jobText.toString().toUtf8());
        if (document.isObject())
            job = document.object();
        else
            qCWarning(lcEventLog) << "event" << query.value(column).toLongLong()
                                  << "has a job column that is not a JSON object";
    }
    event.insert(QStringLiteral("job"), job);
    const QVariant photoText = query.value(column + 7);
    if (!photoText.isNull()) {
        const QJsonDocument photo = QJsonDocument::fromJson(photoText.toString().toUtf8());
        if (photo.isObject())
            event.insert(QStringLiteral("photo"), photo.object());
    }
    return event;
}

/// Pros never see the start and completion codes (docs/openapi.yaml "Status machine").
bool stripCodes(QJsonObject &event)
{
    QJsonObject job = event.value(QStringLiteral("job")).toObject();
    if (!job.contains(QStringLiteral("codes")))
        return false;
    job.remove(QStringLiteral("codes"));
    event.insert(QStringLiteral("job"), job);
    return true;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

EventLog::EventLog(Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] { pruneNow(); });
}

EventLog::~EventLog() = default;

void EventLog::setPruneInterval(int intervalMs)
{
    m_pruneTimer.start(intervalMs);
}

EventLog::Page EventLog::readPage(const AuthUser &user, qint64 after, int limit)
{
    Page page;
    const QString visible = user.isOffice()
                                ? QString()
                                : QStringLiteral(" AND (open_before = 1 OR open_after = 1 OR "
                                                 "assignee_before = ? OR assignee_after = ?)");
    // Four parts, one statement: the oldest retained seq, the head, the highest visible seq
    // at or below `after` (lastSeq of an empty page), and the page itself. Every part walks
    // the primary key, so an idle poll is a handful of index probes.
    const QString sql =
        QStringLiteral("SELECT 0 AS part, MIN(seq) AS seq, NULL AS type, NULL AS job_id, NULL AS "
                       "at, NULL AS actor, NULL AS etag, NULL AS job, NULL AS photo FROM events"
                       " UNION ALL SELECT 1, last_seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
                       "FROM event_counter WHERE id = 1"
                       " UNION ALL SELECT * FROM (SELECT 2 AS part, seq, NULL AS type, NULL AS "
                       "job_id, NULL AS at, NULL AS actor, NULL AS etag, NULL AS job, NULL AS "
                       "photo FROM events WHERE seq <= ?") %
        visible %
        QStringLiteral(" ORDER BY seq DESC LIMIT 1) AS floor_row"
                       " UNION ALL SELECT * FROM (SELECT 3 AS part, seq, type, job_id, at, actor, "
                       "etag, job, photo FROM events WHERE seq > ?") %
        visible % QStringLiteral(" ORDER BY seq LIMIT ?) AS page_rows");

    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        page.error = query.lastError().text();
        return page;
    }
    query.addBindValue(after);
    if (!user.isOffice()) {
        query.addBindValue(user.id);
        query.addBindValue(user.id);
    }
    query.addBindValue(after);
    if (!user.isOffice()) {
        query.addBindValue(user.id);
        query.addBindValue(user.id);
    }
    query.addBindValue(limit);
    if (!query.exec()) {
        page.error = query.lastError().text();
        return page;
    }
    while (query.next()) {
        switch (query.value(0).toInt()) {
        case 0:
            if (!query.value(1).isNull())
                page.oldest = query.value(1).toLongLong();
            break;
        case 1:
            page.head = query.value(1).toLongLong();
            break;
        case 2:
            page.floor = query.value(1).toLongLong();
            break;
        default: {
            QJsonObject event = eventObject(query, 1);
            if (!user.isOffice())
                stripCodes(event);
            page.events.emplace_back(query.value(1).toLongLong(), compact(event));
            break;
        }
        }
    }
    // The compound parts come back in any order the database likes; the page must be in
    // seq order.
    std::sort(page.events.begin(), page.events.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    query.finish(); // an unfinished SELECT pins SQLite's snapshot (measured with Qt 6.4)
    page.ok = true;
    return page;
}

std::optional<std::vector<EventLog::Event>> EventLog::readAfter(qint64 after, int limit,
                                                                QString *error)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT seq, type, job_id, at, actor, etag, job, photo, assignee_before, assignee_after, "
        "open_before, open_after FROM events WHERE seq > ? ORDER BY seq LIMIT ?"));
    query.addBindValue(after);
    query.addBindValue(limit);
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return std::nullopt;
    }
    std::vector<Event> events;
    while (query.next()) {
        Event event;
        event.seq = query.value(0).toLongLong();
        QJsonObject object = eventObject(query, 0);
        event.officeText = QString::fromUtf8(compact(object));
        event.proText = stripCodes(object) ? QString::fromUtf8(compact(object)) : event.officeText;
        event.assigneeBefore = query.value(8).toString();
        event.assigneeAfter = query.value(9).toString();
        event.openBefore = query.value(10).toInt() != 0;
        event.openAfter = query.value(11).toInt() != 0;
        events.push_back(std::move(event));
    }
    query.finish();
    return events;
}

void EventLog::setRetention(qint64 keepEvents)
{
    m_retention = std::max<qint64>(1, keepEvents);
}

qint64 EventLog::pruneNow()
{
    QSqlDatabase db = m_db.connection();
    qint64 head = 0;
    {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT last_seq FROM event_counter WHERE id = 1")) ||
            !query.next()) {
            qCWarning(lcEventLog) << "cannot read the event counter:" << query.lastError().text();
            return -1;
        }
        head = query.value(0).toLongLong();
    }
    const qint64 cut = head - m_retention;
    if (cut <= 0)
        return 0;
    // Small batches: on SQLite each DELETE holds the write lock only briefly.
    qint64 total = 0;
    for (;;) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM events WHERE seq IN (SELECT seq FROM events "
                                     "WHERE seq <= ? ORDER BY seq LIMIT ?)"));
        query.addBindValue(cut);
        query.addBindValue(kPruneBatch);
        if (!query.exec()) {
            qCWarning(lcEventLog) << "cannot prune events:" << query.lastError().text();
            return -1;
        }
        const int deleted = query.numRowsAffected();
        total += deleted;
        if (deleted < kPruneBatch)
            break;
    }
    if (total > 0)
        qCInfo(lcEventLog) << "pruned" << total << "events up to seq" << cut;
    return total;
}

bool EventLog::listenForNotifications(const DatabaseConfig &config, QString *error)
{
    if (config.dialect != SqlDialect::Postgres)
        return true; // one process owns a SQLite database; notifyCommitted() covers it
    auto db = std::make_unique<Database>();
    const QString name =
        QStringLiteral("dispatch.events.listen.%1").arg(reinterpret_cast<quintptr>(this), 0, 16);
    if (!db->open(config, name, error))
        return false;
    QSqlDriver *driver = db->connection().driver();
    if (!driver->subscribeToNotification(QStringLiteral("dispatch_events")) ||
        !driver->subscribeToNotification(QStringLiteral("dispatch_revocations"))) {
        if (error)
            *error =
                QStringLiteral("LISTEN dispatch_events failed: %1").arg(driver->lastError().text());
        return false;
    }
    // dispatch_events: the payload is the seq; reading from the hub's last seq covers every
    // NOTIFY at once. dispatch_revocations: a token or a user's tokens were revoked.
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name == QLatin1String("dispatch_revocations"))
                    emit revocationNotified(payload.toString());
                else
                    emit committed();
            });
    m_listenDb = std::move(db);
    qCInfo(lcEventLog) << "listening for dispatch_events notifications";
    return true;
}

} // namespace dispatch::server
