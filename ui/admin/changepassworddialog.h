#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace dispatch::net {
class UserClient;
}

namespace dispatch::ui {

/// Any user's change of their own password: the current one, the new one twice. It stays
/// open, with what was typed, until the server agreed. Open it with open().
class ChangePasswordDialog final : public QDialog {
    Q_OBJECT
public:
    ChangePasswordDialog(net::UserClient *users, QWidget *parent = nullptr);

    QLineEdit *currentEdit() const { return m_current; }
    QLineEdit *newEdit() const { return m_new; }
    QLineEdit *repeatEdit() const { return m_repeat; }
    QString message() const;
    void save();

Q_SIGNALS:
    void changed();

private:
    void showMessage(const QString &text);

    net::UserClient *m_users;
    QLineEdit *m_current;
    QLineEdit *m_new;
    QLineEdit *m_repeat;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    bool m_saving = false;
};

} // namespace dispatch::ui
