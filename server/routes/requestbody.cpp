#include "requestbody.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace dispatch::server {

namespace {
constexpr int kMaxJsonDepth = 64;
}

bool exceedsJsonDepth(QByteArrayView json, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth)
                return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

bool isJsonMediaType(QByteArrayView contentType)
{
    // type/subtype before any parameters (charset=utf-8), compared without case.
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray type = (semicolon < 0 ? contentType : contentType.first(semicolon))
                                .trimmed()
                                .toByteArray()
                                .toLower();
    return type == "application/json" ||
           (type.startsWith("application/") && type.endsWith("+json"));
}

std::optional<QJsonObject> parseJsonBody(const HttpRequest &request, const QStringList &allowed,
                                         HttpResponse *error, const QString &unknownMemberCode)
{
    auto badRequest = [error](const QString &message) -> std::optional<QJsonObject> {
        *error = HttpResponse::error(400, QStringLiteral("BAD_REQUEST"), message);
        return std::nullopt;
    };
    // docs/openapi.yaml "Conventions": a JSON route refuses a body declared as anything else.
    const QByteArray contentType = request.header("Content-Type");
    if (!contentType.isEmpty() && !isJsonMediaType(contentType)) {
        *error = HttpResponse::error(415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"),
                                     QStringLiteral("This route takes application/json, not %1.")
                                         .arg(QString::fromLatin1(contentType.left(100))));
        return std::nullopt;
    }
    if (request.body.trimmed().isEmpty())
        return badRequest(QStringLiteral("The request needs a JSON object body."));
    if (exceedsJsonDepth(request.body, kMaxJsonDepth))
        return badRequest(
            QStringLiteral("The JSON body is nested deeper than %1 levels.").arg(kMaxJsonDepth));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badRequest(QStringLiteral("The body is not valid JSON: %1 at offset %2.")
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
    if (!document.isObject())
        return badRequest(QStringLiteral("The body must be a JSON object."));
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!allowed.contains(it.key())) {
            *error = HttpResponse::error(
                400,
                unknownMemberCode.isEmpty() ? QStringLiteral("BAD_REQUEST") : unknownMemberCode,
                QStringLiteral("The body has an unknown member \"%1\".").arg(it.key()),
                {{QStringLiteral("field"), it.key()}});
            return std::nullopt;
        }
    }
    return object;
}

bool requireString(const QJsonObject &body, const char *member, bool allowNull, QString *out,
                   HttpResponse *error)
{
    const QJsonValue value = body.value(QLatin1String(member));
    if (value.isString()) {
        *out = value.toString();
        return true;
    }
    if (allowNull && value.isNull()) {
        out->clear();
        return true;
    }
    *error = HttpResponse::error(
        400, QStringLiteral("BAD_REQUEST"),
        QStringLiteral("\"%1\" must be a string%2.")
            .arg(QLatin1String(member), allowNull ? QStringLiteral(" or null") : QString()),
        {{QStringLiteral("field"), QString::fromLatin1(member)}});
    return false;
}

bool requireInteger(const QJsonObject &body, const char *member, qint64 *out, HttpResponse *error)
{
    // 2^53: beyond it a JSON number no longer names one integer.
    constexpr double kLargestExact = 9007199254740992.0;
    const QJsonValue value = body.value(QLatin1String(member));
    const double number = value.toDouble();
    if (value.isDouble() && std::isfinite(number) && number == std::floor(number) &&
        std::abs(number) <= kLargestExact) {
        *out = qint64(number);
        return true;
    }
    *error = HttpResponse::error(
        400, QStringLiteral("BAD_REQUEST"),
        QStringLiteral("\"%1\" must be a whole number.").arg(QLatin1String(member)),
        {{QStringLiteral("field"), QString::fromLatin1(member)}});
    return false;
}

} // namespace dispatch::server
