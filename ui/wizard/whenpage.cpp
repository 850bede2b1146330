#include "whenpage.h"

#include "palette.h"

#include <draftsaver.h>
#include <fieldkeys.h>

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTimeZone>
#include <QVBoxLayout>

#include <utility>

namespace dispatch::ui {

WhenPage::WhenPage(QComboBox *zone, QWidget *parent)
    : QWizardPage(parent)
    , m_zone(zone)
    , m_date(new QLineEdit(this))
    , m_window(new QLineEdit(this))
    , m_zoneText(new QLabel(this))
    , m_error(new QLabel(this))
{
    setTitle(tr("When (optional)"));
    setSubTitle(tr("The day and time window the customer asked for. Leave both empty when "
                   "the office will schedule it later."));
    m_date->setObjectName(QStringLiteral("field_schedule.date"));
    m_date->setAccessibleName(tr("Date"));
    m_date->setPlaceholderText(
        tr("YYYY-MM-DD, e.g. %1").arg(QDate::currentDate().addDays(1).toString(Qt::ISODate)));
    m_window->setObjectName(QStringLiteral("field_schedule.window"));
    m_window->setAccessibleName(tr("Time window"));
    m_window->setPlaceholderText(tr("HH:MM-HH:MM, e.g. 12:00-15:00"));
    m_zoneText->setObjectName(QStringLiteral("zoneText"));
    m_error->setObjectName(QStringLiteral("error_schedule"));
    m_error->setStyleSheet(Palette::textStyleSheet(Palette::validationText()));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *form = new QFormLayout;
    auto *dateLabel = new QLabel(tr("&Date:"), this);
    dateLabel->setBuddy(m_date);
    auto *windowLabel = new QLabel(tr("Time &window:"), this);
    windowLabel->setBuddy(m_window);
    form->addRow(dateLabel, m_date);
    form->addRow(windowLabel, m_window);
    form->addRow(tr("Time zone:"), m_zoneText);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);

    connect(m_date, &QLineEdit::textEdited, this, &WhenPage::onEdited);
    connect(m_window, &QLineEdit::textEdited, this, &WhenPage::onEdited);
    // The zone is the schedule's too: another zone is another When to save.
    connect(m_zone, &QComboBox::currentTextChanged, this, [this](const QString &zone) {
        m_zoneText->setText(zone);
        onEdited();
    });
}

void WhenPage::setSaver(net::DraftSaver *saver)
{
    m_saver = saver;
}

void WhenPage::show(const QJsonValue &value)
{
    const bool wasLoading = std::exchange(m_loading, true);
    QString member, reason;
    const auto shown = value.isNull() ? std::nullopt : scheduleFromJson(value, &member, &reason);
    m_date->setText(shown ? shown->date : QString());
    m_window->setText(shown ? shown->window : QString());
    if (shown && !shown->timezone.isEmpty()) {
        // A zone another window chose may not be among this country's: offer it all the same.
        if (m_zone->findText(shown->timezone) < 0)
            m_zone->addItem(shown->timezone);
        m_zone->setCurrentIndex(m_zone->findText(shown->timezone));
    }
    m_zoneText->setText(m_zone->currentText());
    check();
    m_loading = wasLoading;
}

void WhenPage::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void WhenPage::onEdited()
{
    if (m_loading)
        return;
    check();
    if (!m_saver)
        return;
    const QString key = QString::fromUtf16(DraftKey::Schedule);
    if (problem().isEmpty())
        m_saver->setField(key, value());
    else
        m_saver->markInvalid(key);
}

void WhenPage::fillZones(QComboBox *box, const QString &countryCode)
{
    const QString kept = box->currentText();
    const QLocale::Territory territory =
        countryCode.size() == 2 ? QLocale::codeToTerritory(countryCode) : QLocale::AnyTerritory;
    QList<QByteArray> zones = territory == QLocale::AnyTerritory
                                  ? QTimeZone::availableTimeZoneIds()
                                  : QTimeZone::availableTimeZoneIds(territory);
    if (zones.isEmpty())
        zones = QTimeZone::availableTimeZoneIds();
    box->clear();
    for (const QByteArray &zone : std::as_const(zones))
        box->addItem(QString::fromLatin1(zone));
    // The choice made, else this computer's zone when the country has it, else the first.
    int index = box->findText(kept);
    if (index < 0)
        index = box->findText(QString::fromLatin1(QTimeZone::systemTimeZoneId()));
    box->setCurrentIndex(qMax(0, index));
}

void WhenPage::initializePage()
{
    m_zoneText->setText(m_zone->currentText());
    check();
}

std::optional<JobSchedule> WhenPage::schedule() const
{
    if (m_date->text().trimmed().isEmpty() && m_window->text().trimmed().isEmpty())
        return std::nullopt;
    if (!problem().isEmpty())
        return std::nullopt;
    return JobSchedule{m_date->text().trimmed(), m_zone->currentText(),
                       m_window->text().trimmed().remove(QLatin1Char(' '))};
}

QJsonValue WhenPage::value() const
{
    const auto typed = schedule();
    return typed ? QJsonValue(toJson(*typed)) : QJsonValue(QJsonValue::Null);
}

QString WhenPage::problem() const
{
    const QString date = m_date->text().trimmed();
    const QString window = m_window->text().trimmed().remove(QLatin1Char(' '));
    if (date.isEmpty() && window.isEmpty())
        return {};
    if (date.isEmpty())
        return tr("Give the date too, or clear the time window.");
    if (window.isEmpty())
        return tr("Give the time window too, or clear the date.");
    QString field;
    QString reason;
    if (!scheduleStartUtc(JobSchedule{date, m_zone->currentText(), window}, &field, &reason)) {
        if (field == u"date")
            return tr("The date is not a day in the form YYYY-MM-DD (%1).").arg(reason);
        if (field == u"window")
            return tr("The time window is not two times HH:MM-HH:MM, the first before the "
                      "second (%1).")
                .arg(reason);
        return tr("The time zone is not known here (%1).").arg(reason);
    }
    return {};
}

bool WhenPage::isComplete() const
{
    return problem().isEmpty();
}

void WhenPage::check()
{
    showError(problem());
    Q_EMIT completeChanged();
}

} // namespace dispatch::ui
