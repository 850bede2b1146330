#pragma once

#include <QPixmap>
#include <QPointF>
#include <QWidget>

namespace dispatch::ui {

/// One photo, fitted to the widget or at a zoom: the lightbox's picture. It draws whatever
/// pixmap it was given scaled to the photo's place, so a small decode can stand in while a
/// sharper one is on its way. Ctrl+wheel zooms about the pointer, a drag pans a photo larger
/// than the widget; keys are the lightbox's.
class PhotoCanvas final : public QWidget {
    Q_OBJECT
public:
    explicit PhotoCanvas(QWidget *parent = nullptr);

    /// The photo's own size in pixels (its original); resets to fit.
    void setPhotoSize(const QSize &size);
    QSize photoSize() const { return m_photoSize; }
    /// The best decode so far, of any resolution; null shows the text instead.
    void setPixmap(const QPixmap &pixmap);
    const QPixmap &pixmapShown() const { return m_pixmap; }
    /// Said in the middle while there is no pixmap ("Loading…", or why it failed).
    void setText(const QString &text);

    /// Shown pixels per photo pixel (logical).
    qreal scale() const;
    bool isFit() const { return m_fit; }
    /// The scale that fits the whole photo in the widget (never above 100 %).
    qreal fitScale() const;
    void fit();
    void setScale(qreal scale) { zoomTo(scale, rect().center()); }
    /// Multiplies the scale by `factor` keeping the photo point under `anchor` still.
    void zoomBy(qreal factor, const QPointF &anchor);
    void zoomBy(qreal factor) { zoomBy(factor, QRectF(rect()).center()); }
    /// Where the photo is drawn, in widget coordinates.
    QRectF imageRect() const;

    static constexpr qreal kMinScale = 0.02;
    static constexpr qreal kMaxScale = 8.0;

Q_SIGNALS:
    /// The scale, the fit mode or the widget's size changed: the decode to show may differ.
    void viewChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void zoomTo(qreal scale, const QPointF &anchor);
    /// Keeps the photo covering the widget where it can, centred where it is smaller.
    void clampCenter();
    void updateCursor();

    QSize m_photoSize;
    QPixmap m_pixmap;
    QString m_text;
    bool m_fit = true;
    qreal m_scale = 1.0;
    QPointF m_center; ///< the photo point (photo pixels) at the widget's centre
    QPointF m_dragFrom;
    bool m_dragging = false;
};

} // namespace dispatch::ui
