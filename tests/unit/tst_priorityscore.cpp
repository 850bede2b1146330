#include "priorityscore.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

using namespace dispatch;

namespace {

constexpr double EarthRadiusMiles = 3958.8;
const QDateTime Now = QDateTime::fromString(QStringLiteral("2026-01-15T12:00:00Z"), Qt::ISODate);

/// A point `miles` due north of (0, 0): along a meridian haversine is exactly R·Δφ.
GeoPoint northOfOrigin(double miles)
{
    return GeoPoint{miles / EarthRadiusMiles * 180.0 / std::numbers::pi, 0.0};
}

Job offer(const QString &id, std::optional<GeoPoint> geo = std::nullopt)
{
    Job job;
    job.id = id;
    job.createdAt = Now.addDays(-1);
    job.fields.insert(QStringLiteral("geo"),
                      geo ? QJsonValue(toJson(*geo)) : QJsonValue(QJsonValue::Null));
    return job;
}

QStringList idsOf(const QList<RankedOffer> &offers)
{
    QStringList ids;
    for (const RankedOffer &o : offers)
        ids.append(o.job.id);
    return ids;
}

} // namespace

class TestPriorityScore final : public QObject {
    Q_OBJECT

private slots:
    void haversine_data();
    void haversine();
    void distanceBoundaries_data();
    void distanceBoundaries();
    void distanceNeverRises();
    void urgencyBoundaries_data();
    void urgencyBoundaries();
    void urgencyBoundariesOnServerPath_data();
    void urgencyBoundariesOnServerPath();
    void status();
    void scoreCombinesParts_data();
    void scoreCombinesParts();
    void breakdownJson();
    void tieBreaks_data();
    void tieBreaks();
    void rankingIsStableAcrossCallsAndInputOrder();
    void rankEmptyAndSingle();
};

void TestPriorityScore::haversine_data()
{
    QTest::addColumn<GeoPoint>("a");
    QTest::addColumn<GeoPoint>("b");
    QTest::addColumn<double>("miles");
    QTest::addColumn<double>("tolerance");

    const double degree = EarthRadiusMiles * std::numbers::pi / 180.0; // 69.0934 mi
    QTest::newRow("same point") << GeoPoint{41.88, -87.63} << GeoPoint{41.88, -87.63} << 0.0
                                << 1e-9;
    QTest::newRow("one degree of latitude")
        << GeoPoint{10, 20} << GeoPoint{11, 20} << degree << 1e-9;
    QTest::newRow("one degree of longitude on the equator")
        << GeoPoint{0, 0} << GeoPoint{0, 1} << degree << 1e-9;
    QTest::newRow("across the antimeridian")
        << GeoPoint{0, 179.5} << GeoPoint{0, -179.5} << degree << 1e-9;
    QTest::newRow("antipodes") << GeoPoint{0, 0} << GeoPoint{0, 180}
                               << EarthRadiusMiles * std::numbers::pi << 1e-6;
    // Chicago Loop to Milwaukee City Hall, about 81.5 mi as the crow flies.
    QTest::newRow("chicago to milwaukee")
        << GeoPoint{41.8781, -87.6298} << GeoPoint{43.0416, -87.9097} << 81.4 << 1.0;
}

void TestPriorityScore::haversine()
{
    QFETCH(GeoPoint, a);
    QFETCH(GeoPoint, b);
    QFETCH(double, miles);
    QFETCH(double, tolerance);
    QVERIFY2(std::abs(haversineMiles(a, b) - miles) <= tolerance,
             qPrintable(QString::number(haversineMiles(a, b), 'f', 6)));
    QVERIFY(std::abs(haversineMiles(a, b) - haversineMiles(b, a)) < 1e-9);
}

void TestPriorityScore::distanceBoundaries_data()
{
    QTest::addColumn<std::optional<double>>("miles");
    QTest::addColumn<int>("expected");

    // docs/openapi.yaml "Offers": the band's bonus minus 5 per whole mile at every distance.
    QTest::newRow("no geo") << std::optional<double>() << 0;
    QTest::newRow("0 mi") << std::optional<double>(0.0) << 500;
    QTest::newRow("0.99 mi floors to 0") << std::optional<double>(0.99) << 500;
    QTest::newRow("1 mi") << std::optional<double>(1.0) << 495;
    QTest::newRow("9.9 mi: 500 - 5 x 9") << std::optional<double>(9.9) << 455;
    QTest::newRow("9.999 mi") << std::optional<double>(9.999) << 455;
    QTest::newRow("10 mi exactly: 200 - 5 x 10") << std::optional<double>(10.0) << 150;
    QTest::newRow("10.001 mi") << std::optional<double>(10.001) << 150;
    QTest::newRow("24.9 mi: 200 - 5 x 24") << std::optional<double>(24.9) << 80;
    QTest::newRow("24.999 mi") << std::optional<double>(24.999) << 80;
    QTest::newRow("25 mi exactly: -5 x 25") << std::optional<double>(25.0) << -125;
    QTest::newRow("25.99 mi floors to 25") << std::optional<double>(25.99) << -125;
    QTest::newRow("26 mi") << std::optional<double>(26.0) << -130;
    QTest::newRow("40 mi") << std::optional<double>(40.0) << -200;
    QTest::newRow("100.5 mi") << std::optional<double>(100.5) << -500;
    QTest::newRow("NaN counts as no geo")
        << std::optional<double>(std::numeric_limits<double>::quiet_NaN()) << 0;
}

void TestPriorityScore::distanceBoundaries()
{
    QFETCH(std::optional<double>, miles);
    QFETCH(int, expected);
    QCOMPARE(distanceScore(miles), expected);
}

void TestPriorityScore::distanceNeverRises()
{
    // Every hundredth of a mile out to 120 mi, and both sides of each band edge: the score
    // may stay or fall as a job gets farther, never rise (the old 25 mi cliff rose by 325).
    int previous = distanceScore(0.0);
    for (int hundredths = 1; hundredths <= 12000; ++hundredths) {
        const double miles = hundredths / 100.0;
        const int score = distanceScore(miles);
        QVERIFY2(
            score <= previous,
            qPrintable(QStringLiteral("%1 mi: %2 after %3").arg(miles).arg(score).arg(previous)));
        previous = score;
    }
    for (const double edge : {10.0, 25.0}) {
        const double below = std::nextafter(edge, 0.0);
        QVERIFY(distanceScore(edge) < distanceScore(below));
    }
    // The same through the whole score, from real points along a meridian.
    int previousTotal = std::numeric_limits<int>::max();
    for (int tenths = 0; tenths <= 600; ++tenths) {
        const OfferScore score = scoreOffer(
            offer(QStringLiteral("a"), northOfOrigin(tenths / 10.0)), GeoPoint{0, 0}, Now);
        QVERIFY(score.total <= previousTotal);
        previousTotal = score.total;
    }
}

void TestPriorityScore::urgencyBoundaries_data()
{
    QTest::addColumn<QDateTime>("dueAt");
    QTest::addColumn<int>("expected");

    const qint64 hour = 3600 * 1000;
    QTest::newRow("no dueAt") << QDateTime() << 0;
    QTest::newRow("overdue by a week") << Now.addDays(-7) << 300;
    QTest::newRow("overdue by 1 ms") << Now.addMSecs(-1) << 300;
    QTest::newRow("due now") << Now << 300;
    QTest::newRow("24 h - 1 ms") << Now.addMSecs(24 * hour - 1) << 300;
    QTest::newRow("24 h exactly") << Now.addMSecs(24 * hour) << 100;
    QTest::newRow("48 h - 1 ms") << Now.addMSecs(48 * hour - 1) << 100;
    QTest::newRow("48 h exactly") << Now.addMSecs(48 * hour) << 0;
    QTest::newRow("a week ahead") << Now.addDays(7) << 0;
    QTest::newRow("other time zone, same instant 23 h ahead")
        << Now.addSecs(23 * 3600).toOffsetFromUtc(-6 * 3600) << 300;
}

void TestPriorityScore::urgencyBoundaries()
{
    QFETCH(QDateTime, dueAt);
    QFETCH(int, expected);
    QCOMPARE(urgencyScore(dueAt, Now), expected);
}

void TestPriorityScore::urgencyBoundariesOnServerPath_data()
{
    urgencyBoundaries_data();
}

void TestPriorityScore::urgencyBoundariesOnServerPath()
{
    // GET /offers scores with scoreOffer(Job, ...), which reads the pre-extracted milliseconds
    // (OfferInput) and never calls the QDateTime urgencyScore() checked above, so the same
    // boundaries are pinned on each step of that path.
    QFETCH(QDateTime, dueAt);
    QFETCH(int, expected);

    const qint64 nowMs = Now.toMSecsSinceEpoch();
    const qint64 dueMs = dueAt.isValid() ? dueAt.toMSecsSinceEpoch() : OfferInput::Unset;
    QCOMPARE(urgencyScore(dueMs, nowMs), expected);

    Job job = offer(QStringLiteral("a"));
    job.dueAt = dueAt;
    const OfferInput input = offerInput(job);
    QCOMPARE(input.dueMs, dueMs);
    const OfferScore fromInput = scoreOffer(input, std::nullopt, nowMs);
    QCOMPARE(fromInput.urgency, expected);
    QCOMPARE(fromInput.total, 500 + expected); // unscheduled, no distance: status + urgency

    const OfferScore fromJob = scoreOffer(job, std::nullopt, Now); // as server/routes/jobroutes.cpp
    QCOMPARE(fromJob.urgency, expected);
    QCOMPARE(fromJob.total, 500 + expected);
}

void TestPriorityScore::status()
{
    Job job = offer(QStringLiteral("a"));
    QCOMPARE(statusScore(job), 500);
    job.schedule =
        JobSchedule{QStringLiteral("2026-01-15"), QStringLiteral("UTC"), QStringLiteral("9-12")};
    QCOMPARE(statusScore(job), 1000);
}

void TestPriorityScore::scoreCombinesParts_data()
{
    QTest::addColumn<Job>("job");
    QTest::addColumn<std::optional<GeoPoint>>("from");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("distance");
    QTest::addColumn<int>("urgency");
    QTest::addColumn<std::optional<double>>("miles");

    const std::optional<GeoPoint> origin = GeoPoint{0, 0};
    const std::optional<GeoPoint> nowhere;

    QTest::newRow("no geo on either side")
        << offer(QStringLiteral("a")) << nowhere << 500 << 0 << 0 << std::optional<double>();
    QTest::newRow("pro has no point") << offer(QStringLiteral("a"), northOfOrigin(5)) << nowhere
                                      << 500 << 0 << 0 << std::optional<double>();
    QTest::newRow("job geo null") << offer(QStringLiteral("a")) << origin << 500 << 0 << 0
                                  << std::optional<double>();

    Job missing = offer(QStringLiteral("a"));
    missing.fields.remove(QStringLiteral("geo"));
    QTest::newRow("job geo missing")
        << missing << origin << 500 << 0 << 0 << std::optional<double>();

    Job malformed = offer(QStringLiteral("a"));
    malformed.fields.insert(QStringLiteral("geo"),
                            QJsonObject{{QStringLiteral("lat"), QStringLiteral("41")}});
    QTest::newRow("job geo malformed")
        << malformed << origin << 500 << 0 << 0 << std::optional<double>();

    QTest::newRow("9.9 mi") << offer(QStringLiteral("a"), northOfOrigin(9.9)) << origin << 500
                            << 455 << 0 << std::optional<double>(9.9);
    QTest::newRow("10.1 mi") << offer(QStringLiteral("a"), northOfOrigin(10.1)) << origin << 500
                             << 150 << 0 << std::optional<double>(10.1);
    QTest::newRow("24.9 mi") << offer(QStringLiteral("a"), northOfOrigin(24.9)) << origin << 500
                             << 80 << 0 << std::optional<double>(24.9);
    QTest::newRow("25.5 mi") << offer(QStringLiteral("a"), northOfOrigin(25.5)) << origin << 500
                             << -125 << 0 << std::optional<double>(25.5);
    QTest::newRow("300.7 mi") << offer(QStringLiteral("a"), northOfOrigin(300.7)) << origin << 500
                              << -1500 << 0 << std::optional<double>(300.7);

    Job everything = offer(QStringLiteral("a"), northOfOrigin(3.5));
    everything.schedule =
        JobSchedule{QStringLiteral("2026-01-15"), QStringLiteral("UTC"), QStringLiteral("9-12")};
    everything.dueAt = Now.addSecs(30 * 3600);
    QTest::newRow("scheduled, near, due in 30 h")
        << everything << origin << 1000 << 485 << 100 << std::optional<double>(3.5);
}

void TestPriorityScore::scoreCombinesParts()
{
    QFETCH(Job, job);
    QFETCH(std::optional<GeoPoint>, from);
    QFETCH(int, status);
    QFETCH(int, distance);
    QFETCH(int, urgency);
    QFETCH(std::optional<double>, miles);

    const OfferScore score = scoreOffer(job, from, Now);
    QCOMPARE(score.status, status);
    QCOMPARE(score.distance, distance);
    QCOMPARE(score.urgency, urgency);
    QCOMPARE(score.total, status + distance + urgency);
    QCOMPARE(score.distanceMiles.has_value(), miles.has_value());
    if (miles)
        QVERIFY(std::abs(*score.distanceMiles - *miles) < 1e-6);
}

void TestPriorityScore::breakdownJson()
{
    OfferScore score;
    score.status = 1000;
    score.distance = -130;
    score.urgency = 300;
    score.total = 1170;
    score.distanceMiles = 26.2;
    const QJsonObject json = toJson(score);
    QCOMPARE(json.size(), 3);
    QCOMPARE(json.value(QLatin1String("status")).toInt(), 1000);
    QCOMPARE(json.value(QLatin1String("distance")).toInt(), -130);
    QCOMPARE(json.value(QLatin1String("urgency")).toInt(), 300);
}

void TestPriorityScore::tieBreaks_data()
{
    // Two offers, given in the order (first, second); `winner` is the id ranked first.
    QTest::addColumn<Job>("first");
    QTest::addColumn<int>("firstTotal");
    QTest::addColumn<Job>("second");
    QTest::addColumn<int>("secondTotal");
    QTest::addColumn<QString>("winner");

    const auto job = [](const char *id, QDateTime due, QDateTime created) {
        Job j;
        j.id = QString::fromLatin1(id);
        j.dueAt = due;
        j.createdAt = created;
        return j;
    };
    const QDateTime early = Now.addSecs(3600);
    const QDateTime late = Now.addSecs(7200);
    const QDateTime none;

    QTest::newRow("higher total wins over earlier due")
        << job("a", late, late) << 900 << job("b", early, early) << 800 << QStringLiteral("a");
    QTest::newRow("higher total, given second")
        << job("a", early, early) << 800 << job("b", late, late) << 900 << QStringLiteral("b");
    QTest::newRow("negative totals")
        << job("a", early, early) << -400 << job("b", late, late) << -300 << QStringLiteral("b");
    QTest::newRow("tie: earlier dueAt")
        << job("a", late, early) << 800 << job("b", early, late) << 800 << QStringLiteral("b");
    QTest::newRow("tie: dueAt set beats unset")
        << job("a", none, early) << 800 << job("b", late, late) << 800 << QStringLiteral("b");
    QTest::newRow("tie: same dueAt, earlier createdAt")
        << job("a", early, late) << 800 << job("b", early, early) << 800 << QStringLiteral("b");
    QTest::newRow("tie: both unset dueAt, earlier createdAt")
        << job("a", none, late) << 800 << job("b", none, early) << 800 << QStringLiteral("b");
    QTest::newRow("tie: createdAt set beats unset")
        << job("a", early, none) << 800 << job("b", early, late) << 800 << QStringLiteral("b");
    QTest::newRow("tie: everything equal, smaller id")
        << job("b", early, early) << 800 << job("a", early, early) << 800 << QStringLiteral("a");
    QTest::newRow("tie: id compared ordinally, not numerically")
        << job("9", early, early) << 800 << job("10", early, early) << 800 << QStringLiteral("10");
    QTest::newRow("tie: id compared case-sensitively")
        << job("a", early, early) << 800 << job("B", early, early) << 800 << QStringLiteral("B");
}

void TestPriorityScore::tieBreaks()
{
    QFETCH(Job, first);
    QFETCH(int, firstTotal);
    QFETCH(Job, second);
    QFETCH(int, secondTotal);
    QFETCH(QString, winner);

    OfferScore a;
    a.total = firstTotal;
    OfferScore b;
    b.total = secondTotal;

    QList<RankedOffer> forward{{first, a}, {second, b}};
    rankOffers(forward);
    QCOMPARE(forward.first().job.id, winner);

    QList<RankedOffer> backward{{second, b}, {first, a}};
    rankOffers(backward);
    QCOMPARE(backward.first().job.id, winner);
    QCOMPARE(idsOf(backward), idsOf(forward));
    // The score travels with its job.
    for (const RankedOffer &o : forward)
        QCOMPARE(o.score.total, o.job.id == first.id ? firstTotal : secondTotal);
}

void TestPriorityScore::rankingIsStableAcrossCallsAndInputOrder()
{
    // Few distinct values so most offers tie on total and many on dueAt and createdAt.
    QRandomGenerator rng(20260115);
    QList<RankedOffer> offers;
    for (int i = 0; i < 500; ++i) {
        Job job = offer(QStringLiteral("job-%1").arg(i));
        const int due = rng.bounded(4);
        job.dueAt = due == 0 ? QDateTime() : Now.addSecs(due * 20 * 3600);
        const int created = rng.bounded(3);
        job.createdAt = created == 0 ? QDateTime() : Now.addDays(-created);
        if (rng.bounded(2))
            job.schedule = JobSchedule{QStringLiteral("2026-01-16"), QStringLiteral("UTC"),
                                       QStringLiteral("09:00-12:00")};
        if (rng.bounded(3))
            job.fields.insert(QStringLiteral("geo"),
                              toJson(northOfOrigin(rng.bounded(3) * 12.0 + 1)));
        offers.append({job, scoreOffer(job, GeoPoint{0, 0}, Now)});
    }

    const QStringList inputOrder = idsOf(offers);
    QList<RankedOffer> reference = offers; // shares offers' storage until rankOffers writes
    rankOffers(reference);
    const QStringList expected = idsOf(reference);
    QCOMPARE(idsOf(offers), inputOrder); // the shared original is left alone
    QVERIFY(expected != inputOrder);

    // Best first, and every adjacent pair obeys the tie-break rules.
    for (qsizetype i = 1; i < reference.size(); ++i) {
        const RankedOffer &p = reference.at(i - 1);
        const RankedOffer &q = reference.at(i);
        QVERIFY(p.score.total >= q.score.total);
        if (p.score.total == q.score.total && p.job.dueAt.isValid() && q.job.dueAt.isValid())
            QVERIFY(p.job.dueAt <= q.job.dueAt);
        if (p.score.total == q.score.total && !p.job.dueAt.isValid())
            QVERIFY(!q.job.dueAt.isValid());
    }

    QList<RankedOffer> again = reference;
    rankOffers(again);
    QCOMPARE(idsOf(again), expected);

    for (quint32 seed : {1u, 2u, 3u, 4u, 5u}) {
        QList<RankedOffer> shuffled = offers;
        std::shuffle(shuffled.begin(), shuffled.end(), QRandomGenerator(seed));
        rankOffers(shuffled);
        QCOMPARE(idsOf(shuffled), expected);
    }
    QList<RankedOffer> reversed = offers;
    std::reverse(reversed.begin(), reversed.end());
    rankOffers(reversed);
    QCOMPARE(idsOf(reversed), expected);

    // The pre-extracted path scores each offer the same and ranks them in the same order.
    QList<OfferInput> inputs;
    QList<OfferScore> scores;
    for (const RankedOffer &o : std::as_const(offers)) {
        inputs.append(offerInput(o.job));
        scores.append(scoreOffer(inputs.constLast(), GeoPoint{0, 0}, Now.toMSecsSinceEpoch()));
        QCOMPARE(scores.constLast(), o.score);
    }
    QStringList byIndex;
    for (const qsizetype index : rankOrder(inputs, scores))
        byIndex.append(inputs.at(index).id);
    QCOMPARE(byIndex, expected);
}

void TestPriorityScore::rankEmptyAndSingle()
{
    QList<RankedOffer> none;
    rankOffers(none);
    QVERIFY(none.isEmpty());

    QList<RankedOffer> one{{offer(QStringLiteral("only")), OfferScore{}}};
    rankOffers(one);
    QCOMPARE(idsOf(one), QStringList{QStringLiteral("only")});
}

QTEST_APPLESS_MAIN(TestPriorityScore)
#include "tst_priorityscore.moc"
