#pragma once

// Internal to the job store: the steps of a write and the helpers jobstore.cpp (reads and the
// write engine) and jobwrites.cpp (one plan per operation) share.

#include "jobstore.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace dispatch::server {

struct JobStore::Row {
    Job job;
    int codeFailures = 0;
    QDateTime codeLockedUntil;
    QString idempotencyKey;
};

struct JobStore::Plan {
    std::optional<StoreError> error;
    bool recordCodeFailure = false; ///< commit a wrong-code count even though the write fails
    bool noop = false;
    bool deleteJob = false;
    Row next;
    QString eventType;
    QJsonObject changes;
    QString reason;
};

struct JobStore::GateVerdict {
    std::optional<StoreError> error;
    bool unchanged = false;   ///< answer 200 with the current job, write nothing
    bool withCurrent = false; ///< the error carries the job as it is now (as a 412 does)
};

namespace storedetail {

constexpr int kMaxCodeFailures = 5;
constexpr int kCodeLockSeconds = 15 * 60;

/// JobStore::isOpenOffer() as a condition on the columns of `jobs`.
inline const QString kOpenOfferSql = QStringLiteral("status = 'OPEN' AND assigned_to IS NULL");

inline StoreError makeError(StoreError::Kind kind, const char *code, QString message,
                            QJsonObject details = {})
{
    return StoreError{kind, QString::fromLatin1(code), std::move(message), std::move(details)};
}

inline StoreError notFound()
{
    return makeError(StoreError::Kind::NotFound, "NOT_FOUND",
                     QStringLiteral("There is no such job."));
}

inline StoreError forbidden(QString message)
{
    return makeError(StoreError::Kind::Refused, "FORBIDDEN", std::move(message));
}

inline StoreError invalidTransition(JobStatus from, JobStatus to, QString message)
{
    return makeError(
        StoreError::Kind::Conflict, "INVALID_TRANSITION", std::move(message),
        QJsonObject{{QStringLiteral("from"), toWire(from)}, {QStringLiteral("to"), toWire(to)}});
}

inline QDateTime nowUtc()
{
    QDateTime now = QDateTime::currentDateTimeUtc();
    now.setTime(QTime(now.time().hour(), now.time().minute(), now.time().second()));
    return now;
}

inline QJsonValue jsonTextOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

inline QJsonValue jsonTimeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(toWireTime(time)) : QJsonValue(QJsonValue::Null);
}

StoreError databaseError(const QSqlError &error);
/// Runs `sql`, whose `%1` stands for a list of `?`, once per slice of `values` (so no statement
/// exceeds a database's limit on bound values; SQLite: 999 in old builds), handing each
/// executed query to `read`. False with `error` set on a database error.
bool selectInSlices(QSqlDatabase db, const QString &sql, const QStringList &values,
                    const std::function<void(QSqlQuery &)> &read, StoreError *error);
/// A SQL NULL for an empty text, else the text.
QVariant textOrNull(const QString &text);
/// The statement broke a UNIQUE constraint (PostgreSQL 23505, SQLite 2067/1555).
bool isUniqueViolation(const QSqlError &error);

} // namespace storedetail

} // namespace dispatch::server
