#pragma once

#include <QString>

class QJsonValue;

namespace dispatch::ui {

/// "$1,234.50" from integer cents (docs/openapi.yaml: money is integer cents, US dollars); the
/// locale only groups the digits. Empty when `cents` is not a number.
QString moneyText(const QJsonValue &cents);

} // namespace dispatch::ui
