#include "priorityscore.h"

#include "fieldkeys.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace dispatch {

namespace {

constexpr double EarthRadiusMiles = 3958.8;
constexpr qint64 HourMs = 3600 * 1000;

double radians(double degrees)
{
    return degrees * std::numbers::pi / 180.0;
}

} // namespace

double haversineMiles(const GeoPoint &a, const GeoPoint &b)
{
    const double lat1 = radians(a.lat);
    const double lat2 = radians(b.lat);
    const double sinDLat = std::sin((lat2 - lat1) / 2);
    const double sinDLng = std::sin(radians(b.lng - a.lng) / 2);
    const double h = sinDLat * sinDLat + std::cos(lat1) * std::cos(lat2) * sinDLng * sinDLng;
    // Rounding can push h a hair above 1 for antipodal points; asin would return NaN.
    return 2 * EarthRadiusMiles * std::asin(std::sqrt(std::min(1.0, h)));
}

int statusScore(const Job &job)
{
    // A schedule means the customer chose a date: those jobs come first.
    return job.schedule ? 1000 : 500;
}

int distanceScore(std::optional<double> miles)
{
    if (!miles || !std::isfinite(*miles))
        return 0;
    // docs/openapi.yaml "Offers": a bonus by band plus −5 per whole mile at every distance, so
    // the score never rises as a job gets farther (no cliff where a band ends). Whole miles
    // only (floor): a score changes at each mile boundary, and two offers a few yards apart
    // do not reorder on rounding noise.
    const int bonus = *miles < 10 ? 500 : *miles < 25 ? 200 : 0;
    return bonus - 5 * static_cast<int>(std::floor(*miles));
}

int urgencyScore(const QDateTime &dueAt, const QDateTime &now)
{
    if (!dueAt.isValid() || !now.isValid())
        return 0;
    const qint64 untilDue = dueAt.toMSecsSinceEpoch() - now.toMSecsSinceEpoch();
    if (untilDue < 24 * HourMs) // overdue (negative) counts as due within a day
        return 300;
    if (untilDue < 48 * HourMs)
        return 100;
    return 0;
}

int urgencyScore(qint64 dueMs, qint64 nowMs)
{
    if (dueMs == OfferInput::Unset)
        return 0;
    const qint64 untilDue = dueMs - nowMs;
    if (untilDue < 24 * HourMs) // overdue (negative) counts as due within a day
        return 300;
    if (untilDue < 48 * HourMs)
        return 100;
    return 0;
}

OfferInput offerInput(const Job &job)
{
    const auto msecs = [](const QDateTime &time) {
        return time.isValid() ? time.toMSecsSinceEpoch() : OfferInput::Unset;
    };
    return {geoFromJson(job.fields.value(FieldKey::Geo)), job.schedule.has_value(),
            msecs(job.dueAt), msecs(job.createdAt), job.id};
}

OfferScore scoreOffer(const OfferInput &input, const std::optional<GeoPoint> &from, qint64 nowMs)
{
    OfferScore score;
    // A schedule means the customer chose a date: those jobs come first (statusScore()).
    score.status = input.scheduled ? 1000 : 500;
    if (from && input.geo) {
        const double miles = haversineMiles(*from, *input.geo);
        if (std::isfinite(miles))
            score.distanceMiles = miles;
    }
    score.distance = distanceScore(score.distanceMiles);
    score.urgency = urgencyScore(input.dueMs, nowMs);
    score.total = score.status + score.distance + score.urgency;
    return score;
}

OfferScore scoreOffer(const Job &job, const std::optional<GeoPoint> &from, const QDateTime &now)
{
    if (!now.isValid()) {
        OfferScore score = scoreOffer(offerInput(job), from, 0);
        score.total -= score.urgency; // no "now", no urgency (urgencyScore(QDateTime, ...))
        score.urgency = 0;
        return score;
    }
    return scoreOffer(offerInput(job), from, now.toMSecsSinceEpoch());
}

namespace {

/// What ranking compares, gathered once per offer rather than once per comparison.
struct RankKey {
    int total;
    qsizetype index;
    qint64 due;
    qint64 created;
    const QString *id;
};

// Higher score first; ties: earlier due (unset last), earlier created, smaller id.
bool rankedBefore(const RankKey &a, const RankKey &b)
{
    if (a.total != b.total)
        return a.total > b.total;
    if (a.due != b.due)
        return a.due < b.due;
    if (a.created != b.created)
        return a.created < b.created;
    if (const int byId = QString::compare(*a.id, *b.id, Qt::CaseSensitive); byId != 0)
        return byId < 0;
    return a.index < b.index; // identical offers: keep input order
}

} // namespace

std::vector<qsizetype> rankOrder(const QList<OfferInput> &inputs, const QList<OfferScore> &scores)
{
    Q_ASSERT(inputs.size() == scores.size());
    // Sort small keys holding what the comparison reads, not indices into the lists: the
    // comparisons then touch one contiguous array.
    std::vector<RankKey> keys;
    keys.reserve(static_cast<size_t>(inputs.size()));
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const OfferInput &in = inputs.at(i);
        keys.push_back({scores.at(i).total, i, in.dueMs, in.createdMs, &in.id});
    }
    std::sort(keys.begin(), keys.end(), rankedBefore);
    std::vector<qsizetype> order;
    order.reserve(keys.size());
    for (const RankKey &key : keys)
        order.push_back(key.index);
    return order;
}

void rankOffers(QList<RankedOffer> &offers)
{
    // Sort small keys, not the offers: a RankedOffer is 288 bytes, and dueAt/createdAt are
    // read once per offer instead of once per comparison (tests/bench/bench_priority.cpp).
    constexpr qint64 Unset = std::numeric_limits<qint64>::max(); // unset times sort last
    const auto msecs = [](const QDateTime &time) {
        return time.isValid() ? time.toMSecsSinceEpoch() : Unset;
    };

    std::vector<RankKey> keys;
    keys.reserve(static_cast<size_t>(offers.size()));
    for (qsizetype i = 0; i < offers.size(); ++i) {
        const RankedOffer &offer = std::as_const(offers)[i];
        keys.push_back({offer.score.total, i, msecs(offer.job.dueAt), msecs(offer.job.createdAt),
                        &offer.job.id});
    }

    std::sort(keys.begin(), keys.end(), rankedBefore);

    // Apply the order in place, one cycle of the permutation at a time: every offer moves
    // once, and no second 100,000-element list is allocated (page faults) and destroyed.
    std::vector<qsizetype> source(keys.size()); // source[p]: index of the offer that goes to p
    for (size_t p = 0; p < keys.size(); ++p)
        source[p] = keys[p].index;
    RankedOffer *data = offers.data();
    for (qsizetype start = 0; start < qsizetype(source.size()); ++start) {
        if (source[start] == start)
            continue;
        RankedOffer held = std::move(data[start]);
        qsizetype hole = start;
        while (source[hole] != start) {
            const qsizetype next = source[hole];
            data[hole] = std::move(data[next]);
            source[hole] = hole;
            hole = next;
        }
        data[hole] = std::move(held);
        source[hole] = hole;
    }
}

QJsonObject toJson(const OfferScore &score)
{
    return QJsonObject{{QStringLiteral("status"), score.status},
                       {QStringLiteral("distance"), score.distance},
                       {QStringLiteral("urgency"), score.urgency}};
}

} // namespace dispatch
