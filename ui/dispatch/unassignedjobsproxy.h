#pragma once

#include <QSortFilterProxyModel>

namespace dispatch {
class JobFilterProxyModel;
class JobListModel;
} // namespace dispatch

namespace dispatch::ui {

/// The dispatch board's tray: the board's jobs that are OPEN or REQUESTED and assigned to
/// nobody, with the board's own search (a JobFilterProxyModel on its Available tab underneath,
/// so "the same search as the board" is the same code). Shows the title; a job whose drop is
/// being saved says so.
class UnassignedJobsProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit UnassignedJobsProxy(JobListModel *jobs, QObject *parent = nullptr);

    void setSearchText(const QString &text);
    /// The job id of a row of this model.
    QString jobIdAt(int row) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    JobListModel *m_jobs = nullptr;
    JobFilterProxyModel *m_search = nullptr;
};

} // namespace dispatch::ui
