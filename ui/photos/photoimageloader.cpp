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
    // The decoders use `this` until they are done; queued answers die with it.
    m_pool.clear();
    m_pool.waitForDone();
}

PhotoImageLoader *PhotoImageLoader::shared(net::PhotoClient *photos)
{
    if (auto *found = photos->findChild<PhotoImageLoader *>(QString(), Qt::FindDirectChildrenOnly))
        return found;
    return new PhotoImageLoader(photos, photos);
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
    const Pending pending{{photo, size, target}, std::make_shared<std::atomic_bool>(false)};
    m_inFlight.insert(key, pending);
    ++m_stats.fetches;
    ++m_stats.fetchesBySize[size];
    m_photos->fetchImage(photo, size, this,
                         [this, pending, key](const net::ImageBytesResult &result) {
                             if (*pending.dropped)
                                 return; // cancelled while on its way; its entry is gone
                             if (!result.ok()) {
                                 m_inFlight.remove(key);
                                 Q_EMIT failed(pending.request.photo.id, result.error.message);
                                 return;
                             }
                             decode(pending, key, result.bytes);
                         });
    return {};
}

void PhotoImageLoader::decode(const Pending &pending, const QString &key, const QByteArray &bytes)
{
    // Newest first: the priority grows with every request (wrapping is harmless).
    m_priority = m_priority == std::numeric_limits<int>::max() ? 0 : m_priority + 1;
    m_pool.start(
        [this, pending, key, bytes] {
            // Scrolled past before its turn: no decode at all.
            if (*pending.dropped)
                return;
            QString error;
            const QImage image = decodeScaled(bytes, pending.request.target, &error);
            QMetaObject::invokeMethod(
                this,
                [this, pending, key, image, error] {
                    if (*pending.dropped)
                        return;
                    m_inFlight.remove(key);
                    const Photo &photo = pending.request.photo;
                    if (image.isNull()) {
                        qCInfo(lcPhotoImages) << "cannot decode" << photo.id << error;
                        Q_EMIT failed(photo.id, error);
                        return;
                    }
                    ++m_stats.decoded;
                    if (qint64(image.width()) * image.height() >
                        qint64(m_stats.largestDecoded.width()) * m_stats.largestDecoded.height())
                        m_stats.largestDecoded = image.size();
                    // QPixmap is made here, on the UI thread, as it must be.
                    QPixmapCache::insert(key, QPixmap::fromImage(image));
                    Q_EMIT loaded(photo.id);
                },
                Qt::QueuedConnection);
        },
        m_priority);
}

void PhotoImageLoader::drop(Pending &pending)
{
    *pending.dropped = true;
    ++m_stats.dropped;
}

void PhotoImageLoader::cancelPending()
{
    for (Pending &pending : m_inFlight)
        drop(pending);
    m_inFlight.clear();
    m_pool.clear();
}

void PhotoImageLoader::cancelPendingIf(
    const std::function<bool(const Photo &, int, const QSize &)> &dropIt)
{
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        const Request &request = it->request;
        if (dropIt(request.photo, request.size, request.target)) {
            drop(*it);
            it = m_inFlight.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace dispatch::ui
