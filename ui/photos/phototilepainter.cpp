#include "phototilepainter.h"

#include "palette.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmapCache>

namespace dispatch::ui {

namespace {

/// A landscape: a frame, a sun and two hills, in `rect`.
void paintPictureGlyph(QPainter &painter, const QRectF &rect)
{
    QPen pen(Palette::photoPlaceholderGlyph(), std::max(1.5, rect.width() / 16));
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(rect, rect.width() / 10, rect.width() / 10);
    const qreal w = rect.width();
    const qreal h = rect.height();
    painter.drawEllipse(QPointF(rect.left() + w * 0.7, rect.top() + h * 0.3), w * 0.09, w * 0.09);
    QPainterPath hills;
    hills.moveTo(rect.left() + w * 0.08, rect.bottom() - h * 0.12);
    hills.lineTo(rect.left() + w * 0.38, rect.top() + h * 0.45);
    hills.lineTo(rect.left() + w * 0.6, rect.bottom() - h * 0.3);
    hills.lineTo(rect.left() + w * 0.72, rect.top() + h * 0.6);
    hills.lineTo(rect.right() - w * 0.08, rect.bottom() - h * 0.12);
    painter.drawPath(hills);
}

/// The badge drawn with paths: antialiased ellipses and strokes, far dearer than a blit.
void drawReviewBadge(QPainter *painter, const QRectF &rect, PhotoReviewState state)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(Qt::white, std::max(1.0, rect.width() / 12)));
    painter->setBrush(Palette::photoReviewBadge(state));
    painter->drawEllipse(rect);
    QPen glyph(Qt::white, std::max(1.5, rect.width() / 8));
    glyph.setCapStyle(Qt::RoundCap);
    glyph.setJoinStyle(Qt::RoundJoin);
    painter->setPen(glyph);
    painter->setBrush(Qt::NoBrush);
    const qreal w = rect.width();
    const qreal h = rect.height();
    const QPointF c = rect.center();
    switch (state) {
    case PhotoReviewState::Pending: // a clock's hands
        painter->drawLine(c, c + QPointF(0, -h * 0.28));
        painter->drawLine(c, c + QPointF(w * 0.22, 0));
        break;
    case PhotoReviewState::Approved: { // a tick
        QPainterPath tick;
        tick.moveTo(rect.left() + w * 0.27, rect.top() + h * 0.52);
        tick.lineTo(rect.left() + w * 0.43, rect.top() + h * 0.68);
        tick.lineTo(rect.left() + w * 0.74, rect.top() + h * 0.34);
        painter->drawPath(tick);
        break;
    }
    case PhotoReviewState::Flagged: // an exclamation mark
        painter->drawLine(c + QPointF(0, -h * 0.27), c + QPointF(0, h * 0.07));
        painter->drawPoint(c + QPointF(0, h * 0.26));
        break;
    }
    painter->restore();
}

} // namespace

QPixmap photoPlaceholder(PhotoPlaceholder kind, const QSize &size, qreal devicePixelRatio)
{
    const QString key = QStringLiteral("photo-placeholder:%1:%2x%3@%4")
                            .arg(int(kind))
                            .arg(size.width())
                            .arg(size.height())
                            .arg(devicePixelRatio);
    QPixmap pixmap;
    if (QPixmapCache::find(key, &pixmap))
        return pixmap;
    pixmap = QPixmap((QSizeF(size) * devicePixelRatio).toSize());
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(QPointF(0, 0), QSizeF(size)).adjusted(0.5, 0.5, -0.5, -0.5);
    const qreal radius = std::min(box.width(), box.height()) / 12;
    painter.setPen(Qt::NoPen);
    painter.setBrush(Palette::photoPlaceholder());
    painter.drawRoundedRect(box, radius, radius);

    const qreal glyphSide = std::min(box.width(), box.height()) * 0.36;
    const QRectF glyph(box.center() - QPointF(glyphSide / 2, glyphSide * 0.4),
                       QSizeF(glyphSide, glyphSide * 0.8));
    paintPictureGlyph(painter, glyph);
    if (kind == PhotoPlaceholder::Failed) {
        QPen cross(Palette::errorText(), std::max(2.0, glyphSide / 12));
        cross.setCapStyle(Qt::RoundCap);
        painter.setPen(cross);
        painter.drawLine(glyph.topLeft() + QPointF(-2, -2), glyph.bottomRight() + QPointF(2, 2));
    }
    painter.end();
    QPixmapCache::insert(key, pixmap);
    return pixmap;
}

void paintReviewBadge(QPainter *painter, const QRectF &rect, PhotoReviewState state)
{
    // Drawn once per state, size and pixel ratio, then blitted: a screen of tiles repainted
    // while scrolling would otherwise stroke a dozen antialiased paths per frame.
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QSize side = rect.size().toSize();
    const QString key = QStringLiteral("photo-badge:%1:%2x%3@%4")
                            .arg(int(state))
                            .arg(side.width())
                            .arg(side.height())
                            .arg(ratio);
    QPixmap pixmap;
    if (!QPixmapCache::find(key, &pixmap)) {
        pixmap = QPixmap((QSizeF(side) * ratio).toSize());
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter badge(&pixmap);
        drawReviewBadge(&badge, QRectF(QPointF(0, 0), QSizeF(side)).adjusted(0.5, 0.5, -0.5, -0.5),
                        state);
        badge.end();
        QPixmapCache::insert(key, pixmap);
    }
    painter->drawPixmap(rect.topLeft(), pixmap);
}

} // namespace dispatch::ui
