#include "dispatchdprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>

Q_LOGGING_CATEGORY(lcTestServer, "dispatch.test.server")

namespace dispatch::test {

namespace {

// Generous: a --demo start hashes passwords and renders photos, and on a loaded two-core
// machine (CI beside other builds) that took over 20 s. Only a hung start waits this long.
constexpr int kStartTimeoutMs = 90000;
constexpr int kStopTimeoutMs = 10000;

QByteArray randomPassword()
{
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QByteArray password;
    for (int i = 0; i < 24; ++i)
        password += alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))];
    return password;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

/// The last lines of a log, for warnings that must stay readable.
QString tail(const QByteArray &log, int lines = 30)
{
    qsizetype from = log.size();
    for (int seen = 0; from > 0 && seen <= lines; --from) {
        if (log.at(from - 1) == '\n')
            ++seen;
    }
    return QString::fromUtf8(from > 0 ? "..." + log.mid(from) : log);
}

} // namespace

DispatchdProcess::DispatchdProcess() = default;

DispatchdProcess::~DispatchdProcess()
{
    if (isRunning()) {
        m_process->terminate();
        if (!m_process->waitForFinished(kStopTimeoutMs)) {
            qCWarning(lcTestServer) << "dispatchd" << pid() << "ignored SIGTERM; killing it";
            m_process->kill();
            m_process->waitForFinished(kStopTimeoutMs);
        }
    }
}

QString DispatchdProcess::binaryPath()
{
    return qEnvironmentVariable("DISPATCHD_BINARY");
}

bool DispatchdProcess::start(const Options &options)
{
    const QString binary = binaryPath();
    if (binary.isEmpty()) {
        qCWarning(lcTestServer) << "DISPATCHD_BINARY is not set: run the test through ctest";
        return false;
    }
    if (isRunning()) {
        qCWarning(lcTestServer) << "dispatchd already started";
        return false;
    }

    // Kept across start() calls, so a restart finds the same default database.
    if (!m_dir)
        m_dir =
            std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/dispatchd-XXXXXX"));
    if (!m_dir->isValid()) {
        qCWarning(lcTestServer) << "no temporary folder:" << m_dir->errorString();
        return false;
    }
    const QString dataDir =
        options.dataDir.isEmpty() ? m_dir->filePath(QStringLiteral("data")) : options.dataDir;
    QDir().mkpath(dataDir);
    m_dbUrl = options.dbUrl.isEmpty()
                  ? QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("dispatchd.sqlite"))
                  : options.dbUrl;

    QStringList args{QStringLiteral("--listen"),   QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--db"),       m_dbUrl,
                     QStringLiteral("--data-dir"), dataDir};
    m_adminPassword.clear();
    if (!options.noAdminPassword) {
        m_adminPassword =
            options.adminPassword.isEmpty() ? randomPassword() : options.adminPassword;
        const QString passwordFile = m_dir->filePath(QStringLiteral("admin-password"));
        QFile file(passwordFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(m_adminPassword + '\n') < 0) {
            qCWarning(lcTestServer) << "cannot write" << passwordFile;
            return false;
        }
        file.close();
        args << QStringLiteral("--admin-password-file") << passwordFile;
    }
    if (options.demo)
        args << QStringLiteral("--demo");
    args << options.extraArgs;

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The test decides the admin password; one from the caller's shell must not leak in.
    env.remove(QStringLiteral("DISPATCHD_ADMIN_PASSWORD"));
    for (const auto &[name, value] : options.environment)
        env.insert(name, value);

    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(env);
    m_process->setWorkingDirectory(m_dir->path());
    m_process->setStandardOutputFile(m_dir->filePath(QStringLiteral("stdout.log")));
    m_process->setStandardErrorFile(m_dir->filePath(QStringLiteral("stderr.log")));
    m_process->start(binary, args);
    if (!m_process->waitForStarted(kStartTimeoutMs)) {
        qCWarning(lcTestServer) << "cannot start" << binary << m_process->errorString();
        return false;
    }

    static const QRegularExpression listening(
        QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)\\r?$"));
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        const QByteArray out = stdoutOutput();
        const qsizetype newline = out.indexOf('\n');
        if (newline >= 0) {
            const QString firstLine = QString::fromUtf8(out.left(newline));
            const QRegularExpressionMatch match = listening.match(firstLine);
            if (!match.hasMatch()) {
                qCWarning(lcTestServer).noquote()
                    << "unexpected first line from dispatchd:" << firstLine
                    << "\nstderr:" << tail(stderrOutput());
                return false;
            }
            m_port = quint16(match.captured(1).toUInt());
            return m_port != 0;
        }
        // Doubles as a short sleep that notices an early exit.
        if (m_process->state() == QProcess::NotRunning || m_process->waitForFinished(20)) {
            qCWarning(lcTestServer).noquote() << "dispatchd exited with" << m_process->exitCode()
                                              << "before listening; args:" << args.join(u' ')
                                              << "\nstderr:" << tail(stderrOutput());
            return false;
        }
    }
    qCWarning(lcTestServer).noquote() << "dispatchd did not print its listening line within"
                                      << kStartTimeoutMs << "ms; stderr:" << tail(stderrOutput());
    return false;
}

bool DispatchdProcess::stop()
{
    if (!m_process)
        return false;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(kStopTimeoutMs)) {
            qCWarning(lcTestServer) << "dispatchd did not exit within" << kStopTimeoutMs
                                    << "ms after SIGTERM; killing it";
            m_process->kill();
            m_process->waitForFinished(kStopTimeoutMs);
            return false;
        }
    }
    const bool clean =
        m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0;
    if (!clean) {
        qCWarning(lcTestServer).noquote()
            << "dispatchd exited with status" << m_process->exitStatus() << "code"
            << m_process->exitCode() << "\nstderr:" << tail(stderrOutput());
    }
    return clean;
}

bool DispatchdProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl DispatchdProcess::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:") + QString::number(m_port));
}

QUrl DispatchdProcess::apiUrl(const QString &path) const
{
    return QUrl(baseUrl().toString() + QStringLiteral("/api/v1") + path, QUrl::TolerantMode);
}

qint64 DispatchdProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QString DispatchdProcess::tempDir() const
{
    return m_dir ? m_dir->path() : QString();
}

QByteArray DispatchdProcess::stdoutOutput() const
{
    return m_dir ? readFile(m_dir->filePath(QStringLiteral("stdout.log"))) : QByteArray();
}

QByteArray DispatchdProcess::stderrOutput() const
{
    return m_dir ? readFile(m_dir->filePath(QStringLiteral("stderr.log"))) : QByteArray();
}

int DispatchdProcess::exitCode() const
{
    return m_process ? m_process->exitCode() : -1;
}

qint64 DispatchdProcess::residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:")) {
            // "VmRSS:	   12345 kB"
            const QList<QByteArray> parts = line.mid(6).simplified().split(' ');
            bool ok = false;
            const qint64 kib = parts.value(0).toLongLong(&ok);
            return ok ? kib : -1;
        }
    }
    return -1;
}

bool startTwoOnOneDatabase(DispatchdProcess &first, DispatchdProcess &second,
                           const DispatchdOptions &options)
{
    if (!first.start(options))
        return false;
    DispatchdOptions same;
    same.dbUrl = first.databaseUrl();
    same.dataDir = options.dataDir;
    same.adminPassword = first.adminPassword();
    return second.start(same);
}

} // namespace dispatch::test
