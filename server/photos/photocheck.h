#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace dispatch::server {

/// What the checks of one upload found (docs/openapi.yaml "Photos").
struct PhotoCheck {
    enum class Outcome {
        Ok,
        UnsupportedMediaType, ///< 415: not an image of the declared type, or not decodable
        ImageTooLarge,        ///< 413 IMAGE_TOO_LARGE: width × height × 4 over the cap
        Failed,               ///< the file could not be read (an I/O error)
    };
    Outcome outcome = Outcome::Failed;
    QString message; ///< for people, when not Ok
    QByteArray contentType;
    int width = 0; ///< as shown: the EXIF orientation applied
    int height = 0;
    QString sha256;   ///< lower-case hex
    QImage thumbnail; ///< the thumbnail the decoding check made on the way
};

namespace photocheck {

/// image/jpeg, image/png or image/webp from a file's first bytes (JPEG FF D8 FF, PNG's
/// 8-byte signature, RIFF....WEBP); empty for anything else.
QByteArray sniffType(QByteArrayView head);
/// A Content-Type's media type in lower case without its parameters.
QByteArray mediaType(QByteArrayView contentType);
/// One of the types a photo may be (models/photo.h kPhotoContentTypes).
bool isPhotoType(QByteArrayView mediaType);
/// The Qt image format of a photo type ("jpeg", "png", "webp").
QByteArray qtFormat(QByteArrayView mediaType);

/// Every check of an upload in `path`, declared as `declaredType`, in the order that costs
/// least when it fails: the magic bytes against the declared type; that the file holds the
/// whole image (imageframing: a JPEG's EOI marker, a PNG's IEND chunk, a WebP's RIFF length),
/// because Qt's JPEG reader makes an image out of a truncated file; the header's width × height × 4
/// against the 128 MiB cap, before any decoding; a decode (straight to a `thumbnailSize` thumbnail,
/// which libjpeg does at a fraction of the full size); the SHA-256, read from the file in blocks.
/// Blocking: runs on the photo workers.
PhotoCheck run(const QString &path, QByteArrayView declaredType, int thumbnailSize);

} // namespace photocheck

} // namespace dispatch::server
