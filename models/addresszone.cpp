#include "addresszone.h"

#include "fieldkeys.h"
#include "job.h"

#include <QLocale>
#include <QTimeZone>

namespace dispatch {

namespace {

struct StateZone {
    const char *state;
    const char *zone;
};

// Where a state spans two zones (TX, FL, KY, TN, …) the zone of most of its people; the
// dispatcher sees the zone before scheduling and can change it.
constexpr StateZone kUsStates[] = {
    {"AK", "America/Anchorage"},   {"AL", "America/Chicago"},
    {"AR", "America/Chicago"},     {"AZ", "America/Phoenix"},
    {"CA", "America/Los_Angeles"}, {"CO", "America/Denver"},
    {"CT", "America/New_York"},    {"DC", "America/New_York"},
    {"DE", "America/New_York"},    {"FL", "America/New_York"},
    {"GA", "America/New_York"},    {"HI", "Pacific/Honolulu"},
    {"IA", "America/Chicago"},     {"ID", "America/Boise"},
    {"IL", "America/Chicago"},     {"IN", "America/Indiana/Indianapolis"},
    {"KS", "America/Chicago"},     {"KY", "America/New_York"},
    {"LA", "America/Chicago"},     {"MA", "America/New_York"},
    {"MD", "America/New_York"},    {"ME", "America/New_York"},
    {"MI", "America/Detroit"},     {"MN", "America/Chicago"},
    {"MO", "America/Chicago"},     {"MS", "America/Chicago"},
    {"MT", "America/Denver"},      {"NC", "America/New_York"},
    {"ND", "America/Chicago"},     {"NE", "America/Chicago"},
    {"NH", "America/New_York"},    {"NJ", "America/New_York"},
    {"NM", "America/Denver"},      {"NV", "America/Los_Angeles"},
    {"NY", "America/New_York"},    {"OH", "America/New_York"},
    {"OK", "America/Chicago"},     {"OR", "America/Los_Angeles"},
    {"PA", "America/New_York"},    {"PR", "America/Puerto_Rico"},
    {"RI", "America/New_York"},    {"SC", "America/New_York"},
    {"SD", "America/Chicago"},     {"TN", "America/Chicago"},
    {"TX", "America/Chicago"},     {"UT", "America/Denver"},
    {"VA", "America/New_York"},    {"VT", "America/New_York"},
    {"WA", "America/Los_Angeles"}, {"WI", "America/Chicago"},
    {"WV", "America/New_York"},    {"WY", "America/Denver"},
};

} // namespace

QString addressTimeZone(const Job &job)
{
    const QString country = job.text(FieldKey::CountryCode).trimmed().toUpper();
    const QString state = job.text(FieldKey::StateCode).trimmed().toUpper();
    if (country.isEmpty())
        return {};
    if (country == QLatin1String("US")) {
        for (const StateZone &entry : kUsStates) {
            if (state == QLatin1String(entry.state))
                return QString::fromLatin1(entry.zone);
        }
        return {};
    }
    const QLocale::Territory territory = QLocale::codeToTerritory(country);
    if (territory == QLocale::AnyTerritory)
        return {};
    const QList<QByteArray> zones = QTimeZone::availableTimeZoneIds(territory);
    return zones.size() == 1 ? QString::fromLatin1(zones.first()) : QString();
}

QString addressPlace(const Job &job)
{
    const QStringList parts = job.text(FieldKey::Address).split(u',');
    if (parts.size() < 3)
        return {};
    const QString town = parts.at(parts.size() - 2).trimmed();
    QString state = job.text(FieldKey::StateCode).trimmed().toUpper();
    if (state.isEmpty())
        state = parts.last().trimmed().section(u' ', 0, 0);
    if (town.isEmpty())
        return {};
    return state.isEmpty() ? town : town + QStringLiteral(", ") + state;
}

} // namespace dispatch
