#include "httpcompat.h"

#include <QWebSocket>
#include <QtGlobal>

namespace dispatch::server::compat {

QMetaObject::Connection
connectWebSocketError(QWebSocket *socket, const QObject *context,
                      std::function<void(QAbstractSocket::SocketError)> handler)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QObject::connect(socket, &QWebSocket::errorOccurred, context, std::move(handler));
#else
    return QObject::connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error),
                            context, std::move(handler));
#endif
}

} // namespace dispatch::server::compat
