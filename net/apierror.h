#pragma once

#include "rawreply.h"
#include "versionedjob.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QNetworkReply>
#include <QString>

#include <optional>

namespace dispatch::net {

/// A failed request as a value the UI can act on, decided in one place (fromReply) from the
/// HTTP status and the protocol's error code (docs/openapi.yaml "Conventions": every error is
/// `{"error":{"code","message",...details}}`), never from QNetworkReply::NetworkError alone.
///
/// Which kind each answer is:
/// - Conflict: 412 (any code), 409 VERSION_CONFLICT
/// - PreconditionRequired: 428
/// - Validation: 400 (BAD_REQUEST, INVALID_FIELD_KEY, INVALID_VALUE), 409 USERNAME_TAKEN
/// - Forbidden: 403 but INVALID_CODE
/// - InvalidCode: 403 INVALID_CODE (a wrong start or completion code)
/// - NotFound: 404
/// - AlreadyAssigned: 409 ALREADY_ASSIGNED
/// - PriceLocked: 409 PRICE_LOCKED (a requested or scheduled job's price)
/// - JobLocked: 409 JOB_LOCKED (a job that has started)
/// - InvalidTransition: 409 INVALID_TRANSITION
/// - Rejected: 409 with another code (PHOTO_LIMIT, JURISDICTION_MISMATCH...), 413, 415
/// - Unauthenticated: 401 UNAUTHENTICATED (the session is gone)
/// - InvalidCredentials: 401 INVALID_CREDENTIALS (a sign-in with a wrong name or password)
/// - RateLimited: 429 (RATE_LIMITED, CODE_LOCKED), with retryAfterSeconds
/// - Network: no HTTP answer, 408, 5xx; `retryable` says whether to try later
/// - Unexpected: anything else (405, other 4xx, a 2xx whose body is malformed)
struct ApiError {
    Q_GADGET
public:
    enum class Kind {
        None, ///< not an error
        Conflict,
        PreconditionRequired,
        Validation,
        Forbidden,
        InvalidCode,
        NotFound,
        AlreadyAssigned,
        PriceLocked,
        JobLocked,
        InvalidTransition,
        Rejected,
        Unauthenticated,
        InvalidCredentials,
        RateLimited,
        Network,
        Unexpected,
    };
    Q_ENUM(Kind)

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString code;        ///< the protocol's error code ("PRICE_LOCKED"); empty when none
    QString message;     ///< the server's message, or the network error's text
    QString field;       ///< Validation, PriceLocked: the field key concerned
    QString reason;      ///< INVALID_VALUE: what is wrong with the value
    QJsonObject details; ///< the whole error object, for details without a member here
    QString jobId;       ///< the job the failed request was about, when it was about one

    /// Conflict, and AlreadyAssigned from `/dispatch`: the server's current copy and its ETag
    /// (from the error body and ETag header;
    /// ApiClient fetches them itself when a 412 came without a body). Empty when unknown.
    std::optional<VersionedJob> current;
    /// Conflict from 409 VERSION_CONFLICT: the fresh draft, as sent.
    QJsonObject currentDraft;

    /// RateLimited: seconds to wait from Retry-After; -1 when the server did not say.
    int retryAfterSeconds = -1;

    /// Network: whether the same request may succeed later (refused or dropped connection,
    /// timeout, 408, 502, 503, 504); false for TLS, protocol errors and a plain 500.
    bool retryable = false;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;

    bool ok() const { return kind == Kind::None; }
    bool is(Kind k) const { return kind == k; }

    /// The kind for a status and error code: the whole table above in one function.
    static Kind kindFor(int httpStatus, QStringView code);
    /// Whether a failure with no useful answer (status 0 or 408/5xx) is worth retrying.
    static bool isRetryable(int httpStatus, QNetworkReply::NetworkError error);
    /// Classifies a finished reply; a 1xx-3xx status gives Kind::None.
    static ApiError fromReply(const RawReply &reply,
                              const QDateTime &now = QDateTime::currentDateTimeUtc());
    /// An answer that broke the protocol (e.g. a 200 whose body is not a job).
    static ApiError unexpected(int httpStatus, const QString &message);

    static QString kindName(Kind kind);
    /// One line for logs: kind, status, code, field, message.
    QString toString() const;
};

/// Retry-After (RFC 9110 §10.2.3) as seconds from `now`: delay-seconds or an HTTP-date;
/// -1 when absent or unreadable, 0 for a date in the past.
int parseRetryAfter(QByteArrayView value, const QDateTime &now);

} // namespace dispatch::net

Q_DECLARE_METATYPE(dispatch::net::ApiError)
