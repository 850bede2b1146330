#include "droppingrelay.h"

#include <QTcpSocket>

#include <memory>

namespace dispatch::test {

DroppingRelay::DroppingRelay(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_target(targetPort)
{
    connect(&m_listener, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *client = m_listener.nextPendingConnection()) {
            auto *upstream = new QTcpSocket(client);
            auto pending = std::make_shared<QByteArray>();
            auto doomed = std::make_shared<bool>(false);
            connect(client, &QTcpSocket::readyRead, this,
                    [this, client, upstream, pending, doomed] {
                        const QByteArray bytes = client->readAll();
                        // A request starts a chunk of its own on a keep-alive connection in
                        // practice; the relay only needs to recognise the one it was told to doom.
                        if (m_toDrop > 0 && bytes.startsWith(m_prefix)) {
                            --m_toDrop;
                            *doomed = true;
                        }
                        if (upstream->state() == QAbstractSocket::ConnectedState)
                            upstream->write(bytes);
                        else
                            *pending += bytes;
                    });
            connect(upstream, &QTcpSocket::connected, upstream,
                    [upstream, pending] { upstream->write(std::exchange(*pending, {})); });
            connect(upstream, &QTcpSocket::readyRead, this, [this, client, upstream, doomed] {
                const QByteArray bytes = upstream->readAll();
                if (*doomed) {
                    ++m_dropped;
                    upstream->abort();
                    client->abort();
                    client->deleteLater();
                    return;
                }
                client->write(bytes);
            });
            connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            upstream->connectToHost(QHostAddress::LocalHost, m_target);
        }
    });
}

bool DroppingRelay::listen()
{
    return m_listener.listen(QHostAddress::LocalHost, 0);
}

QUrl DroppingRelay::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_listener.serverPort()));
}

void DroppingRelay::dropAnswers(const QByteArray &prefix, int count)
{
    m_prefix = prefix;
    m_toDrop = count;
}

} // namespace dispatch::test
