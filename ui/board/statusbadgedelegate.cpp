#include "statusbadgedelegate.h"

#include "changehighlightdelegate.h"
#include "palette.h"

#include <joblistmodel.h>

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace dispatch::ui {

namespace {
constexpr int kPadX = 8;
constexpr int kPadY = 3;
constexpr int kMargin = 4;
} // namespace

StatusBadgeDelegate::StatusBadgeDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    ChangeHighlightDelegate::applyHighlight(&opt, index); // the whole row lights up
    const QString text = opt.text;
    // Background, selection and focus from the style; the badge is drawn on top.
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto status = JobStatus(index.data(JobListModel::StatusRole).toInt());
    const QFontMetrics metrics(opt.font);
    const int textWidth = metrics.horizontalAdvance(text) + 2; // +2: rounding of the advance
    const int width = std::min(textWidth + 2 * kPadX, opt.rect.width() - 2 * kMargin);
    const int height = std::min(metrics.height() + 2 * kPadY, opt.rect.height() - 2);
    const QRect badge(opt.rect.left() + kMargin, opt.rect.center().y() - height / 2 + 1, width,
                      height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(badge, height / 2.0, height / 2.0);
    painter->fillPath(path, Palette::statusBadge(status));
    painter->setPen(Palette::badgeText());
    painter->setFont(opt.font);
    const QRect textRect = badge.adjusted(kPadX, 0, -kPadX, 0);
    painter->drawText(textRect, Qt::AlignCenter,
                      textRect.width() >= textWidth
                          ? text
                          : metrics.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    size.setWidth(metrics.horizontalAdvance(index.data().toString()) + 2 * (kPadX + kMargin) + 2);
    size.setHeight(std::max(size.height(), metrics.height() + 2 * kPadY + 4));
    return size;
}

} // namespace dispatch::ui
