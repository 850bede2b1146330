// POST /jobs/{id}/dispatch (docs/openapi.yaml): assign and schedule in one write, both or
// neither. A bad schedule or pro leaves the job as it was; one version, one event, one history
// row; reassigning and rescheduling a SCHEDULED job; If-Match (428, 412); a pro who took the
// job since the caller's version answers 409 ALREADY_ASSIGNED; of a dispatch and a pro's accept
// at once exactly one wins (two dispatchd processes on one database).

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QTest>

#include <memory>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kRaceRounds = 12;

QJsonObject schedule(const QString &date, const QString &zone, const QString &window)
{
    return {{u"date"_s, date}, {u"timezone"_s, zone}, {u"window"_s, window}};
}

QJsonObject dispatchBody(const QString &proId, const QJsonObject &when)
{
    return {{u"proId"_s, proId}, {u"schedule"_s, when}};
}

QString dispatchPath(const QString &jobId)
{
    return jobPath(jobId, u"/dispatch"_s);
}

} // namespace

class TestDispatch final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void assignsAndSchedulesInOneWrite();
    void aFailingScheduleLeavesNoAssignment_data();
    void aFailingScheduleLeavesNoAssignment();
    void onlyActivePros();
    void needsACurrentIfMatch();
    void reassignAndRescheduleAScheduledJob();
    void whoAndWhen();
    void dispatchRacesAnAccept();

private:
    HttpTestClient dispatcher() const { return m_office->client(m_office->dispatcher); }
    /// A new OPEN job and its ETag.
    QJsonObject newJob(const QString &title, QByteArray *etag);
    qint64 lastSeq();

    DispatchdProcess m_serverA;
    DispatchdProcess m_serverB;
    std::unique_ptr<TestOffice> m_office;
};

void TestDispatch::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(startTwoOnOneDatabase(m_serverA, m_serverB));
    m_office = std::make_unique<TestOffice>(m_serverA);
    QVERIFY(m_office->setUp(3));
}

void TestDispatch::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_serverB.stop());
    QVERIFY(m_serverA.stop());
}

QJsonObject TestDispatch::newJob(const QString &title, QByteArray *etag)
{
    return m_office->createJob(
        QJsonObject{{u"title"_s, title},
                    {u"geo"_s, QJsonObject{{u"lat"_s, 30.27}, {u"lng"_s, -97.74}}}},
        etag);
}

qint64 TestDispatch::lastSeq()
{
    return dispatcher().get(u"/jobs?limit=1"_s).header("X-Last-Event-Seq").toLongLong();
}

void TestDispatch::assignsAndSchedulesInOneWrite()
{
    QByteArray etag;
    const QJsonObject job = newJob(u"Dispatch me"_s, &etag);
    const QString id = job.value(u"id"_s).toString();
    const QString proId = m_office->pros[0].id;
    const qint64 before = lastSeq();

    const HttpResult answer = dispatcher().postJson(
        dispatchPath(id),
        dispatchBody(proId, schedule(u"2026-01-15"_s, u"America/Chicago"_s, u"12:00-15:00"_s)),
        ifMatch(etag));
    QCOMPARE(answer.status, 200);
    const QJsonObject after = answer.json();
    QCOMPARE(after.value(u"status"_s).toString(), u"SCHEDULED"_s);
    QCOMPARE(after.value(u"assignedTo"_s).toString(), proId);
    QCOMPARE(after.value(u"dueAt"_s).toString(), u"2026-01-15T18:00:00Z"_s);
    QCOMPARE(after.value(u"schedule"_s).toObject(),
             schedule(u"2026-01-15"_s, u"America/Chicago"_s, u"12:00-15:00"_s));
    QVERIFY(after.value(u"codes"_s).isObject());
    QCOMPARE(versionOf(after), versionOf(job) + 1);
    QVERIFY(answer.header("ETag") != etag);

    // One event, one history row that reads as assign + schedule.
    QCOMPARE(lastSeq(), before + 1);
    const QJsonArray events =
        dispatcher().get(u"/events?after=%1"_s.arg(before)).json()[u"events"_s].toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0][u"type"_s].toString(), u"JOB_ASSIGNED"_s);
    QCOMPARE(events[0][u"job"_s][u"dueAt"_s].toString(), u"2026-01-15T18:00:00Z"_s);
    const QJsonArray history = dispatcher().get(jobPath(id, u"/history"_s)).jsonArray();
    QCOMPARE(history.size(), 2);
    const QJsonObject changes = history[1][u"changes"_s].toObject();
    QCOMPARE(changes.value(u"assignedTo"_s).toArray(), (QJsonArray{QJsonValue::Null, proId}));
    QCOMPARE(changes.value(u"status"_s).toArray(), (QJsonArray{u"OPEN"_s, u"SCHEDULED"_s}));
    QCOMPARE(changes.value(u"dueAt"_s).toArray(),
             (QJsonArray{QJsonValue::Null, u"2026-01-15T18:00:00Z"_s}));
    QVERIFY(changes.contains(u"schedule"_s));

    // The pro sees it as theirs.
    const HttpResult asPro = m_office->client(m_office->pros[0]).get(jobPath(id));
    QCOMPARE(asPro.status, 200);
    QVERIFY(!asPro.json().contains(u"codes"_s));
}

void TestDispatch::aFailingScheduleLeavesNoAssignment_data()
{
    QTest::addColumn<QJsonObject>("when");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown zone") << schedule(u"2026-01-15"_s, u"Mars/Olympus"_s, u"12:00-15:00"_s)
                                  << u"timezone"_s;
    QTest::newRow("window backwards")
        << schedule(u"2026-01-15"_s, u"America/Chicago"_s, u"15:00-12:00"_s) << u"window"_s;
    QTest::newRow("window not a window")
        << schedule(u"2026-01-15"_s, u"America/Chicago"_s, u"noon"_s) << u"window"_s;
    QTest::newRow("no such date") << schedule(u"2026-02-30"_s, u"America/Chicago"_s,
                                              u"12:00-15:00"_s)
                                  << u"date"_s;
}

void TestDispatch::aFailingScheduleLeavesNoAssignment()
{
    QFETCH(QJsonObject, when);
    QFETCH(QString, field);
    QByteArray etag;
    const QJsonObject job = newJob(u"Bad schedule"_s, &etag);
    const QString id = job.value(u"id"_s).toString();
    const qint64 before = lastSeq();

    const HttpResult answer = dispatcher().postJson(
        dispatchPath(id), dispatchBody(m_office->pros[0].id, when), ifMatch(etag));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.errorCode(), u"INVALID_VALUE"_s);
    QCOMPARE(answer.errorObject().value(u"field"_s).toString(), field);

    // Nothing of it landed: same version and ETag, unassigned, OPEN, no event.
    const HttpResult now = dispatcher().get(jobPath(id));
    QCOMPARE(now.header("ETag"), etag);
    QCOMPARE(now.json().value(u"status"_s).toString(), u"OPEN"_s);
    QVERIFY(now.json().value(u"assignedTo"_s).isNull());
    QVERIFY(now.json().value(u"schedule"_s).isNull());
    QCOMPARE(lastSeq(), before);
}

void TestDispatch::onlyActivePros()
{
    // A pro made for this test and then deactivated.
    TestUser gone;
    QVERIFY(m_office->addUser(u"gonepro"_s, u"pro"_s, TestOffice::proHome(1), &gone));
    HttpTestClient admin = m_office->client(m_office->admin);
    const QByteArray userEtag = admin.get(u"/users/"_s + gone.id).header("ETag");
    QCOMPARE(
        admin
            .patchJson(u"/users/"_s + gone.id, QJsonObject{{u"active"_s, false}}, ifMatch(userEtag))
            .status,
        200);

    QByteArray etag;
    const QJsonObject job = newJob(u"Needs an active pro"_s, &etag);
    const QString id = job.value(u"id"_s).toString();
    const QJsonObject when = schedule(u"2026-01-15"_s, u"America/Chicago"_s, u"12:00-15:00"_s);
    const struct {
        QString proId;
        const char *reason;
    } refused[] = {
        {gone.id, "is a deactivated pro"},
        {u"u_nobody"_s, "is not a pro"},
        {m_office->dispatcher.id, "is not a pro"},
    };
    for (const auto &row : refused) {
        HttpResult answer =
            dispatcher().postJson(dispatchPath(id), dispatchBody(row.proId, when), ifMatch(etag));
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("INVALID_VALUE"),
                 answer.describe().constData());
        QCOMPARE(answer.errorObject().value(u"field"_s).toString(), u"proId"_s);
        QCOMPARE(answer.errorObject().value(u"reason"_s).toString(), QLatin1String(row.reason));
        // /assign keeps the same rule.
        answer = dispatcher().postJson(jobPath(id, u"/assign"_s),
                                       QJsonObject{{u"proId"_s, row.proId}}, ifMatch(etag));
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("INVALID_VALUE"),
                 answer.describe().constData());
    }
    QCOMPARE(dispatcher().get(jobPath(id)).header("ETag"), etag);

    // Hostile bodies: 400 BAD_REQUEST, nothing written.
    const QList<QByteArray> bodies{
        R"({"proId":null,"schedule":{"date":"2026-01-15","timezone":"UTC","window":"09:00-10:00"}})",
        R"({"proId":"u_x"})",
        R"({"proId":"u_x","schedule":"tomorrow"})",
        R"({"proId":"u_x","schedule":{"date":"2026-01-15","timezone":"UTC"}})",
        R"({"proId":"u_x","schedule":{"date":"2026-01-15","timezone":"UTC","window":"09:00-10:00","tz":1}})",
        R"({"proId":"u_x","schedule":{"date":"2026-01-15","timezone":"UTC","window":"09:00-10:00"},"note":1})",
    };
    for (const QByteArray &body : bodies) {
        const HttpResult answer =
            dispatcher().request("POST", dispatchPath(id), body, ifMatch(etag));
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("BAD_REQUEST"),
                 QByteArray(body + " -> " + answer.describe()).constData());
    }
    QCOMPARE(dispatcher().get(jobPath(id)).header("ETag"), etag);
}

void TestDispatch::needsACurrentIfMatch()
{
    QByteArray etag;
    const QJsonObject job = newJob(u"Conditional dispatch"_s, &etag);
    const QString id = job.value(u"id"_s).toString();
    const QJsonObject body = dispatchBody(
        m_office->pros[0].id, schedule(u"2026-01-16"_s, u"America/Chicago"_s, u"08:00-10:00"_s));

    HttpResult answer = dispatcher().postJson(dispatchPath(id), body);
    QCOMPARE(answer.status, 428);
    QCOMPARE(answer.errorCode(), u"PRECONDITION_REQUIRED"_s);

    // Another dispatcher edits the job first: 412 with the job as it is now.
    const HttpResult edited = dispatcher().patchJson(
        jobPath(id), QJsonObject{{u"changes"_s, QJsonObject{{u"details"_s, u"Gate code 1234"_s}}}},
        ifMatch(etag));
    QCOMPARE(edited.status, 200);
    answer = dispatcher().postJson(dispatchPath(id), body, ifMatch(etag));
    QCOMPARE(answer.status, 412);
    QCOMPARE(answer.errorCode(), u"PRECONDITION_FAILED"_s);
    QCOMPARE(answer.header("ETag"), edited.header("ETag"));
    const QJsonObject current = answer.errorObject().value(u"current"_s).toObject();
    QCOMPARE(current[u"fields"_s][u"details"_s].toString(), u"Gate code 1234"_s);
    QVERIFY(current.value(u"assignedTo"_s).isNull());

    // On the fresh version it lands.
    answer = dispatcher().postJson(dispatchPath(id), body, ifMatch(edited.header("ETag")));
    QCOMPARE(answer.status, 200);
}

void TestDispatch::reassignAndRescheduleAScheduledJob()
{
    QByteArray etag;
    const QJsonObject job = newJob(u"Move me"_s, &etag);
    const QString id = job.value(u"id"_s).toString();
    const QString first = m_office->pros[0].id;
    const QString second = m_office->pros[1].id;
    const QJsonObject morning = schedule(u"2026-01-20"_s, u"America/Chicago"_s, u"09:00-11:00"_s);
    const QJsonObject afternoon = schedule(u"2026-01-20"_s, u"America/Chicago"_s, u"14:00-16:00"_s);

    HttpResult answer =
        dispatcher().postJson(dispatchPath(id), dispatchBody(first, morning), ifMatch(etag));
    QCOMPARE(answer.status, 200);
    QJsonObject now = answer.json();

    // Along the row: the same pro, later. JOB_SCHEDULED, the codes kept.
    qint64 before = lastSeq();
    answer = dispatcher().postJson(dispatchPath(id), dispatchBody(first, afternoon),
                                   ifMatch(answer.header("ETag")));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"assignedTo"_s).toString(), first);
    QCOMPARE(answer.json().value(u"dueAt"_s).toString(), u"2026-01-20T20:00:00Z"_s);
    QCOMPARE(answer.json().value(u"codes"_s), now.value(u"codes"_s));
    QCOMPARE(versionOf(answer.json()), versionOf(now) + 1);
    QJsonArray events =
        dispatcher().get(u"/events?after=%1"_s.arg(before)).json()[u"events"_s].toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0][u"type"_s].toString(), u"JOB_SCHEDULED"_s);
    now = answer.json();

    // Onto another row at another time: one write, JOB_ASSIGNED, still SCHEDULED.
    before = lastSeq();
    answer = dispatcher().postJson(dispatchPath(id), dispatchBody(second, morning),
                                   ifMatch(answer.header("ETag")));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"assignedTo"_s).toString(), second);
    QCOMPARE(answer.json().value(u"status"_s).toString(), u"SCHEDULED"_s);
    QCOMPARE(answer.json().value(u"dueAt"_s).toString(), u"2026-01-20T15:00:00Z"_s);
    QCOMPARE(versionOf(answer.json()), versionOf(now) + 1);
    events = dispatcher().get(u"/events?after=%1"_s.arg(before)).json()[u"events"_s].toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0][u"type"_s].toString(), u"JOB_ASSIGNED"_s);
    const QJsonArray history = dispatcher().get(jobPath(id, u"/history"_s)).jsonArray();
    const QJsonObject changes = history.last()[u"changes"_s].toObject();
    QCOMPARE(changes.value(u"assignedTo"_s).toArray(), (QJsonArray{first, second}));
    QVERIFY(changes.contains(u"schedule"_s));
    QVERIFY(!changes.contains(u"status"_s)); // SCHEDULED before and after
    // The first pro no longer sees it.
    QCOMPARE(m_office->client(m_office->pros[0]).get(jobPath(id)).status, 404);

    // The same drop again changes nothing: same version, no event.
    before = lastSeq();
    const QByteArray tag = answer.header("ETag");
    answer = dispatcher().postJson(dispatchPath(id), dispatchBody(second, morning), ifMatch(tag));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("ETag"), tag);
    QCOMPARE(lastSeq(), before);
}

void TestDispatch::whoAndWhen()
{
    QByteArray etag;
    const QJsonObject job = newJob(u"Who dispatches"_s, &etag);
    const QString id = job.value(u"id"_s).toString();
    const QJsonObject body = dispatchBody(
        m_office->pros[0].id, schedule(u"2026-01-21"_s, u"America/Chicago"_s, u"08:00-10:00"_s));
    // A pro cannot dispatch, not even to themselves.
    HttpResult answer =
        m_office->client(m_office->pros[0]).postJson(dispatchPath(id), body, ifMatch(etag));
    QCOMPARE(answer.status, 403);
    QCOMPARE(dispatcher()
                 .postJson(jobPath(u"j_nosuchjob"_s, u"/dispatch"_s), body, ifMatch(etag))
                 .status,
             404);

    // A started job cannot be dispatched.
    answer = dispatcher().postJson(dispatchPath(id), body, ifMatch(etag));
    QCOMPARE(answer.status, 200);
    const QString start = answer.json()[u"codes"_s][u"start"_s].toString();
    answer = m_office->client(m_office->pros[0])
                 .postJson(jobPath(id, u"/transition"_s),
                           QJsonObject{{u"to"_s, u"IN_PROGRESS"_s}, {u"code"_s, start}},
                           ifMatch(answer.header("ETag")));
    QCOMPARE(answer.status, 200);
    answer = dispatcher().postJson(dispatchPath(id), body, ifMatch(answer.header("ETag")));
    QCOMPARE(answer.status, 409);
    QCOMPARE(answer.errorCode(), u"INVALID_TRANSITION"_s);
}

void TestDispatch::dispatchRacesAnAccept()
{
    // A dispatcher drops an open job on pro 2 while pro 1 accepts the offer, each through its
    // own connection to one of two processes: exactly one wins, the other hears
    // ALREADY_ASSIGNED, and the job is as the winner left it.
    int dispatchWins = 0;
    int acceptWins = 0;
    for (int round = 0; round < kRaceRounds; ++round) {
        QByteArray etag;
        const QJsonObject job = newJob(u"Race %1"_s.arg(round), &etag);
        const QString id = job.value(u"id"_s).toString();
        HttpTestClient office(m_serverA.apiUrl({}));
        office.setToken(m_office->dispatcher.token);
        HttpTestClient pro(m_serverB.apiUrl({}));
        pro.setToken(m_office->pros[0].token);
        const QString target = m_office->pros[1].id;

        QList<QNetworkReply *> replies;
        replies.append(office.startJson(
            "POST", dispatchPath(id),
            dispatchBody(target, schedule(u"2026-01-22"_s, u"America/Chicago"_s, u"10:00-12:00"_s)),
            ifMatch(etag)));
        replies.append(pro.startRequest("POST", u"/offers/%1/accept"_s.arg(id)));
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies, kAnswerWaitMs);
        const HttpResult &dispatched = results[0];
        const HttpResult &accepted = results[1];
        const QByteArray both = dispatched.describe() + '\n' + accepted.describe();

        const HttpResult now = dispatcher().get(jobPath(id));
        QCOMPARE(versionOf(now.json()), versionOf(job) + 1);
        if (dispatched.status == 200) {
            ++dispatchWins;
            QVERIFY2(accepted.status == 409 &&
                         accepted.errorCode() == QLatin1String("ALREADY_ASSIGNED"),
                     both.constData());
            QCOMPARE(now.json().value(u"assignedTo"_s).toString(), target);
            QCOMPARE(now.json().value(u"dueAt"_s).toString(), u"2026-01-22T16:00:00Z"_s);
        } else {
            ++acceptWins;
            QVERIFY2(accepted.status == 200 && dispatched.status == 409 &&
                         dispatched.errorCode() == QLatin1String("ALREADY_ASSIGNED"),
                     both.constData());
            // The 409 carries the job as it is now, as a 412 would.
            QCOMPARE(dispatched.header("ETag"), now.header("ETag"));
            QCOMPARE(dispatched.errorObject()[u"current"_s][u"assignedTo"_s].toString(),
                     m_office->pros[0].id);
            QCOMPARE(now.json().value(u"assignedTo"_s).toString(), m_office->pros[0].id);
            QVERIFY(now.json().value(u"schedule"_s).isNull());
        }
    }
    qInfo("dispatch won %d, accept won %d of %d rounds", dispatchWins, acceptWins, kRaceRounds);
}

QTEST_GUILESS_MAIN(TestDispatch)
#include "tst_dispatch.moc"
