#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dispatch::ui {

namespace {
/// "Sign &out" -> "Sign out"; "&&" stays one ampersand.
QString withoutMnemonic(QString text)
{
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(u'&');
    text.replace(u'\x01', u'&');
    if (text.endsWith(u'…'))
        text.chop(1);
    return text;
}

void addMenuRows(const QMenu *menu, QList<ShortcutsDialog::Row> *rows)
{
    for (const QAction *action : menu->actions()) {
        if (!action->isVisible() || action->isSeparator())
            continue;
        if (const QMenu *sub = action->menu()) {
            addMenuRows(sub, rows);
            continue;
        }
        const QList<QKeySequence> keys = action->shortcuts();
        if (keys.isEmpty() || keys.constFirst().isEmpty())
            continue;
        QStringList written;
        for (const QKeySequence &key : keys)
            written << key.toString(QKeySequence::NativeText);
        rows->append({written.join(QStringLiteral(", ")), withoutMnemonic(action->text())});
    }
}
} // namespace

ShortcutsDialog::ShortcutsDialog(QWidget *parent)
    : QDialog(parent)
    , m_table(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setColumnCount(2);
    m_table->setHeaderLabels({tr("Keys"), tr("What they do")});
    m_table->setRootIsDecorated(false);
    m_table->setItemsExpandable(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->header()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(620, 560);
}

QList<ShortcutsDialog::Section> ShortcutsDialog::menuSections(const QMenuBar *menuBar)
{
    QList<Section> sections;
    for (const QAction *top : menuBar->actions()) {
        if (!top->isVisible() || !top->menu())
            continue;
        Section section{tr("%1 menu").arg(withoutMnemonic(top->text())), {}};
        addMenuRows(top->menu(), &section.rows);
        if (!section.rows.isEmpty())
            sections.append(section);
    }
    return sections;
}

void ShortcutsDialog::setSections(const QList<Section> &sections)
{
    m_table->clear();
    for (const Section &section : sections) {
        auto *heading = new QTreeWidgetItem(m_table, {section.title});
        heading->setFirstColumnSpanned(true);
        heading->setFlags(Qt::ItemIsEnabled);
        QFont bold = heading->font(0);
        bold.setBold(true);
        heading->setFont(0, bold);
        for (const Row &row : section.rows)
            new QTreeWidgetItem(heading, {row.keys, row.what});
        heading->setExpanded(true);
    }
    m_table->resizeColumnToContents(0);
    m_table->setColumnWidth(0, m_table->columnWidth(0) + 24);
}

} // namespace dispatch::ui
