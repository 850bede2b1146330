// Offers and candidates through the real API (docs/openapi.yaml "Offers" and
// "GET /jobs/{id}/candidates"): the ranking equals the formula, worked out again here from each
// job's JSON; GET /offers answers 304 to its own tag until a job, the list or the origin
// changes, also when the change is made by another dispatchd on the same database; each item
// counts the job's photos, and a new photo changes the tag even when events were pruned; the
// candidates route ranks pros by the same score from their homes, counts their jobs on the
// job's day in the job's zone, and refuses pros. Built a second time with
// DISPATCH_OFFERS_POSTGRES, on a throwaway PostgreSQL cluster (label postgres).

#include "dispatchdprocess.h"
#include "expectedoffer.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "testdatabase.h"
#include "testhelpers.h"
#include "testimages.h"
#include "testoffice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <optional>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

/// Degrees of latitude for `miles` due north (exact along a meridian).
double northDegrees(double miles)
{
    return miles / kEarthRadiusMiles * 180.0 / std::numbers::pi;
}

QJsonObject point(double lat, double lng)
{
    return QJsonObject{{u"lat"_s, lat}, {u"lng"_s, lng}};
}

/// An offer's or a candidate's score, breakdown and distance as `e` says; `distanceMiles` is
/// always there, null without a place on either side.
void checkScore(const QJsonObject &item, const ExpectedOffer &e, const QByteArray &where)
{
    QVERIFY2(item[u"score"_s].toInt() == e.total(), where);
    QVERIFY2(item[u"breakdown"_s][u"status"_s].toInt() == e.status, where);
    QVERIFY2(item[u"breakdown"_s][u"distance"_s].toInt() == e.distance, where);
    QVERIFY2(item[u"breakdown"_s][u"urgency"_s].toInt() == e.urgency, where);
    if (e.miles)
        QVERIFY2(std::abs(item[u"distanceMiles"_s].toDouble() - *e.miles) < 1e-6, where);
    else
        QVERIFY2(item.contains(u"distanceMiles"_s) && item[u"distanceMiles"_s].isNull(), where);
}

/// `from` as the wire gives a point ({"lat","lng"}), or anything else for none.
ExpectedOffer expected(const QJsonObject &job, const QJsonValue &from, const QDateTime &now)
{
    std::optional<std::pair<double, double>> origin;
    if (from.isObject())
        origin = std::pair{from[u"lat"_s].toDouble(), from[u"lng"_s].toDouble()};
    return expectedOffer(job, origin, now);
}

/// A one-hour window starting at `local` (whole minutes, before 23:00) in `zone`.
QJsonObject scheduleAt(const QDate &date, const QTime &start, const QByteArray &zone)
{
    return QJsonObject{{u"date"_s, date.toString(Qt::ISODate)},
                       {u"timezone"_s, QString::fromLatin1(zone)},
                       {u"window"_s, QString(start.toString(u"HH:mm") + u'-' +
                                             start.addSecs(3600).toString(u"HH:mm"))}};
}

/// A schedule whose window starts about `hours` from now, in UTC.
QJsonObject scheduleIn(double hours)
{
    QDateTime due = QDateTime::currentDateTimeUtc().addSecs(qint64(hours * 3600));
    QTime start(due.time().hour(), due.time().minute());
    if (start >= QTime(22, 58))
        start = QTime(22, 58); // the window must end the same day
    return scheduleAt(due.date(), start, "UTC");
}

/// The item of `GET /offers` for job `id`, or {} when it is not listed.
QJsonObject offerItem(const HttpResult &offers, const QString &id)
{
    for (const QJsonValue &item : offers.json()[u"items"_s].toArray()) {
        if (item[u"job"_s][u"id"_s].toString() == id)
            return item.toObject();
    }
    return {};
}

QStringList idsOf(const QJsonArray &items, const QString &member)
{
    QStringList ids;
    for (const QJsonValue &item : items)
        ids.append(item[member][u"id"_s].toString());
    return ids;
}

} // namespace

class TestOffers final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void offersRankedByFormula();
    void offersNotModifiedUntilSomethingChanges();
    void offersTagFollowsOtherInstancesWrites();
    void offersCountTheJobsPhotos();
    void candidatesRankedByFormula();
    void candidatesCountJobsThatDayInTheJobsZone();
    void candidatesRefusePros();
    void candidatesOfUnknownJob();

private:
    HttpTestClient dispatcher() const { return m_office->client(m_office->dispatcher); }
    /// POST /jobs with a title and an optional point, then an optional schedule; {} on failure.
    QJsonObject makeJob(const QString &title, const QJsonValue &geo,
                        const QJsonObject &schedule = {});
    /// POST /jobs/{id}/assign to `proId` (null: unassign); false on failure.
    bool assign(const QJsonObject &job, const QJsonValue &proId);
    /// POST /jobs/{id}/photos as the dispatcher with a JPEG made from `seed`; the photo, or {}.
    QJsonObject addPhoto(const QString &jobId, int seed);

#ifdef DISPATCH_OFFERS_POSTGRES
    PostgresCluster m_cluster;
#endif
    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
};

void TestOffers::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdProcess::Options options;
#ifdef DISPATCH_OFFERS_POSTGRES
    DISPATCH_POSTGRES_DATABASE(m_cluster, options.dbUrl);
#endif
    QVERIFY(m_server.start(options));
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(2));
}

QJsonObject TestOffers::makeJob(const QString &title, const QJsonValue &geo,
                                const QJsonObject &schedule)
{
    QJsonObject fields{{u"title"_s, title}};
    if (geo.isObject())
        fields.insert(u"geo"_s, geo);
    QByteArray etag;
    QJsonObject job = m_office->createJob(fields, &etag);
    if (job.isEmpty() || schedule.isEmpty())
        return job;
    const HttpResult scheduled = dispatcher().postJson(
        jobPath(job[u"id"_s].toString(), u"/schedule"_s), schedule, ifMatch(etag));
    if (scheduled.status != 200) {
        qWarning("schedule %s: %s", qPrintable(title), scheduled.describe().constData());
        return {};
    }
    return scheduled.json();
}

bool TestOffers::assign(const QJsonObject &job, const QJsonValue &proId)
{
    const QString id = job[u"id"_s].toString();
    const HttpResult current = dispatcher().get(jobPath(id));
    const HttpResult r =
        dispatcher().postJson(jobPath(id, u"/assign"_s), QJsonObject{{u"proId"_s, proId}},
                              ifMatch(current.header("ETag")));
    if (r.status != 200)
        qWarning("assign %s: %s", qPrintable(id), r.describe().constData());
    return r.status == 200;
}

QJsonObject TestOffers::addPhoto(const QString &jobId, int seed)
{
    const HttpResult r =
        dispatcher().request("POST", jobPath(jobId, u"/photos"_s), jpegImage(64, 48, seed),
                             photoHeaders("image/jpeg", "site.jpg"));
    if (r.status != 201)
        qWarning("upload to %s: %s", qPrintable(jobId), r.describe().constData());
    return r.status == 201 ? r.json() : QJsonObject();
}

void TestOffers::offersRankedByFormula()
{
    // A pro of their own, far from the office's pros, with jobs around their home on both
    // sides of each distance band (half miles, so no floor() rounding is near) and of each
    // urgency band, scheduled and not.
    const double homeLat = 44.0, homeLng = -110.0;
    TestUser ranker;
    QVERIFY(m_office->addUser(u"ranker"_s, u"pro"_s, point(homeLat, homeLng), &ranker));
    struct Spec {
        double miles;    // < 0: no geo
        double dueHours; // 0: no schedule
    };
    const QList<Spec> specs{{0.5, 0}, {9.5, 0},   {10.5, 0},   {24.5, 0},  {25.5, 0},  {40.5, 0},
                            {-1, 0},  {3.5, 12},  {9.5, 36},   {10.5, 12}, {24.5, 72}, {25.5, 12},
                            {-1, 36}, {60.5, 30}, {12.5, 200}, {9.5, 0},   {-1, 12},   {30.5, 100}};
    QStringList mine;
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const Spec &spec = specs.at(i);
        const QJsonValue geo = spec.miles < 0
                                   ? QJsonValue()
                                   : QJsonValue(point(homeLat + northDegrees(spec.miles), homeLng));
        const QJsonObject job =
            makeJob(u"ranked %1"_s.arg(i), geo,
                    spec.dueHours > 0 ? scheduleIn(spec.dueHours) : QJsonObject());
        QVERIFY(!job.isEmpty());
        mine.append(job[u"id"_s].toString());
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const HttpResult r = m_office->client(ranker).get(u"/offers"_s);
    QVERIFY2(r.status == 200, r.describe());
    const QJsonArray items = r.json()[u"items"_s].toArray();
    QList<ExpectedOffer> want;
    for (const QJsonValue &item : items) {
        const ExpectedOffer e = expected(item[u"job"_s].toObject(), point(homeLat, homeLng), now);
        const QByteArray where = QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact);
        checkScore(item.toObject(), e, where);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(!item[u"job"_s].toObject().contains(u"codes"_s), where);
        want.append(e);
    }
    for (const QString &id : std::as_const(mine))
        QVERIFY2(idsOf(items, u"job"_s).contains(id), qPrintable(id));
    std::sort(want.begin(), want.end(), rankedBefore);
    QStringList wantIds;
    for (const ExpectedOffer &e : std::as_const(want))
        wantIds.append(e.id);
    QCOMPARE(idsOf(items, u"job"_s), wantIds);

    // The same order on the next call.
    const HttpResult again = m_office->client(ranker).get(u"/offers"_s);
    QCOMPARE(idsOf(again.json()[u"items"_s].toArray(), u"job"_s), wantIds);
}

void TestOffers::offersNotModifiedUntilSomethingChanges()
{
    HttpTestClient pro = m_office->client(m_office->pros.at(0));
    QByteArray etag;
    const QJsonObject job = m_office->createJob(
        QJsonObject{{u"title"_s, u"tagged"_s}, {u"geo"_s, TestOffice::proHome(1)}}, &etag);
    QVERIFY(!job.isEmpty());

    HttpResult r = pro.get(u"/offers"_s);
    QVERIFY2(r.status == 200, r.describe());
    const QByteArray tag = r.header("ETag");
    QVERIFY2(tag.startsWith('"') && tag.endsWith('"'), tag);

    // The same list: 304 with the same tag and no body, also for the weak form and a list.
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 304, r.describe());
    QCOMPARE(r.header("ETag"), tag);
    QVERIFY(r.body.isEmpty());
    r = pro.get(u"/offers"_s, {{"If-None-Match", QByteArray("W/" + tag)}});
    QVERIFY2(r.status == 304, r.describe());
    r = pro.get(u"/offers"_s, {{"If-None-Match", QByteArray("\"other\", " + tag)}});
    QVERIFY2(r.status == 304, r.describe());
    r = pro.get(u"/offers"_s, {{"If-None-Match", "\"other\""}});
    QVERIFY2(r.status == 200, r.describe());

    // Another origin, or the office's view (which shows codes): other tags.
    r = pro.get(u"/offers?lat=30.5&lng=-97.5"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    QVERIFY(r.header("ETag") != tag);
    r = dispatcher().get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    QVERIFY(r.header("ETag") != tag);

    // A listed job changes: 200, a new tag, the new version in the body.
    r = dispatcher().patchJson(
        jobPath(job[u"id"_s].toString()),
        QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"retitled"_s}}}}, ifMatch(etag));
    QVERIFY2(r.status == 200, r.describe());
    const qint64 version = versionOf(r.json());
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    const QByteArray changedTag = r.header("ETag");
    QVERIFY(!changedTag.isEmpty() && changedTag != tag);
    bool found = false;
    for (const QJsonValue &item : r.json()[u"items"_s].toArray()) {
        if (item[u"job"_s][u"id"_s] == job[u"id"_s]) {
            found = true;
            QCOMPARE(versionOf(item[u"job"_s].toObject()), version);
            QCOMPARE(item[u"job"_s][u"fields"_s][u"title"_s].toString(), u"retitled"_s);
        }
    }
    QVERIFY(found);
    r = pro.get(u"/offers"_s, {{"If-None-Match", changedTag}});
    QVERIFY2(r.status == 304, r.describe());

    // A new job joins the list, and accepting one takes it away: a new tag each time.
    const QJsonObject added = m_office->createJob(QJsonObject{{u"title"_s, u"joins"_s}});
    QVERIFY(!added.isEmpty());
    r = pro.get(u"/offers"_s, {{"If-None-Match", changedTag}});
    QVERIFY2(r.status == 200, r.describe());
    const QByteArray addedTag = r.header("ETag");
    QVERIFY(addedTag != changedTag);
    r = pro.request("POST", u"/offers/"_s + added[u"id"_s].toString() + u"/accept"_s);
    QVERIFY2(r.status == 200, r.describe());
    r = pro.get(u"/offers"_s, {{"If-None-Match", addedTag}});
    QVERIFY2(r.status == 200, r.describe());
    QVERIFY(r.header("ETag") != addedTag);
    QVERIFY(!idsOf(r.json()[u"items"_s].toArray(), u"job"_s).contains(added[u"id"_s].toString()));
}

void TestOffers::offersTagFollowsOtherInstancesWrites()
{
    // A second dispatchd on the same SQLite file: its writes reach this one's offers although
    // this one served (and cached) the list before.
    DispatchdProcess other;
    DispatchdProcess::Options options;
    options.dbUrl = m_server.databaseUrl();
    options.adminPassword = m_server.adminPassword();
    QVERIFY(other.start(options));
    HttpTestClient here = dispatcher();
    HttpTestClient there(other.apiUrl({}));
    QVERIFY(there.login(m_office->dispatcher.username, m_office->dispatcher.password));

    HttpResult r = here.get(u"/offers"_s);
    QVERIFY2(r.status == 200, r.describe());
    const QByteArray tag = r.header("ETag");

    r = there.postJson(u"/jobs"_s,
                       QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, u"elsewhere"_s}}}});
    QVERIFY2(r.status == 201, r.describe());
    const QString id = r.json()[u"id"_s].toString();
    const QByteArray jobTag = r.header("ETag");
    r = here.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    QVERIFY(idsOf(r.json()[u"items"_s].toArray(), u"job"_s).contains(id));
    const QByteArray withNew = r.header("ETag");
    QVERIFY(withNew != tag);

    r = there.patchJson(jobPath(id),
                        QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"edited there"_s}}}},
                        ifMatch(jobTag));
    QVERIFY2(r.status == 200, r.describe());
    r = here.get(u"/offers"_s, {{"If-None-Match", withNew}});
    QVERIFY2(r.status == 200, r.describe());
    bool seen = false;
    for (const QJsonValue &item : r.json()[u"items"_s].toArray()) {
        if (item[u"job"_s][u"id"_s].toString() == id) {
            seen = true;
            QCOMPARE(item[u"job"_s][u"fields"_s][u"title"_s].toString(), u"edited there"_s);
        }
    }
    QVERIFY(seen);

    const HttpResult current = there.get(jobPath(id));
    r = there.postJson(jobPath(id, u"/transition"_s), QJsonObject{{u"to"_s, u"CANCELLED"_s}},
                       ifMatch(current.header("ETag")));
    QVERIFY2(r.status == 200, r.describe());
    r = here.get(u"/offers"_s);
    QVERIFY2(r.status == 200, r.describe());
    QVERIFY(!idsOf(r.json()[u"items"_s].toArray(), u"job"_s).contains(id));

    // After all of this, the list this instance kept up to date equals the one the other
    // instance builds from scratch on its first GET /offers.
    const auto versions = [](const HttpResult &result) {
        QStringList list;
        for (const QJsonValue &item : result.json()[u"items"_s].toArray())
            list.append(item[u"job"_s][u"id"_s].toString() + u'.' +
                        QString::number(versionOf(item[u"job"_s].toObject())) + u'=' +
                        QString::number(item[u"score"_s].toInt()));
        return list;
    };
    const HttpResult kept = here.get(u"/offers"_s);
    const HttpResult fresh = there.get(u"/offers"_s);
    QVERIFY2(kept.status == 200 && fresh.status == 200, fresh.describe());
    QCOMPARE(versions(kept), versions(fresh));
    QCOMPARE(kept.header("ETag"), fresh.header("ETag"));
    QVERIFY(other.stop());
}

void TestOffers::offersCountTheJobsPhotos()
{
    // docs/openapi.yaml "Offers": each item's photoCount is how many photos GET
    // /jobs/{id}/photos lists for the caller, beside the score (the job resource is unchanged:
    // a photo does not change a job's version or ETag).
    HttpTestClient pro = m_office->client(m_office->pros.at(0));
    const QJsonObject job = makeJob(u"with photos"_s, TestOffice::proHome(1));
    QVERIFY(!job.isEmpty());
    const QString id = job[u"id"_s].toString();
    const QByteArray jobTag = dispatcher().get(jobPath(id)).header("ETag");
    HttpResult r = pro.get(u"/offers"_s);
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(offerItem(r, id)[u"photoCount"_s].toInt(-1), 0);
    QByteArray tag = r.header("ETag");

    // Photos added after the list was served: the events name the job, its count follows.
    QVERIFY(!addPhoto(id, 101).isEmpty());
    QVERIFY(!addPhoto(id, 102).isEmpty());
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    QVERIFY(r.header("ETag") != tag);
    QJsonObject item = offerItem(r, id);
    QCOMPARE(item[u"photoCount"_s].toInt(-1), 2);
    QVERIFY(!item[u"job"_s].toObject().contains(u"photoCount"_s));
    QCOMPARE(dispatcher().get(jobPath(id)).header("ETag"), jobTag);
    const HttpResult listed = pro.get(jobPath(id, u"/photos"_s));
    QVERIFY2(listed.status == 200, listed.describe());
    QCOMPARE(listed.json()[u"items"_s].toArray().size(), 2);
    QCOMPARE(offerItem(dispatcher().get(u"/offers"_s), id)[u"photoCount"_s].toInt(-1), 2);
    tag = r.header("ETag");
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 304, r.describe());

    // One more: the old tag gets a 200 with the new count, never a 304.
    const QJsonObject third = addPhoto(id, 103);
    QVERIFY(!third.isEmpty());
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(offerItem(r, id)[u"photoCount"_s].toInt(-1), 3);
    QVERIFY(r.header("ETag") != tag);
    tag = r.header("ETag");

    // A flagged photo is still listed to a pro (GET /jobs/{id}/photos shows every photo of a
    // job they can see), so it still counts: the list is unchanged.
    HttpTestClient admin = m_office->client(m_office->admin);
    const QString photoPath = u"/photos/"_s + third[u"photo"_s][u"id"_s].toString();
    const HttpResult photo = admin.get(photoPath);
    QVERIFY2(photo.status == 200, photo.describe());
    r = admin.patchJson(photoPath, QJsonObject{{u"review"_s, u"flagged"_s}},
                        ifMatch(photo.header("ETag")));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(pro.get(jobPath(id, u"/photos"_s)).json()[u"items"_s].toArray().size(), 3);
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 304, r.describe());

    // Events pruned (the check cannot follow them): the full check still sees the new count
    // although the job's version did not move.
    QVERIFY(!addPhoto(id, 104).isEmpty());
    QVERIFY(!addPhoto(id, 105).isEmpty());
    TestDatabase db(m_server.databaseUrl());
    QVERIFY(db.isOpen());
    QVERIFY(db.exec(u"DELETE FROM events WHERE seq < (SELECT MAX(seq) FROM events)"_s));
    r = pro.get(u"/offers"_s, {{"If-None-Match", tag}});
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(offerItem(r, id)[u"photoCount"_s].toInt(-1), 5);

    // A new dispatchd builds its list from scratch: the same counts, the same tag.
    DispatchdProcess other;
    DispatchdProcess::Options options;
    options.dbUrl = m_server.databaseUrl();
    options.adminPassword = m_server.adminPassword();
    QVERIFY(other.start(options));
    HttpTestClient there(other.apiUrl({}));
    QVERIFY(there.login(m_office->pros.at(0).username, m_office->pros.at(0).password));
    const HttpResult fresh = there.get(u"/offers"_s);
    QVERIFY2(fresh.status == 200, fresh.describe());
    QCOMPARE(offerItem(fresh, id)[u"photoCount"_s].toInt(-1), 5);
    QCOMPARE(fresh.header("ETag"), pro.get(u"/offers"_s).header("ETag"));
    QVERIFY(other.stop());
}

void TestOffers::candidatesRankedByFormula()
{
    // A job far from the office's pros, with pros of its own at known distances: inside the
    // first band, inside the second, beyond both, two at the same spot, and one without a home.
    const double lat = 47.0, lng = -120.0;
    const QJsonObject job = makeJob(u"needs a pro"_s, point(lat, lng), scheduleIn(30));
    QVERIFY(!job.isEmpty());
    struct Spec {
        const char *name;
        double miles; // < 0: no home
    };
    const QList<Spec> specs{{"cand-near", 4.5}, {"cand-band2", 14.5}, {"cand-edge", 25.5},
                            {"cand-far", 40.5}, {"cand-twin1", 9.5},  {"cand-twin2", 9.5},
                            {"cand-nohome", -1}};
    QHash<QString, QJsonValue> homes;
    for (qsizetype i = 0; i < m_office->pros.size(); ++i)
        homes.insert(m_office->pros.at(i).id, TestOffice::proHome(int(i) + 1));
    for (const Spec &spec : specs) {
        const QJsonValue home = spec.miles < 0
                                    ? QJsonValue(QJsonValue::Null)
                                    : QJsonValue(point(lat + northDegrees(spec.miles), lng));
        TestUser user;
        QVERIFY(m_office->addUser(QString::fromLatin1(spec.name), u"pro"_s, home, &user));
        homes.insert(user.id, home);
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const HttpResult r = dispatcher().get(jobPath(job[u"id"_s].toString(), u"/candidates"_s));
    QVERIFY2(r.status == 200, r.describe());
    const QJsonArray items = r.json()[u"items"_s].toArray();
    // Every pro is a candidate, the ranker of another test case included.
    QVERIFY(items.size() >= homes.size());

    struct Want {
        QString id;
        int total;
        int jobs;
    };
    QList<Want> want;
    for (const QJsonValue &item : items) {
        const QJsonObject pro = item[u"pro"_s].toObject();
        const QByteArray where = QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact);
        QVERIFY2(pro.contains(u"name"_s) && pro.contains(u"home"_s), where);
        if (homes.contains(pro[u"id"_s].toString()))
            QCOMPARE(pro[u"home"_s], homes.value(pro[u"id"_s].toString()));
        const ExpectedOffer e = expected(job, pro[u"home"_s], now);
        checkScore(item.toObject(), e, where);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(item[u"jobsThatDay"_s].isDouble(), where);
        want.append({pro[u"id"_s].toString(), e.total(), item[u"jobsThatDay"_s].toInt()});
    }
    for (const QString &id : homes.keys())
        QVERIFY2(idsOf(items, u"pro"_s).contains(id), qPrintable(id));
    std::sort(want.begin(), want.end(), [](const Want &a, const Want &b) {
        if (a.total != b.total)
            return a.total > b.total;
        if (a.jobs != b.jobs)
            return a.jobs < b.jobs;
        return a.id < b.id;
    });
    QStringList wantIds;
    for (const Want &w : std::as_const(want))
        wantIds.append(w.id);
    QCOMPARE(idsOf(items, u"pro"_s), wantIds);
    // Spot checks of the formula: 4.5 mi is 500 − 20, 14.5 mi is 200 − 70, 25.5 mi −125.
    const auto distanceOf = [&](const QString &username) {
        for (const QJsonValue &item : items) {
            if (item[u"pro"_s][u"name"_s].toString() == u"Test "_s + username)
                return item[u"breakdown"_s][u"distance"_s].toInt();
        }
        return -99999;
    };
    QCOMPARE(distanceOf(u"cand-near"_s), 480);
    QCOMPARE(distanceOf(u"cand-twin1"_s), 455);
    QCOMPARE(distanceOf(u"cand-band2"_s), 130);
    QCOMPARE(distanceOf(u"cand-edge"_s), -125);
    QCOMPARE(distanceOf(u"cand-far"_s), -200);
    QCOMPARE(distanceOf(u"cand-nohome"_s), 0);
}

void TestOffers::candidatesCountJobsThatDayInTheJobsZone()
{
    // Day D in America/Chicago. Two pros at the same home tie on score, so the one with fewer
    // jobs that day ranks first.
    const QByteArray zone = "America/Chicago";
    const QDate day = QDate::currentDate().addDays(10);
    const double lat = 41.0, lng = -88.0;
    TestUser busy, free;
    QVERIFY(m_office->addUser(u"day-busy"_s, u"pro"_s, point(lat, lng), &busy));
    QVERIFY(m_office->addUser(u"day-free"_s, u"pro"_s, point(lat, lng), &free));

    const QJsonObject job =
        makeJob(u"the day's job"_s, point(lat, lng), scheduleAt(day, QTime(10, 0), zone));
    QVERIFY(!job.isEmpty());
    // busy's jobs: 08:00 and 20:00 on D in Chicago (20:00 CST is the next day in UTC) count;
    // 07:00 the day after and 22:00 the day before do not (22:00 the day before is D in UTC).
    struct Other {
        QDate date;
        QTime start;
        bool counts;
    };
    const QList<Other> others{{day, QTime(8, 0), true},
                              {day, QTime(20, 0), true},
                              {day.addDays(1), QTime(7, 0), false},
                              {day.addDays(-1), QTime(22, 0), false}};
    for (const Other &other : others) {
        const QJsonObject o =
            makeJob(u"busy's job"_s, QJsonValue(), scheduleAt(other.date, other.start, zone));
        QVERIFY(!o.isEmpty());
        QVERIFY(assign(o, busy.id));
    }
    // free has one job that day until it is unassigned and cancelled.
    const QJsonObject cancelled =
        makeJob(u"free's job"_s, QJsonValue(), scheduleAt(day, QTime(12, 0), zone));
    QVERIFY(!cancelled.isEmpty());
    QVERIFY(assign(cancelled, free.id));

    HttpResult r = dispatcher().get(jobPath(job[u"id"_s].toString(), u"/candidates"_s));
    QVERIFY2(r.status == 200, r.describe());
    const auto countOf = [](const QJsonArray &items, const QString &id) {
        for (const QJsonValue &item : items) {
            if (item[u"pro"_s][u"id"_s].toString() == id)
                return item[u"jobsThatDay"_s].toInt();
        }
        return -1;
    };
    QJsonArray items = r.json()[u"items"_s].toArray();
    QCOMPARE(countOf(items, busy.id), 2);
    QCOMPARE(countOf(items, free.id), 1);
    QStringList order = idsOf(items, u"pro"_s);
    QVERIFY(order.indexOf(free.id) < order.indexOf(busy.id));

    // Unassigning the job returns it to OPEN; cancelling it then takes it out of free's day.
    QVERIFY(assign(cancelled, QJsonValue(QJsonValue::Null)));
    const HttpResult current = dispatcher().get(jobPath(cancelled[u"id"_s].toString()));
    r = dispatcher().postJson(jobPath(cancelled[u"id"_s].toString(), u"/transition"_s),
                              QJsonObject{{u"to"_s, u"CANCELLED"_s}},
                              ifMatch(current.header("ETag")));
    QVERIFY2(r.status == 200, r.describe());
    r = dispatcher().get(jobPath(job[u"id"_s].toString(), u"/candidates"_s));
    items = r.json()[u"items"_s].toArray();
    QCOMPARE(countOf(items, free.id), 0);
    QCOMPARE(countOf(items, busy.id), 2);

    // The job itself, once assigned, is not counted on its own day; and a job without a
    // due date counts nothing for anyone.
    QVERIFY(assign(job, free.id));
    r = dispatcher().get(jobPath(job[u"id"_s].toString(), u"/candidates"_s));
    QVERIFY2(r.status == 200, r.describe());
    QCOMPARE(countOf(r.json()[u"items"_s].toArray(), free.id), 0);
    const QJsonObject undated = makeJob(u"undated"_s, point(lat, lng));
    r = dispatcher().get(jobPath(undated[u"id"_s].toString(), u"/candidates"_s));
    QVERIFY2(r.status == 200, r.describe());
    for (const QJsonValue &item : r.json()[u"items"_s].toArray())
        QCOMPARE(item[u"jobsThatDay"_s].toInt(), 0);
}

void TestOffers::candidatesRefusePros()
{
    const QJsonObject job = makeJob(u"office only"_s, QJsonValue());
    QVERIFY(!job.isEmpty());
    HttpTestClient pro = m_office->client(m_office->pros.at(0));
    // Like every office route: 403 FORBIDDEN, for a job the pro can see and for one that
    // does not exist alike.
    for (const QString &id : {job[u"id"_s].toString(), u"no-such-job"_s}) {
        const HttpResult r = pro.get(jobPath(id, u"/candidates"_s));
        QVERIFY2(r.status == 403, r.describe());
        QCOMPARE(r.errorCode(), u"FORBIDDEN"_s);
        QVERIFY(!r.body.contains("\"items\""));
    }
    const HttpResult admin =
        m_office->client(m_office->admin).get(jobPath(job[u"id"_s].toString(), u"/candidates"_s));
    QVERIFY2(admin.status == 200, admin.describe());
    const HttpResult anonymous =
        HttpTestClient(m_server.apiUrl({})).get(jobPath(job[u"id"_s].toString(), u"/candidates"_s));
    QVERIFY2(anonymous.status == 401, anonymous.describe());
}

void TestOffers::candidatesOfUnknownJob()
{
    const HttpResult r = dispatcher().get(jobPath(u"no-such-job"_s, u"/candidates"_s));
    QVERIFY2(r.status == 404, r.describe());
    QCOMPARE(r.errorCode(), u"NOT_FOUND"_s);
}

QTEST_GUILESS_MAIN(TestOffers)
#include "tst_offers.moc"
