#pragma once

#include <job.h>

#include <QString>

#include <functional>

namespace dispatch::ui {

/// What changed between the version of a job a user acted on and the server's current one, in
/// one sentence for the detail pane's "changed underneath you" message (a 412): "Diego Alvarez
/// changed it: now Scheduled, assigned to Sam Whitaker; title changed." `nameOf` turns a user
/// id into a name.
QString describeJobChange(const Job &shown, const Job &current,
                          const std::function<QString(const QString &)> &nameOf);

} // namespace dispatch::ui
