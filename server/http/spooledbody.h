#pragma once

#include <QString>

#include <atomic>

namespace dispatch::server {

/// A request body that HttpConnection streamed to a file as it arrived (the photo upload,
/// docs/ARCHITECTURE.md "Photos on the server"). The file holds the whole body and is removed
/// when the last holder lets go (the connection when the request ends or the client leaves,
/// a worker when its checks end), unless moveTo() gave it a home first.
///
/// Shared between the front end's thread and one worker at a time: holders never use it at
/// the same moment, and the shared_ptr that carries it orders their accesses.
class SpooledBody final {
public:
    SpooledBody(QString path, qint64 size);
    ~SpooledBody();
    SpooledBody(const SpooledBody &) = delete;
    SpooledBody &operator=(const SpooledBody &) = delete;

    /// The file's path; nothing is open on it.
    const QString &path() const { return m_path; }
    qint64 size() const { return m_size; }

    /// Renames the file to `target` (rename(2): the same file system, atomic, replacing what
    /// is there). From then on the file is not removed with this object.
    bool moveTo(const QString &target);

private:
    QString m_path;
    qint64 m_size = 0;
    std::atomic<bool> m_moved{false};
};

} // namespace dispatch::server
