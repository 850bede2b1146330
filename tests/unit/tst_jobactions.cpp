// Who may do what in which status (models/jobactions.h): one table of role x status x action,
// checked cell by cell, plus the links to the status machine that dispatchd's /transition uses.
#include "job.h"
#include "jobactions.h"

#include <QTest>

#include <algorithm>

using namespace dispatch;

Q_DECLARE_METATYPE(dispatch::Role)
Q_DECLARE_METATYPE(dispatch::JobStatus)
Q_DECLARE_METATYPE(dispatch::JobAction)

namespace {

using A = JobAction;
using S = JobStatus;

/// Who asks: a role, and whether the job is assigned to them.
struct Who {
    const char *name;
    Role role;
    bool ownJob;
};

constexpr Who kWho[] = {
    {"admin", Role::Admin, false},
    {"dispatcher", Role::Dispatcher, false},
    {"own pro", Role::Pro, true},
    {"other pro", Role::Pro, false},
};

/// The expected table (docs/openapi.yaml "Authentication and roles", "Status machine"): for
/// each status, what the office, the pro the job is assigned to, and any other pro may do.
/// Admins may also delete, in every status.
struct Row {
    JobStatus status;
    QList<JobAction> office;
    QList<JobAction> ownPro;
    QList<JobAction> otherPro;
};

QList<Row> expectedTable()
{
    return {
        {S::Open,
         {A::Edit, A::Assign, A::Schedule, A::Cancel, A::AddNote, A::MarkRequested, A::Expire},
         {A::AddNote, A::Accept},
         {A::Accept}},
        {S::Requested,
         {A::Edit, A::Assign, A::Schedule, A::Cancel, A::AddNote, A::Decline},
         {A::AddNote},
         {}},
        {S::Scheduled, {A::Edit, A::Unassign, A::Schedule, A::AddNote}, {A::AddNote, A::Start}, {}},
        {S::InProgress, {A::AddNote}, {A::AddNote, A::Complete}, {}},
        {S::CompletedByPro, {A::AddNote, A::AskConfirm}, {A::AddNote}, {}},
        {S::AwaitingCustomerConfirm, {A::AddNote, A::Cancel, A::MarkPaid}, {A::AddNote}, {}},
        {S::Paid, {A::AddNote}, {A::AddNote}, {}},
        {S::Cancelled, {A::AddNote}, {A::AddNote}, {}},
        {S::Expired, {A::AddNote}, {A::AddNote}, {}},
    };
}

QList<JobAction> expectedFor(const Row &row, const Who &who)
{
    if (who.role == Role::Pro)
        return who.ownJob ? row.ownPro : row.otherPro;
    QList<JobAction> actions = row.office;
    if (who.role == Role::Admin)
        actions.append(A::Delete);
    return actions;
}

} // namespace

class TestJobActions final : public QObject {
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void tableCoversEveryStatus();
    void allowedActionsIsTheTable();
    void roleAloneDecidesWhoMay_data();
    void roleAloneDecidesWhoMay();
    void whatARoleMayEverTake_data();
    void whatARoleMayEverTake();
    void transitionActionsFollowTheMachine();
    void ownJob();
    void unassignAndCancelIsItsStepsRules();
    void onlyUnassignHasAnUndo();
};

void TestJobActions::table_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<bool>("ownJob");
    QTest::addColumn<JobStatus>("status");
    QTest::addColumn<JobAction>("action");
    QTest::addColumn<bool>("allowed");
    for (const Row &row : expectedTable()) {
        for (const Who &who : kWho) {
            const QList<JobAction> expected = expectedFor(row, who);
            for (const JobAction action : allJobActions()) {
                QTest::addRow("%s %s %d", who.name, qPrintable(toWire(row.status)), int(action))
                    << who.role << who.ownJob << row.status << action << expected.contains(action);
            }
        }
    }
}

void TestJobActions::table()
{
    QFETCH(Role, role);
    QFETCH(bool, ownJob);
    QFETCH(JobStatus, status);
    QFETCH(JobAction, action);
    QFETCH(bool, allowed);
    QCOMPARE(isActionAllowed(action, role, status, ownJob), allowed);
    QCOMPARE(roleMayTake(action, role, ownJob) && statusAllows(action, status), allowed);
}

void TestJobActions::tableCoversEveryStatus()
{
    QList<JobStatus> statuses;
    for (const Row &row : expectedTable())
        statuses.append(row.status);
    QCOMPARE(statuses, allJobStatuses());
    QCOMPARE(allJobActions().size(), int(A::Delete) + 1);
}

void TestJobActions::allowedActionsIsTheTable()
{
    for (const Row &row : expectedTable()) {
        for (const Who &who : kWho) {
            QList<JobAction> expected = expectedFor(row, who);
            std::sort(expected.begin(), expected.end());
            QCOMPARE(allowedActions(who.role, row.status, who.ownJob), expected);
        }
    }
}

// dispatchd answers FORBIDDEN when the role may not take an action, whatever the status, and
// INVALID_TRANSITION or JOB_LOCKED when the status does not allow it; so the role's half must
// not depend on the status.
void TestJobActions::roleAloneDecidesWhoMay_data()
{
    QTest::addColumn<JobAction>("action");
    QTest::addColumn<bool>("admin");
    QTest::addColumn<bool>("dispatcher");
    QTest::addColumn<bool>("ownPro");
    QTest::addColumn<bool>("otherPro");
    QTest::newRow("edit") << A::Edit << true << true << false << false;
    QTest::newRow("assign") << A::Assign << true << true << false << false;
    QTest::newRow("unassign") << A::Unassign << true << true << false << false;
    QTest::newRow("schedule") << A::Schedule << true << true << false << false;
    QTest::newRow("start") << A::Start << false << false << true << false;
    QTest::newRow("complete") << A::Complete << false << false << true << false;
    QTest::newRow("cancel") << A::Cancel << true << true << false << false;
    QTest::newRow("note") << A::AddNote << true << true << true << false;
    QTest::newRow("mark requested") << A::MarkRequested << true << true << false << false;
    QTest::newRow("decline") << A::Decline << true << true << false << false;
    QTest::newRow("ask confirm") << A::AskConfirm << true << true << false << false;
    QTest::newRow("mark paid") << A::MarkPaid << true << true << false << false;
    QTest::newRow("expire") << A::Expire << true << true << false << false;
    QTest::newRow("accept") << A::Accept << false << false << true << true;
    QTest::newRow("delete") << A::Delete << true << false << false << false;
}

void TestJobActions::roleAloneDecidesWhoMay()
{
    QFETCH(JobAction, action);
    QFETCH(bool, admin);
    QFETCH(bool, dispatcher);
    QFETCH(bool, ownPro);
    QFETCH(bool, otherPro);
    QCOMPARE(roleMayTake(action, Role::Admin, false), admin);
    QCOMPARE(roleMayTake(action, Role::Dispatcher, false), dispatcher);
    QCOMPARE(roleMayTake(action, Role::Pro, true), ownPro);
    QCOMPARE(roleMayTake(action, Role::Pro, false), otherPro);
}

// The detail pane shows a control only when the role could ever take its action: a pro sees
// their own steps (start, complete, notes) and accepting offers, never the office's.
void TestJobActions::whatARoleMayEverTake_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QList<JobAction>>("actions");
    const QList<JobAction> office = {A::Edit,       A::Assign,   A::Unassign,      A::Schedule,
                                     A::Cancel,     A::AddNote,  A::MarkRequested, A::Decline,
                                     A::AskConfirm, A::MarkPaid, A::Expire};
    QTest::newRow("admin") << Role::Admin << (QList<JobAction>(office) << A::Delete);
    QTest::newRow("dispatcher") << Role::Dispatcher << office;
    QTest::newRow("pro") << Role::Pro
                         << QList<JobAction>{A::Start, A::Complete, A::AddNote, A::Accept};
}

void TestJobActions::whatARoleMayEverTake()
{
    QFETCH(Role, role);
    QFETCH(QList<JobAction>, actions);
    for (const JobAction action : allJobActions()) {
        QCOMPARE(roleMayEverTake(action, role), actions.contains(action));
        // "Ever": in some status, on some job (the user's own when that matters).
        bool somewhere = false;
        for (const JobStatus status : allJobStatuses()) {
            for (const bool own : {false, true})
                somewhere = somewhere || isActionAllowed(action, role, status, own);
        }
        QCOMPARE(roleMayEverTake(action, role), somewhere);
    }
}

// POST /jobs/{id}/transition finds the action for a move: every edge the office or the assigned
// pro takes has exactly one, whose role rule is the edge's actor; /assign's edges have none.
void TestJobActions::transitionActionsFollowTheMachine()
{
    for (const JobStatus from : allJobStatuses()) {
        for (const JobStatus to : allJobStatuses()) {
            const auto rule = transitionRule(from, to);
            const auto action = transitionAction(from, to);
            const QByteArray where = (toWire(from) + u"->" + toWire(to)).toUtf8();
            if (!rule || rule->actor == TransitionActor::AssignRoute) {
                QVERIFY2(!action, where.constData());
                continue;
            }
            QVERIFY2(action, where.constData());
            QCOMPARE(transitionTarget(*action), std::optional<JobStatus>(to));
            QVERIFY2(statusAllows(*action, from), where.constData());
            const bool office = rule->actor == TransitionActor::Office;
            QCOMPARE(roleMayTake(*action, Role::Admin, false), office);
            QCOMPARE(roleMayTake(*action, Role::Dispatcher, false), office);
            QCOMPARE(roleMayTake(*action, Role::Pro, true), !office);
            QCOMPARE(roleMayTake(*action, Role::Pro, false), false);
            int actions = 0;
            for (const JobAction other : allJobActions())
                actions += transitionTarget(other) == to && statusAllows(other, from);
            QCOMPARE(actions, 1);
        }
    }
    // Actions of other routes make no /transition move.
    for (const JobAction action :
         {A::Edit, A::Assign, A::Unassign, A::Schedule, A::AddNote, A::Accept, A::Delete})
        QVERIFY(!transitionTarget(action));
}

void TestJobActions::ownJob()
{
    Job job;
    QVERIFY(!isOwnJob(job, QString()));
    QVERIFY(!isOwnJob(job, QStringLiteral("u_1")));
    job.assignedTo = QStringLiteral("u_1");
    QVERIFY(isOwnJob(job, QStringLiteral("u_1")));
    QVERIFY(!isOwnJob(job, QStringLiteral("u_2")));
}

void TestJobActions::unassignAndCancelIsItsStepsRules()
{
    QCOMPARE(unassignAndCancelSteps(), (QList<JobAction>{JobAction::Unassign, JobAction::Cancel}));
    for (const JobStatus status : allJobStatuses()) {
        for (const Role role : {Role::Admin, Role::Dispatcher, Role::Pro}) {
            // Scheduled is the only status an unassign leaves open for a cancel.
            const bool expected = isOffice(role) && status == JobStatus::Scheduled;
            QCOMPARE(mayUnassignAndCancel(role, status, false), expected);
            QCOMPARE(mayUnassignAndCancel(role, status, true), expected);
        }
    }
}

void TestJobActions::onlyUnassignHasAnUndo()
{
    for (const JobAction action : allJobActions())
        QCOMPARE(undoAction(action).has_value(), action == JobAction::Unassign);
    QCOMPARE(*undoAction(JobAction::Unassign), JobAction::Assign);
}

QTEST_GUILESS_MAIN(TestJobActions)
#include "tst_jobactions.moc"
