#pragma once

#include <job.h>

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <functional>
#include <optional>

namespace dispatch::ui {

/// What a drop on the dispatch board asks for, and how its outcome reads: pure functions, so
/// the timeline and the tests agree on the rules without a widget.
namespace dropplan {

/// Drops snap to this many minutes.
inline constexpr int kSnapMinutes = 15;
/// A job dropped without a window of its own gets one this long.
inline constexpr int kDefaultWindowMinutes = 180;

/// `time` rounded to the nearest kSnapMinutes after `origin` (the view's local midnight, so
/// the grid follows the office's clock).
QDateTime snapped(const QDateTime &time, const QDateTime &origin);

/// The schedule a drop of `job` at `startUtc` writes: the job's window length kept (3 h when
/// it has none), in the job's own zone when it has one (the customer's), else `viewZone`.
/// Nothing when that window would cross midnight in its zone (a window is within one day);
/// `why` then says so in words.
std::optional<JobSchedule> scheduleForDrop(const Job &job, const QDateTime &startUtc,
                                           const QTimeZone &viewZone, QString *why = nullptr);

/// A user id's display name.
using NameOf = std::function<QString(const QString &userId)>;

/// "Changed by Diego Alvarez meanwhile: now assigned to Marcus Reyes, Tue 1 Dec 09:00–12:00
/// (America/Chicago)." from the version the drop was based on and the server's.
QString changedMeanwhile(const Job &before, const Job &after, const NameOf &nameOf);
/// 409 ALREADY_ASSIGNED: "Marcus Reyes accepted this job first." when the pro took it
/// themselves, else "Diego Alvarez assigned this job to Marcus Reyes first."
QString takenFirst(const Job &current, const NameOf &nameOf);
/// A schedule in its own zone: "Tue 1 Dec 09:00–12:00 (America/Chicago)".
QString scheduleText(const JobSchedule &schedule);

} // namespace dropplan

} // namespace dispatch::ui
