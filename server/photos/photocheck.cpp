#include "photocheck.h"

#include "imageframing.h"
#include "photo.h"
#include "thumbnailer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImageReader>

namespace dispatch::server::photocheck {

namespace {

QString typeName(QByteArrayView type)
{
    if (type == "image/jpeg")
        return QStringLiteral("a JPEG image");
    if (type == "image/png")
        return QStringLiteral("a PNG image");
    return QStringLiteral("a WebP image");
}

PhotoCheck refuse(PhotoCheck::Outcome outcome, QString message)
{
    PhotoCheck check;
    check.outcome = outcome;
    check.message = std::move(message);
    return check;
}

PhotoCheck unsupported(QString message)
{
    return refuse(PhotoCheck::Outcome::UnsupportedMediaType, std::move(message));
}

} // namespace

QByteArray sniffType(QByteArrayView head)
{
    if (head.size() >= 3 && quint8(head.at(0)) == 0xFF && quint8(head.at(1)) == 0xD8 &&
        quint8(head.at(2)) == 0xFF)
        return QByteArrayLiteral("image/jpeg");
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return QByteArrayLiteral("image/png");
    if (head.size() >= 12 && head.startsWith("RIFF") && head.sliced(8, 4) == "WEBP")
        return QByteArrayLiteral("image/webp");
    return {};
}

QByteArray mediaType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon))
        .trimmed()
        .toByteArray()
        .toLower();
}

bool isPhotoType(QByteArrayView type)
{
    for (const QLatin1String allowed : kPhotoContentTypes) {
        if (type == QByteArrayView(allowed.data(), allowed.size()))
            return true;
    }
    return false;
}

QByteArray qtFormat(QByteArrayView type)
{
    if (type == "image/jpeg")
        return QByteArrayLiteral("jpeg");
    if (type == "image/png")
        return QByteArrayLiteral("png");
    if (type == "image/webp")
        return QByteArrayLiteral("webp");
    return {};
}

PhotoCheck run(const QString &path, QByteArrayView declaredType, int thumbnailSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(PhotoCheck::Outcome::Failed,
                      QStringLiteral("The upload cannot be read: %1").arg(file.errorString()));
    const qint64 size = file.size();
    const QByteArray head = file.read(16);
    const QByteArray type = sniffType(head);
    if (type.isEmpty())
        return unsupported(QStringLiteral("The body is not a JPEG, PNG or WebP image."));
    if (type != declaredType)
        return unsupported(QStringLiteral("The body is %1, not %2 as its Content-Type says.")
                               .arg(typeName(type), QString::fromLatin1(declaredType)));
    const QByteArray format = qtFormat(type);
    if (!QImageReader::supportedImageFormats().contains(format))
        return unsupported(QStringLiteral("This server cannot read %1s: the Qt image plugin "
                                          "for them is not installed (qt6-image-formats-plugins).")
                               .arg(typeName(type).mid(2)));
    if (!imageframing::isComplete(type, file))
        return unsupported(
            QStringLiteral("The file is not a whole %1: it ends before the image does.")
                .arg(typeName(type)));

    file.seek(0);
    QImageReader reader(&file, format);
    reader.setDecideFormatFromContent(false);
    const QSize raw = reader.size();
    if (!raw.isValid())
        return unsupported(
            QStringLiteral("The image's header cannot be read: %1").arg(reader.errorString()));
    // docs/openapi.yaml "Photos": refused from the header, before a pixel is decoded.
    if (qint64(raw.width()) * raw.height() * 4 > kMaxPhotoDecodedBytes)
        return refuse(PhotoCheck::Outcome::ImageTooLarge,
                      QStringLiteral("The image is %1 × %2 pixels; at most %3 MiB decoded "
                                     "(width × height × 4) is accepted.")
                          .arg(raw.width())
                          .arg(raw.height())
                          .arg(kMaxPhotoDecodedBytes >> 20));
    const bool quarterTurn = reader.transformation() & QImageIOHandler::TransformationRotate90;

    PhotoCheck check;
    QString error;
    check.thumbnail = thumbnailer::render(path, format, thumbnailSize, &error);
    if (check.thumbnail.isNull())
        return unsupported(QStringLiteral("The image cannot be decoded: %1").arg(error));

    file.seek(0);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file) || file.pos() != size)
        return refuse(PhotoCheck::Outcome::Failed,
                      QStringLiteral("The upload cannot be read: %1").arg(file.errorString()));
    check.outcome = PhotoCheck::Outcome::Ok;
    check.contentType = type;
    check.width = quarterTurn ? raw.height() : raw.width();
    check.height = quarterTurn ? raw.width() : raw.height();
    check.sha256 = QString::fromLatin1(hash.result().toHex());
    return check;
}

} // namespace dispatch::server::photocheck
