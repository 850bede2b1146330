#pragma once

#include <QStyledItemDelegate>

namespace dispatch::ui {

/// A Score column (the pro's Offers, the office's Best pros): the total as a number and, beside
/// it, a small stacked bar of its three parts (docs/openapi.yaml "Offers": schedule, distance,
/// urgency), read as an OfferScore from the model's breakdown role. A negative distance part (a far
/// job) is drawn hatched in the penalty colour over the end of the bar, the share it takes away.
/// The tooltip stays the model's: the reason in words.
class ScoreBreakdownDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    /// `breakdownRole`: the model's role that gives the row's OfferScore.
    ScoreBreakdownDelegate(int breakdownRole, QObject *parent);

    /// The width the column wants: the number with its sign, and the bar.
    static int preferredWidth(const QFontMetrics &metrics);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The largest total the bar scales to: every part at its best (1000 + 500 + 300).
    static constexpr int kFullScale = 1800;
    /// The bar's width in pixels, at least.
    static constexpr int kBarWidth = 72;

private:
    int m_breakdownRole;
};

} // namespace dispatch::ui
