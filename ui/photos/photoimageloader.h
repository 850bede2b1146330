#pragma once

#include <photo.h>

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QPointer>
#include <QSize>
#include <QThreadPool>

namespace dispatch::net {
class PhotoClient;
}

namespace dispatch::ui {

/// Pixmaps of photos for views, never decoded on the UI thread: the bytes come from
/// PhotoClient (its memory, or the server's thumbnail of `size`), are decoded on a small pool
/// with QImageReader at the size they are shown (`setScaledSize`, so a 12 MP photo shown at
/// 256 px is never decoded whole) and upright (`setAutoTransform`), and become a QPixmap on the
/// UI thread, kept in QPixmapCache.
///
/// A view asks for what it paints: `pixmap()` answers from the cache at once or returns a
/// null pixmap and starts loading; `loaded()` says when to repaint. The newest requests are
/// decoded first, so what is on screen now wins over what was scrolled past.
class PhotoImageLoader final : public QObject {
    Q_OBJECT
public:
    explicit PhotoImageLoader(net::PhotoClient *photos, QObject *parent = nullptr);
    ~PhotoImageLoader() override;

    /// The photo at thumbnail `size` (128, 256, 1024; 0 for the whole content) scaled to fit
    /// `target` (keeping its aspect; an empty target keeps the decoded size). Null when not
    /// loaded yet: the load starts, and loaded() follows.
    QPixmap pixmap(const Photo &photo, int size, const QSize &target);
    /// Whether pixmap() would answer at once.
    bool isCached(const Photo &photo, int size, const QSize &target) const;
    /// Drops requests not decoded yet (a view that scrolled far away or closed).
    void cancelPending();

    /// The thumbnail size to ask the server for to show a photo at `target` pixels.
    static int thumbnailSizeFor(const QSize &target);

Q_SIGNALS:
    void loaded(const QString &photoId);
    /// The bytes could not be fetched or decoded; `message` is for the user.
    void failed(const QString &photoId, const QString &message);

private:
    struct Request {
        Photo photo;
        int size = 0;
        QSize target;
    };
    static QString cacheKey(const Photo &photo, int size, const QSize &target);
    void decode(const Request &request, const QByteArray &bytes);

    QPointer<net::PhotoClient> m_photos;
    QThreadPool m_pool;
    QHash<QString, int> m_inFlight; ///< cache key -> generation it was asked in
    int m_generation = 0;
    int m_priority = 0; ///< grows, so newer requests run first
};

} // namespace dispatch::ui
