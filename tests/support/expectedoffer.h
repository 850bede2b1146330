#pragma once

#include <QAbstractItemModel>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace dispatch::test {

/// The offer score of docs/openapi.yaml "Offers", written out again for the tests so they do not
/// trust the server's copy (models/priorityscore). One oracle for every suite that checks a
/// ranking.

inline constexpr double kEarthRadiusMiles = 3958.8;

/// Great-circle distance by the haversine formula, in miles.
double haversineMiles(double lat1, double lng1, double lat2, double lng2);

/// One offer as a test expects the server to score it.
struct ExpectedOffer {
    QString id;
    int status = 0;   ///< +1000 with a schedule, +500 without
    int distance = 0; ///< the band's bonus (< 10 mi +500, < 25 mi +200) − 5 per whole mile
    int urgency = 0;  ///< due in < 24 h (or overdue) +300, < 48 h +100
    std::optional<double> miles;
    QDateTime dueAt;
    QDateTime createdAt;
    int total() const { return status + distance + urgency; }
};

/// `job` as the wire has it; `from` is (lat, lng), or nothing when the caller has no place.
ExpectedOffer expectedOffer(const QJsonObject &job, std::optional<std::pair<double, double>> from,
                            const QDateTime &now);

/// The protocol's order: higher total first, then earlier dueAt (none last), earlier createdAt,
/// smaller id.
bool rankedBefore(const ExpectedOffer &a, const ExpectedOffer &b);

/// The job ids of a `GET /offers` (or `/jobs/{id}/candidates`-style `{"items":[{member:{"id"}}]}`)
/// answer, in the server's order.
QStringList rankedIds(const QJsonObject &answer, const QString &member = QStringLiteral("job"));
/// A model's column-0 values of `role` (a job id role) for each row, top to bottom: what a
/// view shows, to compare with rankedIds().
QStringList rowIds(const QAbstractItemModel *model, int role);

} // namespace dispatch::test
