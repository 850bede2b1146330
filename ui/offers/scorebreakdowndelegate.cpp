#include "scorebreakdowndelegate.h"

#include "offersmodel.h"
#include "palette.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace dispatch::ui {

namespace {

constexpr int kMargin = 4; // between the cell's edge, the number and the bar
constexpr int kBarHeight = 8;

int scaled(int points, int width)
{
    return int(qint64(points) * width / ScoreBreakdownDelegate::kFullScale);
}

} // namespace

namespace {
/// Room for the total: four digits and a sign (scores run from about −8000 to 1800).
int numberColumnWidth(const QFontMetrics &metrics)
{
    return metrics.horizontalAdvance(QStringLiteral("\u22120000"));
}
} // namespace

ScoreBreakdownDelegate::ScoreBreakdownDelegate(int breakdownRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_breakdownRole(breakdownRole)
{}

int ScoreBreakdownDelegate::preferredWidth(const QFontMetrics &metrics)
{
    return 3 * kMargin + numberColumnWidth(metrics) + kBarWidth;
}

void ScoreBreakdownDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString number = opt.text;
    // The style draws the cell (selection, focus, alternate rows); the number and bar are ours.
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QVariant breakdown = index.data(m_breakdownRole);
    const QRect cell = opt.rect.adjusted(kMargin, 0, -kMargin, 0);
    // A far job's score is negative: its minus sign must not be clipped.
    const int numberWidth =
        std::max(numberColumnWidth(opt.fontMetrics), opt.fontMetrics.horizontalAdvance(number));
    const QRect numberRect(cell.left(), cell.top(), numberWidth, cell.height());
    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(
        opt.state.testFlag(QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled,
        selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(numberRect, Qt::AlignRight | Qt::AlignVCenter, number);

    const int barLeft = numberRect.right() + 1 + kMargin;
    const int barWidth = std::max(0, cell.right() - barLeft);
    if (!breakdown.canConvert<OfferScore>() || barWidth < 8) {
        painter->restore();
        return;
    }
    const OfferScore score = breakdown.value<OfferScore>();
    const QRect track(barLeft, cell.center().y() - kBarHeight / 2, barWidth, kBarHeight);
    painter->setPen(Qt::NoPen);
    painter->fillRect(track, Palette::scoreTrack());

    // The positive parts side by side, in the order the tooltip names them.
    int x = track.left();
    const auto segment = [&](int points, const QColor &color) {
        const int width = std::min(scaled(std::max(points, 0), barWidth), track.right() + 1 - x);
        if (width <= 0)
            return;
        painter->fillRect(QRect(x, track.top(), width, track.height()), color);
        x += width;
    };
    segment(score.status, Palette::scoreSchedule());
    segment(score.distance, Palette::scoreDistance());
    segment(score.urgency, Palette::scoreUrgency());
    if (score.distance < 0) {
        // What the distance takes away: hatched over the end of the bar (not only a colour),
        // so the solid part left is the total.
        const int width = std::min(scaled(-score.distance, barWidth), x - track.left());
        if (width > 0) {
            const QRect penalty(x - width, track.top(), width, track.height());
            painter->fillRect(penalty, Palette::scoreTrack());
            painter->fillRect(penalty, QBrush(Palette::scorePenalty(), Qt::BDiagPattern));
            painter->setPen(Palette::scorePenalty());
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(penalty.adjusted(0, 0, -1, -1));
        }
    }
    painter->restore();
}

QSize ScoreBreakdownDelegate::sizeHint(const QStyleOptionViewItem &option,
                                       const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), preferredWidth(option.fontMetrics)));
    return size;
}

} // namespace dispatch::ui
