#include "reviewqueuedelegate.h"

#include "reviewqueuemodel.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>

namespace dispatch::ui {

namespace {
constexpr int kPad = 6;
constexpr int kGap = 10;
} // namespace

ReviewQueueDelegate::ReviewQueueDelegate(int thumbnail, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_thumbnail(thumbnail)
{}

void ReviewQueueDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Background, selection and focus from the style; thumbnail and text are drawn here.
    opt.text.clear();
    opt.icon = {};
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    const QRect box(opt.rect.left() + kPad, opt.rect.top() + kPad, m_thumbnail, m_thumbnail);
    const QPixmap pixmap = index.data(Qt::DecorationRole).value<QPixmap>();
    if (pixmap.isNull()) {
        // Not decoded yet: a quiet placeholder of the same size, so rows do not jump.
        painter->fillRect(box, opt.palette.color(QPalette::Midlight));
    } else {
        const QSize size =
            pixmap.deviceIndependentSize().toSize().scaled(box.size(), Qt::KeepAspectRatio);
        const QRect target(box.left() + (box.width() - size.width()) / 2,
                           box.top() + (box.height() - size.height()) / 2, size.width(),
                           size.height());
        painter->drawPixmap(target, pixmap);
    }

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor text =
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = text;
    if (!selected)
        muted = opt.palette.color(group, QPalette::PlaceholderText);

    QRect lines = opt.rect.adjusted(kPad + m_thumbnail + kGap, kPad, -kPad, -kPad);
    QFont bold = opt.font;
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const QFontMetrics metrics(opt.font);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(lines.left(), lines.top() + boldMetrics.ascent(),
                      boldMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                             Qt::ElideMiddle, lines.width()));
    lines.setTop(lines.top() + boldMetrics.lineSpacing() + 2);
    painter->setFont(opt.font);
    painter->setPen(muted);
    const QString job = index.data(ReviewQueueModel::JobTitleRole).toString();
    painter->drawText(lines.left(), lines.top() + metrics.ascent(),
                      metrics.elidedText(job, Qt::ElideRight, lines.width()));
    const QString note = index.data(ReviewQueueModel::NoteRole).toString();
    if (PhotoReviewState(index.data(ReviewQueueModel::StateRole).toInt()) ==
            PhotoReviewState::Flagged &&
        !note.isEmpty()) {
        lines.setTop(lines.top() + metrics.lineSpacing() + 2);
        QFont italic = opt.font;
        italic.setItalic(true);
        painter->setFont(italic);
        painter->setPen(text);
        painter->drawText(lines.left(), lines.top() + metrics.ascent(),
                          QFontMetrics(italic).elidedText(note, Qt::ElideRight, lines.width()));
    }
    painter->restore();
}

QSize ReviewQueueDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    Q_UNUSED(index);
    const QFontMetrics metrics(option.font);
    const int text = 3 * metrics.lineSpacing() + 4;
    return {m_thumbnail + 2 * kPad + kGap + 12 * metrics.averageCharWidth(),
            std::max(m_thumbnail, text) + 2 * kPad};
}

} // namespace dispatch::ui
