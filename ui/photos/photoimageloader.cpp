#include "photoimageloader.h"

#include <photoclient.h>

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QLoggingCategory>
#include <QPixmapCache>

#include <limits>

namespace dispatch::ui {

namespace {
Q_LOGGING_CATEGORY(lcPhotoImages, "dispatch.ui.photos.images", QtInfoMsg)

/// Decoded pixmaps kept for all views: a gallery screen of 256 px tiles plus a lightbox.
constexpr int kPixmapCacheKiB = 96 * 1024;

/// Decodes `bytes` to fit `target`, upright. Runs on the pool.
QImage decodeScaled(const QByteArray &bytes, const QSize &target, QString *error)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    QSize size = reader.size();
    if (!size.isValid()) {
        *error = reader.errorString();
        return {};
    }
    // The scaled size applies before the EXIF rotation: fit the rotated box.
    const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
    QSize box = target;
    if (turned)
        box.transpose();
    if (!box.isEmpty() && (size.width() > box.width() || size.height() > box.height()))
        reader.setScaledSize(size.scaled(box, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull())
        *error = reader.errorString();
    return image;
}
} // namespace

PhotoImageLoader::PhotoImageLoader(net::PhotoClient *photos, QObject *parent)
    : QObject(parent)
    , m_photos(photos)
{
    // Two decoders at most: the UI thread keeps a core of its own on a two-core office PC.
    m_pool.setMaxThreadCount(std::max(1, std::min(2, QThread::idealThreadCount() - 1)));
    if (QPixmapCache::cacheLimit() < kPixmapCacheKiB)
        QPixmapCache::setCacheLimit(kPixmapCacheKiB);
}

PhotoImageLoader::~PhotoImageLoader()
{
    m_pool.clear();
    m_pool.waitForDone();
}

int PhotoImageLoader::thumbnailSizeFor(const QSize &target)
{
    const int longest = std::max(target.width(), target.height());
    for (const int size : kPhotoThumbnailSizes) {
        if (longest <= size)
            return size;
    }
    return 0; // bigger than the largest thumbnail: the content itself
}

QString PhotoImageLoader::cacheKey(const Photo &photo, int size, const QSize &target)
{
    return QStringLiteral("photo:%1:%2:%3x%4")
        .arg(photo.sha256)
        .arg(size)
        .arg(target.width())
        .arg(target.height());
}

bool PhotoImageLoader::isCached(const Photo &photo, int size, const QSize &target) const
{
    QPixmap unused;
    return QPixmapCache::find(cacheKey(photo, size, target), &unused);
}

QPixmap PhotoImageLoader::pixmap(const Photo &photo, int size, const QSize &target)
{
    const QString key = cacheKey(photo, size, target);
    QPixmap pixmap;
    if (QPixmapCache::find(key, &pixmap))
        return pixmap;
    if (m_inFlight.contains(key) || !m_photos)
        return {};
    m_inFlight.insert(key, m_generation);
    const Request request{photo, size, target};
    m_photos->fetchImage(
        photo, size, this,
        [this, request, key, generation = m_generation](const net::ImageBytesResult &result) {
            if (generation != m_generation) {
                m_inFlight.remove(key);
                return; // cancelled while on its way
            }
            if (!result.ok()) {
                m_inFlight.remove(key);
                Q_EMIT failed(request.photo.id, result.error.message);
                return;
            }
            decode(request, result.bytes);
        });
    return {};
}

void PhotoImageLoader::decode(const Request &request, const QByteArray &bytes)
{
    QPointer<PhotoImageLoader> self(this);
    const QString key = cacheKey(request.photo, request.size, request.target);
    const int generation = m_generation;
    // Newest first: the priority grows with every request (wrapping is harmless).
    m_priority = m_priority == std::numeric_limits<int>::max() ? 0 : m_priority + 1;
    m_pool.start(
        [self, request, bytes, key, generation] {
            QString error;
            const QImage image = decodeScaled(bytes, request.target, &error);
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [self, request, key, generation, image, error] {
                    self->m_inFlight.remove(key);
                    if (generation != self->m_generation)
                        return;
                    if (image.isNull()) {
                        qCInfo(lcPhotoImages) << "cannot decode" << request.photo.id << error;
                        Q_EMIT self->failed(request.photo.id, error);
                        return;
                    }
                    // QPixmap is made here, on the UI thread, as it must be.
                    QPixmapCache::insert(key, QPixmap::fromImage(image));
                    Q_EMIT self->loaded(request.photo.id);
                },
                Qt::QueuedConnection);
        },
        m_priority);
}

void PhotoImageLoader::cancelPending()
{
    ++m_generation;
    m_pool.clear();
    m_inFlight.clear();
}

} // namespace dispatch::ui
