#include "jobboard.h"

#include "changehighlightdelegate.h"
#include "statusbadgedelegate.h"

#include <joblistmodel.h>

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace dispatch::ui {

JobBoard::JobBoard(QWidget *parent)
    : QWidget(parent)
    , m_model(new JobListModel(this))
    , m_proxy(new JobFilterProxyModel(this))
    , m_tabs(new QTabBar(this))
    , m_search(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_footer(new QLabel(this))
    , m_searchTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("jobBoard"));
    m_tabs->setObjectName(QStringLiteral("boardTabs"));
    m_search->setObjectName(QStringLiteral("boardSearch"));
    m_view->setObjectName(QStringLiteral("boardTable"));
    m_footer->setObjectName(QStringLiteral("boardFooter"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setTab(JobFilterProxyModel::Tab::All);

    m_overdueFirst = new QAction(tr("&Overdue first"), this);
    m_overdueFirst->setObjectName(QStringLiteral("overdueFirstAction"));
    m_overdueFirst->setCheckable(true);
    m_overdueFirst->setToolTip(tr("Sort jobs past their due time before the others"));
    connect(m_overdueFirst, &QAction::toggled, m_proxy, &JobFilterProxyModel::setOverdueFirst);

    buildTabs(JobFilterProxyModel::allTabs(), true);
    m_tabs->setExpanding(false);
    m_tabs->setDrawBase(false);
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        m_proxy->setTab(m_tabs->tabData(index).value<JobFilterProxyModel::Tab>());
        updateEmptyText();
    });

    m_search->setPlaceholderText(tr("Search title, customer, address, order… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search jobs"));
    m_search->setMinimumWidth(260);
    m_search->installEventFilter(this);
    // Typing never waits for a filter pass over the whole board: the search applies 250 ms
    // after the last key (clearing it, Enter or Down apply at once).
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(250);
    connect(m_searchTimer, &QTimer::timeout, this, &JobBoard::applySearch);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.trimmed().isEmpty())
            applySearch();
        else
            m_searchTimer->start();
    });

    // Before the view and its selection model connect (slots run in connection order): when
    // the current row is about to go, note its job, so the neighbour the view makes current
    // is not taken for the user's pick.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &parent, int first, int last) {
                const QModelIndex current = m_view->currentIndex();
                if (!parent.isValid() && current.isValid() && current.row() >= first &&
                    current.row() <= last)
                    m_leavingJobId = current.data(JobListModel::JobIdRole).toString();
            });
    m_view->setModel(m_proxy);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_leavingJobId.isEmpty())
            return;
        // No row stands for the job shown now: none is current (still suppressed), so the
        // highlight never sits on a job the detail pane is not showing.
        m_view->selectionModel()->clear();
        const QString left = std::exchange(m_leavingJobId, QString());
        Q_EMIT currentJobLeft(left);
    });
    m_view->setAccessibleName(tr("Jobs"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 12);
    m_view->horizontalHeader()->setHighlightSections(false);
    // The title takes what the other columns leave (and elides); the others keep the width
    // fitColumns() gives them, so due, assigned and updated stay on screen.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(JobListModel::TitleColumn,
                                                     QHeaderView::Stretch);
    m_view->horizontalHeader()->setMinimumSectionSize(60);
    m_view->setItemDelegate(new ChangeHighlightDelegate(m_model, m_view));
    m_view->setItemDelegateForColumn(JobListModel::StatusColumn, new StatusBadgeDelegate(this));
    m_view->sortByColumn(JobListModel::DueColumn, Qt::AscendingOrder);
    m_view->setTabKeyNavigation(false);
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT jobActivated(index.data(JobListModel::JobIdRole).toString());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_leavingJobId.isEmpty())
                    return; // the view's pick while the current row leaves, not the user's
                Q_EMIT currentJobChanged(current.isValid()
                                             ? current.data(JobListModel::JobIdRole).toString()
                                             : QString());
            });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &JobBoard::updateEmptyText);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &JobBoard::updateEmptyText);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &JobBoard::updateEmptyText);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_tabs, 1, Qt::AlignBottom);
    top->addWidget(m_search);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_footer);
    setFocusProxy(m_view);
    updateEmptyText();
}

void JobBoard::buildTabs(const QList<JobFilterProxyModel::Tab> &tabs, bool ownShortcuts)
{
    const QSignalBlocker blocker(m_tabs);
    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    qDeleteAll(m_tabActions);
    m_tabActions.clear();
    for (const auto tab : tabs) {
        const int index = m_tabs->addTab(JobFilterProxyModel::tabName(tab));
        m_tabs->setTabData(index, QVariant::fromValue(tab));
        // Ctrl+1..5 in the order of all the tabs, so a number means the same on every console.
        const int number = int(JobFilterProxyModel::allTabs().indexOf(tab)) + 1;
        // What each status in the tab means (why a job is there), then its shortcut.
        m_tabs->setTabToolTip(index, JobFilterProxyModel::tabExplanation(tab) + u"\n\n" +
                                         tr("Ctrl+%1").arg(number));
        if (!ownShortcuts)
            continue;
        // Ctrl+1..5 switch tabs from anywhere in the window.
        auto *action = new QAction(this);
        action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(number)));
        action->setShortcutContext(Qt::WindowShortcut);
        action->setEnabled(m_tabShortcuts);
        connect(action, &QAction::triggered, this, [this, tab] {
            setTab(tab);
            m_view->setFocus();
        });
        addAction(action);
        m_tabActions.append(action);
    }
    m_tabs->setCurrentIndex(m_tabs->count() - 1);
    m_proxy->setTab(m_tabs->tabData(m_tabs->currentIndex()).value<JobFilterProxyModel::Tab>());
    updateEmptyText();
}

void JobBoard::setOwnJobsLayout(bool own)
{
    if (own == m_ownJobsLayout)
        return;
    m_ownJobsLayout = own;
    QList<JobFilterProxyModel::Tab> tabs = JobFilterProxyModel::allTabs();
    if (own)
        tabs.removeOne(JobFilterProxyModel::Tab::Available);
    buildTabs(tabs, !own);
    // Every job on a pro's board is assigned to them: the column would only repeat their name.
    m_view->setColumnHidden(JobListModel::AssignedColumn, own);
}

void JobBoard::setTabShortcutsEnabled(bool enabled)
{
    m_tabShortcuts = enabled;
    for (QAction *action : std::as_const(m_tabActions))
        action->setEnabled(enabled);
}

void JobBoard::setTab(JobFilterProxyModel::Tab tab)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->tabData(i).value<JobFilterProxyModel::Tab>() == tab)
            m_tabs->setCurrentIndex(i);
    }
}

QString JobBoard::currentJobId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(JobListModel::JobIdRole).toString() : QString();
}

bool JobBoard::selectJob(const QString &jobId)
{
    const int sourceRow = m_model->rowOf(jobId);
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        m_search->clear();
        setTab(JobFilterProxyModel::Tab::All);
        index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    }
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

bool JobBoard::selectJobInItsTab(const QString &jobId)
{
    const Job *job = m_model->job(jobId);
    if (!job)
        return false;
    const auto tab = JobFilterProxyModel::tabOf(job->status);
    bool hasTab = false;
    for (int i = 0; i < m_tabs->count(); ++i)
        hasTab = hasTab || m_tabs->tabData(i).value<JobFilterProxyModel::Tab>() == tab;
    if (hasTab) {
        setTab(tab);
        if (!m_proxy->mapFromSource(m_model->index(m_model->rowOf(jobId), 0)).isValid()) {
            m_search->clear();
            applySearch();
        }
    }
    return selectJob(jobId);
}

void JobBoard::applySearch()
{
    m_searchTimer->stop();
    m_proxy->setSearchText(m_search->text());
    updateEmptyText();
}

void JobBoard::setStatusText(const QString &text)
{
    m_statusText = text;
    updateEmptyText();
}

void JobBoard::fitColumns()
{
    if (m_columnsRestored)
        return;
    QHeaderView *header = m_view->horizontalHeader();
    // The badge column fits the longest status name, so no badge is ever cut.
    const QFontMetrics metrics(m_view->font());
    int statusWidth = header->sectionSizeHint(JobListModel::StatusColumn);
    for (const JobStatus status : allJobStatuses())
        statusWidth = std::max(statusWidth, metrics.horizontalAdvance(displayName(status)) + 26);
    header->resizeSection(JobListModel::StatusColumn, statusWidth);
    // The rest fit what is on screen (QTableView measures visible rows only, so this stays
    // cheap with 100,000 rows), capped at the width of a typical value so a long name, address
    // or due text elides (the tooltip has it whole) instead of pushing Assigned and Updated off
    // screen. The title stretches into what is left.
    const auto widthOf = [&metrics](const QString &sample) {
        return metrics.horizontalAdvance(sample) + 16; // the cell's margins
    };
    const std::pair<int, int> caps[] = {
        {JobListModel::CustomerColumn, widthOf(QStringLiteral("Olivia Bennett"))},
        {JobListModel::AddressColumn, widthOf(QStringLiteral("4491 Oak Street"))},
        {JobListModel::DueColumn, widthOf(QStringLiteral("Wed 30 Nov 23:00 (16:00 CST)"))},
        {JobListModel::AssignedColumn, widthOf(QStringLiteral("Marcus Reyes"))},
        {JobListModel::UpdatedColumn, widthOf(QStringLiteral("30 Nov 23:59"))}};
    for (const auto &[column, cap] : caps) {
        m_view->resizeColumnToContents(column);
        header->resizeSection(
            column, std::clamp(header->sectionSize(column), header->sectionSizeHint(column), cap));
    }
}

QByteArray JobBoard::columnState() const
{
    return m_view->horizontalHeader()->saveState();
}

bool JobBoard::restoreColumnState(const QByteArray &state)
{
    QHeaderView *header = m_view->horizontalHeader();
    const QByteArray before = header->saveState();
    if (state.isEmpty() || !header->restoreState(state))
        return false;
    if (header->count() != JobListModel::ColumnCount) {
        header->restoreState(before);
        return false;
    }
    m_columnsRestored = true;
    // restoreState() moves the header's sort indicator but does not sort the view.
    m_view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    return true;
}

bool JobBoard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Paint && !m_paintedRows &&
        m_proxy->rowCount() > 0) {
        m_paintedRows = true;
        // After this paint has been handled: the benchmark measures a board on screen.
        QMetaObject::invokeMethod(this, &JobBoard::firstRowsPainted, Qt::QueuedConnection);
    }
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_search && (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return ||
                                    key->key() == Qt::Key_Enter)) {
            // From the search box straight into the results.
            applySearch();
            m_view->setFocus(Qt::OtherFocusReason);
            if (!m_view->currentIndex().isValid() && m_proxy->rowCount() > 0)
                m_view->setCurrentIndex(m_proxy->index(0, 0));
            return true;
        }
        if (watched == m_search && key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void JobBoard::updateEmptyText()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    QString text;
    if (!m_statusText.isEmpty())
        text = m_statusText;
    else if (total == 0 && m_ownJobsLayout)
        text = tr("No jobs assigned to you yet. Accept one in Offers (Ctrl+1).");
    else if (total == 0)
        text = tr("No jobs yet.");
    else if (shown == 0 && !m_proxy->searchText().isEmpty())
        text = tr("No jobs in \"%1\" match \"%2\". Press Esc in the search box to clear it.")
                   .arg(JobFilterProxyModel::tabName(m_proxy->tab()), m_proxy->searchText());
    else if (shown == 0)
        text = tr("No jobs in \"%1\".").arg(JobFilterProxyModel::tabName(m_proxy->tab()));
    else
        text = tr("%1 of %2 jobs").arg(shown).arg(total);
    m_footer->setText(text);
}

} // namespace dispatch::ui
