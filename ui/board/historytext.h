#pragma once

#include <apitypes.h>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>

namespace dispatch::ui {

/// A job's history in words (docs/openapi.yaml HistoryEntry: `changes` are `{key: [old, new]}`):
/// one line per change, people by name, "Assigned to Sam Whitaker", "Unassigned (was Sam
/// Whitaker)", "Scheduled for Tue 1 Dec 08:00–11:00 CST" on the customer's clock, "Status:
/// Open → Scheduled", "Price $120.00 → $140.00", texts in full. No widgets, so the wording is
/// unit-tested on its own; JobHistoryView shows it.
class HistoryText final {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::HistoryText)

public:
    /// The name of a user id, as the console's UserDirectory gives it.
    using NameOf = std::function<QString(const QString &userId)>;

    /// The lines of one history row, the most telling first; never empty.
    static QStringList lines(const net::HistoryEntry &entry, const NameOf &nameOf);
    /// "Tue 1 Dec 08:00–11:00 CST": a schedule `{"date","timezone","window"}` in its own zone.
    static QString scheduleText(const QJsonObject &schedule);
    /// "JOB_ASSIGNED" → "Assigned": what happened, when the changes do not say it better.
    static QString typeText(const QString &type);
};

} // namespace dispatch::ui
