// dispatch-console: parses its flags, starts the embedded dispatchd on a worker thread when no
// --server is given, and opens the main window. Everything else lives in ui/.
#include "demoseed.h"
#include "dispatchserver.h"
#include "mainwindow.h"
#include "translations.h"
#include "windowsettings.h"

#include <jobboard.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QIcon>
#include <QPointer>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <cstdio>

namespace {

using dispatch::ui::DemoAccount;

/// The accounts the demo seed creates (server/demoseed.cpp), for the login dialog.
QList<DemoAccount> demoAccounts(const QString &adminPassword)
{
    // The accounts the embedded server's demo data has, the admin after the dispatchers.
    QList<DemoAccount> accounts;
    const QString demo = QString::fromLatin1(dispatch::server::kDemoPassword);
    for (const dispatch::server::DemoUser &user : dispatch::server::demoUsers()) {
        if (user.role == dispatch::Role::Pro && accounts.size() == 2)
            accounts.append({QStringLiteral("admin"), adminPassword,
                             QCoreApplication::translate("ConsoleMain", "Administrator"),
                             dispatch::Role::Admin});
        accounts.append({user.username, demo, user.name, user.role});
    }
    return accounts;
}

/// The embedded server's admin password: made once, kept readable by this user only.
bool adminPassword(const QString &dir, QString *password, QString *error)
{
    QFile file(dir + QStringLiteral("/admin-password"));
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QCoreApplication::translate("ConsoleMain", "cannot read %1: %2")
                         .arg(file.fileName(), file.errorString());
            return false;
        }
        *password = QString::fromUtf8(file.readAll()).trimmed();
        return !password->isEmpty();
    }
    QByteArray random(18, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()),
                                          random.size() / sizeof(quint32));
    *password = QString::fromLatin1(
        random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    // Restrict the file before the secret goes in.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(password->toUtf8() + '\n') < 0 || !file.flush()) {
        *error = QCoreApplication::translate("ConsoleMain", "cannot write %1: %2")
                     .arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("dispatch-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Dispatch Console"));
    QApplication::setApplicationVersion(QStringLiteral(DISPATCH_VERSION));
    // The icon from resources/dispatch.qrc (SVG: Qt's svg icon engine, Debian's libqt6svg6).
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dispatch-console.svg")));
    // The installed desktop entry's name: Wayland compositors and docks match the window to
    // its entry, and so to its name and icon, by it.
    QGuiApplication::setDesktopFileName(QStringLiteral(DISPATCH_APP_ID));
    // The language of the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), before any
    // widget exists: README "Language".
    dispatch::ui::installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Dispatch Console. Without --server it runs its own server on this "
                       "computer, with demo data."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Connect to the dispatchd at this URL."),
                                          QStringLiteral("url"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QStringLiteral("Folder for the local server's database and the console's settings "
                       "(default: %1).")
            .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        QStringLiteral("dir"));
    const QCommandLineOption signInOption(
        QStringLiteral("sign-in"),
        QStringLiteral("Local server only: sign in as this demo user without the dialog."),
        QStringLiteral("user"));
    const QCommandLineOption benchmarkOption(
        QStringLiteral("benchmark-startup"),
        QStringLiteral("Sign in as dana, print the ms from start to the first painted board, "
                       "and quit."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Once the board has loaded, save the window as this PNG and quit."),
        QStringLiteral("file"));
    parser.addOptions(
        {serverOption, dataDirOption, signInOption, benchmarkOption, screenshotOption});
    parser.process(app);

    // What the window remembers (README "What the console remembers"): beside the database
    // when --data-dir names a folder, so demo and screenshot runs keep their own; otherwise in
    // the user's configuration folder.
    dispatch::ui::WindowSettings::setFilePath(
        parser.isSet(dataDirOption)
            ? QDir(parser.value(dataDirOption)).filePath(QStringLiteral("console.ini"))
            : dispatch::ui::WindowSettings::defaultFilePath());

    auto *window = new dispatch::ui::MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    QString signInUser = parser.value(signInOption);
    const bool benchmark = parser.isSet(benchmarkOption);
    if (benchmark && signInUser.isEmpty())
        signInUser = QStringLiteral("dana");
    const QString screenshot = parser.value(screenshotOption);
    if (benchmark || !screenshot.isEmpty()) {
        // A pro's first view is Offers, and their board may be empty: a screenshot waits for
        // the board's data rather than its painted rows.
        const auto ready = benchmark ? &dispatch::ui::MainWindow::boardPainted
                                     : &dispatch::ui::MainWindow::boardLoaded;
        QObject::connect(window, ready, window, [=] {
            if (benchmark) {
                std::printf("startup_to_painted_board_ms %lld\n",
                            static_cast<long long>(sinceMain.elapsed()));
                std::fflush(stdout);
            }
            // Let the rest of the window settle (detail pane, history) before the capture.
            QTimer::singleShot(screenshot.isEmpty() ? 0 : 1500, window, [=] {
                if (!screenshot.isEmpty() && !window->grab().save(screenshot))
                    std::fprintf(stderr, "cannot save %s\n", qPrintable(screenshot));
                window->close();
            });
        });
    }

    QThread serverThread;
    QPointer<dispatch::server::DispatchServer> server;
    if (parser.isSet(serverOption)) {
        QUrl url = QUrl::fromUserInput(parser.value(serverOption));
        window->connectToServer(url);
        window->show();
    } else {
        QString dir = parser.value(dataDirOption);
        if (dir.isEmpty())
            dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        window->showStartingEmbedded();
        window->show();
        QString error;
        QString password;
        if (!QDir().mkpath(dir)) {
            window->embeddedServerFailed(
                QCoreApplication::translate("ConsoleMain", "cannot create the folder %1").arg(dir));
        } else if (!adminPassword(dir, &password, &error)) {
            window->embeddedServerFailed(error);
        } else {
            dispatch::server::ServerConfig config;
            config.port = 0;
            config.databaseUrl =
                QStringLiteral("sqlite:") + dir + QStringLiteral("/dispatchd.sqlite");
            config.dataDir = dir;
            config.adminPassword = password;
            config.demo = true; // seeds only an empty database
            serverThread.setObjectName(QStringLiteral("dispatchd"));
            server = new dispatch::server::DispatchServer;
            server->moveToThread(&serverThread);
            QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
            serverThread.start();
            QPointer<dispatch::ui::MainWindow> target = window;
            auto *srv = server.data();
            // Opening the database, migrating and seeding happen on the worker; the window
            // keeps painting and only hears back when the server listens.
            QMetaObject::invokeMethod(srv, [srv, config, target, password, signInUser] {
                QString startError;
                const bool ok = srv->start(config, &startError);
                const QUrl url = srv->url();
                QMetaObject::invokeMethod(qApp, [=] {
                    if (!target)
                        return;
                    if (!ok) {
                        target->embeddedServerFailed(startError);
                    } else if (!signInUser.isEmpty()) {
                        target->embeddedServerStarted(url, demoAccounts(password));
                        if (auto *login = target->loginDialog())
                            login->close();
                        const auto accounts = demoAccounts(password);
                        for (const DemoAccount &account : accounts) {
                            if (account.username == signInUser)
                                target->signInDirectly(account.username, account.password);
                        }
                    } else {
                        target->embeddedServerStarted(url, demoAccounts(password));
                    }
                });
            });
        }
    }

    const int status = app.exec();
    if (server) {
        QMetaObject::invokeMethod(
            server, [srv = server.data()] { srv->stop(); }, Qt::BlockingQueuedConnection);
    }
    serverThread.quit();
    serverThread.wait();
    return status;
}
