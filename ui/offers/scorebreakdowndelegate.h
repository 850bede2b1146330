#pragma once

#include <QStyledItemDelegate>

namespace dispatch::ui {

/// The Offers view's Score column: the total as a number and, beside it, a small stacked bar
/// of its three parts (docs/openapi.yaml "Offers": schedule, distance, urgency), read from
/// OffersModel::BreakdownRole. A negative distance part (a far job) is drawn hatched in the
/// penalty colour over the end of the bar, the share it takes away. The tooltip stays the
/// model's: the reason in words.
class ScoreBreakdownDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ScoreBreakdownDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The largest total the bar scales to: every part at its best (1000 + 500 + 300).
    static constexpr int kFullScale = 1800;
    /// The bar's width in pixels, at least.
    static constexpr int kBarWidth = 72;
};

} // namespace dispatch::ui
