#pragma once

#include <draft.h>

#include <QAbstractTableModel>
#include <QList>

namespace dispatch::ui {

/// The user's drafts as the server listed them (newest first): title, customer, where, and
/// when last changed, for the Drafts dialog.
class DraftListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, Customer, Where, Updated, ColumnCount };

    explicit DraftListModel(QObject *parent = nullptr);

    void setDrafts(const QList<Draft> &drafts);
    const Draft &draftAt(int row) const { return m_drafts.at(row); }
    /// The row of a draft, or -1.
    int rowOf(const QString &draftId) const;
    void removeDraft(const QString &draftId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Draft> m_drafts;
};

} // namespace dispatch::ui
