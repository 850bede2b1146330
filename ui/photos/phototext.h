#pragma once

#include <photo.h>

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace dispatch::ui {

/// Photos in words, the same in the strip, the gallery and the lightbox.
class PhotoText final {
    Q_DECLARE_TR_FUNCTIONS(PhotoText)
public:
    PhotoText() = delete;

    /// "Waiting for review", "Approved", "Flagged".
    static QString reviewState(PhotoReviewState state);
    /// "5 photos, 2 waiting for review", "1 photo, flagged", "3 photos, all approved",
    /// "No photos yet".
    static QString summary(const QList<Photo> &photos);
    /// Who uploaded it / reviewed it, by the name the server sent; "a former user" when it sent
    /// none (net/userdirectory.h), never the bare id.
    static QString uploaderName(const Photo &photo);
    static QString reviewerName(const Photo &photo);
    /// "Uploaded by Marcus Reyes, 3 Mar 2026 14:02" (local time).
    static QString uploaded(const Photo &photo);
    /// "Flagged by Ada Admin: blurry, retake" / "Approved by Ada Admin" / "Waiting for review".
    static QString review(const Photo &photo);
    /// One line for a tooltip or a screen reader: "sink.jpg, waiting for review".
    static QString accessible(const Photo &photo);
};

} // namespace dispatch::ui
