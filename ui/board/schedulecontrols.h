#pragma once

#include <job.h>

#include <QObject>

#include <optional>

class QComboBox;
class QDateEdit;
class QLineEdit;
class QWidget;

namespace dispatch::ui {

/// The detail pane's schedule controls (date, customer's time zone, window), always showing the
/// job they were loaded for: its schedule, or today in the zone of its address
/// (addressTimeZone()) with an empty window. When no zone can be told the zone stays unpicked
/// and schedule() refuses in words until one is; nothing typed for one job is ever sent for
/// another (issue 11).
class ScheduleControls final : public QObject {
    Q_OBJECT
public:
    /// Makes the three widgets as children of `parent`; the caller lays them out.
    explicit ScheduleControls(QWidget *parent);

    QDateEdit *date() const { return m_date; }
    QComboBox *zone() const { return m_zone; }
    QLineEdit *window() const { return m_window; }

    /// Loads `job`'s own values, dropping whatever the controls held.
    void showJob(const Job &job);
    void setEnabled(bool enabled);

    /// The schedule as entered; nothing, with `why` in words, when it cannot be sent.
    std::optional<JobSchedule> schedule(QString *why) const;

private:
    QDateEdit *m_date = nullptr;
    QComboBox *m_zone = nullptr;
    QLineEdit *m_window = nullptr;
};

} // namespace dispatch::ui
