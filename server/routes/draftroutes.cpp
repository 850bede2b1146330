#include "apiroutes.h"

#include "conditional.h"
#include "draftstore.h"
#include "httprouter.h"
#include "requestbody.h"

#include <QJsonArray>

// The drafts of the new-job wizard (docs/openapi.yaml "Drafts"): admins and dispatchers, each
// their own drafts only.

namespace dispatch::server {

namespace {

std::optional<HttpResponse> refuseNonOffice(const AuthUser &user)
{
    if (user.isOffice())
        return std::nullopt;
    return ApiRoutes::errorResponse({StoreError::Kind::Refused,
                                     QStringLiteral("FORBIDDEN"),
                                     QStringLiteral("Only admins and dispatchers write drafts."),
                                     {}});
}

HttpResponse draftResponse(int status, const QJsonObject &body, const Draft &draft)
{
    return HttpResponse::json(status, body)
        .withHeader("ETag", DraftStore::etagOf(draft).toHeader());
}

/// A write's answer: an error (with the draft as it is now under "draft" and its ETag where
/// the store gave one), else `success`.
HttpResponse draftWriteResponse(const DraftResult &result,
                                const std::function<HttpResponse()> &success)
{
    if (!result.error)
        return success();
    StoreError error = *result.error;
    if (!result.current)
        return ApiRoutes::errorResponse(error);
    error.details.insert(QStringLiteral("draft"), DraftStore::toJson(*result.current));
    return ApiRoutes::errorResponse(error).withHeader(
        "ETag", DraftStore::etagOf(*result.current).toHeader());
}

} // namespace

void ApiRoutes::registerDraftRoutes(HttpRouter &router)
{
    const QString draft = QStringLiteral("/api/v1/drafts/<id>");
    router.addRoute(
        "POST", QStringLiteral("/api/v1/drafts"), QStringLiteral("POST /drafts"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return createDraft(r, u); }));
    router.addRoute(
        "GET", QStringLiteral("/api/v1/drafts"), QStringLiteral("GET /drafts"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return listDrafts(r, u); }));
    router.addRoute(
        "GET", draft, QStringLiteral("GET /drafts/{id}"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return getDraft(r, u); }));
    router.addRoute(
        "DELETE", draft, QStringLiteral("DELETE /drafts/{id}"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return deleteDraft(r, u); }));
    router.addRoute(
        "POST", draft + QStringLiteral("/fields"), QStringLiteral("POST /drafts/{id}/fields"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return setDraftField(r, u); }));
    router.addRoute(
        "POST", draft + QStringLiteral("/publish"), QStringLiteral("POST /drafts/{id}/publish"),
        authed([this](const HttpRequest &r, const AuthUser &u) { return publishDraft(r, u); }));
}

HttpResponse ApiRoutes::createDraft(const HttpRequest &request, const AuthUser &user)
{
    if (const auto refusal = refuseNonOffice(user))
        return *refusal;
    HttpResponse error;
    const auto body = parseJsonBody(
        request, {QStringLiteral("countryCode"), QStringLiteral("stateCode")}, &error);
    if (!body)
        return error;
    QString country, state;
    if (!requireString(*body, "countryCode", false, &country, &error) ||
        !requireString(*body, "stateCode", false, &state, &error))
        return error;
    const DraftResult result = m_services.drafts.create(user, country, state);
    return draftWriteResponse(result, [&] {
        return draftResponse(201, DraftStore::toJson(*result.draft), *result.draft);
    });
}

HttpResponse ApiRoutes::listDrafts(const HttpRequest &, const AuthUser &user)
{
    if (const auto refusal = refuseNonOffice(user))
        return *refusal;
    StoreError error;
    const auto drafts = m_services.drafts.listOwn(user, &error);
    if (!drafts)
        return errorResponse(error);
    QJsonArray items;
    for (const Draft &draft : *drafts)
        items.append(DraftStore::toJson(draft));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

HttpResponse ApiRoutes::getDraft(const HttpRequest &request, const AuthUser &user)
{
    if (const auto refusal = refuseNonOffice(user))
        return *refusal;
    StoreError error;
    const auto draft = m_services.drafts.find(user, request.args.value(0), &error);
    if (!draft)
        return errorResponse(error);
    const Etag etag = DraftStore::etagOf(*draft);
    if (noneMatch(request, etag))
        return notModified(etag);
    return draftResponse(200, DraftStore::toJson(*draft), *draft);
}

HttpResponse ApiRoutes::deleteDraft(const HttpRequest &request, const AuthUser &user)
{
    if (const auto refusal = refuseNonOffice(user))
        return *refusal;
    const DraftResult result =
        m_services.drafts.remove(user, request.args.value(0), ifMatchOf(request));
    return draftWriteResponse(result, [] { return HttpResponse::noContent(204); });
}

HttpResponse ApiRoutes::setDraftField(const HttpRequest &request, const AuthUser &user)
{
    if (const auto refusal = refuseNonOffice(user))
        return *refusal;
    HttpResponse error;
    const auto body = parseJsonBody(
        request,
        {QStringLiteral("fieldKey"), QStringLiteral("value"), QStringLiteral("expectedVersion")},
        &error);
    if (!body)
        return error;
    QString key;
    qint64 expectedVersion = 0;
    if (!requireString(*body, "fieldKey", false, &key, &error) ||
        !requireInteger(*body, "expectedVersion", &expectedVersion, &error))
        return error;
    if (!body->contains(QLatin1String("value")))
        return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                   QStringLiteral("\"value\" is required (null clears the field)."),
                                   {{QStringLiteral("field"), QStringLiteral("value")}});
    const DraftResult result = m_services.drafts.setField(
        user, request.args.value(0), key, body->value(QLatin1String("value")), expectedVersion);
    return draftWriteResponse(result, [&] {
        return draftResponse(
            200,
            QJsonObject{{QStringLiteral("draft"), DraftStore::toJson(*result.draft)},
                        {QStringLiteral("unchanged"), result.unchanged}},
            *result.draft);
    });
}

HttpResponse ApiRoutes::publishDraft(const HttpRequest &request, const AuthUser &user)
{
    if (const auto refusal = refuseNonOffice(user))
        return *refusal;
    HttpResponse error;
    const auto body = parseJsonBody(request, {QStringLiteral("expectedVersion")}, &error);
    if (!body)
        return error;
    qint64 expectedVersion = 0;
    if (!requireInteger(*body, "expectedVersion", &expectedVersion, &error))
        return error;
    const DraftResult result =
        m_services.drafts.publish(user, request.args.value(0), expectedVersion);
    return draftWriteResponse(
        result, [&] { return jobResponse(result.created ? 201 : 200, *result.job, user); });
}

} // namespace dispatch::server
