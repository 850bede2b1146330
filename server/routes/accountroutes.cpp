#include "apiroutes.h"

#include "authenticator.h"
#include "eventstream.h"
#include "httprouter.h"
#include "openoffercache.h"
#include "requestbody.h"
#include "servermetrics.h"
#include "userstore.h"

#include <QJsonArray>

#include <sodium.h>

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

/// How long a revocation waits for its own NOTIFY before answering anyway.
constexpr int kAnnounceTimeoutMs = 1000;

HttpResponse hashingBusy()
{
    return HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                               QStringLiteral("The server is busy checking passwords; try again "
                                              "in a moment."))
        .withHeader("Retry-After", "1");
}

HttpResponse loginResponse(const Authenticator::Login &login)
{
    switch (login.result) {
    case Authenticator::LoginResult::Ok:
        return HttpResponse::json(200,
                                  QJsonObject{
                                      {QStringLiteral("token"), QString::fromLatin1(login.token)},
                                      {QStringLiteral("user"), dispatch::toJson(login.user)},
                                      {QStringLiteral("expiresAt"), toWireTime(login.expiresAt)},
                                  });
    case Authenticator::LoginResult::InvalidCredentials:
        return HttpResponse::error(401, QStringLiteral("INVALID_CREDENTIALS"),
                                   QStringLiteral("The username or password is wrong."));
    case Authenticator::LoginResult::RateLimited:
        return HttpResponse::error(429, QStringLiteral("RATE_LIMITED"),
                                   QStringLiteral("Too many wrong passwords for this account; "
                                                  "wait before trying again."),
                                   {{QStringLiteral("retryAfter"), login.retryAfterSeconds}})
            .withHeader("Retry-After", QByteArray::number(login.retryAfterSeconds));
    case Authenticator::LoginResult::Busy:
        return hashingBusy();
    case Authenticator::LoginResult::Failed:
        break;
    }
    return HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                               QStringLiteral("Signing in failed; try again."));
}

/// 18 random bytes, URL-safe: a password shown once to the admin who reset it.
QString generatePassword()
{
    QByteArray raw(18, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding));
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
    , m_offerCache(std::make_unique<OpenOfferCache>(m_services.jobs, m_services.photos))
{}

ApiRoutes::~ApiRoutes() = default;

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
    registerUserRoutes(router);
    registerJobRoutes(router);
    registerOfferRoutes(router);
    registerPhotoRoutes(router);
    registerDraftRoutes(router);
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
                        // Operators only: loopback by default (docs/openapi.yaml "Service routes").
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
            // The password is checked on the hashing pool; the answer follows from there.
            auto deferred = std::make_shared<DeferredResponse>();
            m_services.auth.login(username.toString(), password.toString(),
                                  m_services.auth.clientAddress(request),
                                  [deferred](const Authenticator::Login &login) {
                                      deferred->finish(loginResponse(login));
                                  });
            return HttpResponse::later(deferred);
        });

    router.addRoute(
        "POST", QStringLiteral("/api/v1/auth/logout"), QStringLiteral("POST /auth/logout"),
        authed([this](const HttpRequest &request, const AuthUser &) {
            const QByteArray token = Authenticator::bearerToken(request.header("Authorization"));
            m_services.auth.logout(token);
            // Answer once every dispatchd has heard (PostgreSQL NOTIFY): the token then fails
            // everywhere, whichever instance the client asks next.
            auto deferred = std::make_shared<DeferredResponse>();
            m_services.auth.whenAnnounced(
                Authenticator::Revocation{Authenticator::Revocation::Kind::Token,
                                          Authenticator::tokenHash(token)},
                kAnnounceTimeoutMs, [deferred] { deferred->finish(HttpResponse::noContent(204)); });
            return HttpResponse::later(deferred);
        }));

    router.addRoute(
        "POST", QStringLiteral("/api/v1/users/<id>/password"),
        QStringLiteral("POST /users/{id}/password"),
        authed([this](const HttpRequest &request, const AuthUser &user) {
            if (user.role != Role::Admin)
                return forbidden(QStringLiteral("Only admins can reset passwords."));
            if (!request.body.trimmed().isEmpty())
                return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                           QStringLiteral("This route takes no body."));
            const QString userId = request.args.value(0);
            StoreError error;
            if (!m_services.users.find(userId, &error))
                return errorResponse(error);
            const QString password = generatePassword();
            auto deferred = std::make_shared<DeferredResponse>();
            const bool queued = m_services.auth.hasher().hash(
                password, [this, deferred, userId, password](const QString &hash) {
                    StoreError error;
                    if (hash.isEmpty() || !m_services.users.setPasswordHash(userId, hash, &error)) {
                        deferred->finish(hash.isEmpty() ? hashingBusy() : errorResponse(error));
                        return;
                    }
                    m_services.auth.revokeUser(userId);
                    m_services.auth.whenAnnounced(
                        Authenticator::Revocation{Authenticator::Revocation::Kind::User, userId},
                        kAnnounceTimeoutMs, [deferred, password] {
                            deferred->finish(HttpResponse::json(
                                200, QJsonObject{{QStringLiteral("password"), password}}));
                        });
                });
            if (!queued)
                return hashingBusy();
            return HttpResponse::later(deferred);
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
            newUser.name = name.toString().trimmed();
            newUser.role = *role;
            auto deferred = std::make_shared<DeferredResponse>();
            const bool queued = m_services.auth.hasher().hash(
                password.toString(), [this, deferred, newUser](const QString &hash) mutable {
                    if (hash.isEmpty()) {
                        deferred->finish(hashingBusy());
                        return;
                    }
                    newUser.passwordHash = hash;
                    StoreError storeError;
                    const auto created = m_services.users.create(newUser, &storeError);
                    deferred->finish(created ? HttpResponse::json(201, dispatch::toJson(*created))
                                             : errorResponse(storeError));
                });
            if (!queued)
                return hashingBusy();
            return HttpResponse::later(deferred);
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
                items.append(dispatch::toJson(listed));
            return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
        }));

    router.addRoute("GET", QStringLiteral("/api/v1/events"), QStringLiteral("GET /events"),
                    authed([this](const HttpRequest &request, const AuthUser &user) {
                        return m_services.events.poll(request, user);
                    }));
}

} // namespace dispatch::server
