#pragma once

#include "jobstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dispatch {

/// When a customer wants the job done: a local date, an IANA time zone and a window
/// ("12:00-15:00") in that zone.
struct JobSchedule {
    QString date;     ///< "2026-01-15"
    QString timezone; ///< "America/Chicago"
    QString window;   ///< "12:00-15:00"

    friend bool operator==(const JobSchedule &, const JobSchedule &) = default;
};

/// The codes a customer hands the pro on site; only admins and dispatchers see them.
struct JobCodes {
    QString start;
    QString completion;

    friend bool operator==(const JobCodes &, const JobCodes &) = default;
};

/// One job as the wire carries it (docs/openapi.yaml "The job resource"). A value type: the
/// console keeps it with its ETag, the server builds it from a row.
struct Job {
    QString id;
    qint64 version = 0;
    JobStatus status = JobStatus::Open;
    QString assignedTo; ///< user id; empty when unassigned
    QDateTime dueAt;    ///< UTC; invalid when unset
    std::optional<JobSchedule> schedule;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString updatedBy;
    /// The names of `updatedBy` and `assignedTo` as the server knows them, so that a console
    /// that may not list users (a pro) still shows people by name; empty when not given.
    QString updatedByName;
    QString assignedToName;
    QJsonObject fields;
    std::optional<JobCodes> codes;

    QJsonValue field(QStringView key) const { return fields.value(key); }
    QString text(QStringView key) const { return fields.value(key).toString(); }

    friend bool operator==(const Job &, const Job &) = default;
};

/// Checks a schedule (date "yyyy-MM-dd", an IANA zone, window "HH:MM-HH:MM" with start before
/// end) and returns the window's start as UTC. On failure, `field` names the bad member
/// ("date", "timezone", "window") and `reason` says why.
std::optional<QDateTime> scheduleStartUtc(const JobSchedule &schedule, QString *field,
                                          QString *reason);
/// A schedule's JSON shape (docs/openapi.yaml "Schedule"): an object whose only members are
/// the strings `date`, `timezone` and `window`. On failure `member` names the bad member
/// (empty when `value` is not an object) and `reason` says why; the values themselves are
/// scheduleStartUtc()'s to check.
std::optional<JobSchedule> scheduleFromJson(const QJsonValue &value, QString *member,
                                            QString *reason);

/// UTC ISO-8601 with `Z` and whole seconds, as the protocol writes times.
QString toWireTime(const QDateTime &time);
QDateTime timeFromWire(const QString &text);

QJsonObject toJson(const JobSchedule &schedule);
QJsonObject toJson(const Job &job);

/// Reads a job from the wire. Returns nothing when a required member is missing or has the
/// wrong type; `error` then says which.
std::optional<Job> jobFromJson(const QJsonObject &object, QString *error = nullptr);

} // namespace dispatch
