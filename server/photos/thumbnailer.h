#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace dispatch::server {

/// Thumbnails of stored photos (docs/openapi.yaml "Photos", docs/ARCHITECTURE.md "Photos on
/// the server"): at most `size` pixels on the longest side and never larger than the original,
/// upright (the EXIF orientation applied), re-encoded as a JPEG that carries no metadata at
/// all (no EXIF, so no location leaks). Blocking: runs on the photo workers, never on the
/// event loop.
namespace thumbnailer {

/// JPEG quality of thumbnails.
inline constexpr int kQuality = 82;

/// `original` fitted into a `size` × `size` box, never larger than it was.
QSize fittedSize(QSize original, int size);

/// Decodes the image in `path` straight to its thumbnail size: QImageReader::setScaledSize lets
/// libjpeg decode a 12 MP JPEG at 1/2, 1/4 or 1/8 scale (DCT scaling) instead of whole. Refuses
/// to allocate more than docs/openapi.yaml's decoded-size cap. A null image, with `error`, when
/// the file cannot be decoded. `format` is the Qt image format ("jpeg", "png", "webp") the
/// upload's checks found; stored photos are only ever read as their own type.
QImage render(const QString &path, const QByteArray &format, int size, QString *error);

/// The thumbnail as a JPEG: drawn onto a fresh opaque image (transparency over white), so
/// nothing of the original's metadata (EXIF, text chunks, comments) is carried over.
QByteArray encode(const QImage &image);

} // namespace thumbnailer

} // namespace dispatch::server
