#include "mainwindow.h"

#include "changepassworddialog.h"
#include "conflictdialog.h" // jobeditor.h holds a QPointer<ConflictDialog>
#include "connectionstatus.h"
#include "dispatchboard.h"
#include "dispatchtimeline.h"
#include "errormessages.h"
#include "jobboard.h"
#include "jobdetailpane.h"
#include "jobeditor.h"
#include "messagepage.h"
#include "newjobactions.h"
#include "noticebanner.h"
#include "offerqueue.h"
#include "offersmodel.h"
#include "offerspage.h"
#include "photoreviewpage.h"
#include "proconsole.h"
#include "proqueuedialog.h"
#include "shortcutsdialog.h"
#include "userspage.h"
#include "windowsettings.h"

#include <apiclient.h>
#include <joblistmodel.h>
#include <userclient.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace dispatch::ui {

Q_LOGGING_CATEGORY(lcUi, "dispatch.ui")

namespace {
/// Jobs per list request: the server's maximum, so 100,000 jobs take 100 round trips.
constexpr int kPageSize = 1000;

/// Focuses the first widget in `parent` that takes keyboard focus.
void focusFirstChild(QWidget *parent)
{
    const auto children = parent->findChildren<QWidget *>();
    for (QWidget *child : children) {
        if ((child->focusPolicy() & Qt::TabFocus) && child->isEnabled() &&
            child->isVisibleTo(parent)) {
            child->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    parent->setFocus(Qt::OtherFocusReason);
}

QString whoText(const net::UserInfo &user)
{
    return QStringLiteral("%1 (%2)").arg(user.name, displayName(user.role).toLower());
}
/// The first window's size (until the user's own is saved), within the screen.
constexpr QSize kDefaultSize(1560, 980);
constexpr QSize kMinimumDefaultSize(1280, 780);
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QStackedWidget(this))
    , m_message(new MessagePage(this))
    , m_workspace(new QTabWidget(this))
    , m_jobsPage(new QWidget(this))
    , m_jobsBanner(new NoticeBanner(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_board(new JobBoard(this))
    , m_right(new QStackedWidget(this))
    , m_detail(new JobDetailPane(nullptr, this))
    , m_connection(new ConnectionStatus(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_message->setObjectName(QStringLiteral("messagePage"));
    connect(m_message, &MessagePage::signInRequested, this,
            [this] { openLoginDialog(m_serverUrl); });
    m_pages->addWidget(m_message);

    m_right->addWidget(m_detail);
    m_splitter->addWidget(m_board);
    m_splitter->addWidget(m_right);
    // A wider window widens the board; the detail pane keeps its share (and its minimum).
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setChildrenCollapsible(false);
    m_jobsBanner->setObjectName(QStringLiteral("jobsBanner"));
    auto *jobsLayout = new QVBoxLayout(m_jobsPage);
    jobsLayout->setContentsMargins(0, 0, 0, 0);
    jobsLayout->setSpacing(0);
    jobsLayout->addWidget(m_jobsBanner);
    jobsLayout->addWidget(m_splitter, 1);
    m_workspace->setObjectName(QStringLiteral("workspaceTabs"));
    m_workspace->setDocumentMode(true);
    m_workspace->setTabBarAutoHide(true); // a single page needs no tab bar
    // Workspace tabs take no Alt+letter: each has its Ctrl shortcut (View menu), and the
    // pages' own buttons need the letters (tests/ui/tst_mnemonics).
    m_workspace->addTab(m_jobsPage, tr("Jobs"));
    m_pages->addWidget(m_workspace);
    setCentralWidget(m_pages);
    statusBar()->addPermanentWidget(m_connection);
    m_connection->setUser({});
    connect(m_connection, &ConnectionStatus::retryRequested, this, &MainWindow::retryNow);

    connect(m_board, &JobBoard::currentJobChanged, this, &MainWindow::onCurrentJobChanged);
    connect(m_board, &JobBoard::currentJobLeft, this, &MainWindow::onCurrentJobLeft);
    connect(m_board, &JobBoard::jobActivated, this, [this](const QString &) { editCurrentJob(); });
    connect(m_board, &JobBoard::firstRowsPainted, this, &MainWindow::boardPainted);

    buildMenus();
    applyDefaultSize();
    showMessagePage(tr("Dispatch Console"), false);
    m_settings = new WindowSettings(this); // restores the saved layout
}

MainWindow::~MainWindow() = default;

void MainWindow::applyDefaultSize()
{
    // Most of the screen, so the board's columns and the pane's history are readable without
    // resizing anything; a large monitor does not get a window the size of a wall, and a
    // small screen's window manager fits the minimum to it.
    const QSize available = screen() ? screen()->availableGeometry().size() : kDefaultSize;
    resize(
        std::clamp(available.width() * 9 / 10, kMinimumDefaultSize.width(), kDefaultSize.width()),
        std::clamp(available.height() * 9 / 10, kMinimumDefaultSize.height(),
                   kDefaultSize.height()));
    // The pane keeps about a third: its form, actions and history read at 480 px and more.
    const int pane = std::max(480, width() * 36 / 100);
    m_splitter->setSizes({width() - pane, pane});
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *signOutAction = file->addAction(tr("Sign &out"), this, &MainWindow::signOut);
    signOutAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    QAction *password =
        file->addAction(tr("Change &password…"), this, &MainWindow::changeOwnPassword);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh board"), this, &MainWindow::refreshBoard);
    refresh->setShortcut(QKeySequence::Refresh);
    QAction *focusBoard = view->addAction(tr("Go to &board"), this, [this] {
        showFirstPage(false);
        m_board->view()->setFocus(Qt::ShortcutFocusReason);
    });
    focusBoard->setShortcut(QKeySequence(QStringLiteral("Ctrl+B")));
    QAction *focusDetails = view->addAction(tr("Go to &details"), this, [this] {
        if (m_pro && m_workspace->currentWidget() == m_pro->page())
            focusFirstChild(m_pro->page()->acceptButton()->parentWidget());
        else
            focusFirstChild(m_right->currentWidget());
    });
    focusDetails->setShortcut(QKeySequence(QStringLiteral("F6")));
    QAction *search = view->addAction(tr("&Search jobs"), this, [this] {
        showFirstPage(false);
        m_board->searchEdit()->setFocus(Qt::ShortcutFocusReason);
        m_board->searchEdit()->selectAll();
    });
    search->setShortcut(QKeySequence::Find);
    view->addAction(m_board->overdueFirstAction());
    m_goToUsers = view->addAction(tr("Go to &users"), this, [this] {
        if (m_usersPage) {
            m_workspace->setCurrentWidget(m_usersPage);
            m_usersPage->view()->setFocus(Qt::ShortcutFocusReason);
        }
    });
    m_goToUsers->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+U")));
    m_goToUsers->setVisible(false);
    m_goToDispatch = view->addAction(tr("Go to &dispatch"), this, [this] {
        if (m_dispatch) {
            m_workspace->setCurrentWidget(m_dispatch);
            m_dispatch->timeline()->setFocus(Qt::ShortcutFocusReason);
        }
    });
    m_goToDispatch->setShortcut(QKeySequence(QStringLiteral("Ctrl+D")));
    m_goToDispatch->setVisible(false);

    QMenu *job = menuBar()->addMenu(tr("&Job"));
    // New job and Drafts (office only): the wizard's actions, and the published job selected.
    m_newJobs = new NewJobActions(this, job);
    connect(m_newJobs, &NewJobActions::jobPublished, this, [this](const net::VersionedJob &made) {
        m_board->model()->upsertJob(made.job);
        showFirstPage(false);
        if (m_board->selectJob(made.id()))
            m_board->view()->setFocus(Qt::OtherFocusReason);
    });
    job->addSeparator();
    QAction *edit = job->addAction(tr("&Edit job…"), this, &MainWindow::editCurrentJob);
    edit->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
    QAction *note = job->addAction(tr("Add &note"), this, [this] {
        if (auto *noteEdit = m_detail->findChild<QWidget *>(QStringLiteral("noteEdit")))
            noteEdit->setFocus(Qt::ShortcutFocusReason);
    });
    note->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    // The pane's button, so the rule and its confirmation stay in one place.
    QAction *unassignCancel = job->addAction(tr("Unassign and &cancel…"), this, [this] {
        QPushButton *button = m_detail->unassignAndCancelButton();
        if (button && button->isEnabled())
            button->click();
        else if (button)
            showNotice(button->toolTip());
    });
    job->addSeparator();
    QAction *asPro =
        job->addAction(tr("Offers as a &pro sees them…"), this, &MainWindow::openProQueue);
    asPro->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+P")));
    m_signedInActions = {signOutAction,  refresh, edit,  note,
                         unassignCancel, search,  asPro, password};
    m_officeActions = {edit, unassignCancel, asPro};

    // A pro's and an admin's Ctrl+1..5: their first tab (Offers, Photo review), then the
    // board's tabs (Scheduled … All) in the board's numbering.
    const auto proTab = [this](int number, const std::function<void()> &go) {
        auto *action = new QAction(this);
        action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(number)));
        action->setShortcutContext(Qt::WindowShortcut);
        action->setEnabled(false);
        connect(action, &QAction::triggered, this, go);
        addAction(action);
        m_firstTabActions.append(action);
    };
    proTab(1, [this] { showFirstPage(true); });
    const QList<JobFilterProxyModel::Tab> tabs = JobFilterProxyModel::allTabs();
    for (int number = 2; number <= int(tabs.size()); ++number) {
        const auto tab = tabs.at(number - 1);
        proTab(number, [this, tab] {
            showFirstPage(false);
            m_board->setTab(tab);
            m_board->view()->setFocus(Qt::ShortcutFocusReason);
        });
    }
    for (QAction *action : std::as_const(m_signedInActions))
        action->setEnabled(false);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts)
        ->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::showShortcuts()
{
    using Section = ShortcutsDialog::Section;
    // The keys that live inside views; the menus' own come from the menu bar.
    QList<Section> sections;
    if (m_pro) {
        sections.append(
            {tr("Pages"),
             {{tr("Ctrl+1"), tr("Offers")},
              {tr("Ctrl+2 … Ctrl+5"), tr("My jobs: Scheduled, In progress, Done, All")}}});
        sections.append({tr("Offers"),
                         {{tr("Up, Down"), tr("Move between offers")},
                          {tr("Enter, Alt+A"), tr("Accept the selected offer")}}});
    } else if (m_review) {
        sections.append({tr("Pages"),
                         {{tr("Ctrl+1"), tr("Photo review")},
                          {tr("Ctrl+2 … Ctrl+5"), tr("Jobs: Scheduled, In progress, Done, All")},
                          {tr("Alt+J"), tr("Jobs")}}});
        sections.append({tr("Photo review"),
                         {{tr("A"), tr("Approve the photo")},
                          {tr("F"), tr("Flag the photo, with a note")},
                          {tr("J, K"), tr("Next photo, previous photo")},
                          {tr("Ctrl+Z"), tr("Undo the last decision")}}});
    } else {
        sections.append(
            {tr("Board"),
             {{tr("Ctrl+1 … Ctrl+5"), tr("Tabs: Available, Scheduled, In progress, Done, All")}}});
    }
    if (!m_pro) {
        sections.append({tr("Jobs"),
                         {{tr("Up, Down"), tr("Move between jobs")},
                          {tr("Enter"), tr("Edit the selected job")},
                          {tr("Ctrl+S"), tr("Save in the editor")},
                          {tr("Esc"), tr("Close the editor")}}});
    }
    sections.append(ShortcutsDialog::menuSections(menuBar()));
    sections.append({tr("Everywhere"),
                     {{tr("Alt + underlined letter"), tr("Press that button or open that menu")},
                      {tr("Tab, Shift+Tab"), tr("Move between controls")}}});
    auto *dialog = new ShortcutsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSections(sections);
    dialog->open();
}

void MainWindow::showMessagePage(const QString &text, bool busy, bool offerSignIn)
{
    m_pages->setCurrentIndex(0);
    m_message->show(text, busy, offerSignIn);
}

void MainWindow::showStartingEmbedded()
{
    m_embedded = true;
    m_connection->setState(ConnectionStatus::State::Starting);
    showMessagePage(tr("Starting the local server…"), true);
}

void MainWindow::embeddedServerStarted(const QUrl &url, const QList<DemoAccount> &accounts)
{
    m_embedded = true;
    m_demoAccounts = accounts;
    m_serverUrl = url;
    m_connection->setServer(url, true);
    openLoginDialog(url);
}

void MainWindow::embeddedServerFailed(const QString &error)
{
    m_connection->setState(ConnectionStatus::State::Offline, error);
    showMessagePage(tr("The local server could not start: %1\n\nStart the console with "
                       "--server URL to use another server, or with --data-dir DIR to use "
                       "another folder.")
                        .arg(error),
                    false);
}

void MainWindow::connectToServer(const QUrl &url)
{
    m_embedded = false;
    m_serverUrl = url;
    m_connection->setServer(url, false);
    openLoginDialog(url);
}

void MainWindow::openLoginDialog(const QUrl &url, const QString &message)
{
    showMessagePage(tr("Sign in to continue."), false);
    m_connection->setState(ConnectionStatus::State::NotSignedIn);
    if (m_login)
        m_login->deleteLater();
    m_login = new LoginDialog(this);
    m_login->setServerUrl(url);
    if (m_embedded)
        m_login->setDemoAccounts(m_demoAccounts);
    if (!message.isEmpty())
        m_login->showMessage(message);
    connect(m_login, &LoginDialog::signedIn, this, &MainWindow::onSignedIn);
    m_settings->prepareLogin(m_login, m_embedded);
    connect(m_login, &QDialog::rejected, this, [this] {
        showMessagePage(tr("Not signed in."), false, /*offerSignIn=*/true);
        if (QAction *signOutAction = m_signedInActions.value(0))
            signOutAction->setEnabled(true);
    });
    m_login->open();
}

void MainWindow::signInDirectly(const QString &username, const QString &password)
{
    auto *client = new net::ApiClient(m_serverUrl, this);
    client->login(username, password, this, [this, client](const net::LoginResult &result) {
        if (!result.ok()) {
            showMessagePage(describeError(result.error, tr("sign in")).combined(), false,
                            /*offerSignIn=*/true);
            client->deleteLater();
            return;
        }
        onSignedIn(client, result.user);
    });
}

void MainWindow::onSignedIn(net::ApiClient *client, const net::UserInfo &user)
{
    if (m_api && m_api != client)
        m_api->deleteLater();
    client->setParent(this);
    m_api = client;
    m_user = user;
    m_serverUrl = client->apiBase().adjusted(QUrl::RemovePath);
    m_connection->setServer(m_serverUrl, m_embedded);
    m_connection->setUser(whoText(user));
    m_connection->setState(ConnectionStatus::State::Connected);
    // One directory per session: who is who, for every view that shows people.
    if (m_directory)
        m_directory->deleteLater();
    m_directory = new net::UserDirectory(client, this);
    m_directory->setSignedIn(user);
    m_board->model()->setDirectory(m_directory);
    for (QAction *action : std::as_const(m_signedInActions))
        action->setEnabled(true);

    // The detail pane follows this client's cache.
    auto *oldDetail = m_detail;
    m_detail = new JobDetailPane(m_api, this);
    m_right->insertWidget(0, m_detail);
    m_right->setCurrentWidget(m_detail);
    oldDetail->deleteLater();
    m_detail->setUser(user);
    m_detail->setDirectory(m_directory);
    connect(m_detail, &JobDetailPane::editRequested, this, [this] { editCurrentJob(); });
    connect(m_detail, &JobDetailPane::notice, this, &MainWindow::showNotice);
    connect(m_detail, &JobDetailPane::revealRequested, this, [this](const QString &id) {
        if (m_board->selectJobInItsTab(id))
            m_board->view()->setFocus(Qt::OtherFocusReason);
    });
    connect(m_detail, &JobDetailPane::writeStarted, this, [this](const QString &id) {
        m_board->model()->setPendingWrite(id, true);
        m_pendingJobs.insert(id);
    });
    // A write that never went out (an empty note) ends here; the others when the client's
    // queue for the job is empty.
    connect(m_detail, &JobDetailPane::writeFinished, this, &MainWindow::trackPendingWrites);
    connect(m_api, &net::ApiClient::pendingWritesChanged, this, &MainWindow::trackPendingWrites);

    connect(m_api, &net::ApiClient::jobChanged, this, &MainWindow::onJobChanged);
    connect(m_api, &net::ApiClient::jobRemoved, this,
            [this](const QString &id) { m_board->model()->removeJob(id); });
    connect(m_api, &net::ApiClient::sessionExpired, this, [this] {
        endSession(tr("Your session has ended (it expired or was signed out elsewhere). Sign "
                      "in again to continue."));
    });

    // The platform appends the application's name ("… — Dispatch Console").
    setWindowTitle(whoText(user));
    m_pages->setCurrentIndex(1);
    shapeForRole(user);
    m_newJobs->setSession(m_api, user);
    refreshBoard();
    loadUsers();

    delete m_stream;
    m_stream = new net::EventStreamClient(m_api, this);
    connect(m_stream, &net::EventStreamClient::stateChanged, this, &MainWindow::onStreamState);
    connect(m_stream, &net::EventStreamClient::lastChangeAt, m_connection,
            &ConnectionStatus::setLastChange);
    connect(m_stream, &net::EventStreamClient::retryScheduled, m_connection,
            &ConnectionStatus::setNextRetry);
    // jobChanged has already put the change on the board (onJobChanged) when this arrives.
    connect(m_stream, &net::EventStreamClient::eventApplied, this, &MainWindow::onEventApplied);
    connect(m_stream, &net::EventStreamClient::resyncRequired, this, &MainWindow::onResyncRequired);
    connect(m_stream, &net::EventStreamClient::authenticationLost, this, [this] {
        endSession(tr("The server ended your session (it expired or was signed out "
                      "elsewhere). Sign in again to continue."));
    });
    // The stream starts once the first page says where the log stood when it was read.
}

ProConsole *MainWindow::proConsole() const
{
    return m_pro.data();
}

ProQueueDialog *MainWindow::proQueueDialog() const
{
    return m_proQueue.data();
}

void MainWindow::shapeForRole(const net::UserInfo &user)
{
    const bool pro = user.role == Role::Pro;
    for (QAction *action : std::as_const(m_officeActions))
        action->setVisible(!pro);
    const bool admin = user.role == Role::Admin;
    for (QAction *action : std::as_const(m_firstTabActions))
        action->setEnabled(pro || admin);
    m_board->setOwnJobsLayout(pro);
    m_board->setTabShortcutsEnabled(!admin);
    if (!pro) {
        const int jobs = m_workspace->indexOf(m_jobsPage);
        m_workspace->setTabText(jobs, tr("Jobs"));
        m_workspace->setTabToolTip(jobs, tr("The job board (Ctrl+B)"));
        m_board->setTab(JobFilterProxyModel::Tab::Available);
        m_board->view()->setFocus();
        addDispatchBoard();
        if (admin) {
            addPhotoReview();
            addUsersPage();
        }
        return;
    }
    m_pro = new ProConsole(m_api, user, m_settings, this);
    connect(m_pro, &ProConsole::jobWon, this, &MainWindow::onJobWon);
    connect(m_pro, &ProConsole::notice, this, &MainWindow::showNotice);
    OffersPage *page = m_pro->page();
    m_workspace->insertTab(0, page, tr("Offers"));
    m_workspace->setTabText(m_workspace->indexOf(m_jobsPage), tr("My jobs"));
    m_workspace->setTabToolTip(0, tr("Open jobs ranked for you, best first (Ctrl+1)"));
    m_workspace->setTabToolTip(1, tr("The jobs you have taken (Ctrl+2 … Ctrl+5)"));
    // The tab says how many offers there are, as the queue changes.
    const auto countOffers = [this] {
        if (!m_pro)
            return;
        const int count = m_pro->queue()->model()->rowCount();
        m_workspace->setTabText(m_workspace->indexOf(m_pro->page()),
                                m_pro->queue()->hasLoaded() ? tr("Offers (%1)").arg(count)
                                                            : tr("Offers"));
    };
    OffersModel *offers = m_pro->queue()->model();
    connect(offers, &QAbstractItemModel::rowsInserted, this, countOffers);
    connect(offers, &QAbstractItemModel::rowsRemoved, this, countOffers);
    connect(m_pro->queue(), &OfferQueue::loaded, this, countOffers);
    m_board->setTab(JobFilterProxyModel::Tab::Scheduled);
    showFirstPage(true);
}

void MainWindow::addPhotoReview()
{
    auto *page = new PhotoReviewPage(m_api->photos(), m_workspace);
    m_review = page;
    m_workspace->insertTab(0, page, page->tabText());
    m_workspace->setTabToolTip(0, tr("Photos waiting for an admin's review (Ctrl+1)"));
    m_workspace->setTabToolTip(1, tr("The job board (Ctrl+2 … Ctrl+5)"));
    connect(page, &PhotoReviewPage::tabTextChanged, this, [this, page](const QString &text) {
        m_workspace->setTabText(m_workspace->indexOf(page), text);
    });
    // Read again once the board has loaded (its first page fixes where the event stream
    // resumes, so no decision between the two reads is missed) and on every reload after.
    connect(this, &MainWindow::boardLoaded, page, &PhotoReviewPage::reload);
    connect(page, &PhotoReviewPage::openJobRequested, this, [this](const QString &jobId) {
        showFirstPage(false);
        if (m_board->selectJob(jobId))
            m_board->view()->setFocus(Qt::OtherFocusReason);
    });
    showFirstPage(true);
}

void MainWindow::addUsersPage()
{
    auto *page = new UsersPage(m_api, m_workspace);
    m_usersPage = page;
    const int index = m_workspace->addTab(page, tr("Users"));
    m_workspace->setTabToolTip(index, tr("Every user: add, change, reset a password, deactivate "
                                         "(Ctrl+Shift+U)"));
    m_goToUsers->setVisible(true);
    // A renamed user reads by their new name on the board and in history.
    connect(page, &UsersPage::userSaved, this, [this](const User &user) {
        if (m_directory)
            m_directory->learn(user);
    });
    page->reload();
}

net::UserDirectory *MainWindow::userDirectory() const
{
    return m_directory;
}

void MainWindow::addDispatchBoard()
{
    m_dispatch = new DispatchBoard(m_api, m_board->model(), m_workspace);
    const int index = m_workspace->addTab(m_dispatch, tr("Dispatch"));
    m_workspace->setTabToolTip(index, tr("Every pro's day on a timeline; drag unassigned jobs "
                                         "onto a pro at a time (Ctrl+D)"));
    m_dispatch->setPros(m_pros);
    m_goToDispatch->setVisible(true);
}

DispatchBoard *MainWindow::dispatchBoard() const
{
    return m_dispatch.data();
}

UsersPage *MainWindow::usersPage() const
{
    return m_usersPage.data();
}

void MainWindow::changeOwnPassword()
{
    if (!m_api)
        return;
    auto *users = new net::UserClient(m_api, this);
    auto *dialog = new ChangePasswordDialog(users, this);
    connect(dialog, &QObject::destroyed, users, &QObject::deleteLater);
    connect(dialog, &ChangePasswordDialog::changed, this, [this] {
        showNotice(tr("Your password is changed; use the new one next time you sign in."));
    });
    dialog->open();
}

PhotoReviewPage *MainWindow::photoReview() const
{
    return m_review.data();
}

void MainWindow::openProQueue()
{
    if (!m_api || !isOffice(m_user.role))
        return;
    if (m_proQueue) {
        m_proQueue->raise();
        m_proQueue->activateWindow();
        return;
    }
    auto *dialog = new ProQueueDialog(m_api, m_pros, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The pro assigned to the selected job, if any, is the one asked about most.
    if (const Job *job = m_board->model()->job(m_board->currentJobId());
        job && !job->assignedTo.isEmpty())
        dialog->showPro(job->assignedTo);
    m_proQueue = dialog;
    dialog->show();
}

void MainWindow::showFirstPage(bool first)
{
    if (!first) {
        m_workspace->setCurrentWidget(m_jobsPage);
        return;
    }
    QWidget *page = m_pro ? static_cast<QWidget *>(m_pro->page()) : m_review.data();
    if (!page)
        return;
    m_workspace->setCurrentWidget(page);
    page->setFocus(Qt::ShortcutFocusReason); // its list (the page's focus proxy)
}

void MainWindow::onJobWon(const net::VersionedJob &won)
{
    const Job &job = won.job;
    m_board->model()->upsertJob(job);
    showFirstPage(false);
    m_board->selectJob(job.id);
    m_board->view()->setFocus(Qt::OtherFocusReason);
    const QString title = job.text(u"title");
    const QString when =
        job.schedule || job.dueAt.isValid() ? OffersModel::formatWhen(job) : QString();
    m_jobsBanner->showMessage(
        NoticeBanner::Kind::Success,
        when.isEmpty()
            ? tr("It's yours: the office will schedule it. “%1” is in My jobs.").arg(title)
            : tr("It's yours: scheduled for %1. “%2” is in My jobs.").arg(when, title));
    if (m_pro)
        m_pro->setOwnJobs(ownJobs());
}

QList<Job> MainWindow::ownJobs() const
{
    QList<Job> jobs;
    const JobListModel *model = m_board->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->jobAt(row).assignedTo == m_user.id)
            jobs.append(model->jobAt(row));
    }
    return jobs;
}

void MainWindow::refreshBoard()
{
    if (!m_api)
        return;
    if (m_pro)
        m_pro->queue()->refresh();
    ++m_loadGeneration;
    m_boardLoaded = false;
    m_board->setStatusText(tr("Loading jobs…"));
    loadPage({}, m_loadGeneration);
}

void MainWindow::loadPage(const QString &cursor, int generation)
{
    net::JobQuery query;
    query.limit = kPageSize;
    query.cursor = cursor;
    // A pro's board is My jobs; the open offers have their own page and queue.
    if (m_pro)
        query.assignedTo = m_user.id;
    m_api->listJobs(query, this, [this, cursor, generation](const net::JobPageResult &page) {
        if (generation != m_loadGeneration)
            return;
        if (!page.ok()) {
            m_board->setStatusText(describeError(page.error, tr("load the jobs")).combined());
            m_boardLoadFailed = true;
            if (page.error.is(net::ApiError::Kind::Network))
                m_connection->setState(ConnectionStatus::State::Offline, page.error.message);
            return;
        }
        m_boardLoadFailed = false;
        // Jobs name their editor and assignee (a pro lists no users): before the rows paint.
        for (const Job &job : page.items)
            m_directory->learn(job);
        JobListModel *model = m_board->model();
        const QString current = m_board->currentJobId();
        if (cursor.isEmpty()) {
            // Resume right after the log's head as the server read this list: a change made
            // while the pages load arrives as an event (older versions are ignored by the
            // model), and nothing before it is replayed.
            if (m_stream && !m_stream->isRunning())
                m_stream->start(std::max<qint64>(page.lastEventSeq, 0));
            model->resetJobs(page.items);
            if (!current.isEmpty())
                m_board->selectJob(current);
            m_board->fitColumns();
        } else {
            for (const Job &job : page.items)
                model->upsertJob(job);
        }
        if (!page.nextCursor.isEmpty()) {
            m_board->setStatusText(tr("Loading jobs… %1 so far").arg(model->rowCount()));
            loadPage(page.nextCursor, generation);
            return;
        }
        m_boardLoaded = true;
        m_board->setStatusText({});
        if (m_pro)
            m_pro->setOwnJobs(ownJobs());
        // The first row only when the pane shows nothing: a job that left its tab stays shown.
        if (!m_board->view()->currentIndex().isValid() && m_detail->jobId().isEmpty() &&
            m_board->proxy()->rowCount() > 0)
            m_board->view()->setCurrentIndex(m_board->proxy()->index(0, 0));
        Q_EMIT boardLoaded();
    });
}

void MainWindow::loadUsers()
{
    if (!isOffice(m_user.role))
        return; // pros may not list users; their own name is known
    m_api->listUsers(std::nullopt, this, [this](const net::UsersResult &result) {
        if (!result.ok()) {
            qCInfo(lcUi) << "user list:" << result.error.toString();
            return;
        }
        QList<net::UserInfo> pros;
        for (const net::UserInfo &user : result.users) {
            m_directory->learn(user);
            if (user.role == Role::Pro)
                pros.append(user);
        }
        m_detail->setPros(pros);
        m_pros = pros;
        if (m_dispatch)
            m_dispatch->setPros(pros);
    });
}

void MainWindow::onJobChanged(const net::VersionedJob &job)
{
    // A pro's board is their own jobs (open offers are on the Offers page); a job leaving it
    // (unassigned, or never theirs) arrives as one last event: take it off.
    const bool visible = isOffice(m_user.role) || job.job.assignedTo == m_user.id;
    if (!visible)
        m_board->model()->removeJob(job.id());
    else
        m_board->model()->upsertJob(job.job);
}

void MainWindow::onCurrentJobChanged(const QString &jobId)
{
    if (jobId.isEmpty()) {
        m_detail->clearJob();
        return;
    }
    if (const Job *job = m_board->model()->job(jobId))
        m_detail->showJob(*job);
}

void MainWindow::onCurrentJobLeft(const QString &jobId)
{
    // The job the user picked stays in the pane (its buttons act on it alone); the pane says
    // where it went. A job gone from the board altogether (deleted, or no longer a pro's own)
    // leaves the placeholder, never another job.
    if (m_detail->jobId() != jobId)
        return;
    if (m_board->model()->job(jobId))
        m_detail->showMovedNotice();
    else
        m_detail->clearJob();
}

JobEditor *MainWindow::editor() const
{
    return m_editor.data();
}

void MainWindow::editCurrentJob()
{
    if (!m_api)
        return;
    // The job the pane shows: it may have left the board's tab (onCurrentJobLeft()).
    const QString id = m_detail->jobId().isEmpty() ? m_board->currentJobId() : m_detail->jobId();
    const Job *job = m_board->model()->job(id);
    if (!job)
        return;
    const auto state =
        JobDetailPane::availability(JobDetailPane::Action::Edit, *job, m_user, m_directory);
    if (!state.allowed) {
        // Enter on a job that cannot be edited goes to its actions instead; a pro never
        // edits, so only the office is told why.
        if (isOffice(m_user.role))
            showNotice(state.why);
        focusFirstChild(m_detail);
        return;
    }
    if (m_editor && m_editor->jobId() == id) {
        m_right->setCurrentWidget(m_editor);
        m_editor->setFocus();
        return;
    }
    if (!closeEditor())
        return;
    const auto cached = m_api->cachedJob(id);
    openEditor(cached && cached->job.version >= job->version ? *cached
                                                             : net::VersionedJob{*job, {}});
}

void MainWindow::openEditor(const net::VersionedJob &job)
{
    auto *editor = new JobEditor(m_api, job, m_right);
    editor->setObjectName(QStringLiteral("jobEditor"));
    editor->setDirectory(m_directory);
    m_editor = editor;
    m_right->addWidget(editor);
    m_right->setCurrentWidget(editor);
    focusFirstChild(editor);
    const QString id = job.id();
    connect(editor, &JobEditor::closeRequested, this, [this] {
        if (closeEditor())
            m_board->view()->setFocus();
    });
    connect(editor, &JobEditor::saved, this, [this](const net::VersionedJob &saved) {
        m_board->model()->upsertJob(saved.job);
        showNotice(tr("Saved “%1”.").arg(saved.job.text(u"title")));
    });
    // The row shows "Saving…" while the editor's write is in flight.
    const auto watchSession = [this, id](net::JobEditSession *session) {
        connect(session, &net::JobEditSession::stateChanged, this,
                [this, id](net::JobEditSession::State state) {
                    m_board->model()->setPendingWrite(id,
                                                      state == net::JobEditSession::State::Saving);
                });
    };
    if (net::JobEditSession *session = editor->session()) {
        watchSession(session);
    } else {
        // The editor reads the job first when it came without an ETag; its session follows.
        connect(m_api, &net::ApiClient::editSessionStarted, editor,
                [editor, watchSession](net::JobEditSession *session) {
                    if (session->parent() == editor)
                        watchSession(session);
                });
    }
}

bool MainWindow::closeEditor()
{
    if (!m_editor)
        return true;
    if (m_editor->hasUnsavedEdits()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("You have changes to this job that are not saved. Discard them?"),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return false;
    }
    const QString id = m_editor->jobId();
    m_board->model()->setPendingWrite(id, false);
    m_right->setCurrentWidget(m_detail);
    m_editor->deleteLater();
    m_editor = nullptr;
    if (const Job *job = m_board->model()->job(id); job && m_board->currentJobId() == id)
        m_detail->showJob(*job);
    return true;
}

void MainWindow::onStreamState(net::EventStreamClient::State state, const QDateTime &since)
{
    if (!m_stream)
        return;
    m_connection->setStreamState(state, since, m_stream->timing().pollWhileDown);
    if (state == net::EventStreamClient::State::Offline)
        m_connection->setNextRetry(m_stream->nextAttemptAt());
    // Back in touch: what failed while the server was away is read again, so no old error
    // stays on screen as if it were current.
    const bool reached = state == net::EventStreamClient::State::Live ||
                         state == net::EventStreamClient::State::Polling;
    if (reached && m_boardLoadFailed)
        refreshBoard();
    if (reached)
        m_detail->serverReachable();
    m_detail->setPhotoUploadsBlocked(state == net::EventStreamClient::State::Offline
                                         ? tr("The server cannot be reached; photos can be "
                                              "added once it is back.")
                                         : QString());
}

void MainWindow::onEventApplied(const net::ChangeEvent &event)
{
    // Only other people's changes light up: the user's own saves already say "Saving…" and
    // "Saved" where they made them. (The same user signed in on a second console counts as
    // themselves; the actor is all the event tells.)
    if (!event.job || event.actor == m_user.id)
        return;
    m_board->model()->markChanged(event.jobId);
}

void MainWindow::onResyncRequired()
{
    if (!m_stream)
        return;
    showNotice(tr("Some changes could not be followed live; reloading the board."));
    m_stream->revalidateCache(this, [this](int changed, int failed) {
        qCInfo(lcUi) << "resync: revalidated the cache," << changed << "changed," << failed
                     << "failed";
        refreshBoard();
    });
}

void MainWindow::trackPendingWrites(const QString &jobId)
{
    if (!m_pendingJobs.contains(jobId) || (m_api && m_api->pendingWrites(jobId) > 0))
        return;
    m_board->model()->setPendingWrite(jobId, false);
    m_pendingJobs.remove(jobId);
}

void MainWindow::showNotice(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::retryNow()
{
    if (m_stream && m_stream->isRunning())
        m_stream->retryNow();
    else if (m_api)
        refreshBoard(); // the stream starts once the first page arrives
}

void MainWindow::signOut()
{
    leaveSession(/*sendLogout=*/true, {});
}

void MainWindow::endSession(const QString &message)
{
    if (!m_api)
        return; // already signed out (the stream and a request may both report it)
    if (!leaveSession(/*sendLogout=*/false, message)) {
        showNotice(tr("Your session has ended. Copy your edits, then sign in again with "
                      "File › Sign out."));
    }
}

bool MainWindow::leaveSession(bool sendLogout, const QString &message)
{
    if (!closeEditor())
        return false;
    if (m_stream) {
        m_stream->stop();
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    if (m_api) {
        net::ApiClient *api = m_api;
        m_api = nullptr;
        api->disconnect(this);
        m_pendingJobs.clear();
        if (sendLogout)
            api->logout(this, [api](const net::ApiError &) { api->deleteLater(); });
        else
            api->deleteLater();
    }
    m_settings->forgetSession();
    m_newJobs->setSession(nullptr, {});
    if (m_pro) {
        m_workspace->removeTab(m_workspace->indexOf(m_pro->page()));
        m_pro->page()->deleteLater();
        m_pro->deleteLater();
        m_pro = nullptr;
    }
    if (m_review) {
        m_workspace->removeTab(m_workspace->indexOf(m_review));
        m_review->deleteLater();
        m_review = nullptr;
    }
    if (m_usersPage) {
        m_workspace->removeTab(m_workspace->indexOf(m_usersPage));
        m_usersPage->deleteLater();
        m_usersPage = nullptr;
    }
    m_goToUsers->setVisible(false);
    if (m_dispatch) {
        m_workspace->removeTab(m_workspace->indexOf(m_dispatch));
        m_dispatch->deleteLater();
        m_dispatch = nullptr;
    }
    m_goToDispatch->setVisible(false);
    m_jobsBanner->clear();
    if (m_proQueue)
        m_proQueue->close();
    ++m_loadGeneration;
    m_board->model()->resetJobs({});
    m_detail->clearJob();
    m_connection->setUser({});
    for (QAction *action : std::as_const(m_signedInActions))
        action->setEnabled(false);
    setWindowTitle(QString());
    openLoginDialog(m_serverUrl, message);
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_editor && m_editor->hasUnsavedEdits() && !closeEditor()) {
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace dispatch::ui
