// The shipped nginx front (packaging/nginx-dispatchd.conf, docs/OPERATIONS.md "Several
// instances") tested for real: two dispatchd processes on one throwaway PostgreSQL behind an
// unprivileged nginx on loopback, run from a configuration generated from the shipped file.
// Only what cannot work on a test machine is replaced: the upstream ports (the instances listen
// on free ports), the listen line (a free loopback port, plain HTTP: no certificate here) and
// the certificate lines. Everything else (balancing, the WebSocket location's Upgrade and
// Connection headers and read timeout, X-Request-Id, X-Forwarded-For, `gzip off`, the /metrics
// deny) is the shipped text. Through nginx the test signs in, opens a WebSocket /stream and makes
// a job write; the instance that served each is read from its own /metrics (loopback only), and
// the write must be served by the instance the stream is not on, so its event can only reach the
// client through LISTEN/NOTIFY between the instances. A quiet stream must then outlive the
// stream location's proxy_read_timeout on the server's pings alone (about 95 s with the shipped
// 90 s). X-Forwarded-For is passed as shipped but not observed: on loopback nginx and every
// client share 127.0.0.1. Without nginx (or PostgreSQL) the suite skips, except under CI, where
// it fails.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "streamclient.h"
#include "testhelpers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kStartMs = 20000; // only so a broken nginx cannot hang the suite
constexpr int kEventMs = 15000;
constexpr int kWriteTries = 10;
// The quiet-stream check waits this long at most, beyond which a read timeout is no risk.
constexpr int kMaxIdleSeconds = 180;
const QString kPatchRoute = u"PATCH /jobs/{id}"_s; // the route label in /metrics

/// nginx from PATH or where Debian puts it; "" when it is not installed.
QString nginxBinary()
{
    QString found = QStandardPaths::findExecutable(u"nginx"_s);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/sbin"_s});
    return found;
}

quint16 freePort()
{
    // Another process may take it before nginx binds; start() then tries another.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// One sample from Prometheus text: the line `series value`, where `series` is the metric name
/// with its labels as rendered (docs/OPERATIONS.md "Monitoring"); 0 when absent.
double sample(const QByteArray &metrics, const QByteArray &series)
{
    const QList<QByteArray> lines = metrics.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).trimmed().toDouble();
    }
    return 0;
}

/// proxy_read_timeout of the config's /api/v1/stream location, in seconds; nginx's default
/// (60 s) when the location sets none; empty when there is no such location or the value is
/// not in seconds or minutes.
std::optional<int> streamReadTimeoutSeconds(const QByteArray &config)
{
    static const QRegularExpression location(u"location\\s+/api/v1/stream\\s*\\{([^}]*)\\}"_s);
    const QRegularExpressionMatch block = location.match(QString::fromUtf8(config));
    if (!block.hasMatch())
        return std::nullopt;
    static const QRegularExpression timeout(u"^\\s*proxy_read_timeout\\s+(\\d+)(s|m)?\\s*;"_s,
                                            QRegularExpression::MultilineOption);
    const QRegularExpressionMatch value = timeout.match(block.captured(1));
    if (!value.hasMatch())
        return 60;
    return value.captured(1).toInt() * (value.captured(2) == "m"_L1 ? 60 : 1);
}

/// The shipped configuration with the upstream servers, the listen line and the certificate
/// replaced, wrapped in the main and http contexts an nginx.conf gives it. Empty, with
/// `error`, when the shipped file no longer has what is replaced: the test must notice that.
QByteArray nginxConfig(const QString &shippedPath, const QString &prefix, quint16 listenPort,
                       const QList<quint16> &upstreamPorts, QString *error)
{
    QString site = QString::fromUtf8(readFile(shippedPath));
    if (site.isEmpty()) {
        *error = u"cannot read "_s + shippedPath;
        return {};
    }
    // Each `server HOST:PORT;` in the upstream becomes one instance.
    static const QRegularExpression upstreamServer(u"^(\\s*server\\s+)[^\\s;]+(\\s*;)"_s,
                                                   QRegularExpression::MultilineOption);
    qsizetype from = 0;
    for (const quint16 port : upstreamPorts) {
        const QRegularExpressionMatch match = upstreamServer.match(site, from);
        if (!match.hasMatch()) {
            *error = u"the shipped config has fewer than %1 upstream servers"_s.arg(
                upstreamPorts.size());
            return {};
        }
        const QString replacement =
            match.captured(1) + u"127.0.0.1:%1"_s.arg(port) + match.captured(2);
        site.replace(match.capturedStart(), match.capturedLength(), replacement);
        from = match.capturedStart() + replacement.size();
    }
    if (upstreamServer.match(site, from).hasMatch()) {
        *error = u"the shipped config has more upstream servers than the test starts"_s;
        return {};
    }
    static const QRegularExpression listen(u"^(\\s*)listen\\s[^;]*;"_s,
                                           QRegularExpression::MultilineOption);
    if (site.count(listen) != 1) {
        *error = u"the shipped config should have exactly one listen line"_s;
        return {};
    }
    site.replace(listen, u"\\1listen 127.0.0.1:%1;"_s.arg(listenPort));
    static const QRegularExpression certificate(u"^\\s*ssl_certificate(_key)?\\s[^;]*;[^\\n]*\\n"_s,
                                                QRegularExpression::MultilineOption);
    site.remove(certificate);

    const QString temp = prefix + u"/temp"_s;
    // Debian's nginx.conf turns gzip on for the whole http context; the shipped `gzip off`
    // for /api/ must win, or nginx weakens every ETag and each If-Match fails.
    const QString main = u"worker_processes 1;\n"
                         "events { worker_connections 256; }\n"
                         "http {\n"
                         "    access_log %1/access.log;\n"
                         "    client_body_temp_path %2/body;\n"
                         "    proxy_temp_path %2/proxy;\n"
                         "    fastcgi_temp_path %2/fastcgi;\n"
                         "    uwsgi_temp_path %2/uwsgi;\n"
                         "    scgi_temp_path %2/scgi;\n"
                         "    gzip on;\n"
                         "    gzip_types application/json;\n"
                         "%3\n"
                         "}\n"_s.arg(prefix, temp, site);
    return main.toUtf8();
}

} // namespace

class TestNginxPostgres final : public QObject {
    Q_OBJECT

public:
    ~TestNginxPostgres() override { stopNginx(); }

private slots:
    void initTestCase();
    void cleanupTestCase();

    void frontServesApiAndHidesMetrics();
    void writeThroughOneInstanceReachesStreamOnTheOther();
    void idleStreamOutlivesTheReadTimeout();

private:
    bool startNginx(QString *error);
    /// SIGTERM (nginx's fast shutdown, which stops its workers too), SIGKILL if it lingers.
    void stopNginx();
    QString nginxLog() const;
    QUrl nginxApi() const { return QUrl(u"http://127.0.0.1:%1/api/v1"_s.arg(m_nginxPort)); }
    /// The instance's own /metrics, straight from it (nginx denies the path).
    QByteArray metricsOf(const DispatchdProcess &server) const;
    double patchesServedBy(const DispatchdProcess &server) const;
    /// Creates a job through nginx; its id and ETag.
    std::pair<QString, QByteArray> createJob(HttpTestClient &api, const QString &title);
    /// The newest event's seq, read through nginx.
    qint64 lastSeq(HttpTestClient &api);
    /// Opens /stream through nginx with the admin's token and resumes after `after`.
    bool openStream(StreamClient &stream, qint64 after);
    /// Whether the stream got the event of the write that gave the job `etag`.
    static bool hasUpdate(const StreamClient &stream, const QString &jobId, const QByteArray &etag);

    PostgresCluster m_cluster;
    DispatchdProcess m_serverA;
    DispatchdProcess m_serverB;
    std::unique_ptr<QTemporaryDir> m_nginxDir;
    std::unique_ptr<QProcess> m_nginx;
    quint16 m_nginxPort = 0;
    QByteArray m_adminToken;
};

void TestNginxPostgres::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    // Only a machine without nginx or PostgreSQL may skip, and never under CI.
    const bool maySkip = qEnvironmentVariableIsEmpty("CI");
    if (nginxBinary().isEmpty()) {
        if (maySkip)
            QSKIP("nginx is not installed (packaging/bootstrap-debian.sh installs it)");
        QFAIL("nginx is not installed");
    }
    if (!m_cluster.start()) {
        if (PostgresCluster::binDir().isEmpty() && maySkip)
            QSKIP(qPrintable(m_cluster.reason()));
        QFAIL(qPrintable(m_cluster.reason()));
    }
    DispatchdProcess::Options options;
    options.dbUrl = m_cluster.createDatabase();
    QVERIFY2(!options.dbUrl.isEmpty(), qPrintable(m_cluster.reason()));
    // As docs/OPERATIONS.md asks of every instance behind nginx.
    options.extraArgs = {u"--trusted-proxy"_s, u"127.0.0.1"_s};
    // Each answered request is logged with its X-Request-Id: which instance served nginx's id.
    options.environment = {{u"QT_LOGGING_RULES"_s, u"dispatch.server.http.debug=true"_s}};
    // A first, so the schema exists before B opens the same database.
    QVERIFY(m_serverA.start(options));
    options.adminPassword = m_serverA.adminPassword();
    QVERIFY(m_serverB.start(options));

    QString error;
    QVERIFY2(startNginx(&error), qPrintable(error));
}

bool TestNginxPostgres::startNginx(QString *error)
{
    m_nginxDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/dispatch-nginx-XXXXXX"_s);
    if (!m_nginxDir->isValid()) {
        *error = u"no temporary folder: "_s + m_nginxDir->errorString();
        return false;
    }
    const QString prefix = m_nginxDir->path();
    // Run as root, nginx's workers become "nobody" and must reach the temporary folders.
    QFile::setPermissions(prefix, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                      QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                      QFile::ExeOther);
    QDir(prefix).mkpath(u"temp"_s);
    const QString confPath = prefix + u"/nginx.conf"_s;

    // A port can be taken between probing and binding; try a few.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_nginxPort = freePort();
        const QByteArray config =
            nginxConfig(QStringLiteral(DISPATCH_NGINX_CONF), prefix, m_nginxPort,
                        {m_serverA.port(), m_serverB.port()}, error);
        if (config.isEmpty())
            return false;
        QFile conf(confPath);
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate) || conf.write(config) < 0) {
            *error = u"cannot write "_s + confPath;
            return false;
        }
        conf.close();

        m_nginx = std::make_unique<QProcess>();
        m_nginx->setProcessChannelMode(QProcess::MergedChannels);
        m_nginx->setStandardOutputFile(prefix + u"/stdout.log"_s);
        m_nginx->start(
            nginxBinary(),
            {u"-p"_s, prefix, u"-c"_s, confPath, u"-g"_s,
             u"daemon off; pid %1/nginx.pid; error_log %1/error.log info;"_s.arg(prefix)});
        if (!m_nginx->waitForStarted(kStartMs)) {
            *error = u"cannot start nginx: "_s + m_nginx->errorString();
            return false;
        }
        // Up once it answers /healthz from an instance; an early exit is a bad config or port.
        HttpTestClient probe(QUrl(u"http://127.0.0.1:%1"_s.arg(m_nginxPort)));
        const bool up = QTest::qWaitFor(
            [&] {
                return m_nginx->state() == QProcess::NotRunning ||
                       probe.request("GET", u"/healthz"_s, {}, {}, 1000).status == 200;
            },
            kStartMs);
        if (up && m_nginx->state() == QProcess::Running)
            return true;
        *error = u"nginx did not come up on port %1:\n%2"_s.arg(m_nginxPort).arg(nginxLog());
        if (m_nginx->state() != QProcess::NotRunning) {
            stopNginx();
            return false;
        }
        qWarning().noquote() << *error << "\ntrying another port";
    }
    return false;
}

void TestNginxPostgres::stopNginx()
{
    if (!m_nginx || m_nginx->state() == QProcess::NotRunning)
        return;
    m_nginx->terminate();
    if (!m_nginx->waitForFinished(10000)) {
        qWarning() << "nginx ignored SIGTERM; killing it";
        m_nginx->kill();
        m_nginx->waitForFinished();
    }
}

void TestNginxPostgres::cleanupTestCase()
{
    stopNginx();
    if (m_serverB.isRunning())
        QVERIFY(m_serverB.stop());
    if (m_serverA.isRunning())
        QVERIFY(m_serverA.stop());
}

QString TestNginxPostgres::nginxLog() const
{
    const QString prefix = m_nginxDir ? m_nginxDir->path() : QString();
    return QString::fromUtf8(readFile(prefix + u"/stdout.log"_s) +
                             readFile(prefix + u"/error.log"_s).right(4000));
}

QByteArray TestNginxPostgres::metricsOf(const DispatchdProcess &server) const
{
    HttpTestClient client(server.baseUrl());
    const HttpResult metrics = client.get(u"/metrics"_s);
    if (metrics.status != 200)
        qWarning() << "GET /metrics:" << metrics.describe();
    return metrics.body;
}

double TestNginxPostgres::patchesServedBy(const DispatchdProcess &server) const
{
    return sample(metricsOf(server), "dispatch_http_requests_total{route=\"" +
                                         kPatchRoute.toUtf8() + "\",status=\"200\"}");
}

void TestNginxPostgres::frontServesApiAndHidesMetrics()
{
    HttpTestClient root(QUrl(u"http://127.0.0.1:%1"_s.arg(m_nginxPort)));
    const HttpResult health = root.get(u"/healthz"_s);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(root.get(u"/metrics"_s).status, 403); // `deny all`, though nginx is on loopback

    HttpTestClient api(nginxApi());
    QVERIFY2(api.login(u"admin"_s, QString::fromUtf8(m_serverA.adminPassword())),
             qPrintable(nginxLog()));
    m_adminToken = api.token();
    const HttpResult me = api.get(u"/users"_s);
    QVERIFY2(me.status == 200, me.describe().constData());
    // nginx's $request_id (32 hex digits; dispatchd's own ids have 16) reached dispatchd,
    // which echoes it.
    static const QRegularExpression nginxRequestId(u"^[0-9a-f]{32}$"_s);
    QVERIFY2(nginxRequestId.match(QString::fromLatin1(me.header("X-Request-Id"))).hasMatch(),
             me.header("X-Request-Id").constData());
}

std::pair<QString, QByteArray> TestNginxPostgres::createJob(HttpTestClient &api,
                                                            const QString &title)
{
    const HttpResult created =
        api.postJson(u"/jobs"_s, QJsonObject{{u"fields"_s, QJsonObject{{u"title"_s, title}}}});
    if (created.status != 201) {
        qWarning() << "POST /jobs:" << created.describe();
        return {};
    }
    return {created.json().value("id"_L1).toString(), created.header("ETag")};
}

qint64 TestNginxPostgres::lastSeq(HttpTestClient &api)
{
    qint64 after = 0;
    for (;;) {
        const HttpResult page = api.get(u"/events?after=%1&limit=1000"_s.arg(after));
        if (page.status != 200) {
            qWarning() << "GET /events:" << page.describe();
            return -1;
        }
        const QJsonArray events = page.json().value("events"_L1).toArray();
        if (!events.isEmpty())
            after = events.last().toObject().value("seq"_L1).toInteger();
        if (events.size() < 1000)
            return after;
    }
}

bool TestNginxPostgres::openStream(StreamClient &stream, qint64 after)
{
    QUrl url(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(m_nginxPort));
    url.setQuery(u"token="_s + QString::fromLatin1(m_adminToken.toPercentEncoding()));
    stream.socket.open(url);
    if (!stream.waitConnected()) {
        qWarning().noquote() << "the stream through nginx did not open:"
                             << stream.socket.errorString() << "\n"
                             << nginxLog();
        return false;
    }
    stream.resumeAfter(after);
    return true;
}

bool TestNginxPostgres::hasUpdate(const StreamClient &stream, const QString &jobId,
                                  const QByteArray &etag)
{
    return std::any_of(stream.messages.cbegin(), stream.messages.cend(),
                       [&](const QJsonObject &message) {
                           return message.value("jobId"_L1).toString() == jobId &&
                                  message.value("type"_L1).toString() == "JOB_UPDATED"_L1 &&
                                  message.value("etag"_L1).toString().toUtf8() == etag;
                       });
}

void TestNginxPostgres::writeThroughOneInstanceReachesStreamOnTheOther()
{
    QVERIFY2(!m_adminToken.isEmpty(), "frontServesApiAndHidesMetrics signs in first");
    HttpTestClient api(nginxApi());
    api.setToken(m_adminToken);
    auto [jobId, etag] = createJob(api, u"Behind nginx"_s);
    QVERIFY(!jobId.isEmpty());
    // Strong, as dispatchd made it: gzip would have weakened it to W/"…".
    QVERIFY2(etag.startsWith('"'), etag.constData());
    const qint64 after = lastSeq(api);
    QVERIFY(after > 0);

    // The WebSocket through nginx: it needs the shipped Upgrade and Connection headers.
    StreamClient stream;
    QVERIFY(openStream(stream, after));

    // Which instance holds the stream, from each one's own gauge.
    double clientsOfA = 0;
    double clientsOfB = 0;
    const auto streamCounted = [&] {
        clientsOfA = sample(metricsOf(m_serverA), "dispatch_websocket_clients");
        clientsOfB = sample(metricsOf(m_serverB), "dispatch_websocket_clients");
        return clientsOfA + clientsOfB == 1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(streamCounted(), kEventMs);
    const bool streamOnA = clientsOfA == 1;
    const DispatchdProcess &streamServer = streamOnA ? m_serverA : m_serverB;
    const DispatchdProcess &otherServer = streamOnA ? m_serverB : m_serverA;
    qInfo() << "the stream is on instance" << (streamOnA ? "A" : "B");

    // least_conn sends the write to the instance without the stream, but the test does not rely
    // on the balancing: it writes until one write was served by the other instance.
    bool crossed = false;
    for (int attempt = 1; attempt <= kWriteTries && !crossed; ++attempt) {
        const double streamBefore = patchesServedBy(streamServer);
        const double otherBefore = patchesServedBy(otherServer);
        const QString title = u"Through nginx #%1"_s.arg(attempt);
        const HttpResult patched = api.patchJson(
            jobPath(jobId), QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, title}}}},
            ifMatch(etag));
        QVERIFY2(patched.status == 200, patched.describe().constData());
        etag = patched.header("ETag");
        QVERIFY2(etag.startsWith('"'), etag.constData());
        const double byStream = patchesServedBy(streamServer) - streamBefore;
        const double byOther = patchesServedBy(otherServer) - otherBefore;
        QCOMPARE(byStream + byOther, 1.0);
        // The instance's own log names nginx's request id for the write it served.
        const QByteArray requestId = patched.header("X-Request-Id");
        QCOMPARE(requestId.size(), 32);
        const DispatchdProcess &served = byOther == 1 ? otherServer : streamServer;
        const DispatchdProcess &idle = byOther == 1 ? streamServer : otherServer;
        QTRY_VERIFY_WITH_TIMEOUT(served.stderrOutput().contains(QByteArray(requestId + " PATCH")),
                                 kEventMs);
        QVERIFY(!idle.stderrOutput().contains(requestId));

        // The event reaches the stream whichever instance served the write.
        QTRY_VERIFY2_WITH_TIMEOUT(hasUpdate(stream, jobId, etag) && !stream.closed,
                                  qPrintable(u"no event for write %1 on the stream"_s.arg(attempt)),
                                  kEventMs);
        crossed = byOther == 1;
        qInfo() << "write" << attempt << "served by" << (crossed == streamOnA ? "B" : "A")
                << "(the stream is on" << (streamOnA ? "A)" : "B)");
    }
    QVERIFY2(crossed, "no write was served by the instance without the stream");
    QVERIFY(sample(metricsOf(streamServer), "dispatch_events_sent_total") >= 1);
    stream.close();
}

void TestNginxPostgres::idleStreamOutlivesTheReadTimeout()
{
    // A quiet stream carries only the server's pings (every 20 s, docs/openapi.yaml /stream);
    // they must keep nginx's proxy_read_timeout for the stream location from closing it.
    const std::optional<int> timeout =
        streamReadTimeoutSeconds(readFile(QStringLiteral(DISPATCH_NGINX_CONF)));
    QVERIFY2(timeout, "cannot read proxy_read_timeout of the /api/v1/stream location");
    const int idleSeconds = std::min(*timeout, kMaxIdleSeconds) + 5;
    QVERIFY2(!m_adminToken.isEmpty(), "frontServesApiAndHidesMetrics signs in first");
    HttpTestClient api(nginxApi());
    api.setToken(m_adminToken);
    auto [jobId, etag] = createJob(api, u"Quiet stream"_s);
    QVERIFY(!jobId.isEmpty());
    const qint64 after = lastSeq(api);
    QVERIFY(after > 0);

    StreamClient stream;
    QVERIFY(openStream(stream, after));
    qInfo() << "idle for" << idleSeconds << "s; proxy_read_timeout is" << *timeout << "s";
    QTest::qWait(idleSeconds * 1000);
    QVERIFY2(!stream.closed, qPrintable(u"nginx closed the quiet stream:\n"_s + nginxLog()));
    QVERIFY(stream.messages.isEmpty()); // nothing but pings crossed it

    const HttpResult patched =
        api.patchJson(jobPath(jobId),
                      QJsonObject{{u"changes"_s, QJsonObject{{u"title"_s, u"After the quiet"_s}}}},
                      ifMatch(etag));
    QVERIFY2(patched.status == 200, patched.describe().constData());
    QTRY_VERIFY_WITH_TIMEOUT(hasUpdate(stream, jobId, patched.header("ETag")) && !stream.closed,
                             kEventMs);
    stream.close();
}

QTEST_MAIN(TestNginxPostgres)
#include "tst_nginx_postgres.moc"
