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
#include <memory>
#include <optional>
#include <utility>

namespace dispatch::server {

class SpooledBody;

/// One HTTP request as the route handlers see it: already size-checked by the front end,
/// with the path parameters its route captured.
struct HttpRequest {
    QByteArray method; ///< upper case; a HEAD request reaches the GET handler as "HEAD"
    QString path;      ///< percent-decoded, without the query
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    /// The body of a route whose body is streamed to disk (POST /jobs/{id}/photos) instead of
    /// `body`; null when there was none (docs/ARCHITECTURE.md "Photos on the server").
    std::shared_ptr<SpooledBody> spooled;
    QHostAddress peer;
    QStringList args;     ///< the route pattern's <...> captures, in order
    QByteArray requestId; ///< echoed X-Request-Id, or a generated one

    /// First value of a header, case-insensitive; empty when absent.
    QByteArray header(QByteArrayView name) const;
    /// Every value of a header (repeated headers), case-insensitive, in order.
    QList<QByteArray> headerValues(QByteArrayView name) const;
};

class DeferredResponse;

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
    /// `{"error": {"code", "message", ...details}}` as docs/openapi.yaml "Conventions" says.
    static HttpResponse error(int status, const QString &code, const QString &message,
                              const QJsonObject &details = {});

    /// Set when the handler answers later (see DeferredResponse); the other members are unused.
    std::shared_ptr<DeferredResponse> deferred;

    /// The answer to a request whose work goes on off the event loop.
    static HttpResponse later(std::shared_ptr<DeferredResponse> deferred);

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};

/// An answer that a handler gives after it returned, for work that must not run on the event
/// loop (password hashing). The front end holds the connection (and any request pipelined
/// behind it) until finish() is called, on the front end's thread; an answer for a client that
/// has left is dropped.
class DeferredResponse final {
public:
    /// Delivers the answer; only the first call counts.
    void finish(HttpResponse response);
    /// The front end's side: `deliver` runs once with the answer, at once if it is already in.
    void onFinished(std::function<void(HttpResponse)> deliver);

private:
    std::optional<HttpResponse> m_response;
    std::function<void(HttpResponse)> m_deliver;
    bool m_finished = false;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;

} // namespace dispatch::server
