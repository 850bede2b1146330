#include "job.h"

#include "zonedtime.h"

#include <QJsonValue>
#include <QStringList>
#include <QTimeZone>

namespace dispatch {

QString toWireTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(Qt::ISODate);
}

QDateTime timeFromWire(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return {};
    return time.toUTC();
}

std::optional<QDateTime> scheduleStartUtc(const JobSchedule &schedule, QString *field,
                                          QString *reason)
{
    auto fail = [&](const char *which, QString why) -> std::optional<QDateTime> {
        *field = QString::fromLatin1(which);
        *reason = std::move(why);
        return std::nullopt;
    };
    const QDate date = QDate::fromString(schedule.date, QStringLiteral("yyyy-MM-dd"));
    if (!date.isValid() || schedule.date.size() != 10)
        return fail("date", QStringLiteral("must be a date written yyyy-MM-dd"));
    const QByteArray zoneId = schedule.timezone.toUtf8();
    // isTimeZoneIdAvailable() misses aliases such as Etc/UTC and US/Central on Qt 6.4;
    // constructing the zone asks the tz database itself.
    if (zoneId.isEmpty() || zoneId.size() > 64 || !QTimeZone(zoneId).isValid())
        return fail("timezone",
                    QStringLiteral("\"%1\" is not a known IANA time zone").arg(schedule.timezone));
    const QStringList bounds = schedule.window.split(u'-');
    const QTime start =
        bounds.size() == 2 ? QTime::fromString(bounds[0], QStringLiteral("HH:mm")) : QTime();
    const QTime end =
        bounds.size() == 2 ? QTime::fromString(bounds[1], QStringLiteral("HH:mm")) : QTime();
    if (!start.isValid() || !end.isValid())
        return fail("window", QStringLiteral("must be written HH:MM-HH:MM"));
    if (start >= end)
        return fail("window", QStringLiteral("must start before it ends"));
    return zonedTimeToUtc(date, start, QTimeZone(zoneId));
}

std::optional<JobSchedule> scheduleFromJson(const QJsonValue &value, QString *member,
                                            QString *reason)
{
    auto fail = [&](QString which, QString why) -> std::optional<JobSchedule> {
        *member = std::move(which);
        *reason = std::move(why);
        return std::nullopt;
    };
    if (!value.isObject())
        return fail(QString(), QStringLiteral("must be an object {\"date\", \"timezone\", "
                                              "\"window\"}"));
    const QJsonObject object = value.toObject();
    static const QStringList members{QStringLiteral("date"), QStringLiteral("timezone"),
                                     QStringLiteral("window")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!members.contains(it.key()))
            return fail(it.key(), QStringLiteral("is not a member of a schedule"));
    }
    QStringList texts;
    for (const QString &name : members) {
        const QJsonValue text = object.value(name);
        if (!text.isString())
            return fail(name, QStringLiteral("must be a string"));
        texts.append(text.toString());
    }
    return JobSchedule{texts.at(0), texts.at(1), texts.at(2)};
}

QJsonObject toJson(const JobSchedule &schedule)
{
    return QJsonObject{{QStringLiteral("date"), schedule.date},
                       {QStringLiteral("timezone"), schedule.timezone},
                       {QStringLiteral("window"), schedule.window}};
}

namespace {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(toWireTime(time)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QJsonObject toJson(const Job &job)
{
    QJsonObject object{
        {QStringLiteral("id"), job.id},
        {QStringLiteral("version"), job.version},
        {QStringLiteral("status"), toWire(job.status)},
        {QStringLiteral("assignedTo"), textOrNull(job.assignedTo)},
        {QStringLiteral("dueAt"), timeOrNull(job.dueAt)},
        {QStringLiteral("schedule"),
         job.schedule ? QJsonValue(toJson(*job.schedule)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("createdAt"), timeOrNull(job.createdAt)},
        {QStringLiteral("updatedAt"), timeOrNull(job.updatedAt)},
        {QStringLiteral("updatedBy"), textOrNull(job.updatedBy)},
        {QStringLiteral("fields"), job.fields},
    };
    if (!job.updatedByName.isEmpty())
        object.insert(QStringLiteral("updatedByName"), job.updatedByName);
    if (!job.assignedToName.isEmpty())
        object.insert(QStringLiteral("assignedToName"), job.assignedToName);
    if (job.codes) {
        object.insert(QStringLiteral("codes"),
                      QJsonObject{{QStringLiteral("start"), job.codes->start},
                                  {QStringLiteral("completion"), job.codes->completion}});
    }
    return object;
}

std::optional<Job> jobFromJson(const QJsonObject &object, QString *error)
{
    auto failWith = [error](const char *what) -> std::optional<Job> {
        if (error)
            *error = QString::fromLatin1(what);
        return std::nullopt;
    };

    Job job;
    const QJsonValue id = object.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty())
        return failWith("id must be a non-empty string");
    job.id = id.toString();

    const QJsonValue version = object.value(QLatin1String("version"));
    if (!version.isDouble())
        return failWith("version must be a number");
    job.version = version.toInteger();

    const auto status = jobStatusFromWire(object.value(QLatin1String("status")).toString());
    if (!status)
        return failWith("status is not a known job status");
    job.status = *status;

    const QJsonValue assigned = object.value(QLatin1String("assignedTo"));
    if (!assigned.isNull() && !assigned.isUndefined() && !assigned.isString())
        return failWith("assignedTo must be a string or null");
    job.assignedTo = assigned.toString();

    job.dueAt = timeFromWire(object.value(QLatin1String("dueAt")).toString());
    const QJsonValue schedule = object.value(QLatin1String("schedule"));
    if (schedule.isObject()) {
        const QJsonObject s = schedule.toObject();
        job.schedule = JobSchedule{s.value(QLatin1String("date")).toString(),
                                   s.value(QLatin1String("timezone")).toString(),
                                   s.value(QLatin1String("window")).toString()};
    } else if (!schedule.isNull() && !schedule.isUndefined()) {
        return failWith("schedule must be an object or null");
    }
    job.createdAt = timeFromWire(object.value(QLatin1String("createdAt")).toString());
    job.updatedAt = timeFromWire(object.value(QLatin1String("updatedAt")).toString());
    job.updatedBy = object.value(QLatin1String("updatedBy")).toString();
    job.updatedByName = object.value(QLatin1String("updatedByName")).toString();
    job.assignedToName = object.value(QLatin1String("assignedToName")).toString();

    const QJsonValue fields = object.value(QLatin1String("fields"));
    if (!fields.isObject())
        return failWith("fields must be an object");
    job.fields = fields.toObject();

    const QJsonValue codes = object.value(QLatin1String("codes"));
    if (codes.isObject()) {
        const QJsonObject c = codes.toObject();
        job.codes = JobCodes{c.value(QLatin1String("start")).toString(),
                             c.value(QLatin1String("completion")).toString()};
    }
    return job;
}

} // namespace dispatch
