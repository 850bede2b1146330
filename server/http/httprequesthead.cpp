#include "httprequesthead.h"

#include <QUrl>

#include <algorithm>

namespace dispatch::server {

/// RFC 9110 §5.6.2 token characters.
namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

/// Field values may hold visible characters, spaces, tabs and obs-text, never CR, LF or NUL.
bool isFieldValue(QByteArrayView value)
{
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

namespace {

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

/// Lower-cased, trimmed members of comma-separated header values, empty ones dropped.
QByteArrayList headerTokens(const QList<QByteArray> &values)
{
    QByteArrayList tokens;
    for (const QByteArray &value : values) {
        for (const QByteArray &piece : value.split(',')) {
            const QByteArray token = trimmedOws(piece).toByteArray().toLower();
            if (!token.isEmpty())
                tokens.append(token);
        }
    }
    return tokens;
}

} // namespace

/// Where the head ends: the index after the first empty line (CRLF CRLF, or bare LFs), or -1.
qsizetype findHeadEnd(QByteArrayView data)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype lf = data.indexOf('\n', from);
        if (lf < 0)
            return -1;
        if (lf + 1 < data.size() && data[lf + 1] == '\n')
            return lf + 2;
        if (lf + 2 < data.size() && data[lf + 1] == '\r' && data[lf + 2] == '\n')
            return lf + 3;
        from = lf + 1;
    }
}

HttpResponse badRequest(const QString &message)
{
    return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"), message);
}

HttpResponse requestHeadTooLarge()
{
    return HttpResponse::error(431, QStringLiteral("REQUEST_HEADER_FIELDS_TOO_LARGE"),
                               QStringLiteral("The request head is too large."));
}

QList<QByteArray> headerValues(const QList<std::pair<QByteArray, QByteArray>> &headers,
                               QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

/// Parses the request line and header fields (RFC 9112 §3, §5) and the framing they imply
/// (§6). Returns the error answer for a head that must be refused.
std::optional<HttpResponse> parseRequestHead(QByteArrayView text, int maxFields, RequestHead *head,
                                             QByteArrayView streamPath)
{
    QList<QByteArrayView> lines;
    qsizetype from = 0;
    while (from < text.size()) {
        qsizetype lf = text.indexOf('\n', from);
        if (lf < 0)
            lf = text.size();
        QByteArrayView line = text.sliced(from, lf - from);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        from = lf + 1;
    }
    while (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return badRequest(QStringLiteral("Empty request."));

    // request-line = method SP request-target SP HTTP-version
    const QByteArrayView requestLine = lines.front();
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || requestLine.lastIndexOf(' ') != sp2)
        return badRequest(QStringLiteral("Malformed request line."));
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method) || method.size() > kMaxMethodLength)
        return badRequest(QStringLiteral("Malformed method."));
    if (std::any_of(target.begin(), target.end(), [](char c) { return c <= 0x20 || c >= 0x7f; }))
        return badRequest(QStringLiteral("Malformed request target."));
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        !isDigit(version[5]) || !isDigit(version[7]))
        return badRequest(QStringLiteral("Malformed HTTP version."));
    if (version[5] != '1')
        return HttpResponse::error(505, QStringLiteral("HTTP_VERSION_NOT_SUPPORTED"),
                                   QStringLiteral("Only HTTP/1.x is served here."));
    head->method = method.toByteArray();
    head->http10 = version[7] == '0';

    if (lines.size() - 1 > maxFields)
        return requestHeadTooLarge();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        if (line.isEmpty()) // the head ends at the first empty line; callers cut it there
            return badRequest(QStringLiteral("Malformed header field."));
        if (line.front() == ' ' || line.front() == '\t') // obs-fold, §5.2
            return badRequest(QStringLiteral("Folded header lines are not accepted."));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) // no space before the colon, §5.1
            return badRequest(QStringLiteral("Malformed header field."));
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (!isFieldValue(value))
            return badRequest(QStringLiteral("Malformed header field value."));
        head->headers.append({line.first(colon).toByteArray(), value.toByteArray()});
    }

    // §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
    const qsizetype hosts = headerValues(head->headers, "Host").size();
    if (hosts > 1 || (hosts == 0 && !head->http10))
        return badRequest(QStringLiteral("A request needs exactly one Host header."));

    const QByteArrayList connection = headerTokens(headerValues(head->headers, "Connection"));
    head->keepAlive = head->http10
                          ? connection.contains("keep-alive") && !connection.contains("close")
                          : !connection.contains("close");

    // Framing, §6.1-§6.3. Transfer-Encoding together with Content-Length is refused rather than
    // guessed at: that ambiguity is what request smuggling is made of.
    const QList<QByteArray> transferEncoding = headerValues(head->headers, "Transfer-Encoding");
    const QList<QByteArray> contentLength = headerValues(head->headers, "Content-Length");
    if (!transferEncoding.isEmpty()) {
        if (head->http10 || !contentLength.isEmpty())
            return badRequest(QStringLiteral("Conflicting message framing."));
        const QByteArrayList codings = headerTokens(transferEncoding);
        if (codings.isEmpty() || codings.back() != "chunked")
            return badRequest(QStringLiteral("A request body must be chunked last."));
        if (codings.size() > 1)
            return HttpResponse::error(501, QStringLiteral("NOT_IMPLEMENTED"),
                                       QStringLiteral("Only the chunked transfer coding is "
                                                      "supported."));
        head->chunked = true;
    } else if (!contentLength.isEmpty()) {
        QByteArray seen;
        for (const QByteArray &value : contentLength) {
            for (const QByteArray &piece : value.split(',')) {
                const QByteArray number = trimmedOws(piece).toByteArray();
                if (number.isEmpty() || number.size() > 18 ||
                    !std::all_of(number.begin(), number.end(), isDigit) ||
                    (!seen.isEmpty() && number.toLongLong() != seen.toLongLong()))
                    return badRequest(QStringLiteral("Invalid Content-Length."));
                seen = number;
            }
        }
        head->contentLength = seen.toLongLong();
    }

    const QList<QByteArray> expect = headerValues(head->headers, "Expect");
    if (!expect.isEmpty()) {
        const QByteArrayList expectations = headerTokens(expect);
        if (expectations != QByteArrayList{QByteArrayLiteral("100-continue")})
            return HttpResponse::error(417, QStringLiteral("EXPECTATION_FAILED"),
                                       QStringLiteral("Only 100-continue can be expected."));
        // §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        head->expectContinue = !head->http10;
    }

    // request-target: origin-form, or absolute-form (§3.2.2: servers MUST accept it).
    if (target.startsWith('/')) {
        const qsizetype question = target.indexOf('?');
        head->rawPath = (question < 0 ? target : target.first(question)).toByteArray();
        if (question >= 0)
            head->rawQuery = target.sliced(question + 1).toByteArray();
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
        const QUrl url = QUrl::fromEncoded(target.toByteArray(), QUrl::StrictMode);
        if (!url.isValid())
            return badRequest(QStringLiteral("Malformed request target."));
        head->rawPath = url.path(QUrl::FullyEncoded).toLatin1();
        if (head->rawPath.isEmpty())
            head->rawPath = QByteArrayLiteral("/");
        head->rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
    } else {
        return badRequest(QStringLiteral("Unsupported request target."));
    }

    head->webSocketUpgrade =
        head->method == "GET" && connection.contains("upgrade") &&
        headerTokens(headerValues(head->headers, "Upgrade")).contains("websocket") &&
        QUrl::fromPercentEncoding(head->rawPath) == QString::fromLatin1(streamPath);
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------

bool couldStartRequest(QByteArrayView prefix)
{
    for (qsizetype i = 0; i < prefix.size() && i <= kMaxMethodLength; ++i) {
        const char c = prefix[i];
        if (c == ' ')
            return i > 0;
        if (!isTokenChar(c))
            return false;
    }
    return prefix.size() <= kMaxMethodLength;
}

std::optional<qint64> parseChunkSizeLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
    if (semicolon >= 0)
        line = line.first(semicolon);
    line = trimmedOws(line);
    if (line.isEmpty() || line.size() > 15 || !std::all_of(line.begin(), line.end(), isHexDigit))
        return std::nullopt;
    bool ok = false;
    const qint64 size = line.toByteArray().toLongLong(&ok, 16);
    return ok ? std::optional<qint64>(size) : std::nullopt;
}

} // namespace dispatch::server
