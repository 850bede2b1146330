#include "thumbnailer.h"

#include "photo.h"

#include <QBuffer>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>

namespace dispatch::server::thumbnailer {

QSize fittedSize(QSize original, int size)
{
    const int longest = std::max(original.width(), original.height());
    if (longest <= size || longest <= 0)
        return original;
    const double scale = double(size) / longest;
    return QSize(std::max(1, int(original.width() * scale + 0.5)),
                 std::max(1, int(original.height() * scale + 0.5)));
}

QImage render(const QString &path, const QByteArray &format, int size, QString *error)
{
    QImageReader reader(path, format);
    reader.setDecideFormatFromContent(false);
    // QImageReader counts the limit in MiB; the cap is docs/openapi.yaml's 128 MiB.
    reader.setAllocationLimit(int(kMaxPhotoDecodedBytes >> 20));
    reader.setAutoTransform(true);
    const QSize original = reader.size(); // before the EXIF rotation, as setScaledSize wants
    if (!original.isValid()) {
        *error = reader.errorString();
        return {};
    }
    const QSize fitted = fittedSize(original, size);
    if (fitted != original)
        reader.setScaledSize(fitted);
    QImage image;
    if (!reader.read(&image) || image.isNull()) {
        *error = reader.errorString();
        return {};
    }
    return image;
}

QByteArray encode(const QImage &image)
{
    // A new image has no text keys: QImageWriter would write the original's as JPEG comments.
    QImage clean(image.size(), QImage::Format_RGB32);
    clean.fill(Qt::white);
    {
        QPainter painter(&clean);
        painter.drawImage(0, 0, image);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(kQuality);
    writer.setOptimizedWrite(true);
    if (!writer.write(clean))
        return {};
    return bytes;
}

} // namespace dispatch::server::thumbnailer
