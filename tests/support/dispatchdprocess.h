#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <utility>

class QTemporaryDir;

namespace dispatch::test {

/// How DispatchdProcess::start() runs the server. (Outside the class: GCC cannot use a nested
/// struct with default member initialisers as a default argument of the enclosing class.)
struct DispatchdOptions {
    QString dbUrl;   ///< empty: sqlite:<tempdir>/dispatchd.sqlite
    QString dataDir; ///< empty: <tempdir>/data
    bool demo = false;
    QStringList extraArgs;
    QByteArray adminPassword;                       ///< empty: random, readable via adminPassword()
    bool noAdminPassword = false;                   ///< pass no --admin-password-file at all
    QList<std::pair<QString, QString>> environment; ///< added to the inherited one
};

/// Runs the real dispatchd binary ($DISPATCHD_BINARY, set by dispatch_add_test) on
/// 127.0.0.1:0 with a temporary folder for its database, data and logs. Its standard output
/// and error go to files in that folder, so a chatty server can never block on a full pipe
/// while a test is busy elsewhere.
class DispatchdProcess final {
public:
    using Options = DispatchdOptions;

    DispatchdProcess();
    ~DispatchdProcess(); ///< SIGTERM, waits, kills if needed
    DispatchdProcess(const DispatchdProcess &) = delete;
    DispatchdProcess &operator=(const DispatchdProcess &) = delete;

    /// The binary under test, from $DISPATCHD_BINARY; empty when unset.
    static QString binaryPath();

    /// Starts the server and waits up to 20 s for `listening on http://127.0.0.1:PORT` as the
    /// first line on its standard output. False (and a qWarning with its stderr) on failure.
    bool start(const Options &options = {});
    /// SIGTERM; true when it exited with code 0 within 10 s.
    bool stop();
    bool isRunning() const;

    QUrl baseUrl() const; ///< http://127.0.0.1:PORT
    /// baseUrl + "/api/v1" + path; the path may hold a query ("/jobs?status=OPEN").
    QUrl apiUrl(const QString &path) const;
    quint16 port() const { return m_port; }
    qint64 pid() const;
    QByteArray adminPassword() const { return m_adminPassword; }
    QString databaseUrl() const { return m_dbUrl; } ///< what --db got
    QString tempDir() const;
    QByteArray stdoutOutput() const;
    QByteArray stderrOutput() const;
    int exitCode() const;

    /// VmRSS of a process from /proc/PID/status, in KiB; -1 when unknown.
    static qint64 residentKiB(qint64 pid);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_adminPassword;
    QString m_dbUrl;
    quint16 m_port = 0;
};

/// Starts `first` with `options`, then `second` on the same database with `first`'s admin
/// password: `first` goes first, so the schema exists before `second` opens it. False (with
/// the server's own warning) when either does not start.
bool startTwoOnOneDatabase(DispatchdProcess &first, DispatchdProcess &second,
                           const DispatchdOptions &options = {});

} // namespace dispatch::test
