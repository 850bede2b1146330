#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

class QIODevice;
class QTemporaryFile;

namespace dispatch::server {

struct HttpRequest;

/// Where HttpConnection puts a request's body as it arrives: in memory (JSON routes, within
/// their 1 MiB cap) or, for a route that takes large raw bodies (photos), in a spool file
/// written as the bytes come, so a 10 MiB upload never sits in memory whole
/// (docs/ARCHITECTURE.md "Photos on the server"). The caps themselves stay with the connection.
class RequestBodySink final {
public:
    RequestBodySink();
    ~RequestBodySink();
    RequestBodySink(const RequestBodySink &) = delete;
    RequestBodySink &operator=(const RequestBodySink &) = delete;

    /// Starts a body, dropping any earlier one: into a new file in `spoolDir` when that is
    /// given, else into memory with `reserve` bytes allocated up front. False when the spool
    /// file cannot be created.
    bool start(const QString &spoolDir, qint64 reserve);
    /// Moves up to `max` bytes from `device` into the body: the bytes taken from the device,
    /// -1 when reading it failed. A failed write (a full disk) still consumes the bytes and
    /// sets writeFailed().
    qint64 append(QIODevice *device, qint64 max);
    bool writeFailed() const { return m_writeFailed; }
    /// The whole body is in: hands it to `request` (HttpRequest::body, or
    /// HttpRequest::spooled with the file closed). False when the spool file cannot be closed.
    bool finish(HttpRequest *request);
    /// Drops what was read (an over-limit or broken body, a client gone): the file is removed.
    void discard();

private:
    QByteArray m_memory;
    std::unique_ptr<QTemporaryFile> m_file;
    qint64 m_size = 0;
    bool m_writeFailed = false;
};

} // namespace dispatch::server
