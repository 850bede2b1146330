#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QString>

namespace dispatch::net {

/// What a finished QNetworkReply said, copied out of it so that classifying and parsing it is a
/// pure function (and a unit test needs no network).
struct RawReply {
    /// From QNetworkRequest::HttpStatusCodeAttribute; 0 when no HTTP answer arrived. Never
    /// judge a reply by `networkError` alone: Qt reports 409, 412 and 428 as errors too.
    int httpStatus = 0;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    QByteArray body;
    QByteArray etag;         ///< the ETag header, raw
    QByteArray retryAfter;   ///< the Retry-After header, raw
    QByteArray lastEventSeq; ///< X-Last-Event-Seq (GET /jobs), raw
    /// The body parsed once by ApiClient (which counts parses); null when not parsed yet.
    QJsonDocument json;
};

} // namespace dispatch::net
