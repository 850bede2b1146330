#include "windowsettings.h"

#include "jobboard.h"
#include "logindialog.h"
#include "mainwindow.h"

#include <user.h>

#include <QAction>
#include <QEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>

#if DISPATCH_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace dispatch::ui {

Q_LOGGING_CATEGORY(lcSettings, "dispatch.ui.settings")

namespace {

QString &settingsPath()
{
    static QString path;
    return path;
}

bool &keychainEnabled()
{
    static bool enabled = true;
    return enabled;
}

// The keys of the INI file (README: "What the console remembers").
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kColumns = QStringLiteral("board/columns");
const QString kTab = QStringLiteral("board/tab");
const QString kOverdueFirst = QStringLiteral("board/overdueFirst");
const QString kServer = QStringLiteral("login/server");
const QString kUsername = QStringLiteral("login/username");

#if DISPATCH_HAVE_QTKEYCHAIN
/// The keychain's service name: what the OS keychain lists the entries under.
const QString kKeychainService = QStringLiteral("Dispatch Console");
#endif

QMetaEnum tabEnum()
{
    return QMetaEnum::fromType<JobFilterProxyModel::Tab>();
}

} // namespace

void WindowSettings::setFilePath(const QString &path)
{
    settingsPath() = path;
}

QString WindowSettings::filePath()
{
    return settingsPath();
}

QString WindowSettings::defaultFilePath()
{
    // Honours QStandardPaths::setTestModeEnabled(): tests get a throwaway folder.
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/console.ini");
}

bool WindowSettings::keychainCompiledIn()
{
    return DISPATCH_HAVE_QTKEYCHAIN != 0;
}

void WindowSettings::setKeychainEnabled(bool enabled)
{
    keychainEnabled() = enabled;
}

bool WindowSettings::isKeychainEnabled()
{
    return keychainCompiledIn() && keychainEnabled();
}

WindowSettings::WindowSettings(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("windowSettings"));
    if (settingsPath().isEmpty())
        return;
    m_settings = new QSettings(settingsPath(), QSettings::IniFormat, this);
    restore();
    window->installEventFilter(this);
}

WindowSettings::~WindowSettings() = default;

namespace {
/// "users/<name>/<key>", the name percent-encoded so that no user name can reach another
/// group of the file.
QString preferenceKey(const QString &user, const QString &key)
{
    return QStringLiteral("users/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(user)), key);
}
} // namespace

QVariant WindowSettings::preference(const QString &user, const QString &key,
                                    const QVariant &fallback) const
{
    if (!isEnabled() || user.isEmpty())
        return fallback;
    return m_settings->value(preferenceKey(user, key), fallback);
}

void WindowSettings::setPreference(const QString &user, const QString &key, const QVariant &value)
{
    if (!isEnabled() || user.isEmpty())
        return;
    m_settings->setValue(preferenceKey(user, key), value);
}

bool WindowSettings::isEnabled() const
{
    return m_settings != nullptr;
}

void WindowSettings::save()
{
    if (!m_settings)
        return;
    m_settings->setValue(kGeometry, m_window->saveGeometry());
    m_settings->setValue(kState, m_window->saveState());
    m_settings->setValue(kSplitter, m_window->splitter()->saveState());
    m_settings->setValue(kColumns, m_window->board()->columnState());
    m_settings->setValue(kOverdueFirst, m_window->board()->overdueFirstAction()->isChecked());
    m_settings->setValue(kTab,
                         QString::fromLatin1(tabEnum().valueToKey(int(m_window->board()->tab()))));
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        qCWarning(lcSettings) << "cannot write" << m_settings->fileName();
}

void WindowSettings::restore()
{
    if (!m_settings)
        return;
    if (const QByteArray geometry = m_settings->value(kGeometry).toByteArray(); !geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    if (const QByteArray state = m_settings->value(kState).toByteArray(); !state.isEmpty())
        m_window->restoreState(state);
    if (const QByteArray sizes = m_settings->value(kSplitter).toByteArray(); !sizes.isEmpty())
        m_window->splitter()->restoreState(sizes);
    m_window->board()->restoreColumnState(m_settings->value(kColumns).toByteArray());
    m_window->board()->overdueFirstAction()->setChecked(m_settings->value(kOverdueFirst).toBool());
}

void WindowSettings::restoreTab()
{
    if (!m_settings)
        return;
    bool ok = false;
    const int tab = tabEnum().keyToValue(m_settings->value(kTab).toString().toLatin1(), &ok);
    if (ok)
        m_window->board()->setTab(JobFilterProxyModel::Tab(tab));
}

bool WindowSettings::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close)
        save();
    return QObject::eventFilter(watched, event);
}

void WindowSettings::prepareLogin(LoginDialog *dialog, bool embedded)
{
    if (!m_settings || !dialog)
        return;
    const QUrl given = dialog->serverUrl();
    if (given.host().isEmpty()) {
        const QUrl saved(m_settings->value(kServer).toString(), QUrl::StrictMode);
        if (saved.isValid())
            dialog->setServerUrl(saved);
    }
    dialog->preferUser(m_settings->value(kUsername).toString());

    const QUrl offered = dialog->serverUrl();
    QPointer<LoginDialog> target = dialog;
    connect(dialog, &LoginDialog::signedIn, this,
            [this, target, embedded, offered](net::ApiClient *client, const net::UserInfo &user) {
                if (!target)
                    return;
                // Embedded: the local server's address changes every run; a typed one is
                // remote, and remembered.
                const bool local = embedded && target->serverUrl() == offered;
                if (!local)
                    m_settings->setValue(kServer, target->serverUrl().toString());
                m_settings->setValue(kUsername, user.username);
                // After the window picked the role's default tab (it connected first).
                restoreTab();
                if (!target->isRememberMeAvailable())
                    return;
                m_sessionKey = keychainKey(local, target->serverUrl());
                if (target->rememberMe()) {
                    const QJsonObject secret{
                        {QStringLiteral("token"), QString::fromUtf8(client->token())},
                        {QStringLiteral("user"), toJson(user)}};
                    writeSession(m_sessionKey,
                                 QJsonDocument(secret).toJson(QJsonDocument::Compact));
                } else {
                    deleteSession(m_sessionKey);
                }
            });
    if (!isKeychainEnabled())
        return;
    const QString key = keychainKey(embedded, offered);
    connect(dialog, &LoginDialog::rememberedTokenRejected, this,
            [this, key] { deleteSession(key); });
    // Only the first dialog of a run signs in by itself (after a sign-out the user chooses).
    const bool first = !m_triedSilentSignIn;
    m_triedSilentSignIn = true;
    readSession(dialog, key, first);
}

QString WindowSettings::keychainKey(bool embedded, const QUrl &server) const
{
    const QString where =
        embedded ? QStringLiteral("local server") : server.toString(QUrl::StripTrailingSlash);
    return where + QStringLiteral(" (") + m_settings->fileName() + u')';
}

void WindowSettings::forgetSession()
{
    if (!m_sessionKey.isEmpty())
        deleteSession(m_sessionKey);
    m_sessionKey.clear();
}

#if DISPATCH_HAVE_QTKEYCHAIN

void WindowSettings::readSession(LoginDialog *dialog, const QString &key, bool signIn)
{
    auto *job = new QKeychain::ReadPasswordJob(kKeychainService, this);
    job->setKey(key);
    QPointer<LoginDialog> target = dialog;
    // Asynchronous: the dialog is up and usable while the keychain answers.
    connect(job, &QKeychain::Job::finished, this, [this, target, job, key, signIn] {
        if (!target)
            return;
        const QKeychain::Error error = job->error();
        if (error != QKeychain::NoError && error != QKeychain::EntryNotFound) {
            // No Secret Service (CI, a bare X session) or the user refused: no option.
            qCInfo(lcSettings) << "no keychain:" << job->errorString();
            target->setRememberMeAvailable(false);
            return;
        }
        target->setRememberMeAvailable(true);
        if (error == QKeychain::EntryNotFound)
            return;
        const QJsonObject saved = QJsonDocument::fromJson(job->binaryData()).object();
        const QByteArray token = saved.value(QLatin1String("token")).toString().toUtf8();
        const std::optional<User> user =
            userFromJson(saved.value(QLatin1String("user")).toObject());
        if (token.isEmpty() || !user) {
            deleteSession(key);
            return;
        }
        target->setRememberMe(true);
        // Not when the dialog was closed for a direct sign-in (--sign-in).
        if (signIn && target->isVisible())
            target->signInWithToken(*user, token);
    });
    job->start();
}

void WindowSettings::writeSession(const QString &key, const QByteArray &secret)
{
    auto *job = new QKeychain::WritePasswordJob(kKeychainService, this);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [job] {
        if (job->error() != QKeychain::NoError)
            qCWarning(lcSettings) << "cannot store the session:" << job->errorString();
    });
    job->start();
}

void WindowSettings::deleteSession(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(kKeychainService, this);
    job->setKey(key);
    job->start();
}

#else

void WindowSettings::readSession(LoginDialog *, const QString &, bool) {}
void WindowSettings::writeSession(const QString &, const QByteArray &) {}
void WindowSettings::deleteSession(const QString &) {}

#endif

} // namespace dispatch::ui
