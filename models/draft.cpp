#include "draft.h"

#include "job.h" // toWireTime, timeFromWire

namespace dispatch {

namespace {
QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(toWireTime(time)) : QJsonValue(QJsonValue::Null);
}
} // namespace

QJsonObject toJson(const Jurisdiction &jurisdiction)
{
    return QJsonObject{{QStringLiteral("countryCode"), jurisdiction.countryCode},
                       {QStringLiteral("stateCode"), jurisdiction.stateCode}};
}

Jurisdiction jurisdictionFromJson(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return Jurisdiction{object.value(QLatin1String("countryCode")).toString(),
                        object.value(QLatin1String("stateCode")).toString()};
}

QJsonObject toJson(const Draft &draft)
{
    QJsonObject object{
        {QStringLiteral("id"), draft.id},
        {QStringLiteral("version"), draft.version},
        {QStringLiteral("status"),
         draft.published ? QStringLiteral("PUBLISHED") : QStringLiteral("DRAFT")},
        {QStringLiteral("fields"), draft.fields},
        {QStringLiteral("locked"), toJson(draft.locked)},
        {QStringLiteral("createdAt"), timeOrNull(draft.createdAt)},
        {QStringLiteral("updatedAt"), timeOrNull(draft.updatedAt)},
    };
    if (!draft.updatedBy.isEmpty())
        object.insert(QStringLiteral("updatedBy"), draft.updatedBy);
    if (!draft.jobId.isEmpty())
        object.insert(QStringLiteral("jobId"), draft.jobId);
    return object;
}

std::optional<Draft> draftFromJson(const QJsonObject &object, QString *error)
{
    const auto fail = [error](const char *what) -> std::optional<Draft> {
        if (error)
            *error = QString::fromLatin1(what);
        return std::nullopt;
    };
    Draft draft;
    draft.id = object.value(QLatin1String("id")).toString();
    if (draft.id.isEmpty())
        return fail("id is missing");
    const QJsonValue version = object.value(QLatin1String("version"));
    if (!version.isDouble() || version.toInteger() < 1)
        return fail("version is missing or not a positive integer");
    draft.version = version.toInteger();
    const QJsonValue fields = object.value(QLatin1String("fields"));
    if (!fields.isObject())
        return fail("fields is not an object");
    draft.fields = fields.toObject();
    draft.published = object.value(QLatin1String("status")).toString() == u"PUBLISHED";
    draft.locked = jurisdictionFromJson(object.value(QLatin1String("locked")));
    draft.createdAt = timeFromWire(object.value(QLatin1String("createdAt")).toString());
    draft.updatedAt = timeFromWire(object.value(QLatin1String("updatedAt")).toString());
    draft.updatedBy = object.value(QLatin1String("updatedBy")).toString();
    draft.jobId = object.value(QLatin1String("jobId")).toString();
    return draft;
}

} // namespace dispatch
