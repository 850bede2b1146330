// The console shaped by role, end to end against the real dispatchd (--demo), offscreen: a pro
// signs in to Offers in the server's order; a job a dispatcher creates appears there without a
// reload; two pros' consoles accept the same offer at once and exactly one says "It's yours"
// (on My jobs, the job selected) while the other says the job was taken, with no error dialog;
// a pro's window has no office-only control; a screen reader finds and presses Accept; the
// office opens the queue as a pro sees it, read-only. With DISPATCH_SCREENSHOT_DIR set, the
// views are saved there as PNGs (docs/screenshots/).
#include "dispatchdprocess.h"
#include "expectedoffer.h"
#include "httptestclient.h"
#include "signedinwindow.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <conflictdialog.h> // jobeditor.h holds a QPointer<ConflictDialog>
#include <jobboard.h>
#include <jobdetailpane.h>
#include <joblistmodel.h>
#include <mainwindow.h>
#include <noticebanner.h>
#include <offerqueue.h>
#include <offersmodel.h>
#include <offerspage.h>
#include <proconsole.h>
#include <proqueuedialog.h>

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

/// Every visible message box or dialog other than the main windows.
QStringList visibleDialogs()
{
    QStringList found;
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->isVisible() &&
            (qobject_cast<QMessageBox *>(widget) || qobject_cast<QDialog *>(widget)))
            found << widget->objectName() + u':' + widget->windowTitle();
    }
    return found;
}

/// Depth-first through the accessibility tree: the first interface with this role whose name
/// contains `name`.
QAccessibleInterface *findAccessible(QAccessibleInterface *root, QAccessible::Role role,
                                     const QString &name, int depth = 0)
{
    if (!root || depth > 40)
        return nullptr;
    if (root->role() == role && root->text(QAccessible::Name).contains(name))
        return root;
    for (int i = 0; i < root->childCount(); ++i) {
        if (QAccessibleInterface *found = findAccessible(root->child(i), role, name, depth + 1))
            return found;
    }
    return nullptr;
}

} // namespace

class TestProConsole final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void proStartsOnOffersInTheServersOrder();
    void proWindowHasNoOfficeControls();
    void everyControlHasAnAccessibleName();
    void newJobAppearsWithoutReload();
    void twoConsolesAcceptOnceOneWins();
    void screenReaderFindsAndPressesAccept();
    void keyboardOnlyAcceptThenStart();
    void officeSeesTheQueueAsAProSeesIt();

private:
    /// A window signed in as `user`, its board loaded.
    std::unique_ptr<MainWindow> signedIn(const QString &user);
    /// A new open job near Austin as the dispatcher; its id.
    QString createJob(const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_dispatcher;
    std::unique_ptr<HttpTestClient> m_pro1Http;
    std::unique_ptr<MainWindow> m_pro1;
    std::unique_ptr<MainWindow> m_pro2;
    int m_counter = 0;
};

void TestProConsole::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_dispatcher = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_dispatcher->login(u"dana"_s, u"demo-password"_s));
    m_pro1Http = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_pro1Http->login(u"pro1"_s, u"demo-password"_s));
    m_pro1 = signedIn(u"pro1"_s);
    QVERIFY(m_pro1);
    QVERIFY(!m_pro1->dispatchBoard()); // Dispatch is the office's
    m_pro2 = signedIn(u"pro2"_s);
    QVERIFY(m_pro2);
}

void TestProConsole::cleanupTestCase()
{
    m_pro1.reset();
    m_pro2.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<MainWindow> TestProConsole::signedIn(const QString &user)
{
    return signedInWindow(m_server.baseUrl(), user, u"demo-password"_s);
}

QString TestProConsole::createJob(const QString &title)
{
    const HttpResult created = m_dispatcher->postJson(
        u"/jobs"_s,
        QJsonObject{
            {u"fields"_s,
             QJsonObject{{u"title"_s, QString(title + QString::number(++m_counter))},
                         {u"address"_s, u"700 Congress Ave, Austin, TX"_s},
                         {u"geo"_s, QJsonObject{{u"lat"_s, 30.2747}, {u"lng"_s, -97.7404}}}}}});
    if (created.status != 201)
        qWarning("POST /jobs: %s", created.describe().constData());
    return created.json().value(u"id"_s).toString();
}

void TestProConsole::proStartsOnOffersInTheServersOrder()
{
    ProConsole *pro = m_pro1->proConsole();
    QVERIFY(pro);
    OffersPage *page = pro->page();
    QCOMPARE(m_pro1->workspace()->currentWidget(), page);
    QTRY_VERIFY_WITH_TIMEOUT(pro->queue()->hasLoaded() && !pro->queue()->isLoading(),
                             kAnswerWaitMs);
    const HttpResult offers = m_pro1Http->get(u"/offers"_s);
    QCOMPARE(offers.status, 200);
    QVERIFY(!rankedIds(offers.json()).isEmpty());
    QCOMPARE(rowIds(page->view()->model(), OffersModel::JobIdRole), rankedIds(offers.json()));
    QVERIFY2(
        m_pro1->workspace()->tabText(0).contains(QString::number(rankedIds(offers.json()).size())),
        qPrintable(m_pro1->workspace()->tabText(0)));

    // My jobs is the pro's own jobs only.
    const JobListModel *mine = m_pro1->board()->model();
    for (int row = 0; row < mine->rowCount(); ++row)
        QCOMPARE(mine->jobAt(row).assignedTo, m_pro1Http->loggedInUser().value(u"id"_s).toString());

    page->selectJob(rankedIds(offers.json()).first());
    QTRY_VERIFY(!page->detailsText().isEmpty());
    saveScreenshot(m_pro1.get(), u"pro-offers.png"_s);
}

void TestProConsole::proWindowHasNoOfficeControls()
{
    MainWindow *window = m_pro1.get();
    // On My jobs, with one of the pro's jobs selected, the pane shows the pro's actions only.
    QVERIFY(QTest::qWaitFor([&] { return window->board()->model()->rowCount() > 0; }, 5000));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window->workspace()->currentIndex(), 1);
    window->board()->setTab(JobFilterProxyModel::Tab::All);
    window->board()->view()->setCurrentIndex(window->board()->proxy()->index(0, 0));
    QTRY_VERIFY(!window->detailPane()->jobId().isEmpty());

    const QStringList officeOnly = {
        u"editButton"_s,     u"cancelButton"_s,     u"expireButton"_s,   u"markRequestedButton"_s,
        u"declineButton"_s,  u"askConfirmButton"_s, u"markPaidButton"_s, u"assignButton"_s,
        u"unassignButton"_s, u"proBox"_s,           u"scheduleButton"_s, u"scheduleDate"_s,
        u"scheduleZone"_s,   u"scheduleWindow"_s,   u"bestProsPanel"_s};
    for (const QString &name : officeOnly) {
        const auto widgets = window->findChildren<QWidget *>(name);
        for (QWidget *widget : widgets)
            QVERIFY2(!widget->isVisibleTo(window), qPrintable(name + u" is shown to a pro"_s));
    }
    for (const QString &name :
         {u"startButton"_s, u"completeButton"_s, u"codeEdit"_s, u"noteEdit"_s}) {
        auto *widget = window->findChild<QWidget *>(name);
        QVERIFY2(widget && widget->isVisibleTo(window), qPrintable(name));
    }
    // No office menu entries: Edit job and the office's view of a pro's queue.
    const auto actions = window->menuBar()->findChildren<QAction *>();
    for (const QAction *action : actions) {
        if (!action->isVisible())
            continue;
        QVERIFY2(!action->text().contains(u"Edit job"_s), qPrintable(action->text()));
        QVERIFY2(!action->text().contains(u"as a &pro"_s), qPrintable(action->text()));
    }
    // No "Available" tab on My jobs: the offers have their own page.
    for (int i = 0; i < window->board()->tabBar()->count(); ++i)
        QVERIFY(window->board()->tabBar()->tabText(i) != u"Available"_s);
    saveScreenshot(window, u"pro-my-jobs.png"_s);
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window->workspace()->currentWidget(), window->proConsole()->page());
}

void TestProConsole::everyControlHasAnAccessibleName()
{
    for (MainWindow *window : {m_pro1.get()}) {
        for (int tab = 0; tab < window->workspace()->count(); ++tab) {
            window->workspace()->setCurrentIndex(tab);
            QTest::qWait(50);
            const auto widgets = window->findChildren<QWidget *>();
            for (QWidget *widget : widgets) {
                if (!widget->isVisible())
                    continue;
                const bool interactive =
                    qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget) ||
                    qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractItemView *>(widget);
                // A combo's or spin box's own line edit is named through it, a header through
                // its table.
                if (!interactive || qobject_cast<QComboBox *>(widget->parent()) ||
                    qobject_cast<QAbstractSpinBox *>(widget->parent()) ||
                    qobject_cast<QHeaderView *>(widget))
                    continue;
                QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
                QVERIFY(iface);
                QVERIFY2(!iface->text(QAccessible::Name).trimmed().isEmpty(),
                         qPrintable(QString(u"no accessible name: "_s +
                                            QLatin1String(widget->metaObject()->className()) +
                                            u' ' + widget->objectName())));
            }
        }
    }
    m_pro1->workspace()->setCurrentIndex(0);
}

void TestProConsole::newJobAppearsWithoutReload()
{
    OfferQueue *queue = m_pro1->proConsole()->queue();
    QTRY_VERIFY_WITH_TIMEOUT(!queue->isLoading(), kAnswerWaitMs);
    const int before = queue->model()->rowCount();
    QSignalSpy resets(queue->model(), &QAbstractItemModel::modelReset);
    const QString id = createJob(u"Fresh from the office "_s);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(queue->model()->rowOf(id) >= 0, kAnswerWaitMs);
    QCOMPARE(queue->model()->rowCount(), before + 1);
    QCOMPARE(resets.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!queue->isLoading(), kAnswerWaitMs);
    QCOMPARE(rowIds(m_pro1->proConsole()->page()->view()->model(), OffersModel::JobIdRole),
             rankedIds(m_pro1Http->get(u"/offers"_s).json()));
}

void TestProConsole::twoConsolesAcceptOnceOneWins()
{
    const QString id = createJob(u"Both want this "_s);
    QVERIFY(!id.isEmpty());
    OffersPage *first = m_pro1->proConsole()->page();
    OffersPage *second = m_pro2->proConsole()->page();
    QTRY_VERIFY_WITH_TIMEOUT(first->queue()->model()->rowOf(id) >= 0, kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(second->queue()->model()->rowOf(id) >= 0, kAnswerWaitMs);
    QVERIFY(first->selectJob(id));
    QVERIFY(second->selectJob(id));

    // Both press Accept before either hears back.
    first->acceptButton()->click();
    second->acceptButton()->click();
    QCOMPARE(first->acceptButton()->text(), u"Accepting…"_s);
    QVERIFY(!first->acceptButton()->isEnabled());
    QVERIFY(!second->acceptButton()->isEnabled());

    const auto won = [](MainWindow *window) {
        return window->jobsBanner()->text().contains(u"It's yours"_s);
    };
    const auto taken = [](OffersPage *page) {
        return page->banner()->text().contains(u"Another pro took this job just now"_s);
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        (won(m_pro1.get()) || taken(first)) && (won(m_pro2.get()) || taken(second)), kAnswerWaitMs);
    QCOMPARE(int(won(m_pro1.get())) + int(won(m_pro2.get())), 1);
    QCOMPARE(int(taken(first)) + int(taken(second)), 1);
    QVERIFY2(visibleDialogs().isEmpty(), qPrintable(visibleDialogs().join(u", "_s)));

    MainWindow *winner = won(m_pro1.get()) ? m_pro1.get() : m_pro2.get();
    OffersPage *loserPage = won(m_pro1.get()) ? second : first;
    // The winner is on My jobs with the job selected; the banner says when.
    QCOMPARE(winner->workspace()->currentIndex(), 1);
    QCOMPARE(winner->board()->currentJobId(), id);
    QVERIFY(winner->jobsBanner()->text().contains(u"It's yours: "_s));
    // The loser's row left and another offer is selected.
    QCOMPARE(loserPage->queue()->model()->rowOf(id), -1);
    QVERIFY(loserPage->currentJobId() != id);
    QCOMPARE(loserPage->banner()->kind(), NoticeBanner::Kind::Warning);

    // The server holds one assignment, to the winner.
    const HttpResult job = m_dispatcher->get(u"/jobs/"_s + id);
    QCOMPARE(job.json().value(u"assignedTo"_s).toString(), winner->apiClient()->currentUser()->id);
    int assignments = 0;
    for (const QJsonValue &entry : m_dispatcher->get(u"/jobs/"_s + id + u"/history"_s).jsonArray())
        assignments += entry[u"type"_s].toString() == u"JOB_ASSIGNED"_s;
    QCOMPARE(assignments, 1);
    saveScreenshot(winner, u"pro-its-yours.png"_s);
    winner->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(winner));
    QTest::keyClick(winner, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(winner->workspace()->currentIndex(), 0);
}

void TestProConsole::screenReaderFindsAndPressesAccept()
{
    const QString id = createJob(u"Found by ear "_s);
    OffersPage *page = m_pro2->proConsole()->page();
    m_pro2->workspace()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->queue()->model()->rowOf(id) >= 0, kAnswerWaitMs);
    QVERIFY(page->selectJob(id));
    QAccessibleInterface *root = QAccessible::queryAccessibleInterface(m_pro2.get());
    QAccessibleInterface *accept = findAccessible(root, QAccessible::Button, u"Accept"_s);
    QVERIFY2(accept, "no button named Accept in the accessibility tree");
    QVERIFY(accept->actionInterface());
    QSignalSpy accepted(page, &OffersPage::jobAccepted);
    accept->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, kAnswerWaitMs);
    QCOMPARE(accepted.at(0).at(0).value<net::VersionedJob>().id(), id);
}

void TestProConsole::keyboardOnlyAcceptThenStart()
{
    MainWindow *window = m_pro2.get();
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    const QString id = createJob(u"By keyboard "_s);
    OffersPage *page = window->proConsole()->page();
    QTRY_VERIFY_WITH_TIMEOUT(page->queue()->model()->rowOf(id) >= 0, kAnswerWaitMs);

    // Ctrl+1 to the offers, the arrows to the job, Enter to take it.
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), page->view());
    QTest::keyClick(page->view(), Qt::Key_Home, Qt::ControlModifier); // the first row
    for (int i = 0; i < 100 && page->currentJobId() != id; ++i)
        QTest::keyClick(page->view(), Qt::Key_Down);
    QVERIFY2(page->currentJobId() == id, qPrintable(QStringLiteral("row %1 of %2, current %3")
                                                        .arg(page->queue()->model()->rowOf(id))
                                                        .arg(page->queue()->model()->rowCount())
                                                        .arg(page->view()->currentIndex().row())));
    QTest::keyClick(page->view(), Qt::Key_Return);
    // (An earlier win's banner may still be up: wait for this job's.)
    QTRY_VERIFY_WITH_TIMEOUT(window->jobsBanner()->text().contains(u"By keyboard"_s),
                             kAnswerWaitMs);
    QVERIFY(window->jobsBanner()->text().startsWith(u"It's yours"_s));
    QCOMPARE(window->board()->currentJobId(), id);

    // F6 to the job's actions: the code field first; the customer's code and Enter start it.
    QTRY_VERIFY_WITH_TIMEOUT(window->detailPane()->shownJob().isValid(), kAnswerWaitMs);
    QTest::keyClick(window, Qt::Key_F6);
    auto *code = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY2(code && code->objectName() == u"codeEdit"_s,
             QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className()
                                         : "no focus");
    const QString startCode =
        m_dispatcher->get(u"/jobs/"_s + id).json().value(u"codes"_s)[u"start"_s].toString();
    QCOMPARE(startCode.size(), 6);
    QTest::keyClicks(code, startCode);
    QTest::keyClick(code, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_dispatcher->get(u"/jobs/"_s + id).json().value(u"status"_s).toString(), u"IN_PROGRESS"_s,
        kAnswerWaitMs);
    QVERIFY2(visibleDialogs().isEmpty(), qPrintable(visibleDialogs().join(u", "_s)));
}

void TestProConsole::officeSeesTheQueueAsAProSeesIt()
{
    auto office = signedIn(u"dana"_s);
    QVERIFY(office);
    QVERIFY(!office->proConsole());
    QCOMPARE(office->workspace()->count(), 2); // the board and Dispatch
    QVERIFY(office->dispatchBoard());
    // An open job with its best pros, for the screenshot of the office's side.
    office->board()->setTab(JobFilterProxyModel::Tab::Available);
    office->board()->view()->setCurrentIndex(office->board()->proxy()->index(0, 0));
    auto *bestPros = office->findChild<QWidget *>(u"bestProsPanel"_s);
    QVERIFY(bestPros);
    QTRY_VERIFY_WITH_TIMEOUT(bestPros->isVisibleTo(office.get()), kAnswerWaitMs);
    QTest::qWait(500); // the candidates' answer
    for (QWidget *up = bestPros->parentWidget(); up; up = up->parentWidget()) {
        if (auto *scroll = qobject_cast<QScrollArea *>(up)) {
            scroll->ensureWidgetVisible(bestPros);
            break;
        }
    }
    saveScreenshot(office.get(), u"best-pros.png"_s);
    QTRY_VERIFY_WITH_TIMEOUT(office->detailPane()->findChild<QComboBox *>(u"proBox"_s)->count() > 1,
                             kAnswerWaitMs);
    // From the keyboard: Ctrl+Shift+P opens it, the pro is picked by typing in the focused box.
    office->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(office.get()));
    QTest::keyClick(office.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(office->proQueueDialog() && office->proQueueDialog()->isVisible());
    ProQueueDialog *dialog = office->proQueueDialog();
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(dialog->proBox()));
    QVERIFY(dialog->showPro(m_pro1Http->loggedInUser().value(u"id"_s).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->queue()->hasLoaded() && !dialog->queue()->isLoading(),
                             kAnswerWaitMs);
    QVERIFY(!dialog->page()->acceptButton()->isVisibleTo(dialog));
    // The same ranking pro1 gets.
    QCOMPARE(rowIds(dialog->page()->view()->model(), OffersModel::JobIdRole),
             rankedIds(m_pro1Http->get(u"/offers"_s).json()));
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!office->proQueueDialog());
}

QTEST_MAIN(TestProConsole)
#include "tst_proconsole.moc"
