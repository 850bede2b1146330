#include "errormessages.h"

#include <fieldkeys.h>
#include <photo.h>

#include <QCoreApplication>

namespace dispatch::ui {

namespace {

/// The messages' translation context (lupdate reads the qualified ErrorMessages::tr() calls).
struct ErrorMessages {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::ErrorMessages)
};

QString fieldName(const QString &key)
{
    if (key.isEmpty())
        return ErrorMessages::tr("a field");
    if (isCanonicalFieldKey(key))
        return fieldLabel(key);
    return key;
}

/// docs/openapi.yaml `/jobs/{id}/transition` 429: five wrong codes lock a job's codes for a
/// while; `retryAfter` (and Retry-After) says how long, in seconds.
QString codeLockedText(const net::ApiError &error)
{
    int seconds = error.retryAfterSeconds;
    if (seconds < 0)
        seconds = error.details.value(QLatin1String("retryAfter")).toInt(-1);
    if (seconds < 0)
        return ErrorMessages::tr("Too many wrong codes: this job's codes are locked for a while.");
    // Whole minutes, rounded up: "0 more minutes" while still locked would be wrong.
    const int minutes = qMax(1, (seconds + 59) / 60);
    // English has no catalogue, so its singular is its own string; others get %n's plural forms.
    if (minutes == 1)
        return ErrorMessages::tr("Too many wrong codes: this job's codes are locked for 1 more "
                                 "minute.");
    return ErrorMessages::tr(
        "Too many wrong codes: this job's codes are locked for %n more minutes.", nullptr, minutes);
}

} // namespace

QString UserMessage::combined() const
{
    return nextStep.isEmpty() ? text : text + u' ' + nextStep;
}

UserMessage describeError(const net::ApiError &error, const QString &action)
{
    using Kind = net::ApiError::Kind;
    UserMessage message;
    if (error.httpStatus > 0) {
        message.technical = QStringLiteral("HTTP %1").arg(error.httpStatus);
        if (!error.code.isEmpty())
            message.technical += u' ' + error.code;
    } else if (!error.message.isEmpty()) {
        message.technical = error.message;
    }
    const QString couldNot = action.isEmpty() ? ErrorMessages::tr("That did not work.")
                                              : ErrorMessages::tr("Could not %1.").arg(action);

    switch (error.kind) {
    case Kind::None:
        return {};
    case Kind::Conflict:
        message.text =
            ErrorMessages::tr("Someone else changed this job while you were working on it.");
        message.nextStep = ErrorMessages::tr("Review both versions and choose what to keep.");
        break;
    case Kind::PreconditionRequired:
        message.text =
            couldNot + u' ' + ErrorMessages::tr("The console did not know which version you saw.");
        message.nextStep = ErrorMessages::tr("Reopen the job and try again.");
        break;
    case Kind::Validation:
        if (error.field.isEmpty()) {
            message.text =
                couldNot + u' ' + ErrorMessages::tr("The server did not accept what was sent.");
        } else if (error.reason.isEmpty()) {
            message.text = ErrorMessages::tr("%1 is not valid.").arg(fieldName(error.field));
        } else {
            message.text = ErrorMessages::tr("%1 %2.").arg(fieldName(error.field), error.reason);
        }
        message.nextStep = ErrorMessages::tr("Correct the value and try again.");
        break;
    case Kind::Forbidden:
        message.text =
            couldNot + u' ' + ErrorMessages::tr("Your account is not allowed to do this.");
        message.nextStep = ErrorMessages::tr("Ask a dispatcher or an admin to do it.");
        break;
    case Kind::InvalidCode:
        message.text = ErrorMessages::tr("That code is not right for this job.");
        message.nextStep =
            ErrorMessages::tr("Check the code with the customer and enter it again.");
        break;
    case Kind::NotFound:
        message.text =
            ErrorMessages::tr("This job no longer exists, or it is no longer visible to you.");
        message.nextStep = ErrorMessages::tr("Refresh the board (F5).");
        break;
    case Kind::AlreadyAssigned:
        message.text = ErrorMessages::tr("Another pro has already taken this job.");
        message.nextStep = ErrorMessages::tr("Pick another job from the board.");
        break;
    case Kind::PriceLocked:
        message.text =
            ErrorMessages::tr("The price is fixed once a job is requested or scheduled.");
        message.nextStep = ErrorMessages::tr("Change the other fields, or unassign the job first.");
        break;
    case Kind::JobLocked:
        message.text =
            ErrorMessages::tr("This job has started, so its details can no longer change.");
        message.nextStep = ErrorMessages::tr("Add a note instead.");
        break;
    case Kind::InvalidTransition:
        message.text =
            couldNot + u' ' + ErrorMessages::tr("The job's status does not allow this step.");
        message.nextStep = ErrorMessages::tr("Refresh the job to see its current status.");
        break;
    case Kind::Rejected:
        message.text =
            couldNot + u' ' +
            (error.message.isEmpty() ? ErrorMessages::tr("The server refused it.") : error.message);
        message.nextStep = ErrorMessages::tr("Check what you sent and try again.");
        break;
    case Kind::InvalidCredentials:
        message.text = ErrorMessages::tr("The user name or password is not right.");
        message.nextStep = ErrorMessages::tr("Check them and sign in again.");
        break;
    case Kind::Unauthenticated:
        message.text = ErrorMessages::tr("You have been signed out.");
        message.nextStep = ErrorMessages::tr("Sign in again to continue.");
        break;
    case Kind::RateLimited:
        if (error.code == QLatin1String("CODE_LOCKED")) {
            message.text = codeLockedText(error);
            message.nextStep =
                ErrorMessages::tr("Check the code with the customer in the meantime.");
            break;
        }
        message.text = ErrorMessages::tr("Too many attempts in a short time.");
        message.nextStep =
            error.retryAfterSeconds > 0
                ? ErrorMessages::tr("Wait %1 seconds and try again.").arg(error.retryAfterSeconds)
                : ErrorMessages::tr("Wait a few minutes and try again.");
        break;
    case Kind::Network:
        message.text = couldNot + u' ' + ErrorMessages::tr("The server cannot be reached.");
        message.nextStep = error.retryable
                               ? ErrorMessages::tr("Check the network connection; then try again.")
                               : ErrorMessages::tr("Ask your administrator to check the server.");
        break;
    case Kind::Unexpected:
        message.text = couldNot + u' ' +
                       ErrorMessages::tr("The server gave an answer the console does not "
                                         "understand.");
        message.nextStep =
            ErrorMessages::tr("Try again; if it keeps happening, tell your administrator.");
        break;
    }
    return message;
}

QString describeSaveError(const net::ApiError &error)
{
    using Kind = net::ApiError::Kind;
    switch (error.kind) {
    case Kind::Validation:
        if (!error.field.isEmpty() && isCanonicalFieldKey(error.field))
            return ErrorMessages::tr(
                       "The server did not accept %1. Correct it and press Save again.")
                .arg(fieldLabel(error.field));
        return ErrorMessages::tr(
                   "The server did not accept these changes (%1). Correct them and press Save "
                   "again.")
            .arg(error.message);
    case Kind::PriceLocked:
        return ErrorMessages::tr(
            "The price can no longer change: a pro has been requested or scheduled. "
            "Revert the price to save your other changes.");
    case Kind::JobLocked:
        return ErrorMessages::tr(
            "This job has started, so its fields can no longer change. Revert your "
            "edits; notes can still be added from the job's details.");
    case Kind::Forbidden:
        return ErrorMessages::tr(
            "Your account may not edit this job. Ask a dispatcher or an admin.");
    case Kind::NotFound:
        return ErrorMessages::tr(
            "This job no longer exists, or you can no longer see it. Close the editor.");
    case Kind::Unauthenticated:
    case Kind::InvalidCredentials:
        return ErrorMessages::tr(
            "Your sign-in has expired. Sign in again, then press Save; your edits are "
            "kept here.");
    case Kind::RateLimited:
        return error.retryAfterSeconds > 0
                   ? ErrorMessages::tr(
                         "The server is busy. Wait %n second(s), then press Save again.", nullptr,
                         error.retryAfterSeconds)
                   : ErrorMessages::tr("The server is busy. Wait a moment, then press Save again.");
    case Kind::Network:
        return ErrorMessages::tr(
            "The server could not be reached. Your edits are kept; check the connection "
            "and press Save again.");
    case Kind::Conflict:
        return ErrorMessages::tr(
            "Someone else keeps changing this job. Your edits are kept; press Save again "
            "in a moment.");
    case Kind::PreconditionRequired:
        return ErrorMessages::tr(
            "The editor lost track of which version you started from. Close the editor "
            "and open the job again.");
    default:
        return ErrorMessages::tr("Saving did not work (%1). Your edits are kept; press Save again.")
            .arg(error.message.isEmpty() ? net::ApiError::kindName(error.kind) : error.message);
    }
}

QString rejectedFieldReason(const net::ApiError &error)
{
    return error.reason.isEmpty() ? ErrorMessages::tr("was not accepted") : error.reason;
}

QString photoUploadErrorText(const net::ApiError &error, const QString &filename)
{
    using Kind = net::ApiError::Kind;
    // The photo routes' codes (docs/openapi.yaml "Photos"); the status alone would not tell
    // a body over 10 MiB from an image too large to decode.
    const QString &code = error.code;
    if (code == QLatin1String("PHOTO_LIMIT"))
        return ErrorMessages::tr("%1 was not added: this job already has %2 photos, the most a "
                                 "job can hold.")
            .arg(filename)
            .arg(kMaxPhotosPerJob);
    if (code == QLatin1String("PAYLOAD_TOO_LARGE"))
        return ErrorMessages::tr("%1 is larger than the %2 MB a photo may be.")
            .arg(filename)
            .arg(kMaxPhotoBytes / (1024 * 1024));
    if (code == QLatin1String("IMAGE_TOO_LARGE"))
        return ErrorMessages::tr("%1 has too many pixels for the server to handle. Save a "
                                 "smaller copy and add that.")
            .arg(filename);
    if (code == QLatin1String("UNSUPPORTED_MEDIA_TYPE"))
        return ErrorMessages::tr("The server could not read %1 as a JPEG, PNG or WebP image.")
            .arg(filename);
    switch (error.kind) {
    case Kind::Forbidden:
        return ErrorMessages::tr("%1 was not added: pros can add photos to their own jobs only.")
            .arg(filename);
    case Kind::NotFound:
        return ErrorMessages::tr("%1 was not added: this job no longer exists, or it is no "
                                 "longer visible to you.")
            .arg(filename);
    case Kind::Unauthenticated:
        return ErrorMessages::tr("%1 was not added: you have been signed out. Sign in again, "
                                 "then add it again.")
            .arg(filename);
    case Kind::Network:
        return ErrorMessages::tr("%1 could not be sent: the server cannot be reached. Check the "
                                 "connection, then press Retry.")
            .arg(filename);
    case Kind::RateLimited:
        return ErrorMessages::tr("%1 was not added: the server is busy. Wait a moment, then "
                                 "press Retry.")
            .arg(filename);
    default:
        return describeError(error, ErrorMessages::tr("add %1").arg(filename)).combined();
    }
}

} // namespace dispatch::ui
