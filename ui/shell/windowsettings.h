#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QVariant>

class QSettings;

namespace dispatch::ui {

class LoginDialog;
class MainWindow;

/// What the console remembers between runs (QSettings, an INI file): the main window's
/// geometry and state, the splitter, the board's column widths and sort order, the last tab,
/// and the last server and user name (pre-filled at sign-in). With QtKeychain (optional at
/// build time) it also offers "Remember me": the session token goes to the OS keychain, never
/// to a file, and the next start signs in with it.
///
/// Nothing is read or written until setFilePath() names the file: the console does that at
/// start-up (app/console_main.cpp), so tests that build a MainWindow never touch the user's
/// settings or keychain.
class WindowSettings final : public QObject {
    Q_OBJECT
public:
    /// Turns persistence on, in this INI file; an empty path turns it off again.
    static void setFilePath(const QString &path);
    static QString filePath();
    /// The default file: console.ini in the user's configuration folder for the console.
    static QString defaultFilePath();
    /// Whether the console was built with QtKeychain (the run time may still lack a keychain).
    static bool keychainCompiledIn();
    /// Tests turn the keychain off so that they never reach the user's (default: on).
    static void setKeychainEnabled(bool enabled);
    static bool isKeychainEnabled();

    /// Restores the window's saved layout now, and saves it whenever the window closes.
    explicit WindowSettings(MainWindow *window);
    ~WindowSettings() override;

    bool isEnabled() const;
    /// Saves the window's layout and the board's tab now.
    void save();
    /// Applies the saved layout (geometry, splitter, columns); the tab waits for sign-in.
    void restore();
    /// Makes the board show the saved tab (after a sign-in picked the role's default).
    void restoreTab();

    /// A login dialog about to open: pre-fills the last server and user name, offers
    /// "Remember me" once the keychain answers, and the first time signs in with a
    /// remembered session. Remembers what the user signs in with.
    void prepareLogin(LoginDialog *dialog, bool embedded);
    /// Forgets the remembered session (signing out).
    void forgetSession();

    /// One user's preference (`user` is their user name), such as a pro's distance origin or
    /// whether top offers notify; `fallback` when none is saved or persistence is off.
    QVariant preference(const QString &user, const QString &key,
                        const QVariant &fallback = {}) const;
    void setPreference(const QString &user, const QString &key, const QVariant &value);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// The keychain entry of a server: per settings file, so test and demo runs with their
    /// own --data-dir never see the user's session.
    QString keychainKey(bool embedded, const QUrl &server) const;
    /// Offers "Remember me" when the keychain answers; with `signIn`, uses a saved session.
    void readSession(LoginDialog *dialog, const QString &key, bool signIn);
    void writeSession(const QString &key, const QByteArray &secret);
    void deleteSession(const QString &key);

    MainWindow *m_window = nullptr;
    QSettings *m_settings = nullptr;
    QString m_sessionKey; ///< the keychain entry of the current sign-in
    bool m_triedSilentSignIn = false;
};

} // namespace dispatch::ui
