#include "websocketupgrade.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QWebSocket>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcUpgrade, "dispatch.server.websocket")
} // namespace

WebSocketUpgrade::WebSocketUpgrade(QTcpSocket *socket, std::function<void()> onGone)
    : QObject(socket)
    , m_socket(socket)
    , m_onGone(std::move(onGone))
{
    // Connected before QWebSocket connects its own reader, so this runs first on every
    // readyRead and can stop a bad frame before QWebSocket takes it.
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketUpgrade::beforeWebSocketReads);
}

WebSocketUpgrade::~WebSocketUpgrade()
{
    if (m_onGone)
        m_onGone();
}

void WebSocketUpgrade::adopt(QWebSocket *webSocket)
{
    m_webSocket = webSocket;
    m_socket->setParent(webSocket);
    // Connected after QWebSocket's reader: what is left in the buffer then was fed already.
    connect(m_socket, &QTcpSocket::readyRead, this, &WebSocketUpgrade::afterWebSocketReads);
    // Frames the client sent right behind its handshake are still unread.
    const qint64 available = m_socket->bytesAvailable();
    if (available > 0 && !feed(m_socket->peek(available)))
        refuse();
    m_fed = m_socket->bytesAvailable();
}

void WebSocketUpgrade::beforeWebSocketReads()
{
    if (!m_webSocket || m_refused)
        return; // the handshake is still being read, or the socket is on its way out
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_fed)
        return;
    const QByteArray buffered = m_socket->peek(available);
    if (!feed(QByteArrayView(buffered).sliced(m_fed)))
        refuse();
    m_fed = available;
}

void WebSocketUpgrade::afterWebSocketReads()
{
    m_fed = m_socket->bytesAvailable();
}

void WebSocketUpgrade::refuse()
{
    m_refused = true;
    qCInfo(lcUpgrade) << "closing a WebSocket that sent an unmasked frame";
    m_socket->skip(m_socket->bytesAvailable()); // QWebSocket never sees the frame
    m_fed = 0;
    if (m_webSocket)
        m_webSocket->close(QWebSocketProtocol::CloseCodeProtocolError,
                           QStringLiteral("client frames must be masked"));
}

bool WebSocketUpgrade::feed(QByteArrayView bytes)
{
    // RFC 6455 §5.2: 2 header bytes, 0/2/8 extended length bytes, a 4-byte mask, the payload.
    while (!bytes.isEmpty()) {
        switch (m_part) {
        case Part::First:
            bytes = bytes.sliced(1);
            m_part = Part::Second;
            break;
        case Part::Second: {
            const auto second = static_cast<unsigned char>(bytes.front());
            bytes = bytes.sliced(1);
            if ((second & 0x80) == 0)
                return false;
            const int length = second & 0x7f;
            m_remaining = length < 126 ? quint64(length) : 0;
            m_lengthBytes = length == 126 ? 2 : length == 127 ? 8 : 0;
            m_maskBytes = 4;
            m_part = m_lengthBytes > 0 ? Part::Length : Part::Mask;
            break;
        }
        case Part::Length:
            m_remaining = (m_remaining << 8) | static_cast<unsigned char>(bytes.front());
            bytes = bytes.sliced(1);
            if (--m_lengthBytes == 0)
                m_part = Part::Mask;
            break;
        case Part::Mask: {
            const int taken = int(std::min<qsizetype>(m_maskBytes, bytes.size()));
            bytes = bytes.sliced(taken);
            m_maskBytes -= taken;
            if (m_maskBytes == 0)
                m_part = m_remaining > 0 ? Part::Payload : Part::First;
            break;
        }
        case Part::Payload: {
            const quint64 taken = std::min<quint64>(m_remaining, quint64(bytes.size()));
            bytes = bytes.sliced(qsizetype(taken));
            m_remaining -= taken;
            if (m_remaining == 0)
                m_part = Part::First;
            break;
        }
        }
    }
    return true;
}

} // namespace dispatch::server
