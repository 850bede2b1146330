#include "reviewpreview.h"

#include "photoimageloader.h"

#include <QPaintEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionFocusRect>
#include <QTimer>

namespace dispatch::ui {

namespace {
/// Resizing asks for a new decode only once it pauses this long.
constexpr int kResizeSettleMs = 150;
/// A neutral dark ground: photos are judged by their own colours, not against the window's.
constexpr QRgb kGround = qRgb(0x2b, 0x2b, 0x2b);
constexpr QRgb kGroundText = qRgb(0xd0, 0xd0, 0xd0);
} // namespace

ReviewPreview::ReviewPreview(PhotoImageLoader *loader, QWidget *parent)
    : QWidget(parent)
    , m_loader(loader)
    , m_resizeTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("reviewPreview"));
    setAccessibleName(tr("Photo preview"));
    // It may hold the focus: the review keys work from here as from the list.
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_resizeTimer->setSingleShot(true);
    m_resizeTimer->setInterval(kResizeSettleMs);
    connect(m_resizeTimer, &QTimer::timeout, this, &ReviewPreview::request);
    if (loader) {
        connect(loader, &PhotoImageLoader::loaded, this, [this](const QString &photoId) {
            if (m_photo && m_photo->id == photoId)
                request();
        });
        connect(loader, &PhotoImageLoader::failed, this,
                [this](const QString &photoId, const QString &message) {
                    if (!m_photo || m_photo->id != photoId || !m_pixmap.isNull())
                        return;
                    m_failure = message;
                    update();
                });
    }
}

QSize ReviewPreview::sizeHint() const
{
    return {640, 480};
}

QSize ReviewPreview::minimumSizeHint() const
{
    return {240, 180};
}

QSize ReviewPreview::target() const
{
    // Device pixels, so a high-DPI screen gets a sharp picture.
    return (QSizeF(size()) * devicePixelRatioF()).toSize();
}

void ReviewPreview::setPhoto(const std::optional<Photo> &photo)
{
    const bool same = photo && m_photo && photo->id == m_photo->id;
    m_photo = photo;
    if (!same) {
        m_pixmap = {};
        m_failure.clear();
    }
    if (photo) {
        setAccessibleDescription(
            tr("%1, %2 × %3 pixels").arg(photo->filename).arg(photo->width).arg(photo->height));
    } else {
        setAccessibleDescription({});
    }
    request();
    update();
}

void ReviewPreview::prefetch(const Photo &photo)
{
    if (m_loader && !target().isEmpty())
        m_loader->pixmap(photo, kThumbnailSize, target());
}

void ReviewPreview::request()
{
    m_target = target();
    if (!m_photo || !m_loader || m_target.isEmpty())
        return;
    const QPixmap pixmap = m_loader->pixmap(*m_photo, kThumbnailSize, m_target);
    if (!pixmap.isNull()) {
        m_pixmap = pixmap;
        m_pixmap.setDevicePixelRatio(devicePixelRatioF());
        m_failure.clear();
        update();
    }
}

void ReviewPreview::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_pixmap.isNull())
        request(); // nothing to stretch meanwhile
    else
        m_resizeTimer->start();
}

void ReviewPreview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(kGround));
    if (!m_pixmap.isNull()) {
        const QSize shown =
            m_pixmap.deviceIndependentSize().toSize().scaled(size(), Qt::KeepAspectRatio);
        const QRect where((width() - shown.width()) / 2, (height() - shown.height()) / 2,
                          shown.width(), shown.height());
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawPixmap(where, m_pixmap);
    } else if (m_photo) {
        painter.setPen(QColor(kGroundText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         m_failure.isEmpty()
                             ? tr("Loading photo…")
                             : tr("The photo could not be shown: %1").arg(m_failure));
    }
    if (hasFocus()) {
        QStyleOptionFocusRect focus;
        focus.initFrom(this);
        focus.rect = rect().adjusted(1, 1, -1, -1);
        focus.backgroundColor = QColor(kGround);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, &painter, this);
    }
}

} // namespace dispatch::ui
