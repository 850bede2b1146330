#include "schedulecontrols.h"

#include <addresszone.h>

#include <QComboBox>
#include <QDateEdit>
#include <QLineEdit>
#include <QTimeZone>

namespace dispatch::ui {

ScheduleControls::ScheduleControls(QWidget *parent)
    : QObject(parent)
    , m_date(new QDateEdit(QDate::currentDate(), parent))
    , m_zone(new QComboBox(parent))
    , m_window(new QLineEdit(parent))
{
    m_date->setObjectName(QStringLiteral("scheduleDate"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setAccessibleName(tr("Date"));
    m_zone->setObjectName(QStringLiteral("scheduleZone"));
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    // The zone names are long; the pane must not grow wider than the splitter gives it.
    m_zone->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_zone->setMinimumContentsLength(8);
    m_zone->setAccessibleName(tr("Customer's time zone"));
    m_zone->lineEdit()->setPlaceholderText(tr("Pick a time zone"));
    for (const char *zone : {"America/New_York", "America/Chicago", "America/Denver",
                             "America/Phoenix", "America/Los_Angeles", "Europe/London", "UTC"})
        m_zone->addItem(QString::fromLatin1(zone));
    m_window->setObjectName(QStringLiteral("scheduleWindow"));
    m_window->setAccessibleName(tr("Time window"));
    m_window->setPlaceholderText(QStringLiteral("09:00-12:00"));
    m_window->setFixedWidth(
        m_window->fontMetrics().horizontalAdvance(QStringLiteral("00:00-00:00")) + 16);
}

void ScheduleControls::showJob(const Job &job)
{
    if (job.schedule) {
        m_date->setDate(QDate::fromString(job.schedule->date, Qt::ISODate));
        m_zone->setEditText(job.schedule->timezone);
        m_window->setText(job.schedule->window);
        return;
    }
    const QString zone = addressTimeZone(job);
    const QTimeZone tz(zone.toUtf8());
    // Today where the customer is: the date a dispatcher means by "today" on the phone.
    m_date->setDate(tz.isValid() ? QDateTime::currentDateTimeUtc().toTimeZone(tz).date()
                                 : QDate::currentDate());
    m_zone->setCurrentIndex(-1);
    m_zone->setEditText(zone);
    m_window->clear();
}

void ScheduleControls::setEnabled(bool enabled)
{
    m_date->setEnabled(enabled);
    m_zone->setEnabled(enabled);
    m_window->setEnabled(enabled);
}

std::optional<JobSchedule> ScheduleControls::schedule(QString *why) const
{
    const JobSchedule schedule{m_date->date().toString(Qt::ISODate),
                               m_zone->currentText().trimmed(), m_window->text().trimmed()};
    if (schedule.timezone.isEmpty()) {
        *why = tr("Pick the customer's time zone first: the address does not say which it is.");
        return std::nullopt;
    }
    QString field;
    QString reason;
    if (scheduleStartUtc(schedule, &field, &reason))
        return schedule;
    if (field == QLatin1String("timezone"))
        *why = tr("“%1” is not a time zone the console knows. Pick one from the list.")
                   .arg(schedule.timezone);
    else if (field == QLatin1String("window") && schedule.window.isEmpty())
        *why = tr("Type the customer's window first, for example 09:00-12:00.");
    else if (field == QLatin1String("window"))
        *why = tr("The window “%1” is not a time range: write it like 09:00-12:00, the start "
                  "before the end.")
                   .arg(schedule.window);
    else
        *why = tr("Pick a date for the job.");
    return std::nullopt;
}

} // namespace dispatch::ui
