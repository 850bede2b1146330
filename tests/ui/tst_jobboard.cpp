// The console's shell against the real dispatchd (--demo), offscreen, driven with QTest: sign
// in through the login dialog, the board fills, tabs, search, sort, the detail pane (the
// placeholder for missing notes, a disabled action's reason, an action that lands), and the
// keyboard path through the board.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"

#include <conflictdialog.h> // jobeditor.h holds a QPointer<ConflictDialog>
#include <connectionstatus.h>
#include <fieldkeys.h>
#include <jobboard.h>
#include <jobdetailpane.h>
#include <jobeditor.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

QStringList proxyColumn(const JobFilterProxyModel *proxy, int column, int role)
{
    QStringList values;
    for (int row = 0; row < proxy->rowCount(); ++row)
        values << proxy->index(row, column).data(role).toString();
    return values;
}

} // namespace

class TestJobBoard final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void wrongPasswordIsExplainedInWords();
    void signInFillsTheBoard();
    void tabsFilterByStatus_data();
    void tabsFilterByStatus();
    void searchNarrowsTheBoard();
    void headerClickSorts();
    void missingNotesShowPlaceholder();
    void disabledActionsSayWhy_data();
    void disabledActionsSayWhy();
    void assignFromDetailPaneLands();
    void markRequestedLands();
    void expireAsksReasonAndLands();
    void keyboardMovesAndOpens();

private:
    /// Selects the first job on the board (All tab) matching `pred`; its id or "".
    template<typename Pred> QString selectFirst(Pred pred);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_http;
    std::unique_ptr<MainWindow> m_window;
};

void TestJobBoard::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_http = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_http->login(u"diego"_s, u"demo-password"_s));
    m_window = std::make_unique<MainWindow>();
    m_window->connectToServer(m_server.baseUrl());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestJobBoard::cleanupTestCase()
{
    m_window.reset();
    QVERIFY(m_server.stop());
}

void TestJobBoard::wrongPasswordIsExplainedInWords()
{
    LoginDialog *login = m_window->loginDialog();
    QVERIFY(login);
    QTRY_VERIFY_WITH_TIMEOUT(login->isVisible(), kAnswerWaitMs);
    auto *server = login->findChild<QLineEdit *>(u"serverEdit"_s);
    QVERIFY(server);
    QCOMPARE(QUrl(server->text()), m_server.baseUrl());
    auto *user = login->findChild<QLineEdit *>(u"usernameEdit"_s);
    auto *password = login->findChild<QLineEdit *>(u"passwordEdit"_s);
    QTest::keyClicks(user, u"dana"_s);
    QTest::keyClicks(password, u"not-her-password"_s);
    QTest::mouseClick(login->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!login->errorText().isEmpty(), kAnswerWaitMs);
    QVERIFY2(login->errorText().contains(u"not right"_s), qPrintable(login->errorText()));
    QVERIFY(!login->errorText().contains(u"401"_s));
    QVERIFY(login->isVisible());
}

void TestJobBoard::signInFillsTheBoard()
{
    LoginDialog *login = m_window->loginDialog();
    auto *password = login->findChild<QLineEdit *>(u"passwordEdit"_s);
    password->selectAll();
    QTest::keyClicks(password, u"demo-password"_s);
    QTest::keyClick(password, Qt::Key_Return); // the default button signs in
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isBoardLoaded(), kAnswerWaitMs);
    QVERIFY(!login->isVisible());

    const HttpResult list = m_http->get(u"/jobs?limit=1000"_s);
    QCOMPARE(list.status, 200);
    const int serverCount = int(list.json().value(u"items").toArray().size());
    QVERIFY(serverCount > 20);
    QCOMPARE(m_window->board()->model()->rowCount(), serverCount);

    const QString summary = m_window->connectionStatus()->summary();
    QVERIFY2(summary.contains(u"Dana Whitfield (dispatcher)"_s), qPrintable(summary));
    QVERIFY2(summary.contains(QString::number(m_server.port())), qPrintable(summary));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionStatus()->state(),
                              ConnectionStatus::State::Connected, kAnswerWaitMs);
    // Names, not ids, once the users have arrived.
    QTRY_VERIFY_WITH_TIMEOUT(
        [this] {
            const JobListModel *model = m_window->board()->model();
            for (int row = 0; row < model->rowCount(); ++row) {
                const Job &job = model->jobAt(row);
                if (!job.assignedTo.isEmpty())
                    return model->index(row, JobListModel::AssignedColumn).data().toString() !=
                           job.assignedTo;
            }
            return false;
        }(),
        kAnswerWaitMs);
}

void TestJobBoard::tabsFilterByStatus_data()
{
    QTest::addColumn<int>("tabIndex");
    QTest::addColumn<QList<JobStatus>>("statuses");
    QTest::newRow("available") << 0 << QList<JobStatus>{JobStatus::Open, JobStatus::Requested};
    QTest::newRow("scheduled") << 1 << QList<JobStatus>{JobStatus::Scheduled};
    QTest::newRow("in progress") << 2
                                 << QList<JobStatus>{JobStatus::InProgress,
                                                     JobStatus::CompletedByPro,
                                                     JobStatus::AwaitingCustomerConfirm};
    QTest::newRow("done") << 3
                          << QList<JobStatus>{JobStatus::Paid, JobStatus::Cancelled,
                                              JobStatus::Expired};
    QTest::newRow("all") << 4 << allJobStatuses();
}

void TestJobBoard::tabsFilterByStatus()
{
    QFETCH(int, tabIndex);
    QFETCH(QList<JobStatus>, statuses);
    JobBoard *board = m_window->board();
    QTabBar *tabs = board->tabBar();
    QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(tabIndex).center());
    QCOMPARE(tabs->currentIndex(), tabIndex);

    int expected = 0;
    const JobListModel *model = board->model();
    for (int row = 0; row < model->rowCount(); ++row)
        expected += statuses.contains(model->jobAt(row).status) ? 1 : 0;
    QVERIFY2(expected > 0, "the demo data has jobs in every tab");
    QCOMPARE(board->proxy()->rowCount(), expected);
    for (int row = 0; row < board->proxy()->rowCount(); ++row) {
        const auto status =
            JobStatus(board->proxy()->index(row, 0).data(JobListModel::StatusRole).toInt());
        QVERIFY(statuses.contains(status));
    }
}

void TestJobBoard::searchNarrowsTheBoard()
{
    JobBoard *board = m_window->board();
    board->setTab(JobFilterProxyModel::Tab::All);
    const int all = board->proxy()->rowCount();
    const Job first = board->model()->jobAt(0);
    const QString customer = first.text(FieldKey::CustomerName);
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(board->searchEdit()->hasFocus());
    QTest::keyClicks(board->searchEdit(), customer.toUpper());
    // The search applies after a pause in typing.
    QTRY_VERIFY_WITH_TIMEOUT(board->proxy()->rowCount() < all, kAnswerWaitMs);
    const int shown = board->proxy()->rowCount();
    QVERIFY(shown >= 1);
    QVERIFY(shown < all);
    for (const QString &name :
         proxyColumn(board->proxy(), JobListModel::CustomerColumn, Qt::DisplayRole))
        QCOMPARE(name, customer);

    QTest::keyClicks(board->searchEdit(), u" no such job"_s);
    QTRY_COMPARE_WITH_TIMEOUT(board->proxy()->rowCount(), 0, kAnswerWaitMs);
    auto *footer = board->findChild<QLabel *>(u"boardFooter"_s);
    QVERIFY2(footer->text().contains(u"match"_s), qPrintable(footer->text()));
    QTest::keyClick(board->searchEdit(), Qt::Key_Escape);
    QCOMPARE(board->searchEdit()->text(), QString());
    QCOMPARE(board->proxy()->rowCount(), all);
}

void TestJobBoard::headerClickSorts()
{
    JobBoard *board = m_window->board();
    QHeaderView *header = board->view()->horizontalHeader();
    const auto clickHeader = [header](int column) {
        QTest::mouseClick(
            header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(column) + 5, header->height() / 2));
    };
    clickHeader(JobListModel::TitleColumn);
    QStringList titles = proxyColumn(board->proxy(), JobListModel::TitleColumn, Qt::DisplayRole);
    if (header->sortIndicatorOrder() == Qt::DescendingOrder)
        std::reverse(titles.begin(), titles.end());
    QStringList sorted = titles;
    std::stable_sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });
    QCOMPARE(titles, sorted);

    // Due sorts by time, not by its text; jobs without a due time come last.
    clickHeader(JobListModel::DueColumn);
    if (header->sortIndicatorOrder() != Qt::AscendingOrder)
        clickHeader(JobListModel::DueColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    qint64 previous = std::numeric_limits<qint64>::min();
    for (int row = 0; row < board->proxy()->rowCount(); ++row) {
        const qint64 due = board->proxy()
                               ->index(row, JobListModel::DueColumn)
                               .data(JobListModel::SortRole)
                               .toLongLong();
        QVERIFY(due >= previous);
        previous = due;
    }
}

template<typename Pred> QString TestJobBoard::selectFirst(Pred pred)
{
    JobBoard *board = m_window->board();
    board->setTab(JobFilterProxyModel::Tab::All);
    board->searchEdit()->clear();
    const JobListModel *model = board->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (pred(model->jobAt(row))) {
            const QString id = model->jobAt(row).id;
            return board->selectJob(id) ? id : QString();
        }
    }
    return {};
}

void TestJobBoard::missingNotesShowPlaceholder()
{
    const QString id =
        selectFirst([](const Job &job) { return job.field(FieldKey::Details).isNull(); });
    QVERIFY2(!id.isEmpty(), "the demo data has a job without customer notes");
    JobDetailPane *pane = m_window->detailPane();
    QCOMPARE(pane->jobId(), id);
    QVERIFY2(pane->detailsText().contains(u"no notes"_s), qPrintable(pane->detailsText()));

    const QString withNotes =
        selectFirst([](const Job &job) { return job.field(FieldKey::Details).isString(); });
    QVERIFY(!withNotes.isEmpty());
    QCOMPARE(pane->detailsText(),
             m_window->board()->model()->job(withNotes)->text(FieldKey::Details));
}

void TestJobBoard::disabledActionsSayWhy_data()
{
    QTest::addColumn<JobStatus>("status");
    QTest::addColumn<QString>("button");
    QTest::addColumn<QString>("why");
    QTest::newRow("start needs the pro")
        << JobStatus::Scheduled << u"startButton"_s << u"Only the assigned pro"_s;
    QTest::newRow("scheduled cannot be cancelled")
        << JobStatus::Scheduled << u"cancelButton"_s << u"cannot be cancelled"_s;
    QTest::newRow("assigned already")
        << JobStatus::Scheduled << u"assignButton"_s << u"Unassign it first"_s;
    QTest::newRow("paid is locked")
        << JobStatus::Paid << u"editButton"_s << u"can no longer change"_s;
    QTest::newRow("complete needs progress")
        << JobStatus::Open << u"completeButton"_s << u"Only a job in progress"_s;
    QTest::newRow("paid needs the customer's confirmation")
        << JobStatus::Open << u"markPaidButton"_s << u"awaiting the customer's confirmation"_s;
    QTest::newRow("decline needs a request")
        << JobStatus::Scheduled << u"declineButton"_s << u"Only a requested job"_s;
    QTest::newRow("expire needs open")
        << JobStatus::Requested << u"expireButton"_s << u"Only an open job can expire"_s;
    QTest::newRow("ask confirm needs completed")
        << JobStatus::InProgress << u"askConfirmButton"_s << u"the pro has completed"_s;
}

void TestJobBoard::disabledActionsSayWhy()
{
    QFETCH(JobStatus, status);
    QFETCH(QString, button);
    QFETCH(QString, why);
    const QString id = selectFirst([status](const Job &job) { return job.status == status; });
    QVERIFY(!id.isEmpty());
    JobDetailPane *pane = m_window->detailPane();
    auto *target = pane->findChild<QPushButton *>(button);
    QVERIFY(target);
    // Once the job's version with its ETag has arrived, the reason is the status machine's.
    QTRY_VERIFY_WITH_TIMEOUT(pane->shownJob().isValid(), kAnswerWaitMs);
    QVERIFY(!target->isEnabled());
    QVERIFY2(target->toolTip().contains(why), qPrintable(target->toolTip()));
    // Something is allowed for a dispatcher on every job: the note.
    QVERIFY(pane->findChild<QPushButton *>(u"noteButton"_s)->isEnabled());
}

void TestJobBoard::assignFromDetailPaneLands()
{
    const QString id = selectFirst(
        [](const Job &job) { return job.status == JobStatus::Open && job.assignedTo.isEmpty(); });
    QVERIFY(!id.isEmpty());
    JobDetailPane *pane = m_window->detailPane();
    QTRY_VERIFY_WITH_TIMEOUT(pane->shownJob().isValid(), kAnswerWaitMs);
    auto *pros = pane->findChild<QComboBox *>(u"proBox"_s);
    // "Choose a pro" first: nothing is pre-filled from another job.
    QTRY_VERIFY_WITH_TIMEOUT(pros->count() > 1, kAnswerWaitMs);
    QVERIFY(pros->currentData().toString().isEmpty());
    pros->setCurrentIndex(1);
    const QString proId = pros->currentData().toString();
    auto *assign = pane->findChild<QPushButton *>(u"assignButton"_s);
    QVERIFY(assign->isEnabled());
    QTest::mouseClick(assign, Qt::LeftButton);

    const JobListModel *model = m_window->board()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->job(id)->status, JobStatus::Scheduled, kAnswerWaitMs);
    QCOMPARE(model->job(id)->assignedTo, proId);
    QVERIFY(!model->hasPendingWrite(id) ||
            QTest::qWaitFor([&] { return !model->hasPendingWrite(id); }, kAnswerWaitMs));
    const HttpResult onServer = m_http->get(jobPath(id));
    QCOMPARE(onServer.status, 200);
    QCOMPARE(onServer.json().value(u"status").toString(), u"SCHEDULED"_s);
    QCOMPARE(onServer.json().value(u"assignedTo").toString(), proId);
    // The pane now offers the opposite move.
    QTRY_VERIFY_WITH_TIMEOUT(pane->findChild<QPushButton *>(u"unassignButton"_s)->isEnabled(),
                             kAnswerWaitMs);
}

void TestJobBoard::markRequestedLands()
{
    const QString id = selectFirst(
        [](const Job &job) { return job.status == JobStatus::Open && job.assignedTo.isEmpty(); });
    QVERIFY(!id.isEmpty());
    JobDetailPane *pane = m_window->detailPane();
    QTRY_VERIFY_WITH_TIMEOUT(pane->shownJob().isValid(), kAnswerWaitMs);
    auto *decline = pane->findChild<QPushButton *>(u"declineButton"_s);
    QVERIFY(!decline->isEnabled());
    auto *mark = pane->findChild<QPushButton *>(u"markRequestedButton"_s);
    QVERIFY(mark->isEnabled());
    QVERIFY(mark->toolTip().isEmpty());
    // By its mnemonic, as a keyboard user would.
    QTest::keyClick(m_window.get(), Qt::Key_Q, Qt::AltModifier);

    const JobListModel *model = m_window->board()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->job(id)->status, JobStatus::Requested, kAnswerWaitMs);
    const HttpResult onServer = m_http->get(jobPath(id));
    QCOMPARE(onServer.status, 200);
    QCOMPARE(onServer.json().value(u"status").toString(), u"REQUESTED"_s);
    // Now the opposite move is offered and this one says why not.
    QTRY_VERIFY_WITH_TIMEOUT(decline->isEnabled(), kAnswerWaitMs);
    QVERIFY(!mark->isEnabled());
    QVERIFY2(mark->toolTip().contains(u"Only an open job"_s), qPrintable(mark->toolTip()));
}

void TestJobBoard::expireAsksReasonAndLands()
{
    const QString id = selectFirst(
        [](const Job &job) { return job.status == JobStatus::Open && job.assignedTo.isEmpty(); });
    QVERIFY(!id.isEmpty());
    JobDetailPane *pane = m_window->detailPane();
    QTRY_VERIFY_WITH_TIMEOUT(pane->shownJob().isValid(), kAnswerWaitMs);
    const qint64 version = pane->shownJob().job.version;
    auto *expire = pane->findChild<QPushButton *>(u"expireButton"_s);
    QVERIFY(expire->isEnabled());

    // "Keep job" sends nothing.
    QTest::mouseClick(expire, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane->reasonDialog() && pane->reasonDialog()->isVisible(),
                             kAnswerWaitMs);
    auto *buttons = pane->reasonDialog()->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QCOMPARE(buttons->button(QDialogButtonBox::Cancel)->text(), u"Keep job"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!pane->reasonDialog(), kAnswerWaitMs);
    QCOMPARE(m_http->get(jobPath(id)).json().value(u"version").toInteger(), version);

    // Confirmed with a reason: the server has the job expired and the reason in its history.
    QTest::mouseClick(expire, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane->reasonDialog() && pane->reasonDialog()->isVisible(),
                             kAnswerWaitMs);
    auto *reason = pane->reasonDialog()->findChild<QLineEdit *>();
    QVERIFY(reason);
    QTest::keyClicks(reason, u"Customer found someone else"_s);
    buttons = pane->reasonDialog()->findChild<QDialogButtonBox *>();
    QCOMPARE(buttons->button(QDialogButtonBox::Ok)->text(), u"Expire job"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);

    const JobListModel *model = m_window->board()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->job(id)->status, JobStatus::Expired, kAnswerWaitMs);
    const HttpResult onServer = m_http->get(jobPath(id));
    QCOMPARE(onServer.status, 200);
    QCOMPARE(onServer.json().value(u"status").toString(), u"EXPIRED"_s);
    const HttpResult history = m_http->get(jobPath(id, u"/history"_s));
    QCOMPARE(history.status, 200);
    const QJsonArray entries = history.jsonArray();
    QVERIFY(!entries.isEmpty());
    QCOMPARE(entries.last().toObject().value(u"reason").toString(),
             u"Customer found someone else"_s);
    // Final now: expire is off, and says why.
    QTRY_VERIFY_WITH_TIMEOUT(!expire->toolTip().isEmpty(), kAnswerWaitMs);
    QVERIFY(!expire->isEnabled());
    // The dialog is gone and the window takes keys again (the next test's shortcuts).
    QTRY_VERIFY_WITH_TIMEOUT(!pane->reasonDialog(), kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isActiveWindow(), kAnswerWaitMs);
}

void TestJobBoard::keyboardMovesAndOpens()
{
    JobBoard *board = m_window->board();
    QTableView *view = board->view();
    // Ctrl+1: the Available tab, from anywhere in the window.
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(board->tab(), JobFilterProxyModel::Tab::Available);
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    QVERIFY(view->hasFocus());
    view->setCurrentIndex(board->proxy()->index(0, 0));
    const QString first = board->currentJobId();
    QTest::keyClick(view, Qt::Key_Down);
    const QString second = board->currentJobId();
    QVERIFY(!second.isEmpty());
    QVERIFY(second != first);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->detailPane()->jobId(), second, kAnswerWaitMs);

    // Enter opens the editor for an editable job; Esc closes it and the board has focus again.
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->editor() != nullptr, kAnswerWaitMs);
    QCOMPARE(m_window->editor()->jobId(), second);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->editor()->isVisible(), kAnswerWaitMs);
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus);
    QTest::keyClick(focus, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->editor() == nullptr, kAnswerWaitMs);
    QVERIFY(view->hasFocus());
}

QTEST_MAIN(TestJobBoard)
#include "tst_jobboard.moc"
