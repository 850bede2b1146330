#include "fieldtext.h"

#include "historytext.h" // scheduleText

#include <job.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace dispatch::ui {

namespace {

/// The translation context of this file's words (lupdate reads the qualified calls).
struct FieldText {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::FieldText)
};

bool isCents(QStringView key)
{
    return key == QStringView(FieldKey::PricingAmountCents) ||
           key == QStringView(FieldKey::PricingHourlyRateCents);
}

FieldCheck invalid(const QString &reason)
{
    FieldCheck check;
    check.error = FieldCheck::Error::InvalidValue;
    check.reason = reason;
    return check;
}

QString centsText(qint64 cents)
{
    // C locale: what the user types back must parse the same way on every machine.
    return QLocale::c().toString(double(cents) / 100.0, 'f', 2);
}

} // namespace

QString fieldEditText(QStringView key, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return {};
    if (isCents(key) && value.isDouble())
        return centsText(qint64(value.toDouble()));
    if (key == QStringView(FieldKey::Geo) && value.isObject()) {
        const QJsonObject geo = value.toObject();
        return QLocale::c().toString(geo.value(QLatin1String("lat")).toDouble(), 'g', 9) +
               QStringLiteral(", ") +
               QLocale::c().toString(geo.value(QLatin1String("lng")).toDouble(), 'g', 9);
    }
    if (key == QStringView(DraftKey::Schedule) && value.isObject()) {
        // What fieldValueFromText() reads back: "2026-01-15 12:00-15:00 America/Chicago".
        const QJsonObject schedule = value.toObject();
        return QStringList{schedule.value(QLatin1String("date")).toString(),
                           schedule.value(QLatin1String("window")).toString(),
                           schedule.value(QLatin1String("timezone")).toString()}
            .join(QLatin1Char(' '));
    }
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QLocale::c().toString(value.toDouble(), 'g', 15);
    return {};
}

FieldCheck fieldValueFromText(QStringView key, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (isCents(key)) {
        if (trimmed.isEmpty())
            return checkFieldValue(key, QJsonValue::Null);
        QString number = trimmed;
        if (number.startsWith(QLatin1Char('$')))
            number.remove(0, 1);
        number.remove(QLatin1Char(','));
        bool ok = false;
        const double dollars = QLocale::c().toDouble(number.trimmed(), &ok);
        const double cents = std::round(dollars * 100.0);
        if (!ok || !std::isfinite(dollars) || std::abs(dollars * 100.0 - cents) > 1e-6)
            return invalid(FieldText::tr("must be an amount in dollars and cents, such as 125.50"));
        return checkFieldValue(key, cents);
    }
    if (key == QStringView(FieldKey::Geo)) {
        if (trimmed.isEmpty())
            return checkFieldValue(key, QJsonValue::Null);
        const QStringList parts = trimmed.split(QLatin1Char(','));
        bool latOk = false;
        bool lngOk = false;
        const double lat =
            parts.size() == 2 ? QLocale::c().toDouble(parts.at(0).trimmed(), &latOk) : 0.0;
        const double lng =
            parts.size() == 2 ? QLocale::c().toDouble(parts.at(1).trimmed(), &lngOk) : 0.0;
        if (!latOk || !lngOk)
            return invalid(FieldText::tr("must be latitude, longitude, such as 30.2672, -97.7431"));
        return checkFieldValue(
            key, QJsonObject{{QStringLiteral("lat"), lat}, {QStringLiteral("lng"), lng}});
    }
    if (key == QStringView(DraftKey::Schedule)) {
        if (trimmed.isEmpty())
            return checkDraftFieldValue(key, QJsonValue::Null);
        const QStringList parts = trimmed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.size() != 3)
            return invalid(FieldText::tr("must be a date, a time window and a time zone, such as "
                                         "2026-01-15 12:00-15:00 America/Chicago"));
        return checkDraftFieldValue(key,
                                    toJson(JobSchedule{parts.at(0), parts.at(2), parts.at(1)}));
    }
    if (key == QStringView(FieldKey::CountryCode) || key == QStringView(FieldKey::StateCode))
        return checkFieldValue(key,
                               trimmed.isEmpty() ? QJsonValue() : QJsonValue(trimmed.toUpper()));
    if (key == QStringView(FieldKey::PricingKind))
        return checkFieldValue(key,
                               trimmed.isEmpty() ? QJsonValue() : QJsonValue(trimmed.toLower()));
    // Text: checkFieldValue trims, and turns an empty optional text into null.
    return checkFieldValue(key, text);
}

QString fieldDisplayText(QStringView key, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return FieldText::tr("(empty)");
    if (isCents(key) && value.isDouble())
        return QStringLiteral("$") + centsText(qint64(value.toDouble()));
    if (key == QStringView(DraftKey::Schedule) && value.isObject())
        return HistoryText::scheduleText(value.toObject());
    if (key == QStringView(FieldKey::PricingKind)) {
        if (value.toString() == QLatin1String("flat"))
            return FieldText::tr("Flat rate");
        if (value.toString() == QLatin1String("hourly"))
            return FieldText::tr("Hourly");
    }
    return fieldEditText(key, value);
}

QString fieldErrorText(QStringView key, const QString &reason)
{
    return fieldLabel(key) + QLatin1Char(' ') + reason;
}

QString fieldPlaceholder(QStringView key)
{
    // In the job editor's context, where these strings were first translated.
    const auto text = [](const char *source) {
        return QCoreApplication::translate("dispatch::ui::JobEditor", source);
    };
    if (key == QStringView(FieldKey::Details))
        return text(QT_TRANSLATE_NOOP("dispatch::ui::JobEditor", "No notes from the customer"));
    if (key == QStringView(FieldKey::Geo))
        return text(QT_TRANSLATE_NOOP("dispatch::ui::JobEditor",
                                      "latitude, longitude (e.g. 30.2672, -97.7431)"));
    if (key == QStringView(FieldKey::PricingAmountCents) ||
        key == QStringView(FieldKey::PricingHourlyRateCents))
        return text(QT_TRANSLATE_NOOP("dispatch::ui::JobEditor", "dollars, e.g. 125.00"));
    if (key == QStringView(FieldKey::CountryCode))
        return text(QT_TRANSLATE_NOOP("dispatch::ui::JobEditor", "two letters, e.g. US"));
    if (key == QStringView(FieldKey::StateCode))
        return text(QT_TRANSLATE_NOOP("dispatch::ui::JobEditor", "e.g. TX"));
    if (key == QStringView(FieldKey::Title))
        return text(QT_TRANSLATE_NOOP("dispatch::ui::JobEditor", "required"));
    return {};
}

} // namespace dispatch::ui
