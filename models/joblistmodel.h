#pragma once

#include "job.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace dispatch {

/// The job board's rows: one Job per row, columns for the board's table. Qt Core only, so it
/// is tested and benchmarked without widgets. A hash from job id to row makes an event's
/// upsert or removal O(1) lookup instead of a scan (DESIGN.md: one event applied in < 0.1 ms
/// with 100,000 jobs). Text for people comes from Qt::DisplayRole; sorting uses SortRole,
/// which gives the underlying value (the status's order in the machine, times as UTC
/// milliseconds), so "due" sorts by time and not by its formatted text.
class JobListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        StatusColumn,
        TitleColumn,
        CustomerColumn,
        AddressColumn,
        DueColumn,
        AssignedColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles {
        JobRole = Qt::UserRole + 1, ///< the whole Job (QVariant::fromValue<Job>)
        SortRole,                   ///< the value to sort by
        JobIdRole,                  ///< QString
        StatusRole,                 ///< JobStatus as int
        PendingWriteRole,           ///< bool: a write for this job is in flight
    };

    explicit JobListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Replaces every row (one model reset).
    void resetJobs(QList<Job> jobs);
    /// Inserts the job, or replaces the row with the same id unless the model already holds a
    /// newer version (events and replies may arrive out of order). True when something changed.
    bool upsertJob(const Job &job);
    /// True when a row was removed.
    bool removeJob(const QString &jobId);

    /// -1 when the job is not in the model.
    int rowOf(const QString &jobId) const { return m_rows.value(jobId, -1); }
    bool contains(const QString &jobId) const { return m_rows.contains(jobId); }
    const Job &jobAt(int row) const { return m_jobs.at(row); }
    /// The job with this id, or nullptr.
    const Job *job(const QString &jobId) const;

    /// Who is who: user id -> display name, for the "Assigned" column.
    void setUserNames(const QHash<QString, QString> &names);
    QString userName(const QString &userId) const;

    /// Marks a job's row as having a write in flight (the board shows it).
    void setPendingWrite(const QString &jobId, bool pending);
    bool hasPendingWrite(const QString &jobId) const { return m_pending.contains(jobId); }

    /// The texts the board shows, also used by the filter's search.
    QString displayText(const Job &job, int column) const;
    /// "Thu 15 Jan 12:00 · 12:00-15:00 America/Chicago": local time, then the window in the
    /// job's own zone when that zone differs from ours.
    static QString formatDue(const Job &job);

    /// <0, 0, >0 like a comparison of the two rows' SortRole values in `column`, without
    /// building QVariants: the proxy's sort calls this n·log n times.
    int compareRows(int rowA, int rowB, int column) const;
    /// Whether the row's title, customer, address, order id or id contains `text`, which must
    /// be case-folded (QString::toCaseFolded) for a case-insensitive match. Uses the per-row cache,
    /// so filtering 100,000 rows parses no JSON.
    bool rowMatches(int row, QStringView text) const;

private:
    /// Texts cached per row, case-folded: sorting and searching would otherwise read them out of
    /// the job's QJsonObject on every comparison.
    struct RowKeys {
        QString title;
        QString customer;
        QString address;
        QString orderId;
        QString id;
        qint64 due = 0;     ///< dueKey(): UTC ms, undated last
        qint64 updated = 0; ///< UTC ms
    };
    static RowKeys keysFor(const Job &job);
    QVariant sortValue(int row, int column) const;
    void emitRowChanged(int row);

    QList<Job> m_jobs;
    QList<RowKeys> m_keys; ///< parallel to m_jobs
    QHash<QString, int> m_rows;
    QHash<QString, QString> m_userNames;
    QSet<QString> m_pending;
};

} // namespace dispatch

Q_DECLARE_METATYPE(dispatch::Job)
