// The detail pane's actions against the real dispatchd (--demo), offscreen (issue 11): every
// per-job control shows the job shown (schedule, zone of its address, pro), the job acted on
// stays in the pane when it leaves the board's tab (by the user's own write or another
// dispatcher's), a write on a version that changed underneath is refused with what changed, an
// unassign can be undone (a conditional write), and "Unassign and cancel…" takes a scheduled
// job to CANCELLED in two writes after one confirmation.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "rawhttp.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <actionnotice.h>
#include <conflictdialog.h> // jobeditor.h holds a QPointer<ConflictDialog>
#include <connectionstatus.h>
#include <jobboard.h>
#include <jobdetailpane.h>
#include <jobeditor.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

class TestPaneActions final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void controlsShowTheJobShown();
    void scheduleRefusesWithoutAZone();
    void proBoxNeverCarriesAnotherJobsPro();
    void ownAssignKeepsTheJobWithMovedNotice();
    void remoteChangeKeepsTheJobAndItsButtons();
    void writeOnAChangedVersionSaysWhatChanged();
    void unassignCanBeUndone();
    void undoRefusedWhenChangedMeanwhile();
    void unassignAndCancelInOneStep();
    void unassignAndCancelSaysWhenTheCancelFails();

private:
    QString create(const QString &title, const QJsonObject &extra = {});
    QJsonObject job(const QString &id);
    HttpResult postAs(const QString &id, const QString &suffix, const QJsonObject &body);
    /// One request as Diego, on a socket waited on directly.
    std::optional<RawResponse> blockingRequest(const QByteArray &method, const QString &id,
                                               const QByteArray &headers = {},
                                               const QByteArray &body = {});
    /// Diego renames the job without the console's event loop turning; true on 200.
    bool patchTitleBlocking(const QString &id, const QString &title);
    /// Shows the job in the pane (the All tab) and waits for its version with an ETag.
    void show(const QString &id);
    JobDetailPane *pane() const { return m_window->detailPane(); }
    template<typename T> T *in(const QString &name) const { return child<T>(pane(), name); }

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_diego; ///< another dispatcher
    std::unique_ptr<MainWindow> m_window;    ///< Dana's console
    QString m_proId;
    QString m_proName;
    QString m_phoenix, m_brooklyn, m_nowhere, m_forAssign, m_forRemote, m_forStale, m_forUndo,
        m_forUndo2, m_forCancel, m_forCancel2;
};

QString TestPaneActions::create(const QString &title, const QJsonObject &extra)
{
    QJsonObject fields{
        {u"title"_s, title}, {u"address"_s, u"12 Elm St"_s}, {u"customer.name"_s, u"Pat Doe"_s}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        fields.insert(it.key(), it.value());
    const HttpResult created = m_diego->postJson(u"/jobs"_s, QJsonObject{{u"fields"_s, fields}});
    if (created.status != 201)
        qWarning() << "POST /jobs" << created.describe();
    return created.json().value(u"id").toString();
}

QJsonObject TestPaneActions::job(const QString &id)
{
    return m_diego->get(jobPath(id)).json();
}

HttpResult TestPaneActions::postAs(const QString &id, const QString &suffix,
                                   const QJsonObject &body)
{
    const HttpResult current = m_diego->get(jobPath(id));
    return m_diego->postJson(jobPath(id, suffix), body, ifMatch(current.header("ETag")));
}

std::optional<RawResponse> TestPaneActions::blockingRequest(const QByteArray &method,
                                                            const QString &id,
                                                            const QByteArray &headers,
                                                            const QByteArray &body)
{
    // waitFor…() on the socket, never an event loop (readResponse() and HttpTestClient spin
    // one): the console does not see anything happen until the test lets it.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    if (!socket.waitForConnected(5000))
        return std::nullopt;
    socket.write(method + " /api/v1/jobs/" + id.toUtf8() +
                 " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + m_diego->token() +
                 "\r\n" + headers + "Content-Length: " + QByteArray::number(body.size()) +
                 "\r\n\r\n" + body);
    if (!socket.waitForBytesWritten(5000))
        return std::nullopt;
    QByteArray buffer;
    std::optional<RawResponse> response;
    while (!response && socket.waitForReadyRead(5000)) {
        buffer += socket.readAll();
        response = parseResponse(buffer, false);
    }
    return response;
}

bool TestPaneActions::patchTitleBlocking(const QString &id, const QString &title)
{
    const auto current = blockingRequest("GET", id);
    if (!current || current->status != 200)
        return false;
    const auto patched = blockingRequest(
        "PATCH", id,
        "Content-Type: application/json\r\nIf-Match: " + current->header("ETag") + "\r\n",
        HttpTestClient::toJsonBytes(QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, title}}}}));
    return patched && patched->status == 200;
}

void TestPaneActions::show(const QString &id)
{
    JobBoard *board = m_window->board();
    board->setTab(JobFilterProxyModel::Tab::All);
    QTRY_VERIFY_WITH_TIMEOUT(board->model()->job(id), kAnswerWaitMs);
    QVERIFY(board->selectJob(id));
    QCOMPARE(pane()->jobId(), id);
    QTRY_VERIFY_WITH_TIMEOUT(pane()->shownJob().isValid(), kAnswerWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pane()->shownJob().job.version,
                              versionOf(m_diego->get(jobPath(id)).json()), kAnswerWaitMs);
}

void TestPaneActions::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_diego = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_diego->login(u"diego"_s, u"demo-password"_s));
    const HttpResult pros = m_diego->get(u"/users?role=pro"_s);
    QCOMPARE(pros.status, 200);
    const QJsonObject pro = pros.json().value(u"items").toArray().first().toObject();
    m_proId = pro.value(u"id").toString();
    m_proName = pro.value(u"name").toString();
    QVERIFY(!m_proId.isEmpty());

    const QJsonObject az{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"AZ"_s}};
    const QJsonObject ny{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"NY"_s}};
    m_phoenix = create(u"Phoenix: swamp cooler"_s, az);
    QCOMPARE(postAs(m_phoenix, u"/schedule"_s,
                    QJsonObject{{u"date"_s, u"2030-03-04"_s},
                                {u"timezone"_s, u"America/Phoenix"_s},
                                {u"window"_s, u"08:00-11:00"_s}})
                 .status,
             200);
    QCOMPARE(postAs(m_phoenix, u"/assign"_s, QJsonObject{{u"proId"_s, m_proId}}).status, 200);
    m_brooklyn = create(u"Brooklyn: radiator"_s, ny);
    m_nowhere = create(u"No state: door"_s);
    m_forAssign = create(u"Assign me"_s, ny);
    m_forRemote = create(u"Changed elsewhere"_s, ny);
    m_forStale = create(u"Stale write"_s, ny);
    m_forUndo = create(u"Undo me"_s, ny);
    m_forUndo2 = create(u"Undo refused"_s, ny);
    m_forCancel = create(u"Cancel me"_s, ny);
    m_forCancel2 = create(u"Cancel me too"_s, ny);
    for (const QString &id : {m_forUndo, m_forUndo2, m_forCancel, m_forCancel2})
        QCOMPARE(postAs(id, u"/assign"_s, QJsonObject{{u"proId"_s, m_proId}}).status, 200);

    m_window = std::make_unique<MainWindow>();
    m_window->connectToServer(m_server.baseUrl());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    LoginDialog *login = m_window->loginDialog();
    QVERIFY(login);
    QTRY_VERIFY_WITH_TIMEOUT(login->isVisible(), kAnswerWaitMs);
    retype(child<QLineEdit>(login, u"usernameEdit"_s), u"dana"_s);
    auto *password = child<QLineEdit>(login, u"passwordEdit"_s);
    retype(password, u"demo-password"_s);
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isBoardLoaded(), kAnswerWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionStatus()->stateLabelText(), u"Live"_s,
                              kAnswerWaitMs);
    // The pro list has arrived (names in the pro box).
    QTRY_VERIFY_WITH_TIMEOUT(in<QComboBox>(u"proBox"_s)->findData(m_proId) > 0, kAnswerWaitMs);
}

void TestPaneActions::cleanupTestCase()
{
    m_window.reset();
    QVERIFY(m_server.stop());
}

void TestPaneActions::controlsShowTheJobShown()
{
    auto *zone = in<QComboBox>(u"scheduleZone"_s);
    auto *window = in<QLineEdit>(u"scheduleWindow"_s);
    auto *date = in<QDateEdit>(u"scheduleDate"_s);
    show(m_phoenix);
    QCOMPARE(zone->currentText(), u"America/Phoenix"_s);
    QCOMPARE(window->text(), u"08:00-11:00"_s);
    QCOMPARE(date->date(), QDate(2030, 3, 4));

    // Then a Brooklyn job with no schedule: its own zone, today there, no window.
    show(m_brooklyn);
    QCOMPARE(zone->currentText(), u"America/New_York"_s);
    QVERIFY2(window->text().isEmpty(), qPrintable(window->text()));
    QCOMPARE(date->date(),
             QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("America/New_York")).date());
    retype(window, u"13:00-16:00"_s);
    date->setDate(QDate(2030, 3, 5));
    QTest::mouseClick(in<QPushButton>(u"scheduleButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(job(m_brooklyn).value(u"schedule"_s).isObject(), kAnswerWaitMs);
    const QJsonObject stored = job(m_brooklyn).value(u"schedule"_s).toObject();
    QCOMPARE(stored.value(u"timezone"_s).toString(), u"America/New_York"_s);
    QCOMPARE(stored.value(u"window"_s).toString(), u"13:00-16:00"_s);
    QCOMPARE(stored.value(u"date"_s).toString(), u"2030-03-05"_s);
    QVERIFY2(pane()->errorText().isEmpty(), qPrintable(pane()->errorText()));

    // The code and note typed for one job are gone on the next.
    retype(in<QLineEdit>(u"noteEdit"_s), u"for the Brooklyn job only"_s);
    show(m_phoenix);
    QVERIFY(in<QLineEdit>(u"noteEdit"_s)->text().isEmpty());
    QCOMPARE(zone->currentText(), u"America/Phoenix"_s);
}

void TestPaneActions::scheduleRefusesWithoutAZone()
{
    auto *zone = in<QComboBox>(u"scheduleZone"_s);
    show(m_phoenix);
    show(m_nowhere);
    // The address says no state: the zone stays unpicked rather than Phoenix's.
    QVERIFY2(zone->currentText().isEmpty(), qPrintable(zone->currentText()));
    retype(in<QLineEdit>(u"scheduleWindow"_s), u"09:00-12:00"_s);
    const qint64 version = versionOf(job(m_nowhere));
    QTest::mouseClick(in<QPushButton>(u"scheduleButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!pane()->errorText().isEmpty(), kAnswerWaitMs);
    QVERIFY2(pane()->errorText().contains(u"time zone"_s), qPrintable(pane()->errorText()));
    QCOMPARE(versionOf(job(m_nowhere)), version);
    QVERIFY(job(m_nowhere).value(u"schedule"_s).isNull());

    zone->setCurrentIndex(zone->findText(u"America/Denver"_s));
    QTest::mouseClick(in<QPushButton>(u"scheduleButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(job(m_nowhere).value(u"schedule"_s).isObject(), kAnswerWaitMs);
    QCOMPARE(job(m_nowhere).value(u"schedule"_s).toObject().value(u"timezone"_s).toString(),
             u"America/Denver"_s);
}

void TestPaneActions::proBoxNeverCarriesAnotherJobsPro()
{
    auto *pros = in<QComboBox>(u"proBox"_s);
    auto *assign = in<QPushButton>(u"assignButton"_s);
    show(m_phoenix); // assigned to m_proId
    QCOMPARE(pros->currentData().toString(), m_proId);
    show(m_forAssign);
    QVERIFY2(pros->currentData().toString().isEmpty(), qPrintable(pros->currentText()));
    QCOMPARE(pros->currentText(), u"Choose a pro"_s);
    QVERIFY(pros->isEnabled());
    QVERIFY(!assign->isEnabled());
    QVERIFY2(assign->toolTip().contains(u"Choose the pro"_s), qPrintable(assign->toolTip()));
}

void TestPaneActions::ownAssignKeepsTheJobWithMovedNotice()
{
    JobBoard *board = m_window->board();
    board->setTab(JobFilterProxyModel::Tab::Available);
    QVERIFY(board->selectJob(m_forAssign));
    QCOMPARE(board->tab(), JobFilterProxyModel::Tab::Available);
    QTRY_VERIFY_WITH_TIMEOUT(pane()->shownJob().isValid(), kAnswerWaitMs);
    auto *pros = in<QComboBox>(u"proBox"_s);
    pros->setCurrentIndex(pros->findData(m_proId));
    auto *assign = in<QPushButton>(u"assignButton"_s);
    QVERIFY(assign->isEnabled());
    QTest::mouseClick(assign, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(job(m_forAssign).value(u"status"_s).toString(), u"SCHEDULED"_s,
                              kAnswerWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pane()->shownJob().job.status, JobStatus::Scheduled, kAnswerWaitMs);
    // The job acted on is still the one shown, and the pane says where it went.
    QCOMPARE(pane()->jobId(), m_forAssign);
    QCOMPARE(board->tab(), JobFilterProxyModel::Tab::Available);
    ActionNotice *notice = pane()->actionNotice();
    QTRY_VERIFY_WITH_TIMEOUT(notice->hasMessage(), kAnswerWaitMs);
    QVERIFY2(notice->text().contains(u"Moved to Scheduled"_s), qPrintable(notice->text()));
    QVERIFY(notice->button()->isVisible());
    // No other row stands highlighted for it.
    QVERIFY(board->currentJobId().isEmpty());
    saveScreenshot(m_window.get(), u"moved-notice.png"_s);

    QTest::mouseClick(notice->button(), Qt::LeftButton);
    QCOMPARE(board->tab(), JobFilterProxyModel::Tab::Scheduled);
    QCOMPARE(board->currentJobId(), m_forAssign);
    QCOMPARE(pane()->jobId(), m_forAssign);
    QVERIFY(!notice->hasMessage());
}

void TestPaneActions::remoteChangeKeepsTheJobAndItsButtons()
{
    JobBoard *board = m_window->board();
    board->setTab(JobFilterProxyModel::Tab::Available);
    QVERIFY(board->selectJob(m_forRemote));
    QTRY_VERIFY_WITH_TIMEOUT(pane()->shownJob().isValid(), kAnswerWaitMs);
    // Diego assigns it: it leaves Dana's Available tab.
    QCOMPARE(postAs(m_forRemote, u"/assign"_s, QJsonObject{{u"proId"_s, m_proId}}).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(pane()->shownJob().job.status, JobStatus::Scheduled, kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!board->model()->job(m_forRemote) ||
                                 board->model()->job(m_forRemote)->status == JobStatus::Scheduled,
                             kAnswerWaitMs);
    QCOMPARE(pane()->jobId(), m_forRemote);
    QTRY_VERIFY_WITH_TIMEOUT(pane()->actionNotice()->text().contains(u"Moved to Scheduled"_s),
                             kAnswerWaitMs);
    // The buttons act on that job: Unassign opens it again.
    auto *unassign = in<QPushButton>(u"unassignButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(unassign->isEnabled(), kAnswerWaitMs);
    QTest::mouseClick(unassign, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(job(m_forRemote).value(u"status"_s).toString(), u"OPEN"_s,
                              kAnswerWaitMs);
    QCOMPARE(pane()->jobId(), m_forRemote);
}

void TestPaneActions::writeOnAChangedVersionSaysWhatChanged()
{
    show(m_forStale);
    const qint64 shown = pane()->shownJob().job.version;
    // Diego changes the title over a blocking socket: no event reaches the console before
    // Dana's click, so her write goes with the ETag of the version she sees.
    QVERIFY(patchTitleBlocking(m_forStale, u"Stale write (renamed)"_s));
    QCOMPARE(pane()->shownJob().job.version, shown);

    QTest::mouseClick(in<QPushButton>(u"markRequestedButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!pane()->errorText().isEmpty(), kAnswerWaitMs);
    const QString error = pane()->errorText();
    QVERIFY2(error.contains(u"Diego"_s) && error.contains(u"title"_s), qPrintable(error));
    QVERIFY2(error.contains(u"not applied"_s), qPrintable(error));
    QCOMPARE(job(m_forStale).value(u"status"_s).toString(), u"OPEN"_s);
    // The pane shows the server's version now.
    QTRY_COMPARE_WITH_TIMEOUT(pane()->shownJob().job.text(u"title"), u"Stale write (renamed)"_s,
                              kAnswerWaitMs);
}

void TestPaneActions::unassignCanBeUndone()
{
    show(m_forUndo);
    QTest::mouseClick(in<QPushButton>(u"unassignButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(job(m_forUndo).value(u"status"_s).toString(), u"OPEN"_s,
                              kAnswerWaitMs);
    ActionNotice *notice = pane()->actionNotice();
    QTRY_VERIFY_WITH_TIMEOUT(notice->text().contains(u"Unassigned from "_s + m_proName),
                             kAnswerWaitMs);
    QVERIFY(notice->isTimed());
    QCOMPARE(notice->button()->text(), u"Undo"_s);
    QTest::mouseClick(notice->button(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(job(m_forUndo).value(u"status"_s).toString(), u"SCHEDULED"_s,
                              kAnswerWaitMs);
    QCOMPARE(job(m_forUndo).value(u"assignedTo"_s).toString(), m_proId);
}

void TestPaneActions::undoRefusedWhenChangedMeanwhile()
{
    show(m_forUndo2);
    QTest::mouseClick(in<QPushButton>(u"unassignButton"_s), Qt::LeftButton);
    ActionNotice *notice = pane()->actionNotice();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isTimed(), kAnswerWaitMs);
    // Diego takes it meanwhile (marks it requested); the undo is based on the unassign's
    // answer, so the server refuses it.
    QCOMPARE(postAs(m_forUndo2, u"/transition"_s, QJsonObject{{u"to"_s, u"REQUESTED"_s}}).status,
             200);
    QTest::mouseClick(notice->button(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!pane()->errorText().isEmpty(), kAnswerWaitMs);
    QVERIFY2(pane()->errorText().contains(u"undo"_s), qPrintable(pane()->errorText()));
    QCOMPARE(job(m_forUndo2).value(u"status"_s).toString(), u"REQUESTED"_s);
    QVERIFY(job(m_forUndo2).value(u"assignedTo"_s).isNull());
}

void TestPaneActions::unassignAndCancelInOneStep()
{
    show(m_forCancel);
    auto *both = pane()->unassignAndCancelButton();
    QVERIFY(both->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(both->isEnabled(), kAnswerWaitMs);
    const qint64 version = versionOf(job(m_forCancel));

    // "Keep job" sends nothing.
    QTest::mouseClick(both, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane()->reasonDialog() && pane()->reasonDialog()->isVisible(),
                             kAnswerWaitMs);
    QVERIFY2(pane()->reasonDialog()->labelText().contains(m_proName),
             qPrintable(pane()->reasonDialog()->labelText()));
    auto *buttons = pane()->reasonDialog()->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!pane()->reasonDialog(), kAnswerWaitMs);
    QCOMPARE(versionOf(job(m_forCancel)), version);

    QTest::mouseClick(both, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane()->reasonDialog() && pane()->reasonDialog()->isVisible(),
                             kAnswerWaitMs);
    QTest::keyClicks(pane()->reasonDialog()->findChild<QLineEdit *>(), u"Moved away"_s);
    buttons = pane()->reasonDialog()->findChild<QDialogButtonBox *>();
    QCOMPARE(buttons->button(QDialogButtonBox::Ok)->text(), u"Unassign and cancel"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(job(m_forCancel).value(u"status"_s).toString(), u"CANCELLED"_s,
                              kAnswerWaitMs);
    QVERIFY(job(m_forCancel).value(u"assignedTo"_s).isNull());
    const QJsonArray history = m_diego->get(jobPath(m_forCancel, u"/history"_s)).jsonArray();
    QCOMPARE(history.last().toObject().value(u"reason"_s).toString(), u"Moved away"_s);
    QTRY_COMPARE_WITH_TIMEOUT(pane()->shownJob().job.status, JobStatus::Cancelled, kAnswerWaitMs);
    QVERIFY(pane()->errorText().isEmpty());
    QVERIFY(!both->isEnabled());
}

void TestPaneActions::unassignAndCancelSaysWhenTheCancelFails()
{
    show(m_forCancel2);
    // Diego renames the job the moment the unassign's answer reaches the board, before the
    // cancel based on that answer goes out: the cancel gets a 412.
    bool renamed = false;
    const JobListModel *model = m_window->board()->model();
    const QMetaObject::Connection hook =
        connect(model, &QAbstractItemModel::dataChanged, this, [&] {
            const Job *job = model->job(m_forCancel2);
            if (!renamed && job && job->status == JobStatus::Open && job->assignedTo.isEmpty()) {
                renamed = true;
                QVERIFY(patchTitleBlocking(m_forCancel2, u"Renamed meanwhile"_s));
            }
        });
    QTRY_VERIFY_WITH_TIMEOUT(pane()->unassignAndCancelButton()->isEnabled(), kAnswerWaitMs);
    QTest::mouseClick(pane()->unassignAndCancelButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane()->reasonDialog() && pane()->reasonDialog()->isVisible(),
                             kAnswerWaitMs);
    auto *buttons = pane()->reasonDialog()->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!pane()->errorText().isEmpty(), kAnswerWaitMs);
    disconnect(hook);
    QVERIFY(renamed);
    const QString error = pane()->errorText();
    QVERIFY2(error.contains(m_proName + u" is unassigned, but the job is not cancelled"_s),
             qPrintable(error));
    // The job as it is: open and unassigned, with Diego's title.
    const QJsonObject onServer = job(m_forCancel2);
    QCOMPARE(onServer.value(u"status"_s).toString(), u"OPEN"_s);
    QVERIFY(onServer.value(u"assignedTo"_s).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(pane()->shownJob().job.text(u"title"), u"Renamed meanwhile"_s,
                              kAnswerWaitMs);
    QCOMPARE(pane()->shownJob().job.status, JobStatus::Open);
}

QTEST_MAIN(TestPaneActions)
#include "tst_paneactions.moc"
