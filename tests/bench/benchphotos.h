#pragma once

// Photos for the console's photo benchmarks: distinct JPEGs made in memory, standing in for
// the server's thumbnails, and the Photo resources that name them by their hash.
#include <photo.h>

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QPainter>

namespace dispatch::bench {

struct BenchPhoto {
    Photo photo;
    QByteArray jpeg;
};

/// `count` photos of job `jobId`, each a `size` JPEG of its own colours and number (so no two
/// hashes match), a third each pending, approved and flagged.
inline QList<BenchPhoto> makeBenchPhotos(const QString &jobId, int count, const QSize &size)
{
    QList<BenchPhoto> photos;
    photos.reserve(count);
    const QDateTime start = QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
    for (int i = 0; i < count; ++i) {
        QImage image(size, QImage::Format_RGB32);
        QPainter painter(&image);
        QLinearGradient gradient(0, 0, size.width(), size.height());
        gradient.setColorAt(0, QColor::fromHsv((i * 37) % 360, 160, 220));
        gradient.setColorAt(1, QColor::fromHsv((i * 37 + 120) % 360, 200, 90));
        painter.fillRect(image.rect(), gradient);
        painter.setPen(Qt::white);
        QFont font = painter.font();
        font.setPixelSize(size.height() / 4);
        painter.setFont(font);
        painter.drawText(image.rect(), Qt::AlignCenter, QString::number(i + 1));
        painter.end();
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "JPEG", 85);

        BenchPhoto bench;
        Photo &photo = bench.photo;
        photo.id = QStringLiteral("ph_%1").arg(i, 6, 10, QLatin1Char('0'));
        photo.jobId = jobId;
        photo.sha256 =
            QString::fromLatin1(QCryptographicHash::hash(jpeg, QCryptographicHash::Sha256).toHex());
        photo.filename = QStringLiteral("IMG_%1.jpg").arg(4000 + i);
        photo.contentType = QStringLiteral("image/jpeg");
        photo.bytes = jpeg.size();
        photo.width = 4032; // as a phone would take it; only the thumbnail is ever decoded
        photo.height = 3024;
        photo.uploadedBy = QStringLiteral("u_pro1");
        photo.uploadedByName = QStringLiteral("Marcus Reyes");
        photo.createdAt = start.addSecs(i * 60);
        photo.review.state = PhotoReviewState(i % 3);
        bench.jpeg = jpeg;
        photos.append(bench);
    }
    return photos;
}

} // namespace dispatch::bench
