#pragma once

#include <apitypes.h>

#include <QHash>
#include <QPointer>
#include <QWidget>

class QFileDialog;
class QLabel;
class QMimeData;
class QPushButton;
class QVBoxLayout;

namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class PhotoUploader;
class PhotoUploadRow;

/// "Add photos…" for the job shown, and one row per file being added: its name, a progress
/// bar, what is happening or what came of it in words, and Cancel (then Retry after a network
/// failure, Dismiss once finished). Files come from the button's file dialog (never a blocking
/// exec()) or from a drop on the detail pane, which asks acceptsDrop() and calls dropFiles().
///
/// Shown only when the user may add photos to the job (mayUploadPhotos(): the office on every
/// job, a pro on their own); while signed out or offline the button is disabled and the panel
/// says why. Rows of other jobs keep going when another job is shown and come back with it.
class PhotoUploadPanel final : public QWidget {
    Q_OBJECT
public:
    explicit PhotoUploadPanel(net::ApiClient *api, QWidget *parent = nullptr);
    ~PhotoUploadPanel() override;

    PhotoUploader *uploader() const { return m_uploader; }

    /// Follows the job shown: visible when `user` may add photos to it.
    void setJob(const Job &job, const net::UserInfo &user);
    void clearJob();
    QString jobId() const { return m_jobId; }

    /// Why files cannot be added now (the server cannot be reached); empty when they can.
    void setBlockedReason(const QString &why);
    /// What stops adding now, in words: signed out, offline; empty when nothing does.
    QString blockedReason() const;
    /// Shown for this job and nothing stops it.
    bool canAddNow() const;

    /// The local files a drag carries; empty when it carries none.
    static QStringList localFiles(const QMimeData *mime);
    /// Whether a drag carrying `mime` may be dropped now.
    bool acceptsDrop(const QMimeData *mime) const;
    /// Adds the files a drop carries; false (and nothing added) when it may not.
    bool dropFiles(const QMimeData *mime);
    /// Adds files to the job shown.
    void addFiles(const QStringList &paths);

    /// Opens the file dialog without blocking; the files chosen are added.
    void openFileDialog();
    /// The open file dialog; null when none is open.
    QFileDialog *fileDialog() const;
    QPushButton *addButton() const { return m_add; }
    QPushButton *clearButton() const { return m_clear; }
    /// The rows shown, top to bottom (this job's files).
    QList<PhotoUploadRow *> rows() const;

private:
    void sync();
    void updateHeader();

    PhotoUploader *m_uploader;
    QPointer<net::ApiClient> m_api;
    QString m_jobId;
    bool m_allowed = false;
    QString m_blocked;
    QPushButton *m_add = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_clear = nullptr;
    QVBoxLayout *m_rowsLayout = nullptr;
    QHash<quint64, PhotoUploadRow *> m_rows;
    QPointer<QFileDialog> m_dialog;
};

} // namespace dispatch::ui
