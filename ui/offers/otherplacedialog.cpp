#include "otherplacedialog.h"

#include "palette.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace dispatch::ui {

OtherPlaceDialog::OtherPlaceDialog(QWidget *parent)
    : QDialog(parent)
    , m_latitude(new QLineEdit(this))
    , m_longitude(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("otherPlaceDialog"));
    setWindowTitle(tr("Measure distance from another place"));
    setAccessibleName(windowTitle());

    auto *intro = new QLabel(tr("Type the place's latitude and longitude in degrees, for example "
                                "40.7128 and -74.0060."),
                             this);
    intro->setWordWrap(true);
    m_latitude->setObjectName(QStringLiteral("latitudeEdit"));
    m_latitude->setAccessibleName(tr("Latitude"));
    m_latitude->setPlaceholderText(tr("-90 to 90"));
    m_longitude->setObjectName(QStringLiteral("longitudeEdit"));
    m_longitude->setAccessibleName(tr("Longitude"));
    m_longitude->setPlaceholderText(tr("-180 to 180"));
    m_error->setObjectName(QStringLiteral("otherPlaceError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(Palette::textStyleSheet(Palette::errorText()));
    m_error->setVisible(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Use this place"));
    m_ok->setAccessibleName(tr("Use this place"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Latitude:"), m_latitude);
    form->addRow(tr("L&ongitude:"), m_longitude);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_latitude, &QLineEdit::textChanged, this, &OtherPlaceDialog::validate);
    connect(m_longitude, &QLineEdit::textChanged, this, &OtherPlaceDialog::validate);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (validate())
            accept();
    });
    validate();
}

std::optional<double> OtherPlaceDialog::parseDegrees(const QString &text)
{
    const QString trimmed = text.trimmed();
    bool ok = false;
    double value = QLocale().toDouble(trimmed, &ok);
    if (!ok)
        value = QLocale::c().toDouble(trimmed, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<GeoPoint> OtherPlaceDialog::point() const
{
    const std::optional<double> lat = parseDegrees(m_latitude->text());
    const std::optional<double> lng = parseDegrees(m_longitude->text());
    if (!lat || !lng || std::abs(*lat) > 90.0 || std::abs(*lng) > 180.0)
        return std::nullopt;
    return GeoPoint{*lat, *lng};
}

std::optional<GeoPoint> OtherPlaceDialog::validate()
{
    QStringList problems;
    const auto check = [&problems](const QLineEdit *edit, double limit, const QString &notNumber,
                                   const QString &outOfRange) {
        if (edit->text().trimmed().isEmpty())
            return;
        const std::optional<double> value = parseDegrees(edit->text());
        if (!value)
            problems << notNumber;
        else if (std::abs(*value) > limit)
            problems << outOfRange;
    };
    check(m_latitude, 90.0, tr("The latitude is not a number of degrees."),
          tr("The latitude must be between -90 and 90 degrees."));
    check(m_longitude, 180.0, tr("The longitude is not a number of degrees."),
          tr("The longitude must be between -180 and 180 degrees."));
    const QString text = problems.join(u'\n');
    m_error->setText(text);
    m_error->setAccessibleName(text);
    m_error->setVisible(!text.isEmpty());
    const std::optional<GeoPoint> typed = point();
    m_ok->setEnabled(typed.has_value());
    return typed;
}

} // namespace dispatch::ui
