#include "requestbodysink.h"

#include "httpmessage.h"
#include "spooledbody.h"

#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryFile>

#include <algorithm>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcBody, "dispatch.server.http.body")

/// Bytes moved from the socket to the spool file per read: the only part of a spooled body in
/// memory at once, besides what the socket and the file buffer hold.
constexpr qint64 kSpoolBlock = 64 << 10;
} // namespace

RequestBodySink::RequestBodySink() = default;
RequestBodySink::~RequestBodySink() = default;

bool RequestBodySink::start(const QString &spoolDir, qint64 reserve)
{
    discard();
    if (spoolDir.isEmpty()) {
        m_memory.reserve(reserve);
        return true;
    }
    auto file =
        std::make_unique<QTemporaryFile>(QDir(spoolDir).filePath(QStringLiteral("body-XXXXXX")));
    if (!file->open()) {
        qCWarning(lcBody) << "cannot create a spool file in" << spoolDir << file->errorString();
        return false;
    }
    m_file = std::move(file);
    return true;
}

qint64 RequestBodySink::append(QIODevice *device, qint64 max)
{
    if (!m_file) {
        const qsizetype old = m_memory.size();
        m_memory.resize(old + max);
        const qint64 got = device->read(m_memory.data() + old, max);
        m_memory.resize(old + std::max<qint64>(got, 0));
        return got;
    }
    char block[kSpoolBlock];
    qint64 taken = 0;
    while (taken < max) {
        const qint64 got = device->read(block, std::min(max - taken, kSpoolBlock));
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        taken += got;
        if (m_writeFailed)
            continue; // the answer is decided (507); the bytes are only drained
        if (m_file->write(block, got) != got) {
            qCWarning(lcBody) << "cannot write the spool file" << m_file->fileName()
                              << m_file->errorString();
            m_writeFailed = true;
        }
        m_size += got;
    }
    return taken;
}

bool RequestBodySink::finish(HttpRequest *request)
{
    if (!m_file) {
        request->body = std::move(m_memory);
        m_memory = QByteArray();
        return true;
    }
    if (!m_file->flush()) {
        qCWarning(lcBody) << "cannot write the spool file" << m_file->fileName()
                          << m_file->errorString();
        discard();
        return false;
    }
    m_file->close();
    m_file->setAutoRemove(false); // from here on the SpooledBody removes it
    request->spooled = std::make_shared<SpooledBody>(m_file->fileName(), m_size);
    m_file.reset();
    m_size = 0;
    return true;
}

void RequestBodySink::discard()
{
    m_file.reset(); // QTemporaryFile removes its file
    m_memory = QByteArray();
    m_size = 0;
    m_writeFailed = false;
}

} // namespace dispatch::server
