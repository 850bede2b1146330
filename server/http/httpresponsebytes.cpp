#include "httpresponsebytes.h"

#include "httprequesthead.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>

#include <algorithm>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcHttp, "dispatch.server.http")

/// Bodies up to this size are sent in the same buffer as the head.
constexpr qsizetype kInlineBody = 16 << 10;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 101:
        return QByteArrayLiteral("Switching Protocols");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 307:
        return QByteArrayLiteral("Temporary Redirect");
    case 308:
        return QByteArrayLiteral("Permanent Redirect");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 406:
        return QByteArrayLiteral("Not Acceptable");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 412:
        return QByteArrayLiteral("Precondition Failed");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 416:
        return QByteArrayLiteral("Range Not Satisfiable");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 426:
        return QByteArrayLiteral("Upgrade Required");
    case 428:
        return QByteArrayLiteral("Precondition Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArrayLiteral("Unknown");
    }
}

bool isManagedHeader(QByteArrayView name)
{
    static constexpr QByteArrayView managed[] = {
        "Content-Length", "Transfer-Encoding", "Connection",   "Keep-Alive",
        "Date",           "X-Request-Id",      "Content-Type", "Upgrade"};
    return std::any_of(std::begin(managed), std::end(managed),
                       [&](QByteArrayView m) { return name.compare(m, Qt::CaseInsensitive) == 0; });
}

QByteArray httpDate()
{
    // RFC 9110 §5.6.7 IMF-fixdate, formatted at most once a second on each thread.
    thread_local qint64 dateSecond = -1;
    thread_local QByteArray date;
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != dateSecond) {
        dateSecond = second;
        date = QLocale::c()
                   .toString(QDateTime::fromSecsSinceEpoch(second).toUTC(),
                             QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                   .toLatin1();
    }
    return date;
}

} // namespace

std::pair<QByteArray, QByteArray> responseBytes(const HttpResponse &response,
                                                const QByteArray &requestId, bool http10,
                                                bool headOnly, bool close)
{
    const int status = response.status;
    if (status < 200 || status > 599) {
        // A handler cannot send an interim (1xx) or malformed status: a bug, not an answer.
        qCCritical(lcHttp) << "a handler answered with status" << status;
        return responseBytes(HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                                                 QStringLiteral("The server failed to answer "
                                                                "this request.")),
                             requestId, http10, headOnly, close);
    }
    // RFC 9110 §6.4.1: 1xx, 204 and 304 never have content (nor, here, a Content-Type).
    const bool hasContent = status >= 200 && status != 204 && status != 304;
    const bool inlineBody = hasContent && !headOnly && response.body.size() <= kInlineBody;

    QByteArray out;
    out.reserve(256 + response.headers.size() * 64 + (inlineBody ? response.body.size() : 0));
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    if (hasContent) {
        QByteArray type = response.contentType;
        if (type.isEmpty())
            type = response.header("Content-Type");
        if (type.isEmpty() && !response.body.isEmpty())
            type = QByteArrayLiteral("application/octet-stream"); // never sniffed
        if (!type.isEmpty() && isFieldValue(type)) {
            out += "Content-Type: ";
            out += type;
            out += "\r\n";
        }
        // HEAD: the length the GET would have had (§9.3.2).
        out += "Content-Length: ";
        out += QByteArray::number(response.body.size());
        out += "\r\n";
    }
    out += "Date: ";
    out += httpDate();
    out += "\r\nX-Request-Id: ";
    out += requestId;
    out += "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (isManagedHeader(name))
            continue;
        if (!isToken(name) || !isFieldValue(value)) {
            qCWarning(lcHttp) << "dropping an invalid response header" << name;
            continue;
        }
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (close)
        out += "Connection: close\r\n";
    else if (http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (inlineBody)
        out += response.body;
    return {out, hasContent && !headOnly && !inlineBody ? response.body : QByteArray()};
}

} // namespace dispatch::server
