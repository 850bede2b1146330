#include "phototiledelegate.h"

#include "photolistmodel.h"
#include "phototilepainter.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace dispatch::ui {

namespace {
constexpr int kPadding = 4;
}

PhotoTileDelegate::PhotoTileDelegate(const QSize &tileSize, bool showFilename, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_tileSize(tileSize)
    , m_showFilename(showFilename)
{}

QSize PhotoTileDelegate::itemSize(const QFont &font) const
{
    QSize size = m_tileSize + QSize(2 * kPadding, 2 * kPadding);
    if (m_showFilename)
        size.rheight() += QFontMetrics(font).height() + kPadding;
    return size;
}

QSize PhotoTileDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    // Never the decoration's size: asking for it would load every photo's thumbnail.
    return itemSize(option.font);
}

void PhotoTileDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    const auto *model = qobject_cast<const PhotoListModel *>(index.model());
    if (!model) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // The selection and hover background, as the style draws them.
    QStyleOptionViewItem background = option;
    background.features &= ~QStyleOptionViewItem::HasDisplay;
    background.features &= ~QStyleOptionViewItem::HasDecoration;
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &background, painter, widget);

    const QRect tile(option.rect.left() + (option.rect.width() - m_tileSize.width()) / 2,
                     option.rect.top() + kPadding, m_tileSize.width(), m_tileSize.height());
    const qreal ratio =
        widget ? widget->devicePixelRatioF() : painter->device()->devicePixelRatioF();
    const QPixmap pixmap = model->thumbnail(index.row(), m_tileSize, ratio);
    const QSizeF shown = pixmap.deviceIndependentSize();
    const QRectF image(tile.left() + (tile.width() - shown.width()) / 2,
                       tile.top() + (tile.height() - shown.height()) / 2, shown.width(),
                       shown.height());
    painter->drawPixmap(image.topLeft(), pixmap);

    const auto state = PhotoReviewState(index.data(PhotoListModel::ReviewStateRole).toInt());
    const qreal badge = std::max(14, m_tileSize.width() / 6);
    paintReviewBadge(painter, QRectF(tile.right() - badge - 2, tile.top() + 2, badge, badge),
                     state);

    if (m_showFilename) {
        const QRect caption(option.rect.left() + kPadding, tile.bottom() + kPadding,
                            option.rect.width() - 2 * kPadding, option.fontMetrics.height());
        const QString text = option.fontMetrics.elidedText(
            index.data(PhotoListModel::FilenameRole).toString(), Qt::ElideMiddle, caption.width());
        const QPalette::ColorRole role =
            option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text;
        style->drawItemText(painter, caption, Qt::AlignHCenter | Qt::AlignTop, option.palette, true,
                            text, role);
    }

    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.backgroundColor = option.palette.color(QPalette::Base);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
}

} // namespace dispatch::ui
