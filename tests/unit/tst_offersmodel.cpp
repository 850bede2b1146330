// The Offers view's model (ui/offers): planRowSteps() turns one ranking into the next with
// removes, inserts and moves (checked against random rankings), and OffersModel applies a new
// ranking without a reset, so persistent indexes (a view's selection) follow their rows.
#include <offersmodel.h>
#include <rowsteps.h>

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace dispatch;
using net::Offer;

namespace {

QList<QString> idList(std::initializer_list<const char *> ids)
{
    QList<QString> list;
    for (const char *id : ids)
        list.append(QString::fromLatin1(id));
    return list;
}

QList<QString> numbered(int count, int first = 0)
{
    QList<QString> list;
    for (int i = 0; i < count; ++i)
        list.append(QStringLiteral("j%1").arg(first + i));
    return list;
}

Offer offer(const QString &id, int score = 500, qint64 version = 1)
{
    Offer o;
    o.job.id = id;
    o.job.version = version;
    o.score = score;
    o.statusScore = score;
    return o;
}

QList<Offer> offers(const QList<QString> &ids)
{
    QList<Offer> list;
    for (qsizetype i = 0; i < ids.size(); ++i)
        list.append(offer(ids[i], int(10000 - i)));
    return list;
}

int countOf(const QList<RowStep> &steps, RowStep::Kind kind)
{
    return int(std::count_if(steps.begin(), steps.end(),
                             [kind](const RowStep &step) { return step.kind == kind; }));
}

} // namespace

class TestOffersModel final : public QObject {
    Q_OBJECT

private slots:
    void stepsForNoChange();
    void stepsForFirstLoadAreOneInsert();
    void stepsForOneMoveAreOneMove_data();
    void stepsForOneMoveAreOneMove();
    void stepsForTheBenchmarkEvent();
    void stepsForRandomRankings();

    void setOffersMovesWithoutReset();
    void persistentIndexFollowsItsRow();
    void changedScoreEmitsDataChanged();
    void randomRankingsKeepTheModelConsistent();
    void removeJob();
    void sameListAfterRemoveJobBringsTheRowBack();
    void indexAndRanksFollowEveryMutation();
    void presentation();
};

void TestOffersModel::stepsForNoChange()
{
    const QList<QString> ids = numbered(10);
    QVERIFY(planRowSteps(ids, ids).isEmpty());
    QVERIFY(planRowSteps({}, {}).isEmpty());
}

void TestOffersModel::stepsForFirstLoadAreOneInsert()
{
    const QList<QString> ids = numbered(1000);
    const QList<RowStep> steps = planRowSteps({}, ids);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first(), (RowStep{RowStep::Kind::Insert, 0, 1000, 0, 0}));

    const QList<RowStep> gone = planRowSteps(ids, {});
    QCOMPARE(gone.size(), 1);
    QCOMPARE(gone.first(), (RowStep{RowStep::Kind::Remove, 0, 1000, 0, 0}));
}

void TestOffersModel::stepsForOneMoveAreOneMove_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::newRow("down far") << 3 << 900;
    QTest::newRow("up far") << 900 << 3;
    QTest::newRow("to the top") << 500 << 0;
    QTest::newRow("to the bottom") << 0 << 999;
    QTest::newRow("neighbours") << 10 << 11;
}

void TestOffersModel::stepsForOneMoveAreOneMove()
{
    QFETCH(int, from);
    QFETCH(int, to);
    const QList<QString> before = numbered(1000);
    QList<QString> after = before;
    after.move(from, to);
    const QList<RowStep> steps = planRowSteps(before, after);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first().kind, RowStep::Kind::Move);
    QList<QString> applied = before;
    applyRowSteps(applied, steps, after);
    QCOMPARE(applied, after);
}

void TestOffersModel::stepsForTheBenchmarkEvent()
{
    // One offer leaves, one enters at rank 2, one moves from 5000 to 3 (ranks 1-based).
    const QList<QString> before = numbered(10000);
    QList<QString> after = before;
    after.removeAt(7000);
    after.insert(1, QStringLiteral("new"));
    after.move(4999, 2);
    const QList<RowStep> steps = planRowSteps(before, after);
    QCOMPARE(countOf(steps, RowStep::Kind::Remove), 1);
    QCOMPARE(countOf(steps, RowStep::Kind::Insert), 1);
    QCOMPARE(countOf(steps, RowStep::Kind::Move), 1);
    QList<QString> applied = before;
    applyRowSteps(applied, steps, after);
    QCOMPARE(applied, after);
}

void TestOffersModel::stepsForRandomRankings()
{
    QRandomGenerator random(20261130);
    for (int round = 0; round < 500; ++round) {
        const int size = int(random.bounded(40));
        QList<QString> before = numbered(size);
        QList<QString> after;
        for (const QString &id : std::as_const(before)) {
            if (random.bounded(5) != 0) // most stay
                after.append(id);
        }
        const int added = int(random.bounded(6));
        for (int i = 0; i < added; ++i)
            after.insert(random.bounded(int(after.size()) + 1), QStringLiteral("n%1").arg(i));
        const int moves = int(random.bounded(4));
        for (int i = 0; i < moves && after.size() > 1; ++i)
            after.move(random.bounded(int(after.size())), random.bounded(int(after.size())));
        if (random.bounded(10) == 0)
            std::shuffle(after.begin(), after.end(), random);

        const QList<RowStep> steps = planRowSteps(before, after);
        QList<QString> applied = before;
        applyRowSteps(applied, steps, after);
        QVERIFY2(applied == after, qPrintable(QStringLiteral("round %1").arg(round)));
        // With the old rows given (as the model does), the same steps.
        QHash<QString, int> oldRows;
        for (int row = 0; row < before.size(); ++row)
            oldRows.insert(before[row], row);
        QCOMPARE(planRowSteps(before, after, oldRows), steps);
        // No more moves than rows that kept their ids.
        QVERIFY(countOf(steps, RowStep::Kind::Move) <= std::min(before.size(), after.size()));
    }
}

void TestOffersModel::setOffersMovesWithoutReset()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<QString> before = numbered(100);
    model.setOffers(offers(before));
    QCOMPARE(model.rowCount(), 100);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);

    QList<QString> after = before;
    after.removeAt(70);
    after.insert(1, QStringLiteral("new"));
    after.move(49, 2);
    model.setOffers(offers(after));

    QCOMPARE(resets.count(), 0);
    QCOMPARE(layouts.count(), 0);
    QCOMPARE(moves.count(), 1);
    QCOMPARE(inserts.count(), 1);
    QCOMPARE(removes.count(), 1);
    QCOMPARE(model.rowCount(), after.size());
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.index(row, OffersModel::RankColumn).data(OffersModel::JobIdRole).toString(),
                 after[row]);
        QCOMPARE(model.rowOf(after[row]), row);
        QCOMPARE(model.index(row, OffersModel::RankColumn).data().toInt(), row + 1);
    }
    QCOMPARE(model.rowOf(before[70]), -1);
    QVERIFY(!model.offerById(before[70]));
    QVERIFY(model.offerById(QStringLiteral("new")));
}

void TestOffersModel::persistentIndexFollowsItsRow()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<QString> before = numbered(50);
    model.setOffers(offers(before));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    // j20 itself does not change; j40 jumps over it to the top, one row above it leaves.
    const QPersistentModelIndex selected(model.index(20, OffersModel::ScoreColumn));
    const QPersistentModelIndex leaving(model.index(10, OffersModel::ScoreColumn));
    QList<QString> after = before;
    after.move(40, 0);
    after.removeOne(QStringLiteral("j10"));
    after.append(QStringLiteral("late"));
    QList<Offer> next = offers(after);
    model.setOffers(next);

    QCOMPARE(resets.count(), 0);
    QVERIFY(selected.isValid());
    QCOMPARE(selected.row(), int(after.indexOf(QStringLiteral("j20"))));
    QCOMPARE(selected.row(), 20); // one above it came, one above it left
    QCOMPARE(selected.column(), int(OffersModel::ScoreColumn));
    QCOMPARE(selected.data(OffersModel::JobIdRole).toString(), QStringLiteral("j20"));
    QVERIFY(!leaving.isValid());

    // Now it moves itself: the persistent index goes with it.
    after.move(20, 45);
    model.setOffers(offers(after));
    QCOMPARE(selected.row(), 45);
    QCOMPARE(selected.data(OffersModel::JobIdRole).toString(), QStringLiteral("j20"));
    QCOMPARE(resets.count(), 0);
}

void TestOffersModel::changedScoreEmitsDataChanged()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Offer> list = offers(numbered(10));
    model.setOffers(list);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);

    model.setOffers(list); // the same list: nothing at all
    QCOMPARE(changed.count(), 0);

    list[4].score += 1;      // a new score in place
    list[5].job.version = 2; // a new version of the job
    model.setOffers(list);
    QCOMPARE(moves.count(), 0);
    QCOMPARE(changed.count(), 1); // rows 4 and 5 in one run
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 4);
    QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), 5);
    QCOMPARE(model.index(4, OffersModel::ScoreColumn).data().toInt(), list[4].score);
    QCOMPARE(model.offerAt(5).job.version, 2);

    // A new photo leaves the job's version alone: the count tells the row changed.
    list[7].photoCount = 3;
    model.setOffers(list);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 7);
    QCOMPARE(model.index(7, OffersModel::PhotosColumn).data().toInt(), 3);
}

void TestOffersModel::randomRankingsKeepTheModelConsistent()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QRandomGenerator random(7);
    QList<QString> ids = numbered(30);
    int fresh = 0;
    for (int round = 0; round < 200; ++round) {
        QList<QString> next;
        for (const QString &id : std::as_const(ids)) {
            if (random.bounded(8) != 0)
                next.append(id);
        }
        const int added = int(random.bounded(4));
        for (int i = 0; i < added; ++i)
            next.insert(random.bounded(int(next.size()) + 1), QStringLiteral("f%1").arg(fresh++));
        for (int i = 0; i < 3 && next.size() > 1; ++i)
            next.move(random.bounded(int(next.size())), random.bounded(int(next.size())));
        model.setOffers(offers(next));
        ids = next;
        QCOMPARE(model.rowCount(), ids.size());
        for (int row = 0; row < ids.size(); ++row)
            QCOMPARE(model.rowOf(ids[row]), row);
        if (round % 10 == 9 && !ids.isEmpty()) {
            const QString gone = ids.takeAt(random.bounded(int(ids.size())));
            QVERIFY(model.removeJob(gone));
            QCOMPARE(model.rowOf(gone), -1);
        }
    }
    QCOMPARE(resets.count(), 0);
}

void TestOffersModel::removeJob()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOffers(offers(idList({"a", "b", "c"})));
    QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(model.removeJob(QStringLiteral("b")));
    QVERIFY(!model.removeJob(QStringLiteral("b")));
    QVERIFY(!model.removeJob(QStringLiteral("unknown")));
    QCOMPARE(removes.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(QStringLiteral("c")), 1);
    QCOMPARE(model.index(1, OffersModel::RankColumn).data().toInt(), 2);
}

void TestOffersModel::sameListAfterRemoveJobBringsTheRowBack()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<Offer> list = offers(idList({"a", "b", "c", "d"}));
    model.setOffers(list);
    QVERIFY(model.removeJob(QStringLiteral("b")));
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    model.setOffers(list); // the very list shown before: b is offered again
    QCOMPARE(inserts.count(), 1);
    QCOMPARE(model.rowCount(), 4);
    for (int row = 0; row < 4; ++row) {
        QCOMPARE(model.rowOf(list[row].job.id), row);
        QCOMPARE(model.index(row, OffersModel::RankColumn).data().toInt(), row + 1);
    }
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setOffers(list); // now nothing changed
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserts.count(), 1);
}

// A view that reads a rank only when a row enters or a dataChanged names it still shows
// row + 1 everywhere; rowOf(), offerById() and offerAt() agree after every setOffers() and
// removeJob(), also when removed ids come back (the id -> slot -> row index reuses slots).
void TestOffersModel::indexAndRanksFollowEveryMutation()
{
    OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<int> shown; // the ranks a view shows, as it learns of them from the signals
    const auto rankAt = [&model](int row) {
        return model.index(row, OffersModel::RankColumn).data().toInt();
    };
    connect(&model, &QAbstractItemModel::rowsInserted, &model,
            [&](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    shown.insert(row, rankAt(row));
            });
    connect(
        &model, &QAbstractItemModel::rowsRemoved, &model,
        [&](const QModelIndex &, int first, int last) { shown.remove(first, last - first + 1); });
    connect(&model, &QAbstractItemModel::rowsMoved, &model,
            [&](const QModelIndex &, int from, int, const QModelIndex &, int destination) {
                shown.move(from, destination > from ? destination - 1 : destination);
            });
    connect(&model, &QAbstractItemModel::dataChanged, &model,
            [&](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (topLeft.column() > OffersModel::RankColumn)
                    return;
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                    shown[row] = rankAt(row);
            });
    const auto check = [&](const QList<QString> &ids, const QString &step) {
        QCOMPARE(model.rowCount(), ids.size());
        for (int row = 0; row < ids.size(); ++row) {
            QVERIFY2(model.rowOf(ids[row]) == row, qPrintable(step + u' ' + ids[row]));
            QCOMPARE(model.offerById(ids[row])->job.id, ids[row]);
            QCOMPARE(model.offerAt(row).job.id, ids[row]);
            QCOMPARE(rankAt(row), row + 1);
            QVERIFY2(shown[row] == row + 1, qPrintable(step));
        }
    };

    QRandomGenerator random(11);
    const QList<QString> pool = numbered(40);
    QList<QString> ids;
    QList<Offer> list;
    for (int round = 0; round < 300; ++round) {
        if (round % 5 == 4 || random.bounded(3) == 0) {
            // A fresh ranking from the pool: removed ids come back, others leave or move.
            QList<QString> next;
            for (const QString &id : pool) {
                if (random.bounded(4) != 0)
                    next.append(id);
            }
            for (int i = 0; i < 3 && next.size() > 1; ++i)
                next.move(random.bounded(int(next.size())), random.bounded(int(next.size())));
            list = offers(next);
            ids = next;
        } else {
            ids.clear(); // the same list again: what removeJob() took comes back
            for (const Offer &o : std::as_const(list))
                ids.append(o.job.id);
        }
        model.setOffers(list);
        check(ids, QStringLiteral("setOffers %1").arg(round));
        for (int i = int(random.bounded(3)); i > 0 && !ids.isEmpty(); --i) {
            const QString gone = ids.takeAt(random.bounded(int(ids.size())));
            QVERIFY(model.removeJob(gone));
            QCOMPARE(model.rowOf(gone), -1);
            QVERIFY(!model.offerById(gone));
            check(ids, QStringLiteral("removeJob %1").arg(round));
        }
    }
}

void TestOffersModel::presentation()
{
    Offer o = offer(QStringLiteral("p1"));
    o.job.schedule = JobSchedule{QStringLiteral("2026-01-15"), QStringLiteral("America/Chicago"),
                                 QStringLiteral("12:00-15:00")};
    o.job.dueAt = QDateTime(QDate(2026, 1, 15), QTime(18, 0), QTimeZone::utc());
    o.statusScore = 1000;
    o.distanceScore = 480;
    o.urgencyScore = 300;
    o.score = 1780;
    o.distanceMiles = 4.3;
    o.job.fields = QJsonObject{{QStringLiteral("stateCode"), QStringLiteral("IL")},
                               {QStringLiteral("countryCode"), QStringLiteral("US")},
                               {QStringLiteral("pricing.kind"), QStringLiteral("flat")},
                               {QStringLiteral("pricing.amountCents"), 18900}};
    const QDateTime now = o.job.dueAt.addSecs(-20 * 3600 - 59);
    QCOMPARE(OffersModel::scoreToolTip(o.job, net::scoreOf(o), now),
             QStringLiteral("Customer picked a date +1000 \u00b7 4 mi away +480 \u00b7 "
                            "due in 20 h +300"));
    o.distanceScore = -125;
    o.distanceMiles.reset();
    o.job.schedule.reset();
    QCOMPARE(OffersModel::scoreToolTip(o.job, net::scoreOf(o), o.job.dueAt.addSecs(3600)),
             QStringLiteral("No date picked yet +1000 \u00b7 Distance unknown \u2212125 \u00b7 "
                            "overdue by 1 h +300"));

    QCOMPARE(OffersModel::formatArea(o.job), QStringLiteral("IL, US"));
    QVERIFY(OffersModel::formatPrice(o.job).startsWith(u'$'));
    QVERIFY(OffersModel::formatPrice(o.job).contains(QStringLiteral("189")));
    QVERIFY(OffersModel::formatMiles(std::nullopt).isEmpty());
    QVERIFY(OffersModel::formatMiles(4.3).contains(QStringLiteral("mi")));

    o.job.schedule = JobSchedule{QStringLiteral("2026-01-15"), QStringLiteral("America/Chicago"),
                                 QStringLiteral("12:00-15:00")};
    const QString when = OffersModel::formatWhen(o.job);
    QVERIFY2(when.contains(QStringLiteral("12:00")) && when.contains(QStringLiteral("15:00")),
             qPrintable(when));

    OffersModel model;
    model.setOffers({o});
    const QModelIndex score = model.index(0, OffersModel::ScoreColumn);
    QCOMPARE(score.data().toInt(), 1780);
    const auto breakdown = score.data(OffersModel::BreakdownRole).value<OfferScore>();
    QCOMPARE(breakdown.status, 1000);
    QCOMPARE(breakdown.distance, -125);
    QCOMPARE(breakdown.urgency, 300);
    QVERIFY(!score.data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.headerData(OffersModel::ScoreColumn, Qt::Horizontal).toString(),
             QStringLiteral("Score"));
}

QTEST_GUILESS_MAIN(TestOffersModel)
#include "tst_offersmodel.moc"
