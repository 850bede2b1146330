#include "photoupload.h"

#include "photofiles.h"
#include "spooledbody.h"
#include "thumbnailer.h"

#include <QFileInfo>
#include <QLoggingCategory>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcUpload, "dispatch.server.photos")

/// The thumbnail the check's decode makes: the gallery's size.
constexpr int kKeptThumbnail = 256;
} // namespace

StoredUpload storeUpload(PhotoFiles &files, SpooledBody &body, QByteArrayView declaredType)
{
    StoredUpload upload;
    upload.check = photocheck::run(body.path(), declaredType, kKeptThumbnail);
    PhotoCheck &check = upload.check;
    if (check.outcome != PhotoCheck::Outcome::Ok)
        return upload;
    if (!files.adopt(body, check.sha256, &upload.storeError))
        return upload;
    const QString thumbnail = files.thumbnailPath(check.sha256, kKeptThumbnail);
    QString error;
    if (!QFileInfo::exists(thumbnail) &&
        !PhotoFiles::writeAtomically(thumbnail, thumbnailer::encode(check.thumbnail), &error))
        qCWarning(lcUpload) << "cannot keep a thumbnail (it is made again when asked for):"
                            << error;
    check.thumbnail = QImage();
    return upload;
}

} // namespace dispatch::server
