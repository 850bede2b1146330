#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace dispatch {

/// The canonical, editable field keys of a job (docs/openapi.yaml "The job resource") and the one
/// place that decides whether a value is acceptable for a key. dispatchd validates every
/// write with it; the console validates in the editor before sending.
namespace FieldKey {
inline constexpr auto Title = u"title";
inline constexpr auto Details = u"details";
inline constexpr auto OrderId = u"orderId";
inline constexpr auto CustomerName = u"customer.name";
inline constexpr auto CustomerPhone = u"customer.phone";
inline constexpr auto CustomerEmail = u"customer.email";
inline constexpr auto Address = u"address";
inline constexpr auto Geo = u"geo";
inline constexpr auto CountryCode = u"countryCode";
inline constexpr auto StateCode = u"stateCode";
inline constexpr auto PricingKind = u"pricing.kind";
inline constexpr auto PricingAmountCents = u"pricing.amountCents";
inline constexpr auto PricingHourlyRateCents = u"pricing.hourlyRateCents";
} // namespace FieldKey

/// The keys a draft holds besides the job's fields (docs/openapi.yaml "Drafts"), the one place
/// that says which they are: `schedule`, the wizard's optional When ({"date","timezone",
/// "window"} or null), which publishing applies to the new job. They are not job fields:
/// canonicalFieldKeys() leaves them out, so PATCH /jobs and checkFieldValue() refuse them.
namespace DraftKey {
inline constexpr auto Schedule = u"schedule";
} // namespace DraftKey

/// Every canonical key, in the order a form shows them.
const QStringList &canonicalFieldKeys();
bool isCanonicalFieldKey(QStringView key);
bool isDraftOnlyKey(QStringView key);
/// A key `POST /drafts/{id}/fields` accepts: a canonical key or a draft-only key.
bool isDraftFieldKey(QStringView key);
/// A label for people ("Customer phone"), in the console's language (the catalogue the
/// application installed; English when none is). An unknown key is returned as it is.
QString fieldLabel(QStringView key);
/// The same label always in English, for dispatchd's messages (see englishName(JobStatus)).
QString englishFieldLabel(QStringView key);
/// Free text that the conflict dialog shows as a word diff.
bool isLongTextField(QStringView key);

/// The result of checking one value. On success `normalized` is the value to store (trimmed
/// text; an empty optional text becomes null, so `details` is never "").
struct FieldCheck {
    enum class Error { None, UnknownKey, InvalidValue };
    Error error = Error::None;
    QString reason; ///< for INVALID_VALUE: what is wrong, in words
    QJsonValue normalized;

    bool ok() const { return error == Error::None; }
};

FieldCheck checkFieldValue(QStringView key, const QJsonValue &value);
/// checkFieldValue() for every key a draft accepts: `schedule` is null, or a schedule that
/// POST /jobs/{id}/schedule takes (scheduleFromJson() and scheduleStartUtc() in job.h).
FieldCheck checkDraftFieldValue(QStringView key, const QJsonValue &value);

/// The fields a new job starts with: every key present, null where nothing was given.
QJsonObject emptyJobFields();

/// Checks a whole set of changes; stops at the first bad key. `field` receives its key.
FieldCheck checkFieldChanges(const QJsonObject &changes, QString *field);

} // namespace dispatch
