#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QList>

#include <optional>
#include <utility>

namespace dispatch::server {

/// A parsed HTTP/1.1 request head and the message framing it implies, before its body.
struct RequestHead {
    QByteArray method;
    QByteArray rawPath;
    QByteArray rawQuery;
    bool http10 = false;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 contentLength = 0;
    bool chunked = false;
    bool keepAlive = true;
    bool expectContinue = false;
    bool webSocketUpgrade = false; ///< GET of `streamPath` asking to upgrade to websocket
};

/// The request parsing rules of RFC 9112, free of sockets so they can be fuzzed on their own.

/// A method longer than this is refused (ours are at most 7; RFC 9110 sets no limit).
constexpr qsizetype kMaxMethodLength = 32;

/// Where the head ends: the index after the first empty line (CRLF CRLF, or bare LFs), or -1.
qsizetype findHeadEnd(QByteArrayView data);

/// Parses the request line and header fields (RFC 9112 §3, §5) and the framing they imply
/// (§6). Returns the error answer for a head that must be refused (400, 417, 431, 501, 505).
std::optional<HttpResponse> parseRequestHead(QByteArrayView text, int maxFields, RequestHead *head,
                                             QByteArrayView streamPath = "/api/v1/stream");

/// False when the first bytes of a head cannot begin any request line (a method is a token of
/// at most 32 characters followed by a space): TLS handshakes, binary garbage.
bool couldStartRequest(QByteArrayView prefix);

/// A chunk-size line (without its LF; a trailing CR is allowed), extensions ignored; nothing
/// when it is malformed or larger than 15 hex digits.
std::optional<qint64> parseChunkSizeLine(QByteArrayView line);

/// Every value of a header field, case-insensitive, in order.
QList<QByteArray> headerValues(const QList<std::pair<QByteArray, QByteArray>> &headers,
                               QByteArrayView name);

/// RFC 9110 §5.6.2 token (method, field name).
bool isToken(QByteArrayView text);
/// A field value with no CR, LF, NUL or other control character but tab.
bool isFieldValue(QByteArrayView value);

HttpResponse badRequest(const QString &message);
HttpResponse requestHeadTooLarge();

} // namespace dispatch::server
