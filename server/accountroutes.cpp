#include "apiroutes.h"

#include "authenticator.h"
#include "eventstream.h"
#include "httprouter.h"
#include "requestbody.h"
#include "servermetrics.h"
#include "userstore.h"

#include <QJsonArray>

namespace dispatch::server {

namespace {

HttpResponse unauthenticated()
{
    return HttpResponse::error(401, QStringLiteral("UNAUTHENTICATED"),
                               QStringLiteral("Sign in first: the token is missing, unknown or "
                                              "expired."))
        .withHeader("WWW-Authenticate", "Bearer");
}

HttpResponse forbidden(const QString &message)
{
    return HttpResponse::error(403, QStringLiteral("FORBIDDEN"), message);
}

HttpResponse invalid(const QString &field, const QString &reason)
{
    return HttpResponse::error(
        400, QStringLiteral("INVALID_VALUE"), QStringLiteral("%1 %2.").arg(field, reason),
        {{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}});
}

} // namespace

ApiRoutes::ApiRoutes(Services services)
    : m_services(std::move(services))
{}

HttpHandler ApiRoutes::authed(AuthedHandler handler)
{
    return [this, handler = std::move(handler)](const HttpRequest &request) {
        const QByteArray token = Authenticator::bearerToken(request.header("Authorization"));
        const auto user = m_services.auth.userForToken(token);
        if (!user)
            return unauthenticated();
        return handler(request, *user);
    };
}

void ApiRoutes::registerAll(HttpRouter &router)
{
    registerServiceRoutes(router);
    registerAccountRoutes(router);
    registerJobRoutes(router);
    registerOfferRoutes(router);
}

void ApiRoutes::registerServiceRoutes(HttpRouter &router)
{
    router.addRoute("GET", QStringLiteral("/healthz"), QStringLiteral("GET /healthz"),
                    [this](const HttpRequest &) {
                        if (m_services.databaseHealthy && !m_services.databaseHealthy())
                            return HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                                                       QStringLiteral("The database does not "
                                                                      "answer."));
                        return HttpResponse::json(
                            200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
                    });
    router.addRoute("GET", QStringLiteral("/metrics"), QStringLiteral("GET /metrics"),
                    [this](const HttpRequest &request) {
                        // Operators only: loopback by default (PROTOCOL.md "Service routes").
                        if (!request.peer.isLoopback())
                            return forbidden(
                                QStringLiteral("Metrics are served on loopback only."));
                        return HttpResponse::text(200, m_services.metrics.renderPrometheus(),
                                                  "text/plain; version=0.0.4; charset=utf-8");
                    });
}

void ApiRoutes::registerAccountRoutes(HttpRouter &router)
{
    router.addRoute(
        "POST", QStringLiteral("/api/v1/auth/login"), QStringLiteral("POST /auth/login"),
        [this](const HttpRequest &request) {
            HttpResponse error;
            const auto body = parseJsonBody(
                request, {QStringLiteral("username"), QStringLiteral("password")}, &error);
            if (!body)
                return error;
            const QJsonValue username = body->value(QLatin1String("username"));
            const QJsonValue password = body->value(QLatin1String("password"));
            if (!username.isString() || !password.isString())
                return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                           QStringLiteral("\"username\" and \"password\" must be "
                                                          "strings."));
            const auto login =
                m_services.auth.login(username.toString(), password.toString(), request.peer);
            switch (login.result) {
            case Authenticator::LoginResult::Ok:
                return HttpResponse::json(
                    200, QJsonObject{
                             {QStringLiteral("token"), QString::fromLatin1(login.token)},
                             {QStringLiteral("user"), UserStore::toJson(login.user)},
                             {QStringLiteral("expiresAt"),
                              toWireTime(QDateTime::currentDateTimeUtc().addSecs(
                                  m_services.auth.tokenLifetimeSeconds()))},
                         });
            case Authenticator::LoginResult::InvalidCredentials:
                return HttpResponse::error(401, QStringLiteral("INVALID_CREDENTIALS"),
                                           QStringLiteral("The username or password is wrong."));
            case Authenticator::LoginResult::RateLimited:
                return HttpResponse::error(
                           429, QStringLiteral("RATE_LIMITED"),
                           QStringLiteral("Too many failed sign-ins; wait a few minutes."),
                           {{QStringLiteral("retryAfter"), login.retryAfterSeconds}})
                    .withHeader("Retry-After", QByteArray::number(login.retryAfterSeconds));
            case Authenticator::LoginResult::Failed:
                break;
            }
            return HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                                       QStringLiteral("Signing in failed; try again."));
        });

    router.addRoute(
        "POST", QStringLiteral("/api/v1/auth/logout"), QStringLiteral("POST /auth/logout"),
        authed([this](const HttpRequest &request, const AuthUser &) {
            m_services.auth.logout(Authenticator::bearerToken(request.header("Authorization")));
            return HttpResponse::noContent(204);
        }));

    router.addRoute(
        "POST", QStringLiteral("/api/v1/users"), QStringLiteral("POST /users"),
        authed([this](const HttpRequest &request, const AuthUser &user) {
            if (user.role != Role::Admin)
                return forbidden(QStringLiteral("Only admins can create users."));
            HttpResponse error;
            const auto body = parseJsonBody(request,
                                            {QStringLiteral("username"), QStringLiteral("password"),
                                             QStringLiteral("name"), QStringLiteral("role"),
                                             QStringLiteral("home")},
                                            &error);
            if (!body)
                return error;
            UserStore::NewUser newUser;
            const QJsonValue username = body->value(QLatin1String("username"));
            const QJsonValue password = body->value(QLatin1String("password"));
            const QJsonValue name = body->value(QLatin1String("name"));
            static const QRegularExpression usernamePattern(
                QStringLiteral("^[A-Za-z0-9._-]{2,64}$"));
            if (!username.isString() || !usernamePattern.match(username.toString()).hasMatch())
                return invalid(QStringLiteral("username"),
                               QStringLiteral("must be 2 to 64 letters, digits, '.', '_' or '-'"));
            if (!password.isString() || password.toString().size() < 8 ||
                password.toString().size() > 256)
                return invalid(QStringLiteral("password"),
                               QStringLiteral("must be 8 to 256 characters"));
            if (!name.isString() || name.toString().trimmed().isEmpty() ||
                name.toString().size() > 200)
                return invalid(QStringLiteral("name"),
                               QStringLiteral("must be 1 to 200 characters"));
            const auto role = roleFromWire(body->value(QLatin1String("role")).toString());
            if (!role)
                return invalid(QStringLiteral("role"),
                               QStringLiteral("must be admin, dispatcher or pro"));
            const QJsonValue home = body->value(QLatin1String("home"));
            if (!home.isNull() && !home.isUndefined()) {
                newUser.home = geoFromJson(home);
                if (!newUser.home || std::abs(newUser.home->lat) > 90 ||
                    std::abs(newUser.home->lng) > 180)
                    return invalid(
                        QStringLiteral("home"),
                        QStringLiteral("must be {\"lat\", \"lng\"} in degrees, or null"));
            }
            newUser.username = username.toString();
            newUser.password = password.toString();
            newUser.name = name.toString().trimmed();
            newUser.role = *role;
            StoreError storeError;
            const auto created = m_services.users.create(newUser, &storeError);
            if (!created)
                return errorResponse(storeError);
            return HttpResponse::json(201, UserStore::toJson(*created));
        }));

    router.addRoute(
        "GET", QStringLiteral("/api/v1/users"), QStringLiteral("GET /users"),
        authed([this](const HttpRequest &request, const AuthUser &user) {
            if (!user.isOffice())
                return forbidden(QStringLiteral("Only admins and dispatchers can "
                                                "list users."));
            std::optional<Role> role;
            const QString wanted = request.query.queryItemValue(QStringLiteral("role"));
            if (!wanted.isEmpty()) {
                role = roleFromWire(wanted);
                if (!role)
                    return invalid(QStringLiteral("role"),
                                   QStringLiteral("must be admin, dispatcher or pro"));
            }
            StoreError error;
            const auto users = m_services.users.list(role, &error);
            if (!users)
                return errorResponse(error);
            QJsonArray items;
            for (const AuthUser &listed : *users)
                items.append(UserStore::toJson(listed));
            return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
        }));

    router.addRoute("GET", QStringLiteral("/api/v1/events"), QStringLiteral("GET /events"),
                    authed([this](const HttpRequest &request, const AuthUser &user) {
                        return m_services.events.poll(request, user);
                    }));
}

} // namespace dispatch::server
