#include "historytext.h"

#include "moneytext.h"

#include <fieldkeys.h>
#include <jobstatus.h>
#include <photo.h>

#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

namespace dispatch::ui {

namespace {

/// A text value quoted in full ("“Side door; dog in the yard.”"), or nothing.
QString quoted(const QJsonValue &value)
{
    return HistoryText::tr("“%1”").arg(value.toString());
}

bool isEmptyValue(const QJsonValue &value)
{
    return value.isNull() || value.isUndefined() ||
           (value.isString() && value.toString().isEmpty());
}

QString statusText(const QJsonValue &wire)
{
    const auto status = jobStatusFromWire(wire.toString());
    return status ? displayName(*status) : HistoryText::tr("none");
}

QString reviewText(const QJsonValue &wire)
{
    const auto state = photoReviewStateFromWire(wire.toString());
    if (!state)
        return wire.toString();
    switch (*state) {
    case PhotoReviewState::Approved:
        return HistoryText::tr("approved");
    case PhotoReviewState::Flagged:
        return HistoryText::tr("flagged");
    case PhotoReviewState::Pending:
        break;
    }
    return HistoryText::tr("waiting for review");
}

/// A value that is neither a person, a status, money nor a schedule: a text, a number, a point.
QString plainValue(const QJsonValue &value)
{
    if (value.isString())
        return quoted(value);
    if (value.isDouble())
        return QLocale().toString(value.toDouble());
    if (value.isBool())
        return value.toBool() ? HistoryText::tr("yes") : HistoryText::tr("no");
    if (value.isObject() && value.toObject().contains(QLatin1String("lat"))) {
        const QJsonObject point = value.toObject();
        return HistoryText::tr("%1, %2").arg(
            QLocale().toString(point.value(QLatin1String("lat")).toDouble(), 'f', 4),
            QLocale().toString(point.value(QLatin1String("lng")).toDouble(), 'f', 4));
    }
    return HistoryText::tr("(none)");
}

/// "Title changed from “A” to “B”", "Customer phone set to “…”", "… cleared (was “…”)".
QString fieldLine(const QString &label, const QJsonValue &before, const QJsonValue &after,
                  const std::function<QString(const QJsonValue &)> &show)
{
    if (isEmptyValue(before))
        return HistoryText::tr("%1 set to %2").arg(label, show(after));
    if (isEmptyValue(after))
        return HistoryText::tr("%1 cleared (was %2)").arg(label, show(before));
    return HistoryText::tr("%1 changed from %2 to %3").arg(label, show(before), show(after));
}

/// The line for one `changes` member, or nothing when another line already says it.
QString changeLine(const QString &key, const QJsonArray &pair, const QJsonObject &changes,
                   const HistoryText::NameOf &nameOf)
{
    const QJsonValue before = pair.at(0);
    const QJsonValue after = pair.at(1);
    if (key == QLatin1String("assignedTo")) {
        if (!isEmptyValue(after))
            return HistoryText::tr("Assigned to %1").arg(nameOf(after.toString()));
        return HistoryText::tr("Unassigned (was %1)").arg(nameOf(before.toString()));
    }
    if (key == QLatin1String("status")) {
        if (after.isNull())
            return HistoryText::tr("Deleted (was %1)").arg(statusText(before));
        if (before.isNull())
            return HistoryText::tr("Status: %1").arg(statusText(after));
        return HistoryText::tr("Status: %1 → %2").arg(statusText(before), statusText(after));
    }
    if (key == QLatin1String("schedule")) {
        if (!after.isObject())
            return HistoryText::tr("Schedule cleared (was %1)")
                .arg(HistoryText::scheduleText(before.toObject()));
        const QString when = HistoryText::scheduleText(after.toObject());
        if (!before.isObject())
            return HistoryText::tr("Scheduled for %1").arg(when);
        return HistoryText::tr("Rescheduled to %1 (was %2)")
            .arg(when, HistoryText::scheduleText(before.toObject()));
    }
    if (key == QLatin1String("dueAt")) {
        // The schedule says it on the customer's clock; dueAt is only its start in UTC.
        if (changes.contains(QLatin1String("schedule")))
            return {};
        const auto due = [](const QJsonValue &value) {
            return QLocale().toString(timeFromWire(value.toString()).toLocalTime(),
                                      QStringLiteral("ddd d MMM yyyy HH:mm"));
        };
        return fieldLine(HistoryText::tr("Due"), before, after, due);
    }
    if (key == QLatin1String("photo"))
        return {}; // the filename names it
    if (key == QLatin1String("filename")) {
        if (before.isNull())
            return HistoryText::tr("Photo added: %1").arg(quoted(after));
        return HistoryText::tr("Photo %1").arg(quoted(after));
    }
    if (key == QLatin1String("review"))
        return HistoryText::tr("Review: %1 → %2").arg(reviewText(before), reviewText(after));
    if (key == QLatin1String("note"))
        return fieldLine(HistoryText::tr("Review note"), before, after, plainValue);
    if (key == QStringView(FieldKey::PricingAmountCents) ||
        key == QStringView(FieldKey::PricingHourlyRateCents)) {
        const QString label = key == QStringView(FieldKey::PricingAmountCents)
                                  ? HistoryText::tr("Price")
                                  : HistoryText::tr("Hourly rate");
        if (isEmptyValue(before))
            return HistoryText::tr("%1 set to %2").arg(label, moneyText(after));
        if (isEmptyValue(after))
            return HistoryText::tr("%1 cleared (was %2)").arg(label, moneyText(before));
        return HistoryText::tr("%1 %2 → %3").arg(label, moneyText(before), moneyText(after));
    }
    const QString label = isCanonicalFieldKey(key) ? fieldLabel(key) : key;
    return fieldLine(label, before, after, plainValue);
}

} // namespace

QStringList HistoryText::lines(const net::HistoryEntry &entry, const NameOf &nameOf)
{
    QStringList lines;
    const QString type = entry.type;
    if (type == QLatin1String("NOTE_ADDED")) {
        // A note is its text, with who wrote it.
        lines << tr("Note from %1: “%2”").arg(nameOf(entry.actor), entry.reason);
        return lines;
    }
    if (type == QLatin1String("JOB_CREATED")) {
        const QJsonArray title = entry.changes.value(QStringView(FieldKey::Title)).toArray();
        lines << (title.at(1).isString() ? tr("Created %1").arg(quoted(title.at(1)))
                                         : tr("Created"));
        return lines;
    }
    // The assignment and the schedule say the most; then the status; then the fields.
    static const QStringList first{QStringLiteral("assignedTo"), QStringLiteral("schedule"),
                                   QStringLiteral("filename"), QStringLiteral("review"),
                                   QStringLiteral("status")};
    QStringList keys = first;
    for (auto it = entry.changes.begin(); it != entry.changes.end(); ++it) {
        if (!first.contains(it.key()))
            keys << it.key();
    }
    for (const QString &key : std::as_const(keys)) {
        if (!entry.changes.contains(key))
            continue;
        const QString line =
            changeLine(key, entry.changes.value(key).toArray(), entry.changes, nameOf);
        if (!line.isEmpty())
            lines << line;
    }
    if (!entry.reason.isEmpty() && type != QLatin1String("PHOTO_REVIEWED"))
        lines << tr("Reason: “%1”").arg(entry.reason);
    if (lines.isEmpty())
        lines << typeText(type);
    return lines;
}

QString HistoryText::scheduleText(const QJsonObject &schedule)
{
    const QDate date =
        QDate::fromString(schedule.value(QLatin1String("date")).toString(), Qt::ISODate);
    const QString window = schedule.value(QLatin1String("window")).toString();
    const QString zoneId = schedule.value(QLatin1String("timezone")).toString();
    const QStringList ends = window.split(u'-');
    QString text = QLocale().toString(date, QStringLiteral("ddd d MMM"));
    if (ends.size() == 2)
        text += u' ' + ends.at(0) + u'–' + ends.at(1);
    else if (!window.isEmpty())
        text += u' ' + window;
    const QTimeZone zone(zoneId.toUtf8());
    if (!zone.isValid())
        return zoneId.isEmpty() ? text : QString(text + u' ' + zoneId);
    // The zone's letters on that day ("CST", "CDT"); a zone with only "+03" gives its city.
    const QTime start = QTime::fromString(ends.value(0), QStringLiteral("HH:mm"));
    QString place =
        zone.abbreviation(QDateTime(date, start.isValid() ? start : QTime(12, 0), zone));
    if (place.isEmpty() || !place.at(0).isLetter())
        place = zoneId.section(u'/', -1).replace(u'_', u' ');
    return QString(text + u' ' + place);
}

QString HistoryText::typeText(const QString &type)
{
    static const QHash<QString, const char *> words{
        {QStringLiteral("JOB_CREATED"), QT_TR_NOOP("Created")},
        {QStringLiteral("JOB_UPDATED"), QT_TR_NOOP("Details changed")},
        {QStringLiteral("JOB_ASSIGNED"), QT_TR_NOOP("Assigned")},
        {QStringLiteral("JOB_UNASSIGNED"), QT_TR_NOOP("Unassigned")},
        {QStringLiteral("JOB_SCHEDULED"), QT_TR_NOOP("Scheduled")},
        {QStringLiteral("JOB_STARTED"), QT_TR_NOOP("Started")},
        {QStringLiteral("JOB_COMPLETED"), QT_TR_NOOP("Completed by the pro")},
        {QStringLiteral("JOB_AWAITING_CONFIRM"), QT_TR_NOOP("Waiting for the customer")},
        {QStringLiteral("PAYMENT_CAPTURED"), QT_TR_NOOP("Paid")},
        {QStringLiteral("JOB_CANCELLED"), QT_TR_NOOP("Cancelled")},
        {QStringLiteral("JOB_EXPIRED"), QT_TR_NOOP("Expired")},
        {QStringLiteral("PRICE_CHANGED"), QT_TR_NOOP("Price changed")},
        {QStringLiteral("JOB_DELETED"), QT_TR_NOOP("Deleted")},
        {QStringLiteral("NOTE_ADDED"), QT_TR_NOOP("Note added")},
        {QStringLiteral("PHOTO_ADDED"), QT_TR_NOOP("Photo added")},
        {QStringLiteral("PHOTO_REVIEWED"), QT_TR_NOOP("Photo reviewed")},
    };
    const char *word = words.value(type);
    return word ? tr(word) : type;
}

} // namespace dispatch::ui
