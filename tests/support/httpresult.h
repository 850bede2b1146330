#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <utility>

namespace dispatch::test {

/// One HTTP answer as a test sees it: status, raw body and headers in wire order. Status 0
/// means the request never got an answer (connection refused, reset, timeout).
struct HttpResult {
    int status = 0;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray networkError; ///< QNetworkReply's error string when status is 0

    /// The first header with this name, compared case-insensitively (RFC 9110 §5.1).
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    /// The body as a JSON object; {} when it is not one.
    QJsonObject json() const;
    /// The body as a JSON array; {} when it is not one.
    QJsonArray jsonArray() const;
    /// json()["error"]["code"], empty when the body is not an error.
    QString errorCode() const;
    QJsonObject errorObject() const;
    /// "412 {body...}" for failure messages; the body is cut at 600 bytes.
    QByteArray describe() const;
};

/// One describe() line per result, each cut at `each` bytes: what a race's failure shows.
QByteArray describeAll(const QList<HttpResult> &results, qsizetype each = 300);

} // namespace dispatch::test
