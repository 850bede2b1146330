#pragma once

#include <photo.h>

#include <QPixmap>
#include <QRect>
#include <QSize>

class QPainter;

namespace dispatch::ui {

/// What a photo's tile shows before (or instead of) its thumbnail.
enum class PhotoPlaceholder {
    Loading, ///< a neutral box with a picture glyph
    Failed,  ///< the same box, the glyph crossed out
};

/// The placeholder at `size` (logical pixels) for a screen of `devicePixelRatio`: a rounded box
/// drawn once per size and kept in QPixmapCache, so a screen of tiles waiting for their
/// thumbnails costs one blit each.
QPixmap photoPlaceholder(PhotoPlaceholder kind, const QSize &size, qreal devicePixelRatio);

/// The review badge in `rect` (a small circle): a clock for pending, a tick for approved, an
/// exclamation mark for flagged, white on the state's colour (Palette::photoReviewBadge).
void paintReviewBadge(QPainter *painter, const QRectF &rect, PhotoReviewState state);

} // namespace dispatch::ui
