#pragma once

#include <QJsonObject>

#include <optional>

namespace dispatch {

/// A point on Earth in degrees (WGS 84), as the protocol's `{"lat","lng"}`.
struct GeoPoint {
    double lat = 0;
    double lng = 0;

    friend bool operator==(const GeoPoint &, const GeoPoint &) = default;
};

/// Reads `{"lat","lng"}`; nothing for null or a malformed value.
inline std::optional<GeoPoint> geoFromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    const QJsonValue lat = object.value(QLatin1String("lat"));
    const QJsonValue lng = object.value(QLatin1String("lng"));
    if (!lat.isDouble() || !lng.isDouble())
        return std::nullopt;
    return GeoPoint{lat.toDouble(), lng.toDouble()};
}

inline QJsonObject toJson(const GeoPoint &point)
{
    return QJsonObject{{QStringLiteral("lat"), point.lat}, {QStringLiteral("lng"), point.lng}};
}

} // namespace dispatch
