// Contract tests for change events (docs/openapi.yaml "Change events"): every committed job write
// makes exactly one event, in a gap-free, ordered log; each user sees only the events of jobs
// they may see (plus the one that takes a job out of a pro's view); an idle poll is a small
// 304; the WebSocket stream resumes after a seq and sends nothing twice.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "rawhttp.h"
#include "streamclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <memory>
#include <optional>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

/// The protocol's `actor` is a user id; an object with an id is accepted as well.
QString actorId(const QJsonValue &actor)
{
    return actor.isObject() ? actor[u"id"_s].toString() : actor.toString();
}

bool isVisibleTo(const QJsonValue &job, const QString &proId)
{
    if (!job.isObject())
        return false;
    const QJsonValue assignedTo = job[u"assignedTo"_s];
    if (assignedTo.isString())
        return assignedTo.toString() == proId;
    return job[u"status"_s].toString() == u"OPEN";
}

QList<qint64> seqsOf(const QList<QJsonObject> &events)
{
    QList<qint64> seqs;
    for (const QJsonObject &event : events)
        seqs.append(event[u"seq"_s].toInteger());
    return seqs;
}

/// One write the test made and the event it must produce.
struct ExpectedEvent {
    QStringList types; ///< accepted types (one, except where the contract leaves a choice)
    QString jobId;
    QString actor;
    QByteArray etag; ///< empty for a deletion
    qint64 version = 0;
};

} // namespace

class TestEvents final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyWriteMakesOneEvent();
    void pagesAreGapFree();
    void visibilityScenario();
    void prosSeeOnlyTheirEvents_data();
    void prosSeeOnlyTheirEvents();
    void idlePollIsSmall304();
    void jobListTellsTheLogHead();
    void streamResumesAndGoesLive();
    void streamReconnectSendsNothingTwice();
    void streamAgreesWithPollForPro();
    void streamAcceptsAuthorizationHeader();
    void streamRefusesBadToken();

private:
    HttpTestClient dispatcher() const { return m_office->client(m_office->dispatcher); }
    HttpTestClient admin() const { return m_office->client(m_office->admin); }
    HttpTestClient pro(int index) const { return m_office->client(m_office->pros.at(index)); }
    /// Every event `client` may see after `after`, following pages; nothing on failure.
    std::optional<QList<QJsonObject>> allEvents(HttpTestClient client, qint64 after = 0,
                                                int limit = 1000);
    /// Creates a job as the dispatcher and returns {id, etag}.
    std::pair<QString, QByteArray> create(const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
};

std::optional<QList<QJsonObject>> TestEvents::allEvents(HttpTestClient client, qint64 after,
                                                        int limit)
{
    QList<QJsonObject> events;
    for (int page = 0; page < 10000; ++page) {
        const HttpResult result = client.get(u"/events?after=%1&limit=%2"_s.arg(after).arg(limit));
        if (result.status != 200) {
            qWarning("GET /events: %s", result.describe().constData());
            return std::nullopt;
        }
        const QJsonArray batch = result.json()[u"events"_s].toArray();
        for (const QJsonValue &event : batch)
            events.append(event.toObject());
        if (batch.isEmpty())
            return events;
        after = batch.last()[u"seq"_s].toInteger();
    }
    return std::nullopt;
}

std::pair<QString, QByteArray> TestEvents::create(const QString &title)
{
    QByteArray etag;
    const QJsonObject job = m_office->createJob({{u"title"_s, title}}, &etag);
    return {job[u"id"_s].toString(), etag};
}

void TestEvents::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(3));
}

void TestEvents::everyWriteMakesOneEvent()
{
    HttpTestClient disp = dispatcher();
    HttpTestClient adm = admin();
    HttpTestClient pro1 = pro(0);
    const QString dispId = m_office->dispatcher.id;
    const QString adminId = m_office->admin.id;
    const QString pro1Id = m_office->pros[0].id;

    HttpResult before = adm.get(u"/events?after=0&limit=1000"_s);
    QVERIFY2(before.status == 200, before.describe());
    const qint64 baseline = before.json()[u"lastSeq"_s].toInteger();

    QList<ExpectedEvent> expected;
    const auto expect = [&](const HttpResult &result, QStringList types, const QString &actor,
                            const QString &jobId = {}) {
        const QJsonObject job = result.json();
        expected.append({types, jobId.isEmpty() ? job[u"id"_s].toString() : jobId, actor,
                         result.header("ETag"), job[u"version"_s].toInteger()});
    };

    // Two jobs by the dispatcher.
    HttpResult a = disp.postJson(
        u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, u"events: A"_s}}}});
    QVERIFY2(a.status == 201, a.describe());
    expect(a, {u"JOB_CREATED"_s}, dispId);
    const QString idA = a.json()[u"id"_s].toString();
    HttpResult b = disp.postJson(
        u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, u"events: B"_s}}}});
    QVERIFY2(b.status == 201, b.describe());
    expect(b, {u"JOB_CREATED"_s}, dispId);
    const QString idB = b.json()[u"id"_s].toString();

    // An edit; then an edit that changes nothing and a stale one: no events.
    const QByteArray etagA1 = a.header("ETag");
    a = disp.patchJson(jobPath(idA),
                       QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"events: A2"_s}}}},
                       ifMatch(etagA1));
    QVERIFY2(a.status == 200, a.describe());
    expect(a, {u"JOB_UPDATED"_s}, dispId);
    HttpResult noop = disp.patchJson(
        jobPath(idA), QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"events: A2"_s}}}},
        ifMatch(a.header("ETag")));
    QVERIFY2(noop.status == 200, noop.describe());
    QCOMPARE(noop.header("ETag"), a.header("ETag"));
    HttpResult stale = disp.patchJson(
        jobPath(idA), QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"events: lost"_s}}}},
        ifMatch(etagA1));
    QVERIFY2(stale.status == 412, stale.describe());

    // Assign A to pro1, who adds a note; pro1 may not note the open B (403, no event).
    a = disp.postJson(jobPath(idA, u"/assign"_s), QJsonObject{{u"proId"_s, pro1Id}},
                      ifMatch(a.header("ETag")));
    QVERIFY2(a.status == 200, a.describe());
    expect(a, {u"JOB_ASSIGNED"_s}, dispId);
    a = pro1.postJson(jobPath(idA, u"/notes"_s), QJsonObject{{u"text"_s, u"gate code 1234"_s}},
                      ifMatch(a.header("ETag")));
    QVERIFY2(a.status == 200, a.describe());
    expect(a, {u"NOTE_ADDED"_s}, pro1Id);
    HttpResult refused =
        pro1.postJson(jobPath(idB, u"/notes"_s), QJsonObject{{u"text"_s, u"not mine"_s}},
                      ifMatch(b.header("ETag")));
    QVERIFY2(refused.status == 403, refused.describe());

    // pro1 accepts B, the dispatcher takes it back, schedules and cancels it.
    b = pro1.request("POST", u"/offers/"_s + idB + u"/accept"_s, {}, ifMatch(b.header("ETag")));
    QVERIFY2(b.status == 200, b.describe());
    expect(b, {u"JOB_ASSIGNED"_s}, pro1Id);
    b = disp.postJson(jobPath(idB, u"/assign"_s), QJsonObject{{u"proId"_s, QJsonValue::Null}},
                      ifMatch(b.header("ETag")));
    QVERIFY2(b.status == 200, b.describe());
    expect(b, {u"JOB_UNASSIGNED"_s}, dispId);
    b = disp.postJson(jobPath(idB, u"/schedule"_s),
                      QJsonObject{{u"date"_s, u"2031-05-06"_s},
                                  {u"timezone"_s, u"America/Denver"_s},
                                  {u"window"_s, u"08:00-10:00"_s}},
                      ifMatch(b.header("ETag")));
    QVERIFY2(b.status == 200, b.describe());
    // The protocol lists JOB_SCHEDULED; a plain update is the only other reading.
    expect(b, {u"JOB_SCHEDULED"_s, u"JOB_UPDATED"_s}, dispId);
    b = disp.postJson(jobPath(idB, u"/transition"_s), QJsonObject{{u"to"_s, u"CANCELLED"_s}},
                      ifMatch(b.header("ETag")));
    QVERIFY2(b.status == 200, b.describe());
    expect(b, {u"JOB_CANCELLED"_s}, dispId);

    // A price change refused in SCHEDULED (409, no event), then an admin edit.
    HttpResult locked = adm.patchJson(
        jobPath(idA), QJsonObject{{u"changes"_s, QJsonObject{{u"pricing.amountCents"_s, 9900}}}},
        ifMatch(a.header("ETag")));
    QVERIFY2(locked.status == 409, locked.describe());
    a = adm.patchJson(jobPath(idA),
                      QJsonObject{{u"changes"_s, QJsonObject{{u"details"_s, u"bring a ladder"_s}}}},
                      ifMatch(a.header("ETag")));
    QVERIFY2(a.status == 200, a.describe());
    expect(a, {u"JOB_UPDATED"_s}, adminId);

    // A job made and deleted by the admin.
    HttpResult c = adm.postJson(
        u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, u"events: C"_s}}}});
    QVERIFY2(c.status == 201, c.describe());
    expect(c, {u"JOB_CREATED"_s}, adminId);
    const QString idC = c.json()[u"id"_s].toString();
    HttpResult gone = adm.del(jobPath(idC), ifMatch(c.header("ETag")));
    QVERIFY2(gone.status == 204, gone.describe());
    expected.append({{u"JOB_DELETED"_s}, idC, adminId, {}, 0});

    const auto events = allEvents(adm, baseline);
    QVERIFY(events);
    QCOMPARE(events->size(), expected.size());
    qint64 previousSeq = baseline;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QJsonObject &event = events->at(i);
        const ExpectedEvent &want = expected[i];
        const QByteArray where = "event " + QByteArray::number(i) + ": " + json(event).left(500);
        const qint64 seq = event[u"seq"_s].toInteger();
        QVERIFY2(seq > previousSeq, where);
        previousSeq = seq;
        QVERIFY2(want.types.contains(event[u"type"_s].toString()), where);
        QVERIFY2(event[u"jobId"_s].toString() == want.jobId, where);
        QVERIFY2(actorId(event[u"actor"_s]) == want.actor, where);
        QVERIFY2(QDateTime::fromString(event[u"at"_s].toString(), Qt::ISODate).isValid(), where);
        if (want.etag.isEmpty()) {
            QVERIFY2(event.contains(u"job"_s) && event[u"job"_s].isNull(), where);
        } else {
            QVERIFY2(event[u"etag"_s].toString().toLatin1() == want.etag, where);
            QVERIFY2(event[u"job"_s][u"id"_s].toString() == want.jobId, where);
            QVERIFY2(event[u"job"_s][u"version"_s].toInteger() == want.version, where);
        }
    }

    // The dispatcher sees the same log; lastSeq names its last event.
    const HttpResult page = disp.get(u"/events?after=%1&limit=1000"_s.arg(baseline));
    QVERIFY2(page.status == 200, page.describe());
    QCOMPARE(page.json()[u"lastSeq"_s].toInteger(), previousSeq);
    QCOMPARE(page.json()[u"events"_s].toArray().size(), expected.size());
    const HttpResult after = disp.get(u"/events?after=%1"_s.arg(previousSeq));
    QVERIFY2(after.status == 200, after.describe());
    QVERIFY(after.json()[u"events"_s].toArray().isEmpty());
    QCOMPARE(after.json()[u"lastSeq"_s].toInteger(), previousSeq);
}

void TestEvents::pagesAreGapFree()
{
    HttpTestClient adm = admin();
    const auto whole = allEvents(adm, 0, 1000);
    QVERIFY(whole);
    QVERIFY(whole->size() >= 10);
    for (const int limit : {1, 3, 7}) {
        const auto paged = allEvents(adm, 0, limit);
        QVERIFY(paged);
        QCOMPARE(seqsOf(*paged), seqsOf(*whole));
    }
    // Starting in the middle gives exactly the tail.
    const qint64 middle = whole->at(whole->size() / 2)[u"seq"_s].toInteger();
    const auto tail = allEvents(adm, middle, 1000);
    QVERIFY(tail);
    QCOMPARE(seqsOf(*tail), seqsOf(whole->mid(whole->size() / 2 + 1)));
    // limit is capped, not an error.
    const HttpResult huge = adm.get(u"/events?after=0&limit=100000"_s);
    QVERIFY2(huge.status == 200 || huge.status == 400, huge.describe());
}

void TestEvents::visibilityScenario()
{
    HttpTestClient disp = dispatcher();
    HttpTestClient adm = admin();
    const QString p = m_office->pros[0].id;
    const QString q = m_office->pros[1].id;
    const QJsonObject note{{u"text"_s, u"note"_s}};
    const QJsonObject edit{{u"changes"_s, QJsonObject{{u"address"_s, u"2 Elm St"_s}}}};
    const QJsonObject unassign{{u"proId"_s, QJsonValue::Null}};
    const auto to = [](const char *status) {
        return QJsonObject{{u"to"_s, QString::fromLatin1(status)}};
    };
    HttpResult r;
#define STEP(call, expectedStatus)                                                                 \
    r = (call);                                                                                    \
    QVERIFY2(r.status == (expectedStatus), r.describe())

    // J1: assigned to P and edited.
    auto [j1, e1] = create(u"vis: J1"_s);
    STEP(disp.postJson(jobPath(j1, u"/assign"_s), QJsonObject{{u"proId"_s, p}}, ifMatch(e1)), 200);
    STEP(disp.patchJson(jobPath(j1), edit, ifMatch(r.header("ETag"))), 200);
    // J2: assigned to Q (leaves P's view), edited and noted by Q, unassigned (back in view).
    auto [j2, e2] = create(u"vis: J2"_s);
    STEP(disp.postJson(jobPath(j2, u"/assign"_s), QJsonObject{{u"proId"_s, q}}, ifMatch(e2)), 200);
    STEP(disp.patchJson(jobPath(j2), edit, ifMatch(r.header("ETag"))), 200);
    STEP(pro(1).postJson(jobPath(j2, u"/notes"_s), note, ifMatch(r.header("ETag"))), 200);
    STEP(disp.postJson(jobPath(j2, u"/assign"_s), unassign, ifMatch(r.header("ETag"))), 200);
    // J3: requested (out of every pro's view), edited, declined (back), cancelled (out).
    auto [j3, e3] = create(u"vis: J3"_s);
    STEP(disp.postJson(jobPath(j3, u"/transition"_s), to("REQUESTED"), ifMatch(e3)), 200);
    STEP(disp.patchJson(jobPath(j3), edit, ifMatch(r.header("ETag"))), 200);
    STEP(disp.postJson(jobPath(j3, u"/transition"_s), to("OPEN"), ifMatch(r.header("ETag"))), 200);
    STEP(disp.postJson(jobPath(j3, u"/transition"_s), to("CANCELLED"), ifMatch(r.header("ETag"))),
         200);
    // J4: accepted by P, unassigned, accepted by Q.
    auto [j4, e4] = create(u"vis: J4"_s);
    Q_UNUSED(e4);
    STEP(pro(0).request("POST", u"/offers/"_s + j4 + u"/accept"_s), 200);
    STEP(disp.postJson(jobPath(j4, u"/assign"_s), unassign, ifMatch(r.header("ETag"))), 200);
    STEP(pro(1).request("POST", u"/offers/"_s + j4 + u"/accept"_s), 200);
    // J5: deleted while open. J6: Q's job, scheduled.
    auto [j5, e5] = create(u"vis: J5"_s);
    STEP(adm.del(jobPath(j5), ifMatch(e5)), 204);
    auto [j6, e6] = create(u"vis: J6"_s);
    STEP(disp.postJson(jobPath(j6, u"/assign"_s), QJsonObject{{u"proId"_s, q}}, ifMatch(e6)), 200);
    STEP(disp.postJson(jobPath(j6, u"/schedule"_s),
                       QJsonObject{{u"date"_s, u"2031-07-08"_s},
                                   {u"timezone"_s, u"Europe/Berlin"_s},
                                   {u"window"_s, u"10:00-12:00"_s}},
                       ifMatch(r.header("ETag"))),
         200);
#undef STEP
}

void TestEvents::prosSeeOnlyTheirEvents_data()
{
    QTest::addColumn<int>("proIndex");
    QTest::newRow("pro1") << 0;
    QTest::newRow("pro2") << 1;
    QTest::newRow("pro3 (no jobs of their own)") << 2;
}

void TestEvents::prosSeeOnlyTheirEvents()
{
    QFETCH(int, proIndex);

    // The expected view: an event is the pro's when its job was visible to them before the
    // change or after it (the one last event of a job leaving their view).
    const TestUser &user = m_office->pros.at(proIndex);
    const auto everything = allEvents(admin());
    QVERIFY(everything);
    QHash<QString, QJsonValue> lastState;
    QList<qint64> expectedSeqs;
    for (const QJsonObject &event : *everything) {
        const QString jobId = event[u"jobId"_s].toString();
        const QJsonValue now = event[u"job"_s];
        if (isVisibleTo(lastState.value(jobId), user.id) || isVisibleTo(now, user.id))
            expectedSeqs.append(event[u"seq"_s].toInteger());
        lastState.insert(jobId, now);
    }

    HttpTestClient client = m_office->client(user);
    const auto mine = allEvents(client);
    QVERIFY(mine);
    QCOMPARE(seqsOf(*mine), expectedSeqs);
    for (const QJsonObject &event : *mine) {
        const QByteArray text = json(event);
        QVERIFY2(!text.contains("\"codes\""), QByteArray("codes in a pro's event: " + text));
    }

    // lastSeq is the last seq this pro may see, not the global one.
    const HttpResult page = client.get(u"/events?after=0&limit=1000"_s);
    QVERIFY2(page.status == 200, page.describe());
    QCOMPARE(page.json()[u"lastSeq"_s].toInteger(),
             expectedSeqs.isEmpty() ? 0 : expectedSeqs.last());
}

void TestEvents::idlePollIsSmall304()
{
    HttpTestClient client = pro(0);
    const HttpResult first = client.get(u"/events?after=0&limit=1000"_s);
    QVERIFY2(first.status == 200, first.describe());
    const qint64 lastSeq = first.json()[u"lastSeq"_s].toInteger();
    const QByteArray pollPath = "/api/v1/events?after=" + QByteArray::number(lastSeq);
    const HttpResult idle = client.get(QString::fromLatin1(pollPath.mid(7)));
    QVERIFY2(idle.status == 200, idle.describe());
    const QByteArray etag = idle.header("ETag");
    QVERIFY2(!etag.isEmpty(), "GET /events without an ETag");
    QVERIFY(idle.json()[u"events"_s].toArray().isEmpty());

    // A raw exchange, so every byte of the answer is counted: the conditional poll, then a
    // second request on the same connection that proves the 304 had no hidden body.
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_server.port());
    QVERIFY(socket.waitForConnected(10000));
    const QByteArray host = "127.0.0.1:" + QByteArray::number(m_server.port());
    const auto poll = [&]() -> QByteArray {
        return "GET " + pollPath + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " +
               m_office->pros[0].token + "\r\nIf-None-Match: " + etag + "\r\n\r\n";
    };
    QByteArray buffer;
    socket.write(poll());
    const auto notModified = readResponse(socket, buffer, false);
    QVERIFY(notModified);
    QCOMPARE(notModified->status, 304);
    QVERIFY(notModified->body.isEmpty());
    QCOMPARE(notModified->header("ETag"), etag);
    qInfo("idle poll: %lld bytes of answer", qlonglong(notModified->wireBytes));
    QVERIFY2(notModified->wireBytes < 400,
             QByteArray("a 304 idle poll took " + QByteArray::number(notModified->wireBytes) +
                        " bytes"));
    socket.write("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    const auto health = readResponse(socket, buffer, false);
    QVERIFY2(health && health->status == 200,
             QByteArray("the 304 was followed by stray bytes: " + buffer));

    // A write the pro may not see keeps the poll idle; one they may see ends it. First a
    // job that leaves pro1's view (pro1 gets that one event) and a poll to catch up with it.
    const auto [other, otherEtag] = create(u"events: someone else's"_s);
    const HttpResult assigned =
        dispatcher().postJson(jobPath(other, u"/assign"_s),
                              QJsonObject{{u"proId"_s, m_office->pros[1].id}}, ifMatch(otherEtag));
    QVERIFY2(assigned.status == 200, assigned.describe());
    const HttpResult caughtUp = client.get(u"/events?after=%1"_s.arg(lastSeq));
    QVERIFY2(caughtUp.status == 200, caughtUp.describe());
    QCOMPARE(caughtUp.json()[u"events"_s].toArray().size(), 2); // created, assigned away
    const QString idlePath = u"/events?after=%1"_s.arg(caughtUp.json()[u"lastSeq"_s].toInteger());
    const QByteArray seenEtag = client.get(idlePath).header("ETag");
    QVERIFY(!seenEtag.isEmpty());

    const HttpResult hidden = dispatcher().patchJson(
        jobPath(other), QJsonObject{{u"changes"_s, QJsonObject{{u"details"_s, u"hidden"_s}}}},
        ifMatch(assigned.header("ETag")));
    QVERIFY2(hidden.status == 200, hidden.describe());
    const HttpResult stillIdle = client.get(idlePath, {{"If-None-Match"_ba, seenEtag}});
    QVERIFY2(stillIdle.status == 304, stillIdle.describe());
    QVERIFY(stillIdle.body.isEmpty());

    const auto [visible, visibleEtag] = create(u"events: a new offer"_s);
    Q_UNUSED(visibleEtag);
    const HttpResult changed = client.get(idlePath, {{"If-None-Match"_ba, seenEtag}});
    QVERIFY2(changed.status == 200, changed.describe());
    const QJsonArray fresh = changed.json()[u"events"_s].toArray();
    QCOMPARE(fresh.size(), 1);
    QCOMPARE(fresh[0][u"jobId"_s].toString(), visible);
    QVERIFY(changed.header("ETag") != seenEtag);
}

void TestEvents::jobListTellsTheLogHead()
{
    // A console resumes its stream after X-Last-Event-Seq of its first list page: it must be
    // the log's head as the list was read, on 200 and on 304 alike.
    HttpTestClient disp = dispatcher();
    (void)create(u"head marker"_s);
    const auto events = allEvents(disp);
    QVERIFY(events && !events->isEmpty());
    const QByteArray head = QByteArray::number(events->constLast().value(u"seq"_s).toInteger());

    const HttpResult list = disp.get(u"/jobs?limit=5"_s);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.header("X-Last-Event-Seq"), head);
    const HttpResult again =
        disp.get(u"/jobs?limit=5"_s, {{"If-None-Match"_ba, list.header("ETag")}});
    QCOMPARE(again.status, 304);
    QCOMPARE(again.header("X-Last-Event-Seq"), head);

    const auto [id, etag] = create(u"moves the head"_s);
    QVERIFY(!id.isEmpty());
    const HttpResult after = disp.get(u"/jobs?limit=5"_s);
    QCOMPARE(after.header("X-Last-Event-Seq").toLongLong(), head.toLongLong() + 1);
}

void TestEvents::streamResumesAndGoesLive()
{
    HttpTestClient adm = admin();
    const auto everything = allEvents(adm);
    QVERIFY(everything);
    QVERIFY(everything->size() >= 6);
    const qsizetype from = everything->size() - 5;
    const qint64 resumeAfter = everything->at(from - 1)[u"seq"_s].toInteger();
    const QList<QJsonObject> replay = everything->mid(from);

    StreamClient stream;
    stream.open(m_server, m_office->admin.token);
    QVERIFY2(stream.waitConnected(), qPrintable(stream.socket.errorString()));
    stream.resumeAfter(resumeAfter);
    QVERIFY(stream.waitForCount(replay.size()));
    for (qsizetype i = 0; i < replay.size(); ++i)
        QCOMPARE(stream.messages[i], replay[i]);

    // A live one: it must be the very next message (nothing twice, nothing extra before it).
    const auto [id, etag] = create(u"events: live"_s);
    QVERIFY(stream.waitForCount(replay.size() + 1));
    const QJsonObject live = stream.messages[replay.size()];
    QCOMPARE(live[u"type"_s].toString(), u"JOB_CREATED"_s);
    QCOMPARE(live[u"jobId"_s].toString(), id);
    QCOMPARE(live[u"etag"_s].toString().toLatin1(), etag);
    QVERIFY(live[u"seq"_s].toInteger() > replay.last()[u"seq"_s].toInteger());
    QCOMPARE(stream.messages.size(), replay.size() + 1);
    // And it is the same event the poll gives.
    const auto tail = allEvents(adm, replay.last()[u"seq"_s].toInteger());
    QVERIFY(tail);
    QCOMPARE(tail->size(), 1);
    QCOMPARE(tail->first(), live);
}

void TestEvents::streamReconnectSendsNothingTwice()
{
    HttpTestClient disp = dispatcher();
    StreamClient first;
    first.open(m_server, m_office->dispatcher.token);
    QVERIFY(first.waitConnected());
    const auto everything = allEvents(disp);
    QVERIFY(everything);
    const qint64 start = everything->last()[u"seq"_s].toInteger();
    first.resumeAfter(start);
    auto [id, etag] = create(u"events: reconnect"_s);
    QVERIFY(first.waitForCount(1));
    QCOMPARE(first.messages.size(), 1);
    const qint64 lastSeen = first.messages.last()[u"seq"_s].toInteger();
    first.close();

    // Two writes while away.
    HttpResult result = disp.patchJson(
        jobPath(id), QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"away 1"_s}}}},
        ifMatch(etag));
    QVERIFY2(result.status == 200, result.describe());
    result = disp.patchJson(jobPath(id),
                            QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"away 2"_s}}}},
                            ifMatch(result.header("ETag")));
    QVERIFY2(result.status == 200, result.describe());
    etag = result.header("ETag");

    StreamClient second;
    second.open(m_server, m_office->dispatcher.token);
    QVERIFY(second.waitConnected());
    second.resumeAfter(lastSeen);
    QVERIFY(second.waitForCount(2));
    // Then one live write: exactly three messages, strictly increasing, none seen before.
    result = disp.patchJson(jobPath(id),
                            QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"back"_s}}}},
                            ifMatch(etag));
    QVERIFY2(result.status == 200, result.describe());
    QVERIFY(second.waitForCount(3));
    QCOMPARE(second.messages.size(), 3);
    qint64 previous = lastSeen;
    for (const QJsonObject &message : std::as_const(second.messages)) {
        QCOMPARE(message[u"jobId"_s].toString(), id);
        QCOMPARE(message[u"type"_s].toString(), u"JOB_UPDATED"_s);
        QVERIFY(message[u"seq"_s].toInteger() > previous);
        previous = message[u"seq"_s].toInteger();
    }
    QCOMPARE(second.messages.last()[u"etag"_s].toString().toLatin1(), result.header("ETag"));
}

void TestEvents::streamAgreesWithPollForPro()
{
    StreamClient stream;
    stream.open(m_server, m_office->pros[0].token);
    QVERIFY(stream.waitConnected());
    stream.resumeAfter(0);
    const auto polled = allEvents(pro(0));
    QVERIFY(polled);
    // A fence the pro sees (a new offer) marks the end of the replay.
    const auto [fence, fenceEtag] = create(u"events: pro fence"_s);
    Q_UNUSED(fenceEtag);
    QVERIFY(stream.waitForCount(polled->size() + 1));
    QCOMPARE(stream.messages.size(), polled->size() + 1);
    QCOMPARE(stream.messages.mid(0, polled->size()), *polled);
    QCOMPARE(stream.messages.last()[u"jobId"_s].toString(), fence);
}

void TestEvents::streamAcceptsAuthorizationHeader()
{
    StreamClient stream;
    stream.openWithHeader(m_server, m_office->admin.token);
    QVERIFY2(stream.waitConnected(), qPrintable(stream.socket.errorString()));
    const auto everything = allEvents(admin());
    QVERIFY(everything);
    stream.resumeAfter(everything->last()[u"seq"_s].toInteger() - 1);
    QVERIFY(stream.waitForCount(1));
    QCOMPARE(stream.messages.first(), everything->last());
}

void TestEvents::streamRefusesBadToken()
{
    StreamClient stream;
    stream.open(m_server, "not-a-token");
    QVERIFY2(QTest::qWaitFor([&] { return stream.closed; }, 15000),
             "a stream with a bad token stays open");
    if (stream.wasConnected)
        QCOMPARE(int(stream.socket.closeCode()), 4401);
    // A write now must not reach it either.
    create(u"events: after refusal"_s);
    QVERIFY(stream.messages.isEmpty());
}

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
