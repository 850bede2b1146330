#pragma once

// Photos for the console's photo suites: a job of their own, and JPEGs (testimages.h) uploaded
// through the real API, as a phone or another console would.
#include "httptestclient.h"
#include "testhelpers.h"
#include "testimages.h"

#include <QJsonObject>
#include <QUrl>

namespace dispatch::test {

/// POST /jobs/{id}/photos as `client`; the photo, or {} (with a warning) unless 201.
inline QJsonObject uploadPhoto(HttpTestClient &client, const QString &jobId,
                               const QString &filename, const QByteArray &jpeg)
{
    const HttpResult result =
        client.request("POST", jobPath(jobId, QStringLiteral("/photos")), jpeg,
                       {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("image/jpeg")},
                        {QByteArrayLiteral("X-Filename"), QUrl::toPercentEncoding(filename)}});
    if (result.status != 201) {
        qWarning() << "upload" << filename << "to" << jobId << ":" << result.describe();
        return {};
    }
    return result.json().value(QLatin1String("photo")).toObject();
}

/// An open job near pro1's home made by `dispatcher`, with no photos; its id or "".
inline QString createPhotoJob(HttpTestClient &dispatcher, const QString &title)
{
    const HttpResult created = dispatcher.postJson(
        QStringLiteral("/jobs"),
        QJsonObject{{QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("title"), title},
                                 {QStringLiteral("address"), QStringLiteral("1 Test Street")},
                                 {QStringLiteral("geo"),
                                  QJsonObject{{QStringLiteral("lat"), 30.2872},
                                              {QStringLiteral("lng"), -97.7731}}}}}});
    if (created.status != 201) {
        qWarning() << "POST /jobs:" << created.describe();
        return {};
    }
    return created.json().value(QLatin1String("id")).toString();
}

} // namespace dispatch::test
