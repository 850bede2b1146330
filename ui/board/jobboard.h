#pragma once

#include <jobfilterproxymodel.h>

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QTabBar;
class QTableView;
class QTimer;

namespace dispatch {
class JobListModel;
}

namespace dispatch::ui {

/// The job board: tabs (Available, Scheduled, In progress, Done, All), a search box and a
/// sortable table of jobs over a JobListModel and a JobFilterProxyModel. Usable without a
/// mouse: Ctrl+1..5 pick a tab, arrows move, Enter opens the current job (the main window's
/// View menu puts Ctrl+F on the search box).
class JobBoard final : public QWidget {
    Q_OBJECT
public:
    explicit JobBoard(QWidget *parent = nullptr);

    JobListModel *model() const { return m_model; }
    JobFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QTabBar *tabBar() const { return m_tabs; }
    QLineEdit *searchEdit() const { return m_search; }

    /// A pro's board holds their own jobs: no Available tab (their offers have a view of their
    /// own), and Ctrl+1..5 belong to the window, which shows the offers on Ctrl+1.
    void setOwnJobsLayout(bool own);
    bool isOwnJobsLayout() const { return m_ownJobsLayout; }
    /// Whether the board's Ctrl+1..5 switch its tabs (on by default). Off when the window
    /// binds the numbers itself: the admin's Ctrl+1 opens the photo review.
    void setTabShortcutsEnabled(bool enabled);

    void setTab(JobFilterProxyModel::Tab tab);
    JobFilterProxyModel::Tab tab() const { return m_proxy->tab(); }
    /// The job of the current row; empty when none.
    QString currentJobId() const;
    /// Makes the job's row current (switching to the All tab when the current one hides it).
    bool selectJob(const QString &jobId);
    /// Makes the job's row current in the tab that holds its status (clearing the search if it
    /// hides the job).
    bool selectJobInItsTab(const QString &jobId);
    /// A line under the table: "Loading jobs…", "No jobs match …".
    void setStatusText(const QString &text);
    /// Sizes the columns to their contents once the first page has arrived (not after
    /// restoreColumnState(): the user's widths stay).
    void fitColumns();
    /// The table header's column widths, order and sort column (QHeaderView::saveState).
    QByteArray columnState() const;
    /// Restores what columnState() gave and sorts by the saved column; false (and nothing
    /// changed) when the state does not fit this table.
    bool restoreColumnState(const QByteArray &state);
    /// Filters by the search box's text now rather than after the typing pause.
    void applySearch();
    /// "Overdue first": checkable; overdue jobs sort before the others while it is checked.
    /// The window's View menu shows it and the window's settings remember it.
    QAction *overdueFirstAction() const { return m_overdueFirst; }

Q_SIGNALS:
    /// The user made another row current (or none: empty). Not emitted when the current row
    /// leaves the table because its job changed (currentJobLeft()): the job shown stays the
    /// job the user picked.
    void currentJobChanged(const QString &jobId);
    /// The current row's job left the table (its new status belongs to another tab, or it is
    /// gone). No row is current afterwards; nothing else is picked in its place.
    void currentJobLeft(const QString &jobId);
    /// Enter or a double click on a row.
    void jobActivated(const QString &jobId);
    /// The first time the table paints rows (the benchmark's "painted board").
    void firstRowsPainted();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateEmptyText();
    /// The tab bar with `tabs`; with `ownShortcuts`, Ctrl+N actions that switch to them.
    void buildTabs(const QList<JobFilterProxyModel::Tab> &tabs, bool ownShortcuts);

    JobListModel *m_model = nullptr;
    JobFilterProxyModel *m_proxy = nullptr;
    QTabBar *m_tabs = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_footer = nullptr;
    QTimer *m_searchTimer = nullptr; ///< debounces the search box
    QString m_statusText;
    QList<QAction *> m_tabActions;
    QAction *m_overdueFirst = nullptr;
    bool m_ownJobsLayout = false;
    bool m_tabShortcuts = true;
    bool m_paintedRows = false;
    bool m_columnsRestored = false; ///< the user's saved widths: fitColumns() keeps them
    /// The current row's job while its row is being removed: the view moves the current index
    /// to a neighbour then, which is not the user's choice.
    QString m_leavingJobId;
};

} // namespace dispatch::ui
