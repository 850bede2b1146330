// Every Alt+letter in the console presses one control. Qt does not press a mnemonic that two
// shown controls claim; it only moves the focus between them, so a clash is a key that
// silently stops working. Each role's window is checked on each of its tabs, and the Jobs
// tab with each job in the detail pane, since the pane's controls follow the job. The tabs
// themselves take no letter; each says its Ctrl key in its tooltip, and that key is checked
// from every other tab. (CI once chose a demo job with photos, whose "&Show all…" took Alt+S
// from "U&se this pro" and broke tst_bestpros.)

#include "dispatchdprocess.h"
#include "signedinwindow.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <jobboard.h>
#include <jobdetailpane.h>
#include <jobfilterproxymodel.h>
#include <joblistmodel.h>
#include <mainwindow.h>
#include <translations.h>

#include <QApplication>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

class TestMnemonics final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void eachRoleEachTab_data();
    void eachRoleEachTab();
    void eachTabByItsKey_data();
    void eachTabByItsKey();

private:
    std::unique_ptr<MainWindow> signIn(const QString &username);
    /// The clashes of `window` on each workspace tab and, on the jobs page, with each job.
    QStringList clashesOnEveryTab(MainWindow *window);

    DispatchdProcess m_server;
};

void TestMnemonics::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
}

void TestMnemonics::cleanupTestCase()
{
    QVERIFY(m_server.stop());
}

void TestMnemonics::eachRoleEachTab_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("language");
    for (const QString &language : {u"en"_s, u"es"_s}) {
        for (const QString &username : {u"dana"_s, u"pro1"_s, u"admin"_s})
            QTest::addRow("%s %s", qPrintable(username), qPrintable(language))
                << username << language;
    }
}

void TestMnemonics::eachRoleEachTab()
{
    QFETCH(QString, username);
    QFETCH(QString, language);
    // The catalogue's own letters (resources/translations) must not clash either.
    const QStringList loaded = installTranslations(QLocale(language));
    if (language != u"en"_s)
        QVERIFY2(loaded.join(u' ').contains(u"dispatch_" + language),
                 qPrintable(loaded.join(u' ')));
    const auto uninstall = qScopeGuard([] {
        for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    });
    std::unique_ptr<MainWindow> window = signIn(username);
    QVERIFY(window);
    const QStringList clashes = clashesOnEveryTab(window.get());
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u"\n  ")));
}

void TestMnemonics::eachTabByItsKey_data()
{
    QTest::addColumn<QString>("username");
    QTest::newRow("dispatcher") << u"dana"_s;
    QTest::newRow("pro") << u"pro1"_s;
    QTest::newRow("admin") << u"admin"_s;
}

void TestMnemonics::eachTabByItsKey()
{
    QFETCH(QString, username);
    std::unique_ptr<MainWindow> window = signIn(username);
    QVERIFY(window);
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTabWidget *tabs = window->workspace();
    // "(Ctrl+2 … Ctrl+5)": the first key names the tab.
    static const QRegularExpression firstKey(u"\\((Ctrl\\+[^ )]+)"_s);
    for (int to = 0; to < tabs->count(); ++to) {
        const QRegularExpressionMatch match = firstKey.match(tabs->tabToolTip(to));
        QVERIFY2(match.hasMatch(), qPrintable(tabs->tabText(to) + u": no key in its tooltip"));
        const QKeySequence key(match.captured(1));
        for (int from = 0; from < tabs->count(); ++from) {
            tabs->setCurrentIndex(from);
            QTest::keySequence(window.get(), key);
            QVERIFY2(tabs->currentIndex() == to,
                     qPrintable(key.toString() + u" from " + tabs->tabText(from) + u" went to " +
                                tabs->tabText(tabs->currentIndex())));
            QVERIFY2(tabs->currentWidget()->isAncestorOf(QApplication::focusWidget()),
                     qPrintable(key.toString() + u" left the focus outside its tab"));
        }
    }
}

std::unique_ptr<MainWindow> TestMnemonics::signIn(const QString &username)
{
    const QString password =
        username == u"admin"_s ? QString::fromUtf8(m_server.adminPassword()) : u"demo-password"_s;
    return signedInWindow(m_server.baseUrl(), username, password);
}

QStringList TestMnemonics::clashesOnEveryTab(MainWindow *window)
{
    // Each clash once, with the first place it was seen.
    QStringList clashes;
    QStringList seen;
    const auto check = [&clashes, &seen, window](const QString &where) {
        for (const QString &clash : mnemonicClashes(window)) {
            if (seen.contains(clash))
                continue;
            seen.append(clash);
            clashes.append(clash + u" (" + where + u')');
        }
    };
    QTabWidget *tabs = window->workspace();
    for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        const QString where = tabs->tabText(tab);
        if (!tabs->currentWidget()->isAncestorOf(window->board())) {
            QTest::qWait(100); // a page's first load shows and hides controls
            check(where);
            continue;
        }
        // The pane's controls differ by job (and a job with photos enables "Show all").
        JobBoard *board = window->board();
        board->setTab(JobFilterProxyModel::Tab::All);
        const JobListModel *model = board->model();
        JobDetailPane *pane = window->detailPane();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString id = model->jobAt(row).id;
            if (!board->selectJob(id))
                continue;
            if (!QTest::qWaitFor([pane, id] { return pane->shownJob().job.id == id; },
                                 kAnswerWaitMs))
                clashes.append(where + u": the pane never showed " + id);
            check(where + u", " + model->jobAt(row).text(u"title"));
        }
    }
    return clashes;
}

QTEST_MAIN(TestMnemonics)
#include "tst_mnemonics.moc"
