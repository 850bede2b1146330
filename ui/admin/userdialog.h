#pragma once

#include <user.h>

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace dispatch::net {
class UserClient;
struct UserResult;
} // namespace dispatch::net

namespace dispatch::ui {

/// Creating a user or changing one (admin). The dialog saves itself and stays open until the
/// server said yes: a refusal is shown in it with everything typed kept, and when another
/// admin changed the user meanwhile (412) it shows what they have now and saves the admin's
/// values on top only when asked again. Open it with open(), never exec().
class UserDialog final : public QDialog {
    Q_OBJECT
public:
    /// A new user.
    UserDialog(net::UserClient *users, QWidget *parent = nullptr);
    /// Changes to `user` as the admin sees them now.
    UserDialog(net::UserClient *users, const User &user, QWidget *parent = nullptr);

    bool isNewUser() const { return !m_base; }
    /// The message shown in the dialog (a refusal, a conflict); empty when none.
    QString message() const;

    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *passwordEdit() const { return m_password; }
    QComboBox *roleBox() const { return m_role; }
    QCheckBox *hasHomeBox() const { return m_hasHome; }
    QDoubleSpinBox *latBox() const { return m_lat; }
    QDoubleSpinBox *lngBox() const { return m_lng; }

    /// Saves as the Save button does.
    void save();

Q_SIGNALS:
    /// The server stored the user; the dialog closes.
    void saved(const dispatch::User &user);

private:
    void build();
    void fill(const User &user);
    std::optional<GeoPoint> home() const;
    void showMessage(const QString &text);
    void finishSave(const net::UserResult &result);
    void updateHomeFields();

    net::UserClient *m_users;
    std::optional<User> m_base; ///< the version the admin's changes go on top of (If-Match)
    /// The user as the dialog opened: what differs from it is what the admin changed, so a
    /// save after another admin's change carries only the admin's own edits.
    std::optional<User> m_opened;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_password = nullptr;
    QComboBox *m_role = nullptr;
    QCheckBox *m_hasHome = nullptr;
    QDoubleSpinBox *m_lat = nullptr;
    QDoubleSpinBox *m_lng = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_saving = false;
};

} // namespace dispatch::ui
