#include "timelinemodel.h"

#include "customerhours.h"
#include "joblistmodel.h"

#include <addresszone.h>
#include <fieldkeys.h>
#include <priorityscore.h>
#include <zonedtime.h>

#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace dispatch::ui {

namespace {

/// Beyond this many rows in one dataChanged a full rebuild is cheaper than one place() each.
constexpr int kIncrementalLimit = 64;

bool isShown(JobStatus status)
{
    return status != JobStatus::Cancelled && status != JobStatus::Expired;
}

bool isDone(JobStatus status)
{
    return isFinal(status) || status == JobStatus::CompletedByPro ||
           status == JobStatus::AwaitingCustomerConfirm;
}

} // namespace

TimelineModel::TimelineModel(JobListModel *jobs, QObject *parent)
    : QObject(parent)
    , m_jobs(jobs)
{
    connect(jobs, &QAbstractItemModel::modelReset, this, [this] {
        updateHomePlaces();
        rebuild();
    });
    connect(jobs, &QAbstractItemModel::dataChanged, this, &TimelineModel::onDataChanged);
    connect(jobs, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    place(m_jobs->jobAt(row));
                Q_EMIT changed();
            });
    connect(jobs, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    unplace(m_jobs->jobAt(row).id);
                Q_EMIT changed();
            });
}

void TimelineModel::setPros(const QList<User> &users)
{
    QList<User> pros;
    for (const User &user : users) {
        if (user.isPro() && user.active)
            pros.append(user);
    }
    std::stable_sort(pros.begin(), pros.end(), [](const User &a, const User &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    m_rows.clear();
    m_proRows.clear();
    for (const User &pro : std::as_const(pros)) {
        m_proRows.insert(pro.id, int(m_rows.size()));
        m_rows.append(TimelineRow{pro, {}, {}, {}, {}});
    }
    updateHomePlaces();
    rebuild();
}

void TimelineModel::setRange(const QDateTime &start, const QDateTime &end, const QTimeZone &zone)
{
    m_startMs = start.toMSecsSinceEpoch();
    m_endMs = end.toMSecsSinceEpoch();
    m_dayStartsMs.clear();
    const QDate first = start.toTimeZone(zone).date();
    for (int day = 1;; ++day) {
        const qint64 midnight =
            QDateTime(first.addDays(day), QTime(0, 0), zone).toMSecsSinceEpoch();
        if (midnight >= m_endMs)
            break;
        m_dayStartsMs.append(midnight);
    }
    rebuild();
}

qsizetype TimelineModel::dayOf(qint64 ms) const
{
    return std::upper_bound(m_dayStartsMs.cbegin(), m_dayStartsMs.cend(), ms) -
           m_dayStartsMs.cbegin();
}

const TimelineBlock *TimelineModel::block(const QString &jobId) const
{
    const int row = rowOfJob(jobId);
    if (row < 0)
        return nullptr;
    for (const TimelineBlock &block : m_rows.at(row).blocks) {
        if (block.jobId == jobId)
            return &block;
    }
    return nullptr;
}

std::optional<std::pair<QDateTime, QDateTime>> TimelineModel::windowUtc(const JobSchedule &schedule)
{
    return windowUtc(schedule, QTimeZone(schedule.timezone.toUtf8()));
}

std::optional<std::pair<QDateTime, QDateTime>> TimelineModel::windowUtc(const JobSchedule &schedule,
                                                                        const QTimeZone &zone)
{
    if (!zone.isValid() || schedule.window.size() != 11 || schedule.window.at(5) != u'-')
        return std::nullopt;
    const QDate date = QDate::fromString(schedule.date, Qt::ISODate);
    const QString format = QStringLiteral("HH:mm");
    const QTime start = QTime::fromString(schedule.window.left(5), format);
    const QTime end = QTime::fromString(schedule.window.mid(6, 5), format);
    if (!date.isValid() || !start.isValid() || !end.isValid() || start >= end)
        return std::nullopt;
    return std::make_pair(zonedTimeToUtc(date, start, zone), zonedTimeToUtc(date, end, zone));
}

const QTimeZone &TimelineModel::zoneFor(const QString &id) const
{
    auto it = m_zones.find(id);
    if (it == m_zones.end())
        it = m_zones.insert(id, QTimeZone(id.toUtf8()));
    return *it;
}

std::optional<TimelineBlock> TimelineModel::blockFor(const Job &job, qint64 nowMs) const
{
    if (job.assignedTo.isEmpty() || !job.schedule || !isShown(job.status) ||
        !m_proRows.contains(job.assignedTo))
        return std::nullopt;
    const auto window = windowUtc(*job.schedule, zoneFor(job.schedule->timezone));
    if (!window)
        return std::nullopt;
    TimelineBlock block;
    block.jobId = job.id;
    block.startMs = window->first.toMSecsSinceEpoch();
    block.endMs = window->second.toMSecsSinceEpoch();
    block.status = job.status;
    if (block.endMs <= m_startMs || block.startMs >= m_endMs)
        return std::nullopt;
    block.overdue = block.endMs < nowMs && !isDone(job.status);
    block.outsideHours = customerhours::outside(*job.schedule);
    block.geo = geoFromJson(job.fields.value(FieldKey::Geo));
    return block;
}

void TimelineModel::rebuild()
{
    m_jobRows.clear();
    for (TimelineRow &row : m_rows)
        row.blocks.clear();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int index = 0, count = m_jobs->rowCount(); index < count; ++index) {
        const Job &job = m_jobs->jobAt(index);
        if (auto block = blockFor(job, now)) {
            const int row = m_proRows.value(job.assignedTo);
            m_rows[row].blocks.append(*block);
            m_jobRows.insert(job.id, row);
        }
    }
    for (TimelineRow &row : m_rows) {
        std::sort(
            row.blocks.begin(), row.blocks.end(),
            [](const TimelineBlock &a, const TimelineBlock &b) { return a.startMs < b.startMs; });
        markRow(row);
    }
    Q_EMIT changed();
}

void TimelineModel::unplace(const QString &jobId)
{
    const int row = m_jobRows.value(jobId, -1);
    m_jobRows.remove(jobId);
    if (row >= 0 && row < m_rows.size()) {
        auto &blocks = m_rows[row].blocks;
        blocks.removeIf([&jobId](const TimelineBlock &block) { return block.jobId == jobId; });
        markRow(m_rows[row]);
    }
}

void TimelineModel::place(const Job &job)
{
    if (m_jobRows.contains(job.id))
        unplace(job.id);
    const auto block = blockFor(job, QDateTime::currentMSecsSinceEpoch());
    if (!block)
        return;
    const int row = m_proRows.value(job.assignedTo);
    auto &blocks = m_rows[row].blocks;
    const auto at = std::lower_bound(
        blocks.begin(), blocks.end(), block->startMs,
        [](const TimelineBlock &existing, qint64 start) { return existing.startMs < start; });
    blocks.insert(at, *block);
    m_jobRows.insert(job.id, row);
    markRow(m_rows[row]);
}

void TimelineModel::updateHomePlaces()
{
    struct Place {
        GeoPoint geo;
        QString name;
    };
    QList<Place> places;
    for (int index = 0, count = m_jobs->rowCount(); index < count; ++index) {
        const Job &job = m_jobs->jobAt(index);
        if (const auto geo = geoFromJson(job.fields.value(FieldKey::Geo))) {
            if (const QString name = addressPlace(job); !name.isEmpty())
                places.append(Place{*geo, name});
        }
    }
    for (TimelineRow &row : m_rows) {
        row.homePlace.clear();
        row.homePlaceMiles.reset();
        if (!row.pro.home)
            continue;
        for (const Place &place : std::as_const(places)) {
            const double miles = haversineMiles(*row.pro.home, place.geo);
            if (miles <= kHomePlaceMiles && (!row.homePlaceMiles || miles < *row.homePlaceMiles)) {
                row.homePlace = place.name;
                row.homePlaceMiles = miles;
            }
        }
    }
}

void TimelineModel::markRow(TimelineRow &row) const
{
    row.perDay.fill(0, m_dayStartsMs.size() + 1);
    qint64 busyUntil = std::numeric_limits<qint64>::min();
    const TimelineBlock *previous = nullptr;
    for (TimelineBlock &block : row.blocks) {
        ++row.perDay[dayOf(block.startMs)];
        block.overlaps = block.startMs < busyUntil;
        busyUntil = std::max(busyUntil, block.endMs);
        block.milesFromPrevious.reset();
        if (previous && previous->geo && block.geo &&
            dayOf(previous->startMs) == dayOf(block.startMs))
            block.milesFromPrevious = haversineMiles(*previous->geo, *block.geo);
        previous = &block;
    }
}

void TimelineModel::onDataChanged(const QModelIndex &top, const QModelIndex &bottom)
{
    if (!top.isValid() || bottom.row() - top.row() >= kIncrementalLimit) {
        rebuild();
        return;
    }
    for (int row = top.row(); row <= bottom.row(); ++row)
        place(m_jobs->jobAt(row));
    Q_EMIT changed();
}

} // namespace dispatch::ui
