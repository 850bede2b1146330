#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace dispatch {

/// `time` on `date` in `zone`, as UTC. A time in a gap that a DST change skips (02:30 on a
/// spring-forward night) is read with the offset in force before the gap, which moves it
/// forward by the gap's length: 02:30 becomes 03:30 local.
QDateTime zonedTimeToUtc(const QDate &date, const QTime &time, const QTimeZone &zone);

} // namespace dispatch
