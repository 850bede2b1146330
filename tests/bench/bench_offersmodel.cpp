// 10,000 offers in the Offers view's model (ui/offers): one event applied as a new ranking
// without a reset (one offer leaves, one new offer enters at rank 2, one moves from rank 5000
// to rank 3), the way back, an unchanged list, removeJob(), and planRowSteps() alone. Median
// and max of many runs; the target is under 1 ms per event. Prints figures; never pass/fail.
// Run a Release build:
//   bench_offersmodel [offers] [runs]
#include <fieldkeys.h>
#include <offersmodel.h>
#include <rowsteps.h>

#include "benchfigures.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPersistentModelIndex>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace dispatch;
using dispatch::bench::Figures;
using net::Offer;

namespace {

QList<Offer> makeOffers(int count)
{
    const QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(8, 0)).toUTC();
    QList<Offer> offers;
    offers.reserve(count);
    for (int i = 0; i < count; ++i) {
        Offer offer;
        Job &job = offer.job;
        job.id = QStringLiteral("j_%1").arg(i, 8, 36, QLatin1Char('0'));
        job.version = 1 + i % 7;
        job.fields = emptyJobFields();
        job.fields.insert(FieldKey::Title, QStringLiteral("Leaking kitchen faucet %1").arg(i));
        job.fields.insert(FieldKey::StateCode, QStringLiteral("TX"));
        job.fields.insert(FieldKey::CountryCode, QStringLiteral("US"));
        job.fields.insert(FieldKey::PricingKind, QStringLiteral("flat"));
        job.fields.insert(FieldKey::PricingAmountCents, 10000 + i);
        job.dueAt = start.addSecs(qint64(i) * 60);
        job.createdAt = start;
        offer.statusScore = 1000;
        offer.distanceScore = 480 - i % 400;
        offer.urgencyScore = 0;
        offer.score = 100000 - i; // already ranked
        offer.distanceMiles = 4.0 + (i % 400) / 5.0;
        offers.append(offer);
    }
    return offers;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 10000;
    const int runs = argc > 2 ? QByteArray(argv[2]).toInt() : 201;
    if (count < 7001 || runs < 1) {
        std::fprintf(stderr, "usage: bench_offersmodel [offers >= 7001] [runs]\n");
        return 2;
    }

    const QList<Offer> base = makeOffers(count);
    // The event: rank 7001 leaves, a new offer enters at rank 2, rank 5000 moves to rank 3.
    QList<Offer> next = base;
    next.removeAt(7000);
    Offer fresh = makeOffers(1).first();
    fresh.job.id = QStringLiteral("fresh");
    next.insert(1, fresh);
    next.move(4999, 2);

    QList<QString> baseIds, nextIds;
    for (const Offer &offer : base)
        baseIds.append(offer.job.id);
    for (const Offer &offer : next)
        nextIds.append(offer.job.id);

    OffersModel model;
    QElapsedTimer timer;
    timer.start();
    model.setOffers(base);
    std::printf("offers: %d   first load (one insert): %.2f ms\n", count,
                double(timer.nsecsElapsed()) / 1e6);
    // A view's selection: a persistent index the moves must keep up to date.
    const QPersistentModelIndex selected(model.index(4000, OffersModel::ScoreColumn));

    const QList<RowStep> steps = planRowSteps(baseIds, nextIds);
    int removes = 0, inserts = 0, moves = 0;
    for (const RowStep &step : steps) {
        removes += step.kind == RowStep::Kind::Remove;
        inserts += step.kind == RowStep::Kind::Insert;
        moves += step.kind == RowStep::Kind::Move;
    }
    std::printf("the event plans as %d remove, %d insert, %d move step(s)\n", removes, inserts,
                moves);

    QHash<QString, int> baseRows;
    for (int row = 0; row < baseIds.size(); ++row)
        baseRows.insert(baseIds[row], row);

    Figures forward, back, same, plan, planWithRows, remove;
    int rowsMoved = 0, resets = 0;
    QObject::connect(&model, &QAbstractItemModel::rowsMoved, &model, [&rowsMoved] { ++rowsMoved; });
    QObject::connect(&model, &QAbstractItemModel::modelReset, &model, [&resets] { ++resets; });
    for (int run = 0; run < runs; ++run) {
        timer.restart();
        model.setOffers(next);
        forward.add(timer.nsecsElapsed());

        timer.restart();
        model.setOffers(next);
        same.add(timer.nsecsElapsed());

        timer.restart();
        model.setOffers(base);
        back.add(timer.nsecsElapsed());

        timer.restart();
        const QList<RowStep> planned = planRowSteps(baseIds, nextIds);
        plan.add(timer.nsecsElapsed());
        if (planned.size() != steps.size())
            return 1;

        timer.restart();
        const QList<RowStep> plannedWithRows = planRowSteps(baseIds, nextIds, baseRows);
        planWithRows.add(timer.nsecsElapsed());
        if (plannedWithRows != steps)
            return 1;

        timer.restart();
        model.removeJob(base[5000].job.id);
        remove.add(timer.nsecsElapsed());
        model.setOffers(base); // put it back (untimed)
    }
    forward.print("setOffers: the event (leave, enter at 2, 5000 -> 3)");
    back.print("setOffers: the way back");
    same.print("setOffers: the same list again");
    plan.print("planRowSteps alone (the event), hashing the new ids");
    planWithRows.print("planRowSteps alone (the event), with the old id -> row hash");
    remove.print("removeJob (row 5001)");
    std::printf(
        "rowsMoved signals: %d (expected %d), modelReset: %d; selection at row %d, job %s\n",
        rowsMoved, 2 * runs, resets, selected.row(),
        qPrintable(selected.data(OffersModel::JobIdRole).toString()));
    return 0;
}
