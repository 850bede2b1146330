#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace dispatch::ui {

/// A read-only detail value (an offer's address, a photo's uploader): plain text, wrapped,
/// selectable, with the field's name as its accessible name.
QLabel *detailValueLabel(QWidget *parent, const QString &objectName, const QString &accessibleName);
/// Sets a detail's text and says it to a screen reader as the label's description (its name
/// is the field's).
void setDetailValue(QLabel *label, const QString &text);

} // namespace dispatch::ui
