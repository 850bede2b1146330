#pragma once

#include <QStyledItemDelegate>

namespace dispatch::ui {

/// Paints the board's status column as a coloured badge ("Scheduled" on blue), in
/// Palette::statusBadge(). The colour only repeats what the text says, so the column still
/// reads without colour vision.
class StatusBadgeDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit StatusBadgeDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace dispatch::ui
