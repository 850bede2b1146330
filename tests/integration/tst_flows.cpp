// End-to-end flows through the real API: a job's whole life through the status machine with
// its codes and history (docs/openapi.yaml "Status machine"), the code lock, offer ranking with
// numbers computed here by hand from the rules in docs/openapi.yaml "Offers", accepting offers, and
// the --demo data set.

#include "dispatchdprocess.h"
#include "expectedoffer.h"
#include "fieldkeys.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

QString actorId(const QJsonValue &actor)
{
    return actor.isObject() ? actor[u"id"_s].toString() : actor.toString();
}

QJsonObject transition(const QString &to, const QString &code = {}, const QString &reason = {})
{
    QJsonObject body{{u"to"_s, to}};
    if (!code.isEmpty())
        body.insert(u"code"_s, code);
    if (!reason.isEmpty())
        body.insert(u"reason"_s, reason);
    return body;
}

/// A six-digit code that is neither of the job's real ones.
QString wrongCode(const QString &start, const QString &completion)
{
    for (int digit = 1;; ++digit) {
        const QString code(6, QChar(u'0' + digit % 10));
        if (code != start && code != completion)
            return code;
    }
}

/// A schedule whose window starts at `start` (whole minutes) in `zone`.
QJsonObject scheduleAt(const QDateTime &start, const QByteArray &zone)
{
    const QDateTime local = start.toTimeZone(QTimeZone(zone));
    const QTime begin = local.time();
    const QTime end = begin.hour() == 23 ? QTime(23, 59) : begin.addSecs(3600);
    return QJsonObject{
        {u"date"_s, local.date().toString(Qt::ISODate)},
        {u"timezone"_s, QString::fromLatin1(zone)},
        {u"window"_s, QString(begin.toString(u"HH:mm") + u'-' + end.toString(u"HH:mm"))}};
}

/// Now plus `hours`, cut to the minute, and never at 23:59 local (a window must end later).
QDateTime dueIn(double hours, const QByteArray &zone)
{
    QDateTime due = QDateTime::currentDateTimeUtc().addSecs(qint64(hours * 3600));
    due.setTime(QTime(due.time().hour(), due.time().minute()));
    if (due.toTimeZone(QTimeZone(zone)).time() >= QTime(23, 59))
        due = due.addSecs(-120);
    return due;
}

} // namespace

class TestFlows final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void fullStatusMachine();
    void transitionsThroughTheWrongRoute_data();
    void transitionsThroughTheWrongRoute();
    void fiveWrongCodesLock();
    void offersAreRanked();
    void offersOverrideLocation();
    void acceptingTakesOfferAway();
    void demoServer();

private:
    HttpTestClient dispatcher() const { return m_office->client(m_office->dispatcher); }
    HttpTestClient pro(int index) const { return m_office->client(m_office->pros.at(index)); }
    /// A new job assigned to pros[0]: {id, etag, codes}.
    bool scheduledJob(const QString &title, QString *id, QByteArray *etag, QJsonObject *codes);
    /// Creates the offer fixture once (jobs F, C, G, B, A, D around m_ranker's home).
    bool makeOffers();
    std::optional<QList<QJsonObject>> offers(HttpTestClient client, const QString &query = {});
    /// The fixture job named `name` ("A".."G"), or {}.
    QJsonObject offerNamed(const QString &name) const;

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    TestUser m_ranker;
    QList<QJsonObject> m_offerJobs;
    QHash<QString, QString> m_offerNames; // id -> A..G, for messages
};

void TestFlows::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(3));
}

bool TestFlows::scheduledJob(const QString &title, QString *id, QByteArray *etag,
                             QJsonObject *codes)
{
    QByteArray created;
    const QJsonObject job = m_office->createJob({{u"title"_s, title}}, &created);
    if (job.isEmpty())
        return false;
    *id = job[u"id"_s].toString();
    const HttpResult assigned =
        dispatcher().postJson(jobPath(*id, u"/assign"_s),
                              QJsonObject{{u"proId"_s, m_office->pros[0].id}}, ifMatch(created));
    if (assigned.status != 200) {
        qWarning("assign: %s", assigned.describe().constData());
        return false;
    }
    *etag = assigned.header("ETag");
    *codes = assigned.json()[u"codes"_s].toObject();
    return true;
}

void TestFlows::fullStatusMachine()
{
    HttpTestClient disp = dispatcher();
    HttpTestClient owner = pro(0);
    const QString dispId = m_office->dispatcher.id;
    const QString proId = m_office->pros[0].id;
    static const QRegularExpression sixDigits(u"^\\d{6}$"_s);

    // Created OPEN, without codes.
    HttpResult r = disp.postJson(
        u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, u"flow: water heater"_s},
                                                          {u"pricing.kind"_s, u"flat"_s},
                                                          {u"pricing.amountCents"_s, 18000}}}});
    QVERIFY2(r.status == 201, r.describe());
    const QString id = r.json()[u"id"_s].toString();
    QCOMPARE(r.json()[u"status"_s].toString(), u"OPEN"_s);
    QCOMPARE(r.json()[u"version"_s].toInteger(), 1);
    QVERIFY(!r.json().contains(u"codes"_s));

    // Assigned: SCHEDULED, and the office sees two six-digit codes.
    r = disp.postJson(jobPath(id, u"/assign"_s), QJsonObject{{u"proId"_s, proId}},
                      ifMatch(r.header("ETag")));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"status"_s].toString(), u"SCHEDULED"_s);
    QCOMPARE(r.json()[u"assignedTo"_s].toString(), proId);
    QCOMPARE(r.json()[u"version"_s].toInteger(), 2);
    const QString start = r.json()[u"codes"_s][u"start"_s].toString();
    const QString completion = r.json()[u"codes"_s][u"completion"_s].toString();
    QVERIFY2(sixDigits.match(start).hasMatch(), r.describe());
    QVERIFY2(sixDigits.match(completion).hasMatch(), r.describe());
    QByteArray etag = r.header("ETag");
    const HttpResult shown = disp.get(jobPath(id));
    QCOMPARE(shown.json()[u"codes"_s][u"start"_s].toString(), start);
    QCOMPARE(shown.json()[u"codes"_s][u"completion"_s].toString(), completion);
    const HttpResult proView = owner.get(jobPath(id));
    QVERIFY2(proView.status == 200, proView.describe());
    QVERIFY(!proView.json().contains(u"codes"_s));

    // A title edit while SCHEDULED (allowed; pricing is not).
    r = disp.patchJson(jobPath(id),
                       QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"flow: heater"_s}}}},
                       ifMatch(etag));
    QVERIFY2(r.status == 200, r.describe());
    etag = r.header("ETag");
    r = disp.patchJson(jobPath(id),
                       QJsonObject{{u"changes"_s, QJsonObject{{u"pricing.amountCents"_s, 1}}}},
                       ifMatch(etag));
    QVERIFY2(r.status == 409, r.describe());
    QCOMPARE(r.errorCode(), u"PRICE_LOCKED"_s);

    // Starting: not by the office, not with a wrong code, then with the right one.
    r = disp.postJson(jobPath(id, u"/transition"_s), transition(u"IN_PROGRESS"_s, start),
                      ifMatch(etag));
    QVERIFY2(r.status == 403, r.describe());
    QCOMPARE(r.errorCode(), u"FORBIDDEN"_s);
    r = owner.postJson(jobPath(id, u"/transition"_s),
                       transition(u"IN_PROGRESS"_s, wrongCode(start, completion)), ifMatch(etag));
    QVERIFY2(r.status == 403, r.describe());
    QCOMPARE(r.errorCode(), u"INVALID_CODE"_s);
    if (completion != start) {
        r = owner.postJson(jobPath(id, u"/transition"_s), transition(u"IN_PROGRESS"_s, completion),
                           ifMatch(etag));
        QVERIFY2(r.status == 403, r.describe());
        QCOMPARE(r.errorCode(), u"INVALID_CODE"_s);
    }
    QCOMPARE(disp.get(jobPath(id)).header("ETag"), etag); // refusals wrote nothing
    r = owner.postJson(jobPath(id, u"/transition"_s), transition(u"IN_PROGRESS"_s, start),
                       ifMatch(etag));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"status"_s].toString(), u"IN_PROGRESS"_s);
    QCOMPARE(r.json()[u"version"_s].toInteger(), 4);
    QVERIFY2(!r.json().contains(u"codes"_s), "the pro's answer carries the codes");
    etag = r.header("ETag");

    // Locked for edits now.
    HttpResult locked = disp.patchJson(
        jobPath(id), QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"too late"_s}}}},
        ifMatch(etag));
    QVERIFY2(locked.status == 409, locked.describe());
    QCOMPARE(locked.errorCode(), u"JOB_LOCKED"_s);

    // Completing needs the completion code.
    if (completion != start) {
        r = owner.postJson(jobPath(id, u"/transition"_s), transition(u"COMPLETED_BY_PRO"_s, start),
                           ifMatch(etag));
        QVERIFY2(r.status == 403, r.describe());
        QCOMPARE(r.errorCode(), u"INVALID_CODE"_s);
    }
    r = owner.postJson(jobPath(id, u"/transition"_s), transition(u"COMPLETED_BY_PRO"_s, completion),
                       ifMatch(etag));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"status"_s].toString(), u"COMPLETED_BY_PRO"_s);
    etag = r.header("ETag");

    // The pro may not move it on; the office does, with a reason.
    r = owner.postJson(jobPath(id, u"/transition"_s), transition(u"AWAITING_CUSTOMER_CONFIRM"_s),
                       ifMatch(etag));
    QVERIFY2(r.status == 403, r.describe());
    QCOMPARE(r.errorCode(), u"FORBIDDEN"_s);
    r = disp.postJson(jobPath(id, u"/transition"_s),
                      transition(u"AWAITING_CUSTOMER_CONFIRM"_s, {}, u"invoice sent"_s),
                      ifMatch(etag));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"status"_s].toString(), u"AWAITING_CUSTOMER_CONFIRM"_s);
    r = disp.postJson(jobPath(id, u"/transition"_s), transition(u"PAID"_s),
                      ifMatch(r.header("ETag")));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"status"_s].toString(), u"PAID"_s);
    QCOMPARE(r.json()[u"version"_s].toInteger(), 7);
    etag = r.header("ETag");

    // PAID is final; notes are still welcome.
    r = disp.postJson(jobPath(id, u"/transition"_s), transition(u"CANCELLED"_s), ifMatch(etag));
    QVERIFY2(r.status == 409, r.describe());
    QCOMPARE(r.errorCode(), u"INVALID_TRANSITION"_s);
    QCOMPARE(r.errorObject()[u"from"_s].toString(), u"PAID"_s);
    QCOMPARE(r.errorObject()[u"to"_s].toString(), u"CANCELLED"_s);
    r = disp.postJson(jobPath(id, u"/notes"_s), QJsonObject{{u"text"_s, u"customer happy"_s}},
                      ifMatch(etag));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"version"_s].toInteger(), 8);

    // The history: every committed step, oldest first, with who and [old, new].
    const HttpResult history = disp.get(jobPath(id, u"/history"_s));
    QVERIFY2(history.status == 200, history.describe());
    const QJsonArray rows = history.jsonArray();
    struct Step {
        QString type;
        QString actor;
        QString from, to; // status, empty when the status did not change
    };
    const QList<Step> steps{
        {u"JOB_CREATED"_s, dispId, {}, {}},
        {u"JOB_ASSIGNED"_s, dispId, u"OPEN"_s, u"SCHEDULED"_s},
        {u"JOB_UPDATED"_s, dispId, {}, {}},
        {u"JOB_STARTED"_s, proId, u"SCHEDULED"_s, u"IN_PROGRESS"_s},
        {u"JOB_COMPLETED"_s, proId, u"IN_PROGRESS"_s, u"COMPLETED_BY_PRO"_s},
        {u"JOB_AWAITING_CONFIRM"_s, dispId, u"COMPLETED_BY_PRO"_s, u"AWAITING_CUSTOMER_CONFIRM"_s},
        {u"PAYMENT_CAPTURED"_s, dispId, u"AWAITING_CUSTOMER_CONFIRM"_s, u"PAID"_s},
        {u"NOTE_ADDED"_s, dispId, {}, {}},
    };
    QVERIFY2(rows.size() == steps.size(), history.describe());
    qint64 previousSeq = 0;
    QDateTime previousAt;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject row = rows[i].toObject();
        const QByteArray where = "row " + QByteArray::number(i) + ": " +
                                 QJsonDocument(row).toJson(QJsonDocument::Compact);
        QVERIFY2(row[u"type"_s].toString() == steps[i].type, where);
        QVERIFY2(actorId(row[u"actor"_s]) == steps[i].actor, where);
        QVERIFY2(row[u"seq"_s].toInteger() > previousSeq, where);
        previousSeq = row[u"seq"_s].toInteger();
        const QDateTime at = QDateTime::fromString(row[u"at"_s].toString(), Qt::ISODate);
        QVERIFY2(at.isValid() && (!previousAt.isValid() || at >= previousAt), where);
        previousAt = at;
        const QJsonObject changes = row[u"changes"_s].toObject();
        QVERIFY2(row[u"changes"_s].isObject(), where);
        if (!steps[i].to.isEmpty()) {
            const QJsonArray status = changes[u"status"_s].toArray();
            QVERIFY2(status == (QJsonArray{steps[i].from, steps[i].to}), where);
        }
    }
    const QJsonObject assignRow = rows[1].toObject();
    QCOMPARE(assignRow[u"changes"_s][u"assignedTo"_s].toArray(),
             (QJsonArray{QJsonValue::Null, proId}));
    const QJsonObject editRow = rows[2].toObject();
    QCOMPARE(editRow[u"changes"_s][u"title"_s].toArray(),
             (QJsonArray{u"flow: water heater"_s, u"flow: heater"_s}));
    QCOMPARE(rows[5][u"reason"_s].toString(), u"invoice sent"_s);
    QCOMPARE(rows[7][u"changes"_s].toObject(), QJsonObject());
    QCOMPARE(rows[7][u"reason"_s].toString(), u"customer happy"_s);

    // The pro sees the same history, without codes.
    const HttpResult proHistory = owner.get(jobPath(id, u"/history"_s));
    QVERIFY2(proHistory.status == 200, proHistory.describe());
    QCOMPARE(proHistory.jsonArray().size(), rows.size());
    QVERIFY2(!proHistory.body.contains("\"codes\"") &&
                 !proHistory.body.contains(QByteArray('"' + start.toLatin1() + '"')),
             proHistory.describe());
}

void TestFlows::transitionsThroughTheWrongRoute_data()
{
    QTest::addColumn<bool>("assignFirst");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("from");
    QTest::newRow("OPEN to SCHEDULED needs /assign") << false << u"SCHEDULED"_s << u"OPEN"_s;
    QTest::newRow("SCHEDULED to OPEN needs /assign") << true << u"OPEN"_s << u"SCHEDULED"_s;
    QTest::newRow("OPEN to PAID is no edge") << false << u"PAID"_s << u"OPEN"_s;
    QTest::newRow("SCHEDULED to CANCELLED is no edge") << true << u"CANCELLED"_s << u"SCHEDULED"_s;
}

void TestFlows::transitionsThroughTheWrongRoute()
{
    QFETCH(bool, assignFirst);
    QFETCH(QString, to);
    QFETCH(QString, from);
    QString id;
    QByteArray etag;
    if (assignFirst) {
        QJsonObject codes;
        QVERIFY(scheduledJob(u"flow: wrong route"_s, &id, &etag, &codes));
    } else {
        const QJsonObject job = m_office->createJob({{u"title"_s, u"flow: wrong route"_s}}, &etag);
        QVERIFY(!job.isEmpty());
        id = job[u"id"_s].toString();
    }
    const HttpResult r =
        dispatcher().postJson(jobPath(id, u"/transition"_s), transition(to), ifMatch(etag));
    QVERIFY2(r.status == 409, r.describe());
    QCOMPARE(r.errorCode(), u"INVALID_TRANSITION"_s);
    QCOMPARE(r.errorObject()[u"from"_s].toString(), from);
    QCOMPARE(r.errorObject()[u"to"_s].toString(), to);
    QCOMPARE(dispatcher().get(jobPath(id)).header("ETag"), etag);
}

void TestFlows::fiveWrongCodesLock()
{
    QString id, otherId;
    QByteArray etag, otherEtag;
    QJsonObject codes, otherCodes;
    QVERIFY(scheduledJob(u"flow: locked"_s, &id, &etag, &codes));
    QVERIFY(scheduledJob(u"flow: not locked"_s, &otherId, &otherEtag, &otherCodes));
    const QString start = codes[u"start"_s].toString();
    const QString wrong = wrongCode(start, codes[u"completion"_s].toString());
    HttpTestClient owner = pro(0);
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const HttpResult r = owner.postJson(jobPath(id, u"/transition"_s),
                                            transition(u"IN_PROGRESS"_s, wrong), ifMatch(etag));
        QVERIFY2(r.status == 403,
                 QByteArray("attempt " + QByteArray::number(attempt) + ": " + r.describe()));
        QCOMPARE(r.errorCode(), u"INVALID_CODE"_s);
    }
    // The sixth attempt is refused even with the right code.
    HttpResult r = owner.postJson(jobPath(id, u"/transition"_s),
                                  transition(u"IN_PROGRESS"_s, start), ifMatch(etag));
    QVERIFY2(r.status == 429, r.describe());
    QCOMPARE(r.errorCode(), u"CODE_LOCKED"_s);
    const HttpResult still = dispatcher().get(jobPath(id));
    QCOMPARE(still.json()[u"status"_s].toString(), u"SCHEDULED"_s);
    QCOMPARE(still.header("ETag"), etag);

    // The lock belongs to that job: another of the pro's jobs starts normally.
    r = owner.postJson(jobPath(otherId, u"/transition"_s),
                       transition(u"IN_PROGRESS"_s, otherCodes[u"start"_s].toString()),
                       ifMatch(otherEtag));
    QVERIFY2(r.status == 200, r.describe());
}

std::optional<QList<QJsonObject>> TestFlows::offers(HttpTestClient client, const QString &query)
{
    const HttpResult result = client.get(u"/offers"_s + query);
    if (result.status != 200) {
        qWarning("GET /offers%s: %s", qPrintable(query), result.describe().constData());
        return std::nullopt;
    }
    QList<QJsonObject> items;
    const QJsonArray array = result.json()[u"items"_s].toArray();
    for (const QJsonValue &item : array)
        items.append(item.toObject());
    return items;
}

bool TestFlows::makeOffers()
{
    if (!m_offerJobs.isEmpty())
        return true;
    // A pro far from the office's Austin pros, so only these jobs are near.
    const double homeLat = 35.0, homeLng = -100.0;
    if (!m_office->addUser(u"ranker"_s, u"pro"_s,
                           QJsonObject{{u"lat"_s, homeLat}, {u"lng"_s, homeLng}}, &m_ranker))
        return false;

    struct Spec {
        const char *name;
        std::optional<std::pair<double, double>> geo;
        double dueHours; // 0: no schedule
        QByteArray zone;
    };
    // Expected from the ranker's home (worked out by hand, checked again in code):
    //   F  4.98 mi, due in 10 days: 1000 + 480 +   0 = 1480  (500 - 5 x 4)
    //   C  no geo, due in 12 h:     1000 +   0 + 300 = 1300
    //   G  no geo, due in 13 h:     1000 +   0 + 300 = 1300  (tie: later dueAt than C)
    //   B  14.99 mi, due in 10 days: 1000 + 130 +  0 = 1130  (200 - 5 x 14)
    //   A  0 mi, no schedule:        500 + 500 +   0 = 1000
    //   D  40.07 mi, due in 36 h:   1000 - 200 + 100 =  900  (0 - 5 x 40)
    const QList<Spec> specs{
        {"A", std::pair{homeLat, homeLng}, 0, {}},
        {"B", std::pair{homeLat + 0.217, homeLng}, 240, "UTC"},
        {"C", std::nullopt, 12, "America/Chicago"},
        {"D", std::pair{homeLat + 0.58, homeLng}, 36, "America/Los_Angeles"},
        {"F", std::pair{homeLat, homeLng + 0.088}, 240, "Europe/Berlin"},
        {"G", std::nullopt, 13, "Asia/Kolkata"},
    };
    HttpTestClient disp = dispatcher();
    QList<QJsonObject> made;
    QHash<QString, QString> names;
    for (const Spec &spec : specs) {
        QJsonObject fields{{u"title"_s, QString(u"offer "_s + QLatin1StringView(spec.name))}};
        if (spec.geo)
            fields.insert(u"geo"_s,
                          QJsonObject{{u"lat"_s, spec.geo->first}, {u"lng"_s, spec.geo->second}});
        QByteArray etag;
        QJsonObject job = m_office->createJob(fields, &etag);
        if (job.isEmpty())
            return false;
        if (spec.dueHours > 0) {
            const QDateTime due = dueIn(spec.dueHours, spec.zone);
            const HttpResult scheduled =
                disp.postJson(jobPath(job[u"id"_s].toString(), u"/schedule"_s),
                              scheduleAt(due, spec.zone), ifMatch(etag));
            if (scheduled.status != 200) {
                qWarning("schedule %s: %s", spec.name, scheduled.describe().constData());
                return false;
            }
            job = scheduled.json();
            // dueAt is the window's start converted from the zone to UTC (computed from the
            // schedule sent, so a repeated autumn hour cannot confuse the check).
            const QJsonObject sent = scheduleAt(due, spec.zone);
            const QDateTime windowStart(
                QDate::fromString(sent[u"date"_s].toString(), Qt::ISODate),
                QTime::fromString(sent[u"window"_s].toString().left(5), u"HH:mm"),
                QTimeZone(spec.zone));
            if (QDateTime::fromString(job[u"dueAt"_s].toString(), Qt::ISODate) !=
                windowStart.toUTC()) {
                qWarning("job %s: dueAt %s, expected %s", spec.name,
                         qPrintable(job[u"dueAt"_s].toString()),
                         qPrintable(windowStart.toUTC().toString(Qt::ISODate)));
                return false;
            }
        }
        made.append(job);
        names.insert(job[u"id"_s].toString(), QString::fromLatin1(spec.name));
    }
    m_offerJobs = made;
    m_offerNames = names;
    return true;
}

QJsonObject TestFlows::offerNamed(const QString &name) const
{
    for (const QJsonObject &job : m_offerJobs) {
        if (m_offerNames.value(job[u"id"_s].toString()) == name)
            return job;
    }
    return {};
}

void TestFlows::offersAreRanked()
{
    QVERIFY(makeOffers());
    HttpTestClient ranker = m_office->client(m_ranker);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto items = offers(ranker);
    QVERIFY(items);

    QList<ExpectedOffer> expected;
    for (const QJsonObject &job : std::as_const(m_offerJobs))
        expected.append(expectedOffer(job, std::pair{35.0, -100.0}, now));
    std::sort(expected.begin(), expected.end(), rankedBefore);
    QStringList expectedNames;
    for (const ExpectedOffer &offer : std::as_const(expected))
        expectedNames.append(m_offerNames.value(offer.id));
    QCOMPARE(expectedNames, (QStringList{u"F"_s, u"C"_s, u"G"_s, u"B"_s, u"A"_s, u"D"_s}));

    QStringList gotNames;
    for (const QJsonObject &item : *items) {
        const QString id = item[u"job"_s][u"id"_s].toString();
        if (m_offerNames.contains(id))
            gotNames.append(m_offerNames.value(id));
    }
    QCOMPARE(gotNames, expectedNames);

    for (const ExpectedOffer &want : std::as_const(expected)) {
        const auto item = std::find_if(items->cbegin(), items->cend(), [&](const QJsonObject &i) {
            return i[u"job"_s][u"id"_s].toString() == want.id;
        });
        QVERIFY(item != items->cend());
        const QByteArray where = "offer " + m_offerNames.value(want.id).toLatin1() + ": " +
                                 QJsonDocument(*item).toJson(QJsonDocument::Compact);
        QVERIFY2((*item)[u"score"_s].toDouble() == want.total(), where);
        QVERIFY2((*item)[u"breakdown"_s][u"status"_s].toDouble() == want.status, where);
        QVERIFY2((*item)[u"breakdown"_s][u"distance"_s].toDouble() == want.distance, where);
        QVERIFY2((*item)[u"breakdown"_s][u"urgency"_s].toDouble() == want.urgency, where);
        if (want.miles) {
            QVERIFY2((*item)[u"distanceMiles"_s].isDouble(), where);
            QVERIFY2(std::abs((*item)[u"distanceMiles"_s].toDouble() - *want.miles) < 0.01, where);
        } else {
            QVERIFY2((*item).contains(u"distanceMiles"_s) && (*item)[u"distanceMiles"_s].isNull(),
                     where);
        }
        QVERIFY2(!(*item)[u"job"_s].toObject().contains(u"codes"_s), where);
    }

    // The whole list is ordered by the same rules, and the same on a second call.
    for (qsizetype i = 1; i < items->size(); ++i) {
        const double previous = items->at(i - 1)[u"score"_s].toDouble();
        const double current = items->at(i)[u"score"_s].toDouble();
        QVERIFY2(previous >= current,
                 QByteArray("offers out of score order at " + QByteArray::number(i)));
    }
    const auto again = offers(ranker);
    QVERIFY(again);
    QCOMPARE(again->size(), items->size());
    for (qsizetype i = 0; i < items->size(); ++i)
        QCOMPARE(again->at(i)[u"job"_s][u"id"_s], items->at(i)[u"job"_s][u"id"_s]);
}

void TestFlows::offersOverrideLocation()
{
    QVERIFY(makeOffers());
    // Standing on D: D becomes the best offer, everything else is scored from there.
    const QJsonObject d = offerNamed(u"D"_s);
    QVERIFY(!d.isEmpty());
    const double lat = d[u"fields"_s][u"geo"_s][u"lat"_s].toDouble();
    const double lng = d[u"fields"_s][u"geo"_s][u"lng"_s].toDouble();
    const QString query = u"?lat=%1&lng=%2"_s.arg(lat, 0, 'f', 6).arg(lng, 0, 'f', 6);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<ExpectedOffer> expected;
    for (const QJsonObject &job : std::as_const(m_offerJobs))
        expected.append(expectedOffer(job, std::pair{lat, lng}, now));
    std::sort(expected.begin(), expected.end(), rankedBefore);
    QCOMPARE(m_offerNames.value(expected.first().id), u"D"_s);

    // The override works for the pro and for the office alike.
    for (HttpTestClient client : {m_office->client(m_ranker), dispatcher()}) {
        const auto items = offers(client, query);
        QVERIFY(items);
        QStringList got, want;
        for (const QJsonObject &item : *items) {
            const QString id = item[u"job"_s][u"id"_s].toString();
            if (!m_offerNames.contains(id))
                continue;
            got.append(m_offerNames.value(id));
            const auto match =
                std::find_if(expected.cbegin(), expected.cend(),
                             [&](const ExpectedOffer &offer) { return offer.id == id; });
            const QByteArray where = QJsonDocument(item).toJson(QJsonDocument::Compact);
            QVERIFY2(item[u"score"_s].toDouble() == match->total(), where);
            QVERIFY2(item[u"breakdown"_s][u"distance"_s].toDouble() == match->distance, where);
            if (match->miles)
                QVERIFY2(std::abs(item[u"distanceMiles"_s].toDouble() - *match->miles) < 0.01,
                         where);
        }
        for (const ExpectedOffer &offer : std::as_const(expected))
            want.append(m_offerNames.value(offer.id));
        QCOMPARE(got, want);
    }

    // The office without a location: no distances at all.
    const auto plain = offers(dispatcher());
    QVERIFY(plain);
    for (const QJsonObject &item : *plain) {
        QVERIFY(item[u"distanceMiles"_s].isNull());
        QCOMPARE(item[u"breakdown"_s][u"distance"_s].toDouble(), 0.0);
    }
}

void TestFlows::acceptingTakesOfferAway()
{
    QVERIFY(makeOffers());
    const QJsonObject f = offerNamed(u"F"_s);
    QVERIFY(!f.isEmpty());
    const QString id = f[u"id"_s].toString();
    const auto listed = [&](HttpTestClient client) {
        const auto items = offers(client);
        if (!items)
            return true; // a failed GET must not look like "taken away"
        return std::any_of(items->cbegin(), items->cend(), [&](const QJsonObject &item) {
            return item[u"job"_s][u"id"_s].toString() == id;
        });
    };
    QVERIFY(listed(pro(1)));

    HttpTestClient ranker = m_office->client(m_ranker);
    HttpResult r = ranker.request("POST", u"/offers/"_s + id + u"/accept"_s);
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"status"_s].toString(), u"SCHEDULED"_s);
    QCOMPARE(r.json()[u"assignedTo"_s].toString(), m_ranker.id);
    QVERIFY(!r.json().contains(u"codes"_s));
    const QByteArray etag = r.header("ETag");
    const qint64 version = r.json()[u"version"_s].toInteger();

    QVERIFY2(!listed(pro(1)), "an accepted job is still offered to another pro");
    QVERIFY2(!listed(ranker), "an accepted job is still offered to its pro");
    QVERIFY2(!listed(dispatcher()), "an accepted job is still in the office's offers");

    // Accepting again: the same job, no new version. Another pro: 409.
    r = ranker.request("POST", u"/offers/"_s + id + u"/accept"_s);
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(r.json()[u"version"_s].toInteger(), version);
    QCOMPARE(r.header("ETag"), etag);
    r = pro(1).request("POST", u"/offers/"_s + id + u"/accept"_s);
    QVERIFY2(r.status == 409, r.describe());
    QCOMPARE(r.errorCode(), u"ALREADY_ASSIGNED"_s);
    // Accepting is for pros.
    const auto [other, otherEtag] = [&] {
        QByteArray e;
        const QJsonObject job = m_office->createJob({{u"title"_s, u"offer for nobody"_s}}, &e);
        return std::pair{job[u"id"_s].toString(), e};
    }();
    r = dispatcher().request("POST", u"/offers/"_s + other + u"/accept"_s);
    QVERIFY2(r.status == 403, r.describe());
    QCOMPARE(dispatcher().get(jobPath(other)).header("ETag"), otherEtag);
}

void TestFlows::demoServer()
{
    DispatchdProcess demo;
    DispatchdProcess::Options options;
    options.demo = true;
    QVERIFY(demo.start(options));

    // Every demo user logs in.
    HttpTestClient admin(demo.apiUrl({}));
    QVERIFY(admin.login(u"admin"_s, QString::fromLatin1(demo.adminPassword())));
    QStringList demoUsers{u"dana"_s, u"diego"_s};
    for (int i = 1; i <= 8; ++i)
        demoUsers.append(u"pro"_s + QString::number(i));
    std::map<QString, HttpTestClient> sessions;
    for (const QString &username : std::as_const(demoUsers)) {
        HttpTestClient session(demo.apiUrl({}));
        QVERIFY2(session.login(username, u"demo-password"_s), qPrintable(username));
        sessions.emplace(username, session);
    }
    HttpTestClient dana = sessions.at(u"dana"_s);

    const HttpResult pros = dana.get(u"/users?role=pro"_s);
    QVERIFY2(pros.status == 200, pros.describe());
    QSet<QString> proIds;
    QStringList proNames;
    for (const QJsonValue &user : pros.json()[u"items"_s].toArray()) {
        proIds.insert(user[u"id"_s].toString());
        proNames.append(user[u"username"_s].toString());
    }
    QCOMPARE(proIds.size(), 8);
    proNames.sort();
    QCOMPARE(proNames, demoUsers.mid(2));
    const HttpResult dispatchers = dana.get(u"/users?role=dispatcher"_s);
    QVERIFY2(dispatchers.status == 200, dispatchers.describe());
    QCOMPARE(dispatchers.json()[u"items"_s].toArray().size(), 2);

    // All jobs, page by page.
    const auto allJobs = [](HttpTestClient client) -> std::optional<QList<QJsonObject>> {
        QList<QJsonObject> jobs;
        QString cursor;
        for (int page = 0; page < 100; ++page) {
            QString path = u"/jobs?limit=25"_s;
            if (!cursor.isEmpty())
                path += u"&cursor="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
            const HttpResult result = client.get(path);
            if (result.status != 200) {
                qWarning("GET %s: %s", qPrintable(path), result.describe().constData());
                return std::nullopt;
            }
            for (const QJsonValue &job : result.json()[u"items"_s].toArray())
                jobs.append(job.toObject());
            cursor = result.json()[u"nextCursor"_s].toString();
            if (cursor.isEmpty())
                return jobs;
        }
        return std::nullopt;
    };
    const auto jobs = allJobs(dana);
    QVERIFY(jobs);
    QVERIFY2(jobs->size() >= 45 && jobs->size() <= 90,
             QByteArray(QByteArray::number(jobs->size()) + " demo jobs"));

    QSet<QString> ids, statuses, zones;
    int withCodes = 0;
    for (const QJsonObject &job : *jobs) {
        const QByteArray where = QJsonDocument(job).toJson(QJsonDocument::Compact).left(600);
        ids.insert(job[u"id"_s].toString());
        const QString status = job[u"status"_s].toString();
        statuses.insert(status);
        // Every canonical key is present, and nothing else.
        const QJsonObject fields = job[u"fields"_s].toObject();
        const QStringList keys = fields.keys();
        QVERIFY2(QSet<QString>(keys.cbegin(), keys.cend()) ==
                     QSet<QString>(dispatch::canonicalFieldKeys().cbegin(),
                                   dispatch::canonicalFieldKeys().cend()),
                 where);
        QVERIFY2(!fields[u"title"_s].toString().isEmpty(), where);
        QVERIFY2(fields[u"details"_s].isNull() || !fields[u"details"_s].toString().isEmpty(),
                 where);
        // Assigned exactly when the status says so, and only to a demo pro.
        const QJsonValue assignedTo = job[u"assignedTo"_s];
        if (status == u"OPEN")
            QVERIFY2(assignedTo.isNull(), where);
        if (status == u"SCHEDULED" || status == u"IN_PROGRESS" || status == u"COMPLETED_BY_PRO")
            QVERIFY2(proIds.contains(assignedTo.toString()), where);
        if (!assignedTo.isNull())
            QVERIFY2(proIds.contains(assignedTo.toString()), where);
        if (job.contains(u"codes"_s))
            ++withCodes;
        if (status == u"SCHEDULED" || status == u"IN_PROGRESS")
            QVERIFY2(job[u"codes"_s][u"start"_s].toString().size() == 6, where);
        // A schedule's dueAt is its window's start in its zone.
        if (job[u"schedule"_s].isObject()) {
            const QJsonObject schedule = job[u"schedule"_s].toObject();
            const QString zone = schedule[u"timezone"_s].toString();
            zones.insert(zone);
            const QDate date = QDate::fromString(schedule[u"date"_s].toString(), Qt::ISODate);
            const QTime begin =
                QTime::fromString(schedule[u"window"_s].toString().section(u'-', 0, 0), u"HH:mm");
            const QDateTime start(date, begin, QTimeZone(zone.toLatin1()));
            QVERIFY2(start.isValid(), where);
            QVERIFY2(QDateTime::fromString(job[u"dueAt"_s].toString(), Qt::ISODate) ==
                         start.toUTC(),
                     where);
            // The timeline reads as a working office's: finished and closed work lies in the
            // past, work in progress is due today, scheduled work in the coming days.
            const QDate today =
                QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(zone.toLatin1())).date();
            if (status == u"PAID" || status == u"AWAITING_CUSTOMER_CONFIRM" ||
                status == u"EXPIRED" || status == u"CANCELLED")
                QVERIFY2(date < today, where);
            if (status == u"COMPLETED_BY_PRO")
                QVERIFY2(date <= today, where);
            if (status == u"IN_PROGRESS")
                QVERIFY2(date == today, where);
            if (status == u"SCHEDULED")
                QVERIFY2(date > today, where);
        }
    }
    QCOMPARE(ids.size(), jobs->size()); // pages neither repeat nor skip
    for (const QString &status :
         {u"OPEN"_s, u"REQUESTED"_s, u"SCHEDULED"_s, u"IN_PROGRESS"_s, u"COMPLETED_BY_PRO"_s,
          u"AWAITING_CUSTOMER_CONFIRM"_s, u"PAID"_s, u"CANCELLED"_s, u"EXPIRED"_s})
        QVERIFY2(statuses.contains(status), qPrintable(u"no demo job is "_s + status));
    QVERIFY2(zones.size() >= 2, qPrintable(u"schedules in zones: "_s + zones.values().join(u", ")));
    QVERIFY(withCodes > 0);

    // A demo pro sees their own jobs and the open ones, never codes, and has offers.
    int assignedToSomePro = 0;
    for (int i = 1; i <= 8; ++i) {
        HttpTestClient session = sessions.at(u"pro"_s + QString::number(i));
        const auto mine = allJobs(session);
        QVERIFY(mine);
        for (const QJsonObject &job : *mine) {
            QVERIFY(!job.contains(u"codes"_s));
            const bool open =
                job[u"status"_s].toString() == u"OPEN" && job[u"assignedTo"_s].isNull();
            QVERIFY(open || proIds.contains(job[u"assignedTo"_s].toString()));
            if (!open)
                ++assignedToSomePro;
        }
        const auto offered = offers(session);
        QVERIFY(offered);
        QVERIFY2(!offered->isEmpty(), "a demo pro has no offers");
    }
    QVERIFY(assignedToSomePro > 0);

    // --demo on a database that already has data seeds nothing more.
    QVERIFY(demo.stop());
    options.dbUrl = demo.databaseUrl();
    QVERIFY(demo.start(options));
    HttpTestClient again(demo.apiUrl({}));
    QVERIFY(again.login(u"dana"_s, u"demo-password"_s));
    const auto after = allJobs(again);
    QVERIFY(after);
    QCOMPARE(after->size(), jobs->size());
}

QTEST_GUILESS_MAIN(TestFlows)
#include "tst_flows.moc"
