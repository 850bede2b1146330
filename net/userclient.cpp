#include "userclient.h"

#include <QJsonDocument>
#include <QUrl>

namespace dispatch::net {

namespace {
QString userPath(const QString &id, QStringView suffix = {})
{
    return u"/users/" + QString::fromLatin1(QUrl::toPercentEncoding(id)) + suffix;
}

QJsonValue homeJson(const std::optional<GeoPoint> &home)
{
    return home ? QJsonValue(toJson(*home)) : QJsonValue(QJsonValue::Null);
}
} // namespace

UserClient::UserClient(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{}

UserResult UserClient::userResultFrom(const RawReply &reply)
{
    UserResult result;
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    if (reply.httpStatus < 200 || reply.httpStatus >= 300) {
        result.error = m_api->errorOf(reply);
        const QJsonObject current = body.value(u"error").toObject().value(u"current").toObject();
        if (!current.isEmpty())
            result.current = userFromJson(current);
        return result;
    }
    const auto user = userFromJson(body);
    if (!user) {
        result.error = ApiError::unexpected(reply.httpStatus, QStringLiteral("malformed user"));
        return result;
    }
    result.user = *user;
    return result;
}

void UserClient::getUser(const QString &id, QObject *context, Callback<UserResult> done)
{
    m_api->sendJson("GET", userPath(id), {}, {}, {}, context,
                    [this, done](const RawReply &reply) { done(userResultFrom(reply)); });
}

void UserClient::createUser(const NewUser &user, QObject *context, Callback<UserResult> done)
{
    const QJsonObject body{{QStringLiteral("username"), user.username},
                           {QStringLiteral("password"), user.password},
                           {QStringLiteral("name"), user.name},
                           {QStringLiteral("role"), toWire(user.role)},
                           {QStringLiteral("home"), homeJson(user.home)}};
    m_api->sendJson("POST", QStringLiteral("/users"), {}, body, {}, context,
                    [this, done](const RawReply &reply) { done(userResultFrom(reply)); });
}

void UserClient::updateUser(const User &base, const UserChange &change, QObject *context,
                            Callback<UserResult> done)
{
    QJsonObject body;
    if (change.name)
        body.insert(QStringLiteral("name"), *change.name);
    if (change.role)
        body.insert(QStringLiteral("role"), toWire(*change.role));
    if (change.home)
        body.insert(QStringLiteral("home"), homeJson(*change.home));
    if (change.active)
        body.insert(QStringLiteral("active"), *change.active);
    m_api->sendJson("PATCH", userPath(base.id), {}, body,
                    {{QByteArrayLiteral("If-Match"), base.etag().toIfMatchHeader()}}, context,
                    [this, done](const RawReply &reply) { done(userResultFrom(reply)); });
}

void UserClient::resetPassword(const QString &userId, QObject *context,
                               Callback<PasswordResult> done)
{
    m_api->sendJson(
        "POST", userPath(userId, u"/password"), {}, {}, {}, context,
        [this, done](const RawReply &reply) {
            PasswordResult result;
            if (reply.httpStatus != 200)
                result.error = m_api->errorOf(reply);
            else
                result.password =
                    QJsonDocument::fromJson(reply.body).object().value(u"password").toString();
            done(result);
        });
}

void UserClient::changeOwnPassword(const QString &current, const QString &fresh, QObject *context,
                                   Callback<ApiError> done)
{
    const QJsonObject body{{QStringLiteral("current"), current}, {QStringLiteral("new"), fresh}};
    m_api->sendJson("POST", QStringLiteral("/auth/password"), {}, body, {}, context,
                    [this, done](const RawReply &reply) {
                        done(reply.httpStatus == 204 ? ApiError{} : m_api->errorOf(reply));
                    });
}

} // namespace dispatch::net
