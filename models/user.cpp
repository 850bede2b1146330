#include "user.h"

namespace dispatch {

Etag User::etag() const
{
    return Etag::strong(QByteArray(id.toUtf8() + '.' + QByteArray::number(version)));
}

QJsonObject toJson(const User &user)
{
    return QJsonObject{
        {QStringLiteral("id"), user.id},
        {QStringLiteral("username"), user.username},
        {QStringLiteral("name"), user.name},
        {QStringLiteral("role"), toWire(user.role)},
        {QStringLiteral("home"),
         user.home ? QJsonValue(toJson(*user.home)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("active"), user.active},
        {QStringLiteral("version"), user.version},
    };
}

std::optional<User> userFromJson(const QJsonObject &object)
{
    User user;
    user.id = object.value(QLatin1String("id")).toString();
    user.username = object.value(QLatin1String("username")).toString();
    user.name = object.value(QLatin1String("name")).toString();
    const auto role = roleFromWire(object.value(QLatin1String("role")).toString());
    if (user.id.isEmpty() || !role)
        return std::nullopt;
    user.role = *role;
    user.home = geoFromJson(object.value(QLatin1String("home")));
    user.active = object.value(QLatin1String("active")).toBool(true);
    user.version = object.value(QLatin1String("version")).toInt(1);
    return user;
}

} // namespace dispatch
