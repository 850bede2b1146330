#pragma once

#include <apierror.h>
#include <jobeditsession.h>
#include <userdirectory.h>
#include <versionedjob.h>

#include <QHash>
#include <QList>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class ChangeBanner;
class ConflictDialog;

/// Edits a copy of one job's fields through a net::JobEditSession: a form over the canonical
/// fields, checked as the user types (checkFieldValue, errors inline under the field), with
/// Save (Ctrl+S), Revert and Close (Esc). Fields the job's status locks are disabled, with a
/// tooltip that says why.
///
/// Only what the server confirmed is called saved: while a write is in flight Save is disabled
/// and the editor says "Saving…"; the status line says "Saved" only after the answer. When the
/// save meets someone else's newer version, the session merges: without conflicts a banner
/// says so (ChangeBanner); with conflicts the ConflictDialog opens (window-modal, via open()),
/// and its resolution goes back to the session in one call (JobEditSession::resolve()). Errors are
/// told in plain words with one next step.
///
/// A job without an ETag (e.g. from a list) is read first; the form is disabled meanwhile.
class JobEditor final : public QWidget {
    Q_OBJECT
public:
    JobEditor(net::ApiClient *api, const net::VersionedJob &job, QWidget *parent = nullptr);
    ~JobEditor() override;

    QString jobId() const { return m_jobId; }
    bool hasUnsavedEdits() const;

    /// Who is who, for "changed by NAME": the console's directory. Without one the editor keeps
    /// its own, which learns the names the server sends with every version of the job.
    void setDirectory(net::UserDirectory *directory);
    net::UserDirectory *directory() const { return m_directory; }

    /// The session, once the job is loaded (null before); for the host and for tests.
    net::JobEditSession *session() const { return m_session; }
    /// The conflict dialog while it is open, else null.
    ConflictDialog *conflictDialog() const { return m_dialog; }
    ChangeBanner *banner() const { return m_banner; }
    /// The status line's text ("Saving…", "Saved · version 4", an error in words).
    QString statusText() const;

signals:
    void saved(const dispatch::net::VersionedJob &job);
    void closeRequested();

private:
    struct FieldRow {
        QString key;
        QWidget *editor = nullptr;
        QLabel *label = nullptr;
        QLabel *error = nullptr;
        bool valid = true;
        QString conflictNote; ///< after "Back to editing": their value, in the tooltip
    };

    void buildForm();
    void startSession(const net::VersionedJob &job);

    QString widgetText(const FieldRow &row) const;
    void setWidgetText(FieldRow &row, const QString &text);
    void onFieldEdited(FieldRow &row);
    /// Puts the session's values into the widgets whose value differs.
    void loadFromSession();
    void applyLocks();
    void updateState();

    void save();
    void revert();
    void onSaved(const net::VersionedJob &job);
    void onSaveFailed(const net::ApiError &error);
    void onConflicts(const MergeResult &merge, const net::VersionedJob &theirs);
    void onDialogFinished();
    void showRemoved();

    QString nameOf(const QString &userId) const;
    /// The failure in words (ui/common/errormessages.h); marks the field the server refused.
    QString errorInWords(const net::ApiError &error);

    QPointer<net::ApiClient> m_api;
    QString m_jobId;
    net::JobEditSession *m_session = nullptr;
    QPointer<net::UserDirectory> m_directory;
    QList<FieldRow> m_rows;
    bool m_loading = false;
    QString m_error; ///< the last failure in words, shown until the next edit or save

    QLabel *m_header = nullptr;
    QLabel *m_lockNotice = nullptr;
    ChangeBanner *m_banner = nullptr;
    QWidget *m_form = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_close = nullptr;
    QPointer<ConflictDialog> m_dialog;
};

} // namespace dispatch::ui
