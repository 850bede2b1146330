#pragma once

#include "etag.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dispatch {

/// Where an admin's review of a photo stands (docs/openapi.yaml "Photos").
enum class PhotoReviewState { Pending, Approved, Flagged };

QString toWire(PhotoReviewState state);
std::optional<PhotoReviewState> photoReviewStateFromWire(QStringView wire);

/// The image types a photo may be; the server sniffs the real one from the bytes.
inline constexpr QLatin1String kPhotoContentTypes[] = {
    QLatin1String("image/jpeg"), QLatin1String("image/png"), QLatin1String("image/webp")};
/// A job holds at most this many photos; the next upload is 409 PHOTO_LIMIT.
inline constexpr int kMaxPhotosPerJob = 12;
/// A photo's body may be at most this many bytes; more is 413 PAYLOAD_TOO_LARGE.
inline constexpr qint64 kMaxPhotoBytes = 10 * 1024 * 1024;
/// An image whose declared width × height × 4 bytes exceeds this is 413 IMAGE_TOO_LARGE,
/// refused before it is decoded.
inline constexpr qint64 kMaxPhotoDecodedBytes = 128 * 1024 * 1024;
/// The thumbnail sizes the server renders (longest side, pixels).
inline constexpr int kPhotoThumbnailSizes[] = {128, 256, 1024};

/// The image type the first bytes of a file say it is ("image/jpeg", "image/png",
/// "image/webp"), whatever its name or a header claims; empty when it is none of them. Twelve
/// bytes are enough.
QString sniffPhotoContentType(QByteArrayView head);

struct PhotoReview {
    PhotoReviewState state = PhotoReviewState::Pending;
    QString by;     ///< the admin's user id; empty while pending
    QString byName; ///< the admin's name as the server gave it
    QDateTime at;   ///< invalid while pending
    QString note;   ///< why it was flagged; may be empty
};

/// A photo of a job as the protocol shows one (docs/openapi.yaml `Photo`). dispatchd and the
/// console share it. `version` grows by one with every review decision and `etag` (the value
/// of `GET /photos/{id}`'s ETag header) changes with it; the content's own ETag is `sha256`.
struct Photo {
    QString id;
    QString jobId;
    QString sha256; ///< lower-case hex of the content's SHA-256
    QString filename;
    QString contentType;
    qint64 bytes = 0;
    int width = 0;
    int height = 0;
    QString uploadedBy;
    QString uploadedByName;
    QDateTime createdAt;
    int version = 1;
    PhotoReview review;

    /// The photo resource's strong ETag: `"<id>.<version>"`.
    Etag etag() const;
};

QJsonObject toJson(const Photo &photo);
/// Nothing when the id, job id or hash is missing or the review state unknown.
std::optional<Photo> photoFromJson(const QJsonObject &object);

} // namespace dispatch
