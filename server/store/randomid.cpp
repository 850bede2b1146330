#include "randomid.h"

#include <sodium.h>

namespace dispatch::server {

QString randomId(QStringView prefix)
{
    static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    QString id = prefix.toString();
    for (int i = 0; i < 12; ++i)
        id.append(QLatin1Char(kAlphabet[randombytes_uniform(32)]));
    return id;
}

QString randomCode()
{
    return QStringLiteral("%1").arg(randombytes_uniform(1000000), 6, 10, QLatin1Char('0'));
}

} // namespace dispatch::server
