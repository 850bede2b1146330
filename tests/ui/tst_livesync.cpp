// Live sync in the console against the real dispatchd (--demo), offscreen: the
// status bar's indicator, a change by another client reaching the board without a reload
// (highlighted when someone else made it), the editor's "Changed by NAME just now" banner
// arriving through the event stream while the user has unsaved edits, a lost session going
// back to the login, and the indicator leaving "Live" when the server goes away.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <changebanner.h>
#include <changehighlightdelegate.h>
#include <conflictdialog.h> // jobeditor.h holds a QPointer<ConflictDialog>
#include <connectionstatus.h>
#include <jobboard.h>
#include <jobdetailpane.h>
#include <jobeditor.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>
#include <messagepage.h>
#include <shortcutsdialog.h>

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QString titleOf(const JobListModel *model, const QString &id)
{
    const Job *job = model->job(id);
    return job ? job->text(u"title") : QString();
}

} // namespace

class TestLiveSync final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void indicatorSaysLive();
    void screenshot(); // first, while the board holds only the demo data
    void othersChangesReachAndHighlightTheBoard();
    void editorBannerFromTheStreamMergesAndSaves();
    void lostSessionReturnsToLoginWithMessage();
    void shortcutsAreATableOfThisRolesKeys();
    void indicatorLeavesLiveWhenServerStops();
    void offlineSaysWhenAndRetryNowReconnects(); // after the one above: the server is down
    void signedOutScreenSignsIn();

private:
    void signInThroughDialog();
    /// PATCH as `client`, If-Match from a fresh GET; the new job.
    QJsonObject patchAs(HttpTestClient &client, const QString &id, const QJsonObject &changes);
    /// A new OPEN job created by `client`; its id.
    QString createAs(HttpTestClient &client, const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_diego; ///< another dispatcher, on another connection
    std::unique_ptr<HttpTestClient> m_dana;  ///< the window's user, through another token
    std::unique_ptr<MainWindow> m_window;
};

void TestLiveSync::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_diego = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_diego->login(u"diego"_s, u"demo-password"_s));
    m_dana = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_dana->login(u"dana"_s, u"demo-password"_s));

    m_window = std::make_unique<MainWindow>();
    m_window->connectToServer(m_server.baseUrl());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    signInThroughDialog();
}

void TestLiveSync::cleanupTestCase()
{
    m_window.reset();
    if (m_server.isRunning())
        QVERIFY(m_server.stop());
}

void TestLiveSync::signInThroughDialog()
{
    LoginDialog *login = m_window->loginDialog();
    QVERIFY(login);
    QTRY_VERIFY_WITH_TIMEOUT(login->isVisible(), kAnswerWaitMs);
    auto *user = child<QLineEdit>(login, u"usernameEdit"_s);
    auto *password = child<QLineEdit>(login, u"passwordEdit"_s);
    QVERIFY(user && password);
    retype(user, u"dana"_s);
    retype(password, u"demo-password"_s);
    QTest::keyClick(password, Qt::Key_Return); // the default button signs in
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isBoardLoaded(), kAnswerWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionStatus()->stateLabelText(), u"Live"_s,
                              kAnswerWaitMs);
}

QJsonObject TestLiveSync::patchAs(HttpTestClient &client, const QString &id,
                                  const QJsonObject &changes)
{
    const HttpResult current = client.get(jobPath(id));
    if (current.status != 200) {
        qWarning() << "GET" << id << current.describe();
        return {};
    }
    const HttpResult patched = client.patchJson(jobPath(id), QJsonObject{{u"changes"_s, changes}},
                                                ifMatch(current.header("ETag")));
    if (patched.status != 200) {
        qWarning() << "PATCH" << id << patched.describe();
        return {};
    }
    return patched.json();
}

QString TestLiveSync::createAs(HttpTestClient &client, const QString &title)
{
    const HttpResult created = client.postJson(
        u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, title},
                                                          {u"address"_s, u"12 Elm St"_s},
                                                          {u"customer.name"_s, u"Pat Doe"_s}}}});
    if (created.status != 201) {
        qWarning() << "POST /jobs" << created.describe();
        return {};
    }
    return created.json().value(u"id").toString();
}

void TestLiveSync::indicatorSaysLive()
{
    ConnectionStatus *status = m_window->connectionStatus();
    QCOMPARE(status->streamState(), net::EventStreamClient::State::Live);
    auto *label = child<QLabel>(status, u"connectionState"_s);
    QVERIFY(label);
    QVERIFY2(label->text().endsWith(u" Live"_s), qPrintable(label->text()));
    QVERIFY2(label->toolTip().contains(u"changes by others appear"_s),
             qPrintable(label->toolTip()));
    QVERIFY(child<QLabel>(status, u"lastChange"_s));
}

void TestLiveSync::othersChangesReachAndHighlightTheBoard()
{
    JobBoard *board = m_window->board();
    JobListModel *model = board->model();
    // Long enough that the check below does not race the fade; the fade itself is checked
    // at the end by shortening it again.
    model->setHighlightDuration(10min);
    board->setTab(JobFilterProxyModel::Tab::All);

    // A job created elsewhere appears on its own.
    const QString id = createAs(*m_diego, u"Gutter cleaning"_s);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(model->contains(id), kAnswerWaitMs);

    // The user's own change from another client: on the board, but not highlighted.
    const QString own = createAs(*m_dana, u"Window repair"_s);
    QVERIFY(!own.isEmpty());
    QVERIFY(!patchAs(*m_dana, own, {{u"title"_s, u"Window repair, 2nd floor"_s}}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(model, own), u"Window repair, 2nd floor"_s, kAnswerWaitMs);
    QCOMPARE(model->changeHighlight(own), 0.0);

    // Someone else's change: the row shows the new title without a reload, highlighted.
    const int rowsBefore = model->rowCount();
    QVERIFY(!patchAs(*m_diego, id, {{u"title"_s, u"Gutter cleaning, both sides"_s}}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(model, id), u"Gutter cleaning, both sides"_s, kAnswerWaitMs);
    QCOMPARE(model->rowCount(), rowsBefore);
    QVERIFY(model->changeHighlight(id) > 0.0);
    const QModelIndex proxyIndex =
        board->proxy()->mapFromSource(model->index(model->rowOf(id), JobListModel::TitleColumn));
    QVERIFY(proxyIndex.isValid());
    QCOMPARE(proxyIndex.data().toString(), u"Gutter cleaning, both sides"_s);
    QVERIFY(proxyIndex.data(JobListModel::ChangeHighlightRole).toReal() > 0.0);

    // And the view paints it: amber behind the row (not the current row, whose selection
    // colour would win).
    QTableView *view = board->view();
    if (board->currentJobId() == id)
        board->selectJob(own);
    view->scrollTo(proxyIndex);
    const auto *delegate = qobject_cast<const ChangeHighlightDelegate *>(view->itemDelegate());
    QVERIFY(delegate);
    QVERIFY(delegate->repaintTimer()->isActive());
    QApplication::processEvents();
    const QImage shot = view->viewport()->grab().toImage();
    const QRect cell = view->visualRect(proxyIndex.siblingAtColumn(JobListModel::DueColumn));
    QVERIFY(!cell.isEmpty());
    // The due column of a new job is empty: only background there.
    const QColor painted = shot.pixelColor(cell.center() * shot.devicePixelRatio());
    QVERIFY2(painted.red() > 200 && painted.blue() < 170 && painted.red() > painted.blue() + 60,
             qPrintable(painted.name()));

    // The indicator tells when the last change came.
    const QString last = labelText(m_window->connectionStatus(), u"lastChange"_s);
    QVERIFY2(QRegularExpression(u"^Last change \\d\\d:\\d\\d:\\d\\d$"_s).match(last).hasMatch(),
             qPrintable(last));

    // The highlight fades, then the repaint timer stops: an idle board does no work.
    model->setHighlightDuration(1ms);
    QTRY_VERIFY_WITH_TIMEOUT(!model->hasHighlights(), kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!delegate->repaintTimer()->isActive(), kAnswerWaitMs);
    QCOMPARE(model->changeHighlight(id), 0.0);
    model->setHighlightDuration(2s);
}

// Not a check: with DISPATCH_SCREENSHOT_DIR set (run under Xvfb with the xcb platform), saves
// live.png, the board with the indicator saying Live and a row another dispatcher just changed.
void TestLiveSync::screenshot()
{
    const QString dir = qEnvironmentVariable("DISPATCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set DISPATCH_SCREENSHOT_DIR to capture the screenshot");
    JobBoard *board = m_window->board();
    JobListModel *model = board->model();
    board->setTab(JobFilterProxyModel::Tab::Available);
    QVERIFY(board->proxy()->rowCount() > 4);
    board->view()->setCurrentIndex(board->proxy()->index(0, 0));
    board->view()->scrollToTop();
    const QString id = board->proxy()->index(3, 0).data(JobListModel::JobIdRole).toString();
    // Short enough that the title column shows all of it.
    const QString title = titleOf(model, id).section(u' ', 0, 0) + u" — 2nd visit"_s;
    model->setHighlightDuration(10min);
    QVERIFY(!patchAs(*m_diego, id, {{u"title"_s, title}}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(titleOf(model, id), title, kAnswerWaitMs);
    QCOMPARE(m_window->connectionStatus()->stateLabelText(), u"Live"_s);
    // Mid-fade, as a user would catch it a moment after the change.
    model->setHighlightDuration(3s);
    QTest::qWait(900);
    m_window->activateWindow();
    QVERIFY(m_window->grab().save(dir + u"/live.png"_s));
    model->setHighlightDuration(2s);
}

void TestLiveSync::editorBannerFromTheStreamMergesAndSaves()
{
    const QString id = createAs(*m_diego, u"Fence"_s);
    QVERIFY(!id.isEmpty());
    JobBoard *board = m_window->board();
    QTRY_VERIFY_WITH_TIMEOUT(board->model()->contains(id), kAnswerWaitMs);
    QVERIFY(board->selectJob(id));
    m_window->editCurrentJob();
    JobEditor *editor = m_window->editor();
    QVERIFY(editor);
    QCOMPARE(editor->jobId(), id);
    QTRY_VERIFY_WITH_TIMEOUT(editor->session() != nullptr, kAnswerWaitMs);
    auto *address = child<QLineEdit>(editor, u"field_address"_s);
    auto *title = child<QLineEdit>(editor, u"field_title"_s);
    QVERIFY(address && title);
    QTRY_VERIFY_WITH_TIMEOUT(address->isEnabled(), kAnswerWaitMs);
    retype(address, u"12 Elm Street"_s);
    QVERIFY(editor->hasUnsavedEdits());

    // Another client changes the open job; nobody reads it: only the stream can tell.
    const QString diegoName = m_diego->loggedInUser().value(u"name").toString();
    QVERIFY(!diegoName.isEmpty());
    QVERIFY(!patchAs(*m_diego, id, {{u"title"_s, u"Fence, back yard"_s}}).isEmpty());

    ChangeBanner *banner = editor->banner();
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kAnswerWaitMs);
    QCOMPARE(banner->mode(), ChangeBanner::Mode::ChangedRemotely);
    QTRY_COMPARE_WITH_TIMEOUT(labelText(banner, u"bannerText"_s),
                              u"Changed by %1 just now"_s.arg(diegoName), kAnswerWaitMs);
    // Nothing merged before the user asks; their edit is intact.
    QCOMPARE(title->text(), u"Fence"_s);
    QCOMPARE(address->text(), u"12 Elm Street"_s);

    auto *mergeNow = child<QPushButton>(banner, u"mergeNowButton"_s);
    QVERIFY(mergeNow && mergeNow->isVisible());
    QTest::mouseClick(mergeNow, Qt::LeftButton);
    QCOMPARE(banner->mode(), ChangeBanner::Mode::Reapplied);
    QCOMPARE(title->text(), u"Fence, back yard"_s);
    QCOMPARE(address->text(), u"12 Elm Street"_s);

    QTest::mouseClick(child<QPushButton>(editor, u"saveButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->hasUnsavedEdits() &&
                                 editor->session()->state() == net::JobEditSession::State::Editing,
                             kAnswerWaitMs);
    const HttpResult stored = m_diego->get(jobPath(id));
    QCOMPARE(stored.status, 200);
    const QJsonObject fields = stored.json().value(u"fields").toObject();
    QCOMPARE(fields.value(u"title").toString(), u"Fence, back yard"_s);
    QCOMPARE(fields.value(u"address").toString(), u"12 Elm Street"_s);
    QCOMPARE(stored.json().value(u"version").toInteger(), 3); // created, theirs, ours
}

void TestLiveSync::lostSessionReturnsToLoginWithMessage()
{
    // The window's token is revoked behind its back (as an admin would, or a logout
    // elsewhere): its stream is closed with 4401 at once, or its next request learns of it.
    HttpTestClient revoker(m_server.apiUrl({}));
    revoker.setToken(m_window->apiClient()->token());
    QCOMPARE(revoker.postJson(u"/auth/logout"_s, QJsonObject{}).status, 204);
    m_window->refreshBoard(); // F5: the list request meets the 401

    QTRY_VERIFY_WITH_TIMEOUT(m_window->loginDialog() && m_window->loginDialog()->isVisible(),
                             kAnswerWaitMs);
    const QString message = m_window->loginDialog()->errorText();
    QVERIFY2(message.contains(u"session has ended"_s) || message.contains(u"ended your session"_s),
             qPrintable(message));
    QVERIFY(!m_window->apiClient());

    signInThroughDialog(); // and the stream is live again
}

void TestLiveSync::indicatorLeavesLiveWhenServerStops()
{
    ConnectionStatus *status = m_window->connectionStatus();
    QCOMPARE(status->stateLabelText(), u"Live"_s);
    QVERIFY(m_server.stop());
    QTRY_VERIFY_WITH_TIMEOUT(status->stateLabelText() != u"Live"_s, kAnswerWaitMs);
    const QString text = status->stateLabelText();
    QVERIFY2(
        text == u"Offline"_s ||
            QRegularExpression(u"^Polling \\(since \\d\\d:\\d\\d\\)$"_s).match(text).hasMatch(),
        qPrintable(text));
    // The poll cannot reach a stopped server: it ends Offline, and says what it does about it.
    QTRY_VERIFY_WITH_TIMEOUT(status->stateLabelText().startsWith(u"Offline"_s), kAnswerWaitMs);
    QVERIFY2(child<QLabel>(status, u"connectionState"_s)->toolTip().contains(u"keeps trying"_s),
             qPrintable(child<QLabel>(status, u"connectionState"_s)->toolTip()));
}

void TestLiveSync::shortcutsAreATableOfThisRolesKeys()
{
    QAction *help = nullptr;
    for (QAction *action : m_window->findChildren<QAction *>()) {
        if (action->shortcut() == QKeySequence(QKeySequence::HelpContents))
            help = action;
    }
    QVERIFY(help);
    help->trigger();
    auto *dialog = m_window->findChild<ShortcutsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QTreeWidget *table = dialog->table();
    QCOMPARE(table->columnCount(), 2);
    QHash<QString, QString> rows;
    QStringList sections;
    for (int i = 0; i < table->topLevelItemCount(); ++i) {
        QTreeWidgetItem *section = table->topLevelItem(i);
        sections << section->text(0);
        for (int j = 0; j < section->childCount(); ++j)
            rows.insert(section->child(j)->text(1), section->child(j)->text(0));
    }
    // The menus' own keys, read from the menus; the board's tabs; nothing of another role.
    QCOMPARE(rows.value(u"Quit"_s),
             QKeySequence(QKeySequence::Quit).toString(QKeySequence::NativeText));
    QCOMPARE(rows.value(u"Sign out"_s), u"Ctrl+Shift+O"_s);
    QCOMPARE(rows.value(u"Add note"_s), u"Ctrl+Shift+N"_s);
    QVERIFY(rows.contains(u"Tabs: Available, Scheduled, In progress, Done, All"_s));
    QVERIFY2(!sections.contains(u"Photo review"_s), qPrintable(sections.join(u", ")));
    QVERIFY(!rows.contains(u"Accept the selected offer"_s));
    dialog->close();
}

void TestLiveSync::offlineSaysWhenAndRetryNowReconnects()
{
    ConnectionStatus *status = m_window->connectionStatus();
    net::EventStreamClient *stream = m_window->eventStream();
    QVERIFY(stream);
    // Offline says when the next try is, and offers to try now.
    const QRegularExpression nextTry(u"^Offline · next try \\d\\d:\\d\\d:\\d\\d$"_s);
    QTRY_VERIFY_WITH_TIMEOUT(nextTry.match(status->stateLabelText()).hasMatch(), kAnswerWaitMs);
    QVERIFY(status->retryButton()->isVisible());
    QCOMPARE(status->retryButton()->accessibleName(), u"Retry now"_s);

    // F5 while the server is away: the board says it could not load the jobs.
    auto *footer = child<QLabel>(m_window->board(), u"boardFooter"_s);
    m_window->refreshBoard();
    QTRY_VERIFY_WITH_TIMEOUT(!footer->text().isEmpty() && footer->text() != u"Loading jobs…"_s,
                             kAnswerWaitMs);
    const QString error = footer->text();
    // Another job picked meanwhile cannot be read: the pane says so.
    JobDetailPane *pane = m_window->detailPane();
    const QString shown = pane->jobId();
    QTest::keyClick(m_window->board()->view(), Qt::Key_Down);
    QTRY_VERIFY(pane->jobId() != shown);
    QTRY_VERIFY_WITH_TIMEOUT(!pane->errorText().isEmpty(), kAnswerWaitMs);

    // The server comes back where it was; "Retry now" tries at once rather than after the
    // backoff (which may be up to 30 s away by now).
    DispatchdOptions options;
    options.dbUrl = m_server.databaseUrl();
    options.extraArgs = {u"--listen"_s, u"127.0.0.1:"_s + QString::number(m_server.port())};
    const quint16 port = m_server.port();
    QVERIFY(m_server.start(options));
    QCOMPARE(m_server.port(), port);
    const int attempts = stream->stats().connectAttempts;
    QTest::mouseClick(status->retryButton(), Qt::LeftButton);
    QCOMPARE(stream->stats().connectAttempts, attempts + 1);
    QTRY_COMPARE_WITH_TIMEOUT(status->stateLabelText(), u"Live"_s, kAnswerWaitMs);
    QVERIFY(!status->retryButton()->isVisible());
    // Back in touch, the old error is gone: the board was read again.
    QTRY_VERIFY2_WITH_TIMEOUT(footer->text() != error && m_window->isBoardLoaded(),
                              qPrintable(footer->text()), kAnswerWaitMs);
    QVERIFY2(footer->text().endsWith(u" jobs"_s), qPrintable(footer->text())); // "26 of 63 jobs"
    // And the pane's "could not reach" is gone, the job read again.
    QTRY_VERIFY2_WITH_TIMEOUT(pane->errorText().isEmpty(), qPrintable(pane->errorText()),
                              kAnswerWaitMs);
}

void TestLiveSync::signedOutScreenSignsIn()
{
    // Signed in, the title names who (the platform adds the application's name once).
    QVERIFY2(m_window->windowTitle().contains(u"Dana Whitfield"_s),
             qPrintable(m_window->windowTitle()));
    QVERIFY2(!m_window->windowTitle().contains(u"Dispatch Console"_s),
             qPrintable(m_window->windowTitle()));

    m_window->signOut();
    LoginDialog *login = m_window->loginDialog();
    QTRY_VERIFY_WITH_TIMEOUT(login && login->isVisible(), kAnswerWaitMs);
    // Before anyone signs in, nothing is "Connecting…".
    ConnectionStatus *status = m_window->connectionStatus();
    QVERIFY2(!status->summary().contains(u"Connecting"_s), qPrintable(status->summary()));
    QVERIFY2(status->summary().contains(u"Not signed in"_s), qPrintable(status->summary()));
    login->reject();

    // The signed-out screen has a button that opens the sign-in again.
    MessagePage *page = m_window->messagePage();
    QTRY_VERIFY_WITH_TIMEOUT(page->isVisible(), kAnswerWaitMs);
    QPushButton *signIn = page->signInButton();
    QVERIFY(signIn->isVisible());
    QCOMPARE(signIn->accessibleName(), u"Sign in"_s);
    QTest::mouseClick(signIn, Qt::LeftButton);
    signInThroughDialog();
}

QTEST_MAIN(TestLiveSync)
#include "tst_livesync.moc"
