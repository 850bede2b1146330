#pragma once

#include "photouploadmodel.h"

#include <photo.h>
#include <photoclient.h>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>

namespace dispatch::ui {

/// Adds files to jobs as photos (docs/ARCHITECTURE.md "Uploading photos"). Each file is read
/// off the UI thread (PhotoClient::inspectFile: size, type, SHA-256), checked against the job's
/// photos and the files already on their way (checkUpload(): a refusal or a duplicate costs no
/// request), then queued; at most kParallelUploads are sent at once, oldest first. Every file
/// is a row of model() from the check to the server's answer, which is the truth: a 200
/// duplicate is said like the local one, a 409 PHOTO_LIMIT re-reads the job's photos, and a
/// cancelled upload the server had already stored is shown as added.
///
/// Checks run in the order the files were added, so of two equal files the first is sent and
/// the second is said to be its duplicate, and the job's last free places go to the first.
class PhotoUploader final : public QObject {
    Q_OBJECT
public:
    /// Two at once keep the link busy without one large photo holding up all the others.
    static constexpr int kParallelUploads = 2;

    explicit PhotoUploader(net::PhotoClient *photos, QObject *parent = nullptr);

    PhotoUploadModel *model() const { return m_model; }

    /// The job's photos as someone has just read them (the photo strip, a listing): files are
    /// checked against them. They are merged with what is known; photos are never taken away.
    void setKnownPhotos(const QString &jobId, const QList<Photo> &photos);
    /// Reads the job's photos from the server (GET /jobs/{id}/photos) into what is known.
    void refreshKnownPhotos(const QString &jobId);
    /// Reads them only when they have not been read and no reading is under way.
    void ensureKnownPhotos(const QString &jobId);
    /// Whether the job's photos have been read (or given) at least once.
    bool knowsPhotosOf(const QString &jobId) const { return m_listed.contains(jobId); }
    QList<Photo> knownPhotos(const QString &jobId) const { return m_known.value(jobId); }

    /// One row per path; the checks wait for the job's photos when they are not known yet.
    void addFiles(const QString &jobId, const QStringList &paths);
    /// The same, with the job's photos as the caller knows them (see setKnownPhotos()).
    void addFiles(const QString &jobId, const QStringList &paths, const QList<Photo> &knownPhotos);

    /// Stops the file at any point before the answer; a photo the server had already stored
    /// stays, and the row then says so.
    void cancel(quint64 id);
    /// Checks and sends a failed file again (it is read again: it may have changed).
    void retry(quint64 id);
    /// Removes a finished row.
    void dismiss(quint64 id);
    /// Removes the job's finished rows.
    void clearFinished(const QString &jobId);

    /// Files of the job that are not finished (checking, queued or being sent).
    int unfinishedCount(const QString &jobId) const;
    /// The transfer of a row being sent; null otherwise (tests watch its progress).
    net::PhotoUpload *transferOf(quint64 id) const { return m_transfers.value(id); }

Q_SIGNALS:
    /// A row reached its outcome (done, duplicate, refused, failed or cancelled).
    void uploadFinished(quint64 id);

private:
    /// Applies the check to the job's inspected files, in the order they were added.
    void checkReady(const QString &jobId);
    /// Starts queued files while a slot is free.
    void pump();
    void start(quint64 id);
    void onFinished(quint64 id, const net::PhotoResult &result, bool cancelled);
    void inspect(quint64 id);
    void remember(const Photo &photo);
    /// Lists the job's photos, then runs `then` (also after a failed listing).
    void listPhotos(const QString &jobId, std::function<void()> then = {});
    void finish(quint64 id, PhotoUploadItem::State state, const QString &text);

    QPointer<net::PhotoClient> m_photos;
    PhotoUploadModel *m_model;
    QHash<QString, QList<Photo>> m_known;
    QSet<QString> m_listed;
    QSet<QString> m_listing; ///< jobs whose listing is in flight
    QHash<quint64, QPointer<net::PhotoUpload>> m_transfers;
};

} // namespace dispatch::ui
