#include "jobstatus.h"

#include <QTest>

using namespace dispatch;

Q_DECLARE_METATYPE(dispatch::JobStatus)
Q_DECLARE_METATYPE(dispatch::TransitionActor)
Q_DECLARE_METATYPE(dispatch::RequiredCode)
Q_DECLARE_METATYPE(dispatch::EditRule)

class TestJobStatus final : public QObject {
    Q_OBJECT

private slots:
    void wireNamesRoundTrip();
    void unknownWireNameIsRejected_data();
    void unknownWireNameIsRejected();
    void legalTransitions_data();
    void legalTransitions();
    void everyOtherMoveIsIllegal();
    void finalStatusesHaveNoWayOut();
    void editRules_data();
    void editRules();
    void eventTypes_data();
    void eventTypes();
};

void TestJobStatus::wireNamesRoundTrip()
{
    const auto statuses = allJobStatuses();
    QCOMPARE(statuses.size(), 9);
    for (JobStatus status : statuses) {
        const QString wire = toWire(status);
        QVERIFY(!wire.isEmpty());
        QCOMPARE(jobStatusFromWire(wire), std::optional<JobStatus>(status));
        QVERIFY(!displayName(status).isEmpty());
    }
}

void TestJobStatus::unknownWireNameIsRejected_data()
{
    QTest::addColumn<QString>("wire");
    QTest::newRow("empty") << QString();
    QTest::newRow("lower case") << QStringLiteral("open");
    QTest::newRow("made up") << QStringLiteral("DONE");
    QTest::newRow("trailing space") << QStringLiteral("OPEN ");
}

void TestJobStatus::unknownWireNameIsRejected()
{
    QFETCH(QString, wire);
    QVERIFY(!jobStatusFromWire(wire).has_value());
}

void TestJobStatus::legalTransitions_data()
{
    QTest::addColumn<JobStatus>("from");
    QTest::addColumn<JobStatus>("to");
    QTest::addColumn<TransitionActor>("actor");
    QTest::addColumn<RequiredCode>("code");

    using S = JobStatus;
    using A = TransitionActor;
    QTest::newRow("open-requested") << S::Open << S::Requested << A::Office << RequiredCode::None;
    QTest::newRow("requested-scheduled")
        << S::Requested << S::Scheduled << A::AssignRoute << RequiredCode::None;
    QTest::newRow("scheduled-in_progress")
        << S::Scheduled << S::InProgress << A::AssignedPro << RequiredCode::Start;
    QTest::newRow("in_progress-completed")
        << S::InProgress << S::CompletedByPro << A::AssignedPro << RequiredCode::Completion;
    QTest::newRow("completed-awaiting")
        << S::CompletedByPro << S::AwaitingCustomerConfirm << A::Office << RequiredCode::None;
    QTest::newRow("awaiting-paid")
        << S::AwaitingCustomerConfirm << S::Paid << A::Office << RequiredCode::None;
    QTest::newRow("open-scheduled")
        << S::Open << S::Scheduled << A::AssignRoute << RequiredCode::None;
    QTest::newRow("requested-open (declined)")
        << S::Requested << S::Open << A::Office << RequiredCode::None;
    QTest::newRow("scheduled-open (unassign)")
        << S::Scheduled << S::Open << A::AssignRoute << RequiredCode::None;
    QTest::newRow("open-cancelled") << S::Open << S::Cancelled << A::Office << RequiredCode::None;
    QTest::newRow("requested-cancelled")
        << S::Requested << S::Cancelled << A::Office << RequiredCode::None;
    QTest::newRow("awaiting-cancelled")
        << S::AwaitingCustomerConfirm << S::Cancelled << A::Office << RequiredCode::None;
    QTest::newRow("open-expired") << S::Open << S::Expired << A::Office << RequiredCode::None;
}

void TestJobStatus::legalTransitions()
{
    QFETCH(JobStatus, from);
    QFETCH(JobStatus, to);
    QFETCH(TransitionActor, actor);
    QFETCH(RequiredCode, code);

    const auto rule = transitionRule(from, to);
    QVERIFY(rule.has_value());
    QCOMPARE(rule->actor, actor);
    QCOMPARE(rule->code, code);
    QVERIFY(nextStatuses(from).contains(to));
}

void TestJobStatus::everyOtherMoveIsIllegal()
{
    // The diagram has exactly 13 edges; every other ordered pair must be refused.
    int legal = 0;
    for (JobStatus from : allJobStatuses()) {
        for (JobStatus to : allJobStatuses()) {
            if (transitionRule(from, to))
                ++legal;
        }
        QVERIFY2(!transitionRule(from, from), qPrintable(toWire(from)));
    }
    QCOMPARE(legal, 13);
    QVERIFY(!transitionRule(JobStatus::Scheduled, JobStatus::Cancelled));
    QVERIFY(!transitionRule(JobStatus::InProgress, JobStatus::Open));
    QVERIFY(!transitionRule(JobStatus::Open, JobStatus::InProgress));
}

void TestJobStatus::finalStatusesHaveNoWayOut()
{
    for (JobStatus status : allJobStatuses()) {
        QCOMPARE(isFinal(status), nextStatuses(status).isEmpty());
    }
    QVERIFY(isFinal(JobStatus::Paid));
    QVERIFY(isFinal(JobStatus::Cancelled));
    QVERIFY(isFinal(JobStatus::Expired));
}

void TestJobStatus::editRules_data()
{
    QTest::addColumn<JobStatus>("status");
    QTest::addColumn<QString>("key");
    QTest::addColumn<EditRule>("rule");

    using S = JobStatus;
    const QString title = QStringLiteral("title");
    const QString price = QStringLiteral("pricing.amountCents");
    const QString kind = QStringLiteral("pricing.kind");
    QTest::newRow("open title") << S::Open << title << EditRule::Allowed;
    QTest::newRow("open price") << S::Open << price << EditRule::Allowed;
    QTest::newRow("requested title") << S::Requested << title << EditRule::Allowed;
    QTest::newRow("requested price") << S::Requested << price << EditRule::PriceLocked;
    QTest::newRow("scheduled kind") << S::Scheduled << kind << EditRule::PriceLocked;
    QTest::newRow("scheduled address")
        << S::Scheduled << QStringLiteral("address") << EditRule::Allowed;
    QTest::newRow("in progress title") << S::InProgress << title << EditRule::JobLocked;
    QTest::newRow("completed title") << S::CompletedByPro << title << EditRule::JobLocked;
    QTest::newRow("awaiting price") << S::AwaitingCustomerConfirm << price << EditRule::JobLocked;
    QTest::newRow("paid title") << S::Paid << title << EditRule::JobLocked;
    QTest::newRow("cancelled title") << S::Cancelled << title << EditRule::JobLocked;
    QTest::newRow("expired details")
        << S::Expired << QStringLiteral("details") << EditRule::JobLocked;
}

void TestJobStatus::editRules()
{
    QFETCH(JobStatus, status);
    QFETCH(QString, key);
    QFETCH(EditRule, rule);
    QCOMPARE(fieldEditRule(status, key), rule);
}

void TestJobStatus::eventTypes_data()
{
    QTest::addColumn<JobStatus>("from");
    QTest::addColumn<JobStatus>("to");
    QTest::addColumn<QString>("type");

    using S = JobStatus;
    QTest::newRow("assign") << S::Open << S::Scheduled << QStringLiteral("JOB_ASSIGNED");
    QTest::newRow("unassign") << S::Scheduled << S::Open << QStringLiteral("JOB_UNASSIGNED");
    QTest::newRow("decline") << S::Requested << S::Open << QStringLiteral("JOB_UPDATED");
    QTest::newRow("start") << S::Scheduled << S::InProgress << QStringLiteral("JOB_STARTED");
    QTest::newRow("complete") << S::InProgress << S::CompletedByPro
                              << QStringLiteral("JOB_COMPLETED");
    QTest::newRow("await") << S::CompletedByPro << S::AwaitingCustomerConfirm
                           << QStringLiteral("JOB_AWAITING_CONFIRM");
    QTest::newRow("pay") << S::AwaitingCustomerConfirm << S::Paid
                         << QStringLiteral("PAYMENT_CAPTURED");
    QTest::newRow("cancel") << S::Open << S::Cancelled << QStringLiteral("JOB_CANCELLED");
    QTest::newRow("expire") << S::Open << S::Expired << QStringLiteral("JOB_EXPIRED");
}

void TestJobStatus::eventTypes()
{
    QFETCH(JobStatus, from);
    QFETCH(JobStatus, to);
    QFETCH(QString, type);
    QCOMPARE(eventTypeForTransition(from, to), type);
}

QTEST_APPLESS_MAIN(TestJobStatus)
#include "tst_jobstatus.moc"
