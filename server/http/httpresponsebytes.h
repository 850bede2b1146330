#pragma once

#include "httpmessage.h"

#include <QByteArray>

#include <utility>

namespace dispatch::server {

/// One answer as HTTP/1.1 bytes: the status line, `Content-Type` and an exact `Content-Length`
/// (none for 204 and 304), `Date`, `X-Request-Id`, the handler's own valid headers (those the
/// front end manages are dropped) and `Connection: close` (or `keep-alive` for HTTP/1.0).
/// Returns the head, with the body inline when small, and the body still to send after it
/// (shared with the response, not copied). A status outside 200-599 is a handler bug and is
/// answered 500.
std::pair<QByteArray, QByteArray> responseBytes(const HttpResponse &response,
                                                const QByteArray &requestId, bool http10,
                                                bool headOnly, bool close);

} // namespace dispatch::server
