#pragma once

#include <photo.h>

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QPointer>
#include <QSize>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

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

    /// The loader every view of `photos` shares (a child of it, made on first use): one pool
    /// of decoders for the whole console, so a gallery and a lightbox never decode on four
    /// threads of a two-core PC.
    static PhotoImageLoader *shared(net::PhotoClient *photos);

    /// The photo at thumbnail `size` (128, 256, 1024; 0 for the whole content) scaled to fit
    /// `target` (keeping its aspect; an empty target keeps the decoded size). Null when not
    /// loaded yet: the load starts, and loaded() follows.
    QPixmap pixmap(const Photo &photo, int size, const QSize &target);
    /// Whether pixmap() would answer at once.
    bool isCached(const Photo &photo, int size, const QSize &target) const;
    /// Drops requests not decoded yet (a view that scrolled far away or closed).
    void cancelPending();
    /// Drops the requests not decoded yet for which `drop(photo, size, target)` is true: a
    /// gallery that scrolled on keeps what other views asked for. A dropped request is asked
    /// again by the next pixmap() call for it.
    void cancelPendingIf(
        const std::function<bool(const Photo &photo, int size, const QSize &target)> &drop);

    /// Counters for tests and benchmarks (never timings).
    struct Stats {
        int fetches = 0;               ///< requests for bytes (from PhotoClient's memory or not)
        QHash<int, int> fetchesBySize; ///< thumbnail size (0: the content) -> fetches
        int decoded = 0;
        int dropped = 0;      ///< requests cancelled before they were decoded
        QSize largestDecoded; ///< the largest image decoded, by area
    };
    Stats stats() const { return m_stats; }

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
    /// A request on its way; `dropped` is set when it is cancelled, and read by the decoder.
    struct Pending {
        Request request;
        std::shared_ptr<std::atomic_bool> dropped;
    };
    static QString cacheKey(const Photo &photo, int size, const QSize &target);
    void decode(const Pending &pending, const QString &key, const QByteArray &bytes);
    void drop(Pending &pending);

    QPointer<net::PhotoClient> m_photos;
    QThreadPool m_pool;
    QHash<QString, Pending> m_inFlight; ///< by cache key
    int m_priority = 0;                 ///< grows, so newer requests run first
    Stats m_stats;
};

} // namespace dispatch::ui
