#include "customerhours.h"

#include <QCoreApplication>
#include <QTime>

namespace dispatch::ui::customerhours {

namespace {

/// The messages' translation context.
struct CustomerHours {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::CustomerHours)
};

int minuteOf(const QString &text)
{
    const QTime time = QTime::fromString(text, QStringLiteral("HH:mm"));
    return time.isValid() ? time.hour() * 60 + time.minute() : -1;
}

} // namespace

bool outside(const JobSchedule &schedule)
{
    const int from = minuteOf(schedule.window.left(5));
    const int to = minuteOf(schedule.window.mid(6, 5));
    if (from < 0 || to < 0)
        return false;
    return from < kCustomerHours.fromMinute || to > kCustomerHours.toMinute;
}

QString zonePlace(const QString &zoneId)
{
    QString place = zoneId.section(u'/', -1);
    place.replace(u'_', u' ');
    return place;
}

QString outsideText(const JobSchedule &schedule)
{
    QString window = schedule.window;
    window.replace(u'-', u'–');
    return CustomerHours::tr("Outside the customer's hours (%1 in %2 time)")
        .arg(window, zonePlace(schedule.timezone));
}

} // namespace dispatch::ui::customerhours
