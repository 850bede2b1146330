#include "unassignedjobsproxy.h"

#include "jobfilterproxymodel.h"
#include "joblistmodel.h"

namespace dispatch::ui {

UnassignedJobsProxy::UnassignedJobsProxy(JobListModel *jobs, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_jobs(jobs)
    , m_search(new JobFilterProxyModel(this))
{
    m_search->setSourceModel(jobs);
    m_search->setTab(JobFilterProxyModel::Tab::Available);
    // Soonest due first, as a dispatcher works through them.
    m_search->sort(JobListModel::DueColumn, Qt::AscendingOrder);
    setSourceModel(m_search);
    // Assignment is decided per row on every change (an event can assign a job).
    setDynamicSortFilter(true);
}

void UnassignedJobsProxy::setSearchText(const QString &text)
{
    m_search->setSearchText(text);
}

QString UnassignedJobsProxy::jobIdAt(int row) const
{
    return index(row, 0).data(JobListModel::JobIdRole).toString();
}

bool UnassignedJobsProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = m_search->index(sourceRow, 0, sourceParent);
    const int row = m_jobs->rowOf(index.data(JobListModel::JobIdRole).toString());
    return row >= 0 && m_jobs->jobAt(row).assignedTo.isEmpty();
}

QVariant UnassignedJobsProxy::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return QSortFilterProxyModel::data(index, role);
    const QModelIndex title = this->index(index.row(), JobListModel::TitleColumn, index.parent());
    const QModelIndex due = this->index(index.row(), JobListModel::DueColumn, index.parent());
    QString text = QSortFilterProxyModel::data(title, Qt::DisplayRole).toString();
    const QString when = QSortFilterProxyModel::data(due, Qt::DisplayRole).toString();
    // The Due column already reads "Overdue: …" for an overdue job; "due" goes before the rest.
    if (!when.isEmpty() && due.data(JobListModel::OverdueRole).toBool())
        text += tr(" · %1").arg(when);
    else if (!when.isEmpty())
        text += tr(" · due %1").arg(when);
    if (index.data(JobListModel::PendingWriteRole).toBool())
        text = tr("Saving… %1").arg(text);
    return text;
}

} // namespace dispatch::ui
