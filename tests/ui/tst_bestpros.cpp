// The detail pane shaped by role, against the real dispatchd (--demo), offscreen: the office's
// "Best pros for this job" (the same ranking as GET /jobs/{id}/candidates and the offer score's
// formula, a pick that only fills the pro box), and a pro's pane without the office's controls,
// with the six-digit code field and its messages.
#include "dispatchdprocess.h"
#include "expectedoffer.h"
#include "httptestclient.h"
#include "signedinwindow.h"
#include "testhelpers.h"

#include <bestprospanel.h>
#include <candidatesmodel.h>
#include <conflictdialog.h> // jobeditor.h holds a QPointer<ConflictDialog>
#include <jobboard.h>
#include <jobdetailpane.h>
#include <jobeditor.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

class TestBestPros final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void rankingMatchesServerAndFormula();
    void pickingFillsTheProBoxOnly();
    void enterOnAssignAssignsThePick();
    void scheduledJobHidesThePanel();
    void newVersionReloadsTheRanking();
    void proSeesOnlyProControls();
    void everyVisibleControlHasAName();
    void codeFieldWantsSixDigits();
    void lockedCodesSayForHowLong();
    void hiddenActionsStillSayWhy();

private:
    /// A MainWindow signed in through its login dialog; null on failure.
    std::unique_ptr<MainWindow> signIn(const QString &username);
    /// Selects the first job on the window's board matching `pred`; its id or "".
    template<typename Pred> QString selectFirst(MainWindow *window, Pred pred);
    /// Shows an open job in the office window and waits for its ranking.
    QString showOpenJob();

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_http;
    std::unique_ptr<MainWindow> m_office;
    std::unique_ptr<MainWindow> m_pro;
    QString m_proId;
};

std::unique_ptr<MainWindow> TestBestPros::signIn(const QString &username)
{
    return signedInWindow(m_server.baseUrl(), username, u"demo-password"_s);
}

void TestBestPros::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_http = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_http->login(u"dana"_s, u"demo-password"_s));
    m_office = signIn(u"dana"_s);
    QVERIFY(m_office);
    // The pro box fills from GET /users.
    auto *pros = m_office->detailPane()->findChild<QComboBox *>(u"proBox"_s);
    QTRY_VERIFY_WITH_TIMEOUT(pros->count() > 1, kAnswerWaitMs); // and "Choose a pro"
}

void TestBestPros::cleanupTestCase()
{
    m_pro.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

template<typename Pred> QString TestBestPros::selectFirst(MainWindow *window, Pred pred)
{
    JobBoard *board = window->board();
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

QString TestBestPros::showOpenJob()
{
    const QString id = selectFirst(m_office.get(), [](const Job &job) {
        return job.status == JobStatus::Open && job.assignedTo.isEmpty();
    });
    if (id.isEmpty())
        return {};
    BestProsPanel *panel = m_office->detailPane()->bestProsPanel();
    const bool ready = QTest::qWaitFor(
        [panel, id] {
            return panel->isVisible() && panel->jobId() == id && !panel->isLoading() &&
                   panel->model()->rowCount() > 0;
        },
        kAnswerWaitMs);
    return ready ? id : QString();
}

void TestBestPros::rankingMatchesServerAndFormula()
{
    const QString id = showOpenJob();
    QVERIFY2(!id.isEmpty(), "an open job shows its best pros");
    BestProsPanel *panel = m_office->detailPane()->bestProsPanel();
    QCOMPARE(panel->statusText(), QString());
    const CandidatesModel *model = panel->model();

    const HttpResult answer = m_http->get(jobPath(id, u"/candidates"_s));
    QCOMPARE(answer.status, 200);
    const QJsonArray items = answer.json().value(u"items").toArray();
    QCOMPARE(model->rowCount(), int(items.size()));
    for (int row = 0; row < model->rowCount(); ++row) {
        const QJsonObject item = items.at(row).toObject();
        const QJsonObject pro = item.value(u"pro").toObject();
        const auto at = [&](int column, int role = Qt::DisplayRole) {
            return model->index(row, column).data(role);
        };
        QCOMPARE(at(CandidatesModel::RankColumn).toInt(), row + 1);
        QCOMPARE(at(0, CandidatesModel::ProIdRole).toString(), pro.value(u"id").toString());
        QCOMPARE(at(CandidatesModel::ProColumn).toString(), pro.value(u"name").toString());
        QCOMPARE(at(CandidatesModel::ScoreColumn).toInt(), item.value(u"score").toInt());
        QCOMPARE(at(CandidatesModel::JobsThatDayColumn).toInt(),
                 item.value(u"jobsThatDay").toInt());
        const QString distance = at(CandidatesModel::DistanceColumn).toString();
        if (item.value(u"distanceMiles").isNull())
            QCOMPARE(distance, u"—"_s);
        else
            QVERIFY2(distance.endsWith(u" mi"_s), qPrintable(distance));
        // The score's reasons in words, as the Offers view gives them.
        const QString tip = at(CandidatesModel::ScoreColumn, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"date"_s) && tip.contains(u" \u00b7 "_s), qPrintable(tip));
    }

    // The formula (docs/openapi.yaml "Offers") from each pro's home, as GET /users gives it.
    const HttpResult users = m_http->get(u"/users"_s);
    QCOMPARE(users.status, 200);
    QHash<QString, QJsonObject> homes;
    for (const QJsonValue &user : users.json().value(u"items").toArray())
        homes.insert(user[u"id"].toString(), user[u"home"].toObject());
    const QJsonObject job = m_http->get(jobPath(id)).json();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    struct Expected {
        QString proId;
        int score;
        int jobsThatDay;
    };
    QList<Expected> expected;
    for (const QJsonValue &value : items) {
        const QString proId = value[u"pro"][u"id"].toString();
        QVERIFY2(homes.contains(proId), qPrintable(proId));
        const QJsonObject home = homes.value(proId);
        std::optional<std::pair<double, double>> from;
        if (!home.isEmpty())
            from = std::pair{home[u"lat"].toDouble(), home[u"lng"].toDouble()};
        const ExpectedOffer offer = expectedOffer(job, from, now);
        const QJsonObject breakdown = value[u"breakdown"].toObject();
        QCOMPARE(breakdown[u"status"].toInt(), offer.status);
        QCOMPARE(breakdown[u"distance"].toInt(), offer.distance);
        QCOMPARE(breakdown[u"urgency"].toInt(), offer.urgency);
        expected.append({proId, offer.total(), value[u"jobsThatDay"].toInt()});
    }
    // Higher score first; ties: fewer jobs that day, then the smaller pro id.
    std::stable_sort(expected.begin(), expected.end(), [](const Expected &a, const Expected &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.jobsThatDay != b.jobsThatDay)
            return a.jobsThatDay < b.jobsThatDay;
        return a.proId < b.proId;
    });
    for (int row = 0; row < model->rowCount(); ++row) {
        QCOMPARE(model->index(row, 0).data(CandidatesModel::ProIdRole).toString(),
                 expected.at(row).proId);
        QCOMPARE(model->index(row, CandidatesModel::ScoreColumn).data().toInt(),
                 expected.at(row).score);
    }
}

void TestBestPros::pickingFillsTheProBoxOnly()
{
    const QString id = showOpenJob();
    QVERIFY(!id.isEmpty());
    JobDetailPane *pane = m_office->detailPane();
    BestProsPanel *panel = pane->bestProsPanel();
    QVERIFY(panel->model()->rowCount() >= 2);
    const qint64 version = m_http->get(jobPath(id)).json().value(u"version").toInteger();
    m_office->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_office.get()));
    auto *proBox = pane->findChild<QComboBox *>(u"proBox"_s);
    auto *assign = pane->findChild<QPushButton *>(u"assignButton"_s);
    auto *use = panel->findChild<QPushButton *>(u"useProButton"_s);
    QVERIFY(use);

    // Enter on the second row.
    QTableView *view = panel->view();
    view->setFocus();
    view->setCurrentIndex(panel->model()->index(1, CandidatesModel::ProColumn));
    QVERIFY(use->isEnabled());
    const QString second = panel->model()->index(1, 0).data(CandidatesModel::ProIdRole).toString();
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(proBox->currentData().toString(), second);
    QTRY_VERIFY_WITH_TIMEOUT(assign->hasFocus(), kAnswerWaitMs);
    QVERIFY(assign->isEnabled());

    // The button, by its mnemonic, with the first row chosen.
    view->setCurrentIndex(panel->model()->index(0, CandidatesModel::ProColumn));
    const QString first = panel->model()->index(0, 0).data(CandidatesModel::ProIdRole).toString();
    QTest::keyClick(m_office.get(), Qt::Key_S, Qt::AltModifier);
    // A mnemonic clicks after the button's short press animation.
    QTRY_COMPARE_WITH_TIMEOUT(proBox->currentData().toString(), first, kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(assign->hasFocus(), kAnswerWaitMs);

    // A double-click on the second row.
    const QModelIndex secondName = panel->model()->index(1, CandidatesModel::ProColumn);
    const QPoint centre = view->visualRect(secondName).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
    QCOMPARE(proBox->currentData().toString(), second);
    QVERIFY(assign->hasFocus());

    // Nothing was sent: picking only proposes.
    QTest::qWait(200);
    QCOMPARE(m_http->get(jobPath(id)).json().value(u"version").toInteger(), version);
    QCOMPARE(m_http->get(jobPath(id)).json().value(u"status").toString(), u"OPEN"_s);
}

void TestBestPros::enterOnAssignAssignsThePick()
{
    const QString id = showOpenJob();
    QVERIFY(!id.isEmpty());
    JobDetailPane *pane = m_office->detailPane();
    BestProsPanel *panel = pane->bestProsPanel();
    QTRY_VERIFY_WITH_TIMEOUT(pane->shownJob().isValid(), kAnswerWaitMs);
    m_office->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_office.get()));
    QTableView *view = panel->view();
    view->setFocus();
    view->setCurrentIndex(panel->model()->index(1, CandidatesModel::ProColumn));
    const QString second = panel->model()->index(1, 0).data(CandidatesModel::ProIdRole).toString();
    QTest::keyClick(view, Qt::Key_Return);
    auto *assign = pane->findChild<QPushButton *>(u"assignButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(assign->hasFocus(), kAnswerWaitMs);
    // One more Enter assigns.
    QTest::keyClick(assign, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_office->board()->model()->job(id)->status, JobStatus::Scheduled,
                              kAnswerWaitMs);
    const QJsonObject onServer = m_http->get(jobPath(id)).json();
    QCOMPARE(onServer.value(u"assignedTo").toString(), second);
    // Scheduled now: no more ranking for it.
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isVisible(), kAnswerWaitMs);
}

void TestBestPros::scheduledJobHidesThePanel()
{
    QVERIFY(!showOpenJob().isEmpty());
    BestProsPanel *panel = m_office->detailPane()->bestProsPanel();
    QVERIFY(panel->isVisible());
    const QString id = selectFirst(
        m_office.get(), [](const Job &job) { return job.status == JobStatus::Scheduled; });
    QVERIFY(!id.isEmpty());
    QCOMPARE(m_office->detailPane()->jobId(), id);
    QVERIFY(!panel->isVisible());
    QCOMPARE(panel->jobId(), QString());
    QCOMPARE(panel->model()->rowCount(), 0);

    // An answer for a job no longer shown is dropped: an open job, then at once the scheduled
    // one again, before the open job's ranking can arrive.
    const QString open = selectFirst(m_office.get(), [](const Job &job) {
        return job.status == JobStatus::Open && job.assignedTo.isEmpty();
    });
    QVERIFY(!open.isEmpty());
    QVERIFY(panel->isVisible());
    QVERIFY(panel->isLoading());
    QVERIFY(!selectFirst(m_office.get(), [](const Job &job) {
                 return job.status == JobStatus::Scheduled;
             }).isEmpty());
    // The pane clears the panel again on each refresh, so watch every reset for rows.
    int filled = 0;
    const auto watch = connect(panel->model(), &QAbstractItemModel::modelReset, this,
                               [&filled, panel] { filled += panel->model()->rowCount() > 0; });
    // A request sent after the dropped one has its answer, so the dropped one has too.
    QVERIFY(await<net::JobResult>(
        [&](QObject *context, auto done) { m_office->apiClient()->getJob(open, context, done); }));
    QTest::qWait(300);
    disconnect(watch);
    QCOMPARE(filled, 0);
    QVERIFY(!panel->isVisible());
    QCOMPARE(panel->model()->rowCount(), 0);
    QCOMPARE(panel->statusText(), QString());
}

void TestBestPros::newVersionReloadsTheRanking()
{
    const QString id = showOpenJob();
    QVERIFY(!id.isEmpty());
    BestProsPanel *panel = m_office->detailPane()->bestProsPanel();
    int loads = 0;
    connect(m_office->apiClient(), &net::ApiClient::requestSent, panel,
            [&loads, id](const net::ApiClient::OutgoingRequest &request) {
                loads += request.url.path().endsWith(jobPath(id, u"/candidates"_s));
            });
    // Someone schedules the job a month ahead: a new version, and a new ranking.
    const HttpResult current = m_http->get(jobPath(id));
    QCOMPARE(current.status, 200);
    const QJsonObject schedule{{u"date"_s, QDate::currentDate().addDays(30).toString(Qt::ISODate)},
                               {u"timezone"_s, u"America/Chicago"_s},
                               {u"window"_s, u"09:00-12:00"_s}};
    const HttpResult scheduled =
        m_http->postJson(jobPath(id, u"/schedule"_s), schedule, ifMatch(current.header("ETag")));
    QVERIFY2(scheduled.status == 200, scheduled.describe().constData());
    QTRY_VERIFY_WITH_TIMEOUT(loads == 1, kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading(), kAnswerWaitMs);
    QCOMPARE(panel->jobId(), id);
    QVERIFY(panel->isVisible());
    // A date picked, due in a month (docs/openapi.yaml "Offers"): +1000 and no urgency.
    const QJsonArray items =
        m_http->get(jobPath(id, u"/candidates"_s)).json().value(u"items").toArray();
    QCOMPARE(panel->model()->rowCount(), int(items.size()));
    for (int row = 0; row < panel->model()->rowCount(); ++row) {
        QCOMPARE(items.at(row)[u"breakdown"][u"status"].toInt(), 1000);
        QCOMPARE(items.at(row)[u"breakdown"][u"urgency"].toInt(), 0);
        const QModelIndex score = panel->model()->index(row, CandidatesModel::ScoreColumn);
        QCOMPARE(score.data().toInt(), items.at(row)[u"score"].toInt());
        const QString tip = score.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(u"Customer picked a date +1000"_s) && tip.endsWith(u" +0"_s),
                 qPrintable(tip));
    }
    disconnect(m_office->apiClient(), &net::ApiClient::requestSent, panel, nullptr);
}

void TestBestPros::proSeesOnlyProControls()
{
    m_pro = signIn(u"pro1"_s);
    // A pro starts on Offers; the detail pane is on My jobs.
    if (m_pro)
        m_pro->workspace()->setCurrentIndex(1);
    QVERIFY(m_pro);
    const HttpResult me = m_http->get(u"/users"_s);
    for (const QJsonValue &user : me.json().value(u"items").toArray()) {
        if (user[u"username"].toString() == u"pro1"_s)
            m_proId = user[u"id"].toString();
    }
    QVERIFY(!m_proId.isEmpty());
    const QString id = selectFirst(m_pro.get(), [this](const Job &job) {
        return job.assignedTo == m_proId && job.status == JobStatus::Scheduled;
    });
    QVERIFY2(!id.isEmpty(), "pro1 has a scheduled job in the demo data");
    JobDetailPane *pane = m_pro->detailPane();
    QCOMPARE(pane->jobId(), id);
    QTRY_VERIFY_WITH_TIMEOUT(pane->shownJob().isValid(), kAnswerWaitMs);
    QWidget *window = m_pro.get();

    for (const char *name :
         {"editButton", "cancelButton", "expireButton", "markRequestedButton", "declineButton",
          "askConfirmButton", "markPaidButton", "assignButton", "unassignButton", "proBox",
          "scheduleDate", "scheduleZone", "scheduleWindow", "scheduleButton", "bestProsPanel"}) {
        auto *widget = pane->findChild<QWidget *>(QString::fromLatin1(name));
        QVERIFY2(widget, name);
        QVERIFY2(!widget->isVisibleTo(window), name);
    }
    // Their rows' labels too: no label is left without its field.
    for (auto *label : pane->findChildren<QLabel *>()) {
        if (label->buddy() && label->isVisibleTo(window))
            QVERIFY2(label->buddy()->isVisibleTo(window), qPrintable(label->text()));
    }
    for (const char *name :
         {"startButton", "completeButton", "codeEdit", "noteEdit", "noteButton"}) {
        auto *widget = pane->findChild<QWidget *>(QString::fromLatin1(name));
        QVERIFY2(widget, name);
        QVERIFY2(widget->isVisibleTo(window), name);
    }
    // The pro's own step is there, waiting for the code.
    QVERIFY(pane->findChild<QLineEdit *>(u"codeEdit"_s)->isEnabled());
    QVERIFY(pane->findChild<QPushButton *>(u"noteButton"_s)->isEnabled());
}

void TestBestPros::everyVisibleControlHasAName()
{
    for (MainWindow *window : {m_pro.get(), m_office.get()}) {
        QVERIFY(window);
        // The office's pane with a ranking shown, the pro's with their job.
        if (window == m_office.get())
            QVERIFY(!showOpenJob().isEmpty());
        JobDetailPane *pane = window->detailPane();
        int checked = 0;
        for (QWidget *widget : pane->findChildren<QWidget *>()) {
            if (!widget->isVisibleTo(window))
                continue;
            // A combo box's or a date field's own line edit is part of that named control.
            if (qobject_cast<QComboBox *>(widget->parentWidget()) ||
                qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
                continue;
            const auto *button = qobject_cast<QAbstractButton *>(widget);
            if (!button && !qobject_cast<QLineEdit *>(widget) &&
                !qobject_cast<QComboBox *>(widget) && !qobject_cast<QAbstractItemView *>(widget))
                continue;
            ++checked;
            const bool named =
                !widget->accessibleName().isEmpty() || (button && !button->text().isEmpty());
            const QString what = QString::fromLatin1(widget->metaObject()->className()) + u' ' +
                                 widget->objectName();
            QVERIFY2(named, qPrintable(what));
        }
        QVERIFY(checked >= 5);
    }
}

void TestBestPros::codeFieldWantsSixDigits()
{
    QVERIFY(m_pro);
    JobDetailPane *pane = m_pro->detailPane();
    auto *code = pane->findChild<QLineEdit *>(u"codeEdit"_s);
    auto *start = pane->findChild<QPushButton *>(u"startButton"_s);
    code->clear();
    QVERIFY(!start->isEnabled());
    QVERIFY2(start->toolTip().contains(u"6-digit code"_s), qPrintable(start->toolTip()));
    QTest::keyClicks(code, u"12a3-45"_s);
    QCOMPARE(code->text(), u"12345"_s);
    QVERIFY(!start->isEnabled());
    QTest::keyClicks(code, u"67"_s);
    QCOMPARE(code->text(), u"123456"_s);
    QVERIFY(start->isEnabled());
    QVERIFY(start->toolTip().isEmpty());
}

void TestBestPros::lockedCodesSayForHowLong()
{
    QVERIFY(m_pro);
    JobDetailPane *pane = m_pro->detailPane();
    const QString id = pane->jobId();
    const QJsonObject job = m_http->get(jobPath(id)).json(); // the office sees the codes
    const QString right = job[u"codes"][u"start"].toString();
    QCOMPARE(right.size(), 6);
    const QString wrong = right == u"000000"_s ? u"111111"_s : u"000000"_s;
    auto *code = pane->findChild<QLineEdit *>(u"codeEdit"_s);
    auto *start = pane->findChild<QPushButton *>(u"startButton"_s);
    // docs/openapi.yaml: five wrong codes lock the job's codes; the sixth try is refused.
    for (int attempt = 0; attempt < 5; ++attempt) {
        code->setText(wrong);
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), kAnswerWaitMs);
        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(pane->errorText().contains(u"not right"_s), kAnswerWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), kAnswerWaitMs);
        code->clear();
    }
    code->setText(right);
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), kAnswerWaitMs);
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane->errorText().contains(u"locked"_s), kAnswerWaitMs);
    const QString text = pane->errorText();
    QVERIFY2(text.startsWith(u"Too many wrong codes: this job's codes are locked for "_s),
             qPrintable(text));
    QVERIFY2(text.contains(u"15 more minutes"_s) || text.contains(u"14 more minutes"_s),
             qPrintable(text));
    QVERIFY(!text.contains(u"429"_s));
    QCOMPARE(m_http->get(jobPath(id)).json().value(u"status").toString(), u"SCHEDULED"_s);
}

// The pane hides a pro's office controls, but availability() still answers for them (the
// board's disabledActionsSayWhy and anything else that asks).
void TestBestPros::hiddenActionsStillSayWhy()
{
    net::UserInfo pro;
    pro.id = u"u_pro"_s;
    pro.role = Role::Pro;
    Job job;
    job.status = JobStatus::Scheduled;
    job.assignedTo = pro.id;
    using Action = JobDetailPane::Action;
    const auto edit = JobDetailPane::availability(Action::Edit, job, pro);
    QVERIFY(!edit.allowed);
    QVERIFY2(edit.why.contains(u"Only dispatchers and admins"_s), qPrintable(edit.why));
    const auto assign = JobDetailPane::availability(Action::Assign, job, pro);
    QVERIFY(!assign.allowed);
    QVERIFY2(assign.why.contains(u"assign"_s), qPrintable(assign.why));
    QVERIFY(JobDetailPane::availability(Action::Start, job, pro).allowed);
    QVERIFY(JobDetailPane::availability(Action::AddNote, job, pro).allowed);
}

QTEST_MAIN(TestBestPros)
#include "tst_bestpros.moc"
