#pragma once

#include "geopoint.h"
#include "job.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <limits>
#include <optional>
#include <vector>

namespace dispatch {

/// The offer priority score of docs/openapi.yaml "Offers": how attractive an open job is to a pro,
/// split into the three parts the wire shows as `breakdown`. dispatchd ranks `GET /offers`
/// with it and the console's offer queue shows the same numbers, so both sides use this one
/// implementation.
///
/// Boundaries, decided here because the protocol text leaves them open:
/// - status: `schedule` set +1000, otherwise +500.
/// - distance (both the job's `fields.geo` and the pro's point known): a bonus (miles < 10 →
///   +500; 10 ≤ miles < 25 → +200; beyond → 0) minus 5 × floor(miles) at every distance, so
///   9.9 mi is +455, 10 mi +150, 24.9 mi +80, 25 mi −125, 40 mi −200: the score falls by 5
///   at every whole mile and drops where a band ends, never rises. Either point missing → 0,
///   no distanceMiles.
/// - urgency from `dueAt − now`: < 24 h (overdue included) → +300; 24 h ≤ x < 48 h → +100;
///   48 h or more, or no dueAt → 0. Exactly 24 h is therefore +100, exactly 48 h is 0.
struct OfferScore {
    int total = 0;
    int status = 0;
    int distance = 0;
    int urgency = 0;
    std::optional<double> distanceMiles;

    friend bool operator==(const OfferScore &, const OfferScore &) = default;
};

/// Great-circle distance in statute miles (haversine, Earth radius 3958.8 mi).
double haversineMiles(const GeoPoint &a, const GeoPoint &b);

/// The parts of the score, exposed so their boundaries can be tested exactly.
int statusScore(const Job &job);
int distanceScore(std::optional<double> miles);
int urgencyScore(const QDateTime &dueAt, const QDateTime &now);

/// Scores `job` for a pro at `from` (their home, or the `?lat=&lng=` override) at `now`.
OfferScore scoreOffer(const Job &job, const std::optional<GeoPoint> &from, const QDateTime &now);

/// What the score and the ranking read from a job, extracted once: the geo point parsed, the
/// times as UTC milliseconds. Scoring 100,000 of these looks nothing up in a QJsonObject and
/// builds no QDateTime (the target: 100,000 offers scored and ranked in under 20 ms).
struct OfferInput {
    static constexpr qint64 Unset = std::numeric_limits<qint64>::max(); ///< sorts last
    std::optional<GeoPoint> geo;
    bool scheduled = false;
    qint64 dueMs = Unset;
    qint64 createdMs = Unset;
    QString id;

    friend bool operator==(const OfferInput &, const OfferInput &) = default;
};

OfferInput offerInput(const Job &job);
/// The same score as scoreOffer(const Job &, ...), from a pre-extracted input; `nowMs` is UTC
/// milliseconds.
OfferScore scoreOffer(const OfferInput &input, const std::optional<GeoPoint> &from, qint64 nowMs);
int urgencyScore(qint64 dueMs, qint64 nowMs);

/// The ranking of rankOffers() as indices: element k is the index (into `inputs` and
/// `scores`, which are parallel) of the k-th best offer. Nothing is moved, so a caller
/// ranking heavy values (Jobs) reorders only what it shows.
std::vector<qsizetype> rankOrder(const QList<OfferInput> &inputs, const QList<OfferScore> &scores);

struct RankedOffer {
    Job job;
    OfferScore score;
};

/// Sorts best first: higher total; ties: earlier dueAt (unset last), then earlier createdAt
/// (unset last), then the smaller id (ordinal string comparison, ids are opaque). The order
/// depends only on the offers, never on their input order, so it is the same on every call.
void rankOffers(QList<RankedOffer> &offers);

/// The wire's `breakdown`: {"status","distance","urgency"}.
QJsonObject toJson(const OfferScore &score);

} // namespace dispatch
