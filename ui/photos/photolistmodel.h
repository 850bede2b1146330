#pragma once

#include <apierror.h>
#include <photo.h>

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QSize>

namespace dispatch::net {
class PhotoClient;
}

namespace dispatch::ui {

class PhotoImageLoader;

/// The photos of one job, oldest first, for the strip, the gallery and the lightbox. It feeds
/// itself: setJob() lists the job's photos (PhotoClient::listPhotos), then PhotoClient's
/// photoAdded/photoChanged for that job (someone's upload, an admin's review, from the event
/// stream or this console's own writes) insert or update rows, never a reset, so a view keeps
/// its selection and scroll position.
///
/// Thumbnails are asked for lazily: a view asks for the decoration only of the items it
/// paints, and only then does thumbnail() start a load through PhotoImageLoader. So the visible
/// tiles load first and a gallery of a thousand photos decodes a screenful. Until a thumbnail
/// is decoded the tile shows a placeholder; the row changes when it arrives.
class PhotoListModel final : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        FilenameRole,
        ReviewStateRole,    ///< int(PhotoReviewState)
        PhotoRole,          ///< the whole Photo
        ThumbnailStateRole, ///< int(ThumbnailState) of the decoration at tileSize(); no load
    };
    enum class ThumbnailState { Loading, Ready, Failed };

    PhotoListModel(net::PhotoClient *photos, PhotoImageLoader *loader, QObject *parent = nullptr);

    /// Lists the job's photos (an empty id clears). Changing job resets the model.
    void setJob(const QString &jobId);
    /// Shows `photos` as the job's without asking the server: photos listed elsewhere (a
    /// benchmark's thousand). Later events for the job still apply.
    void setPhotos(const QString &jobId, const QList<Photo> &photos);
    QString jobId() const { return m_jobId; }
    /// True until the first list answer for the job.
    bool isLoading() const { return m_loading; }
    /// Why the list could not be loaded, in words; empty when it was.
    QString errorText() const { return m_error; }

    const QList<Photo> &photos() const { return m_photos; }
    Photo photoAt(int row) const { return m_photos.value(row); }
    int rowOf(const QString &photoId) const;
    /// "5 photos, 2 waiting for review", "Loading photos…", or why they could not be loaded.
    QString summaryText() const;

    /// The size DecorationRole is made at (logical pixels) and the screen's pixel ratio.
    void setTileSize(const QSize &size, qreal devicePixelRatio = 1.0);
    QSize tileSize() const { return m_tileSize; }
    /// The photo at `row` fitted in `target` logical pixels: from the cache at once, or the
    /// placeholder while the thumbnail of the fitting size loads off the UI thread.
    QPixmap thumbnail(int row, const QSize &target, qreal devicePixelRatio) const;
    ThumbnailState thumbnailState(int row, const QSize &target, qreal devicePixelRatio) const;
    /// How many thumbnail loads this model started (tests: only painted tiles ask).
    int thumbnailRequests() const { return m_requests; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    /// The summary text changed: photos listed, added or reviewed, or loading failed.
    void summaryChanged();

private:
    void onPhotoAdded(const Photo &photo);
    void onPhotoChanged(const Photo &photo);
    /// Inserts `photo` at its place by upload time, or updates its row when newer.
    void upsert(const Photo &photo);
    void onThumbnailLoaded(const QString &photoId);
    void onThumbnailFailed(const QString &photoId);
    /// The thumbnail size and decode target for `target` logical pixels.
    static std::pair<int, QSize> request(const QSize &target, qreal devicePixelRatio);

    QPointer<net::PhotoClient> m_client;
    QPointer<PhotoImageLoader> m_loader;
    QString m_jobId;
    QList<Photo> m_photos;
    bool m_loading = false;
    QString m_error;
    QSet<QString> m_failed; ///< photo ids whose thumbnail failed: not asked again
    QSize m_tileSize{112, 112};
    qreal m_devicePixelRatio = 1.0;
    int m_listRequest = 0; ///< the answer to apply is the newest list request's
    mutable int m_requests = 0;
};

} // namespace dispatch::ui
