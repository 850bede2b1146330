// dispatchd: parses its flags and runs dispatch::server::DispatchServer (docs/openapi.yaml
// "Running dispatchd"). Everything else lives in server/.
#include "dispatchserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onTerminate(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: wake the event loop.
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

[[noreturn]] void die(const QString &line)
{
    // One line, whatever the driver said (libpq's messages span several).
    std::fprintf(stderr, "dispatchd: %s\n", qPrintable(line.simplified()));
    std::exit(2);
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    if (!address->setAddress(host))
        return false;
    *port = quint16(value);
    return true;
}

/// The value of a whole-number option, at least `minimum`; dies with one line otherwise.
int intOption(const QCommandLineParser &parser, const QCommandLineOption &option, int minimum)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < minimum)
        die(QStringLiteral("--%1 must be a whole number, at least %2")
                .arg(option.names().constFirst())
                .arg(minimum));
    return value;
}

/// Every connection is a descriptor: allow as many as the system lets this process have
/// (the soft default of 1024 is below what --max-connections allows).
void raiseDescriptorLimit()
{
    rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dispatchd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DISPATCH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The Dispatch Console job server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address and port (port 0: a free one)."),
                                    QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption db(QStringLiteral("db"),
                                QStringLiteral("sqlite:PATH or postgresql://user@host:port/db."),
                                QStringLiteral("url"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Folder for photos and other data."),
                                     QStringLiteral("dir"));
    const QCommandLineOption adminPasswordFile(
        QStringLiteral("admin-password-file"),
        QStringLiteral("File holding the first admin's password (or DISPATCHD_ADMIN_PASSWORD)."),
        QStringLiteral("file"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Seed demo users, jobs and photos into an empty database."));
    const QCommandLineOption idleTimeout(QStringLiteral("idle-timeout-ms"),
                                         QStringLiteral("Close idle keep-alive connections after "
                                                        "this many ms (default 30000)."),
                                         QStringLiteral("ms"), QStringLiteral("30000"));
    const dispatch::server::ServerConfig defaults;
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QStringLiteral("Open connections at most, WebSockets included (default %1).")
            .arg(defaults.maxConnections),
        QStringLiteral("n"), QString::number(defaults.maxConnections));
    const QCommandLineOption maxPerAddress(
        QStringLiteral("max-connections-per-address"),
        QStringLiteral("Open connections one client address may hold (default %1); trusted "
                       "proxies are exempt.")
            .arg(defaults.maxConnectionsPerAddress),
        QStringLiteral("n"), QString::number(defaults.maxConnectionsPerAddress));
    const QCommandLineOption headTimeout(
        QStringLiteral("head-timeout-ms"),
        QStringLiteral("A request head must arrive within this many ms (default %1); bodies "
                       "get it as grace before a minimum rate applies.")
            .arg(defaults.headTimeoutMs),
        QStringLiteral("ms"), QString::number(defaults.headTimeoutMs));
    const QCommandLineOption trustedProxy(
        QStringLiteral("trusted-proxy"),
        QStringLiteral("A proxy (e.g. nginx on 127.0.0.1) whose X-Forwarded-For names the "
                       "client; repeat for several. Without it the header is ignored."),
        QStringLiteral("address"));
    const QCommandLineOption signInWorkers(
        QStringLiteral("sign-in-workers"),
        QStringLiteral("Threads that hash passwords (default: one per core but one, at least 1)."),
        QStringLiteral("n"), QString::number(defaults.signInWorkers));
    const QCommandLineOption photoWorkers(
        QStringLiteral("photo-workers"),
        QStringLiteral("Threads that check uploads and make thumbnails (default: one per core "
                       "but one, at least 1)."),
        QStringLiteral("n"), QString::number(defaults.photoWorkers));
    const QCommandLineOption photoQueue(
        QStringLiteral("photo-queue"),
        QStringLiteral("Photo requests that may wait for a worker (default %1); beyond, 503.")
            .arg(defaults.photoQueue),
        QStringLiteral("n"), QString::number(defaults.photoQueue));
    const QCommandLineOption tokenLifetime(
        QStringLiteral("token-lifetime-s"),
        QStringLiteral("Seconds a sign-in stays valid (default %1).")
            .arg(defaults.tokenLifetimeSeconds),
        QStringLiteral("s"), QString::number(defaults.tokenLifetimeSeconds));
    parser.addOptions({listen, db, dataDir, adminPasswordFile, demo, idleTimeout, maxConnections,
                       maxPerAddress, headTimeout, trustedProxy, signInWorkers, photoWorkers,
                       photoQueue, tokenLifetime});
    if (!parser.parse(QCoreApplication::arguments()))
        die(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        die(QStringLiteral("unexpected argument \"%1\" (see --help)")
                .arg(parser.positionalArguments().constFirst()));

    dispatch::server::ServerConfig config;
    if (!parseListen(parser.value(listen), &config.address, &config.port))
        die(QStringLiteral("--listen must be host:port, e.g. 127.0.0.1:8080, not \"%1\"")
                .arg(parser.value(listen)));
    config.dataDir = parser.value(dataDir);
    config.databaseUrl = parser.value(db);
    if (config.databaseUrl.isEmpty()) {
        if (config.dataDir.isEmpty())
            die(QStringLiteral("give --db sqlite:PATH (or postgresql://…) or --data-dir DIR"));
        config.databaseUrl =
            QStringLiteral("sqlite:") + config.dataDir + QStringLiteral("/dispatchd.sqlite");
    }
    config.demo = parser.isSet(demo);
    config.idleTimeoutMs = intOption(parser, idleTimeout, 100);
    config.maxConnections = intOption(parser, maxConnections, 16);
    config.maxConnectionsPerAddress = intOption(parser, maxPerAddress, 1);
    config.headTimeoutMs = intOption(parser, headTimeout, 100);
    config.signInWorkers = intOption(parser, signInWorkers, 1);
    config.photoWorkers = intOption(parser, photoWorkers, 1);
    config.photoQueue = intOption(parser, photoQueue, 0);
    config.tokenLifetimeSeconds = intOption(parser, tokenLifetime, 1);
    for (const QString &value : parser.values(trustedProxy)) {
        QHostAddress address;
        if (!address.setAddress(value))
            die(QStringLiteral("--trusted-proxy must be an IP address, not \"%1\"").arg(value));
        config.trustedProxies.append(address);
    }
    if (parser.isSet(adminPasswordFile)) {
        QFile file(parser.value(adminPasswordFile));
        if (!file.open(QIODevice::ReadOnly))
            die(QStringLiteral("cannot read --admin-password-file %1: %2")
                    .arg(file.fileName(), file.errorString()));
        config.adminPassword = QString::fromUtf8(file.readAll()).trimmed();
    } else {
        config.adminPassword = qEnvironmentVariable("DISPATCHD_ADMIN_PASSWORD");
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        die(QStringLiteral("cannot set up signal handling"));
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    dispatch::server::DispatchServer server;
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
        server.stop();
        // Give the WebSocket close frames and in-flight answers a moment to leave.
        QTimer::singleShot(250, &app, &QCoreApplication::quit);
    });
    struct sigaction action = {};
    action.sa_handler = onTerminate;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    raiseDescriptorLimit();
    QString error;
    if (!server.start(config, &error))
        die(error);
    std::printf("listening on %s\n", qPrintable(server.url().toString()));
    std::fflush(stdout);
    return app.exec();
}
