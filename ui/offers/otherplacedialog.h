#pragma once

#include <geopoint.h>

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace dispatch::ui {

/// "Other place…" of the Offers page: a latitude and a longitude typed in degrees, checked as
/// they are typed (a number, on Earth), with the reason in words under the fields. OK only for
/// a valid point. Opened with open(), never exec(): the queue keeps updating behind it.
class OtherPlaceDialog final : public QDialog {
    Q_OBJECT
public:
    explicit OtherPlaceDialog(QWidget *parent);

    /// The point typed, when both fields hold valid degrees.
    std::optional<GeoPoint> point() const;

    /// A coordinate as typed: the user's locale first ("40,7" in Spanish), then with a dot.
    static std::optional<double> parseDegrees(const QString &text);

private:
    /// Shows what is wrong and enables OK; the point when there is one.
    std::optional<GeoPoint> validate();

    QLineEdit *m_latitude = nullptr;
    QLineEdit *m_longitude = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace dispatch::ui
