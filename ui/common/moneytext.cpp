#include "moneytext.h"

#include <QJsonValue>
#include <QLocale>

namespace dispatch::ui {

QString moneyText(const QJsonValue &cents)
{
    if (!cents.isDouble())
        return {};
    return u'$' + QLocale().toString(cents.toDouble() / 100.0, 'f', 2);
}

} // namespace dispatch::ui
