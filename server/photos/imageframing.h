#pragma once

#include <QByteArrayView>

class QIODevice;

namespace dispatch::server::imageframing {

// Whether an image file holds its whole image, read from its framing alone (no decoding):
// the upload checks refuse a file cut short (docs/openapi.yaml "Photos") because Qt's JPEG
// reader turns a truncated JPEG into an image with a grey bottom. Bytes after the image are
// allowed: phones append a motion photo's video after a JPEG's EOI. Each walker reads `device`
// from its start in small blocks (never the whole file) and leaves its position anywhere.

/// A JPEG: the segments before the first scan are skipped by their lengths (so an EXIF
/// thumbnail's own EOI inside APP1 does not count), then the scans are read up to the main
/// image's EOI marker (FF D9).
bool jpegComplete(QIODevice &device);
/// A PNG: its chunks are walked by their lengths up to IEND, each within the file.
bool pngComplete(QIODevice &device);
/// A WebP: the RIFF container's length fits in the file.
bool webpComplete(QIODevice &device);

/// The walker for an image type (image/jpeg, image/png, image/webp); false for other types.
bool isComplete(QByteArrayView mediaType, QIODevice &device);

} // namespace dispatch::server::imageframing
