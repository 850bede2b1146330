#pragma once

#include "dispatchdprocess.h"

#include <QJsonObject>
#include <QList>
#include <QWebSocket>

namespace dispatch::test {

/// A raw WebSocket on dispatchd's /api/v1/stream that records every text message as JSON:
/// what the contract suites use to watch the stream without the console's client.
struct StreamClient {
    QWebSocket socket;
    QList<QJsonObject> messages;
    bool wasConnected = false;
    bool closed = false;

    StreamClient();

    static QUrl streamUrl(const DispatchdProcess &server);
    /// Opens with the token in `?token=`; a null token opens without one.
    void open(const DispatchdProcess &server, const QByteArray &token);
    /// Opens with the token in `Authorization: Bearer`.
    void openWithHeader(const DispatchdProcess &server, const QByteArray &token);
    /// True once the socket is open and still open.
    bool waitConnected();
    void resumeAfter(qint64 seq);
    /// Waits until at least `count` messages arrived.
    bool waitForCount(qsizetype count, int timeoutMs = 15000);
    /// Waits until a message for `jobId` of type `type` arrived, while the socket stays open.
    bool waitForEvent(const QString &jobId, const QString &type, int timeoutMs = 10000);
    void close();
};

} // namespace dispatch::test
