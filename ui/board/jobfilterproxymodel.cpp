#include "jobfilterproxymodel.h"

#include "joblistmodel.h"

namespace dispatch {

JobFilterProxyModel::JobFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(JobListModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Rows move to their sorted place when an event changes them.
    setDynamicSortFilter(true);
}

void JobFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    m_jobs = qobject_cast<JobListModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void JobFilterProxyModel::setTab(Tab tab)
{
    if (tab == m_tab)
        return;
    m_tab = tab;
    refilter();
}

void JobFilterProxyModel::setSearchText(const QString &text)
{
    const QByteArray folded = JobListModel::searchKey(text);
    if (folded == m_search)
        return;
    m_search = folded;
    m_searchShown = text.trimmed();
    refilter();
}

void JobFilterProxyModel::refilter()
{
    // invalidateFilter() updates the mapping incrementally: every run of rows that appears or
    // disappears is its own insert/remove, each shifting the whole mapping, and the rows that
    // appear are placed one by one into the sorted order. A new tab or search changes most of
    // 100,000 rows, where that took ~400 ms. invalidate() drops the mapping and rebuilds it in
    // one pass (filter, then one sort of the rows that pass); persistent indexes (the current
    // row, the selection) survive it through layoutChanged().
    invalidate();
}

bool JobFilterProxyModel::tabContains(Tab tab, JobStatus status)
{
    switch (tab) {
    case Tab::Available:
        return status == JobStatus::Open || status == JobStatus::Requested;
    case Tab::Scheduled:
        return status == JobStatus::Scheduled;
    case Tab::InProgress:
        return status == JobStatus::InProgress || status == JobStatus::CompletedByPro ||
               status == JobStatus::AwaitingCustomerConfirm;
    case Tab::Done:
        return isFinal(status);
    case Tab::All:
        return true;
    }
    return true;
}

QString JobFilterProxyModel::tabName(Tab tab)
{
    switch (tab) {
    case Tab::Available:
        return tr("Available");
    case Tab::Scheduled:
        return tr("Scheduled");
    case Tab::InProgress:
        return tr("In progress");
    case Tab::Done:
        return tr("Done");
    case Tab::All:
        return tr("All");
    }
    return {};
}

JobFilterProxyModel::Tab JobFilterProxyModel::tabOf(JobStatus status)
{
    for (const Tab tab : allTabs()) {
        if (tab != Tab::All && tabContains(tab, status))
            return tab;
    }
    return Tab::All;
}

void JobFilterProxyModel::setOverdueFirst(bool first)
{
    if (first == m_overdueFirst)
        return;
    m_overdueFirst = first;
    invalidate();
}

QString JobFilterProxyModel::tabExplanation(Tab tab)
{
    QStringList lines;
    for (const JobStatus status : allJobStatuses()) {
        if (tabContains(tab, status))
            lines << statusExplanation(status);
    }
    return lines.join(u'\n');
}

QList<JobFilterProxyModel::Tab> JobFilterProxyModel::allTabs()
{
    return {Tab::Available, Tab::Scheduled, Tab::InProgress, Tab::Done, Tab::All};
}

bool JobFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_jobs) {
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    }
    if (!tabContains(m_tab, m_jobs->jobAt(sourceRow).status))
        return false;
    return m_jobs->rowMatches(sourceRow, m_search);
}

bool JobFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_jobs)
        return QSortFilterProxyModel::lessThan(left, right);
    if (m_overdueFirst) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const bool leftLate = JobListModel::isOverdue(m_jobs->jobAt(left.row()), now);
        const bool rightLate = JobListModel::isOverdue(m_jobs->jobAt(right.row()), now);
        // The view reverses lessThan() for a descending sort: overdue stays first either way.
        if (leftLate != rightLate)
            return sortOrder() == Qt::AscendingOrder ? leftLate : rightLate;
    }
    const int order = m_jobs->compareRows(left.row(), right.row(), left.column());
    if (order != 0)
        return order < 0;
    // Equal keys: a stable, predictable order (by row) rather than whatever the sort leaves.
    return left.row() < right.row();
}

} // namespace dispatch
