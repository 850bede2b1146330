#pragma once

#include "httpmessage.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace dispatch::server {

/// Parses a JSON request body the way every route needs it: declared as JSON when its type is
/// given (415 otherwise), an object, nested at most 64
/// deep, with no members but the ones the route knows. On failure `error` is the 400 to send;
/// an unknown member is `unknownMemberCode` (BAD_REQUEST; a resource whose body members are
/// its fields says INVALID_FIELD_KEY) with its name as `field`.
std::optional<QJsonObject> parseJsonBody(const HttpRequest &request, const QStringList &allowed,
                                         HttpResponse *error,
                                         const QString &unknownMemberCode = QString());

/// The body's string member `member` (or null when `allowNull`; then `out` is cleared). On a
/// missing member or another type, `error` is a 400 BAD_REQUEST naming it as `field`.
bool requireString(const QJsonObject &body, const char *member, bool allowNull, QString *out,
                   HttpResponse *error);
/// The body's member `member` as a whole number (an int64 that JSON's doubles hold exactly);
/// otherwise `error` is a 400 BAD_REQUEST naming it as `field`.
bool requireInteger(const QJsonObject &body, const char *member, qint64 *out, HttpResponse *error);

/// application/json or application/*+json, parameters allowed.
bool isJsonMediaType(QByteArrayView contentType);

/// True when `json` nests arrays/objects deeper than `maxDepth` (checked before parsing, so a
/// hostile body never reaches the recursive parser).
bool exceedsJsonDepth(QByteArrayView json, int maxDepth);

} // namespace dispatch::server
