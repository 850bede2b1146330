#pragma once

#include <photo.h>
#include <photoclient.h>

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPushButton;
class QShortcut;
class QStackedWidget;
class QTabBar;

namespace dispatch::ui {

class NoticeBanner;
class PhotoImageLoader;
class ReviewPreview;
class ReviewQueueModel;

/// The admins' first view (docs/ARCHITECTURE.md, "Photo review"): the photos waiting for
/// review across all jobs, oldest first, on the left; the selected one large in the middle;
/// its job (title, customer, address, the job's other photos) and who uploaded it when on the
/// right.
///
/// Made to be worked through without the mouse: A approves, F opens a note line under the
/// picture (Enter flags with the note, Esc cancels), J and K skip to the next and previous,
/// Ctrl+Z undoes the last decision. After a decision the next photo takes the place of the
/// one decided at once; the server's answer follows. A photo another admin decided leaves the
/// list as the event arrives; one they decided first (412) says "Already reviewed by NAME
/// (flagged)" in the banner, and the page has already moved on. Messages go to a
/// NoticeBanner, never a dialog.
class PhotoReviewPage final : public QWidget {
    Q_OBJECT
public:
    explicit PhotoReviewPage(net::PhotoClient *photos, QWidget *parent = nullptr);
    ~PhotoReviewPage() override;

    ReviewQueueModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    ReviewPreview *preview() const { return m_preview; }
    NoticeBanner *banner() const { return m_banner; }
    QTabBar *filterBar() const { return m_filter; }
    QLineEdit *noteEdit() const { return m_noteEdit; }
    QListWidget *jobPhotosView() const { return m_jobPhotos; }

    /// The listed state (Waiting, Flagged or Approved).
    PhotoReviewState filter() const;
    void setFilter(PhotoReviewState state);
    /// "12 waiting · 40 approved · 1 flagged"; empty until the counts are known.
    QString countsText() const;
    /// The workspace tab's title: "Photo &review (12)" with the photos waiting.
    QString tabText() const;

    /// The photo shown; empty when none.
    QString currentPhotoId() const;
    /// Makes the photo's row current; false when it is not listed.
    bool selectPhoto(const QString &photoId);
    /// The context pane as "Label: value" lines (for tests).
    QString contextText() const;

public Q_SLOTS:
    void approveCurrent();
    /// Opens the note line for the current photo (F).
    void startFlag();
    void next();
    void previous();
    /// Undoes the last decision that has not been undone (Ctrl+Z).
    void undo();
    /// Reads the queue and the counts again, staying on the photo shown when it is listed.
    void reload();

Q_SIGNALS:
    /// tabText() changed.
    void tabTextChanged(const QString &text);
    /// "Open job": the main window shows the job on the board.
    void openJobRequested(const QString &jobId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// A decision that Ctrl+Z can take back.
    struct Decision {
        net::ReviewQueueItem decided; ///< the photo as the server answered (once answered)
        PhotoReviewState before = PhotoReviewState::Pending;
        QString noteBefore;
        bool answered = false;
        bool undoWanted = false; ///< Ctrl+Z came before the server's answer
    };

    QWidget *buildCenter();
    QWidget *buildContext();
    void buildShortcuts();
    void decide(const QString &photoId, PhotoReviewState state, const QString &note);
    /// Sends the decision that waited for an answer about this photo.
    void runWaiting(const QString &photoId);
    void onDecided(const QString &photoId, PhotoReviewState state, const net::PhotoResult &result);
    void sendUndo(const Decision &decision);
    void confirmFlag();
    void cancelFlag();
    void showCurrent();
    void showJobPhotos(const QString &jobId);
    void fillJobPhotos();
    void fitJobPhotos();
    void followRemoved(int first);
    void updateCounts();
    void updateEmptyState();
    void updateActions();
    void selectRow(int row);
    /// "Already reviewed by NAME (flagged)" from a 412's current copy.
    QString alreadyReviewedText(const Photo &current) const;
    static QString stateWord(PhotoReviewState state);
    void setShortcutsEnabled(bool enabled);
    /// The last-action line's resting text: the keys.
    void showKeysHint();

    QPointer<net::PhotoClient> m_photos;
    PhotoImageLoader *m_loader = nullptr;
    ReviewQueueModel *m_model = nullptr;
    NoticeBanner *m_banner = nullptr;
    QTabBar *m_filter = nullptr;
    QLabel *m_counts = nullptr;
    QListView *m_view = nullptr;
    QStackedWidget *m_centerStack = nullptr;
    ReviewPreview *m_preview = nullptr;
    QWidget *m_emptyPage = nullptr;
    QLabel *m_emptyTitle = nullptr;
    QLabel *m_emptyHint = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_flag = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_undo = nullptr;
    QWidget *m_noteBar = nullptr;
    QLineEdit *m_noteEdit = nullptr;
    QLabel *m_noteHint = nullptr;
    QLabel *m_lastAction = nullptr;
    QWidget *m_context = nullptr;
    QLabel *m_jobTitle = nullptr;
    QLabel *m_customer = nullptr;
    QLabel *m_address = nullptr;
    QPushButton *m_openJob = nullptr;
    QLabel *m_jobPhotosTitle = nullptr;
    QListWidget *m_jobPhotos = nullptr;
    QLabel *m_fileName = nullptr;
    QLabel *m_uploader = nullptr;
    QLabel *m_uploaded = nullptr;
    QLabel *m_dimensions = nullptr;
    QLabel *m_review = nullptr;
    QList<QShortcut *> m_shortcuts;

    QString m_currentPhotoId;
    QString m_flagPhotoId; ///< the photo the note line is for
    QString m_reselect;    ///< the photo shown when a reload began
    QString m_loadError;   ///< the banner's text after a failed load
    QString m_jobPhotosJobId;
    QList<Photo> m_jobPhotoList; ///< the shown job's photos, oldest first
    QList<Decision> m_decisions; ///< oldest first; Ctrl+Z takes the last
    /// A decision on a photo whose undo was still on its way (one at most).
    struct Waiting {
        QString photoId;
        PhotoReviewState state = PhotoReviewState::Pending;
        QString note;
    };
    std::optional<Waiting> m_waiting;
    bool m_currentLeaving = false;
};

} // namespace dispatch::ui
