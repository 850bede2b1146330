#include "movetodialog.h"

#include "dropplan.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimeEdit>

namespace dispatch::ui {

MoveToDialog::MoveToDialog(const QString &jobTitle, const QList<User> &pros, const QTimeZone &zone,
                           QWidget *parent)
    : QDialog(parent)
    , m_zone(zone)
    , m_pro(new QComboBox(this))
    , m_date(new QDateEdit(this))
    , m_time(new QTimeEdit(this))
{
    setObjectName(QStringLiteral("moveToDialog"));
    setWindowTitle(tr("Move to"));
    for (const User &pro : pros)
        m_pro->addItem(pro.name, pro.id);
    m_pro->setAccessibleName(tr("Pro"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("ddd d MMM yyyy"));
    m_date->setAccessibleName(tr("Date"));
    m_time->setDisplayFormat(QStringLiteral("HH:mm"));
    m_time->setAccessibleName(tr("Start time, in %1").arg(QString::fromUtf8(zone.id())));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Move"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    auto *what = new QLabel(jobTitle, this);
    what->setWordWrap(true);
    form->addRow(tr("Job:"), what);
    form->addRow(tr("&Pro:"), m_pro);
    form->addRow(tr("&Date:"), m_date);
    form->addRow(tr("&Start (%1):").arg(QString::fromUtf8(zone.id())), m_time);
    form->addRow(buttons);
}

void MoveToDialog::setChoice(const QString &proId, const QDateTime &start)
{
    const int index = m_pro->findData(proId);
    if (index >= 0)
        m_pro->setCurrentIndex(index);
    const QDateTime local = start.toTimeZone(m_zone);
    m_date->setDate(local.date());
    m_time->setTime(local.time());
}

QString MoveToDialog::proId() const
{
    return m_pro->currentData().toString();
}

QDateTime MoveToDialog::startUtc() const
{
    const QDateTime midnight(m_date->date(), QTime(0, 0), m_zone);
    const QDateTime chosen(m_date->date(), m_time->time(), m_zone);
    return dropplan::snapped(chosen, midnight);
}

} // namespace dispatch::ui
