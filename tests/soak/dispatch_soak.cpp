// Soak tool (not a test; never run by CTest or CI): mixed load against one or two dispatchd
// instances for N minutes, printing held/broken counts, /healthz latency and RSS over time.
//
// It speaks the wire protocol (/work/shared/docs/openapi.yaml, docs/openapi.yaml) itself, over
// QNetworkAccessManager, QWebSocket and raw QTcpSocket, so it can target any dispatchd. It
// only ever connects to the loopback URLs it is given. Everything stops by itself after
// --minutes (or on Ctrl-C), then a summary is printed.
//
// Load (tests/soak/README.md explains every counter):
//   writers   GET a shared job, then PATCH its details with If-Match: 200 ok, 412 conflict
//             (expected), anything else broken. A 200 must be exactly one version up.
//   accepts   a new OPEN job, then every pro accepts it at once, spread over the instances:
//             exactly one 200, the rest 409 ALREADY_ASSIGNED, and the job assigned to the
//             winner is "held"; anything else is "broken".
//   streams   WebSockets on /api/v1/stream that close after a few seconds and resume from
//             their last seq: seqs must strictly increase, and each session's events must be
//             exactly what GET /events returns for that user over the same range.
//   hostile   about --hostile connections at any time: idle, slowloris head, slow body,
//             WebSocket upgrade with a made-up token then dropped, garbage bytes. Replaced
//             as the server closes them; how fast it does is reported per kind.
//   probe     GET /healthz on each instance every second on a fresh connection; non-200 or
//             no answer within 2 s is broken.
//
// Exit status: 0 nothing broken, 1 something broken, 2 bad usage or setup failed.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace {

QElapsedTimer g_clock;
volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends the program at once
    std::signal(SIGTERM, SIG_DFL);
}

qint64 nowMs()
{
    return g_clock.elapsed();
}

int randomBetween(int low, int high) // inclusive
{
    return QRandomGenerator::global()->bounded(low, high + 1);
}

void printLine(const QString &line)
{
    std::fputs(qPrintable(line), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "dispatch_soak: %s\n", qPrintable(message));
    std::exit(2);
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto index =
        std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

QString formatMs(double value)
{
    return value < 0 ? QStringLiteral("-") : QString::number(value, 'f', value < 10 ? 1 : 0);
}

/// VmRSS of a process in KiB from /proc/PID/status; -1 when unknown (or the process is gone).
qint64 readRssKib(qint64 pid)
{
    if (pid <= 0)
        return -1;
    const QByteArray path = QByteArrayLiteral("/proc/") + QByteArray::number(pid) + "/status";
    std::FILE *file = std::fopen(path.constData(), "r");
    if (!file)
        return -1;
    qint64 rss = -1;
    char line[256];
    while (std::fgets(line, sizeof line, file)) {
        const QByteArray text(line);
        if (text.startsWith("VmRSS:")) {
            rss = text.mid(6).trimmed().split(' ').value(0).toLongLong();
            break;
        }
    }
    std::fclose(file);
    return rss;
}

struct Options {
    QList<QUrl> urls;
    QList<qint64> pids;
    double minutes = 10;
    QString adminPassword;
    int hostile = 200;
    int writers = 4;
    int pros = 8;
    int streams = 20;
    int reportSeconds = 10;
    int hostileHoldSeconds = 120;
    int hostileSources = 4;
};

/// One dispatchd under test.
struct Instance {
    QUrl base; // http://HOST:PORT
    qint64 pid = 0;
    qint64 rssFirst = -1;
    qint64 rssLast = -1;
    qint64 rssMax = -1;
    qint64 openConnections = -1; // from /metrics, at the last report
    qint64 webSocketClients = -1;
    qint64 openConnectionsMax = -1;

    QUrl at(const QString &path, const QString &query = {}) const
    {
        QUrl url = base;
        url.setPath(path);
        url.setQuery(query);
        return url;
    }
    QUrl api(const QString &path, const QString &query = {}) const
    {
        return at(QStringLiteral("/api/v1") + path, query);
    }
    QString host() const { return base.host(); }
    quint16 port() const { return quint16(base.port(80)); }
};

struct User {
    QString id;
    QString username;
    QString password;
    QByteArray token;
};

struct HttpResult {
    int status = 0; // 0: no HTTP answer (network error or timeout)
    bool timedOut = false;
    QString error;
    QByteArray body;
    QByteArray etag;
    qint64 elapsedMs = 0;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject errorObject() const { return json().value(QLatin1String("error")).toObject(); }
    QString errorCode() const { return errorObject().value(QLatin1String("code")).toString(); }
    QString describe() const
    {
        if (status == 0 && timedOut)
            return QStringLiteral("no answer in time");
        if (status == 0)
            return QString(QStringLiteral("no answer: ") + error);
        const QString code = errorCode();
        return code.isEmpty() ? QString::number(status)
                              : QString(QString::number(status) + u' ' + code);
    }
};

using Done = std::function<void(const HttpResult &)>;

enum HostileKind { Idle, Slowloris, SlowBody, WebSocketDrop, Garbage, HostileKinds };

const char *hostileName(int kind)
{
    static const char *const names[] = {"idle", "slowloris", "slow-body", "ws-bad-token",
                                        "garbage"};
    return names[kind];
}

struct HostileStats {
    qint64 opened = 0;
    qint64 closedByServer = 0;
    qint64 closedByUs = 0; // ws-bad-token drops, and those the server kept past the hold time
    qint64 outlived = 0;   // kept open by the server for --hostile-hold-seconds
    qint64 connectFailed = 0;
    qint64 openAtEnd = 0;
    std::vector<double> closeSeconds; // connect → server close
    std::map<int, qint64> answers;    // HTTP status of the server's answer, if any
};

struct Hostile {
    int kind = Idle;
    int instance = 0;
    qint64 startedMs = 0;
    bool connected = false;
    QByteArray received;
    QByteArray pending; // bytes still to trickle
};

struct Stream {
    int index = 0;
    int instance = 0;
    const User *user = nullptr;
    QWebSocket *socket = nullptr;
    bool connected = false;
    bool closingByUs = false;
    bool ended = true;
    qint64 lastSeq = 0; // the last seq received, or the resume point
    qint64 sessionResume = 0;
    std::vector<qint64> sessionSeqs;
    int sessions = 0;
};

struct Counters {
    // writers
    qint64 writesOk = 0;
    qint64 writesConflict = 0;
    qint64 writesGetFailed = 0;
    qint64 writesPatchOther = 0;
    qint64 writesContract = 0; // a 200 not exactly one version up, a 412 without ETag/current
    qint64 writesBroken() const { return writesGetFailed + writesPatchOther + writesContract; }
    // accepts
    qint64 acceptRounds = 0;
    qint64 acceptHeld = 0;
    qint64 acceptTwoWinners = 0;
    qint64 acceptNoWinner = 0;
    qint64 acceptUnexpected = 0; // one winner, but an answer other than 409 ALREADY_ASSIGNED
    qint64 acceptMismatch = 0;   // the job is not SCHEDULED and assigned to the winner
    qint64 acceptCreateFailed = 0;
    qint64 acceptBroken() const
    {
        return acceptTwoWinners + acceptNoWinner + acceptUnexpected + acceptMismatch +
               acceptCreateFailed;
    }
    // streams
    qint64 streamSessions = 0;
    qint64 streamReconnects = 0;
    qint64 streamEvents = 0;
    qint64 streamOutOfOrder = 0; // a seq not above the previous one: duplicate or reordered
    qint64 streamMissing = 0;    // in GET /events, never sent on the stream
    qint64 streamExtra = 0;      // sent on the stream, not in GET /events
    qint64 streamResync = 0;
    qint64 streamOpenFailed = 0;
    qint64 streamDropped = 0; // closed by the server
    qint64 streamVerifyFailed = 0;
    qint64 streamVerified = 0;
    qint64 streamOther = 0; // text messages that are neither events nor RESYNC_REQUIRED
    qint64 streamBroken() const
    {
        return streamOutOfOrder + streamMissing + streamExtra + streamResync + streamOpenFailed +
               streamDropped + streamVerifyFailed;
    }
    // probe
    qint64 healthzOk = 0;
    qint64 healthzFail = 0;
};

class Soak final : public QObject {
public:
    explicit Soak(Options options)
        : m_options(std::move(options))
    {
        for (int i = 0; i < m_options.urls.size(); ++i) {
            Instance instance;
            instance.base = m_options.urls.at(i);
            instance.pid = m_options.pids.value(i, 0);
            m_instances.push_back(instance);
        }
    }

    int run();

private:
    // HTTP through a QNetworkAccessManager (keep-alive, like the console).
    void send(QNetworkAccessManager *nam, const QByteArray &verb, const QUrl &url,
              const QByteArray &token, const QByteArray &body, const QByteArray &ifMatch,
              int timeoutMs, Done done);
    HttpResult call(QNetworkAccessManager *nam, const QByteArray &verb, const QUrl &url,
                    const QByteArray &token, const QByteArray &body = {}, int timeoutMs = 30000);
    Instance &instance(int index) { return m_instances[std::size_t(index) % m_instances.size()]; }
    int instanceCount() const { return int(m_instances.size()); }

    // setup
    void setUp();
    bool login(const QString &username, const QString &password, User *user);
    void addUser(const QString &username, const QString &role, const QJsonValue &home, User *user);
    static QByteArray jobBody(const QString &title, int index);
    qint64 headSeq();

    // load
    void note(const QString &kind, const QString &text);
    void writerStep(int writer);
    void acceptRound();
    void finishAcceptRound(int round, const QString &jobId,
                           const std::shared_ptr<std::vector<HttpResult>> &answers);
    void openStream(int index);
    void onStreamMessage(int index, QWebSocket *socket, const QString &message);
    void onStreamEnded(int index, QWebSocket *socket, const QString &why);
    void verifySession(int index, qint64 after, qint64 last, std::vector<qint64> seqs);
    void topUpHostiles();
    void openHostile(int kind);
    void trickle(QTcpSocket *socket);
    void endHostile(QTcpSocket *socket, bool byServer, bool outlived = false);
    void probe(int index);
    void sampleMetrics();

    // reporting
    void report();
    void stop();
    void finish();
    void summary();
    qint64 brokenTotal() const
    {
        return m_counters.writesBroken() + m_counters.acceptBroken() + m_counters.streamBroken() +
               m_counters.healthzFail;
    }

    Options m_options;
    std::vector<Instance> m_instances;
    Counters m_counters;
    qint64 m_startMs = 0;
    qint64 m_deadlineMs = 0;
    bool m_stopping = false;
    int m_inflight = 0;
    int m_exitCode = 0;
    QEventLoop *m_loop = nullptr;

    QString m_runTag;
    User m_admin;
    User m_dispatcher;
    std::vector<User> m_pros;
    QStringList m_writerJobs;
    qint64 m_headSeq = 0;

    QNetworkAccessManager *m_setupNam = nullptr;
    QNetworkAccessManager *m_dispatcherNam = nullptr;
    QNetworkAccessManager *m_verifyNam = nullptr;
    QNetworkAccessManager *m_metricsNam = nullptr;
    std::vector<QNetworkAccessManager *> m_writerNams;
    std::vector<QNetworkAccessManager *> m_proNams;
    std::vector<int> m_writerIteration;
    int m_acceptRound = 0;

    std::vector<Stream> m_streams;

    std::map<QTcpSocket *, Hostile> m_hostiles;
    std::array<HostileStats, HostileKinds> m_hostileStats;
    qint64 m_hostileClosedByServer = 0;

    int m_probesInFlight = 0;
    std::vector<double> m_healthzInterval;
    std::vector<double> m_healthzAll;

    QTimer m_reportTimer;
    QTimer m_probeTimer;
    QTimer m_hostileTimer;
    QTimer m_interruptTimer;
    std::map<QString, int> m_notes;
};

void Soak::note(const QString &kind, const QString &text)
{
    // The first few of each kind on stderr, so a broken count comes with examples.
    const int seen = ++m_notes[kind];
    if (seen <= 10)
        std::fprintf(stderr, "t=%llds %s: %s\n", (long long)((nowMs() - m_startMs) / 1000),
                     qPrintable(kind), qPrintable(text));
    else if (seen == 11)
        std::fprintf(stderr, "t=%llds %s: (further ones not shown)\n",
                     (long long)((nowMs() - m_startMs) / 1000), qPrintable(kind));
}

void Soak::send(QNetworkAccessManager *nam, const QByteArray &verb, const QUrl &url,
                const QByteArray &token, const QByteArray &body, const QByteArray &ifMatch,
                int timeoutMs, Done done)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("User-Agent", "dispatch-soak");
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!ifMatch.isEmpty())
        request.setRawHeader("If-Match", ifMatch);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QNetworkReply *reply =
        verb == "GET" ? nam->get(request) : nam->sendCustomRequest(request, verb, body);
    ++m_inflight;
    const qint64 started = nowMs();
    auto timedOut = std::make_shared<bool>(false);
    QTimer::singleShot(timeoutMs, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    connect(reply, &QNetworkReply::finished, reply,
            [this, reply, started, timedOut, done = std::move(done)] {
                HttpResult result;
                result.elapsedMs = nowMs() - started;
                result.timedOut = *timedOut;
                result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (result.timedOut)
                    result.status = 0;
                result.body = reply->readAll();
                result.etag = reply->rawHeader("ETag");
                if (reply->error() != QNetworkReply::NoError)
                    result.error = reply->errorString();
                --m_inflight;
                reply->deleteLater();
                done(result);
            });
}

HttpResult Soak::call(QNetworkAccessManager *nam, const QByteArray &verb, const QUrl &url,
                      const QByteArray &token, const QByteArray &body, int timeoutMs)
{
    HttpResult out;
    bool finished = false;
    QEventLoop loop;
    send(nam, verb, url, token, body, {}, timeoutMs, [&](const HttpResult &result) {
        out = result;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return out;
}

// --- setup -----------------------------------------------------------------------------------

bool Soak::login(const QString &username, const QString &password, User *user)
{
    const HttpResult result =
        call(m_setupNam, "POST", instance(0).api(QStringLiteral("/auth/login")), {},
             QJsonDocument(QJsonObject{{QStringLiteral("username"), username},
                                       {QStringLiteral("password"), password}})
                 .toJson(QJsonDocument::Compact));
    if (result.status != 200) {
        std::fprintf(stderr, "dispatch_soak: login as %s: %s\n", qPrintable(username),
                     qPrintable(result.describe()));
        return false;
    }
    const QJsonObject json = result.json();
    user->username = username;
    user->password = password;
    user->token = json.value(QLatin1String("token")).toString().toUtf8();
    user->id = json.value(QLatin1String("user")).toObject().value(QLatin1String("id")).toString();
    return !user->token.isEmpty() && !user->id.isEmpty();
}

void Soak::addUser(const QString &username, const QString &role, const QJsonValue &home, User *user)
{
    QString password;
    for (int i = 0; i < 20; ++i)
        password += QChar(u'a' + randomBetween(0, 25));
    const HttpResult created =
        call(m_setupNam, "POST", instance(0).api(QStringLiteral("/users")), m_admin.token,
             QJsonDocument(
                 QJsonObject{{QStringLiteral("username"), username},
                             {QStringLiteral("password"), password},
                             {QStringLiteral("name"), QString(QStringLiteral("Soak ") + username)},
                             {QStringLiteral("role"), role},
                             {QStringLiteral("home"), home}})
                 .toJson(QJsonDocument::Compact));
    if (created.status != 201)
        die(QStringLiteral("POST /users %1: %2 %3")
                .arg(username, created.describe(), QString::fromUtf8(created.body.left(300))));
    if (!login(username, password, user))
        die(QStringLiteral("cannot log in as the new user ") + username);
}

QByteArray Soak::jobBody(const QString &title, int index)
{
    // Around Austin, TX, where the pros live.
    const double lat = 30.27 + 0.01 * (index % 17 - 8);
    const double lng = -97.74 + 0.01 * (index % 13 - 6);
    const QJsonObject fields{
        {QStringLiteral("title"), title},
        {QStringLiteral("customer.name"), QStringLiteral("Soak Customer %1").arg(index)},
        {QStringLiteral("address"), QStringLiteral("%1 Congress Ave, Austin, TX").arg(100 + index)},
        {QStringLiteral("geo"),
         QJsonObject{{QStringLiteral("lat"), lat}, {QStringLiteral("lng"), lng}}},
        {QStringLiteral("pricing.kind"), QStringLiteral("flat")},
        {QStringLiteral("pricing.amountCents"), 15000 + index % 100}};
    return QJsonDocument(QJsonObject{{QStringLiteral("fields"), fields}})
        .toJson(QJsonDocument::Compact);
}

qint64 Soak::headSeq()
{
    // A resume point far beyond the head is refused with RESYNC_REQUIRED and the head as
    // lastSeq; otherwise page through the log.
    const HttpResult beyond =
        call(m_setupNam, "GET",
             instance(0).api(QStringLiteral("/events"),
                             QStringLiteral("after=9007199254740991&limit=1")),
             m_dispatcher.token);
    const QJsonValue lastSeq = beyond.errorObject().value(QLatin1String("lastSeq"));
    if (beyond.status == 409 && lastSeq.isDouble())
        return lastSeq.toInteger();
    qint64 after = 0;
    for (int page = 0; page < 1000; ++page) {
        const HttpResult result =
            call(m_setupNam, "GET",
                 instance(0).api(QStringLiteral("/events"),
                                 QStringLiteral("after=%1&limit=1000").arg(after)),
                 m_dispatcher.token);
        if (result.status != 200)
            die(QStringLiteral("GET /events: ") + result.describe());
        const QJsonObject json = result.json();
        const qint64 last = json.value(QLatin1String("lastSeq")).toInteger();
        if (json.value(QLatin1String("events")).toArray().isEmpty() || last <= after)
            return std::max(after, last);
        after = last;
    }
    return after;
}

void Soak::setUp()
{
    m_setupNam = new QNetworkAccessManager(this);
    for (int i = 0; i < instanceCount(); ++i) {
        const HttpResult health =
            call(m_setupNam, "GET", instance(i).at(QStringLiteral("/healthz")), {}, {}, 10000);
        if (health.status != 200)
            die(QStringLiteral("%1/healthz: %2")
                    .arg(instance(i).base.toString(), health.describe()));
    }
    if (!login(QStringLiteral("admin"), m_options.adminPassword, &m_admin))
        die(QStringLiteral(
            "cannot log in as admin (check --admin-password / --admin-password-file)"));

    // Fresh users for every run, so the tool can be pointed at a server more than once.
    m_runTag = QStringLiteral("soak-%1").arg(QRandomGenerator::global()->bounded(0x1000000), 6, 16,
                                             QLatin1Char('0'));
    addUser(m_runTag + QStringLiteral("-disp"), QStringLiteral("dispatcher"), QJsonValue::Null,
            &m_dispatcher);
    for (int i = 1; i <= m_options.pros; ++i) {
        // A few miles apart around downtown Austin (like tests/support/testoffice.cpp).
        const double step = 0.036 * ((i + 1) / 2) * (i % 2 == 0 ? -1 : 1);
        User pro;
        addUser(m_runTag + QStringLiteral("-pro%1").arg(i), QStringLiteral("pro"),
                QJsonObject{{QStringLiteral("lat"), 30.27 + step},
                            {QStringLiteral("lng"), -97.74 + step}},
                &pro);
        m_pros.push_back(pro);
    }
    // Every instance must know these tokens: several instances share one database.
    for (int i = 1; i < instanceCount(); ++i) {
        const HttpResult check = call(
            m_setupNam, "GET", instance(i).api(QStringLiteral("/jobs"), QStringLiteral("limit=1")),
            m_dispatcher.token);
        if (check.status != 200)
            die(QStringLiteral("%1 does not accept a token from %2 (%3): the instances must share "
                               "one database")
                    .arg(instance(i).base.toString(), instance(0).base.toString(),
                         check.describe()));
    }
    const int writerJobs = std::max(1, (m_options.writers + 1) / 2);
    for (int j = 0; j < writerJobs; ++j) {
        const HttpResult created =
            call(m_setupNam, "POST", instance(0).api(QStringLiteral("/jobs")), m_dispatcher.token,
                 jobBody(QStringLiteral("Soak write target %1").arg(j + 1), j));
        if (created.status != 201)
            die(QStringLiteral("POST /jobs: %1 %2")
                    .arg(created.describe(), QString::fromUtf8(created.body.left(300))));
        m_writerJobs.append(created.json().value(QLatin1String("id")).toString());
    }
    m_headSeq = headSeq();
    std::fprintf(stderr,
                 "dispatch_soak: users %s-*: 1 dispatcher, %d pros; %lld write target jobs; "
                 "streams resume after seq %lld\n",
                 qPrintable(m_runTag), m_options.pros, (long long)m_writerJobs.size(),
                 (long long)m_headSeq);
}

// --- writers ---------------------------------------------------------------------------------

void Soak::writerStep(int writer)
{
    if (m_stopping)
        return;
    QNetworkAccessManager *nam = m_writerNams[std::size_t(writer)];
    const Instance &target = instance(writer);
    const QString jobId = m_writerJobs.at(writer % m_writerJobs.size());
    const QUrl url = target.api(QStringLiteral("/jobs/") + jobId);
    const auto next = [this, writer](int delayMs) {
        QTimer::singleShot(delayMs, this, [this, writer] { writerStep(writer); });
    };
    send(nam, "GET", url, m_dispatcher.token, {}, {}, 10000,
         [this, nam, url, writer, next](const HttpResult &got) {
             if (got.status != 200 || got.etag.isEmpty()) {
                 ++m_counters.writesGetFailed;
                 note(QStringLiteral("write broken"),
                      QStringLiteral("writer %1 GET: %2").arg(writer).arg(got.describe()));
                 next(1000);
                 return;
             }
             const qint64 version = got.json().value(QLatin1String("version")).toInteger();
             const int iteration = ++m_writerIteration[std::size_t(writer)];
             const QByteArray body =
                 QJsonDocument(
                     QJsonObject{{QStringLiteral("changes"),
                                  QJsonObject{{QStringLiteral("details"),
                                               QStringLiteral("soak writer %1, write %2, t=%3ms")
                                                   .arg(writer)
                                                   .arg(iteration)
                                                   .arg(nowMs() - m_startMs)}}}})
                     .toJson(QJsonDocument::Compact);
             send(nam, "PATCH", url, m_dispatcher.token, body, got.etag, 10000,
                  [this, writer, version, oldEtag = got.etag, next](const HttpResult &patched) {
                      if (patched.status == 200) {
                          const qint64 now =
                              patched.json().value(QLatin1String("version")).toInteger();
                          if (now == version + 1 && !patched.etag.isEmpty() &&
                              patched.etag != oldEtag) {
                              ++m_counters.writesOk;
                          } else {
                              ++m_counters.writesContract;
                              note(QStringLiteral("write broken"),
                                   QStringLiteral(
                                       "writer %1: 200 from version %2 to %3, ETag %4 -> %5")
                                       .arg(writer)
                                       .arg(version)
                                       .arg(now)
                                       .arg(QString::fromLatin1(oldEtag),
                                            QString::fromLatin1(patched.etag)));
                          }
                          next(randomBetween(50, 250));
                      } else if (patched.status == 412) {
                          if (!patched.etag.isEmpty() &&
                              patched.errorObject().value(QLatin1String("current")).isObject()) {
                              ++m_counters.writesConflict;
                          } else {
                              ++m_counters.writesContract;
                              note(QStringLiteral("write broken"),
                                   QStringLiteral("writer %1: 412 without ETag or \"current\"")
                                       .arg(writer));
                          }
                          next(randomBetween(50, 250));
                      } else {
                          ++m_counters.writesPatchOther;
                          note(QStringLiteral("write broken"), QStringLiteral("writer %1 PATCH: %2")
                                                                   .arg(writer)
                                                                   .arg(patched.describe()));
                          next(1000);
                      }
                  });
         });
}

// --- accepts ---------------------------------------------------------------------------------

void Soak::acceptRound()
{
    if (m_stopping || m_pros.empty())
        return;
    const int round = m_acceptRound++;
    send(m_dispatcherNam, "POST", instance(round).api(QStringLiteral("/jobs")), m_dispatcher.token,
         jobBody(QStringLiteral("Soak offer round %1").arg(round + 1), round), {}, 15000,
         [this, round](const HttpResult &created) {
             const QString jobId = created.json().value(QLatin1String("id")).toString();
             if (created.status != 201 || jobId.isEmpty()) {
                 ++m_counters.acceptCreateFailed;
                 note(QStringLiteral("accept broken"), QStringLiteral("round %1: POST /jobs: %2")
                                                           .arg(round + 1)
                                                           .arg(created.describe()));
                 QTimer::singleShot(1000, this, [this] { acceptRound(); });
                 return;
             }
             // Every pro at once, each on its own connection, spread over the instances.
             auto answers = std::make_shared<std::vector<HttpResult>>(m_pros.size());
             auto pending = std::make_shared<int>(int(m_pros.size()));
             for (std::size_t p = 0; p < m_pros.size(); ++p) {
                 send(m_proNams[p], "POST",
                      instance(int(p) + round)
                          .api(QStringLiteral("/offers/") + jobId + QStringLiteral("/accept")),
                      m_pros[p].token, {}, {}, 15000,
                      [this, round, jobId, answers, pending, p](const HttpResult &answer) {
                          (*answers)[p] = answer;
                          if (--*pending == 0)
                              finishAcceptRound(round, jobId, answers);
                      });
             }
         });
}

void Soak::finishAcceptRound(int round, const QString &jobId,
                             const std::shared_ptr<std::vector<HttpResult>> &answers)
{
    int winners = 0;
    int alreadyAssigned = 0;
    int winner = -1;
    QStringList seen;
    for (std::size_t p = 0; p < answers->size(); ++p) {
        const HttpResult &answer = (*answers)[p];
        seen.append(answer.describe());
        if (answer.status == 200) {
            ++winners;
            winner = int(p);
        } else if (answer.status == 409 &&
                   answer.errorCode() == QLatin1String("ALREADY_ASSIGNED")) {
            ++alreadyAssigned;
        }
    }
    const auto next = [this](int delayMs) {
        QTimer::singleShot(delayMs, this, [this] { acceptRound(); });
    };
    const auto broken = [this, round, jobId, seen, next](qint64 *counter, const QString &why) {
        ++m_counters.acceptRounds;
        ++*counter;
        note(QStringLiteral("accept broken"), QStringLiteral("round %1 job %2: %3 [%4]")
                                                  .arg(round + 1)
                                                  .arg(jobId, why, seen.join(u',')));
        next(1000);
    };
    if (winners > 1)
        return broken(&m_counters.acceptTwoWinners, QStringLiteral("%1 winners").arg(winners));
    if (winners == 0)
        return broken(&m_counters.acceptNoWinner, QStringLiteral("no winner"));
    if (alreadyAssigned != int(answers->size()) - 1)
        return broken(&m_counters.acceptUnexpected, QStringLiteral("unexpected answers"));
    // The job must now be SCHEDULED and assigned to the one winner.
    const QString winnerId = m_pros[std::size_t(winner)].id;
    send(m_dispatcherNam, "GET", instance(round + 1).api(QStringLiteral("/jobs/") + jobId),
         m_dispatcher.token, {}, {}, 15000, [this, winnerId, broken, next](const HttpResult &job) {
             const QJsonObject json = job.json();
             const QString assignedTo = json.value(QLatin1String("assignedTo")).toString();
             const QString status = json.value(QLatin1String("status")).toString();
             if (job.status != 200 || assignedTo != winnerId ||
                 status != QLatin1String("SCHEDULED"))
                 return broken(&m_counters.acceptMismatch,
                               QStringLiteral("GET after the round: %1, status %2, assignedTo %3, "
                                              "winner %4")
                                   .arg(job.describe(), status, assignedTo, winnerId));
             ++m_counters.acceptRounds;
             ++m_counters.acceptHeld;
             next(randomBetween(200, 800));
         });
}

// --- streams ---------------------------------------------------------------------------------

void Soak::openStream(int index)
{
    if (m_stopping)
        return;
    Stream &s = m_streams[std::size_t(index)];
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    s.socket = socket;
    s.connected = false;
    s.closingByUs = false;
    s.ended = false;
    s.sessionResume = s.lastSeq;
    s.sessionSeqs.clear();
    connect(socket, &QWebSocket::connected, socket, [this, index, socket] {
        Stream &s = m_streams[std::size_t(index)];
        if (s.socket != socket)
            return;
        s.connected = true;
        ++m_counters.streamSessions;
        if (++s.sessions > 1)
            ++m_counters.streamReconnects;
        socket->sendTextMessage(QStringLiteral("{\"resumeAfter\":%1}").arg(s.lastSeq));
        QTimer::singleShot(randomBetween(2000, 8000), socket, [this, index, socket] {
            Stream &s = m_streams[std::size_t(index)];
            if (s.socket != socket || s.ended)
                return;
            s.closingByUs = true;
            socket->close();
            // The close handshake should take milliseconds; do not wait for ever.
            QTimer::singleShot(5000, socket, [this, index, socket] {
                const Stream &s = m_streams[std::size_t(index)];
                if (s.socket != socket || s.ended)
                    return;
                note(QStringLiteral("stream close slow"),
                     QStringLiteral("stream %1: no close handshake within 5 s").arg(index));
                onStreamEnded(index, socket, QStringLiteral("close handshake timed out"));
            });
        });
    });
    connect(
        socket, &QWebSocket::textMessageReceived, socket,
        [this, index, socket](const QString &message) { onStreamMessage(index, socket, message); });
    connect(socket, &QWebSocket::disconnected, socket, [this, index, socket] {
        const bool opened = m_streams[std::size_t(index)].connected;
        onStreamEnded(index, socket,
                      opened || socket->error() == QAbstractSocket::UnknownSocketError
                          ? QStringLiteral("close code %1 \"%2\"")
                                .arg(int(socket->closeCode()))
                                .arg(socket->closeReason())
                          : socket->errorString());
    });
    connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), socket,
            [this, index, socket](QAbstractSocket::SocketError) {
                // A failed handshake ends here without disconnected(); after a connection,
                // disconnected() follows and reports.
                QTimer::singleShot(0, socket, [this, index, socket] {
                    if (socket->state() == QAbstractSocket::UnconnectedState)
                        onStreamEnded(index, socket, socket->errorString());
                });
            });
    QTimer::singleShot(10000, socket, [this, index, socket] {
        const Stream &s = m_streams[std::size_t(index)];
        if (s.socket == socket && !s.connected && !s.ended)
            onStreamEnded(index, socket, QStringLiteral("no handshake within 10 s"));
    });
    QUrl url = instance(s.instance).at(QStringLiteral("/api/v1/stream"));
    url.setScheme(QStringLiteral("ws"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("token"), QString::fromUtf8(s.user->token));
    url.setQuery(query);
    socket->open(url);
}

void Soak::onStreamMessage(int index, QWebSocket *socket, const QString &message)
{
    Stream &s = m_streams[std::size_t(index)];
    if (s.socket != socket || s.ended)
        return;
    const QJsonObject json = QJsonDocument::fromJson(message.toUtf8()).object();
    const QJsonValue seqValue = json.value(QLatin1String("seq"));
    if (seqValue.isDouble()) {
        const qint64 seq = seqValue.toInteger();
        if (seq <= s.lastSeq) {
            ++m_counters.streamOutOfOrder;
            note(QStringLiteral("stream broken"),
                 QStringLiteral("stream %1: seq %2 after %3 (duplicate or out of order)")
                     .arg(index)
                     .arg(seq)
                     .arg(s.lastSeq));
            return;
        }
        s.lastSeq = seq;
        s.sessionSeqs.push_back(seq);
        ++m_counters.streamEvents;
    } else if (json.value(QLatin1String("type")).toString() == QLatin1String("RESYNC_REQUIRED")) {
        // The resume points here are seconds old: the server should still hold them.
        ++m_counters.streamResync;
        note(QStringLiteral("stream broken"),
             QStringLiteral("stream %1: RESYNC_REQUIRED after resuming from %2: %3")
                 .arg(index)
                 .arg(s.sessionResume)
                 .arg(message.left(200)));
        s.lastSeq = std::max(s.lastSeq, json.value(QLatin1String("lastSeq")).toInteger());
        s.sessionSeqs.clear();
        s.sessionResume = s.lastSeq;
    } else {
        ++m_counters.streamOther;
        note(QStringLiteral("stream message"),
             QStringLiteral("stream %1: %2").arg(index).arg(message.left(200)));
    }
}

void Soak::onStreamEnded(int index, QWebSocket *socket, const QString &why)
{
    Stream &s = m_streams[std::size_t(index)];
    if (s.socket != socket || s.ended)
        return;
    s.ended = true;
    s.socket = nullptr;
    socket->abort();
    socket->deleteLater();
    int retryMs = randomBetween(100, 500);
    if (!s.connected && !m_stopping) {
        ++m_counters.streamOpenFailed;
        note(QStringLiteral("stream broken"), QStringLiteral("stream %1 could not open on %2: %3")
                                                  .arg(index)
                                                  .arg(instance(s.instance).base.toString(), why));
        retryMs = 1000;
    } else if (!s.closingByUs && !m_stopping) {
        ++m_counters.streamDropped;
        note(QStringLiteral("stream broken"),
             QStringLiteral("stream %1 closed by the server: %2").arg(index).arg(why));
    }
    if (!s.sessionSeqs.empty()) {
        const qint64 last = s.sessionSeqs.back(); // before the move: arguments have no order
        verifySession(index, s.sessionResume, last, std::exchange(s.sessionSeqs, {}));
    }
    if (!m_stopping)
        QTimer::singleShot(retryMs, this, [this, index] { openStream(index); });
}

void Soak::verifySession(int index, qint64 after, qint64 last, std::vector<qint64> seqs)
{
    // What GET /events returns for this user over (after, last] must be exactly what the
    // stream sent: a missing one is a lost event, an extra one a leak or a phantom.
    struct State {
        std::set<qint64> polled;
        std::vector<qint64> received;
        int pages = 0;
    };
    auto state = std::make_shared<State>();
    state->received = std::move(seqs);
    const Stream &s = m_streams[std::size_t(index)];
    const QByteArray token = s.user->token;
    const Instance &target = instance(s.instance);
    auto page = std::make_shared<std::function<void(qint64)>>();
    *page = [this, index, after, last, state, token, target, page](qint64 from) {
        send(m_verifyNam, "GET",
             target.api(QStringLiteral("/events"), QStringLiteral("after=%1&limit=1000").arg(from)),
             token, {}, {}, 20000,
             [this, index, after, last, state, page](const HttpResult &result) {
                 if (result.status != 200) {
                     ++m_counters.streamVerifyFailed;
                     note(QStringLiteral("stream broken"),
                          QStringLiteral("stream %1: GET /events for the check: %2")
                              .arg(index)
                              .arg(result.describe()));
                     *page = nullptr; // breaks the cycle
                     return;
                 }
                 const QJsonArray events = result.json().value(QLatin1String("events")).toArray();
                 qint64 highest = -1;
                 for (const QJsonValue &event : events) {
                     const qint64 seq = event.toObject().value(QLatin1String("seq")).toInteger();
                     highest = std::max(highest, seq);
                     if (seq <= last)
                         state->polled.insert(seq);
                 }
                 if (!events.isEmpty() && highest < last && ++state->pages < 100) {
                     (*page)(highest);
                     return;
                 }
                 std::vector<qint64> missing;
                 for (const qint64 seq : state->polled) {
                     if (!std::binary_search(state->received.begin(), state->received.end(), seq))
                         missing.push_back(seq);
                 }
                 qint64 extra = 0;
                 qint64 firstExtra = -1;
                 for (const qint64 seq : state->received) {
                     if (!state->polled.count(seq)) {
                         ++extra;
                         if (firstExtra < 0)
                             firstExtra = seq;
                     }
                 }
                 ++m_counters.streamVerified;
                 m_counters.streamMissing += qint64(missing.size());
                 m_counters.streamExtra += extra;
                 if (!missing.empty() || extra > 0)
                     note(QStringLiteral("stream broken"),
                          QStringLiteral("stream %1, session after %2 up to %3: %4 events missing "
                                         "(first %5), %6 not in GET /events (first %7)")
                              .arg(index)
                              .arg(after)
                              .arg(last)
                              .arg(missing.size())
                              .arg(missing.empty() ? -1 : missing.front())
                              .arg(extra)
                              .arg(firstExtra));
                 *page = nullptr;
             });
    };
    (*page)(after);
}

// --- hostile connections ----------------------------------------------------------------------

void Soak::topUpHostiles()
{
    if (m_stopping)
        return;
    // A bounded number per tick, so a server that closes everything at once is not flooded.
    int budget = std::max(5, m_options.hostile / 20);
    while (int(m_hostiles.size()) < m_options.hostile && budget-- > 0)
        openHostile(randomBetween(0, HostileKinds - 1));
}

void Soak::openHostile(int kind)
{
    auto *socket = new QTcpSocket(this);
    Hostile hostile;
    hostile.kind = kind;
    hostile.instance = randomBetween(0, instanceCount() - 1);
    hostile.startedMs = nowMs();
    m_hostiles.emplace(socket, hostile);
    ++m_hostileStats[std::size_t(kind)].opened;
    const Instance &target = instance(hostile.instance);
    const QByteArray host = target.host().toLatin1() + ':' + QByteArray::number(target.port());
    // From 127.0.0.2 and up, as the attackers of a real server are not its clients' addresses:
    // the soak's own clients (127.0.0.1) must not share a per-address limit with them.
    const QHostAddress targetAddress(target.host());
    if (m_options.hostileSources > 0 && targetAddress.protocol() == QAbstractSocket::IPv4Protocol &&
        targetAddress.isLoopback()) {
        const int source = 2 + randomBetween(0, m_options.hostileSources - 1);
        if (!socket->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(source)), 0))
            note(QStringLiteral("hostile bind failed"), socket->errorString());
    }

    connect(socket, &QTcpSocket::connected, socket, [this, socket, host] {
        auto it = m_hostiles.find(socket);
        if (it == m_hostiles.end())
            return;
        Hostile &h = it->second;
        h.connected = true;
        switch (h.kind) {
        case Idle:
            break; // connect and say nothing
        case Slowloris:
            // A head that never ends, one byte every few seconds.
            h.pending = "GET /healthz HTTP/1.1\r\nHost: " + host +
                        "\r\nUser-Agent: dispatch-soak-slowloris\r\nX-Slow: ";
            trickle(socket);
            break;
        case SlowBody: {
            // A complete head announcing 100,000 bytes of body to an unauthenticated JSON
            // route, then the body one byte every few seconds.
            const QByteArray head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: " + host +
                                    "\r\nUser-Agent: dispatch-soak-slowbody\r\nContent-Type: "
                                    "application/json\r\nContent-Length: 100000\r\n\r\n";
            socket->write(head);
            h.pending = "{\"username\":\"";
            trickle(socket);
            break;
        }
        case WebSocketDrop: {
            QByteArray key(16, '\0');
            for (char &c : key)
                c = char(randomBetween(0, 255));
            QByteArray token(43, 'x');
            for (char &c : token)
                c = "abcdefghijklmnopqrstuvwxyz0123456789"[randomBetween(0, 35)];
            const QByteArray upgrade =
                "GET /api/v1/stream?token=" + token + " HTTP/1.1\r\nHost: " + host +
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
                key.toBase64() + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket->write(upgrade);
            // Dropped without a close frame, at once or after a while.
            QTimer::singleShot(randomBetween(0, 3000), socket,
                               [this, socket] { endHostile(socket, false); });
            break;
        }
        case Garbage: {
            QByteArray bytes(randomBetween(16, 2048), '\0');
            for (char &c : bytes)
                c = char(randomBetween(0, 255));
            if (randomBetween(0, 1) == 0) // someone speaking TLS to plain HTTP
                bytes.replace(0, 5, QByteArrayLiteral("\x16\x03\x01\x02\x00"));
            else if (bytes.at(0) >= 'A' && bytes.at(0) <= 'Z')
                bytes[0] = '\x01';
            socket->write(bytes);
            break;
        }
        }
    });
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
        auto it = m_hostiles.find(socket);
        if (it == m_hostiles.end())
            return;
        const QByteArray bytes = socket->readAll();
        if (it->second.received.size() < 4096)
            it->second.received += bytes.left(4096);
    });
    connect(socket, &QTcpSocket::disconnected, socket,
            [this, socket] { endHostile(socket, true); });
    connect(socket, &QTcpSocket::errorOccurred, socket,
            [this, socket](QAbstractSocket::SocketError) {
                QTimer::singleShot(0, socket, [this, socket] {
                    if (socket->state() == QAbstractSocket::UnconnectedState)
                        endHostile(socket, true);
                });
            });
    QTimer::singleShot(m_options.hostileHoldSeconds * 1000, socket,
                       [this, socket] { endHostile(socket, false, true); });
    socket->connectToHost(target.host(), target.port());
}

void Soak::trickle(QTcpSocket *socket)
{
    auto it = m_hostiles.find(socket);
    if (it == m_hostiles.end() || m_stopping)
        return;
    Hostile &h = it->second;
    const char byte = h.pending.isEmpty() ? 'a' : h.pending.at(0);
    if (!h.pending.isEmpty())
        h.pending.remove(0, 1);
    socket->write(&byte, 1);
    QTimer::singleShot(randomBetween(1000, 4000), socket, [this, socket] { trickle(socket); });
}

void Soak::endHostile(QTcpSocket *socket, bool byServer, bool outlived)
{
    auto it = m_hostiles.find(socket);
    if (it == m_hostiles.end())
        return;
    const Hostile h = it->second;
    m_hostiles.erase(it);
    HostileStats &stats = m_hostileStats[std::size_t(h.kind)];
    if (!h.connected) {
        ++stats.connectFailed;
        note(QStringLiteral("hostile connect failed"), socket->errorString());
    } else if (byServer) {
        ++stats.closedByServer;
        ++m_hostileClosedByServer;
        stats.closeSeconds.push_back(double(nowMs() - h.startedMs) / 1000.0);
    } else if (m_stopping) {
        ++stats.openAtEnd;
    } else {
        ++stats.closedByUs;
        if (outlived)
            ++stats.outlived;
    }
    if (h.received.startsWith("HTTP/1.")) {
        const int status = h.received.mid(9, 3).toInt();
        ++stats.answers[status];
    } else if (!h.received.isEmpty()) {
        ++stats.answers[-1]; // bytes that are not an HTTP answer
    }
    socket->abort();
    socket->deleteLater();
}

// --- probe and metrics -----------------------------------------------------------------------

void Soak::probe(int index)
{
    // A fresh connection every time, as a load balancer's health check does: it must get a
    // connection slot like any new client.
    auto *socket = new QTcpSocket(this);
    const qint64 started = nowMs();
    auto buffer = std::make_shared<QByteArray>();
    auto finished = std::make_shared<bool>(false);
    ++m_probesInFlight;
    const auto finish = [this, socket, started, buffer, finished, index](const QString &why) {
        if (*finished)
            return;
        *finished = true;
        --m_probesInFlight;
        const qint64 elapsed = nowMs() - started;
        const int status = buffer->startsWith("HTTP/1.") ? buffer->mid(9, 3).toInt() : 0;
        const double latency = double(std::min<qint64>(elapsed, 2000));
        m_healthzInterval.push_back(latency);
        m_healthzAll.push_back(latency);
        if (status == 200 && elapsed <= 2000) {
            ++m_counters.healthzOk;
        } else {
            ++m_counters.healthzFail;
            note(QStringLiteral("healthz fail"),
                 QStringLiteral("%1: %2 after %3 ms")
                     .arg(instance(index).base.toString(),
                          status ? QStringLiteral("HTTP %1").arg(status) : why)
                     .arg(elapsed));
        }
        socket->abort();
        socket->deleteLater();
    };
    const Instance &target = instance(index);
    const QByteArray request = "GET /healthz HTTP/1.1\r\nHost: " + target.host().toLatin1() + ':' +
                               QByteArray::number(target.port()) +
                               "\r\nUser-Agent: dispatch-soak-probe\r\nConnection: close\r\n\r\n";
    connect(socket, &QTcpSocket::connected, socket, [socket, request] { socket->write(request); });
    connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer, finish] {
        *buffer += socket->readAll();
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qint64 length = 0;
        const QList<QByteArray> lines = buffer->left(end).split('\n');
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer->size() >= end + 4 + length)
            finish(QString());
    });
    connect(socket, &QTcpSocket::disconnected, socket,
            [finish] { finish(QStringLiteral("closed without an answer")); });
    connect(socket, &QTcpSocket::errorOccurred, socket,
            [socket, finish](QAbstractSocket::SocketError) { finish(socket->errorString()); });
    QTimer::singleShot(2000, socket, [finish] { finish(QStringLiteral("no answer within 2 s")); });
    socket->connectToHost(target.host(), target.port());
}

void Soak::sampleMetrics()
{
    for (int i = 0; i < instanceCount(); ++i) {
        send(m_metricsNam, "GET", instance(i).at(QStringLiteral("/metrics")), {}, {}, {}, 3000,
             [this, i](const HttpResult &result) {
                 Instance &target = instance(i);
                 if (result.status != 200) {
                     target.openConnections = target.webSocketClients = -1;
                     return;
                 }
                 const QList<QByteArray> lines = result.body.split('\n');
                 for (const QByteArray &line : lines) {
                     if (line.startsWith("dispatch_http_open_connections "))
                         target.openConnections = qint64(line.mid(31).trimmed().toDouble());
                     else if (line.startsWith("dispatch_websocket_clients "))
                         target.webSocketClients = qint64(line.mid(27).trimmed().toDouble());
                 }
                 target.openConnectionsMax =
                     std::max(target.openConnectionsMax, target.openConnections);
             });
    }
}

// --- reporting -------------------------------------------------------------------------------

void Soak::report()
{
    const Counters &c = m_counters;
    QStringList rss, connections, webSockets;
    for (Instance &target : m_instances) {
        const qint64 kib = readRssKib(target.pid);
        if (kib >= 0) {
            if (target.rssFirst < 0)
                target.rssFirst = kib;
            target.rssLast = kib;
            target.rssMax = std::max(target.rssMax, kib);
        }
        rss.append(kib >= 0 ? QString::number(kib) : QStringLiteral("-"));
        connections.append(target.openConnections >= 0 ? QString::number(target.openConnections)
                                                       : QStringLiteral("-"));
        webSockets.append(target.webSocketClients >= 0 ? QString::number(target.webSocketClients)
                                                       : QStringLiteral("-"));
    }
    qint64 hostileOpen = 0;
    for (const auto &entry : m_hostiles)
        hostileOpen += entry.second.connected ? 1 : 0;
    printLine(
        QStringLiteral("t=%1s writes ok=%2 conflict=%3 broken=%4 | accepts rounds=%5 held=%6 "
                       "broken=%7 | streams reconnects=%8 events=%9 broken=%10 | hostile open=%11 "
                       "closed_by_server=%12 | healthz p50=%13ms p99=%14ms fail=%15 | "
                       "rss_kib=[%16] | conns=[%17] ws=[%18]")
            .arg((nowMs() - m_startMs + 500) / 1000)
            .arg(c.writesOk)
            .arg(c.writesConflict)
            .arg(c.writesBroken())
            .arg(c.acceptRounds)
            .arg(c.acceptHeld)
            .arg(c.acceptBroken())
            .arg(c.streamReconnects)
            .arg(c.streamEvents)
            .arg(c.streamBroken())
            .arg(hostileOpen)
            .arg(m_hostileClosedByServer)
            .arg(formatMs(percentile(m_healthzInterval, 0.5)),
                 formatMs(percentile(m_healthzInterval, 0.99)))
            .arg(c.healthzFail)
            .arg(rss.join(u','), connections.join(u','), webSockets.join(u',')));
    m_healthzInterval.clear();
}

void Soak::summary()
{
    const Counters &c = m_counters;
    printLine(QStringLiteral("--- summary: %1 s against %2 instance(s) ---")
                  .arg((nowMs() - m_startMs) / 1000)
                  .arg(instanceCount()));
    printLine(QStringLiteral("writes: ok=%1 conflict(412)=%2 broken=%3 (GET failed %4, PATCH "
                             "other status %5, contract %6)")
                  .arg(c.writesOk)
                  .arg(c.writesConflict)
                  .arg(c.writesBroken())
                  .arg(c.writesGetFailed)
                  .arg(c.writesPatchOther)
                  .arg(c.writesContract));
    printLine(QStringLiteral("accepts: rounds=%1 of %2 pros, held=%3 broken=%4 (two or more "
                             "winners %5, no winner %6, unexpected answers %7, job not assigned "
                             "to the winner %8, job not created %9)")
                  .arg(c.acceptRounds)
                  .arg(m_pros.size())
                  .arg(c.acceptHeld)
                  .arg(c.acceptBroken())
                  .arg(c.acceptTwoWinners)
                  .arg(c.acceptNoWinner)
                  .arg(c.acceptUnexpected)
                  .arg(c.acceptMismatch)
                  .arg(c.acceptCreateFailed));
    printLine(QStringLiteral("streams: %1 streams, sessions=%2 reconnects=%3 events=%4 "
                             "verified_sessions=%5 broken=%6 (out of order/duplicate %7, missing "
                             "vs GET /events %8, extra vs GET /events %9, RESYNC_REQUIRED %10, "
                             "open failed %11, closed by server %12, check failed %13); other "
                             "messages %14")
                  .arg(m_streams.size())
                  .arg(c.streamSessions)
                  .arg(c.streamReconnects)
                  .arg(c.streamEvents)
                  .arg(c.streamVerified)
                  .arg(c.streamBroken())
                  .arg(c.streamOutOfOrder)
                  .arg(c.streamMissing)
                  .arg(c.streamExtra)
                  .arg(c.streamResync)
                  .arg(c.streamOpenFailed)
                  .arg(c.streamDropped)
                  .arg(c.streamVerifyFailed)
                  .arg(c.streamOther));
    printLine(QStringLiteral("hostile (target %1 open, the server's close time from connect):")
                  .arg(m_options.hostile));
    for (int kind = 0; kind < HostileKinds; ++kind) {
        const HostileStats &s = m_hostileStats[std::size_t(kind)];
        QStringList answers;
        for (const auto &[status, count] : s.answers)
            answers.append(
                QStringLiteral("%1:%2")
                    .arg(status < 0 ? QStringLiteral("non-http") : QString::number(status))
                    .arg(count));
        printLine(QStringLiteral("  %1: opened=%2 closed_by_server=%3 (p50 %4 s, max %5 s) "
                                 "closed_by_us=%6 (kept past %7 s: %8) connect_failed=%9 "
                                 "open_at_end=%10 answers={%11}")
                      .arg(QLatin1String(hostileName(kind)))
                      .arg(s.opened)
                      .arg(s.closedByServer)
                      .arg(formatMs(percentile(s.closeSeconds, 0.5)),
                           formatMs(percentile(s.closeSeconds, 1.0)))
                      .arg(s.closedByUs)
                      .arg(m_options.hostileHoldSeconds)
                      .arg(s.outlived)
                      .arg(s.connectFailed)
                      .arg(s.openAtEnd)
                      .arg(answers.join(u' ')));
    }
    printLine(QStringLiteral("healthz: probes=%1 fail=%2 p50=%3ms p99=%4ms max=%5ms")
                  .arg(c.healthzOk + c.healthzFail)
                  .arg(c.healthzFail)
                  .arg(formatMs(percentile(m_healthzAll, 0.5)),
                       formatMs(percentile(m_healthzAll, 0.99)),
                       formatMs(percentile(m_healthzAll, 1.0))));
    for (int i = 0; i < instanceCount(); ++i) {
        const Instance &target = instance(i);
        QString rss = QStringLiteral("no --pid");
        if (target.rssFirst >= 0)
            rss = QStringLiteral("rss_kib first=%1 last=%2 max=%3 (%4%5%)")
                      .arg(target.rssFirst)
                      .arg(target.rssLast)
                      .arg(target.rssMax)
                      .arg(target.rssLast >= target.rssFirst ? QStringLiteral("+") : QString())
                      .arg(100.0 * double(target.rssLast - target.rssFirst) /
                               double(std::max<qint64>(1, target.rssFirst)),
                           0, 'f', 1);
        else if (target.pid > 0)
            rss = QStringLiteral("pid %1 not readable").arg(target.pid);
        printLine(QStringLiteral("instance %1 %2: %3; open connections last=%4 max=%5")
                      .arg(i + 1)
                      .arg(target.base.toString(), rss)
                      .arg(target.openConnections)
                      .arg(target.openConnectionsMax));
    }
    const qint64 broken = brokenTotal();
    printLine(broken == 0 ? QStringLiteral("result: OK, nothing broken")
                          : QStringLiteral("result: BROKEN, %1 (writes %2, accepts %3, streams %4, "
                                           "healthz %5)")
                                .arg(broken)
                                .arg(c.writesBroken())
                                .arg(c.acceptBroken())
                                .arg(c.streamBroken())
                                .arg(c.healthzFail));
}

void Soak::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_probeTimer.stop();
    m_reportTimer.stop(); // finish() prints the last line
    m_hostileTimer.stop();
    m_interruptTimer.stop();
    // Streams close normally (their last session is still checked); hostile connections are
    // dropped; requests in flight finish (an accept round is judged on all its answers).
    for (Stream &s : m_streams) {
        if (s.socket && !s.ended) {
            s.closingByUs = true;
            if (s.connected)
                s.socket->close();
            else
                onStreamEnded(s.index, s.socket, QStringLiteral("stopped"));
        }
    }
    std::vector<QTcpSocket *> hostiles;
    for (const auto &entry : m_hostiles)
        hostiles.push_back(entry.first);
    for (QTcpSocket *socket : hostiles)
        endHostile(socket, false);
    const qint64 stopAt = nowMs();
    // Once the soak's own streams and hostile connections are gone, what the server still
    // counts as open is what it leaked (plus the keep-alive connections of this process).
    QTimer::singleShot(1500, this, [this] { sampleMetrics(); });
    auto *drain = new QTimer(this);
    connect(drain, &QTimer::timeout, this, [this, drain, stopAt] {
        const bool streamsOpen = std::any_of(m_streams.begin(), m_streams.end(),
                                             [](const Stream &s) { return !s.ended; });
        const qint64 waited = nowMs() - stopAt;
        if (waited < 2000 ||
            ((m_inflight > 0 || streamsOpen || m_probesInFlight > 0) && waited < 20000))
            return;
        drain->stop();
        if (m_inflight > 0 || streamsOpen)
            std::fprintf(stderr,
                         "dispatch_soak: %d requests and some streams still open after "
                         "20 s; not counted\n",
                         m_inflight);
        finish();
    });
    drain->start(100);
}

void Soak::finish()
{
    m_reportTimer.stop();
    report();
    summary();
    m_exitCode = brokenTotal() == 0 ? 0 : 1;
    if (m_loop)
        m_loop->quit();
}

int Soak::run()
{
    setUp();
    m_dispatcherNam = new QNetworkAccessManager(this);
    m_verifyNam = new QNetworkAccessManager(this);
    m_metricsNam = new QNetworkAccessManager(this);
    // One manager (and so one keep-alive connection) per writer and per pro, so the accepts
    // of a round really race.
    for (int w = 0; w < m_options.writers; ++w)
        m_writerNams.push_back(new QNetworkAccessManager(this));
    m_writerIteration.assign(std::size_t(m_options.writers), 0);
    for (std::size_t p = 0; p < m_pros.size(); ++p)
        m_proNams.push_back(new QNetworkAccessManager(this));
    m_streams.resize(std::size_t(m_options.streams));
    for (int i = 0; i < m_options.streams; ++i) {
        Stream &s = m_streams[std::size_t(i)];
        s.index = i;
        s.instance = i % instanceCount();
        // Half the streams watch as the dispatcher (every event), half as pros (open offers
        // and their own jobs).
        s.user = (i % 2 == 0 || m_pros.empty()) ? &m_dispatcher
                                                : &m_pros[std::size_t(i / 2) % m_pros.size()];
        s.lastSeq = m_headSeq;
    }

    m_startMs = nowMs();
    m_deadlineMs = m_startMs + qint64(m_options.minutes * 60000.0);
    QStringList urls;
    for (const Instance &target : m_instances)
        urls.append(target.base.toString());
    std::fprintf(stderr,
                 "dispatch_soak: %g min against %s: %d writers, %d pros, %d streams, %d hostile\n",
                 m_options.minutes, qPrintable(urls.join(u' ')), m_options.writers,
                 int(m_pros.size()), m_options.streams, m_options.hostile);

    for (int w = 0; w < m_options.writers; ++w)
        QTimer::singleShot(randomBetween(0, 500), this, [this, w] { writerStep(w); });
    acceptRound();
    for (int i = 0; i < m_options.streams; ++i)
        QTimer::singleShot(randomBetween(0, 1000), this, [this, i] { openStream(i); });

    connect(&m_hostileTimer, &QTimer::timeout, this, [this] { topUpHostiles(); });
    m_hostileTimer.start(100);
    connect(&m_probeTimer, &QTimer::timeout, this, [this] {
        for (int i = 0; i < instanceCount(); ++i)
            probe(i);
        sampleMetrics(); // so the report's conns/ws are at most a second old
    });
    m_probeTimer.start(1000);
    connect(&m_reportTimer, &QTimer::timeout, this, [this] { report(); });
    m_reportTimer.start(m_options.reportSeconds * 1000);
    connect(&m_interruptTimer, &QTimer::timeout, this, [this] {
        if (g_interrupted) {
            std::fprintf(stderr, "dispatch_soak: interrupted, stopping\n");
            stop();
        } else if (nowMs() >= m_deadlineMs) {
            stop();
        }
    });
    m_interruptTimer.start(200);
    sampleMetrics();
    report(); // t=0: the baseline RSS

    QEventLoop loop;
    m_loop = &loop;
    loop.exec();
    m_loop = nullptr;
    return m_exitCode;
}

bool isLoopback(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dispatch_soak"));
    g_clock.start();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Soak: writes, accepts, WebSocket reconnects and hostile connections against one or "
        "two dispatchd instances on loopback for N minutes (tests/soak/README.md)."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"),
        QStringLiteral("A dispatchd on loopback, e.g. http://127.0.0.1:8080 "
                       "(repeat for a second instance on the same database)."),
        QStringLiteral("url"));
    const QCommandLineOption minutesOption(QStringLiteral("minutes"),
                                           QStringLiteral("How long to run (default 10)."),
                                           QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption passwordOption(QStringLiteral("admin-password"),
                                            QStringLiteral("The admin's password."),
                                            QStringLiteral("password"));
    const QCommandLineOption passwordFileOption(
        QStringLiteral("admin-password-file"),
        QStringLiteral("File holding the admin's password (or DISPATCHD_ADMIN_PASSWORD)."),
        QStringLiteral("file"));
    const QCommandLineOption pidOption(
        QStringLiteral("pid"),
        QStringLiteral("Process id of the instance at the same position as --url, for VmRSS."),
        QStringLiteral("pid"));
    const QCommandLineOption hostileOption(
        QStringLiteral("hostile"), QStringLiteral("Hostile connections kept open (default 200)."),
        QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption writersOption(QStringLiteral("writers"),
                                           QStringLiteral("Concurrent writers (default 4)."),
                                           QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption prosOption(QStringLiteral("pros"),
                                        QStringLiteral("Pros racing for each offer (default 8)."),
                                        QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("WebSocket streams (default 20)."),
                                           QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption reportOption(
        QStringLiteral("report-seconds"),
        QStringLiteral("Seconds between report lines (default 10)."), QStringLiteral("s"),
        QStringLiteral("10"));
    const QCommandLineOption holdOption(
        QStringLiteral("hostile-hold-seconds"),
        QStringLiteral("Give up on a hostile connection the server keeps this long (default 120)."),
        QStringLiteral("s"), QStringLiteral("120"));
    const QCommandLineOption sourcesOption(
        QStringLiteral("hostile-sources"),
        QStringLiteral("Hostile connections come from 127.0.0.2 .. 127.0.0.(N+1) (default 4; 0: "
                       "from 127.0.0.1 like the soak's own clients)."),
        QStringLiteral("n"), QStringLiteral("4"));
    parser.addOptions({urlOption, minutesOption, passwordOption, passwordFileOption, pidOption,
                       hostileOption, writersOption, prosOption, streamsOption, reportOption,
                       holdOption, sourcesOption});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        die(QStringLiteral("unexpected argument \"%1\" (see --help)")
                .arg(parser.positionalArguments().constFirst()));

    Options options;
    const QStringList urls = parser.values(urlOption);
    if (urls.isEmpty() || urls.size() > 2)
        die(QStringLiteral("give one or two --url"));
    for (const QString &text : urls) {
        QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("http") || url.port() <= 0)
            die(QStringLiteral("--url must be http://HOST:PORT, not \"%1\"").arg(text));
        if (!isLoopback(url.host()))
            die(QStringLiteral("--url %1 is not on loopback; the soak only loads local servers")
                    .arg(text));
        url.setPath(QString());
        url.setQuery(QString());
        options.urls.append(url);
    }
    const QStringList pids = parser.values(pidOption);
    if (pids.size() > urls.size())
        die(QStringLiteral("more --pid than --url"));
    for (const QString &text : pids) {
        bool ok = false;
        const qint64 pid = text.toLongLong(&ok);
        if (!ok || pid <= 0)
            die(QStringLiteral("--pid must be a process id, not \"%1\"").arg(text));
        options.pids.append(pid);
    }
    bool ok = false;
    options.minutes = parser.value(minutesOption).toDouble(&ok);
    if (!ok || options.minutes <= 0)
        die(QStringLiteral("--minutes must be a positive number"));
    const auto count = [&parser](const QCommandLineOption &option, int low, int high) {
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < low || value > high)
            die(QStringLiteral("--%1 must be a number from %2 to %3")
                    .arg(option.names().constFirst())
                    .arg(low)
                    .arg(high));
        return value;
    };
    options.hostile = count(hostileOption, 0, 5000);
    options.writers = count(writersOption, 0, 100);
    options.pros = count(prosOption, 0, 100);
    options.streams = count(streamsOption, 0, 1000);
    options.reportSeconds = count(reportOption, 1, 3600);
    options.hostileHoldSeconds = count(holdOption, 1, 86400);
    options.hostileSources = count(sourcesOption, 0, 250);
    if (parser.isSet(passwordOption)) {
        options.adminPassword = parser.value(passwordOption);
    } else if (parser.isSet(passwordFileOption)) {
        QFile file(parser.value(passwordFileOption));
        if (!file.open(QIODevice::ReadOnly))
            die(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        options.adminPassword = QString::fromUtf8(file.readAll()).trimmed();
    } else {
        options.adminPassword = qEnvironmentVariable("DISPATCHD_ADMIN_PASSWORD");
    }
    if (options.adminPassword.isEmpty())
        die(QStringLiteral("give --admin-password or --admin-password-file"));

    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::signal(SIGPIPE, SIG_IGN);
    Soak soak(std::move(options));
    return soak.run();
}
