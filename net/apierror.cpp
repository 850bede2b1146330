#include "apierror.h"

#include <QJsonDocument>
#include <QLocale>
#include <QMetaEnum>
#include <QTimeZone>

#include <limits>

namespace dispatch::net {

ApiError::Kind ApiError::kindFor(int httpStatus, QStringView code)
{
    if (httpStatus == 0)
        return Kind::Network;
    if (httpStatus < 400)
        return Kind::None;
    switch (httpStatus) {
    case 400:
        return Kind::Validation;
    case 401:
        return code == u"INVALID_CREDENTIALS" ? Kind::InvalidCredentials : Kind::Unauthenticated;
    case 403:
        return code == u"INVALID_CODE" ? Kind::InvalidCode : Kind::Forbidden;
    case 404:
        return Kind::NotFound;
    case 408:
        return Kind::Network;
    case 409:
        if (code == u"VERSION_CONFLICT")
            return Kind::Conflict;
        if (code == u"ALREADY_ASSIGNED")
            return Kind::AlreadyAssigned;
        if (code == u"PRICE_LOCKED")
            return Kind::PriceLocked;
        if (code == u"JOB_LOCKED")
            return Kind::JobLocked;
        if (code == u"INVALID_TRANSITION")
            return Kind::InvalidTransition;
        if (code == u"USERNAME_TAKEN")
            return Kind::Validation;
        return Kind::Rejected;
    case 412:
        return Kind::Conflict;
    case 413:
    case 415:
        return Kind::Rejected;
    case 428:
        return Kind::PreconditionRequired;
    case 429:
        return Kind::RateLimited;
    default:
        break;
    }
    if (httpStatus >= 500)
        return Kind::Network;
    return Kind::Unexpected;
}

bool ApiError::isRetryable(int httpStatus, QNetworkReply::NetworkError error)
{
    if (httpStatus != 0)
        return httpStatus == 408 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what QNetworkRequest's transfer timeout gives
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

namespace {

std::optional<VersionedJob> versionedJob(const QJsonValue &value, const QByteArray &etagHeader)
{
    if (!value.isObject())
        return std::nullopt;
    auto job = jobFromJson(value.toObject());
    if (!job)
        return std::nullopt;
    return VersionedJob{std::move(*job), Etag::fromHeader(etagHeader)};
}

} // namespace

ApiError ApiError::fromReply(const RawReply &reply, const QDateTime &now)
{
    ApiError error;
    error.httpStatus = reply.httpStatus;
    error.networkError = reply.networkError;
    if (reply.httpStatus == 0) {
        error.kind = Kind::Network;
        error.message = reply.networkErrorString;
        error.retryable = isRetryable(0, reply.networkError);
        return error;
    }
    if (reply.httpStatus < 400)
        return error;

    QJsonDocument document = reply.json;
    if (document.isNull() && !reply.body.isEmpty())
        document = QJsonDocument::fromJson(reply.body);
    const QJsonObject object = document.object().value(QLatin1String("error")).toObject();
    error.details = object;
    error.code = object.value(QLatin1String("code")).toString();
    error.message = object.value(QLatin1String("message")).toString();
    error.field = object.value(QLatin1String("field")).toString();
    error.reason = object.value(QLatin1String("reason")).toString();
    error.kind = kindFor(reply.httpStatus, error.code);
    if (error.message.isEmpty())
        error.message = reply.networkErrorString;

    switch (error.kind) {
    case Kind::Conflict:
    case Kind::AlreadyAssigned: // a 409 from /dispatch carries `current` as a 412 does
        error.current = versionedJob(object.value(QLatin1String("current")), reply.etag);
        error.currentDraft = object.value(QLatin1String("draft")).toObject();
        if (error.current)
            error.jobId = error.current->id();
        break;
    case Kind::RateLimited:
        error.retryAfterSeconds = parseRetryAfter(reply.retryAfter, now);
        break;
    case Kind::Network:
        error.retryable = isRetryable(reply.httpStatus, reply.networkError);
        break;
    default:
        break;
    }
    return error;
}

ApiError ApiError::unexpected(int httpStatus, const QString &message)
{
    ApiError error;
    error.kind = Kind::Unexpected;
    error.httpStatus = httpStatus;
    error.message = message;
    return error;
}

QString ApiError::kindName(Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(static_cast<int>(kind)));
}

QString ApiError::toString() const
{
    QString text = kindName(kind);
    if (httpStatus)
        text += u' ' + QString::number(httpStatus);
    if (!code.isEmpty())
        text += u' ' + code;
    if (!field.isEmpty())
        text += u" field=" + field;
    if (!message.isEmpty())
        text += u": " + message;
    return text;
}

int parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArrayView trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return -1;
    bool isNumber = false;
    const qlonglong seconds = trimmed.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? -1 : int(qMin<qlonglong>(seconds, std::numeric_limits<int>::max()));
    // HTTP-date, IMF-fixdate form: "Sun, 06 Nov 1994 08:49:37 GMT".
    const QDateTime when = QLocale::c().toDateTime(
        QString::fromLatin1(trimmed), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return -1;
    const QDateTime utc(when.date(), when.time(), QTimeZone(0));
    return int(qMax<qint64>(0, now.secsTo(utc)));
}

} // namespace dispatch::net
