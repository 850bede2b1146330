#include "testimages.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QtEndian>

namespace dispatch::test {

namespace {

QImage picture(int width, int height, int seed)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(quint32(seed) + 1);
    const QRgb base =
        qRgb(int(random.bounded(256)), int(random.bounded(256)), int(random.bounded(256)));
    image.fill(base);
    // A few blocks at places that depend on the seed, so no two seeds give the same bytes.
    for (int i = 0; i < 6; ++i) {
        const int x = int(random.bounded(std::max(1, width)));
        const int y = int(random.bounded(std::max(1, height)));
        const QRgb colour =
            qRgb(int(random.bounded(256)), int(random.bounded(256)), int(random.bounded(256)));
        for (int dy = 0; dy < std::min(height - y, 1 + height / 4); ++dy) {
            QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y + dy));
            for (int dx = 0; dx < std::min(width - x, 1 + width / 4); ++dx)
                line[x + dx] = colour;
        }
    }
    return image;
}

QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

quint32 crc32(QByteArrayView data)
{
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : data)
        crc = table[(crc ^ quint8(byte)) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

QByteArray be32(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray be16(quint16 value)
{
    QByteArray bytes(2, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    const QByteArray typed = type + data;
    return be32(quint32(data.size())) + typed + be32(crc32(typed));
}

} // namespace

QByteArray jpegImage(int width, int height, int seed, int quality)
{
    return encode(picture(width, height, seed), "jpeg", quality);
}

QByteArray pngImage(int width, int height, int seed)
{
    return encode(picture(width, height, seed), "png");
}

QByteArray webpImage(int width, int height, int seed)
{
    return encode(picture(width, height, seed), "webp", 80);
}

QByteArray largeJpeg(qint64 bytes, int seed)
{
    // Noise does not compress: at quality 100 a picture is a few bytes a pixel. The height is
    // guessed, then corrected once from what the first try weighed.
    const int width = 4000;
    const auto noise = [width, seed](int height) {
        QImage image(width, height, QImage::Format_RGB32);
        QRandomGenerator random(quint32(seed) + 77);
        for (int y = 0; y < height; ++y) {
            QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < width; ++x)
                line[x] = random.generate() | 0xFF000000u;
        }
        return encode(image, "jpeg", 100);
    };
    int height = int(std::clamp<qint64>(bytes / 3 / width, 8, 3000));
    QByteArray jpeg = noise(height);
    height = int(std::clamp<qint64>(qint64(height * 0.98 * double(bytes) / jpeg.size()), 8, 3000));
    return noise(height);
}

QByteArray pngDeclaring(int width, int height)
{
    QByteArray ihdr = be32(quint32(width)) + be32(quint32(height));
    ihdr += char(8);             // bit depth
    ihdr += char(6);             // RGBA
    ihdr += QByteArray(3, '\0'); // compression, filter, interlace
    const QByteArray zlib = qCompress(QByteArray(64, '\0')).mid(4); // a valid zlib stream
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += pngChunk("IHDR", ihdr);
    png += pngChunk("IDAT", zlib);
    png += pngChunk("IEND", {});
    return png;
}

QByteArray jpegDeclaring(const QByteArray &jpeg, int width, int height)
{
    QByteArray patched = jpeg;
    // SOF0 (FF C0): length (2), precision (1), height (2), width (2).
    const qsizetype sof = patched.indexOf(QByteArray("\xFF\xC0", 2));
    if (sof < 0)
        return {};
    qToBigEndian(quint16(height), patched.data() + sof + 5);
    qToBigEndian(quint16(width), patched.data() + sof + 7);
    return patched;
}

QByteArray withExifOrientation(const QByteArray &jpeg, int orientation)
{
    // TIFF header (big-endian "MM", 42, first IFD at 8), one entry: tag 0x0112 Orientation,
    // type SHORT (3), count 1, the value in the first two bytes of the 4-byte field; no next IFD.
    QByteArray tiff = QByteArray("MM", 2) + be16(42) + be32(8);
    tiff += be16(1);
    tiff += be16(0x0112) + be16(3) + be32(1) + be16(quint16(orientation)) + be16(0);
    tiff += be32(0);
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    const QByteArray app1 = QByteArray("\xFF\xE1", 2) + be16(quint16(payload.size() + 2)) + payload;
    return QByteArray(jpeg.left(2) + app1 + jpeg.mid(2));
}

bool hasExif(const QByteArray &jpeg)
{
    // Walk the segments before the scan: an APP1 whose payload starts with "Exif\0\0".
    qsizetype at = 2;
    while (at + 4 <= jpeg.size() && quint8(jpeg.at(at)) == 0xFF) {
        const quint8 marker = quint8(jpeg.at(at + 1));
        if (marker == 0xDA) // start of scan: no more metadata
            return false;
        const int length = qFromBigEndian<quint16>(jpeg.constData() + at + 2);
        if (marker == 0xE1 && jpeg.mid(at + 4, 6) == QByteArray("Exif\0\0", 6))
            return true;
        at += 2 + length;
    }
    return false;
}

QSize imageSize(const QByteArray &bytes)
{
    QImage image;
    return image.loadFromData(bytes) ? image.size() : QSize();
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

HeaderList photoHeaders(const QByteArray &contentType, const QByteArray &filename)
{
    return {{QByteArrayLiteral("Content-Type"), contentType},
            {QByteArrayLiteral("X-Filename"), filename}};
}

} // namespace dispatch::test
