#pragma once

#include "httptestclient.h"

#include <QByteArray>
#include <QSize>
#include <QString>

namespace dispatch::test {

// Image bytes for the photo suites, made in memory: distinct pictures by seed, and the
// hostile ones (a header that declares a huge image, a hand-written EXIF orientation).

/// A JPEG, PNG or WebP of `width` × `height` whose pixels differ for every `seed`.
QByteArray jpegImage(int width, int height, int seed, int quality = 90);
QByteArray pngImage(int width, int height, int seed);
QByteArray webpImage(int width, int height, int seed);
/// A JPEG of a little under `bytes` bytes (noise at quality 100, 4000 pixels wide, at most
/// 3000 high).
QByteArray largeJpeg(qint64 bytes, int seed);

/// A small, valid PNG whose IHDR says `width` × `height` (with a correct CRC) and whose
/// pixel data is a few bytes: the header a decompression bomb would carry.
QByteArray pngDeclaring(int width, int height);
/// `jpeg` with its SOF0 frame header saying `width` × `height`.
QByteArray jpegDeclaring(const QByteArray &jpeg, int width, int height);
/// `jpeg` with an EXIF APP1 segment (big-endian TIFF, one IFD entry: Orientation) right
/// after SOI, written byte by byte.
QByteArray withExifOrientation(const QByteArray &jpeg, int orientation);
/// Whether a JPEG holds an EXIF APP1 segment ("Exif\0\0").
bool hasExif(const QByteArray &jpeg);
/// The pixel size of encoded image bytes; invalid when they do not decode.
QSize imageSize(const QByteArray &bytes);
/// Lower-case hex SHA-256.
QString sha256Hex(const QByteArray &bytes);

/// The headers of POST /jobs/{id}/photos.
HeaderList photoHeaders(const QByteArray &contentType, const QByteArray &filename);

} // namespace dispatch::test
