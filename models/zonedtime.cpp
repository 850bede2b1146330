#include "zonedtime.h"

namespace dispatch {

QDateTime zonedTimeToUtc(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    const QDateTime local(date, time, zone);
    if (local.isValid() && local.toTimeZone(zone).time() == time)
        return local.toUTC();
    // In a gap that a DST change skips: the wall-clock time with the offset in force before
    // the gap.
    const QDateTime asUtc(date, time, Qt::UTC);
    const int offsetBefore = zone.offsetFromUtc(asUtc.addDays(-1));
    return asUtc.addSecs(-offsetBefore);
}

} // namespace dispatch
