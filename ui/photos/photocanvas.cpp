#include "photocanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace dispatch::ui {

PhotoCanvas::PhotoCanvas(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("photoCanvas"));
    setAccessibleName(tr("Photo"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
}

void PhotoCanvas::setPhotoSize(const QSize &size)
{
    m_photoSize = size;
    m_center = QPointF(size.width() / 2.0, size.height() / 2.0);
    m_fit = true;
    update();
    Q_EMIT viewChanged();
}

void PhotoCanvas::setPixmap(const QPixmap &pixmap)
{
    m_pixmap = pixmap;
    update();
}

void PhotoCanvas::setText(const QString &text)
{
    m_text = text;
    update();
}

qreal PhotoCanvas::fitScale() const
{
    if (m_photoSize.isEmpty() || width() <= 0 || height() <= 0)
        return 1.0;
    return std::min(
        {1.0, qreal(width()) / m_photoSize.width(), qreal(height()) / m_photoSize.height()});
}

qreal PhotoCanvas::scale() const
{
    return m_fit ? fitScale() : m_scale;
}

void PhotoCanvas::fit()
{
    m_fit = true;
    m_center = QPointF(m_photoSize.width() / 2.0, m_photoSize.height() / 2.0);
    updateCursor();
    update();
    Q_EMIT viewChanged();
}

void PhotoCanvas::zoomBy(qreal factor, const QPointF &anchor)
{
    zoomTo(scale() * factor, anchor);
}

void PhotoCanvas::zoomTo(qreal newScale, const QPointF &anchor)
{
    newScale = std::clamp(newScale, std::min(kMinScale, fitScale()), kMaxScale);
    const qreal old = scale();
    // The photo point under the anchor stays under it.
    const QPointF widgetCenter = QRectF(rect()).center();
    const QPointF photoPoint = m_center + (anchor - widgetCenter) / old;
    m_center = photoPoint - (anchor - widgetCenter) / newScale;
    m_scale = newScale;
    m_fit = false;
    clampCenter();
    updateCursor();
    update();
    Q_EMIT viewChanged();
}

void PhotoCanvas::clampCenter()
{
    const qreal s = scale();
    const qreal halfW = width() / (2 * s);
    const qreal halfH = height() / (2 * s);
    const auto clampAxis = [](qreal center, qreal half, qreal extent) {
        if (2 * half >= extent)
            return extent / 2; // smaller than the widget: centred
        return std::clamp(center, half, extent - half);
    };
    m_center.setX(clampAxis(m_center.x(), halfW, m_photoSize.width()));
    m_center.setY(clampAxis(m_center.y(), halfH, m_photoSize.height()));
}

QRectF PhotoCanvas::imageRect() const
{
    const qreal s = scale();
    const QPointF topLeft = QRectF(rect()).center() - m_center * s;
    return QRectF(topLeft, QSizeF(m_photoSize) * s);
}

void PhotoCanvas::updateCursor()
{
    const QRectF image = imageRect();
    const bool pannable = image.width() > width() + 0.5 || image.height() > height() + 0.5;
    if (m_dragging)
        setCursor(Qt::ClosedHandCursor);
    else if (pannable)
        setCursor(Qt::OpenHandCursor);
    else
        unsetCursor();
}

void PhotoCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0x20, 0x20, 0x20)); // photos read best on a dark ground
    if (m_pixmap.isNull() || m_photoSize.isEmpty()) {
        painter.setPen(QColor(0xe0, 0xe0, 0xe0));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_text);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawPixmap(imageRect(), m_pixmap, QRectF(QPointF(0, 0), QSizeF(m_pixmap.size())));
    if (hasFocus()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

void PhotoCanvas::resizeEvent(QResizeEvent *)
{
    clampCenter();
    updateCursor();
    Q_EMIT viewChanged();
}

void PhotoCanvas::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier) || m_photoSize.isEmpty()) {
        event->ignore();
        return;
    }
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.25, steps), event->position());
    event->accept();
}

void PhotoCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_dragFrom = event->position();
    updateCursor();
}

void PhotoCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    const QPointF delta = event->position() - m_dragFrom;
    m_dragFrom = event->position();
    if (m_fit) {
        // A photo that fits has nowhere to go; keep the fit (it follows the window).
        return;
    }
    m_center -= delta / scale();
    clampCenter();
    update();
}

void PhotoCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = false;
        updateCursor();
    }
}

} // namespace dispatch::ui
