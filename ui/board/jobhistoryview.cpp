#include "jobhistoryview.h"

#include "errormessages.h"
#include "historytext.h"

#include <apiclient.h>
#include <userdirectory.h>

#include <QHeaderView>
#include <QLocale>
#include <QStyledItemDelegate>

namespace dispatch::ui {

namespace {

enum Column { WhenColumn, WhoColumn, WhatColumn };

} // namespace

namespace {
/// Measures the wrapping column's items at its width, so their text gets the height it needs;
/// the other columns keep their one-line size (they fit their contents).
class ColumnWidthDelegate final : public QStyledItemDelegate {
public:
    ColumnWidthDelegate(const QHeaderView *header, int wrappingColumn, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_header(header)
        , m_wrappingColumn(wrappingColumn)
    {}

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() != m_wrappingColumn)
            return QStyledItemDelegate::sizeHint(option, index);
        QStyleOptionViewItem sized(option);
        sized.rect = QRect(0, 0, std::max(1, m_header->sectionSize(index.column())), 1);
        return QStyledItemDelegate::sizeHint(sized, index);
    }

private:
    const QHeaderView *m_header;
    int m_wrappingColumn;
};
} // namespace

JobHistoryView::JobHistoryView(net::ApiClient *api, QWidget *parent)
    : QTreeWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("historyList"));
    setAccessibleName(tr("History"));
    header()->setAccessibleName(tr("History columns"));
    setColumnCount(3);
    setHeaderLabels({tr("When"), tr("Who"), tr("What")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    // Every row in full: long texts wrap in the What column and the row grows to hold them.
    setWordWrap(true);
    setUniformRowHeights(false);
    setTextElideMode(Qt::ElideNone);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumHeight(140);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(WhenColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(WhoColumn, QHeaderView::ResizeToContents);
    // QTreeView asks a row's height without telling the delegate the column's width, so a
    // wrapped text would be measured as one line and cut off: the delegate measures at the
    // column's width, and the rows are measured again whenever the What column changes width.
    setItemDelegate(new ColumnWidthDelegate(header(), WhatColumn, this));
    connect(header(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column == WhatColumn)
            scheduleDelayedItemsLayout();
    });
}

void JobHistoryView::setDirectory(net::UserDirectory *directory)
{
    if (m_directory)
        disconnect(m_directory, nullptr, this, nullptr);
    m_directory = directory;
    if (directory)
        connect(directory, &net::UserDirectory::namesChanged, this, &JobHistoryView::showEntries);
    showEntries();
}

void JobHistoryView::load(const QString &jobId)
{
    if (jobId != m_jobId) {
        m_entries.clear();
        clear();
    }
    m_jobId = jobId;
    if (!m_api || jobId.isEmpty())
        return;
    m_api->jobHistory(jobId, this, [this, jobId](const net::HistoryResult &result) {
        if (jobId != m_jobId)
            return;
        if (!result.ok()) {
            m_entries.clear();
            clear();
            auto *item = new QTreeWidgetItem(this);
            item->setText(WhatColumn,
                          describeError(result.error, tr("load the history")).combined());
            Q_EMIT loaded();
            return;
        }
        m_entries = result.entries;
        showEntries();
        // The rows name people the board and the pane may not know yet (a pro lists no
        // users): teach the directory, whose namesChanged repaints them all.
        if (m_directory) {
            for (const net::HistoryEntry &entry : std::as_const(m_entries))
                m_directory->learn(entry);
        }
        Q_EMIT loaded();
    });
}

void JobHistoryView::clearJob()
{
    m_jobId.clear();
    m_entries.clear();
    clear();
}

QString JobHistoryView::nameOf(const QString &userId) const
{
    return m_directory ? m_directory->name(userId) : net::UserDirectory::formerUser();
}

void JobHistoryView::showEntries()
{
    if (m_entries.isEmpty())
        return;
    clear();
    const auto names = [this](const QString &id) { return nameOf(id); };
    // Newest first: what changed last is what a dispatcher looks for.
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
        const net::HistoryEntry &entry = *it;
        auto *item = new QTreeWidgetItem(this);
        item->setText(WhenColumn, QLocale().toString(entry.at.toLocalTime(), QLocale::ShortFormat));
        item->setText(WhoColumn, nameOf(entry.actor));
        const QString what = HistoryText::lines(entry, names).join(u'\n');
        item->setText(WhatColumn, what);
        item->setToolTip(WhatColumn, what);
    }
}

} // namespace dispatch::ui
