#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>

#include <chrono>

namespace dispatch::server {

class SpooledBody;

/// The photo folder (docs/ARCHITECTURE.md "Photos on the server", docs/OPERATIONS.md):
///
///     <root>/tmp/                   upload bodies being received; emptied at start
///     <root>/<aa>/<sha256>          a photo's bytes, named by their SHA-256 (aa: its first
///                                   two hex digits, so no folder grows past a few thousand)
///     <root>/<aa>/<sha256>.t<N>.jpg its thumbnail N pixels on the longest side, made once
///
/// Content is stored durably before a photo's row is committed: the file is fsynced, renamed
/// into place and its folder fsynced. A crash leaves at worst a spool file (removed at start) or
/// a content file no row names (removed by sweepUnreferenced()). Safe to call from any thread:
/// only the file system is shared, and every change is a rename.
class PhotoFiles final {
public:
    explicit PhotoFiles(QString root);

    /// Creates the folders and empties tmp/ of the bodies of uploads that a crash or a stop
    /// cut short. False, with a line for people, when the folder cannot be made.
    bool prepare(QString *error);

    const QString &root() const { return m_root; }
    /// Where HttpConnection spools upload bodies (HttpLimits::spoolDir).
    QString spoolDir() const;
    QString contentPath(const QString &sha256) const;
    QString thumbnailPath(const QString &sha256, int size) const;

    /// Makes a spooled body the content of `sha256`, durably (fsync, rename, fsync of the
    /// folder). When that content is stored already, the body is left to be removed.
    bool adopt(SpooledBody &body, const QString &sha256, QString *error);
    /// Writes `bytes` to `path` whole or not at all (a file beside it, fsync, rename): a
    /// reader never sees a half-written thumbnail.
    static bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error);

    /// Removes content files (with their thumbnails) whose hash is not in `keep` and that are
    /// older than `minAge`: uploads refused after their bytes were stored (a lost race for the
    /// last slot) and the leftovers of a crash between file and row. The age keeps the files
    /// of uploads still on their way to a commit, here or on another dispatchd sharing the
    /// folder. Returns the number of files removed.
    int sweepUnreferenced(const QSet<QString> &keep, std::chrono::seconds minAge) const;

private:
    QString m_root;
};

} // namespace dispatch::server
