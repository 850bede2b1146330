#pragma once

#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;

namespace dispatch::test {

/// A throwaway PostgreSQL cluster for one test executable: initdb in a temporary folder, trust
/// authentication on 127.0.0.1 only, a free port, durability off (it is thrown away), then
/// `pg_ctl start`. PostgreSQL refuses to run as root, so as root the server programs run as
/// the `postgres` user. createDatabase() gives each test its own database.
class PostgresCluster final {
public:
    PostgresCluster();
    ~PostgresCluster(); ///< stop()
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    /// /usr/lib/postgresql/<newest>/bin, or "" when PostgreSQL is not installed.
    static QString binDir();

    /// False, with reason(), when PostgreSQL is not installed or the cluster does not start.
    bool start();
    QString reason() const { return m_reason; }
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }

    /// Creates a fresh database; returns "postgresql://postgres@127.0.0.1:PORT/dbN", or ""
    /// (with reason()) on failure.
    QString createDatabase();
    /// start() and createDatabase() for a test's first step: the database's URL, or "" with
    /// reason(). `*mayBeSkipped` then says whether the test may skip rather than fail: only on
    /// a machine without PostgreSQL, and never under CI.
    QString startForTest(bool *mayBeSkipped);
    /// `pg_ctl stop -m immediate` and removes the folder.
    void stop();

private:
    bool run(const QString &program, const QStringList &args, bool asServerUser,
             int timeoutMs = 60000);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_reason;
    quint16 m_port = 0;
    int m_databases = 0;
    bool m_running = false;
};

} // namespace dispatch::test

/// In a Qt Test function: sets `url` to a fresh database of `cluster` (startForTest()), skips
/// the test where it may be skipped (no PostgreSQL, and not CI), and fails it otherwise.
#define DISPATCH_POSTGRES_DATABASE(cluster, url)                                                   \
    do {                                                                                           \
        bool mayBeSkipped = false;                                                                 \
        (url) = (cluster).startForTest(&mayBeSkipped);                                             \
        if ((url).isEmpty() && mayBeSkipped)                                                       \
            QSKIP(qPrintable((cluster).reason()));                                                 \
        QVERIFY2(!(url).isEmpty(), qPrintable((cluster).reason()));                                \
    } while (false)
