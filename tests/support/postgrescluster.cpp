#include "postgrescluster.h"

#include <QDir>
#include <QLoggingCategory>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QVersionNumber>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcTestPostgres, "dispatch.test.postgres")

namespace dispatch::test {

namespace {

// PostgreSQL refuses to run as root; then the server programs run as this user.
constexpr char kServerUser[] = "postgres";

struct ServerUser {
    uid_t uid = 0;
    gid_t gid = 0;
    bool found = false;
};

ServerUser serverUser()
{
    ServerUser user;
    if (const passwd *entry = ::getpwnam(kServerUser)) {
        user.uid = entry->pw_uid;
        user.gid = entry->pw_gid;
        user.found = true;
    }
    return user;
}

quint16 freePort()
{
    // Another process may take it before the server binds; unlikely enough on loopback.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

PostgresCluster::PostgresCluster() = default;

PostgresCluster::~PostgresCluster()
{
    stop();
}

QString PostgresCluster::binDir()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QVersionNumber newest;
    QString best;
    const QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : versions) {
        const QVersionNumber version = QVersionNumber::fromString(name);
        const QString bin = root.filePath(name + QStringLiteral("/bin"));
        if (version.isNull() || !QFile::exists(bin + QStringLiteral("/initdb")) ||
            !QFile::exists(bin + QStringLiteral("/pg_ctl")))
            continue;
        if (best.isEmpty() || version > newest) {
            newest = version;
            best = bin;
        }
    }
    return best;
}

bool PostgresCluster::run(const QString &program, const QStringList &args, bool asServerUser,
                          int timeoutMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // initdb takes its locale from the environment; a locale that is not installed fails it.
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.remove(QStringLiteral("PGPASSWORD"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_dir->path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (asServerUser && ::geteuid() == 0) {
        const ServerUser user = serverUser();
        if (!user.found) {
            m_reason = QStringLiteral("running as root and there is no user \"postgres\"");
            return false;
        }
        process.setChildProcessModifier([user] {
            // Between fork and exec: only async-signal-safe calls.
            if (::setgroups(0, nullptr) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0)
                ::_exit(126);
        });
    }
    process.start(program, args);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        m_reason = QStringLiteral("%1 %2 failed (%3): %4")
                       .arg(program, args.join(u' '), process.errorString(),
                            QString::fromLocal8Bit(process.readAll()).trimmed());
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
        return false;
    }
    return true;
}

bool PostgresCluster::start()
{
    if (m_running)
        return true;
    m_binDir = binDir();
    if (m_binDir.isEmpty()) {
        m_reason =
            QStringLiteral("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)");
        return false;
    }
    m_dir =
        std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/dispatch-pg-XXXXXX"));
    if (!m_dir->isValid()) {
        m_reason = QStringLiteral("no temporary folder: ") + m_dir->errorString();
        return false;
    }
    if (::geteuid() == 0) {
        const ServerUser user = serverUser();
        if (!user.found ||
            ::chown(QFile::encodeName(m_dir->path()).constData(), user.uid, user.gid) != 0) {
            m_reason = QStringLiteral("cannot hand %1 to the user \"postgres\"").arg(m_dir->path());
            return false;
        }
    }
    const QString dataDir = m_dir->filePath(QStringLiteral("data"));
    if (!run(m_binDir + QStringLiteral("/initdb"),
             {QStringLiteral("-D"), dataDir, QStringLiteral("-U"), QStringLiteral("postgres"),
              QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
              QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
             true))
        return false;

    // A port can be taken between probing and binding; try a few.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort();
        const QString options =
            QStringLiteral("-p %1 -c listen_addresses=127.0.0.1 -c unix_socket_directories=%2 "
                           "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                           "-c max_connections=200")
                .arg(m_port)
                .arg(m_dir->path());
        if (run(m_binDir + QStringLiteral("/pg_ctl"),
                {QStringLiteral("-D"), dataDir, QStringLiteral("-o"), options, QStringLiteral("-l"),
                 m_dir->filePath(QStringLiteral("postgres.log")), QStringLiteral("-w"),
                 QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
                true, 90000)) {
            m_running = true;
            qCInfo(lcTestPostgres)
                << "PostgreSQL cluster on port" << m_port << "in" << m_dir->path();
            return true;
        }
    }
    return false;
}

QString PostgresCluster::createDatabase()
{
    if (!m_running) {
        m_reason = QStringLiteral("the cluster is not running");
        return {};
    }
    const QString name = QStringLiteral("db%1").arg(++m_databases);
    if (!run(m_binDir + QStringLiteral("/createdb"),
             {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
              QString::number(m_port), QStringLiteral("-U"), QStringLiteral("postgres"), name},
             false))
        return {};
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(name);
}

void PostgresCluster::stop()
{
    if (m_running) {
        run(m_binDir + QStringLiteral("/pg_ctl"),
            {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
             QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")},
            true);
        m_running = false;
    }
    m_dir.reset();
}

QString PostgresCluster::startForTest(bool *mayBeSkipped)
{
    *mayBeSkipped = false;
    if (!start()) {
        *mayBeSkipped = binDir().isEmpty() && qEnvironmentVariableIsEmpty("CI");
        return {};
    }
    return createDatabase();
}

} // namespace dispatch::test
