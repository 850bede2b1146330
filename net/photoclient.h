#pragma once

#include "apiclient.h"
#include "apierror.h"

#include <photo.h>

#include <QCache>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace dispatch::net {

struct PhotoResult {
    ApiError error;
    Photo photo;
    /// An upload of bytes the job already had: `photo` is the photo they were attached as.
    bool duplicate = false;
    /// True when a 304 let the cached copy stand.
    bool fromCache = false;
    /// Conflict (412): the photo as it is now, as the server sent it.
    std::optional<Photo> current;
    bool ok() const { return error.ok(); }
};

struct PhotoListResult {
    ApiError error;
    QList<Photo> photos; ///< oldest first
    bool ok() const { return error.ok(); }
};

/// One item of the review queue: the photo and enough of its job to judge it.
struct ReviewQueueItem {
    Photo photo;
    QString jobTitle;
    QString customerName;
    QString address;
};

struct ReviewCounts {
    int pending = 0;
    int approved = 0;
    int flagged = 0;
};

struct ReviewQueueQuery {
    PhotoReviewState state = PhotoReviewState::Pending;
    int limit = 50;
    QString cursor;
};

struct ReviewQueueResult {
    ApiError error;
    QList<ReviewQueueItem> items; ///< oldest first
    QString nextCursor;           ///< empty on the last page
    std::optional<ReviewCounts> counts;
    bool ok() const { return error.ok(); }
};

/// Encoded image bytes (a thumbnail or the full content), to be decoded off the UI thread.
struct ImageBytesResult {
    ApiError error;
    QByteArray bytes;
    /// Served from this client's memory without a request.
    bool fromCache = false;
    bool ok() const { return error.ok(); }
};

/// A file the user picked, read off the UI thread before anything is sent: what the console
/// checks itself (type, size, and the hash that finds a duplicate without sending it).
struct LocalPhotoFile {
    QString path;
    QString filename;    ///< the name without its folder, sent as X-Filename
    QString contentType; ///< sniffed from the bytes; empty when not a photo we take
    qint64 bytes = 0;
    QString sha256;    ///< lower-case hex; empty when the file could not be read
    QString readError; ///< why the file could not be read; empty when it was
};

/// One upload in flight: progress, cancel, and its result once. Owned by whoever started it
/// (its parent); deleting it cancels the transfer.
class PhotoUpload final : public QObject {
    Q_OBJECT
public:
    const LocalPhotoFile &file() const { return m_file; }
    QString jobId() const { return m_jobId; }
    bool isFinished() const { return m_finished; }
    qint64 bytesSent() const { return m_sent; }
    /// Stops the transfer; finished() follows with a Network error and wasCancelled() true.
    /// A photo the server had already stored stays stored: the next listing shows it.
    void cancel();
    bool wasCancelled() const { return m_cancelled; }

Q_SIGNALS:
    void progress(qint64 sent, qint64 total);
    /// Once, on success, refusal, failure or cancel (then `wasCancelled()` is true and the
    /// result's error is Network).
    void finished(const dispatch::net::PhotoResult &result);

private:
    friend class PhotoClient;
    PhotoUpload(const QString &jobId, const LocalPhotoFile &file, QObject *parent);
    void finish(const PhotoResult &result);

    QString m_jobId;
    LocalPhotoFile m_file;
    QPointer<QNetworkReply> m_reply;
    qint64 m_sent = 0;
    bool m_finished = false;
    bool m_cancelled = false;
};

/// The photo routes of docs/openapi.yaml ("Photos") for the console, beside ApiClient (whose
/// address and session it uses). Photos travel on a network access manager of their own, so a
/// 10 MiB upload or a gallery's thumbnails never queue the JSON requests behind them.
///
/// Content and thumbnails are addressed by their hash and never change: bytes already fetched
/// are kept in memory (by cost, a few dozen MiB) and served without a request. The photo
/// resource itself changes with its review; `getPhoto()` revalidates it with If-None-Match, and
/// `reviewPhoto()` sends the ETag the admin's decision was based on as If-Match, so two admins
/// deciding at once get one success and one Conflict with the photo as it is now.
///
/// Callbacks run on this object's thread, never from inside the call, and are skipped when
/// `context` is gone.
class PhotoClient final : public QObject {
    Q_OBJECT
public:
    template<typename Result> using Callback = std::function<void(const Result &)>;

    explicit PhotoClient(ApiClient *api, QObject *parent = nullptr);
    ~PhotoClient() override;

    ApiClient *api() const { return m_api; }

    void listPhotos(const QString &jobId, QObject *context, Callback<PhotoListResult> done);
    void getPhoto(const QString &photoId, QObject *context, Callback<PhotoResult> done);
    /// `base` is the photo as the admin saw it when deciding; its ETag goes as If-Match.
    void reviewPhoto(const Photo &base, PhotoReviewState state, const QString &note,
                     QObject *context, Callback<PhotoResult> done);
    void reviewQueue(const ReviewQueueQuery &query, QObject *context,
                     Callback<ReviewQueueResult> done);

    /// The thumbnail of `size` (128, 256 or 1024) or, with size 0, the whole content.
    /// Requests for the same bytes while one is in flight share it.
    void fetchImage(const Photo &photo, int size, QObject *context,
                    Callback<ImageBytesResult> done);
    /// Whether fetchImage() would answer from memory.
    bool hasImage(const Photo &photo, int size) const;
    /// Keeps `bytes` as the photo's image at `size` as if they had been fetched (they are
    /// addressed by the content's hash, so they never go stale): a file this console just
    /// uploaded, or a benchmark's generated thumbnails.
    void keepImage(const Photo &photo, int size, const QByteArray &bytes);

    /// Reads a file off the UI thread: size, sniffed type, SHA-256.
    void inspectFile(const QString &path, QObject *context, Callback<LocalPhotoFile> done);
    /// Starts uploading an inspected file; the upload belongs to `parent`.
    PhotoUpload *upload(const QString &jobId, const LocalPhotoFile &file, QObject *parent);

    /// Counters for tests (counts, never timings).
    struct Stats {
        int requestsSent = 0;
        int imageRequests = 0; ///< content and thumbnail GETs
        int uploadsSent = 0;   ///< POST /jobs/{id}/photos
        int notModified = 0;
    };
    Stats stats() const { return m_stats; }

Q_SIGNALS:
    /// A photo's new state from any answer of this client (upload, review, a fresher GET) or
    /// from a change event (someone else's upload or decision).
    void photoChanged(const dispatch::Photo &photo);
    /// A photo that was not there before: PHOTO_ADDED, or this client's own upload (201).
    void photoAdded(const dispatch::Photo &photo);

private:
    using Handler = std::function<void(RawReply &)>;
    QNetworkReply *send(const QByteArray &method, const QString &path,
                        const QList<std::pair<QString, QString>> &query, const QByteArray &body,
                        const QList<std::pair<QByteArray, QByteArray>> &headers, Handler handler);
    static RawReply rawFrom(QNetworkReply *reply);
    ApiError errorFrom(const RawReply &reply);
    PhotoResult photoResultFrom(const RawReply &reply);
    static QString imageKey(const Photo &photo, int size);
    /// Keeps the newer copy; true when `photo` was new or newer than what was known.
    bool remember(const Photo &photo);
    void applyEvent(const ChangeEvent &event);

    ApiClient *m_api;
    QNetworkAccessManager *m_manager;
    QHash<QString, Photo> m_photos;       ///< the newest copy of each photo seen, for If-None-Match
    QCache<QString, QByteArray> m_images; ///< cost in KiB
    QHash<QString, QList<std::function<void(const ImageBytesResult &)>>> m_imageWaiters;
    Stats m_stats;
};

} // namespace dispatch::net

Q_DECLARE_METATYPE(dispatch::net::PhotoResult)
