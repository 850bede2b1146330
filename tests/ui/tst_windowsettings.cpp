// What the console remembers between runs (ui/shell/windowsettings.h): the window's geometry,
// the splitter, the board's column widths and sort order and its tab survive a restart; the
// login dialog is pre-filled with the last server and user; nothing is kept unless the console
// names a settings file, "Remember me" stays hidden without a keychain, and a remembered token
// signs in (or, refused by dispatchd, says so). The settings live
// in a throwaway folder (QStandardPaths test mode plus a temporary file): never the user's.
#include "dispatchdprocess.h"
#include "testhelpers.h"

#include <apiclient.h>
#include <jobboard.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>
#include <windowsettings.h>

#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

/// The page a signed-in user sees: the board and the detail pane beside it.
void showBoard(MainWindow &window)
{
    auto *pages = qobject_cast<QStackedWidget *>(window.centralWidget());
    QVERIFY(pages);
    pages->setCurrentWidget(window.workspace());
}

} // namespace

class TestWindowSettings final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void nothingIsKeptWithoutAFile();
    void layoutSurvivesARestart();
    void loginIsPrefilled();
    void rememberMeHiddenWithoutKeychain();
    void rememberedTokenSignsInOrIsRefused();

private:
    QTemporaryDir m_dir;
    QString m_file;
};

void TestWindowSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(u"console.ini"_s);
    // The keychain is the user's own; these tests never reach it.
    WindowSettings::setKeychainEnabled(false);
    QVERIFY(WindowSettings::defaultFilePath().contains(u".qttest"_s));
}

void TestWindowSettings::cleanupTestCase()
{
    WindowSettings::setFilePath({});
}

void TestWindowSettings::nothingIsKeptWithoutAFile()
{
    WindowSettings::setFilePath({});
    MainWindow window;
    QVERIFY(window.settings());
    QVERIFY(!window.settings()->isEnabled());
    window.settings()->save(); // does nothing
    QVERIFY(!QFile::exists(m_file));
}

void TestWindowSettings::layoutSurvivesARestart()
{
    WindowSettings::setFilePath(m_file);
    const int customerWidth = 217;
    {
        MainWindow window;
        QVERIFY(window.settings()->isEnabled());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        showBoard(window);
        window.resize(1111, 733);
        QTRY_COMPARE(window.size(), QSize(1111, 733));
        window.splitter()->setSizes({600, 511});
        QTRY_COMPARE(window.splitter()->sizes().value(1), 511);
        QHeaderView *header = window.board()->view()->horizontalHeader();
        header->resizeSection(JobListModel::CustomerColumn, customerWidth);
        window.board()->view()->sortByColumn(JobListModel::UpdatedColumn, Qt::DescendingOrder);
        window.board()->setTab(JobFilterProxyModel::Tab::Done);
        window.close(); // saves
    }
    QVERIFY(QFile::exists(m_file));

    MainWindow window;
    QCOMPARE(window.size(), QSize(1111, 733));
    QHeaderView *header = window.board()->view()->horizontalHeader();
    QCOMPARE(header->sectionSize(JobListModel::CustomerColumn), customerWidth);
    QCOMPARE(header->sortIndicatorSection(), int(JobListModel::UpdatedColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    // The first page of jobs fits the columns, but not the user's.
    window.board()->fitColumns();
    QCOMPARE(header->sectionSize(JobListModel::CustomerColumn), customerWidth);
    showBoard(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(window.splitter()->sizes().value(1), 511);
    // The tab waits for sign-in (which first picks the role's default).
    window.board()->setTab(JobFilterProxyModel::Tab::Available);
    window.settings()->restoreTab();
    QCOMPARE(window.board()->tab(), JobFilterProxyModel::Tab::Done);
}

void TestWindowSettings::loginIsPrefilled()
{
    WindowSettings::setFilePath(m_file);
    {
        QSettings settings(m_file, QSettings::IniFormat);
        settings.setValue(u"login/server"_s, u"http://dispatch.example.com:8080"_s);
        settings.setValue(u"login/username"_s, u"dana"_s);
    }
    MainWindow window;
    window.connectToServer(QUrl()); // no address given: the last one
    LoginDialog *login = window.loginDialog();
    QVERIFY(login);
    QCOMPARE(login->serverUrl(), QUrl(u"http://dispatch.example.com:8080"_s));
    QCOMPARE(login->findChild<QLineEdit *>(u"usernameEdit"_s)->text(), u"dana"_s);

    // A given address wins over the saved one; the user name is still offered.
    MainWindow other;
    other.connectToServer(QUrl(u"http://127.0.0.1:9"_s));
    QCOMPARE(other.loginDialog()->serverUrl(), QUrl(u"http://127.0.0.1:9"_s));
    QCOMPARE(other.loginDialog()->findChild<QLineEdit *>(u"usernameEdit"_s)->text(), u"dana"_s);
}

void TestWindowSettings::rememberMeHiddenWithoutKeychain()
{
    WindowSettings::setFilePath(m_file);
    MainWindow window;
    window.connectToServer(QUrl(u"http://127.0.0.1:9"_s));
    LoginDialog *login = window.loginDialog();
    QTRY_VERIFY(login->isVisible());
    auto *remember = login->findChild<QCheckBox *>(u"rememberMe"_s);
    QVERIFY(remember);
    QTest::qWait(100); // a keychain answer would have arrived
    QVERIFY(!remember->isVisible());
    QVERIFY(!login->isRememberMeAvailable());
    QVERIFY(!login->rememberMe());
    // Shown once the keychain works (what WindowSettings does when it answers).
    login->setRememberMeAvailable(true);
    QVERIFY(remember->isVisible());
    remember->setChecked(true);
    QVERIFY(login->rememberMe());
}

void TestWindowSettings::rememberedTokenSignsInOrIsRefused()
{
    // What the keychain would hand back at start-up, against the real dispatchd.
    QVERIFY2(!dispatch::test::DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    dispatch::test::DispatchdProcess server;
    dispatch::test::DispatchdOptions options;
    options.demo = true;
    QVERIFY(server.start(options));
    net::ApiClient first(server.baseUrl());
    std::optional<net::LoginResult> login;
    first.login(u"dana"_s, u"demo-password"_s, this,
                [&login](const net::LoginResult &result) { login = result; });
    QTRY_VERIFY_WITH_TIMEOUT(login.has_value(), dispatch::test::kAnswerWaitMs);
    QVERIFY(login->ok());
    const QByteArray token = first.token();
    QVERIFY(!token.isEmpty());

    LoginDialog dialog;
    dialog.setServerUrl(server.baseUrl());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy signedIn(&dialog, &LoginDialog::signedIn);
    QSignalSpy rejected(&dialog, &LoginDialog::rememberedTokenRejected);
    dialog.signInWithToken(login->user, "not-a-token");
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, dispatch::test::kAnswerWaitMs);
    QCOMPARE(signedIn.size(), 0);
    QVERIFY(!dialog.errorText().isEmpty());

    dialog.signInWithToken(login->user, token);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, dispatch::test::kAnswerWaitMs);
    auto *client = signedIn.at(0).at(0).value<net::ApiClient *>();
    QVERIFY(client);
    QCOMPARE(client->token(), token);
    QCOMPARE(signedIn.at(0).at(1).value<net::UserInfo>().username, u"dana"_s);
    QCOMPARE(rejected.size(), 1);
    QVERIFY(server.stop());
}

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
