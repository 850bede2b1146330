#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <utility>

namespace dispatch::server {

/// One HTTP request as the route handlers see it: already size-checked by the front end,
/// with the path parameters its route captured.
struct HttpRequest {
    QByteArray method; ///< upper case; a HEAD request reaches the GET handler as "HEAD"
    QString path;      ///< percent-decoded, without the query
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    QStringList args;     ///< the route pattern's <...> captures, in order
    QByteArray requestId; ///< echoed X-Request-Id, or a generated one

    /// First value of a header, case-insensitive; empty when absent.
    QByteArray header(QByteArrayView name) const;
    /// Every value of a header (repeated headers), case-insensitive, in order.
    QList<QByteArray> headerValues(QByteArrayView name) const;
};

/// What a handler answers. The front end adds X-Request-Id, Content-Length and the
/// connection headers; HEAD answers drop the body but keep its Content-Length.
struct HttpResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType; ///< empty: no Content-Type (304, 204)
    QList<std::pair<QByteArray, QByteArray>> headers;

    static HttpResponse json(int status, const QJsonValue &value);
    static HttpResponse noContent(int status);
    static HttpResponse text(int status, const QByteArray &body, const QByteArray &contentType);
    /// `{"error": {"code", "message", ...details}}` as PROTOCOL.md "Conventions" says.
    static HttpResponse error(int status, const QString &code, const QString &message,
                              const QJsonObject &details = {});

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;

} // namespace dispatch::server
