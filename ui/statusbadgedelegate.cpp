#include "statusbadgedelegate.h"

#include "changehighlightdelegate.h"

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

QColor StatusBadgeDelegate::badgeColor(JobStatus status)
{
    switch (status) {
    case JobStatus::Open:
        return QColor(0x2e, 0x7d, 0x32); // green: free to take
    case JobStatus::Requested:
        return QColor(0x6a, 0x1b, 0x9a);
    case JobStatus::Scheduled:
        return QColor(0x15, 0x65, 0xc0);
    case JobStatus::InProgress:
        return QColor(0xe6, 0x51, 0x00);
    case JobStatus::CompletedByPro:
    case JobStatus::AwaitingCustomerConfirm:
        return QColor(0x00, 0x83, 0x8f);
    case JobStatus::Paid:
        return QColor(0x45, 0x5a, 0x64);
    case JobStatus::Cancelled:
    case JobStatus::Expired:
        return QColor(0x75, 0x75, 0x75);
    }
    return Qt::gray;
}

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
    painter->fillPath(path, badgeColor(status));
    painter->setPen(Qt::white);
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
