#include "httprouter.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QUrl>

#include <algorithm>
#include <exception>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcRouter, "dispatch.server.http.router")

const QString kUnmatched = QStringLiteral("unmatched");

HttpResponse internalError()
{
    return HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                               QStringLiteral("The server failed to answer this request."));
}
} // namespace

const HttpRouter::Endpoint *HttpRouter::Pattern::endpoint(QByteArrayView method) const
{
    for (const Endpoint &endpoint : endpoints) {
        if (endpoint.method == method)
            return &endpoint;
    }
    return nullptr;
}

void HttpRouter::addRoute(const QByteArray &method, const QString &pattern, const QString &name,
                          HttpHandler handler)
{
    if (!handler || method.isEmpty() || !pattern.startsWith(QLatin1Char('/'))) {
        qCWarning(lcRouter) << "ignoring invalid route" << method << pattern;
        return;
    }
    auto it = std::find_if(m_patterns.begin(), m_patterns.end(),
                           [&](const Pattern &p) { return p.text == pattern; });
    if (it == m_patterns.end()) {
        m_patterns.push_back(Pattern{pattern, parsePattern(pattern), {}});
        it = std::prev(m_patterns.end());
    }
    for (Endpoint &endpoint : it->endpoints) {
        if (endpoint.method == method) {
            endpoint = Endpoint{method, name, std::move(handler)};
            return;
        }
    }
    it->endpoints.push_back(Endpoint{method, name, std::move(handler)});
}

QList<HttpRouter::Segment> HttpRouter::parsePattern(const QString &pattern)
{
    QList<Segment> segments;
    // "/a/<id>/b" -> "", "a", "<id>", "b": the leading empty piece is not a segment.
    const QStringList pieces = pattern.mid(1).split(QLatin1Char('/'));
    for (const QString &piece : pieces) {
        if (piece.size() >= 2 && piece.startsWith(QLatin1Char('<')) &&
            piece.endsWith(QLatin1Char('>')))
            segments.append(Segment{QString(), true});
        else
            segments.append(Segment{piece, false});
    }
    return segments;
}

bool HttpRouter::splitPath(QByteArrayView rawPath, QStringList *segments)
{
    if (rawPath.isEmpty() || rawPath.front() != '/')
        return false;
    // Split before decoding, so an encoded "/" (%2F) stays inside its segment.
    const QByteArrayView rest = rawPath.sliced(1);
    qsizetype start = 0;
    while (true) {
        const qsizetype slash = rest.indexOf('/', start);
        const QByteArrayView piece =
            slash < 0 ? rest.sliced(start) : rest.sliced(start, slash - start);
        QString segment = QUrl::fromPercentEncoding(piece.toByteArray());
        // No resource is named with control characters (an encoded NUL would reach the
        // database, which PostgreSQL refuses as an error): such a path names nothing, 404.
        if (std::any_of(segment.cbegin(), segment.cend(),
                        [](QChar c) { return c.unicode() < 0x20; }))
            return false;
        segments->append(std::move(segment));
        if (slash < 0)
            break;
        start = slash + 1;
    }
    return true;
}

bool HttpRouter::matches(const Pattern &pattern, const QStringList &segments)
{
    if (pattern.segments.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const Segment &segment = pattern.segments.at(i);
        if (segment.capture) {
            if (segments.at(i).isEmpty())
                return false; // "/jobs//history" names no job
        } else if (segment.literal != segments.at(i)) {
            return false;
        }
    }
    return true;
}

bool HttpRouter::moreSpecific(const Pattern &a, const Pattern &b)
{
    for (qsizetype i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
        const bool aLiteral = !a.segments.at(i).capture;
        const bool bLiteral = !b.segments.at(i).capture;
        if (aLiteral != bLiteral)
            return aLiteral;
    }
    return false;
}

QByteArrayList HttpRouter::allowedMethods(const QStringList &segments) const
{
    QByteArrayList methods;
    for (const Pattern &pattern : m_patterns) {
        if (!matches(pattern, segments))
            continue;
        for (const Endpoint &endpoint : pattern.endpoints) {
            if (!methods.contains(endpoint.method))
                methods.append(endpoint.method);
            if (endpoint.method == "GET" && !methods.contains("HEAD"))
                methods.append(QByteArrayLiteral("HEAD"));
        }
    }
    if (methods.isEmpty())
        return methods;
    if (!methods.contains("OPTIONS"))
        methods.append(QByteArrayLiteral("OPTIONS"));
    std::sort(methods.begin(), methods.end());
    return methods;
}

QByteArrayList HttpRouter::allowedMethods(QByteArrayView rawPath) const
{
    QStringList segments;
    if (!splitPath(rawPath, &segments))
        return {};
    return allowedMethods(segments);
}

HttpRouter::Outcome HttpRouter::dispatch(HttpRequest &request, QByteArrayView rawPath) const
{
    Outcome outcome;
    QStringList segments;
    if (!splitPath(rawPath, &segments)) {
        outcome.routeName = kUnmatched;
        outcome.response =
            HttpResponse::error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such path."));
        return outcome;
    }

    const bool head = request.method == "HEAD";
    const Pattern *best = nullptr;
    const Endpoint *bestEndpoint = nullptr;
    bool pathKnown = false;
    for (const Pattern &pattern : m_patterns) {
        if (!matches(pattern, segments))
            continue;
        pathKnown = true;
        const Endpoint *endpoint = pattern.endpoint(request.method);
        if (!endpoint && head)
            endpoint = pattern.endpoint("GET"); // RFC 9110 §9.3.2: HEAD is GET without content
        if (endpoint && (!best || moreSpecific(pattern, *best))) {
            best = &pattern;
            bestEndpoint = endpoint;
        }
    }

    if (bestEndpoint) {
        request.args.clear();
        for (qsizetype i = 0; i < best->segments.size(); ++i) {
            if (best->segments.at(i).capture)
                request.args.append(segments.at(i));
        }
        outcome.routeName = bestEndpoint->name;
        outcome.matched = true;
        // An exception must not unwind through Qt's event loop (undefined behaviour there):
        // the client gets a 500 and the server keeps serving.
        try {
            outcome.response = bestEndpoint->handler(request);
        } catch (const std::exception &e) {
            qCCritical(lcRouter) << "handler for" << bestEndpoint->name << "threw:" << e.what();
            outcome.response = internalError();
        } catch (...) {
            qCCritical(lcRouter) << "handler for" << bestEndpoint->name << "threw";
            outcome.response = internalError();
        }
        return outcome;
    }

    if (!pathKnown) {
        outcome.routeName = kUnmatched;
        outcome.response =
            HttpResponse::error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such path."));
        return outcome;
    }

    const QByteArrayList allowed = allowedMethods(segments);
    const QByteArray allowHeader = allowed.join(", ");
    if (request.method == "OPTIONS") {
        outcome.routeName = QStringLiteral("options");
        outcome.matched = true;
        outcome.response = HttpResponse::noContent(204);
        outcome.response.withHeader(QByteArrayLiteral("Allow"), allowHeader);
        return outcome;
    }

    QJsonArray allowedJson;
    for (const QByteArray &method : allowed)
        allowedJson.append(QString::fromLatin1(method));
    outcome.routeName = kUnmatched;
    outcome.response = HttpResponse::error(
        405, QStringLiteral("METHOD_NOT_ALLOWED"),
        QStringLiteral("Method %1 is not allowed here.").arg(QString::fromLatin1(request.method)),
        QJsonObject{{QStringLiteral("allowed"), allowedJson}});
    outcome.response.withHeader(QByteArrayLiteral("Allow"), allowHeader);
    return outcome;
}

} // namespace dispatch::server
