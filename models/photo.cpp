#include "photo.h"

#include "job.h"

#include <QJsonValue>

namespace dispatch {

QString toWire(PhotoReviewState state)
{
    switch (state) {
    case PhotoReviewState::Pending:
        return QStringLiteral("pending");
    case PhotoReviewState::Approved:
        return QStringLiteral("approved");
    case PhotoReviewState::Flagged:
        return QStringLiteral("flagged");
    }
    return {};
}

std::optional<PhotoReviewState> photoReviewStateFromWire(QStringView wire)
{
    if (wire == u"pending")
        return PhotoReviewState::Pending;
    if (wire == u"approved")
        return PhotoReviewState::Approved;
    if (wire == u"flagged")
        return PhotoReviewState::Flagged;
    return std::nullopt;
}

QString sniffPhotoContentType(QByteArrayView head)
{
    if (head.startsWith("\xFF\xD8\xFF"))
        return QStringLiteral("image/jpeg");
    if (head.startsWith("\x89PNG\r\n\x1A\n"))
        return QStringLiteral("image/png");
    if (head.size() >= 12 && head.startsWith("RIFF") && head.sliced(8, 4) == "WEBP")
        return QStringLiteral("image/webp");
    return {};
}

Etag Photo::etag() const
{
    return Etag::strong(QByteArray(id.toUtf8() + '.' + QByteArray::number(version)));
}

namespace {
QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}
} // namespace

QJsonObject toJson(const Photo &photo)
{
    const PhotoReview &review = photo.review;
    return QJsonObject{
        {QStringLiteral("id"), photo.id},
        {QStringLiteral("jobId"), photo.jobId},
        {QStringLiteral("sha256"), photo.sha256},
        {QStringLiteral("filename"), photo.filename},
        {QStringLiteral("contentType"), photo.contentType},
        {QStringLiteral("bytes"), double(photo.bytes)},
        {QStringLiteral("width"), photo.width},
        {QStringLiteral("height"), photo.height},
        {QStringLiteral("uploadedBy"), photo.uploadedBy},
        {QStringLiteral("uploadedByName"), photo.uploadedByName},
        {QStringLiteral("createdAt"), toWireTime(photo.createdAt)},
        {QStringLiteral("version"), photo.version},
        {QStringLiteral("etag"), QString::fromLatin1(photo.etag().toHeader())},
        {QStringLiteral("review"),
         QJsonObject{
             {QStringLiteral("state"), toWire(review.state)},
             {QStringLiteral("by"), orNull(review.by)},
             {QStringLiteral("byName"), orNull(review.byName)},
             {QStringLiteral("at"),
              review.at.isValid() ? QJsonValue(toWireTime(review.at)) : QJsonValue()},
             {QStringLiteral("note"), orNull(review.note)},
         }},
    };
}

std::optional<Photo> photoFromJson(const QJsonObject &object)
{
    Photo photo;
    photo.id = object.value(QLatin1String("id")).toString();
    photo.jobId = object.value(QLatin1String("jobId")).toString();
    photo.sha256 = object.value(QLatin1String("sha256")).toString();
    photo.filename = object.value(QLatin1String("filename")).toString();
    photo.contentType = object.value(QLatin1String("contentType")).toString();
    photo.bytes = qint64(object.value(QLatin1String("bytes")).toDouble());
    photo.width = object.value(QLatin1String("width")).toInt();
    photo.height = object.value(QLatin1String("height")).toInt();
    photo.uploadedBy = object.value(QLatin1String("uploadedBy")).toString();
    photo.uploadedByName = object.value(QLatin1String("uploadedByName")).toString();
    photo.createdAt = timeFromWire(object.value(QLatin1String("createdAt")).toString());
    photo.version = object.value(QLatin1String("version")).toInt(1);
    const QJsonObject review = object.value(QLatin1String("review")).toObject();
    const auto state = photoReviewStateFromWire(review.value(QLatin1String("state")).toString());
    if (photo.id.isEmpty() || photo.jobId.isEmpty() || photo.sha256.isEmpty() || !state)
        return std::nullopt;
    photo.review.state = *state;
    photo.review.by = review.value(QLatin1String("by")).toString();
    photo.review.byName = review.value(QLatin1String("byName")).toString();
    photo.review.at = timeFromWire(review.value(QLatin1String("at")).toString());
    photo.review.note = review.value(QLatin1String("note")).toString();
    return photo;
}

} // namespace dispatch
