#include "draftlistmodel.h"

#include <fieldkeys.h>

#include <QLocale>

namespace dispatch::ui {

DraftListModel::DraftListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void DraftListModel::setDrafts(const QList<Draft> &drafts)
{
    beginResetModel();
    m_drafts = drafts;
    endResetModel();
}

int DraftListModel::rowOf(const QString &draftId) const
{
    for (int row = 0; row < m_drafts.size(); ++row) {
        if (m_drafts.at(row).id == draftId)
            return row;
    }
    return -1;
}

void DraftListModel::removeDraft(const QString &draftId)
{
    const int row = rowOf(draftId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_drafts.removeAt(row);
    endRemoveRows();
}

int DraftListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_drafts.size());
}

int DraftListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DraftListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_drafts.size())
        return {};
    const Draft &draft = m_drafts.at(index.row());
    if (role == Qt::UserRole)
        return draft.id;
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case Title: {
        const QString title = draft.field(FieldKey::Title).toString();
        return title.isEmpty() ? tr("(no title yet)") : title;
    }
    case Customer:
        return draft.field(FieldKey::CustomerName).toString();
    case Where: {
        const QString address = draft.field(FieldKey::Address).toString();
        const QString place =
            draft.locked.stateCode + QStringLiteral(", ") + draft.locked.countryCode;
        return address.isEmpty() ? place : address + QStringLiteral(" (") + place + u')';
    }
    case Updated:
        return QLocale().toString(draft.updatedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant DraftListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Title:
        return tr("Title");
    case Customer:
        return tr("Customer");
    case Where:
        return tr("Where");
    case Updated:
        return tr("Last changed");
    default:
        return {};
    }
}

} // namespace dispatch::ui
