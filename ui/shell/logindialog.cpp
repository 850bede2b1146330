#include "logindialog.h"

#include "errormessages.h"
#include "palette.h"

#include <apiclient.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace dispatch::ui {

LoginDialog::LoginDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_demoLabel(new QLabel(tr("&Demo accounts (password \"demo-password\"):"), this))
    , m_demoList(new QListWidget(this))
    , m_remember(new QCheckBox(tr("&Remember me on this computer"), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Sign in — Dispatch Console"));
    setObjectName(QStringLiteral("loginDialog"));
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_demoList->setObjectName(QStringLiteral("demoAccountList"));
    m_error->setObjectName(QStringLiteral("loginError"));
    m_remember->setObjectName(QStringLiteral("rememberMe"));
    m_remember->setToolTip(tr("Keeps you signed in: the session is stored in the system "
                              "keychain, and File › Sign out forgets it."));
    m_remember->hide();
    m_server->setPlaceholderText(QStringLiteral("http://dispatch.example.com:8080"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(Palette::textStyleSheet(Palette::errorText()));
    m_error->hide();
    m_demoLabel->setBuddy(m_demoList);
    m_demoLabel->hide();
    m_demoList->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);

    QPushButton *signInButton = m_buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    signInButton->setObjectName(QStringLiteral("signInButton"));
    signInButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_demoLabel);
    layout->addWidget(m_demoList);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    // The button box's accepted() would close the dialog at once; signing in closes it later.
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_demoList, &QListWidget::currentRowChanged, this, &LoginDialog::pickAccount);
    connect(m_demoList, &QListWidget::itemActivated, this, [this] { signIn(); });
    resize(440, sizeHint().height());
}

void LoginDialog::setServerUrl(const QUrl &url)
{
    m_server->setText(url.toString(QUrl::StripTrailingSlash));
}

QUrl LoginDialog::serverUrl() const
{
    QString text = m_server->text().trimmed();
    if (!text.isEmpty() && !text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("http://"));
    return QUrl(text, QUrl::StrictMode);
}

void LoginDialog::setDemoAccounts(const QList<DemoAccount> &accounts)
{
    m_accounts = accounts;
    m_demoList->clear();
    for (const DemoAccount &account : accounts)
        m_demoList->addItem(accountLabel(account));
    m_demoLabel->setVisible(!accounts.isEmpty());
    m_demoList->setVisible(!accounts.isEmpty());
    if (!accounts.isEmpty()) {
        m_demoList->setCurrentRow(0);
        m_demoList->setFocus();
    }
}

void LoginDialog::setUsername(const QString &username)
{
    m_username->setText(username);
}

void LoginDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

QString LoginDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

QString LoginDialog::accountLabel(const DemoAccount &account)
{
    return account.name + QStringLiteral(" — ") + displayName(account.role).toLower();
}

void LoginDialog::pickAccount(int row)
{
    if (row < 0 || row >= m_accounts.size())
        return;
    m_username->setText(m_accounts.at(row).username);
    m_password->setText(m_accounts.at(row).password);
}

void LoginDialog::signIn()
{
    if (m_pending)
        return;
    const QUrl url = serverUrl();
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        showError(tr("The server address is not valid. Enter it like "
                     "http://dispatch.example.com:8080."));
        m_server->setFocus();
        return;
    }
    if (m_username->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your user name and password."));
        (m_username->text().trimmed().isEmpty() ? m_username : m_password)->setFocus();
        return;
    }
    m_error->hide();
    setBusy(true);
    auto *client = new net::ApiClient(url, this);
    m_pending = client;
    client->login(m_username->text().trimmed(), m_password->text(), this,
                  [this, client](const net::LoginResult &result) {
                      m_pending = nullptr;
                      setBusy(false);
                      if (!result.ok()) {
                          client->deleteLater();
                          showError(describeError(result.error, tr("sign in")).combined());
                          m_password->setFocus();
                          m_password->selectAll();
                          return;
                      }
                      Q_EMIT signedIn(client, result.user);
                      accept();
                  });
}

void LoginDialog::signInWithToken(const net::UserInfo &user, const QByteArray &token)
{
    if (m_pending)
        return;
    const QUrl url = serverUrl();
    if (!url.isValid() || token.isEmpty())
        return;
    m_error->hide();
    setBusy(true);
    auto *client = new net::ApiClient(url, this);
    client->setToken(token);
    m_pending = client;
    net::JobQuery query;
    query.limit = 1;
    // Any authenticated read tells whether the server still honours the token.
    client->listJobs(query, this, [this, client, user](const net::JobPageResult &result) {
        m_pending = nullptr;
        setBusy(false);
        if (!result.ok()) {
            client->deleteLater();
            if (result.error.is(net::ApiError::Kind::Unauthenticated)) {
                showError(tr("Your saved sign-in has expired. Sign in again."));
                Q_EMIT rememberedTokenRejected();
            } else {
                showError(describeError(result.error, tr("sign in")).combined());
            }
            return;
        }
        Q_EMIT signedIn(client, user);
        accept();
    });
}

void LoginDialog::setRememberMeAvailable(bool available)
{
    m_rememberAvailable = available;
    m_remember->setVisible(available);
    if (!available)
        m_remember->setChecked(false);
}

void LoginDialog::setRememberMe(bool remember)
{
    m_remember->setChecked(remember && m_rememberAvailable);
}

bool LoginDialog::rememberMe() const
{
    return m_rememberAvailable && m_remember->isChecked();
}

void LoginDialog::preferUser(const QString &username)
{
    if (username.isEmpty())
        return;
    for (int row = 0; row < m_accounts.size(); ++row) {
        if (m_accounts.at(row).username == username) {
            m_demoList->setCurrentRow(row);
            return;
        }
    }
    m_username->setText(username);
    m_password->setFocus();
}

void LoginDialog::setBusy(bool busy)
{
    for (QAbstractButton *button : m_buttons->buttons()) {
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole) {
            button->setEnabled(!busy);
            button->setText(busy ? tr("Signing in…") : tr("&Sign in"));
        }
    }
    m_server->setReadOnly(busy);
    m_username->setReadOnly(busy);
    m_password->setReadOnly(busy);
    m_remember->setEnabled(!busy);
}

void LoginDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

} // namespace dispatch::ui
