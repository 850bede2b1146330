#include "phototext.h"

#include <userdirectory.h>

#include <QLocale>

namespace dispatch::ui {

QString PhotoText::reviewState(PhotoReviewState state)
{
    switch (state) {
    case PhotoReviewState::Pending:
        return tr("Waiting for review");
    case PhotoReviewState::Approved:
        return tr("Approved");
    case PhotoReviewState::Flagged:
        return tr("Flagged");
    }
    return {};
}

QString PhotoText::summary(const QList<Photo> &photos)
{
    const int count = int(photos.size());
    if (count == 0)
        return tr("No photos yet");
    int pending = 0;
    int flagged = 0;
    for (const Photo &photo : photos) {
        pending += photo.review.state == PhotoReviewState::Pending;
        flagged += photo.review.state == PhotoReviewState::Flagged;
    }
    // English has no catalogue, so its singular is its own string; others get %n's plural
    // forms (as in common/errormessages.cpp).
    QStringList parts{count == 1 ? tr("1 photo") : tr("%n photos", nullptr, count)};
    if (count == 1) {
        // One photo: its state alone says it ("1 photo, flagged").
        parts.append(reviewState(photos.first().review.state).toLower());
        return parts.join(QStringLiteral(", "));
    }
    if (pending > 0)
        parts.append(tr("%n waiting for review", nullptr, pending));
    if (flagged > 0)
        parts.append(tr("%n flagged", nullptr, flagged));
    if (pending == 0 && flagged == 0)
        parts.append(tr("all approved"));
    return parts.join(QStringLiteral(", "));
}

QString PhotoText::uploaderName(const Photo &photo)
{
    return photo.uploadedByName.isEmpty() ? net::UserDirectory::formerUser() : photo.uploadedByName;
}

QString PhotoText::reviewerName(const Photo &photo)
{
    return photo.review.byName.isEmpty() ? net::UserDirectory::formerUser() : photo.review.byName;
}

QString PhotoText::uploaded(const Photo &photo)
{
    const QString who = photo.uploadedBy.isEmpty() ? tr("someone") : uploaderName(photo);
    if (!photo.createdAt.isValid())
        return tr("Uploaded by %1").arg(who);
    return tr("Uploaded by %1, %2")
        .arg(who, QLocale().toString(photo.createdAt.toLocalTime(), QLocale::ShortFormat));
}

QString PhotoText::review(const Photo &photo)
{
    const PhotoReview &review = photo.review;
    const QString by = reviewerName(photo);
    switch (review.state) {
    case PhotoReviewState::Pending:
        return tr("Waiting for review");
    case PhotoReviewState::Approved:
        return by.isEmpty() ? tr("Approved") : tr("Approved by %1").arg(by);
    case PhotoReviewState::Flagged: {
        const QString flagged = by.isEmpty() ? tr("Flagged") : tr("Flagged by %1").arg(by);
        return review.note.isEmpty() ? flagged : tr("%1: %2").arg(flagged, review.note);
    }
    }
    return {};
}

QString PhotoText::accessible(const Photo &photo)
{
    return tr("%1, %2").arg(photo.filename, reviewState(photo.review.state).toLower());
}

} // namespace dispatch::ui
