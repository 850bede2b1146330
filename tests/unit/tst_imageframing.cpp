// photos/imageframing: whether an image file holds its whole image, from its framing alone.
// Whole files pass (also with bytes after the image, as a phone's motion photo has); files cut
// anywhere fail, and a JPEG's EXIF thumbnail (with its own EOI) does not make a cut file whole.

#include "imageframing.h"
#include "testimages.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QTest>
#include <QtEndian>

using namespace dispatch::server;
using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

bool complete(const QByteArray &type, QByteArray bytes)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    return imageframing::isComplete(type, buffer);
}

QByteArray progressiveJpeg()
{
    QImage image(300, 200, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setProgressiveScanWrite(true);
    writer.write(image);
    return bytes;
}

/// `jpeg` with an APP1 segment holding a small JPEG of its own (an EXIF thumbnail's shape).
QByteArray withEmbeddedThumbnail(const QByteArray &jpeg)
{
    const QByteArray thumbnail = jpegImage(16, 16, 3);
    QByteArray payload = QByteArray("Exif\0\0", 6) + thumbnail;
    QByteArray length(2, '\0');
    qToBigEndian(quint16(payload.size() + 2), length.data());
    return QByteArray(jpeg.left(2) + "\xFF\xE1" + length + payload + jpeg.mid(2));
}

} // namespace

class TestImageFraming final : public QObject {
    Q_OBJECT

private slots:
    void wholeFilesPass_data();
    void wholeFilesPass();
    void cutFilesFail_data();
    void cutFilesFail();
    void aChunkPastTheEndFails();
};

void TestImageFraming::wholeFilesPass_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray jpeg = jpegImage(320, 240, 1);
    const QByteArray png = pngImage(200, 100, 2);
    QTest::newRow("JPEG") << "image/jpeg"_ba << jpeg;
    QTest::newRow("progressive JPEG") << "image/jpeg"_ba << progressiveJpeg();
    QTest::newRow("JPEG with an EXIF thumbnail") << "image/jpeg"_ba << withEmbeddedThumbnail(jpeg);
    QTest::newRow("JPEG with EXIF orientation") << "image/jpeg"_ba << withExifOrientation(jpeg, 6);
    QTest::newRow("JPEG with a video after it")
        << "image/jpeg"_ba << QByteArray(jpeg + QByteArray(5000, '\x42') + "ftypmp42");
    QTest::newRow("PNG") << "image/png"_ba << png;
    QTest::newRow("PNG with bytes after IEND") << "image/png"_ba << QByteArray(png + "trailer");
    QTest::newRow("WebP") << "image/webp"_ba << webpImage(200, 100, 4);
}

void TestImageFraming::wholeFilesPass()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, bytes);
    QVERIFY(complete(type, bytes));
}

void TestImageFraming::cutFilesFail_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("JPEG") << "image/jpeg"_ba << jpegImage(320, 240, 5);
    QTest::newRow("progressive JPEG") << "image/jpeg"_ba << progressiveJpeg();
    QTest::newRow("JPEG with an EXIF thumbnail")
        << "image/jpeg"_ba << withEmbeddedThumbnail(jpegImage(320, 240, 6));
    QTest::newRow("PNG") << "image/png"_ba << pngImage(200, 100, 7);
    QTest::newRow("WebP") << "image/webp"_ba << webpImage(200, 100, 8);
}

void TestImageFraming::cutFilesFail()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, bytes);
    // Cut at every length from 2 bytes to one short of whole, in steps that cover the headers,
    // the data and the very end.
    for (qsizetype length = 2; length < bytes.size(); length += (length < 64 ? 1 : 37))
        QVERIFY2(!complete(type, bytes.left(length)), qPrintable(u"cut at %1"_s.arg(length)));
    QVERIFY(!complete(type, bytes.chopped(1)));
    QVERIFY(complete(type, bytes));
}

void TestImageFraming::aChunkPastTheEndFails()
{
    QByteArray png = pngImage(50, 50, 9);
    // The IHDR chunk (at 8) claims more data than the file has.
    qToBigEndian(quint32(1 << 30), png.data() + 8);
    QVERIFY(!complete("image/png", png));
    QVERIFY(!complete("image/gif", "GIF89a"_ba));
}

QTEST_MAIN(TestImageFraming)
#include "tst_imageframing.moc"
