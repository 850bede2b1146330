#pragma once

#include "jobstatus.h"

#include <QSortFilterProxyModel>

namespace dispatch {

class JobListModel;

/// The board's view of a JobListModel: one tab (a group of statuses) and a search text.
/// Sorting and filtering go through JobListModel's cached row keys (compareRows, rowMatches),
/// so 100,000 rows sort and filter without building a QVariant or parsing JSON per row.
class JobFilterProxyModel final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    /// The board's tabs, in the order they are shown.
    enum class Tab { Available, Scheduled, InProgress, Done, All };
    Q_ENUM(Tab)

    explicit JobFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    Tab tab() const { return m_tab; }
    void setTab(Tab tab);
    QString searchText() const { return m_searchShown; }
    /// Matches title, customer, address, order id or id, case-insensitively; spaces around the
    /// text are ignored.
    void setSearchText(const QString &text);

    /// Whether a status belongs to a tab.
    static bool tabContains(Tab tab, JobStatus status);
    static QString tabName(Tab tab);
    /// The tab that holds a job in `status` among the status tabs (never All).
    static Tab tabOf(JobStatus status);
    /// Overdue jobs (JobListModel::isOverdue()) before the others, in either sort order; the
    /// column's order decides within each group.
    void setOverdueFirst(bool first);
    bool overdueFirst() const { return m_overdueFirst; }
    /// What the tab holds: each of its statuses explained (models/jobstatus.h), one a line.
    static QString tabExplanation(Tab tab);
    static QList<Tab> allTabs();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    JobListModel *m_jobs = nullptr;
    Tab m_tab = Tab::All;
    QByteArray m_search;   ///< JobListModel::searchKey(): trimmed, case-folded, UTF-8
    QString m_searchShown; ///< trimmed, as typed
    bool m_overdueFirst = false;
};

} // namespace dispatch
