#pragma once

#include <fieldkeys.h>

#include <QJsonValue>
#include <QString>

namespace dispatch::ui {

// How a job field's JSON value (docs/openapi.yaml "The job resource") reads as text in the editor
// and the conflict dialog, and back. One place, so the editor and the dialog's "Edit" choice
// agree: money is shown in dollars but stored as integer cents, `geo` is "lat, lng", an empty
// optional field is null. A draft's When (`schedule`) reads "2026-01-15 12:00-15:00
// America/Chicago" to edit and on its own clock to read, so the conflict dialog can show it.

/// The text an editor starts from: "" for null, "125.00" for 12500 cents, "30.2672, -97.7431".
QString fieldEditText(QStringView key, const QJsonValue &value);

/// Parses what the user typed and checks it with checkFieldValue(): on success `normalized`
/// is the value to send; on failure `reason` says what is wrong in words ("is required").
FieldCheck fieldValueFromText(QStringView key, const QString &text);

/// Read-only text for labels: "(empty)" for null, "$125.00", "Flat rate", "30.2672, -97.7431".
QString fieldDisplayText(QStringView key, const QJsonValue &value);

/// What to type, as an editor's placeholder ("dollars, e.g. 125.00"); empty when the label
/// says enough.
QString fieldPlaceholder(QStringView key);

/// "Customer phone is not a phone number": the field's label and the check's reason.
QString fieldErrorText(QStringView key, const QString &reason);

} // namespace dispatch::ui
