#include "photofiles.h"

#include "spooledbody.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcPhotoFiles, "dispatch.server.photos")

/// fsync(2) on a file or folder by path; folders make a rename in them durable.
bool syncPath(const QString &path, bool folder)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

bool isContentName(const QString &name)
{
    // 64 lower-case hex digits, optionally followed by ".t<size>.jpg" (a thumbnail).
    if (name.size() < 64)
        return false;
    for (int i = 0; i < 64; ++i) {
        const QChar c = name.at(i);
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return name.size() == 64 || name.at(64) == u'.';
}
} // namespace

PhotoFiles::PhotoFiles(QString root)
    : m_root(std::move(root))
{}

QString PhotoFiles::spoolDir() const
{
    return m_root + QStringLiteral("/tmp");
}

QString PhotoFiles::contentPath(const QString &sha256) const
{
    return m_root + u'/' + sha256.left(2) + u'/' + sha256;
}

QString PhotoFiles::thumbnailPath(const QString &sha256, int size) const
{
    return contentPath(sha256) + QStringLiteral(".t%1.jpg").arg(size);
}

bool PhotoFiles::prepare(QString *error)
{
    if (!QDir().mkpath(spoolDir())) {
        *error = QStringLiteral("cannot create the photo folder %1").arg(spoolDir());
        return false;
    }
    QDir spool(spoolDir());
    int removed = 0;
    const QStringList leftovers = spool.entryList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : leftovers)
        removed += spool.remove(name) ? 1 : 0;
    if (removed > 0)
        qCInfo(lcPhotoFiles) << "removed" << removed << "unfinished uploads from" << spoolDir();
    return true;
}

bool PhotoFiles::adopt(SpooledBody &body, const QString &sha256, QString *error)
{
    const QString target = contentPath(sha256);
    // The same bytes, stored (and synced) by an earlier upload. Its time is made now, so the
    // sweep, which spares young files, cannot take it from under this upload's row even if no
    // row named it yet (an upload that lost a race for a job's last slot). Gone meanwhile: it
    // is stored again.
    if (::utimensat(AT_FDCWD, QFile::encodeName(target).constData(), nullptr, 0) == 0)
        return true;
    const QString folder = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot create %1").arg(folder);
        return false;
    }
    if (!syncPath(body.path(), false)) {
        *error = QStringLiteral("cannot sync %1").arg(body.path());
        return false;
    }
    if (!body.moveTo(target)) {
        *error = QStringLiteral("cannot move the upload to %1").arg(target);
        return false;
    }
    if (!syncPath(folder, true)) {
        *error = QStringLiteral("cannot sync %1").arg(folder);
        return false;
    }
    return true;
}

bool PhotoFiles::writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    // QSaveFile writes beside the target, fsyncs and renames on commit().
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int PhotoFiles::sweepUnreferenced(const QSet<QString> &keep, std::chrono::seconds minAge) const
{
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(-minAge.count());
    int removed = 0;
    QDirIterator folders(m_root, QDir::Dirs | QDir::NoDotAndDotDot);
    while (folders.hasNext()) {
        const QString folder = folders.next();
        if (folders.fileName().size() != 2)
            continue; // tmp/ and anything an operator put there
        QDirIterator files(folder, QDir::Files);
        while (files.hasNext()) {
            files.next();
            const QString name = files.fileName();
            if (!isContentName(name) || keep.contains(name.left(64)))
                continue;
            if (files.fileInfo().lastModified().toUTC() > cutoff)
                continue;
            removed += QFile::remove(files.filePath()) ? 1 : 0;
        }
    }
    if (removed > 0)
        qCInfo(lcPhotoFiles) << "removed" << removed << "photo files no photo names";
    return removed;
}

} // namespace dispatch::server
