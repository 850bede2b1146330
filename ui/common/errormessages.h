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

} // namespace dispatch::ui
