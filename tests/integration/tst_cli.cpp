// dispatchd as an operator meets it: flags, start-up failures with one clear line, the
// listening line, SIGTERM, and the service routes /healthz and /metrics.
#include "dispatchdprocess.h"
#include "httptestclient.h"

#include <QFile>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace dispatch::test;

namespace {

struct Run {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs dispatchd to completion (it must exit by itself) with no admin password in its
/// environment unless `env` gives one.
Run runDispatchd(const QStringList &args, const QList<std::pair<QString, QString>> &env = {},
                 int timeoutMs = 20000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPATCHD_ADMIN_PASSWORD"));
    for (const auto &[name, value] : env)
        environment.insert(name, value);
    process.setProcessEnvironment(environment);
    process.start(DispatchdProcess::binaryPath(), args);
    Run run;
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

/// A loopback port nobody listens on (closed again right after probing).
quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

class TestCli final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void printsListeningLine();
    void badFlagExitsWithOneLine_data();
    void badFlagExitsWithOneLine();
    void unreachablePostgresExitsWithOneLine();
    void emptyDatabaseNeedsAdminPassword();
    void adminPasswordFromEnvironment();
    void restartNeedsNoAdminPassword();
    void sigtermExitsZero();
    void healthz();
    void metrics();
};

void TestCli::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
}

void TestCli::printsListeningLine()
{
    DispatchdProcess server;
    QVERIFY(server.start());
    const QByteArray firstLine = server.stdoutOutput().split('\n').constFirst();
    static const QRegularExpression listening(
        QStringLiteral("^listening on http://127\\.0\\.0\\.1:([1-9][0-9]*)$"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(firstLine));
    QVERIFY2(match.hasMatch(), firstLine.constData());
    QCOMPARE(match.captured(1).toUInt(), uint(server.port()));
    // The printed port is the one that answers.
    HttpTestClient root(server.baseUrl());
    QCOMPARE(root.get(QStringLiteral("/healthz")).status, 200);
    QVERIFY(server.stop());
}

void TestCli::badFlagExitsWithOneLine_data()
{
    QTest::addColumn<QStringList>("args");

    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--no-such-flag")};
    QTest::newRow("flag without its value") << QStringList{QStringLiteral("--listen")};
    QTest::newRow("listen not host:port")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1")};
    QTest::newRow("listen port not a number")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:http")};
    QTest::newRow("listen port too big")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000")};
    QTest::newRow("unknown database scheme")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("--db"), QStringLiteral("mysql://root@127.0.0.1/dispatch")};
    QTest::newRow("stray argument") << QStringList{
        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("extra")};
    QTest::newRow("unreadable password file")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("--admin-password-file"),
                       QStringLiteral("/nonexistent-dir-for-dispatchd/password")};
}

void TestCli::badFlagExitsWithOneLine()
{
    QFETCH(QStringList, args);
    const Run run = runDispatchd(args);
    QVERIFY2(run.finished, "dispatchd kept running after a bad flag");
    QVERIFY2(run.exitCode != 0, run.err.constData());
    const QByteArray err = run.err.trimmed();
    QVERIFY2(!err.isEmpty(), "nothing on stderr");
    QVERIFY2(!err.contains('\n'), run.err.constData());
    QVERIFY2(!run.out.contains("listening on"), run.out.constData());
}

void TestCli::unreachablePostgresExitsWithOneLine()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    QTemporaryDir dir;
    QFile password(dir.filePath(QStringLiteral("pw")));
    QVERIFY(password.open(QIODevice::WriteOnly));
    password.write("long-enough-password\n");
    password.close();
    const Run run = runDispatchd(
        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
         QStringLiteral("postgresql://postgres@127.0.0.1:%1/dispatch").arg(port),
         QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--admin-password-file"),
         password.fileName()},
        {}, 60000);
    QVERIFY2(run.finished, "dispatchd kept running without its database");
    QVERIFY2(run.exitCode != 0, run.err.constData());
    const QByteArray err = run.err.trimmed();
    QVERIFY2(!err.isEmpty(), "nothing on stderr");
    QVERIFY2(!err.contains('\n'), run.err.constData());
    QVERIFY2(!run.out.contains("listening on"), run.out.constData());
}

void TestCli::emptyDatabaseNeedsAdminPassword()
{
    QTemporaryDir dir;
    const Run run = runDispatchd(
        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
         QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("db.sqlite")),
         QStringLiteral("--data-dir"), dir.path()});
    QVERIFY2(run.finished, "dispatchd started without any admin password");
    QVERIFY2(run.exitCode != 0, run.err.constData());
    // A clear last line names what is missing (log lines may come before it).
    const QByteArray lastLine = run.err.trimmed().split('\n').constLast().toLower();
    QVERIFY2(lastLine.contains("admin") && lastLine.contains("password"), run.err.constData());
    QVERIFY2(!run.out.contains("listening on"), run.out.constData());
}

void TestCli::adminPasswordFromEnvironment()
{
    DispatchdProcess server;
    DispatchdProcess::Options options;
    options.noAdminPassword = true;
    options.environment = {
        {QStringLiteral("DISPATCHD_ADMIN_PASSWORD"), QStringLiteral("from-the-environment")}};
    QVERIFY(server.start(options));
    HttpTestClient client(server.apiUrl({}));
    QVERIFY(client.login(QStringLiteral("admin"), QStringLiteral("from-the-environment")));
    QCOMPARE(client.loggedInUser().value(QLatin1String("role")).toString(),
             QStringLiteral("admin"));
    QVERIFY(server.stop());
}

void TestCli::restartNeedsNoAdminPassword()
{
    DispatchdProcess server;
    QVERIFY(server.start());
    const QByteArray password = server.adminPassword();
    QVERIFY(server.stop());
    // The admin exists now; a restart on the same database needs no password source.
    DispatchdProcess::Options options;
    options.dbUrl = server.databaseUrl();
    options.noAdminPassword = true;
    QVERIFY(server.start(options));
    HttpTestClient client(server.apiUrl({}));
    QVERIFY(client.login(QStringLiteral("admin"), QString::fromUtf8(password)));
    QVERIFY(server.stop());
}

void TestCli::sigtermExitsZero()
{
    DispatchdProcess server;
    QVERIFY(server.start());
    HttpTestClient client(server.apiUrl({}));
    QVERIFY(client.login(QStringLiteral("admin"), QString::fromUtf8(server.adminPassword())));
    QVERIFY(server.stop()); // SIGTERM, exit code 0 within 10 s
    QVERIFY(!server.isRunning());
    QCOMPARE(server.exitCode(), 0);
}

void TestCli::healthz()
{
    DispatchdProcess server;
    QVERIFY(server.start());
    HttpTestClient root(server.baseUrl());
    const HttpResult result = root.get(QStringLiteral("/healthz"));
    QVERIFY2(result.status == 200, result.describe().constData());
    QCOMPARE(result.json(), QJsonObject({{QStringLiteral("status"), QStringLiteral("ok")}}));
    QVERIFY2(result.header("Content-Type").startsWith("application/json"),
             result.header("Content-Type").constData());
    QVERIFY(server.stop());
}

void TestCli::metrics()
{
    DispatchdProcess server;
    QVERIFY(server.start());
    HttpTestClient root(server.baseUrl());
    QCOMPARE(root.get(QStringLiteral("/healthz")).status, 200);
    HttpTestClient api(server.apiUrl({}));
    QCOMPARE(api.get(QStringLiteral("/jobs")).status, 401);

    const HttpResult result = root.get(QStringLiteral("/metrics"));
    QVERIFY2(result.status == 200, result.describe().constData());
    QVERIFY2(result.header("Content-Type").startsWith("text/plain"),
             result.header("Content-Type").constData());
    QVERIFY2(result.body.contains("dispatch_http_requests_total"),
             result.body.left(2000).constData());
    // Prometheus text format: every sample line is `name{labels} value`.
    const QList<QByteArray> lines = result.body.split('\n');
    static const QRegularExpression sample(
        QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? "
                       "(-?[0-9.eE+-]+|[+-]Inf|NaN)( -?[0-9]+)?$"));
    for (const QByteArray &line : lines) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QVERIFY2(sample.match(QString::fromUtf8(line)).hasMatch(), line.constData());
    }
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
