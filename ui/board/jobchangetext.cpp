#include "jobchangetext.h"

#include <fieldkeys.h>

#include <QCoreApplication>
#include <QStringList>

namespace dispatch::ui {

namespace {

/// The sentences' translation context (lupdate reads the qualified JobChangeText::tr() calls).
struct JobChangeText {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::JobChangeText)
};

} // namespace

QString describeJobChange(const Job &shown, const Job &current,
                          const std::function<QString(const QString &)> &nameOf)
{
    QStringList parts;
    if (shown.status != current.status)
        parts << JobChangeText::tr("now %1").arg(displayName(current.status));
    if (shown.assignedTo != current.assignedTo)
        parts << (current.assignedTo.isEmpty()
                      ? JobChangeText::tr("unassigned")
                      : JobChangeText::tr("assigned to %1").arg(nameOf(current.assignedTo)));
    if (shown.schedule != current.schedule)
        parts << (current.schedule ? JobChangeText::tr("scheduled for %1 %2 %3")
                                         .arg(current.schedule->date, current.schedule->window,
                                              current.schedule->timezone)
                                   : JobChangeText::tr("no longer scheduled"));
    QStringList fields;
    for (const QString &key : canonicalFieldKeys()) {
        if (shown.fields.value(key) != current.fields.value(key))
            fields << fieldLabel(key).toLower();
    }
    if (!fields.isEmpty())
        parts << JobChangeText::tr("%1 changed").arg(fields.join(QStringLiteral(", ")));
    const QString who =
        current.updatedBy.isEmpty() ? JobChangeText::tr("Someone else") : nameOf(current.updatedBy);
    if (parts.isEmpty())
        return JobChangeText::tr("%1 changed this job just now.").arg(who);
    return JobChangeText::tr("%1 changed this job just now: %2.")
        .arg(who, parts.join(QStringLiteral("; ")));
}

} // namespace dispatch::ui
