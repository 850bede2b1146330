#include "fieldkeys.h"

#include "job.h" // scheduleFromJson, scheduleStartUtc

#include <QCoreApplication>

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace dispatch {

namespace {

constexpr qsizetype kMaxShortText = 200;
constexpr qsizetype kMaxLongText = 20000;
// Cents up to ten million dollars; larger is a typo, not a job.
constexpr double kMaxCents = 1'000'000'000.0;

FieldCheck fail(QString reason)
{
    FieldCheck check;
    check.error = FieldCheck::Error::InvalidValue;
    check.reason = std::move(reason);
    return check;
}

FieldCheck accept(QJsonValue value)
{
    FieldCheck check;
    check.normalized = std::move(value);
    return check;
}

FieldCheck checkText(const QJsonValue &value, bool required, qsizetype maxLength)
{
    if (value.isNull() || value.isUndefined()) {
        if (required)
            return fail(QStringLiteral("is required"));
        return accept(QJsonValue::Null);
    }
    if (!value.isString())
        return fail(QStringLiteral("must be a string"));
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return required ? fail(QStringLiteral("must not be empty")) : accept(QJsonValue::Null);
    if (text.size() > maxLength)
        return fail(QStringLiteral("is longer than %1 characters").arg(maxLength));
    return accept(text);
}

FieldCheck checkPattern(const QJsonValue &value, const QRegularExpression &pattern,
                        const QString &what)
{
    FieldCheck check = checkText(value, false, kMaxShortText);
    if (!check.ok() || check.normalized.isNull())
        return check;
    if (!pattern.match(check.normalized.toString()).hasMatch())
        return fail(what);
    return check;
}

FieldCheck checkCents(const QJsonValue &value)
{
    if (value.isNull())
        return accept(QJsonValue::Null);
    if (!value.isDouble())
        return fail(QStringLiteral("must be a whole number of cents"));
    const double cents = value.toDouble();
    if (!std::isfinite(cents) || cents != std::floor(cents))
        return fail(QStringLiteral("must be a whole number of cents"));
    if (cents < 0 || cents > kMaxCents)
        return fail(QStringLiteral("must be between 0 and %1 cents").arg(qint64(kMaxCents)));
    return accept(qint64(cents));
}

FieldCheck checkGeo(const QJsonValue &value)
{
    if (value.isNull())
        return accept(QJsonValue::Null);
    if (!value.isObject())
        return fail(QStringLiteral("must be an object {\"lat\", \"lng\"} or null"));
    const QJsonObject geo = value.toObject();
    const QJsonValue lat = geo.value(QLatin1String("lat"));
    const QJsonValue lng = geo.value(QLatin1String("lng"));
    if (!lat.isDouble() || !lng.isDouble())
        return fail(QStringLiteral("lat and lng must be numbers"));
    for (auto it = geo.begin(); it != geo.end(); ++it) {
        if (it.key() != QLatin1String("lat") && it.key() != QLatin1String("lng"))
            return fail(QStringLiteral("has an unknown member \"%1\"").arg(it.key()));
    }
    if (std::abs(lat.toDouble()) > 90.0)
        return fail(QStringLiteral("lat must be between -90 and 90"));
    if (std::abs(lng.toDouble()) > 180.0)
        return fail(QStringLiteral("lng must be between -180 and 180"));
    return accept(QJsonObject{{QStringLiteral("lat"), lat.toDouble()},
                              {QStringLiteral("lng"), lng.toDouble()}});
}

} // namespace

const QStringList &canonicalFieldKeys()
{
    static const QStringList keys{
        QString::fromUtf16(FieldKey::Title),
        QString::fromUtf16(FieldKey::Details),
        QString::fromUtf16(FieldKey::OrderId),
        QString::fromUtf16(FieldKey::CustomerName),
        QString::fromUtf16(FieldKey::CustomerPhone),
        QString::fromUtf16(FieldKey::CustomerEmail),
        QString::fromUtf16(FieldKey::Address),
        QString::fromUtf16(FieldKey::Geo),
        QString::fromUtf16(FieldKey::CountryCode),
        QString::fromUtf16(FieldKey::StateCode),
        QString::fromUtf16(FieldKey::PricingKind),
        QString::fromUtf16(FieldKey::PricingAmountCents),
        QString::fromUtf16(FieldKey::PricingHourlyRateCents),
    };
    return keys;
}

bool isCanonicalFieldKey(QStringView key)
{
    for (const QString &known : canonicalFieldKeys()) {
        if (known == key)
            return true;
    }
    return false;
}

bool isDraftOnlyKey(QStringView key)
{
    return key == QStringView(DraftKey::Schedule);
}

bool isDraftFieldKey(QStringView key)
{
    return isCanonicalFieldKey(key) || isDraftOnlyKey(key);
}

namespace {
/// The English label of a canonical or draft-only key, or nullptr.
const char *englishLabel(QStringView key)
{
    struct Label {
        const char16_t *key;
        const char *label;
    };
    static constexpr Label labels[] = {
        {FieldKey::Title, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Title")},
        {FieldKey::Details, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Details")},
        {FieldKey::OrderId, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Order ID")},
        {FieldKey::CustomerName, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Customer")},
        {FieldKey::CustomerPhone, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Customer phone")},
        {FieldKey::CustomerEmail, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Customer email")},
        {FieldKey::Address, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Address")},
        {FieldKey::Geo, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Location")},
        {FieldKey::CountryCode, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Country")},
        {FieldKey::StateCode, QT_TRANSLATE_NOOP("dispatch::FieldKey", "State")},
        {FieldKey::PricingKind, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Pricing")},
        {FieldKey::PricingAmountCents, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Price")},
        {FieldKey::PricingHourlyRateCents, QT_TRANSLATE_NOOP("dispatch::FieldKey", "Hourly rate")},
        // The wizard's page says "When"; a conflict on it says the same.
        {DraftKey::Schedule, QT_TRANSLATE_NOOP("dispatch::FieldKey", "When")},
    };
    for (const auto &label : labels) {
        if (key == QStringView(label.key))
            return label.label;
    }
    return nullptr;
}
} // namespace

QString fieldLabel(QStringView key)
{
    const char *label = englishLabel(key);
    return label ? QCoreApplication::translate("dispatch::FieldKey", label) : key.toString();
}

QString englishFieldLabel(QStringView key)
{
    const char *label = englishLabel(key);
    return label ? QString::fromLatin1(label) : key.toString();
}

bool isLongTextField(QStringView key)
{
    return key == QStringView(FieldKey::Details) || key == QStringView(FieldKey::Title) ||
           key == QStringView(FieldKey::Address);
}

FieldCheck checkFieldValue(QStringView key, const QJsonValue &value)
{
    static const QRegularExpression phone(QStringLiteral("^\\+?[0-9 ()./-]{5,30}$"));
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    static const QRegularExpression country(QStringLiteral("^[A-Z]{2}$"));
    static const QRegularExpression state(QStringLiteral("^[A-Z0-9]{1,3}$"));

    if (key == QStringView(FieldKey::Title))
        return checkText(value, true, kMaxShortText);
    if (key == QStringView(FieldKey::Details))
        return checkText(value, false, kMaxLongText);
    if (key == QStringView(FieldKey::OrderId))
        return checkText(value, false, 64);
    if (key == QStringView(FieldKey::CustomerName))
        return checkText(value, false, kMaxShortText);
    if (key == QStringView(FieldKey::CustomerPhone))
        return checkPattern(value, phone, QStringLiteral("is not a phone number"));
    if (key == QStringView(FieldKey::CustomerEmail))
        return checkPattern(value, email, QStringLiteral("is not an email address"));
    if (key == QStringView(FieldKey::Address))
        return checkText(value, false, 500);
    if (key == QStringView(FieldKey::Geo))
        return checkGeo(value);
    if (key == QStringView(FieldKey::CountryCode))
        return checkPattern(value, country,
                            QStringLiteral("must be a two-letter ISO 3166 code such as US"));
    if (key == QStringView(FieldKey::StateCode))
        return checkPattern(value, state, QStringLiteral("must be a state code such as TX"));
    if (key == QStringView(FieldKey::PricingKind)) {
        if (value.isNull())
            return accept(QJsonValue::Null);
        if (value.isString() && (value.toString() == QLatin1String("flat") ||
                                 value.toString() == QLatin1String("hourly")))
            return accept(value);
        return fail(QStringLiteral("must be \"flat\" or \"hourly\""));
    }
    if (key == QStringView(FieldKey::PricingAmountCents) ||
        key == QStringView(FieldKey::PricingHourlyRateCents))
        return checkCents(value);

    FieldCheck unknown;
    unknown.error = FieldCheck::Error::UnknownKey;
    unknown.reason = QStringLiteral("is not a job field");
    return unknown;
}

FieldCheck checkDraftFieldValue(QStringView key, const QJsonValue &value)
{
    if (key != QStringView(DraftKey::Schedule))
        return checkFieldValue(key, value);
    if (value.isNull())
        return accept(QJsonValue::Null);
    // The rule of POST /jobs/{id}/schedule: a draft never holds a When its job would refuse.
    QString member, why;
    const auto schedule = scheduleFromJson(value, &member, &why);
    if (!schedule || !scheduleStartUtc(*schedule, &member, &why)) {
        return fail(member.isEmpty() ? why + QStringLiteral(" or null")
                                     : QStringLiteral("is not valid: its %1 %2").arg(member, why));
    }
    return accept(toJson(*schedule));
}

QJsonObject emptyJobFields()
{
    QJsonObject fields;
    for (const QString &key : canonicalFieldKeys())
        fields.insert(key, QJsonValue::Null);
    return fields;
}

FieldCheck checkFieldChanges(const QJsonObject &changes, QString *field)
{
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        FieldCheck check = checkFieldValue(it.key(), it.value());
        if (!check.ok()) {
            if (field)
                *field = it.key();
            return check;
        }
    }
    return {};
}

} // namespace dispatch
