#pragma once

#include <photo.h>
#include <photoclient.h>

#include <QAbstractListModel>
#include <QList>

#include <functional>

namespace dispatch::ui {

/// One file the user asked to add to a job, from the check to the server's answer.
struct PhotoUploadItem {
    enum class State {
        Checking,  ///< being read (size, type, hash) or waiting for the job's photos
        Queued,    ///< accepted, waiting for a free upload slot
        Sending,   ///< on the wire; `sent` of `total` bytes
        Done,      ///< the server added it (201)
        Duplicate, ///< the job already had these bytes, said locally or by the server (200)
        Refused,   ///< a rule said no, locally or on the server; `text` says which
        Failed,    ///< no answer (network, busy server); `retryable`
        Cancelled, ///< the user stopped it
    };

    quint64 id = 0;
    QString jobId;
    QString path;
    QString filename;
    State state = State::Checking;
    qint64 sent = 0;
    qint64 total = 0;
    /// The outcome in words once finished ("Already attached as IMG_2231.jpg.").
    QString text;
    /// Done and Duplicate: the photo the file is attached as.
    Photo photo;
    /// What inspectFile() found; valid once `inspected`.
    net::LocalPhotoFile file;
    bool inspected = false;
    bool retryable = false;

    bool isFinished() const { return state >= State::Done; }
    bool isActive() const { return state == State::Queued || state == State::Sending; }
    /// 0–100; 100 once the server has the photo.
    int percent() const;
};

/// The upload rows of a PhotoUploader, oldest first, for PhotoUploadPanel (one row per file).
/// The uploader changes rows through update() by id; views read the roles.
class PhotoUploadModel final : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        JobIdRole,
        StateRole,     ///< PhotoUploadItem::State as int
        PercentRole,   ///< 0–100
        StateTextRole, ///< what the row says under the name
        CanCancelRole,
        CanRetryRole,
        FinishedRole,
    };

    explicit PhotoUploadModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const PhotoUploadItem &at(int row) const { return m_items.at(row); }
    const QList<PhotoUploadItem> &items() const { return m_items; }
    /// The row of the item with this id; -1 when gone.
    int rowOf(quint64 id) const;
    const PhotoUploadItem *item(quint64 id) const;
    /// The first row, oldest first, whose filename is `filename` (for tests and screenshots).
    int rowOfFile(const QString &filename) const;

    /// Appends `item` with a new id; returns the id.
    quint64 append(PhotoUploadItem item);
    /// Changes the item in place and tells views; false when it is gone.
    bool update(quint64 id, const std::function<void(PhotoUploadItem &)> &change);
    void remove(quint64 id);

    /// What a row in `item`'s state says ("Sending… 42%", or the outcome's words).
    static QString stateText(const PhotoUploadItem &item);

private:
    QList<PhotoUploadItem> m_items;
    quint64 m_nextId = 1;
};

} // namespace dispatch::ui
