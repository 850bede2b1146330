#pragma once

#include <apiclient.h>
#include <apitypes.h>

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QUrl>

class QCheckBox;
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
    /// Signs in with a token saved by "Remember me": checks it with one small request, then
    /// signs `user` in as signIn() would. A refused token says so in the dialog and emits
    /// rememberedTokenRejected(); the fields stay for a normal sign-in.
    void signInWithToken(const dispatch::net::UserInfo &user, const QByteArray &token);

    /// The "Remember me" check box, hidden until the OS keychain is known to work.
    void setRememberMeAvailable(bool available);
    bool isRememberMeAvailable() const { return m_rememberAvailable; }
    void setRememberMe(bool remember);
    bool rememberMe() const;
    /// Picks the demo account with this user name when there is one, else fills the name in.
    void preferUser(const QString &username);

    /// "Dana Whitfield — dispatcher"
    static QString accountLabel(const DemoAccount &account);

Q_SIGNALS:
    /// The caller takes ownership of `client` (its parent is still this dialog).
    void signedIn(dispatch::net::ApiClient *client, const dispatch::net::UserInfo &user);
    /// The server refused the token signInWithToken() tried (expired or revoked).
    void rememberedTokenRejected();

private:
    void setBusy(bool busy);
    void showError(const QString &text);
    void pickAccount(int row);

    QLineEdit *m_server = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_demoLabel = nullptr;
    QListWidget *m_demoList = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<DemoAccount> m_accounts;
    QPointer<net::ApiClient> m_pending;
    bool m_rememberAvailable = false;
};

} // namespace dispatch::ui
