// What the console remembers between runs (ui/shell/windowsettings.h): the window's geometry,
// the splitter, the board's column widths and sort order and its tab survive a restart; the
// login dialog is pre-filled with the last server and user; nothing is kept unless the console
// names a settings file, and "Remember me" stays hidden without a keychain. The settings live
// in a throwaway folder (QStandardPaths test mode plus a temporary file): never the user's.
#include <jobboard.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>
#include <windowsettings.h>

#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
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
    pages->setCurrentWidget(window.splitter());
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
        window.splitter()->setSizes({700, 411});
        QTRY_COMPARE(window.splitter()->sizes().value(1), 411);
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
    QTRY_COMPARE(window.splitter()->sizes().value(1), 411);
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

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
