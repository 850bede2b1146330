#pragma once

#include <apiclient.h>
#include <apitypes.h>

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace dispatch::ui {

/// A demo account the embedded server seeds, offered for one-click sign-in.
struct DemoAccount {
    QString username;
    QString password;
    QString name;
    Role role = Role::Pro;
};

/// Signs a user in: the server's address, user name and password, and in embedded mode a list
/// of the demo accounts ("Dana Whitfield — dispatcher") that fills them in. Signing in runs
/// through a new net::ApiClient for the address given; on success signedIn() hands that
/// client (with its token) to the caller and the dialog is accepted. A failure keeps the dialog
/// open with the reason in plain words. Nothing here blocks: the request runs while the dialog
/// stays responsive.
class LoginDialog final : public QDialog {
    Q_OBJECT
public:
    explicit LoginDialog(QWidget *parent = nullptr);

    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const;
    /// The demo accounts to offer; an empty list hides the list.
    void setDemoAccounts(const QList<DemoAccount> &accounts);
    void setUsername(const QString &username);
    void setPassword(const QString &password);
    /// The message shown after a failed attempt; empty when none.
    QString errorText() const;
    /// Why the user must sign in (again), e.g. after the session ended; shown where errors
    /// are, and read back by errorText().
    void showMessage(const QString &text) { showError(text); }

    /// Starts signing in with what the fields hold (the Sign in button does this).
    void signIn();

    /// "Dana Whitfield — dispatcher"
    static QString accountLabel(const DemoAccount &account);

Q_SIGNALS:
    /// The caller takes ownership of `client` (its parent is still this dialog).
    void signedIn(dispatch::net::ApiClient *client, const dispatch::net::UserInfo &user);

private:
    void setBusy(bool busy);
    void showError(const QString &text);
    void pickAccount(int row);

    QLineEdit *m_server = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_demoLabel = nullptr;
    QListWidget *m_demoList = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<DemoAccount> m_accounts;
    QPointer<net::ApiClient> m_pending;
};

} // namespace dispatch::ui
