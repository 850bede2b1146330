// The user routes beyond creating and listing (docs/openapi.yaml "Authentication and roles"):
// one user with its ETag, an admin's change with If-Match (deactivating or changing a role ends
// every session of that user at once), and a user's change of their own password.
#include "apiroutes.h"

#include "authenticator.h"
#include "httprouter.h"
#include "passwordhasher.h"
#include "requestbody.h"
#include "userstore.h"

#include <cmath>

namespace dispatch::server {

namespace {

/// How long a revocation waits for its own NOTIFY before answering anyway.
constexpr int kAnnounceTimeoutMs = 1000;

HttpResponse invalidValue(const QString &field, const QString &reason)
{
    return HttpResponse::error(
        400, QStringLiteral("INVALID_VALUE"), QStringLiteral("%1 %2.").arg(field, reason),
        {{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}});
}

HttpResponse busyHashing()
{
    return HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                               QStringLiteral("The server is busy checking passwords; try again "
                                              "in a moment."))
        .withHeader("Retry-After", "1");
}

HttpResponse userResponse(int status, const AuthUser &user)
{
    return HttpResponse::json(status, dispatch::toJson(user))
        .withHeader("ETag", user.etag().toHeader());
}

/// The body of PATCH /users/{id} as a patch, or the 400 that says what is wrong.
std::optional<UserStore::Patch> patchFrom(const QJsonObject &body, HttpResponse *error)
{
    UserStore::Patch patch;
    if (body.contains(QLatin1String("name"))) {
        const QJsonValue name = body.value(QLatin1String("name"));
        if (!name.isString() || name.toString().trimmed().isEmpty() ||
            name.toString().size() > 200) {
            *error =
                invalidValue(QStringLiteral("name"), QStringLiteral("must be 1 to 200 characters"));
            return std::nullopt;
        }
        patch.name = name.toString().trimmed();
    }
    if (body.contains(QLatin1String("role"))) {
        const auto role = roleFromWire(body.value(QLatin1String("role")).toString());
        if (!role) {
            *error = invalidValue(QStringLiteral("role"),
                                  QStringLiteral("must be admin, dispatcher or pro"));
            return std::nullopt;
        }
        patch.role = role;
    }
    if (body.contains(QLatin1String("home"))) {
        const QJsonValue home = body.value(QLatin1String("home"));
        if (home.isNull()) {
            patch.home = std::optional<GeoPoint>();
        } else {
            const auto point = geoFromJson(home);
            if (!point || std::abs(point->lat) > 90 || std::abs(point->lng) > 180) {
                *error = invalidValue(QStringLiteral("home"),
                                      QStringLiteral("must be {\"lat\", \"lng\"} in degrees, "
                                                     "or null"));
                return std::nullopt;
            }
            patch.home = point;
        }
    }
    if (body.contains(QLatin1String("active"))) {
        const QJsonValue active = body.value(QLatin1String("active"));
        if (!active.isBool()) {
            *error =
                invalidValue(QStringLiteral("active"), QStringLiteral("must be true or false"));
            return std::nullopt;
        }
        patch.active = active.toBool();
    }
    return patch;
}

} // namespace

void ApiRoutes::registerUserRoutes(HttpRouter &router)
{
    const QString user = QStringLiteral("/api/v1/users/<id>");
    router.addRoute(
        "GET", user, QStringLiteral("GET /users/{id}"),
        authed([this](const HttpRequest &request, const AuthUser &viewer) {
            if (!viewer.isOffice())
                return errorResponse(StoreError{StoreError::Kind::Refused,
                                                QStringLiteral("FORBIDDEN"),
                                                QStringLiteral("Only admins and dispatchers can "
                                                               "look up users."),
                                                {}});
            StoreError error;
            const auto found = m_services.users.find(request.args.value(0), &error);
            if (!found)
                return errorResponse(error);
            const Etag etag = found->etag();
            if (EtagCondition::parse(request.headerValues("If-None-Match")).matchesWeakly(etag))
                return HttpResponse::noContent(304).withHeader("ETag", etag.toHeader());
            return userResponse(200, *found);
        }));

    router.addRoute(
        "PATCH", user, QStringLiteral("PATCH /users/{id}"),
        authed([this](const HttpRequest &request, const AuthUser &viewer) {
            if (viewer.role != Role::Admin)
                return errorResponse(StoreError{StoreError::Kind::Refused,
                                                QStringLiteral("FORBIDDEN"),
                                                QStringLiteral("Only admins can change users."),
                                                {}});
            HttpResponse error;
            const auto body = parseJsonBody(request,
                                            {QStringLiteral("name"), QStringLiteral("role"),
                                             QStringLiteral("home"), QStringLiteral("active")},
                                            &error);
            if (!body)
                return error;
            const auto patch = patchFrom(*body, &error);
            if (!patch)
                return error;
            const QString userId = request.args.value(0);
            const UserStore::UpdateResult result = m_services.users.update(
                userId, EtagCondition::parse(request.headerValues("If-Match")), *patch);
            if (result.error) {
                StoreError failure = *result.error;
                if (!result.current)
                    return errorResponse(failure);
                failure.details.insert(QStringLiteral("current"),
                                       dispatch::toJson(*result.current));
                return errorResponse(failure).withHeader("ETag", result.current->etag().toHeader());
            }
            const AuthUser changed = *result.user;
            m_services.auth.forgetCachedSessions(userId);
            if (!result.endsSessions)
                return userResponse(200, changed);
            // Deactivated or given another role: every session ends now, on every instance,
            // before the admin hears it is done.
            m_services.auth.revokeUser(userId);
            auto deferred = std::make_shared<DeferredResponse>();
            m_services.auth.whenAnnounced(
                Authenticator::Revocation{Authenticator::Revocation::Kind::User, userId},
                kAnnounceTimeoutMs,
                [deferred, changed] { deferred->finish(userResponse(200, changed)); });
            return HttpResponse::later(deferred);
        }));

    router.addRoute(
        "POST", QStringLiteral("/api/v1/auth/password"), QStringLiteral("POST /auth/password"),
        authed([this](const HttpRequest &request, const AuthUser &viewer) {
            HttpResponse error;
            const auto body =
                parseJsonBody(request, {QStringLiteral("current"), QStringLiteral("new")}, &error);
            if (!body)
                return error;
            const QJsonValue current = body->value(QLatin1String("current"));
            const QJsonValue fresh = body->value(QLatin1String("new"));
            if (!current.isString())
                return invalidValue(QStringLiteral("current"), QStringLiteral("must be a string"));
            if (!fresh.isString() || fresh.toString().size() < 8 || fresh.toString().size() > 256)
                return invalidValue(QStringLiteral("new"),
                                    QStringLiteral("must be 8 to 256 characters"));
            StoreError storeError;
            const QString stored = m_services.users.passwordHash(viewer.id, &storeError);
            if (stored.isEmpty() && storeError.kind == StoreError::Kind::Unavailable)
                return errorResponse(storeError);
            // Both the check and the new hash run on the hashing pool, never on the event loop.
            auto deferred = std::make_shared<DeferredResponse>();
            const QString userId = viewer.id;
            const QString newPassword = fresh.toString();
            const bool queued = m_services.auth.hasher().verify(
                stored, current.toString(), [this, deferred, userId, newPassword](bool ok) {
                    if (!ok) {
                        // 403, not 401: the session is fine, the password given is not.
                        deferred->finish(
                            HttpResponse::error(403, QStringLiteral("INVALID_CREDENTIALS"),
                                                QStringLiteral("The current password is wrong.")));
                        return;
                    }
                    const bool hashing = m_services.auth.hasher().hash(
                        newPassword, [this, deferred, userId](const QString &hash) {
                            StoreError error;
                            if (hash.isEmpty()) {
                                deferred->finish(busyHashing());
                            } else if (!m_services.users.setPasswordHash(userId, hash, &error)) {
                                deferred->finish(errorResponse(error));
                            } else {
                                deferred->finish(HttpResponse::noContent(204));
                            }
                        });
                    if (!hashing)
                        deferred->finish(busyHashing());
                });
            if (!queued)
                return busyHashing();
            return HttpResponse::later(deferred);
        }));
}

} // namespace dispatch::server
