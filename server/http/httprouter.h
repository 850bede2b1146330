#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QString>

#include <vector>

namespace dispatch::server {

/// Maps (method, path) to a handler. Patterns are literal segments and `<name>` captures, each
/// capture matching exactly one percent-decoded path segment (an encoded `%2F` never splits a
/// capture). When several patterns match, literal segments win over captures, left to right,
/// so "/jobs/search" beats "/jobs/<id>" whatever the registration order.
///
/// Beyond Qt HttpServer's router it answers what RFC 9110 asks of an origin server: 405 with
/// `Allow` for a known path and another method (§15.5.6), HEAD through the GET handler (§9.3.2;
/// the front end drops the body), and OPTIONS with 204 + `Allow` (§9.3.7). Every answer carries
/// a metrics label: the route's name, or "unmatched" for 404/405 so arbitrary paths cannot
/// blow up the label set.
class HttpRouter final {
public:
    /// What dispatch() decided, for the front end's logs and metrics.
    struct Outcome {
        HttpResponse response;
        QString routeName; ///< the route's name, "options" or "unmatched"
        bool matched = false;
    };

    /// pattern like "/api/v1/jobs/<id>/history"; each <name> captures one path segment
    /// (percent-decoded, never spans '/'), delivered in HttpRequest::args in order.
    /// `name` is the metrics label, e.g. "GET /jobs/{id}". A second route for the same method
    /// and pattern replaces the first.
    void addRoute(const QByteArray &method, const QString &pattern, const QString &name,
                  HttpHandler handler);

    /// Finds the route for request.method and `rawPath` (the percent-encoded path of the
    /// request target, without the query), fills request.args and runs the handler.
    Outcome dispatch(HttpRequest &request, QByteArrayView rawPath) const;

    /// The methods the path allows, for `Allow`: sorted, with HEAD when GET is there and
    /// OPTIONS always; empty when no pattern matches the path.
    QByteArrayList allowedMethods(QByteArrayView rawPath) const;

    /// True when the path matches some pattern with a method (what a 404 is not).
    bool hasPath(QByteArrayView rawPath) const { return !allowedMethods(rawPath).isEmpty(); }

private:
    struct Segment {
        QString literal;
        bool capture = false;
    };
    struct Endpoint {
        QByteArray method;
        QString name;
        HttpHandler handler;
    };
    struct Pattern {
        QString text;
        QList<Segment> segments;
        std::vector<Endpoint> endpoints;

        const Endpoint *endpoint(QByteArrayView method) const;
    };

    static QList<Segment> parsePattern(const QString &pattern);
    /// Splits an encoded path into decoded segments; false when it is not "/..." .
    static bool splitPath(QByteArrayView rawPath, QStringList *segments);
    static bool matches(const Pattern &pattern, const QStringList &segments);
    /// True when `a` is more specific than `b` (first differing segment literal in `a`).
    static bool moreSpecific(const Pattern &a, const Pattern &b);
    QByteArrayList allowedMethods(const QStringList &segments) const;

    std::vector<Pattern> m_patterns;
};

} // namespace dispatch::server
