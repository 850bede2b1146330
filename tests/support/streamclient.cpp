#include "streamclient.h"

#include "testhelpers.h"

#include <QNetworkRequest>
#include <QTest>

namespace dispatch::test {

StreamClient::StreamClient()
{
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                     [this](const QString &text) {
                         messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
                     });
    QObject::connect(&socket, &QWebSocket::connected, &socket, [this] { wasConnected = true; });
    QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { closed = true; });
}

QUrl StreamClient::streamUrl(const DispatchdProcess &server)
{
    QUrl url = server.baseUrl();
    url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/api/v1/stream"));
    return url;
}

void StreamClient::open(const DispatchdProcess &server, const QByteArray &token)
{
    QUrl url = streamUrl(server);
    if (!token.isNull())
        url.setQuery(QStringLiteral("token=") + QString::fromLatin1(token.toPercentEncoding()));
    socket.open(url);
}

void StreamClient::openWithHeader(const DispatchdProcess &server, const QByteArray &token)
{
    QNetworkRequest request(streamUrl(server));
    request.setRawHeader("Authorization", "Bearer " + token);
    socket.open(request);
}

bool StreamClient::waitConnected()
{
    return QTest::qWaitFor([this] { return wasConnected || closed; }, 10000) && wasConnected &&
           !closed;
}

void StreamClient::resumeAfter(qint64 seq)
{
    socket.sendTextMessage(
        QString::fromUtf8(json(QJsonObject{{QStringLiteral("resumeAfter"), seq}})));
}

bool StreamClient::waitForCount(qsizetype count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return messages.size() >= count || closed; }, timeoutMs) &&
           messages.size() >= count;
}

bool StreamClient::waitForEvent(const QString &jobId, const QString &type, int timeoutMs)
{
    const auto arrived = [&] {
        for (const QJsonObject &message : std::as_const(messages)) {
            if (message.value(QLatin1String("jobId")).toString() == jobId &&
                message.value(QLatin1String("type")).toString() == type)
                return true;
        }
        return false;
    };
    return QTest::qWaitFor([&] { return arrived() || closed; }, timeoutMs) && arrived() && !closed;
}

void StreamClient::close()
{
    socket.close();
    if (!QTest::qWaitFor([this] { return closed; }, 5000))
        qWarning("the stream did not close within 5 s");
}

} // namespace dispatch::test
