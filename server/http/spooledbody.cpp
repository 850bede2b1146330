#include "spooledbody.h"

#include <QFile>

#include <cstdio>

namespace dispatch::server {

SpooledBody::SpooledBody(QString path, qint64 size)
    : m_path(std::move(path))
    , m_size(size)
{}

SpooledBody::~SpooledBody()
{
    if (!m_moved.load())
        QFile::remove(m_path);
}

bool SpooledBody::moveTo(const QString &target)
{
    // QFile::rename() refuses to replace an existing file and falls back to copying across
    // file systems; the spool folder lies beside the content folder, so rename(2) is the move.
    const QByteArray from = QFile::encodeName(m_path);
    const QByteArray to = QFile::encodeName(target);
    if (std::rename(from.constData(), to.constData()) != 0)
        return false;
    m_moved.store(true);
    return true;
}

} // namespace dispatch::server
