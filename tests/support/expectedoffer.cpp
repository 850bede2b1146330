#include "expectedoffer.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace Qt::StringLiterals;

namespace dispatch::test {

double haversineMiles(double lat1, double lng1, double lat2, double lng2)
{
    const auto rad = [](double degrees) { return degrees * std::numbers::pi / 180.0; };
    const double dLat = rad(lat2 - lat1);
    const double dLng = rad(lng2 - lng1);
    const double h =
        std::sin(dLat / 2) * std::sin(dLat / 2) +
        std::cos(rad(lat1)) * std::cos(rad(lat2)) * std::sin(dLng / 2) * std::sin(dLng / 2);
    return 2 * kEarthRadiusMiles * std::asin(std::sqrt(std::min(1.0, h)));
}

ExpectedOffer expectedOffer(const QJsonObject &job, std::optional<std::pair<double, double>> from,
                            const QDateTime &now)
{
    ExpectedOffer offer;
    offer.id = job[u"id"_s].toString();
    offer.status = job[u"schedule"_s].isObject() ? 1000 : 500;
    const QJsonValue geo = job[u"fields"_s][u"geo"_s];
    if (from && geo.isObject()) {
        offer.miles = haversineMiles(from->first, from->second, geo[u"lat"_s].toDouble(),
                                     geo[u"lng"_s].toDouble());
        const int bonus = *offer.miles < 10 ? 500 : *offer.miles < 25 ? 200 : 0;
        // "−5 per whole mile": floor, as models/priorityscore.h pins it.
        offer.distance = bonus - 5 * int(std::floor(*offer.miles));
    }
    offer.dueAt = QDateTime::fromString(job[u"dueAt"_s].toString(), Qt::ISODate);
    if (offer.dueAt.isValid()) {
        const qint64 ms = now.msecsTo(offer.dueAt);
        offer.urgency = ms < 24 * 3600000LL ? 300 : ms < 48 * 3600000LL ? 100 : 0;
    }
    offer.createdAt = QDateTime::fromString(job[u"createdAt"_s].toString(), Qt::ISODate);
    return offer;
}

bool rankedBefore(const ExpectedOffer &a, const ExpectedOffer &b)
{
    if (a.total() != b.total())
        return a.total() > b.total();
    if (a.dueAt.isValid() != b.dueAt.isValid())
        return a.dueAt.isValid();
    if (a.dueAt != b.dueAt)
        return a.dueAt < b.dueAt;
    if (a.createdAt != b.createdAt)
        return a.createdAt < b.createdAt;
    return a.id < b.id;
}

QStringList rankedIds(const QJsonObject &answer, const QString &member)
{
    QStringList ids;
    const QJsonArray items = answer.value(QLatin1String("items")).toArray();
    for (const QJsonValue &item : items)
        ids.append(item[member][QLatin1String("id")].toString());
    return ids;
}

QStringList rowIds(const QAbstractItemModel *model, int role)
{
    QStringList ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids.append(model->index(row, 0).data(role).toString());
    return ids;
}

} // namespace dispatch::test
