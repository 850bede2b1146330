#pragma once

#include <apierror.h>

#include <QString>

namespace dispatch::ui {

/// What went wrong in words a dispatcher understands, and the one thing to do next. Decided
/// from the error's kind (never from a status code alone); the status and code only appear in
/// `technical`, for a "Details" line or the log.
struct UserMessage {
    QString text;      ///< "Someone else changed this job while you were working on it."
    QString nextStep;  ///< "Review both versions and choose what to keep."
    QString technical; ///< "HTTP 412 PRECONDITION_FAILED"; empty when there was no answer

    /// text and next step as one paragraph.
    QString combined() const;
};

/// `action` names what the user tried, in lower case ("save the job", "sign in"); it is used
/// where the error alone would not say what failed.
UserMessage describeError(const net::ApiError &error, const QString &action = {});

/// A save from the job editor that failed, in one sentence with the next step; the user's
/// edits are still in the editor, and the wording says so where it matters.
QString describeSaveError(const net::ApiError &error);
/// What to show under the field a Validation error names: the server's reason, or "was not
/// accepted" when it gave none (to follow the field's label, as fieldErrorText() puts it).
QString rejectedFieldReason(const net::ApiError &error);

/// An upload of the photo `filename` that the server refused or that failed, in one sentence
/// that names the file and says what to do (docs/openapi.yaml "Photos": 409 PHOTO_LIMIT, 413
/// PAYLOAD_TOO_LARGE and IMAGE_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 403 on a job not the
/// pro's own). Other errors get describeError()'s wording.
QString photoUploadErrorText(const net::ApiError &error, const QString &filename);

} // namespace dispatch::ui
