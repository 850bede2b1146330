#include "dropplan.h"

#include "timelinemodel.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace dispatch::ui::dropplan {

namespace {

/// The messages' translation context (lupdate reads the qualified DropPlan::tr() calls).
struct DropPlan {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::DropPlan)
};

} // namespace

QDateTime snapped(const QDateTime &time, const QDateTime &origin)
{
    constexpr qint64 step = qint64(kSnapMinutes) * 60 * 1000;
    const qint64 offset = time.toMSecsSinceEpoch() - origin.toMSecsSinceEpoch();
    const qint64 steps = (offset >= 0 ? offset + step / 2 : offset - step / 2) / step;
    return origin.addMSecs(steps * step).toUTC();
}

std::optional<JobSchedule> scheduleForDrop(const Job &job, const QDateTime &startUtc,
                                           const QTimeZone &viewZone, QString *why)
{
    int minutes = kDefaultWindowMinutes;
    QTimeZone zone = viewZone;
    if (job.schedule) {
        if (const auto window = TimelineModel::windowUtc(*job.schedule))
            minutes = int(window->first.secsTo(window->second) / 60);
        const QTimeZone own(job.schedule->timezone.toUtf8());
        if (own.isValid())
            zone = own;
    }
    const QDateTime start = startUtc.toTimeZone(zone);
    const QDateTime end = start.addSecs(qint64(minutes) * 60);
    if (end.date() != start.date()) {
        if (why)
            *why = DropPlan::tr(
                "A window must end on the day it starts; drop the job earlier in the day.");
        return std::nullopt;
    }
    const QString format = QStringLiteral("HH:mm");
    return JobSchedule{start.date().toString(Qt::ISODate), QString::fromUtf8(zone.id()),
                       start.time().toString(format) + u'-' + end.time().toString(format)};
}

QString scheduleText(const JobSchedule &schedule)
{
    const QDate date = QDate::fromString(schedule.date, Qt::ISODate);
    QString window = schedule.window;
    window.replace(u'-', u'–');
    return DropPlan::tr("%1 %2 (%3)")
        .arg(QLocale().toString(date, QStringLiteral("ddd d MMM")), window, schedule.timezone);
}

QString changedMeanwhile(const Job &before, const Job &after, const NameOf &nameOf)
{
    QStringList what;
    if (after.assignedTo != before.assignedTo) {
        what.append(after.assignedTo.isEmpty()
                        ? DropPlan::tr("now unassigned")
                        : DropPlan::tr("now assigned to %1").arg(nameOf(after.assignedTo)));
    }
    if (after.schedule != before.schedule && after.schedule)
        what.append(scheduleText(*after.schedule));
    if (after.status != before.status)
        what.append(DropPlan::tr("status %1").arg(displayName(after.status)));
    if (what.isEmpty())
        what.append(DropPlan::tr("other details of the job"));
    const QString who =
        after.updatedBy.isEmpty() ? DropPlan::tr("someone else") : nameOf(after.updatedBy);
    return DropPlan::tr("Changed by %1 meanwhile: %2.").arg(who, what.join(QStringLiteral(", ")));
}

QString takenFirst(const Job &current, const NameOf &nameOf)
{
    const QString pro = nameOf(current.assignedTo);
    if (current.updatedBy.isEmpty() || current.updatedBy == current.assignedTo)
        return DropPlan::tr("%1 accepted this job first.").arg(pro);
    return DropPlan::tr("%1 assigned this job to %2 first.").arg(nameOf(current.updatedBy), pro);
}

} // namespace dispatch::ui::dropplan
