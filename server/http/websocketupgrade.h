#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

class QTcpSocket;
class QWebSocket;

namespace dispatch::server {

/// Rides along with one upgraded connection, as a child of its TCP socket, for as long as that
/// socket lives:
/// - `onGone` runs when the socket is destroyed, however that happens. QWebSocket 6.4 cuts
///   every signal connection of the socket it wraps when it is destroyed, so a slot counted on
///   `disconnected` or `destroyed` would never come back; a child's destructor always runs.
/// - it reads the client's frame headers as the bytes arrive and closes the WebSocket with
///   1002 on an unmasked frame (RFC 6455 §5.1), which QWebSocket 6.4 accepts.
class WebSocketUpgrade final : public QObject {
    Q_OBJECT
public:
    WebSocketUpgrade(QTcpSocket *socket, std::function<void()> onGone);
    ~WebSocketUpgrade() override;

    /// The handshake succeeded: the TCP socket now belongs to `webSocket` (it is deleted with
    /// it) and the frames that follow are checked.
    void adopt(QWebSocket *webSocket);

    /// Feeds client bytes to the frame-header reader; false once a frame arrived unmasked.
    /// Public for the unit test.
    bool feed(QByteArrayView bytes);

private:
    enum class Part { First, Second, Length, Mask, Payload };

    void beforeWebSocketReads();
    void afterWebSocketReads();
    void refuse();

    QTcpSocket *m_socket;
    QPointer<QWebSocket> m_webSocket;
    std::function<void()> m_onGone;
    /// Bytes in the socket's buffer that were fed already (QWebSocket has not taken them yet).
    qint64 m_fed = 0;
    bool m_refused = false;

    Part m_part = Part::First;
    int m_lengthBytes = 0; ///< extended length bytes still to read
    quint64 m_remaining = 0;
    int m_maskBytes = 0;
};

} // namespace dispatch::server
