// The Dispatch board against a real dispatchd: a job dragged with the mouse from the tray onto
// a pro's row lands on the server assigned and scheduled (date, window and zone) where it was
// dropped, "Saving…" while in flight; a drop on a job changed meanwhile is refused whole (412),
// says who changed it and offers Try again; a drop on a job another dispatcher gave to someone
// else (409 ALREADY_ASSIGNED) shows the block where the server put it; names for a screen reader.
// A block dragged back onto the tray (or Delete on it) is unassigned with the same 412 path.
#include "dispatchboard.h"
#include "dispatchdprocess.h"
#include "dispatchtimeline.h"
#include "joblistmodel.h"
#include "movetodialog.h"
#include "noticebanner.h"
#include "testhelpers.h"
#include "testoffice.h"
#include "timelinemodel.h"
#include "trayview.h"
#include "unassignedjobsproxy.h"

#include <apiclient.h>
#include <userdirectory.h>

#include <QComboBox>
#include <QDateEdit>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimeEdit>

#include <memory>

using namespace dispatch;
using namespace dispatch::ui;
using namespace dispatch::test;
using namespace Qt::StringLiterals;
using Result = DropWriter::Outcome::Result;

namespace {

const QDate kDay(2031, 3, 4);
const QTimeZone kOffice("America/Chicago");

QDateTime at(int hour, int minute)
{
    return QDateTime(kDay, QTime(hour, minute), kOffice);
}

} // namespace

class TestDispatchBoard final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void dragFromTrayAssignsAndSchedules();
    void dropOnAJobChangedMeanwhileIsRefusedWhole();
    void dropOnAJobGivenToAnotherProShowsWhereItIs();
    void dragABlockToAnotherProAndHour();
    void keyboardPath();
    void dragABlockBackToTheTrayUnassigns();
    void backToTrayOnAJobChangedMeanwhileIsRefusedWhole();
    void outsideTheCustomersHoursIsFlagged();
    void milesFromThePreviousJobThatDay();
    void rowHeaderNamesHomeAreaAndJobsPerDay();
    void accessibleNames();
    void demoWeekShowsItsScheduledJobs();

private:
    /// A new OPEN job, in the console's model and cache as the dispatcher last saw it.
    QString newJob(const QString &title, QByteArray *etag = nullptr)
    {
        return newJob(QJsonObject{{u"title"_s, title}}, etag);
    }
    /// The same with these fields (a title at least).
    QString newJob(const QJsonObject &fields, QByteArray *etag = nullptr);
    /// Reads the job into the console's model and cache, as an event would bring it.
    bool readIntoConsole(const QString &id);
    /// A new job dropped on `pro` at `start` (the office's time) and saved; empty on failure.
    QString newJobOn(const QString &title, const TestUser &pro, const QTime &start);
    /// The admin, as another dispatcher, dispatches the job on `pro` on kDay at `window` in
    /// `zone`; the HTTP status.
    int dispatchedByAdmin(const QString &id, const QByteArray &etag, const TestUser &pro,
                          const QString &zone, const QString &window);
    /// Presses at `from` on the timeline, moves past the drag distance to `to`, lets go there.
    void dragOnTimeline(const QPoint &from, const QPoint &to);
    QJsonObject serverJob(const QString &id);
    std::optional<DropWriter::Outcome> waitForDrop(QSignalSpy &spy);
    /// After a drop saved: "PRO_ID WINDOW" as the server holds the job; a failure in words.
    QString savedPlace(QSignalSpy &spy, const QString &id);
    QString nameOf(const TestUser &user) const { return m_jobs->userName(user.id); }

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<net::ApiClient> m_api;
    std::unique_ptr<net::UserDirectory> m_names;
    std::unique_ptr<JobListModel> m_jobs;
    std::unique_ptr<DispatchBoard> m_board;
};

void TestDispatchBoard::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(), "DISPATCHD_BINARY is not set");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(3));
    m_api = std::make_unique<net::ApiClient>(m_server.baseUrl());
    m_api->setToken(m_office->dispatcher.token);
    m_jobs = std::make_unique<JobListModel>();
    // As MainWindow does: what the client learns goes on the board's model.
    connect(m_api.get(), &net::ApiClient::jobChanged, m_jobs.get(),
            [this](const net::VersionedJob &job) { m_jobs->upsertJob(job.job); });

    const auto users = await<net::UsersResult>(
        [&](QObject *context, auto done) { m_api->listUsers(std::nullopt, context, done); });
    QVERIFY(users && users->ok());
    m_names = std::make_unique<net::UserDirectory>();
    for (const User &user : users->users)
        m_names->learn(user);
    m_jobs->setDirectory(m_names.get());

    m_board = std::make_unique<DispatchBoard>(m_api.get(), m_jobs.get());
    m_board->setTimeZone(kOffice);
    m_board->setPros(users->users);
    m_board->setDay(kDay);
    m_board->resize(1400, 700);
    m_board->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_board.get()));
    QCOMPARE(m_board->timeline()->model()->rowCount(), 3);
}

void TestDispatchBoard::cleanupTestCase()
{
    m_board.reset();
    m_jobs.reset();
    m_api.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

QString TestDispatchBoard::newJob(const QJsonObject &fields, QByteArray *etag)
{
    const QString id = m_office->createJob(fields, etag).value(u"id"_s).toString();
    return !id.isEmpty() && readIntoConsole(id) ? id : QString();
}

bool TestDispatchBoard::readIntoConsole(const QString &id)
{
    const auto read = await<net::JobResult>(
        [&](QObject *context, auto done) { m_api->getJob(id, context, done); });
    return read && read->ok() && m_jobs->contains(id);
}

QString TestDispatchBoard::newJobOn(const QString &title, const TestUser &pro, const QTime &start)
{
    const QString id = newJob(title);
    if (id.isEmpty())
        return {};
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    m_board->dropJob(id, pro.id, QDateTime(kDay, start, kOffice).toUTC());
    const QString window = start.toString(u"HH:mm"_s) + u'-' +
                           start.addSecs(3 * 3600).toString(u"HH:mm"_s); // 3 h without one
    const QString place = savedPlace(finished, id);
    if (place != pro.id + u' ' + window) {
        qWarning() << "drop of" << title << "not saved as expected:" << place;
        return {};
    }
    return id;
}

int TestDispatchBoard::dispatchedByAdmin(const QString &id, const QByteArray &etag,
                                         const TestUser &pro, const QString &zone,
                                         const QString &window)
{
    const QJsonObject schedule{
        {u"date"_s, kDay.toString(Qt::ISODate)}, {u"timezone"_s, zone}, {u"window"_s, window}};
    return m_office->client(m_office->admin)
        .postJson(jobPath(id, u"/dispatch"_s),
                  QJsonObject{{u"proId"_s, pro.id}, {u"schedule"_s, schedule}}, ifMatch(etag))
        .status;
}

void TestDispatchBoard::dragOnTimeline(const QPoint &from, const QPoint &to)
{
    QWidget *viewport = m_board->timeline()->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    QTest::mouseMove(viewport, from + QPoint(12, 0));
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
}

QJsonObject TestDispatchBoard::serverJob(const QString &id)
{
    return m_office->client(m_office->admin).get(jobPath(id)).json();
}

std::optional<DropWriter::Outcome> TestDispatchBoard::waitForDrop(QSignalSpy &spy)
{
    if (spy.isEmpty() && !spy.wait(kAnswerWaitMs))
        return std::nullopt;
    return spy.takeFirst().first().value<DropWriter::Outcome>();
}

QString TestDispatchBoard::savedPlace(QSignalSpy &spy, const QString &id)
{
    const auto outcome = waitForDrop(spy);
    if (!outcome)
        return u"no outcome"_s;
    if (outcome->result != Result::Saved)
        return u"not saved: "_s + outcome->message;
    const QJsonObject stored = serverJob(id);
    return stored.value(u"assignedTo"_s).toString() + u' ' +
           stored.value(u"schedule"_s).toObject().value(u"window"_s).toString();
}

void TestDispatchBoard::dragFromTrayAssignsAndSchedules()
{
    const QString id = newJob(u"Leaking water heater"_s);
    QVERIFY(!id.isEmpty());
    TrayView *tray = m_board->tray();
    DispatchTimeline *timeline = m_board->timeline();
    int trayRow = -1;
    for (int row = 0; row < m_board->trayModel()->rowCount(); ++row) {
        if (m_board->trayModel()->jobIdAt(row) == id)
            trayRow = row;
    }
    QVERIFY(trayRow >= 0);
    tray->scrollTo(m_board->trayModel()->index(trayRow, 0));
    const QPoint from = tray->visualRect(m_board->trayModel()->index(trayRow, 0)).center();

    // 10:05 in the office snaps to 10:00, on the second pro's row.
    const TestUser &pro = m_office->pros.at(1);
    const QPoint onTimeline = timeline->pointFor(pro.id, at(10, 5));
    QVERIFY(!onTimeline.isNull());
    const auto toTray = [&](QPoint viewportPos) {
        return tray->viewport()->mapFromGlobal(timeline->viewport()->mapToGlobal(viewportPos));
    };

    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    QTest::mousePress(tray->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(tray->viewport(), from + QPoint(20, 4));
    QTest::mouseMove(tray->viewport(), toTray(onTimeline - QPoint(30, 0)));
    QTest::mouseMove(tray->viewport(), toTray(onTimeline));
    QVERIFY(tray->isDragging());
    QTest::mouseRelease(tray->viewport(), Qt::LeftButton, {}, toTray(onTimeline));

    // In flight: a hatched "Saving…" block on the pro's row, the tray saying so too.
    QVERIFY(timeline->isPending(id));
    QVERIFY(timeline->blockRect(id).contains(onTimeline));
    QVERIFY(timeline->describeBlock(id).contains(u"saving"_s));

    const auto outcome = waitForDrop(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->result, Result::Saved);
    QVERIFY(!timeline->isPending(id));

    const QJsonObject stored = serverJob(id);
    QCOMPARE(stored.value(u"status"_s).toString(), u"SCHEDULED"_s);
    QCOMPARE(stored.value(u"assignedTo"_s).toString(), pro.id);
    const QJsonObject schedule = stored.value(u"schedule"_s).toObject();
    QCOMPARE(schedule.value(u"date"_s).toString(), u"2031-03-04"_s);
    QCOMPARE(schedule.value(u"timezone"_s).toString(), u"America/Chicago"_s);
    QCOMPARE(schedule.value(u"window"_s).toString(), u"10:00-13:00"_s); // 3 h without a window

    // The block stands where the server put it, and the tray no longer holds the job.
    QCOMPARE(timeline->model()->rowOfJob(id), timeline->model()->rowOfPro(pro.id));
    QVERIFY(timeline->blockRect(id).contains(onTimeline));
    for (int row = 0; row < m_board->trayModel()->rowCount(); ++row)
        QVERIFY(m_board->trayModel()->jobIdAt(row) != id);
    QCOMPARE(m_board->banner()->kind(), NoticeBanner::Kind::Success);
    QVERIFY(!m_board->tryAgainButton()->isVisible());
}

void TestDispatchBoard::dropOnAJobChangedMeanwhileIsRefusedWhole()
{
    QByteArray etag;
    const QString id = newJob(u"Garage door off its track"_s, &etag);
    QVERIFY(!id.isEmpty());
    // The admin changes the job; this console has not heard yet (no event stream here).
    const HttpResult theirs =
        m_office->client(m_office->admin)
            .patchJson(
                jobPath(id),
                QJsonObject{{u"changes"_s, QJsonObject{{u"details"_s, u"Side door code 2210"_s}}}},
                ifMatch(etag));
    QCOMPARE(theirs.status, 200);

    const TestUser &pro = m_office->pros.at(0);
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    m_board->dropJob(id, pro.id, at(9, 0).toUTC());
    auto outcome = waitForDrop(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->result, Result::ChangedMeanwhile);
    const QString expected = u"Changed by %1 meanwhile"_s.arg(nameOf(m_office->admin));
    QVERIFY2(m_board->banner()->text().startsWith(expected), qPrintable(m_board->banner()->text()));
    QCOMPARE(m_board->banner()->kind(), NoticeBanner::Kind::Warning);
    QVERIFY(m_board->tryAgainButton()->isVisible());

    // Nothing half-written: neither the pro nor the schedule; the board holds the server's copy.
    QJsonObject stored = serverJob(id);
    QVERIFY(stored.value(u"assignedTo"_s).isNull());
    QVERIFY(stored.value(u"schedule"_s).isNull());
    QCOMPARE(m_jobs->job(id)->version, versionOf(stored));
    QCOMPARE(m_board->timeline()->model()->rowOfJob(id), -1);
    QVERIFY(!m_board->timeline()->isPending(id));

    // Try again repeats the drop on the fresh version.
    m_board->tryAgainButton()->click();
    QCOMPARE(savedPlace(finished, id), pro.id + u" 09:00-12:00"_s);
    QCOMPARE(serverJob(id).value(u"fields"_s).toObject().value(u"details"_s).toString(),
             u"Side door code 2210"_s); // theirs kept
}

void TestDispatchBoard::dropOnAJobGivenToAnotherProShowsWhereItIs()
{
    QByteArray etag;
    const QString id = newJob(u"Breaker keeps tripping"_s, &etag);
    QVERIFY(!id.isEmpty());
    // The admin, as another dispatcher, drops it on the third pro at 14:00 first.
    const TestUser &other = m_office->pros.at(2);
    QCOMPARE(dispatchedByAdmin(id, etag, other, u"America/Chicago"_s, u"14:00-16:00"_s), 200);

    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    m_board->dropJob(id, m_office->pros.at(0).id, at(8, 0).toUTC());
    const auto outcome = waitForDrop(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->result, Result::TakenFirst);
    QCOMPARE(m_board->banner()->text(),
             u"%1 assigned this job to %2 first."_s.arg(nameOf(m_office->admin), nameOf(other)));

    // The block is where the server says: the third pro's row, 14:00–16:00.
    DispatchTimeline *timeline = m_board->timeline();
    QCOMPARE(timeline->model()->rowOfJob(id), timeline->model()->rowOfPro(other.id));
    const TimelineBlock *block = timeline->model()->block(id);
    QVERIFY(block);
    QCOMPARE(block->startMs, at(14, 0).toMSecsSinceEpoch());
    QCOMPARE(block->endMs, at(16, 0).toMSecsSinceEpoch());
    QCOMPARE(serverJob(id).value(u"assignedTo"_s).toString(), other.id);
}

void TestDispatchBoard::dragABlockToAnotherProAndHour()
{
    const TestUser &first = m_office->pros.at(0);
    const QString id = newJobOn(u"Porch light flickers"_s, first, QTime(8, 0));
    QVERIFY(!id.isEmpty());
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);

    // Taken at its start, carried to the second pro at 11:00 (11:05 snaps back to 11:00).
    DispatchTimeline *timeline = m_board->timeline();
    const TestUser &second = m_office->pros.at(1);
    const QPoint from = timeline->pointFor(first.id, at(8, 0)) + QPoint(2, 0);
    const QPoint to = timeline->pointFor(second.id, at(11, 5)) + QPoint(2, 0);
    QVERIFY(!from.isNull() && !to.isNull());
    QCOMPARE(timeline->blockRect(id).contains(from), true);
    dragOnTimeline(from, to);
    QCOMPARE(savedPlace(finished, id), second.id + u" 11:00-14:00"_s);
    QCOMPARE(timeline->model()->rowOfJob(id), timeline->model()->rowOfPro(second.id));

    // The second pro already has the 10:00–13:00 job: the later one is flagged, not refused.
    QVERIFY(timeline->model()->block(id)->overlaps);
    QVERIFY2(timeline->describeBlock(id).contains(u"overlaps"_s),
             qPrintable(timeline->describeBlock(id)));
    // Still flagged after the blocks are built again (another day and back).
    m_board->setDay(kDay.addDays(1));
    m_board->setDay(kDay);
    QVERIFY(timeline->model()->block(id) && timeline->model()->block(id)->overlaps);
}

void TestDispatchBoard::keyboardPath()
{
    const QString id = newJob(u"Smoke detector chirping"_s);
    QVERIFY(!id.isEmpty());
    TrayView *tray = m_board->tray();
    for (int row = 0; row < m_board->trayModel()->rowCount(); ++row) {
        if (m_board->trayModel()->jobIdAt(row) == id)
            tray->setCurrentIndex(m_board->trayModel()->index(row, 0));
    }
    tray->setFocus();
    QTest::keyClick(tray, Qt::Key_Return);
    MoveToDialog *dialog = m_board->moveToDialog();
    QVERIFY(dialog && dialog->isVisible());
    const TestUser &third = m_office->pros.at(2);
    dialog->proBox()->setCurrentIndex(dialog->proBox()->findData(third.id));
    QCOMPARE(dialog->dateEdit()->date(), kDay);
    dialog->timeEdit()->setTime(QTime(15, 0));
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    dialog->accept();
    QCOMPARE(savedPlace(finished, id), third.id + u" 15:00-18:00"_s);

    // On the timeline: Shift+Right twice is half an hour later, Shift+Up one pro up; Enter.
    DispatchTimeline *timeline = m_board->timeline();
    QCOMPARE(timeline->currentJobId(), id);
    timeline->setFocus();
    QTest::keyClick(timeline, Qt::Key_Right, Qt::ShiftModifier);
    QTest::keyClick(timeline, Qt::Key_Right, Qt::ShiftModifier);
    QTest::keyClick(timeline, Qt::Key_Up, Qt::ShiftModifier);
    const int above = timeline->model()->rowOfPro(third.id) - 1;
    const User &abovePro = timeline->model()->row(above).pro;
    QVERIFY2(timeline->accessibleDescription().contains(abovePro.name),
             qPrintable(timeline->accessibleDescription()));
    QCOMPARE(serverJob(id).value(u"assignedTo"_s).toString(), third.id); // nothing sent yet
    QTest::keyClick(timeline, Qt::Key_Return);
    QCOMPARE(savedPlace(finished, id), abovePro.id + u" 15:30-18:30"_s);
    QCOMPARE(timeline->model()->rowOfJob(id), above);
}

void TestDispatchBoard::dragABlockBackToTheTrayUnassigns()
{
    const TestUser &pro = m_office->pros.at(0);
    const QString id = newJobOn(u"Dripping kitchen tap"_s, pro, QTime(17, 0));
    QVERIFY(!id.isEmpty());
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);

    // Taken by its block, carried out of the timeline and let go over the tray.
    DispatchTimeline *timeline = m_board->timeline();
    TrayView *tray = m_board->tray();
    const QPoint from = timeline->pointFor(pro.id, at(17, 0)) + QPoint(2, 0);
    QVERIFY(timeline->blockRect(id).contains(from));
    const QPoint overTray = timeline->viewport()->mapFromGlobal(
        tray->viewport()->mapToGlobal(tray->viewport()->rect().center()));
    QVERIFY(!timeline->viewport()->rect().contains(overTray));
    QTest::mousePress(timeline->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(timeline->viewport(), from + QPoint(12, 0));
    QTest::mouseMove(timeline->viewport(), overTray);
    QVERIFY(tray->dropHighlight()); // the tray says what letting go does
    QTest::mouseRelease(timeline->viewport(), Qt::LeftButton, {}, overTray);
    QVERIFY(!tray->dropHighlight());
    QVERIFY(timeline->isPending(id)); // "Saving…" where it stood until the server answers

    const auto outcome = waitForDrop(finished);
    QVERIFY(outcome);
    QVERIFY2(outcome->result == Result::Saved, qPrintable(outcome->message));
    const QJsonObject stored = serverJob(id);
    QCOMPARE(stored.value(u"status"_s).toString(), u"OPEN"_s);
    QVERIFY(stored.value(u"assignedTo"_s).isNull());
    QCOMPARE(timeline->model()->rowOfJob(id), -1);
    bool inTray = false;
    for (int row = 0; row < m_board->trayModel()->rowCount(); ++row)
        inTray = inTray || m_board->trayModel()->jobIdAt(row) == id;
    QVERIFY(inTray);
    QCOMPARE(m_board->banner()->text(),
             u"Back in the tray: unassigned from %1."_s.arg(nameOf(pro)));
}

void TestDispatchBoard::backToTrayOnAJobChangedMeanwhileIsRefusedWhole()
{
    const TestUser &pro = m_office->pros.at(1);
    const QString id = newJobOn(u"Gutter hanging loose"_s, pro, QTime(7, 0));
    QVERIFY(!id.isEmpty());
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);

    // The admin changes the job meanwhile; this console has not heard.
    const HttpResult read = m_office->client(m_office->admin).get(jobPath(id));
    const HttpResult theirs =
        m_office->client(m_office->admin)
            .patchJson(
                jobPath(id),
                QJsonObject{{u"changes"_s, QJsonObject{{u"details"_s, u"Ladder in the shed"_s}}}},
                ifMatch(read.header("ETag")));
    QCOMPARE(theirs.status, 200);

    // The keyboard's way back to the tray: Delete on the selected block.
    DispatchTimeline *timeline = m_board->timeline();
    timeline->setCurrentJob(id);
    QVERIFY(m_board->backToTrayButton()->isEnabled());
    timeline->setFocus();
    QTest::keyClick(timeline, Qt::Key_Delete);
    QVERIFY(timeline->isPending(id));
    const auto outcome = waitForDrop(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->result, Result::ChangedMeanwhile);
    const QString expected = u"Changed by %1 meanwhile"_s.arg(nameOf(m_office->admin));
    QVERIFY2(m_board->banner()->text().startsWith(expected), qPrintable(m_board->banner()->text()));
    QVERIFY(m_board->tryAgainButton()->isVisible());

    // Nothing written: still the pro's, still scheduled; the block back on their row.
    QJsonObject stored = serverJob(id);
    QCOMPARE(stored.value(u"assignedTo"_s).toString(), pro.id);
    QCOMPARE(stored.value(u"status"_s).toString(), u"SCHEDULED"_s);
    QCOMPARE(m_jobs->job(id)->version, versionOf(stored));
    QCOMPARE(timeline->model()->rowOfJob(id), timeline->model()->rowOfPro(pro.id));
    QVERIFY(!timeline->isPending(id));

    // Try again unassigns the fresh version, theirs kept.
    m_board->tryAgainButton()->click();
    const auto again = waitForDrop(finished);
    QVERIFY(again);
    QVERIFY2(again->result == Result::Saved, qPrintable(again->message));
    stored = serverJob(id);
    QVERIFY(stored.value(u"assignedTo"_s).isNull());
    QCOMPARE(stored.value(u"fields"_s).toObject().value(u"details"_s).toString(),
             u"Ladder in the shed"_s);
}

void TestDispatchBoard::outsideTheCustomersHoursIsFlagged()
{
    // A Phoenix customer's job, 10:00–13:00 their time: within their day, not flagged.
    QByteArray etag;
    const QString id = newJob(u"Swamp cooler won't start"_s, &etag);
    QVERIFY(!id.isEmpty());
    const TestUser &pro = m_office->pros.at(2);
    QCOMPARE(dispatchedByAdmin(id, etag, pro, u"America/Phoenix"_s, u"10:00-13:00"_s), 200);
    QVERIFY(readIntoConsole(id));
    DispatchTimeline *timeline = m_board->timeline();
    QVERIFY(timeline->model()->block(id));
    QVERIFY(!timeline->model()->block(id)->outsideHours);

    // Dropped at 07:30 in the office (Chicago): 06:30 for the customer, before their day.
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    m_board->dropJob(id, pro.id, at(7, 30).toUTC());
    QCOMPARE(savedPlace(finished, id), pro.id + u" 06:30-09:30"_s);
    const TimelineBlock *block = timeline->model()->block(id);
    QVERIFY(block);
    QVERIFY(block->outsideHours);
    QVERIFY(!block->overlaps);
    const QString description = timeline->describeBlock(id);
    QVERIFY2(description.contains(u"Outside the customer's hours (06:30–09:30 in Phoenix time)"_s),
             qPrintable(description));
}

void TestDispatchBoard::milesFromThePreviousJobThatDay()
{
    // Downtown Austin, then Round Rock: 17.1 great-circle miles (haversine, 3958.8 mi radius:
    // Δlat 0.2411°, Δlng 0.0642° at 30.4° N).
    const auto geoJob = [this](const QString &title, double lat, double lng) {
        return newJob(QJsonObject{{u"title"_s, title},
                                  {u"geo"_s, QJsonObject{{u"lat"_s, lat}, {u"lng"_s, lng}}}});
    };
    const QString downtown = geoJob(u"Water softener service"_s, 30.2672, -97.7431);
    const QString roundRock = geoJob(u"Sprinkler head broken"_s, 30.5083, -97.6789);
    QVERIFY(!downtown.isEmpty() && !roundRock.isEmpty());
    const TestUser &pro = m_office->pros.at(0);
    QSignalSpy finished(m_board.get(), &DispatchBoard::dropFinished);
    m_board->dropJob(downtown, pro.id, at(12, 15).toUTC());
    QCOMPARE(savedPlace(finished, downtown), pro.id + u" 12:15-15:15"_s);
    m_board->dropJob(roundRock, pro.id, at(16, 0).toUTC());
    QCOMPARE(savedPlace(finished, roundRock), pro.id + u" 16:00-19:00"_s);

    DispatchTimeline *timeline = m_board->timeline();
    const TimelineBlock *second = timeline->model()->block(roundRock);
    QVERIFY(second && second->milesFromPrevious);
    QVERIFY2(qAbs(*second->milesFromPrevious - 17.1) < 0.1,
             qPrintable(QString::number(*second->milesFromPrevious)));
    QVERIFY2(timeline->describeBlock(roundRock).contains(u"17 mi from the previous job"_s),
             qPrintable(timeline->describeBlock(roundRock)));
    // The job before the first one that day (if any) has no geo: nothing to measure.
    const TimelineBlock *first = timeline->model()->block(downtown);
    QVERIFY(first && !first->milesFromPrevious);
    QVERIFY(!timeline->describeBlock(downtown).contains(u" mi "_s));

    // The same figures after a full rebuild (another day and back).
    m_board->setDay(kDay.addDays(1));
    QCOMPARE(timeline->model()->rowOfJob(roundRock), -1);
    m_board->setDay(kDay);
    second = timeline->model()->block(roundRock);
    QVERIFY(second && second->milesFromPrevious);
    QVERIFY(qAbs(*second->milesFromPrevious - 17.1) < 0.1);
}

void TestDispatchBoard::rowHeaderNamesHomeAreaAndJobsPerDay()
{
    DispatchTimeline *timeline = m_board->timeline();
    const TestUser &pro = m_office->pros.at(0);
    const int row = timeline->model()->rowOfPro(pro.id);
    QVERIFY(row >= 0);
    const User &user = timeline->model()->row(row).pro;
    QVERIFY(user.home);
    // No job with an address near home yet: the home's rounded coordinates.
    const QString coordinates = u"home %1, %2"_s.arg(QLocale().toString(user.home->lat, 'f', 2),
                                                     QLocale().toString(user.home->lng, 'f', 2));
    QVERIFY2(timeline->headerToolTip(row).contains(coordinates),
             qPrintable(timeline->headerToolTip(row)));

    // A job a mile from home with an address names the town (the pros' list read again, as
    // the main window does).
    const QString id = newJob(QJsonObject{
        {u"title"_s, u"Fence gate sagging"_s},
        {u"address"_s, u"12 Elm St, Round Rock, TX 78664"_s},
        {u"countryCode"_s, u"US"_s},
        {u"stateCode"_s, u"TX"_s},
        {u"geo"_s, QJsonObject{{u"lat"_s, user.home->lat + 0.01}, {u"lng"_s, user.home->lng}}}});
    QVERIFY(!id.isEmpty());
    const auto users = await<net::UsersResult>(
        [&](QObject *context, auto done) { m_api->listUsers(std::nullopt, context, done); });
    QVERIFY(users && users->ok());
    m_board->setPros(users->users);
    QCOMPARE(timeline->model()->row(row).homePlace, u"Round Rock, TX"_s);
    const QString tip = timeline->headerToolTip(row);
    QVERIFY2(tip.contains(u"near Round Rock, TX"_s) && tip.contains(u"0.7 mi away"_s),
             qPrintable(tip));
    const QString blockOnRow = timeline->model()->row(row).blocks.value(0).jobId;
    QVERIFY(!blockOnRow.isEmpty());
    QVERIFY2(
        timeline->describeBlock(blockOnRow).startsWith(nameOf(pro) + u" (near Round Rock, TX)"_s),
        qPrintable(timeline->describeBlock(blockOnRow)));

    // Three days shown: a count for each, in the tooltip by day.
    auto *zoom = m_board->findChild<QComboBox *>(u"dispatchZoom"_s);
    zoom->setCurrentIndex(1);
    const TimelineRow &line = timeline->model()->row(row);
    QCOMPARE(line.perDay.size(), 3);
    QCOMPARE(line.perDay.at(0), int(line.blocks.size()));
    QCOMPARE(line.perDay.at(1), 0);
    const QString byDay = timeline->headerToolTip(row);
    QVERIFY2(byDay.contains(u"Tue 4 Mar: %1 jobs"_s.arg(line.perDay.at(0))) &&
                 byDay.contains(u"Wed 5 Mar: no jobs"_s),
             qPrintable(byDay));
    zoom->setCurrentIndex(0);
}

void TestDispatchBoard::accessibleNames()
{
    const QList<QWidget *> controls{m_board->timeline(),
                                    m_board->tray(),
                                    m_board->searchEdit(),
                                    m_board->tryAgainButton(),
                                    m_board->backToTrayButton(),
                                    m_board->findChild<QDateEdit *>(u"dispatchDate"_s),
                                    m_board->findChild<QComboBox *>(u"dispatchZoom"_s)};
    for (QWidget *control : controls) {
        QVERIFY(control);
        QVERIFY2(!control->accessibleName().isEmpty(), control->metaObject()->className());
    }
    for (auto *button : m_board->findChildren<QAbstractButton *>()) {
        if (qobject_cast<QLineEdit *>(button->parent()))
            continue; // Qt's own clear button inside the search field
        QVERIFY2(!button->accessibleName().isEmpty() || !button->text().isEmpty(),
                 qPrintable(QString::fromLatin1(button->metaObject()->className()) + u' ' +
                            button->objectName() + u' ' + button->parent()->objectName()));
    }

    // The keyboard reaches a block, and the view describes it.
    DispatchTimeline *timeline = m_board->timeline();
    timeline->setCurrentJob({});
    timeline->setFocus();
    QTest::keyClick(timeline, Qt::Key_Right);
    const QString current = timeline->currentJobId();
    QVERIFY(!current.isEmpty());
    const Job *job = m_jobs->job(current);
    QVERIFY(job);
    const QString description = timeline->accessibleDescription();
    QVERIFY2(description.contains(job->text(u"title")), qPrintable(description));
    QVERIFY2(description.contains(m_jobs->userName(job->assignedTo)), qPrintable(description));
}

void TestDispatchBoard::demoWeekShowsItsScheduledJobs()
{
    // The demo office as a dispatcher opens it: this week's jobs on the timeline, the open ones
    // in the tray. With DISPATCH_SCREENSHOT_DIR set, saves dispatch-board.png.
    DispatchdProcess demo;
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(demo.start(options));
    net::ApiClient api(demo.baseUrl());
    const auto login = await<net::LoginResult>([&](QObject *context, auto done) {
        api.login(u"dana"_s, u"demo-password"_s, context, done);
    });
    QVERIFY(login && login->ok());
    JobListModel jobs;
    QList<Job> all;
    QString cursor;
    do {
        net::JobQuery query;
        query.cursor = cursor;
        const auto page = await<net::JobPageResult>(
            [&](QObject *context, auto done) { api.listJobs(query, context, done); });
        QVERIFY(page && page->ok());
        all += page->items;
        cursor = page->nextCursor;
    } while (!cursor.isEmpty());
    jobs.resetJobs(all);
    const auto users = await<net::UsersResult>(
        [&](QObject *context, auto done) { api.listUsers(std::nullopt, context, done); });
    QVERIFY(users && users->ok());
    net::UserDirectory names;
    for (const User &user : users->users)
        names.learn(user);
    jobs.setDirectory(&names);

    DispatchBoard board(&api, &jobs);
    board.setTimeZone(kOffice); // most of the demo office is in and around Austin
    board.setPros(users->users);
    board.findChild<QComboBox *>(u"dispatchZoom"_s)->setCurrentIndex(2); // Week
    board.resize(1400, 760);
    board.show();
    QVERIFY(QTest::qWaitForWindowExposed(&board));
    int blocks = 0;
    for (int row = 0; row < board.timeline()->model()->rowCount(); ++row)
        blocks += int(board.timeline()->model()->row(row).blocks.size());
    QVERIFY2(blocks > 0, "no demo job on this week's timeline");
    QVERIFY(board.trayModel()->rowCount() > 0);
    // An overdue job reads "· Overdue: …" in the tray, not "· due Overdue: …".
    bool overdueSeen = false;
    for (int row = 0; row < board.trayModel()->rowCount(); ++row) {
        const QString text = board.trayModel()->index(row, 0).data().toString();
        QVERIFY2(!text.contains(u"due Overdue"_s), qPrintable(text));
        overdueSeen = overdueSeen || text.contains(u" · Overdue: "_s);
    }
    QVERIFY(overdueSeen); // the demo has an overdue open job

    const QString dir = qEnvironmentVariable("DISPATCH_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        board.timeline()->setFocus();
        QTest::keyClick(board.timeline(), Qt::Key_Right);
        const QDate first = board.timeline()->firstDay();
        board.timeline()->scrollToTime(QDateTime(first, QTime(4, 0), kOffice));
        QTest::qWait(300);
        QVERIFY(board.grab().save(dir + u"/dispatch-board.png"_s));
        // Today close up: warnings, miles between jobs, the row headers.
        board.findChild<QComboBox *>(u"dispatchZoom"_s)->setCurrentIndex(0); // Day
        board.timeline()->scrollToTime(QDateTime(first, QTime(5, 0), kOffice));
        QTest::qWait(300);
        QVERIFY(board.grab().save(dir + u"/dispatch-board-day.png"_s));
    }
}

QTEST_MAIN(TestDispatchBoard)
#include "tst_dispatchboard.moc"
