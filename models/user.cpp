#include "user.h"

namespace dispatch {

QJsonObject toJson(const User &user)
{
    return QJsonObject{
        {QStringLiteral("id"), user.id},
        {QStringLiteral("username"), user.username},
        {QStringLiteral("name"), user.name},
        {QStringLiteral("role"), toWire(user.role)},
        {QStringLiteral("home"),
         user.home ? QJsonValue(toJson(*user.home)) : QJsonValue(QJsonValue::Null)},
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
    return user;
}

} // namespace dispatch
