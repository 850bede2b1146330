#include "photolistmodel.h"

#include "errormessages.h"
#include "photoimageloader.h"
#include "phototext.h"
#include "phototilepainter.h"

#include <photoclient.h>

#include <QLoggingCategory>

#include <algorithm>

namespace dispatch::ui {

namespace {
Q_LOGGING_CATEGORY(lcPhotoModel, "dispatch.ui.photos.model", QtInfoMsg)

/// Oldest first. The server lists photos in the order they were added, which upload times
/// of the same second do not tell apart: a listing keeps its order, and a photo added later
/// goes after every photo of its second.
bool uploadedBefore(const Photo &a, const Photo &b)
{
    return a.createdAt < b.createdAt;
}
} // namespace

PhotoListModel::PhotoListModel(net::PhotoClient *photos, PhotoImageLoader *loader, QObject *parent)
    : QAbstractListModel(parent)
    , m_client(photos)
    , m_loader(loader)
{
    if (m_client) {
        connect(m_client, &net::PhotoClient::photoAdded, this, &PhotoListModel::onPhotoAdded);
        connect(m_client, &net::PhotoClient::photoChanged, this, &PhotoListModel::onPhotoChanged);
    }
    if (m_loader) {
        connect(m_loader, &PhotoImageLoader::loaded, this, &PhotoListModel::onThumbnailLoaded);
        connect(m_loader, &PhotoImageLoader::failed, this, &PhotoListModel::onThumbnailFailed);
    }
}

void PhotoListModel::setJob(const QString &jobId)
{
    const int request = ++m_listRequest;
    beginResetModel();
    m_jobId = jobId;
    m_photos.clear();
    m_failed.clear();
    m_error.clear();
    m_loading = !jobId.isEmpty() && m_client;
    endResetModel();
    Q_EMIT summaryChanged();
    if (!m_loading)
        return;
    m_client->listPhotos(jobId, this, [this, request](const net::PhotoListResult &result) {
        if (request != m_listRequest)
            return; // another job was chosen meanwhile
        m_loading = false;
        if (!result.ok()) {
            m_error = describeError(result.error, tr("load the photos")).text;
            qCInfo(lcPhotoModel) << "photos of" << m_jobId
                                 << "not listed:" << result.error.toString();
        } else if (m_photos.isEmpty() && !result.photos.isEmpty()) {
            beginInsertRows({}, 0, int(result.photos.size()) - 1);
            m_photos = result.photos;
            endInsertRows();
        } else {
            // Events added rows before the answer: merge, never reset.
            for (const Photo &photo : result.photos)
                upsert(photo);
        }
        Q_EMIT summaryChanged();
    });
}

void PhotoListModel::setPhotos(const QString &jobId, const QList<Photo> &photos)
{
    ++m_listRequest;
    beginResetModel();
    m_jobId = jobId;
    m_photos = photos;
    std::stable_sort(m_photos.begin(), m_photos.end(), uploadedBefore);
    m_failed.clear();
    m_error.clear();
    m_loading = false;
    endResetModel();
    Q_EMIT summaryChanged();
}

int PhotoListModel::rowOf(const QString &photoId) const
{
    const auto it = std::find_if(m_photos.cbegin(), m_photos.cend(),
                                 [&](const Photo &photo) { return photo.id == photoId; });
    return it == m_photos.cend() ? -1 : int(it - m_photos.cbegin());
}

QString PhotoListModel::summaryText() const
{
    if (m_loading)
        return tr("Loading photos…");
    if (!m_error.isEmpty())
        return m_error;
    return PhotoText::summary(m_photos);
}

void PhotoListModel::onPhotoAdded(const Photo &photo)
{
    if (photo.jobId == m_jobId && !m_jobId.isEmpty())
        upsert(photo);
}

void PhotoListModel::onPhotoChanged(const Photo &photo)
{
    // A photo of this job not listed yet (an event before the list answer, or a photo this
    // client knew from elsewhere) is as good as added.
    if (photo.jobId == m_jobId && !m_jobId.isEmpty())
        upsert(photo);
}

void PhotoListModel::upsert(const Photo &photo)
{
    const int row = rowOf(photo.id);
    if (row >= 0) {
        if (photo.version < m_photos.at(row).version)
            return; // an older copy (a list answer sent before the review)
        const bool reviewChanged = photo.review.state != m_photos.at(row).review.state;
        m_photos[row] = photo;
        const QModelIndex changed = index(row);
        Q_EMIT dataChanged(changed, changed);
        if (reviewChanged)
            Q_EMIT summaryChanged();
        return;
    }
    const auto at = std::upper_bound(m_photos.cbegin(), m_photos.cend(), photo, uploadedBefore);
    const int insertAt = int(at - m_photos.cbegin());
    beginInsertRows({}, insertAt, insertAt);
    m_photos.insert(insertAt, photo);
    endInsertRows();
    if (!m_loading)
        Q_EMIT summaryChanged();
}

void PhotoListModel::setTileSize(const QSize &size, qreal devicePixelRatio)
{
    if (size == m_tileSize && qFuzzyCompare(devicePixelRatio, m_devicePixelRatio))
        return;
    m_tileSize = size;
    m_devicePixelRatio = devicePixelRatio;
    if (!m_photos.isEmpty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

std::pair<int, QSize> PhotoListModel::request(const QSize &target, qreal devicePixelRatio)
{
    // Decoded at the size shown on this screen, from the smallest thumbnail that covers it.
    const QSize device = (QSizeF(target) * devicePixelRatio).toSize();
    return {PhotoImageLoader::thumbnailSizeFor(device), device};
}

QPixmap PhotoListModel::thumbnail(int row, const QSize &target, qreal devicePixelRatio) const
{
    if (row < 0 || row >= m_photos.size())
        return {};
    const Photo &photo = m_photos.at(row);
    if (m_failed.contains(photo.id) || !m_loader)
        return photoPlaceholder(PhotoPlaceholder::Failed, target, devicePixelRatio);
    const auto [size, device] = request(target, devicePixelRatio);
    const int fetches = m_loader->stats().fetches;
    QPixmap pixmap = m_loader->pixmap(photo, size, device);
    if (m_loader->stats().fetches != fetches)
        ++m_requests; // this ask started a load (not one already on its way)
    if (pixmap.isNull())
        return photoPlaceholder(PhotoPlaceholder::Loading, target, devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    return pixmap;
}

PhotoListModel::ThumbnailState PhotoListModel::thumbnailState(int row, const QSize &target,
                                                              qreal devicePixelRatio) const
{
    if (row < 0 || row >= m_photos.size())
        return ThumbnailState::Failed;
    const Photo &photo = m_photos.at(row);
    if (m_failed.contains(photo.id) || !m_loader)
        return ThumbnailState::Failed;
    const auto [size, device] = request(target, devicePixelRatio);
    return m_loader->isCached(photo, size, device) ? ThumbnailState::Ready
                                                   : ThumbnailState::Loading;
}

void PhotoListModel::onThumbnailLoaded(const QString &photoId)
{
    const int row = rowOf(photoId);
    if (row < 0)
        return;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, ThumbnailStateRole});
}

void PhotoListModel::onThumbnailFailed(const QString &photoId)
{
    const int row = rowOf(photoId);
    if (row < 0)
        return;
    // Not asked again on every paint: the placeholder says it failed until the job is shown
    // again.
    m_failed.insert(photoId);
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, ThumbnailStateRole});
}

int PhotoListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_photos.size());
}

QVariant PhotoListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Photo &photo = m_photos.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case FilenameRole:
        return photo.filename;
    case Qt::DecorationRole:
        return thumbnail(index.row(), m_tileSize, m_devicePixelRatio);
    case Qt::ToolTipRole:
        return QStringList{photo.filename, PhotoText::uploaded(photo), PhotoText::review(photo)}
            .join(u'\n');
    case Qt::AccessibleTextRole:
        return PhotoText::accessible(photo);
    case Qt::AccessibleDescriptionRole:
        return QString(PhotoText::uploaded(photo) + u". " + PhotoText::review(photo));
    case IdRole:
        return photo.id;
    case ReviewStateRole:
        return int(photo.review.state);
    case PhotoRole:
        return QVariant::fromValue(photo);
    case ThumbnailStateRole:
        return int(thumbnailState(index.row(), m_tileSize, m_devicePixelRatio));
    default:
        return {};
    }
}

QHash<int, QByteArray> PhotoListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "photoId");
    names.insert(FilenameRole, "filename");
    names.insert(ReviewStateRole, "reviewState");
    names.insert(PhotoRole, "photo");
    names.insert(ThumbnailStateRole, "thumbnailState");
    return names;
}

} // namespace dispatch::ui
