#include "photouploader.h"

#include "errormessages.h"
#include "uploadcheck.h"

#include <QFileInfo>
#include <QLoggingCategory>

namespace dispatch::ui {

namespace {
Q_LOGGING_CATEGORY(lcUploads, "dispatch.ui.uploads", QtInfoMsg)
} // namespace

using State = PhotoUploadItem::State;

PhotoUploader::PhotoUploader(net::PhotoClient *photos, QObject *parent)
    : QObject(parent)
    , m_photos(photos)
    , m_model(new PhotoUploadModel(this))
{
    // Someone else's upload (PHOTO_ADDED) takes a place on the job and may be the same bytes.
    if (photos)
        connect(photos, &net::PhotoClient::photoAdded, this, &PhotoUploader::remember);
}

void PhotoUploader::remember(const Photo &photo)
{
    QList<Photo> &known = m_known[photo.jobId];
    for (Photo &existing : known) {
        if (existing.id == photo.id) {
            if (photo.version >= existing.version)
                existing = photo;
            return;
        }
    }
    known.append(photo);
}

void PhotoUploader::setKnownPhotos(const QString &jobId, const QList<Photo> &photos)
{
    for (const Photo &photo : photos) {
        if (photo.jobId == jobId)
            remember(photo);
    }
    m_listed.insert(jobId);
    checkReady(jobId);
}

void PhotoUploader::refreshKnownPhotos(const QString &jobId)
{
    listPhotos(jobId);
}

void PhotoUploader::ensureKnownPhotos(const QString &jobId)
{
    if (!m_listed.contains(jobId) && !m_listing.contains(jobId))
        listPhotos(jobId);
}

void PhotoUploader::listPhotos(const QString &jobId, std::function<void()> then)
{
    if (!m_photos) {
        if (then)
            then();
        return;
    }
    m_listing.insert(jobId);
    m_photos->listPhotos(jobId, this, [this, jobId, then](const net::PhotoListResult &result) {
        m_listing.remove(jobId);
        if (result.ok()) {
            setKnownPhotos(jobId, result.photos);
        } else {
            // Without the list the checks go on with what is known; the server still decides.
            qCInfo(lcUploads) << "cannot list the photos of" << jobId << result.error.toString();
            m_listed.insert(jobId);
            checkReady(jobId);
        }
        if (then)
            then();
    });
}

void PhotoUploader::addFiles(const QString &jobId, const QStringList &paths,
                             const QList<Photo> &knownPhotos)
{
    for (const Photo &photo : knownPhotos) {
        if (photo.jobId == jobId)
            remember(photo);
    }
    m_listed.insert(jobId);
    addFiles(jobId, paths);
}

void PhotoUploader::addFiles(const QString &jobId, const QStringList &paths)
{
    for (const QString &path : paths) {
        PhotoUploadItem item;
        item.jobId = jobId;
        item.path = path;
        item.filename = QFileInfo(path).fileName();
        const quint64 id = m_model->append(item);
        if (!m_photos) {
            finish(id, State::Refused, tr("Sign in to add photos."));
            continue;
        }
        inspect(id);
    }
    ensureKnownPhotos(jobId);
}

void PhotoUploader::inspect(quint64 id)
{
    const PhotoUploadItem *item = m_model->item(id);
    if (!item || !m_photos)
        return;
    m_photos->inspectFile(item->path, this, [this, id](const net::LocalPhotoFile &file) {
        const PhotoUploadItem *item = m_model->item(id);
        if (!item || item->state != State::Checking)
            return; // dismissed or cancelled meanwhile
        m_model->update(id, [&file](PhotoUploadItem &it) {
            it.file = file;
            it.inspected = true;
            it.total = file.bytes;
        });
        checkReady(item->jobId);
    });
}

void PhotoUploader::checkReady(const QString &jobId)
{
    if (!m_listed.contains(jobId))
        return; // the listing calls back
    bool queued = false;
    // A snapshot of ids: finishing a row changes the model under the loop.
    QList<quint64> ids;
    for (const PhotoUploadItem &item : m_model->items()) {
        if (item.jobId == jobId && item.state == State::Checking)
            ids.append(item.id);
    }
    for (const quint64 id : std::as_const(ids)) {
        const PhotoUploadItem *item = m_model->item(id);
        if (!item || !item->inspected)
            break; // later files wait for this one: the order decides duplicates and places
        QList<net::LocalPhotoFile> pending;
        for (const PhotoUploadItem &other : m_model->items()) {
            if (other.jobId == jobId && other.isActive())
                pending.append(other.file);
        }
        const UploadVerdict verdict = checkUpload(item->file, m_known.value(jobId), pending);
        if (verdict.kind == UploadVerdict::Kind::DuplicateOnJob) {
            m_model->update(id, [&verdict](PhotoUploadItem &it) { it.photo = verdict.existing; });
            finish(id, State::Duplicate, verdict.text);
        } else if (!verdict.ok()) {
            finish(id, State::Refused, verdict.text);
        } else {
            m_model->update(id, [](PhotoUploadItem &it) { it.state = State::Queued; });
            queued = true;
        }
    }
    if (queued)
        pump();
}

void PhotoUploader::pump()
{
    int sending = 0;
    for (const PhotoUploadItem &item : m_model->items())
        sending += item.state == State::Sending ? 1 : 0;
    QList<quint64> next;
    for (const PhotoUploadItem &item : m_model->items()) {
        if (sending + next.size() >= kParallelUploads)
            break;
        if (item.state == State::Queued)
            next.append(item.id);
    }
    for (const quint64 id : std::as_const(next))
        start(id);
}

void PhotoUploader::start(quint64 id)
{
    const PhotoUploadItem *item = m_model->item(id);
    if (!item || !m_photos)
        return;
    m_model->update(id, [](PhotoUploadItem &it) {
        it.state = State::Sending;
        it.sent = 0;
    });
    net::PhotoUpload *transfer = m_photos->upload(item->jobId, item->file, this);
    m_transfers.insert(id, transfer);
    connect(transfer, &net::PhotoUpload::progress, this, [this, id](qint64 sent, qint64 total) {
        const PhotoUploadItem *item = m_model->item(id);
        if (!item || item->state != State::Sending)
            return;
        // One change per percent: a 10 MB photo reports hundreds of chunks.
        const int before = item->percent();
        PhotoUploadItem probe = *item;
        probe.sent = sent;
        probe.total = total;
        if (probe.percent() == before && sent != total)
            return;
        m_model->update(id, [sent, total](PhotoUploadItem &it) {
            it.sent = sent;
            it.total = total;
        });
    });
    connect(transfer, &net::PhotoUpload::finished, this,
            [this, id, transfer](const net::PhotoResult &result) {
                onFinished(id, result, transfer->wasCancelled());
                m_transfers.remove(id);
                transfer->deleteLater();
            });
}

void PhotoUploader::onFinished(quint64 id, const net::PhotoResult &result, bool cancelled)
{
    const PhotoUploadItem *item = m_model->item(id);
    if (!item)
        return;
    const QString jobId = item->jobId;
    const QString filename = item->filename;
    const QString sha256 = item->file.sha256;
    if (cancelled) {
        finish(id, State::Cancelled, tr("Cancelled; it was not added."));
        // The last bytes may have reached the server before the cancel did: its list says.
        listPhotos(jobId, [this, id, jobId, sha256] {
            for (const Photo &photo : m_known.value(jobId)) {
                if (photo.sha256 != sha256)
                    continue;
                m_model->update(id, [&photo](PhotoUploadItem &it) {
                    if (it.state != State::Cancelled)
                        return;
                    it.state = State::Done;
                    it.photo = photo;
                    it.text = tr("Added: the server had it before the cancel reached it.");
                });
                return;
            }
        });
    } else if (result.ok()) {
        remember(result.photo);
        m_model->update(id, [&result](PhotoUploadItem &it) { it.photo = result.photo; });
        if (result.duplicate)
            finish(id, State::Duplicate, tr("Already attached as %1.").arg(result.photo.filename));
        else
            finish(id, State::Done, tr("Added."));
    } else {
        using Kind = net::ApiError::Kind;
        const net::ApiError &error = result.error;
        qCInfo(lcUploads) << "upload of" << filename << "failed:" << error.toString();
        if (error.is(Kind::Unexpected) && error.httpStatus == 0) {
            // PhotoClient could not open the file to send it.
            m_model->update(id, [](PhotoUploadItem &it) { it.retryable = true; });
            finish(id, State::Failed, tr("%1 could not be read: %2.").arg(filename, error.message));
        } else if (error.is(Kind::Network) || error.is(Kind::RateLimited)) {
            m_model->update(id, [](PhotoUploadItem &it) { it.retryable = true; });
            finish(id, State::Failed, photoUploadErrorText(error, filename));
        } else {
            finish(id, State::Refused, photoUploadErrorText(error, filename));
            // A full job or another refusal about the job: what it holds now is the server's.
            if (error.is(Kind::Rejected))
                listPhotos(jobId);
        }
    }
    pump();
}

void PhotoUploader::finish(quint64 id, State state, const QString &text)
{
    const bool changed = m_model->update(id, [state, &text](PhotoUploadItem &it) {
        it.state = state;
        it.text = text;
    });
    if (changed)
        Q_EMIT uploadFinished(id);
}

void PhotoUploader::cancel(quint64 id)
{
    const PhotoUploadItem *item = m_model->item(id);
    if (!item || item->isFinished())
        return;
    if (item->state == State::Sending) {
        if (net::PhotoUpload *transfer = m_transfers.value(id))
            transfer->cancel(); // finished() follows with wasCancelled()
        return;
    }
    const QString jobId = item->jobId;
    finish(id, State::Cancelled, tr("Cancelled; nothing was sent."));
    // A file waiting behind this one may now be checked.
    checkReady(jobId);
}

void PhotoUploader::retry(quint64 id)
{
    const PhotoUploadItem *item = m_model->item(id);
    if (!item || item->state != State::Failed)
        return;
    m_model->update(id, [](PhotoUploadItem &it) {
        it.state = State::Checking;
        it.inspected = false;
        it.retryable = false;
        it.sent = 0;
        it.text.clear();
    });
    inspect(id);
}

void PhotoUploader::dismiss(quint64 id)
{
    const PhotoUploadItem *item = m_model->item(id);
    if (item && item->isFinished())
        m_model->remove(id);
}

void PhotoUploader::clearFinished(const QString &jobId)
{
    QList<quint64> ids;
    for (const PhotoUploadItem &item : m_model->items()) {
        if (item.jobId == jobId && item.isFinished())
            ids.append(item.id);
    }
    for (const quint64 id : std::as_const(ids))
        m_model->remove(id);
}

int PhotoUploader::unfinishedCount(const QString &jobId) const
{
    int count = 0;
    for (const PhotoUploadItem &item : m_model->items())
        count += item.jobId == jobId && !item.isFinished() ? 1 : 0;
    return count;
}

} // namespace dispatch::ui
