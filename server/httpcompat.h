#pragma once

#include <QAbstractSocket>
#include <QMetaObject>

#include <functional>

class QObject;
class QWebSocket;

/// The Qt API differences the HTTP front end and its users meet between Qt 6.4 (Debian
/// bookworm) and newer Qt 6, each behind one small function with a QT_VERSION_CHECK branch.
///
/// The front end parses HTTP/1.1 itself and uses only QTcpServer, QTcpSocket and
/// QWebSocketServer::handleConnection(), which are the same on every Qt 6; the Qt HttpServer
/// calls that changed in 6.8 (`listen()`, response `setHeader`/`addHeader`, the missing
/// handler) are not used at all.
namespace dispatch::server::compat {

/// QWebSocket's error signal is `error(SocketError)` up to 6.4 and `errorOccurred` from 6.5.
QMetaObject::Connection
connectWebSocketError(QWebSocket *socket, const QObject *context,
                      std::function<void(QAbstractSocket::SocketError)> handler);

} // namespace dispatch::server::compat
