#pragma once

#include "logindialog.h"

#include <apiclient.h>
#include <apitypes.h>
#include <eventstreamclient.h>
#include <userdirectory.h>

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QUrl>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTabWidget;

namespace dispatch::ui {

class ConnectionStatus;
class JobBoard;
class JobDetailPane;
class JobEditor;
class MessagePage;
class NewJobActions;
class NoticeBanner;
class PhotoReviewPage;
class UsersPage;
class DispatchBoard;
class ProConsole;
class ProQueueDialog;
class WindowSettings;

/// The console's main window: the job board on the left, the selected job's details (or its
/// editor) on the right, menus whose every action has a shortcut, and a status bar that says
/// who is signed in, to which server, and whether it can be reached.
///
/// It starts empty ("Starting the local server…" in embedded mode) and never waits: the caller
/// reports the embedded server with embeddedServerStarted(), or calls connectToServer() for a
/// remote one; then the login dialog opens (window-modal, via open()), and after sign-in the
/// board loads page by page and follows the server's change events (net::EventStreamClient).
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows "Starting the local server…" until embeddedServerStarted() or
    /// embeddedServerFailed().
    void showStartingEmbedded();
    /// The in-process server is listening at `url`; the demo accounts are offered at sign-in.
    void embeddedServerStarted(const QUrl &url, const QList<DemoAccount> &accounts);
    void embeddedServerFailed(const QString &error);
    /// A remote dispatchd: open the login dialog with its address.
    void connectToServer(const QUrl &url);
    /// Signs in without the dialog (benchmark and screenshot runs with demo accounts).
    void signInDirectly(const QString &username, const QString &password);

    LoginDialog *loginDialog() const { return m_login; }
    JobBoard *board() const { return m_board; }
    QSplitter *splitter() const { return m_splitter; }
    /// What the window remembers between runs (off unless the console names a file).
    WindowSettings *settings() const { return m_settings; }
    JobDetailPane *detailPane() const { return m_detail; }
    ConnectionStatus *connectionStatus() const { return m_connection; }
    /// The open editor, or null.
    JobEditor *editor() const;
    net::ApiClient *apiClient() const { return m_api; }
    /// The signed-in user's work, as tabs: a pro's Offers and My jobs; an admin's Photo review
    /// and Jobs; a dispatcher's one board (no tab bar).
    QTabWidget *workspace() const { return m_workspace; }
    /// The pro's Offers and its queue; null unless a pro is signed in.
    ProConsole *proConsole() const;
    /// The admin's first tab, the photos to review; null unless an admin is signed in.
    PhotoReviewPage *photoReview() const;
    /// The admin's Users tab; null for other roles and when signed out.
    UsersPage *usersPage() const;
    /// Who is who in this session; null before the first sign-in.
    net::UserDirectory *userDirectory() const;
    /// The office's Dispatch tab (the pros' timeline); null for pros and when signed out.
    DispatchBoard *dispatchBoard() const;
    /// The line above the board: "It's yours: scheduled for …".
    NoticeBanner *jobsBanner() const { return m_jobsBanner; }
    /// The office's "Offers as a pro sees them" dialog; null when closed.
    ProQueueDialog *proQueueDialog() const;
    bool isBoardLoaded() const { return m_boardLoaded; }
    MessagePage *messagePage() const { return m_message; }
    /// The live change stream of the signed-in session; null while signed out.
    net::EventStreamClient *eventStream() const { return m_stream; }
    /// Job › New job… and Drafts… (office only), with the wizards they opened.
    NewJobActions *newJobActions() const { return m_newJobs; }

public Q_SLOTS:
    /// Opens the editor for the board's current job (Ctrl+E, Enter on a row).
    void editCurrentJob();
    void refreshBoard();
    void signOut();
    /// "Retry now" while offline: reconnects and polls at once, or reloads the board when it
    /// never loaded.
    void retryNow();
    /// Office: the offers queue as a chosen pro sees it, read-only (Job menu, Ctrl+Shift+P).
    void openProQueue();

Q_SIGNALS:
    /// Every page of the job list has arrived.
    void boardLoaded();
    /// The board's table has painted its first rows.
    void boardPainted();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    /// The size of a first start: most of the screen, the pane about a third of it.
    void applyDefaultSize();
    void buildMenus();
    /// Help › Keyboard shortcuts, for this user's role.
    void showShortcuts();
    /// The page shown while nobody is signed in; `offerSignIn` adds its Sign in button.
    void showMessagePage(const QString &text, bool busy, bool offerSignIn = false);
    /// `message`: why the user must sign in (again), shown in the dialog.
    void openLoginDialog(const QUrl &url, const QString &message = {});
    void onSignedIn(net::ApiClient *client, const net::UserInfo &user);
    void loadPage(const QString &cursor, int generation);
    void loadUsers();
    void onJobChanged(const net::VersionedJob &job);
    void onCurrentJobChanged(const QString &jobId);
    void onCurrentJobLeft(const QString &jobId);
    void openEditor(const net::VersionedJob &job);
    /// Closes the editor; with unsaved edits asks first (then answers false if the user
    /// keeps editing).
    bool closeEditor();
    void onStreamState(net::EventStreamClient::State state, const QDateTime &since);
    /// An event the stream applied: highlights the row when someone else made the change.
    void onEventApplied(const net::ChangeEvent &event);
    /// Events were lost: revalidate the cached jobs (304s for the current ones), then reload
    /// the board.
    void onResyncRequired();
    /// The server refused our token (revoked, expired): back to the login with `message`.
    /// Unlike signOut() it sends no logout, the token being dead already.
    void endSession(const QString &message);
    /// signOut() and endSession(): false when the user kept an editor with unsaved edits.
    bool leaveSession(bool sendLogout, const QString &message);
    /// Clears the row's "Saving…" from the detail pane's writes once no write to the job is left.
    void trackPendingWrites(const QString &jobId);
    void showNotice(const QString &text);
    /// A pro signed in: Offers first, the board becomes My jobs. An office user: the board
    /// alone; an admin has Photo review before it. Shows only the menu entries the role can
    /// use.
    void shapeForRole(const net::UserInfo &user);
    /// The admin's first view: Photo review as the first tab, current, Ctrl+1.
    void addPhotoReview();
    void addUsersPage();
    void addDispatchBoard();
    void changeOwnPassword();
    /// The pro won an offer: to My jobs, the job selected, "It's yours".
    void onJobWon(const net::VersionedJob &job);
    /// The pro's own jobs (their addresses are origins the Offers page offers).
    QList<Job> ownJobs() const;
    /// The first tab (a pro's Offers, an admin's Photo review) or the board.
    void showFirstPage(bool first);

    QStackedWidget *m_pages = nullptr;
    MessagePage *m_message = nullptr;
    QTabWidget *m_workspace = nullptr;
    QWidget *m_jobsPage = nullptr; ///< the banner over the splitter
    NoticeBanner *m_jobsBanner = nullptr;
    QSplitter *m_splitter = nullptr;
    QPointer<ProConsole> m_pro;
    QPointer<PhotoReviewPage> m_review;
    QPointer<UsersPage> m_usersPage;
    QAction *m_goToUsers = nullptr;
    QPointer<DispatchBoard> m_dispatch;
    QAction *m_goToDispatch = nullptr;
    QPointer<ProQueueDialog> m_proQueue;
    QList<net::UserInfo> m_pros; ///< for the office: every pro, with their home
    JobBoard *m_board = nullptr;
    QStackedWidget *m_right = nullptr;
    JobDetailPane *m_detail = nullptr;
    QPointer<JobEditor> m_editor;
    ConnectionStatus *m_connection = nullptr;
    QPointer<LoginDialog> m_login;

    QPointer<net::ApiClient> m_api;
    net::EventStreamClient *m_stream = nullptr;
    net::UserInfo m_user;
    QUrl m_serverUrl;
    bool m_embedded = false;
    QList<DemoAccount> m_demoAccounts;
    /// Who is who for this session (net/userdirectory.h); replaced at each sign-in.
    QPointer<net::UserDirectory> m_directory;
    int m_loadGeneration = 0;
    bool m_boardLoaded = false;
    bool m_boardLoadFailed = false; ///< the last load ended in an error still on screen
    QSet<QString> m_pendingJobs;
    QList<QAction *> m_signedInActions;
    QList<QAction *> m_officeActions; ///< hidden while a pro is signed in
    /// Ctrl+1..5 for a pro (Offers, then My jobs' tabs) and an admin (Photo review, then the
    /// board's tabs from Scheduled)
    QList<QAction *> m_firstTabActions;
    WindowSettings *m_settings = nullptr;
    NewJobActions *m_newJobs = nullptr;
};

} // namespace dispatch::ui
