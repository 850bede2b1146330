#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QTcpSocket>

#include <optional>

namespace dispatch::test {

/// One HTTP/1.1 response read off a raw socket, and the bytes it took on the wire: for tests
/// that must see exactly what the server wrote (sizes, framing, connection handling).
struct RawResponse {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    qsizetype wireBytes = 0;

    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    QJsonObject json() const;
    QString errorCode() const;
};

/// Parses one complete response at the start of `buffer` (Content-Length, chunked or no
/// body); nothing while more bytes are needed or when the bytes are not a response.
std::optional<RawResponse> parseResponse(const QByteArray &buffer, bool headRequest);

/// Reads one response from `socket`, waiting up to `timeoutMs`, and removes it from
/// `buffer` (bytes beyond it stay). The body's length comes from its framing, never a pause.
std::optional<RawResponse> readResponse(QTcpSocket &socket, QByteArray &buffer,
                                        bool headRequest = false, int timeoutMs = 15000);

} // namespace dispatch::test
