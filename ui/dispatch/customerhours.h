#pragma once

#include <job.h>

#include <QString>

namespace dispatch::ui::customerhours {

/// The protocol stores no customer availability, so the board takes the customer's own local
/// day: a job's window, read in the job's own zone (`schedule.timezone`, the address's), should
/// lie within these hours there (docs/ARCHITECTURE.md "The dispatch board"). Outside them the
/// block is flagged, never refused.
struct LocalHours {
    int fromMinute; ///< minutes after local midnight
    int toMinute;
};
inline constexpr LocalHours kCustomerHours{7 * 60, 20 * 60};

/// Whether the window starts before kCustomerHours or ends after them, in its own zone. False
/// for a window that does not read as "HH:mm-HH:mm".
bool outside(const JobSchedule &schedule);
/// "Outside the customer's hours (06:00–09:00 in Phoenix time)".
QString outsideText(const JobSchedule &schedule);
/// The place a zone id names, for people: "Phoenix" for "America/Phoenix", "New York" for
/// "America/New_York"; the id itself when it has no '/'.
QString zonePlace(const QString &zoneId);

} // namespace dispatch::ui::customerhours
