#pragma once

#include <apiclient.h>
#include <apitypes.h>
#include <jobactions.h>
#include <userdirectory.h>
#include <versionedjob.h>

#include <QHash>
#include <QMap>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QInputDialog;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace dispatch::ui {

class ActionNotice;
class BestProsPanel;
class JobHistoryView;
class PhotoStrip;
class PhotoUploadPanel;
class ScheduleControls;

/// The right side of the board: one job's fields, its history, and the actions this user may
/// take in the job's status (models/jobactions.h, docs/openapi.yaml "Status machine"). A control
/// shows only when the user's role could ever take its action (roleMayEverTake(); the office
/// also sees the pro's steps); one that is not allowed now stays visible but disabled, with a
/// tooltip saying why, so a user learns what would make it possible. For a job the user may
/// assign, the best pros for it are ranked under the actions (BestProsPanel). Actions are written
/// through net::ApiClient with the ETag of the version shown; the result (or the error in plain
/// words) arrives without blocking.
///
/// Every per-job control (the pro to assign, the schedule, the code, the note) shows the values
/// of the job shown and is reloaded when another job is shown, so nothing one job showed can be
/// sent for another. The pane keeps its job until the user picks another: when the job leaves
/// the board's tab, the pane says where it went (showMovedNotice()). An unassign can be undone
/// for a few seconds; cancel and "Unassign and cancel…" ask first, with a reason.
class JobDetailPane final : public QWidget {
    Q_OBJECT
public:
    /// The actions of models/jobactions.h; the pane has a button for each but Accept and
    /// Delete.
    using Action = dispatch::JobAction;

    /// Whether `user` may do `action` on `job` now, and if not, why (one sentence).
    struct Availability {
        bool allowed = false;
        QString why;
    };
    static Availability availability(Action action, const Job &job, const net::UserInfo &user,
                                     const net::UserDirectory *directory = nullptr);

    explicit JobDetailPane(net::ApiClient *api, QWidget *parent = nullptr);

    void setUser(const net::UserInfo &user);
    /// The pros the Assign box offers.
    void setPros(const QList<net::UserInfo> &pros);
    /// Who is who, for "assigned to", "updated by" and the history; repaints when names arrive.
    void setDirectory(net::UserDirectory *directory);

    /// Shows the job at once, then fetches its newest version (with its ETag) and history.
    void showJob(const Job &job);
    /// Back to the "select a job" placeholder.
    void clearJob();
    QString jobId() const { return m_job.id(); }
    /// The version shown, with its ETag once fetched.
    const net::VersionedJob &shownJob() const { return m_job; }

    QPushButton *actionButton(Action action) const { return m_buttons.value(action); }
    /// "Unassign and cancel…" (unassignAndCancelSteps()): one confirmation, two writes.
    QPushButton *unassignAndCancelButton() const { return m_unassignCancel; }
    /// The notice over the actions: where the job went, the undo of an unassign.
    ActionNotice *actionNotice() const { return m_notice; }
    /// The job shown left the board's tab: says which tab holds it now (kept up to date while
    /// it moves on), with a button that asks for it to be shown there (revealRequested()).
    void showMovedNotice();
    /// "Best pros for this job"; shown only while the user may assign the job shown.
    BestProsPanel *bestProsPanel() const { return m_bestPros; }
    /// The job's photos: summary, thumbnails, the gallery and the lightbox.
    PhotoStrip *photoStrip() const { return m_photoStrip; }
    /// "Add photos…" and the files on their way; shown while the user may add photos to the
    /// job (the whole pane takes dropped files then).
    PhotoUploadPanel *photoUploads() const { return m_photoUploads; }
    /// Why photos cannot be added now (the server cannot be reached); empty when they can.
    void setPhotoUploadsBlocked(const QString &why);
    /// The server answers again: an error that said it could not be reached is dropped, and a
    /// job that could not be loaded is read again.
    void serverReachable();
    /// The detail text as shown (the placeholder when the customer gave no notes).
    QString detailsText() const;
    /// The last error shown, in words; empty when none.
    QString errorText() const;
    /// The dialog asking for a reason before a cancel or an expiry; null when none is open.
    QInputDialog *reasonDialog() const;

Q_SIGNALS:
    void editRequested(const QString &jobId);
    /// A write for the job was sent / has its answer (the board marks the row meanwhile).
    void writeStarted(const QString &jobId);
    void writeFinished(const QString &jobId);
    /// "Show it" on the moved notice: select the job in the board's tab that holds it.
    void revealRequested(const QString &jobId);
    /// A message for the status bar ("Assigned to Marcus Reyes.").
    void notice(const QString &text);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildDetails();
    QWidget *buildPhotoUploads();
    /// A drag of files onto the pane: accepted, and on drop added, when the user may add
    /// photos to the job now. True when it may.
    bool takePhotoDrag(QDropEvent *event);
    QWidget *buildActions();
    /// The photo strip (ui/photos), for every role: the server lists only what the user may see.
    QWidget *buildPhotoStrip();
    void refresh();
    void updateActions();
    /// Shows the action rows the user's role could ever use, and hides the others.
    void updateRows();
    void updateBestPros();
    /// A pro picked from the best pros: into the pro box, focus on Assign (never assigns).
    void proposePro(const QString &proId, const QString &name);
    void loadHistory();
    /// Cancel and expire end a job for good: ask for an optional reason and a confirmation.
    /// With `unassignFirst`, the confirmation is for "Unassign and cancel…".
    void confirmThenRun(Action action, bool unassignFirst = false);
    void run(Action action, const QString &reason = {});
    /// "Unassign and cancel…" after its confirmation: the unassign, then the cancel based on
    /// the unassign's answer.
    void unassignAndCancel(const QString &reason);
    /// The answer to a write sent on `sent` (the version shown then): on success the pane
    /// shows the answer and true is returned; on failure the error in words, and after a 412
    /// the server's version with what changed.
    bool takeAnswer(const net::VersionedJob &sent, const net::JobResult &result,
                    const QString &verb);
    /// After an unassign answered with `answer`: "Unassigned from NAME. Undo" for a few
    /// seconds; Undo assigns `proId` again with the answer's ETag.
    void offerUndoUnassign(const net::VersionedJob &answer, const QString &proId);
    /// Loads the per-job controls from the job shown when it is another job, or when its own
    /// values (schedule, pro) changed since they were loaded; `force` reloads them anyway.
    void loadControls(bool force = false);
    /// "Moved to TAB. Show it" for the job's status now, unless an undo is on offer.
    void updateMovedNotice();
    void onJobChanged(const net::VersionedJob &job);
    void showError(const QString &text);
    QString nameOf(const QString &userId) const;

    QPointer<net::ApiClient> m_api;
    net::UserInfo m_user;
    net::VersionedJob m_job; ///< etag empty until the fetch returns
    QPointer<net::UserDirectory> m_directory;
    QList<net::UserInfo> m_pros;
    int m_busy = 0;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_details = nullptr;
    QLabel *m_error = nullptr;
    QFormLayout *m_form = nullptr;
    QHash<QString, QLabel *> m_values;
    QMap<Action, QPushButton *> m_buttons;
    QFormLayout *m_actionForm = nullptr;
    /// Each row of the actions' form, with the actions its controls take.
    QList<std::pair<QLayout *, QList<Action>>> m_actionRows;
    BestProsPanel *m_bestPros = nullptr;
    PhotoStrip *m_photoStrip = nullptr;
    PhotoUploadPanel *m_photoUploads = nullptr;
    QComboBox *m_proBox = nullptr;
    ScheduleControls *m_schedule = nullptr;
    /// The job the per-job controls were loaded from (its id, schedule and pro).
    Job m_controlsBasis;
    QPushButton *m_unassignCancel = nullptr;
    ActionNotice *m_notice = nullptr;
    bool m_moved = false; ///< the job shown left the board's tab (showMovedNotice())
    QLineEdit *m_code = nullptr;
    QLineEdit *m_note = nullptr;
    JobHistoryView *m_history = nullptr;
    QPointer<QInputDialog> m_reasonDialog;
    bool m_networkError = false; ///< the error shown is "the server cannot be reached"
};

} // namespace dispatch::ui
