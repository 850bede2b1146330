#pragma once

#include <user.h>

#include <QPointer>
#include <QWidget>

class QPushButton;
class QTableView;

namespace dispatch::net {
class ApiClient;
class UserClient;
} // namespace dispatch::net

namespace dispatch::ui {

class NoticeBanner;
class OneTimePasswordDialog;
class UserDialog;
class UsersModel;

/// The admin's Users view: every user with role, state and home; New user, Change, Reset
/// password and Deactivate/Reactivate. Every change goes through the server with the version
/// the admin saw (If-Match); what the server refuses is said in words in the banner.
class UsersPage final : public QWidget {
    Q_OBJECT
public:
    explicit UsersPage(net::ApiClient *api, QWidget *parent = nullptr);

    void reload();
    UsersModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    NoticeBanner *banner() const { return m_banner; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *resetButton() const { return m_reset; }
    QPushButton *activeButton() const { return m_active; }
    /// The selected user; null when none.
    const User *selectedUser() const;
    void selectUser(const QString &userId);

    /// The dialogs this page opened last (for tests); null when closed.
    UserDialog *openDialog() const;
    OneTimePasswordDialog *passwordDialog() const;

    void createUser();
    void editSelected();
    void resetSelectedPassword();
    /// Deactivates (after a confirmation) or reactivates the selected user.
    void toggleSelectedActive();

Q_SIGNALS:
    void loaded();
    /// A change the server accepted (for tests and the window's user directory).
    void userSaved(const dispatch::User &user);

private:
    void updateButtons();
    void setActive(const User &user, bool active);

    net::ApiClient *m_api;
    net::UserClient *m_users;
    UsersModel *m_model;
    QTableView *m_view;
    NoticeBanner *m_banner;
    QPushButton *m_new;
    QPushButton *m_edit;
    QPushButton *m_reset;
    QPushButton *m_active;
    QPointer<UserDialog> m_dialog;
    QPointer<OneTimePasswordDialog> m_passwordDialog;
};

} // namespace dispatch::ui
