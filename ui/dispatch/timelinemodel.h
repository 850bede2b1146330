#pragma once

#include <geopoint.h>
#include <job.h>
#include <user.h>

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimeZone>

#include <optional>

namespace dispatch {
class JobListModel;
}

namespace dispatch::ui {

/// One job on the dispatch board's timeline: where its window lies (UTC milliseconds).
struct TimelineBlock {
    QString jobId;
    qint64 startMs = 0;
    qint64 endMs = 0;
    JobStatus status = JobStatus::Scheduled;
    bool overdue = false;  ///< the window has passed and the job is not done
    bool overlaps = false; ///< starts before an earlier job of the same pro has ended
    /// The window is outside the customer's hours in their own zone (customerhours.h).
    bool outsideHours = false;
    std::optional<GeoPoint> geo; ///< the job's `fields.geo`
    /// Great-circle miles from the pro's previous job that day (the block before it in the
    /// row, starting the same day in the view's zone); nothing when either has no geo.
    std::optional<double> milesFromPrevious;
};

/// One active pro and their jobs in the shown range, sorted by start.
struct TimelineRow {
    User pro;
    QList<TimelineBlock> blocks;
    /// How many of the blocks start on each day of the range (in the view's zone).
    QList<int> perDay;
    /// The town of the job nearest the pro's home that names one ("Round Rock, TX"), when
    /// it is within kHomePlaceMiles; empty otherwise (the view then shows the coordinates).
    QString homePlace;
    std::optional<double> homePlaceMiles; ///< how far that job is from home
};

/// The dispatch board's rows and blocks, read from the board's JobListModel (the same jobs,
/// no second cache): one row per active pro, and for each the jobs assigned to them whose
/// schedule window falls in the shown range. It follows the model's signals, so an event that
/// moves a job moves its block; a change to a few rows updates only their blocks. Qt Core only.
class TimelineModel final : public QObject {
    Q_OBJECT
public:
    /// A town further than this from a pro's home does not name their home area.
    static constexpr double kHomePlaceMiles = 15.0;

    explicit TimelineModel(JobListModel *jobs, QObject *parent = nullptr);

    JobListModel *jobs() const { return m_jobs; }

    /// The pros (other users and deactivated pros are left out), sorted by name.
    void setPros(const QList<User> &users);
    /// [start, end) in UTC; blocks outside are not kept. `zone` tells where a day begins (for
    /// the distance from the previous job that day).
    void setRange(const QDateTime &start, const QDateTime &end,
                  const QTimeZone &zone = QTimeZone::utc());
    QDateTime rangeStart() const { return QDateTime::fromMSecsSinceEpoch(m_startMs, Qt::UTC); }
    QDateTime rangeEnd() const { return QDateTime::fromMSecsSinceEpoch(m_endMs, Qt::UTC); }

    int rowCount() const { return int(m_rows.size()); }
    const TimelineRow &row(int index) const { return m_rows.at(index); }
    /// -1 when the pro has no row.
    int rowOfPro(const QString &proId) const { return m_proRows.value(proId, -1); }
    /// The row showing the job, -1 when it is not on the timeline.
    int rowOfJob(const QString &jobId) const { return m_jobRows.value(jobId, -1); }
    /// The job's block, or nullptr.
    const TimelineBlock *block(const QString &jobId) const;

    /// The job's window as UTC start and end; nothing when it has no valid schedule.
    static std::optional<std::pair<QDateTime, QDateTime>> windowUtc(const JobSchedule &schedule);
    /// The same with the schedule's zone already built.
    static std::optional<std::pair<QDateTime, QDateTime>> windowUtc(const JobSchedule &schedule,
                                                                    const QTimeZone &zone);

Q_SIGNALS:
    /// Rows or blocks changed: time to repaint.
    void changed();

private:
    void rebuild();
    /// Names each pro's home area from the jobs' addresses (on new pros and on a reset of
    /// the jobs: a single job's change rarely moves a home area, so it is not followed).
    void updateHomePlaces();
    /// Takes the job's block off its row (if any) and puts it where the job now is.
    void place(const Job &job);
    void unplace(const QString &jobId);
    /// Marks the row's blocks that overlap an earlier one (a warning, never refused) and
    /// measures each one's distance from the previous job that day.
    void markRow(TimelineRow &row) const;
    /// Which day of the range `ms` falls in (0 for the first).
    qsizetype dayOf(qint64 ms) const;
    std::optional<TimelineBlock> blockFor(const Job &job, qint64 nowMs) const;
    void onDataChanged(const QModelIndex &top, const QModelIndex &bottom);
    /// The zone with this IANA id, built once per id (building one is most of placing a block).
    const QTimeZone &zoneFor(const QString &id) const;

    JobListModel *m_jobs = nullptr;
    QList<TimelineRow> m_rows;
    QHash<QString, int> m_proRows;
    QHash<QString, int> m_jobRows;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    QList<qint64> m_dayStartsMs; ///< each day's local midnight after the first, ascending
    mutable QHash<QString, QTimeZone> m_zones;
};

} // namespace dispatch::ui
