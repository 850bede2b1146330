#pragma once

#include <QDialog>

class QLineEdit;

namespace dispatch::ui {

/// A password shown once (a reset's or a new user's first one), read-only, with a Copy
/// button, and the reminder that it will not be shown again.
class OneTimePasswordDialog final : public QDialog {
    Q_OBJECT
public:
    OneTimePasswordDialog(const QString &userName, const QString &password,
                          QWidget *parent = nullptr);
    QString password() const;

private:
    QLineEdit *m_password = nullptr;
};

} // namespace dispatch::ui
