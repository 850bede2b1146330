#pragma once

#include <QSize>
#include <QStyledItemDelegate>

namespace dispatch::ui {

/// Paints a PhotoListModel row as a uniform tile: the thumbnail fitted and centred in a box of
/// tileSize() (the placeholder until it is decoded), the review badge in its top right corner
/// and, when asked, the file name under it. It asks the model for the thumbnail at its own
/// tile size, so the strip and the gallery share one model with tiles of different sizes.
class PhotoTileDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PhotoTileDelegate(const QSize &tileSize, bool showFilename, QObject *parent = nullptr);

    QSize tileSize() const { return m_tileSize; }
    /// The whole item: the tile, its padding and the caption line.
    QSize itemSize(const QFont &font) const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    QSize m_tileSize;
    bool m_showFilename;
};

} // namespace dispatch::ui
