#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

namespace dispatch::test {

/// A TCP relay in front of a real server that loses answers on purpose: the next `count`
/// requests whose first bytes start with `prefix` reach the server, but the connection is cut
/// before the server's answer reaches the client. That is a dropped connection at the worst
/// moment (the server did the work; the client never hears), which a client must survive
/// without doing the work twice. Everything else is relayed byte for byte.
class DroppingRelay final : public QObject {
    Q_OBJECT
public:
    explicit DroppingRelay(quint16 targetPort, QObject *parent = nullptr);

    bool listen();
    QUrl url() const; ///< http://127.0.0.1:PORT

    void dropAnswers(const QByteArray &prefix, int count);
    /// How many answers were dropped so far.
    int dropped() const { return m_dropped; }

private:
    QTcpServer m_listener;
    quint16 m_target;
    QByteArray m_prefix;
    int m_toDrop = 0;
    int m_dropped = 0;
};

} // namespace dispatch::test
