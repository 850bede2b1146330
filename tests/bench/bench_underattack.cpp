// Benchmark (not a test): how a normal client fares while dispatchd is attacked. Prints figures,
// never pass/fail.
//
//   hostile  1,000 connections from 127.0.0.1: a third idle, a third trickling a request head,
//            a third a head with Content-Length: 100000 and then a body, one byte every ~2 s
//            each. Whatever the server closes is reopened after --reopen-ms (default 1000, the
//            Retry-After of the per-address 503), so all 1,000 keep trying for the whole
//            window. Meanwhile a client on 127.0.0.2 makes --requests paced requests (GET
//            /healthz and an authenticated GET /api/v1/jobs/{id} alternately, keep-alive, a new
//            connection every 20 whose connect counts in that request's time). Baseline: the
//            same requests just before the attack, same server.
//   signin   waves of 50 concurrent POST /api/v1/auth/login, each from its own address
//            (127.0.0.10 to .59, so each counts as its own client for the per-address share
//            of the hashing queue), right and wrong passwords for 50 accounts made up front,
//            for --seconds, while /healthz is probed every 10 ms from 127.0.0.2. Baseline:
//            the probes alone, just before.
//
// Target (design): under attack a normal client's p99 stays under 100 ms and /healthz under
// 50 ms. Each latency runs from writing a request to having its whole answer; "corrected p99"
// also counts the requests a stall kept the paced client from sending. The attackers run on
// their own thread, so their sockets never delay the measured client's; on a shared 2-core
// machine they still compete for CPU, as a real attacker on the same host would.
//
// Usage: DISPATCHD_BINARY=<dispatchd> bench_underattack [--scenario hostile|signin|all]
//   Starts its own dispatchd (temporary SQLite database, default flags). With
//   DISPATCHD_BASELINE_BINARY=<an older dispatchd> each scenario also runs against that one,
//   with no flags it might not know. --url http://127.0.0.1:PORT --admin-password PW uses a
//   running server (on loopback: the clients are told apart by 127.0.0.x source addresses).
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "rawhttp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonObject>
#include <QMap>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kRequestTimeoutMs = 10'000;
// A server whose event loop hashes passwords can stall for a whole wave of sign-ins (over
// 10 s): the probe waits that out, so the stall is measured rather than counted as a failure.
constexpr int kProbeTimeoutMs = 60'000;
constexpr int kSampleEveryMs = 250; // /metrics during the attack
constexpr int kTrickleTickMs = 20;

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "bench_underattack: %s\n", qPrintable(message));
    std::exit(1);
}

/// Every hostile connection is a descriptor; the soft default (1024) is too few.
void raiseDescriptorLimit()
{
    rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
        std::printf("descriptors: %llu\n", static_cast<unsigned long long>(limit.rlim_cur));
    }
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"?"_s;
    const QList<QByteArray> fields = file.readAll().split(' ');
    return QString::fromLatin1(fields.mid(0, 3).join(' '));
}

/// CPU seconds (user + system) a process has used so far; -1 when unknown.
double cpuSeconds(qint64 pid)
{
    if (pid <= 0)
        return -1;
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // The fields after the command name (which may hold spaces): state is the first, utime
    // the 12th and stime the 13th.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) /
           double(::sysconf(_SC_CLK_TCK));
}

double ownCpuSeconds()
{
    rusage usage = {};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

/// Latencies in ms of one client's requests.
struct Latencies {
    std::vector<double> raw;       ///< from sending a request to having its whole answer
    std::vector<double> corrected; ///< raw plus what the requests a stall held back waited
    int answers = 0;
    int non200 = 0;
    int failures = 0; ///< no answer: timeout, refused or closed connection

    void add(double ms, double intervalMs)
    {
        raw.push_back(ms);
        corrected.push_back(ms);
        // A paced client sends nothing while it waits, so a stall would show as one slow
        // sample; count the requests it held back too (HdrHistogram's correction).
        for (double missed = ms - intervalMs; intervalMs > 0 && missed >= intervalMs;
             missed -= intervalMs)
            corrected.push_back(missed);
    }
    QString summary() const
    {
        return u"p50 %1  p90 %2  p99 %3  max %4 ms  (corrected p99 %5 ms)  answers %6  "
               u"non-200 %7  failures %8"_s.arg(percentile(raw, 50), 0, 'f', 2)
                   .arg(percentile(raw, 90), 0, 'f', 2)
                   .arg(percentile(raw, 99), 0, 'f', 2)
                   .arg(percentile(raw, 100), 0, 'f', 2)
                   .arg(percentile(corrected, 99), 0, 'f', 2)
                   .arg(answers)
                   .arg(non200)
                   .arg(failures);
    }
};

void sleepUntil(const QElapsedTimer &clock, qint64 dueNs)
{
    const qint64 wait = dueNs - clock.nsecsElapsed();
    if (wait > 0)
        std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
}

/// One keep-alive HTTP connection from a chosen loopback address, used without an event loop:
/// each exchange blocks in poll() on this one socket, so nothing else the bench does is
/// inside the measured time.
class BlockingClient final {
public:
    BlockingClient(QHostAddress server, quint16 port, QHostAddress from)
        : m_server(std::move(server))
        , m_port(port)
        , m_from(std::move(from))
    {}

    /// Sends `request` and waits for the whole answer; nothing on a timeout or a closed
    /// connection (the next call connects again).
    std::optional<RawResponse> exchange(const QByteArray &request,
                                        int timeoutMs = kRequestTimeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        if (!connectIfNeeded(deadline)) {
            reconnect();
            return std::nullopt;
        }
        m_socket->write(request);
        m_socket->flush();
        while (m_socket->bytesToWrite() > 0 && !deadline.hasExpired())
            m_socket->waitForBytesWritten(int(deadline.remainingTime()));
        for (;;) {
            m_buffer += m_socket->readAll();
            if (auto response = parseResponse(m_buffer, false)) {
                m_buffer.remove(0, response->wireBytes);
                if (response->header("Connection").compare("close", Qt::CaseInsensitive) == 0)
                    reconnect();
                return response;
            }
            if (m_socket->state() != QAbstractSocket::ConnectedState || deadline.hasExpired())
                break;
            m_socket->waitForReadyRead(int(deadline.remainingTime()));
        }
        reconnect();
        return std::nullopt;
    }

    /// Closes the connection politely; the next exchange opens a new one.
    void reconnect()
    {
        if (m_socket)
            m_socket->disconnectFromHost();
        m_socket.reset();
        m_buffer.clear();
    }

private:
    bool connectIfNeeded(const QDeadlineTimer &deadline)
    {
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
            return true;
        reconnect();
        m_socket = std::make_unique<QTcpSocket>();
        if (!m_socket->bind(m_from, 0))
            return false;
        m_socket->connectToHost(m_server, m_port);
        return m_socket->waitForConnected(int(deadline.remainingTime()));
    }

    QHostAddress m_server;
    quint16 m_port;
    QHostAddress m_from;
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

/// The unlabelled values on /metrics (loopback only), e.g. dispatch_http_open_connections.
QHash<QByteArray, double> readMetrics(BlockingClient &client)
{
    QHash<QByteArray, double> values;
    // Short: a server too busy to answer should not hold up the measured client for long.
    const auto response = client.exchange("GET /metrics HTTP/1.1\r\nHost: bench\r\n\r\n", 2000);
    if (!response || response->status != 200)
        return values;
    for (const QByteArray &line : response->body.split('\n')) {
        if (line.startsWith('#') || line.contains('{'))
            continue;
        const qsizetype space = line.indexOf(' ');
        if (space > 0)
            values.insert(line.left(space), line.mid(space + 1).toDouble());
    }
    return values;
}

/// What the attackers saw, readable from the measuring thread at any time.
struct SwarmCounters {
    std::atomic<int> live{0};      ///< connecting or connected (not waiting to reopen)
    std::atomic<int> connected{0}; ///< connected, as the client sees it
    std::atomic<qint64> opened{0};
    std::atomic<qint64> closedByServer{0}; ///< connected, then closed by the other end
    std::atomic<qint64> connectFailed{0};
    std::atomic<qint64> answered503{0};
    std::atomic<qint64> answered408{0};
    std::atomic<qint64> answeredOther{0};
    std::atomic<qint64> bytesTrickled{0};
};

/// The attacker: connections from one address, on their own thread. Slot i is idle
/// (i % 3 == 0), trickles a request head (1) or a request body (2).
class HostileSwarm final : public QObject {
public:
    struct Options {
        QHostAddress server;
        quint16 port = 0;
        QHostAddress from;
        int count = 1000;
        int reopenMs = 1000;
        int trickleMs = 2000; ///< each trickling connection sends a byte this often
    };
    explicit HostileSwarm(Options options)
        : m_options(std::move(options))
    {}

    SwarmCounters counters;

    void start()
    {
        m_slots.resize(std::size_t(m_options.count));
        for (int i = 0; i < m_options.count; ++i)
            open(i);
        auto *timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, &HostileSwarm::trickle);
        timer->start(kTrickleTickMs);
    }

    void stop()
    {
        m_stopping = true;
        for (Slot &slot : m_slots) {
            if (slot.socket) {
                slot.socket->disconnect(this);
                slot.socket->abort();
                delete slot.socket;
                slot.socket = nullptr;
            }
        }
    }

private:
    struct Slot {
        QTcpSocket *socket = nullptr;
        qsizetype sent = 0; ///< bytes of this connection's script written
        bool connected = false;
        bool answered = false;
    };

    static QByteArray headScript()
    {
        return QByteArrayLiteral("GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: ");
    }
    static QByteArray bodyHead()
    {
        return QByteArrayLiteral("POST /api/v1/auth/login HTTP/1.1\r\nHost: bench\r\n"
                                 "Content-Type: application/json\r\nContent-Length: 100000\r\n"
                                 "\r\n");
    }

    void open(int i)
    {
        Slot &slot = m_slots[std::size_t(i)];
        auto *socket = new QTcpSocket(this);
        slot = Slot{socket, 0, false, false};
        ++counters.opened;
        ++counters.live;
        connect(socket, &QTcpSocket::connected, this, [this, i, socket] {
            Slot &slot = m_slots[std::size_t(i)];
            if (slot.socket != socket)
                return;
            slot.connected = true;
            ++counters.connected;
            // The body connections send their whole head at once; the head ones start theirs.
            if (i % 3 == 2)
                socket->write(bodyHead());
            else if (i % 3 == 1)
                writeByte(i);
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, i, socket] {
            Slot &slot = m_slots[std::size_t(i)];
            const QByteArray data = socket->readAll();
            if (slot.socket != socket || slot.answered || !data.startsWith("HTTP/1.1 "))
                return;
            slot.answered = true;
            const int status = data.mid(9, 3).toInt();
            ++(status == 503   ? counters.answered503
               : status == 408 ? counters.answered408
                               : counters.answeredOther);
        });
        connect(socket, &QAbstractSocket::stateChanged, this,
                [this, i, socket](QAbstractSocket::SocketState state) {
                    if (state == QAbstractSocket::UnconnectedState)
                        closed(i, socket);
                });
        if (!socket->bind(m_options.from, 0)) {
            closed(i, socket);
            return;
        }
        socket->connectToHost(m_options.server, m_options.port);
    }

    void closed(int i, QTcpSocket *socket)
    {
        Slot &slot = m_slots[std::size_t(i)];
        if (slot.socket != socket || m_stopping)
            return;
        --counters.live;
        if (slot.connected) {
            --counters.connected;
            ++counters.closedByServer;
        } else {
            ++counters.connectFailed;
        }
        slot.socket = nullptr;
        socket->disconnect(this);
        socket->deleteLater();
        QTimer::singleShot(m_options.reopenMs, this, [this, i] {
            if (!m_stopping)
                open(i);
        });
    }

    /// The next byte of slot i's script: a request head that never ends (i % 3 == 1), or a
    /// JSON body that never reaches its Content-Length (i % 3 == 2).
    void writeByte(int i)
    {
        Slot &slot = m_slots[std::size_t(i)];
        static const QByteArray head = headScript();
        char byte = 'a';
        if (i % 3 == 1 && slot.sent < head.size())
            byte = head.at(slot.sent);
        else if (i % 3 == 2)
            byte = slot.sent == 0 ? '{' : ' ';
        slot.socket->write(&byte, 1);
        ++slot.sent;
        ++counters.bytesTrickled;
    }

    /// Each tick serves the next slice of slots, so every trickling connection sends a byte
    /// every trickleMs and the bytes are spread evenly over time.
    void trickle()
    {
        if (m_stopping)
            return;
        const int perTick =
            std::max(1, int(std::ceil(double(m_options.count) * kTrickleTickMs /
                                      std::max(kTrickleTickMs, m_options.trickleMs))));
        for (int n = 0; n < perTick; ++n) {
            m_cursor = (m_cursor + 1) % m_options.count;
            const Slot &slot = m_slots[std::size_t(m_cursor)];
            if (m_cursor % 3 != 0 && slot.socket && slot.connected)
                writeByte(m_cursor);
        }
    }

    Options m_options;
    std::vector<Slot> m_slots;
    int m_cursor = 0;
    bool m_stopping = false;
};

/// Waves of concurrent sign-ins, each client on its own keep-alive connection from its own
/// address, on their own thread. A wave goes once every answer of the previous one is in.
class SignInWaves final : public QObject {
public:
    struct Options {
        QHostAddress server;
        quint16 port = 0;
        QStringList usernames; ///< one client per account
        QString password;      ///< the right one for all; every other sign-in gets it wrong
        int firstHost = 10;    ///< clients come from 127.0.0.<firstHost + i>
        int seconds = 10;
    };
    struct Results {
        QMap<int, int> statuses;
        int failures = 0;
        int waves = 0;
        std::vector<double> hashedMs; ///< latency of the sign-ins answered 200 or 401
        qint64 firstSentMs = -1;
        qint64 lastAnswerMs = -1;
    };
    explicit SignInWaves(Options options)
        : m_options(std::move(options))
    {}

    std::atomic<bool> finished{false};
    Results results; ///< read once `finished`

    void start()
    {
        m_clock.start();
        m_clients.resize(std::size_t(m_options.usernames.size()));
        m_waveTimeout = new QTimer(this);
        m_waveTimeout->setSingleShot(true);
        connect(m_waveTimeout, &QTimer::timeout, this, &SignInWaves::abandonWave);
        m_notConnected = int(m_clients.size());
        for (int i = 0; i < int(m_clients.size()); ++i)
            open(i);
    }

private:
    struct Client {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        bool up = false; ///< connected
        bool waiting = false;
        qint64 sentAtNs = 0;
    };

    void open(int i)
    {
        Client &client = m_clients[std::size_t(i)];
        auto *socket = new QTcpSocket(this);
        client = Client{socket, {}, false, false, 0};
        connect(socket, &QTcpSocket::connected, this, [this, i, socket] {
            Client &client = m_clients[std::size_t(i)];
            if (client.socket != socket)
                return;
            client.up = true;
            --m_notConnected;
            maybeNextWave();
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, i, socket] { read(i, socket); });
        connect(socket, &QAbstractSocket::stateChanged, this,
                [this, i, socket](QAbstractSocket::SocketState state) {
                    if (state == QAbstractSocket::UnconnectedState)
                        closed(i, socket);
                });
        const QHostAddress from(quint32((127U << 24) + quint32(m_options.firstHost + i)));
        if (!socket->bind(from, 0))
            fail(u"cannot bind to %1"_s.arg(from.toString()));
        socket->connectToHost(m_options.server, m_options.port);
    }

    void closed(int i, QTcpSocket *socket)
    {
        Client &client = m_clients[std::size_t(i)];
        if (client.socket != socket)
            return;
        if (client.up)
            ++m_notConnected; // until the new connection is up: no wave without this client
        if (client.waiting) {
            client.waiting = false;
            ++results.failures;
            --m_outstanding;
        }
        const bool wasUp = client.up;
        client = Client{};
        socket->disconnect(this);
        socket->deleteLater();
        if (finished)
            return;
        // A refused connect is retried after a pause, not in a tight loop.
        QTimer::singleShot(wasUp ? 0 : 100, this, [this, i] { open(i); });
        maybeNextWave();
    }

    void read(int i, QTcpSocket *socket)
    {
        Client &client = m_clients[std::size_t(i)];
        if (client.socket != socket)
            return;
        client.buffer += socket->readAll();
        const auto response = parseResponse(client.buffer, false);
        if (!response || !client.waiting)
            return;
        client.buffer.remove(0, response->wireBytes);
        client.waiting = false;
        --m_outstanding;
        results.statuses[response->status] += 1;
        results.lastAnswerMs = m_clock.elapsed();
        if (response->status == 200 || response->status == 401)
            results.hashedMs.push_back(double(m_clock.nsecsElapsed() - client.sentAtNs) / 1e6);
        if (response->header("Connection").compare("close", Qt::CaseInsensitive) == 0)
            socket->disconnectFromHost(); // reopened in closed()
        maybeNextWave();
    }

    void maybeNextWave()
    {
        if (m_outstanding > 0 || m_notConnected > 0 || finished)
            return;
        m_waveTimeout->stop();
        if (m_clock.elapsed() >= qint64(m_options.seconds) * 1000) {
            finished = true;
            return;
        }
        // Half the sign-ins are wrong, a different half each wave: an account gets a wrong
        // guess every other wave, well under its 10 a minute.
        ++results.waves;
        if (results.firstSentMs < 0)
            results.firstSentMs = m_clock.elapsed();
        for (int i = 0; i < int(m_clients.size()); ++i) {
            Client &client = m_clients[std::size_t(i)];
            const bool wrong = (i + results.waves) % 2 == 1;
            const QByteArray body = HttpTestClient::toJsonBytes(
                QJsonObject{{u"username"_s, m_options.usernames[i]},
                            {u"password"_s, wrong ? u"not-the-password"_s : m_options.password}});
            const QByteArray request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: bench\r\n"
                                       "Content-Type: application/json\r\nContent-Length: " +
                                       QByteArray::number(body.size()) + "\r\n\r\n" + body;
            client.waiting = true;
            client.sentAtNs = m_clock.nsecsElapsed();
            ++m_outstanding;
            client.socket->write(request);
        }
        m_waveTimeout->start(kProbeTimeoutMs * 2);
    }

    /// A wave that is not answered in time: its stragglers count as failures.
    void abandonWave()
    {
        for (Client &client : m_clients) {
            if (client.waiting && client.socket)
                client.socket->abort(); // closed() counts it and reconnects
        }
    }

    Options m_options;
    std::vector<Client> m_clients;
    QElapsedTimer m_clock;
    QTimer *m_waveTimeout = nullptr;
    int m_outstanding = 0;
    int m_notConnected = 0;
};

/// Runs `object` on a thread of its own; what run() is given runs there too.
template<typename T> class OnThread final {
public:
    explicit OnThread(std::unique_ptr<T> object)
        : m_object(object.release())
    {
        m_object->moveToThread(&m_thread);
        // Deleted on its own thread, as that thread finishes.
        QObject::connect(&m_thread, &QThread::finished, m_object, &QObject::deleteLater);
        m_thread.start();
    }
    ~OnThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    OnThread(const OnThread &) = delete;
    OnThread &operator=(const OnThread &) = delete;

    template<typename F> void run(F &&function)
    {
        QMetaObject::invokeMethod(m_object, std::forward<F>(function),
                                  Qt::BlockingQueuedConnection);
    }
    T *operator->() { return m_object; }

private:
    QThread m_thread;
    T *m_object;
};

/// A dispatchd to measure: the one started here or one given by --url.
struct Target {
    QString label; ///< what the figures are of, e.g. the binary's path
    QHostAddress address;
    quint16 port = 0;
    QString adminPassword;
    qint64 pid = 0; ///< 0 when not known (--url)

    QUrl apiBase() const
    {
        return QUrl(u"http://%1:%2/api/v1"_s.arg(address.toString()).arg(port));
    }
};

struct Settings {
    int requests = 2000;
    int paceMs = 5;
    int maxSeconds = 120;
    int hostile = 1000;
    int reopenMs = 1000;
    int trickleMs = 2000;
    int settleMs = 2000;
    int signIns = 50;
    int seconds = 10;
    int probeMs = 10;
};

const QHostAddress kNormalAddress(u"127.0.0.2"_s);
const QHostAddress kSamplerAddress(u"127.0.0.3"_s);

QString uniqueSuffix()
{
    return QString::number(QDateTime::currentMSecsSinceEpoch() % 100'000'000);
}

/// POST /users as admin; the new account's password is `password`.
void createUser(HttpTestClient &admin, const QString &username, const QString &role,
                const QString &password)
{
    const HttpResult created =
        admin.postJson(u"/users"_s, QJsonObject{{u"username"_s, username},
                                                {u"password"_s, password},
                                                {u"name"_s, QString(u"Bench "_s + username)},
                                                {u"role"_s, role},
                                                {u"home"_s, QJsonValue::Null}});
    if (created.status != 201)
        fail(u"POST /users %1: %2"_s.arg(username, QString::fromUtf8(created.describe())));
}

HttpTestClient signedInAdmin(const Target &target)
{
    HttpTestClient admin(target.apiBase());
    if (!admin.login(u"admin"_s, target.adminPassword))
        fail(u"cannot sign in as admin"_s);
    return admin;
}

// ---------------------------------------------------------------------------------------------

struct NormalRun {
    Latencies all;
    Latencies healthz;
    Latencies job;
    std::vector<double> openConnections; ///< /metrics samples during the run
    std::vector<double> swarmLive;       ///< the attackers' connecting+connected, same times
    double seconds = 0;
    double serverCpu = -1; ///< seconds of CPU dispatchd used during the run
    double benchCpu = 0;
};

/// The normal client: `requests` requests, one every `paceMs` (the next is sent at once when
/// one took longer), alternating /healthz and the job, a new connection every 20.
NormalRun runNormal(const Target &target, const Settings &settings, const QByteArray &token,
                    const QString &jobId, BlockingClient *sampler, const SwarmCounters *swarm)
{
    const QByteArray healthz = "GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n";
    const QByteArray job = "GET /api/v1/jobs/" + jobId.toUtf8() +
                           " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + token +
                           "\r\n\r\n";
    BlockingClient client(target.address, target.port, kNormalAddress);
    NormalRun run;
    const double cpuBefore = cpuSeconds(target.pid);
    const double benchBefore = ownCpuSeconds();
    QElapsedTimer clock;
    clock.start();
    const qint64 intervalNs = qint64(settings.paceMs) * 1'000'000;
    qint64 dueNs = 0;
    qint64 nextSampleMs = 0;
    for (int i = 0; i < settings.requests && clock.elapsed() < settings.maxSeconds * 1000; ++i) {
        if (sampler && clock.elapsed() >= nextSampleMs) {
            nextSampleMs = clock.elapsed() + kSampleEveryMs;
            const auto metrics = readMetrics(*sampler);
            run.openConnections.push_back(metrics.value("dispatch_http_open_connections", -1));
            if (swarm)
                run.swarmLive.push_back(swarm->live.load());
        }
        sleepUntil(clock, dueNs);
        if (i > 0 && i % 20 == 0)
            client.reconnect();
        const bool isJob = i % 2 == 1;
        const qint64 sentNs = clock.nsecsElapsed();
        const auto response = client.exchange(isJob ? job : healthz);
        const qint64 doneNs = clock.nsecsElapsed();
        for (Latencies *latencies : {&run.all, isJob ? &run.job : &run.healthz}) {
            if (!response) {
                ++latencies->failures;
                continue;
            }
            ++latencies->answers;
            latencies->non200 += response->status == 200 ? 0 : 1;
            latencies->add(double(doneNs - sentNs) / 1e6, settings.paceMs);
        }
        dueNs = std::max(dueNs + intervalNs, doneNs);
    }
    run.seconds = double(clock.nsecsElapsed()) / 1e9;
    if (cpuBefore >= 0)
        run.serverCpu = cpuSeconds(target.pid) - cpuBefore;
    run.benchCpu = ownCpuSeconds() - benchBefore;
    return run;
}

QString cpuLine(const NormalRun &run)
{
    return u"dispatchd CPU %1 % of a core, bench CPU %2 % of a core, over %3 s"_s
        .arg(run.serverCpu < 0 ? u"?"_s
                               : QString::number(100 * run.serverCpu / run.seconds, 'f', 0))
        .arg(100 * run.benchCpu / run.seconds, 0, 'f', 0)
        .arg(run.seconds, 0, 'f', 1);
}

QString range(const std::vector<double> &samples)
{
    if (samples.empty() || *std::min_element(samples.begin(), samples.end()) < 0)
        return u"n/a"_s;
    double sum = 0;
    for (double value : samples)
        sum += value;
    return u"min %1 / mean %2 / max %3"_s.arg(*std::min_element(samples.begin(), samples.end()))
        .arg(sum / double(samples.size()), 0, 'f', 0)
        .arg(*std::max_element(samples.begin(), samples.end()));
}

void hostileScenario(const Target &target, const Settings &settings)
{
    std::printf("\n== hostile: %d connections from 127.0.0.1 vs a client on 127.0.0.2 (%s)\n",
                settings.hostile, qPrintable(target.label));
    const QString suffix = uniqueSuffix();
    HttpTestClient admin = signedInAdmin(target);
    const QString username = u"bench-disp-"_s + suffix;
    const QString password = u"bench-password-"_s + suffix;
    createUser(admin, username, u"dispatcher"_s, password);
    HttpTestClient dispatcher(target.apiBase());
    if (!dispatcher.login(username, password))
        fail(u"cannot sign in as the dispatcher"_s);
    const QJsonObject fields{
        {u"title"_s, u"Replace water heater"_s},
        {u"details"_s, QString(u"Customer notes. "_s).repeated(30)},
        {u"customer.name"_s, u"Ada Lovelace"_s},
        {u"customer.phone"_s, u"+15125550100"_s},
        {u"address"_s, u"1100 Congress Ave, Austin, TX 78701"_s},
    };
    const HttpResult created = dispatcher.postJson(u"/jobs"_s, QJsonObject{{u"fields"_s, fields}});
    const QString jobId = created.json().value(u"id"_s).toString();
    if (created.status != 201 || jobId.isEmpty())
        fail(u"POST /jobs: %1"_s.arg(QString::fromUtf8(created.describe())));

    BlockingClient sampler(target.address, target.port, kSamplerAddress);
    Settings warmUp = settings;
    warmUp.requests = 200;
    runNormal(target, warmUp, dispatcher.token(), jobId, nullptr, nullptr);

    std::printf("load average before: %s\n", qPrintable(loadAverage()));
    const NormalRun baseline =
        runNormal(target, settings, dispatcher.token(), jobId, &sampler, nullptr);
    std::printf("baseline (no attack), %d requests every %d ms:\n", settings.requests,
                settings.paceMs);
    std::printf("  all      %s\n", qPrintable(baseline.all.summary()));
    std::printf("  /healthz %s\n", qPrintable(baseline.healthz.summary()));
    std::printf("  job      %s\n", qPrintable(baseline.job.summary()));
    std::printf("  %s\n", qPrintable(cpuLine(baseline)));
    std::printf("  open connections: %s\n", qPrintable(range(baseline.openConnections)));

    HostileSwarm::Options options;
    options.server = target.address;
    options.port = target.port;
    options.from = QHostAddress(QHostAddress::LocalHost);
    options.count = settings.hostile;
    options.reopenMs = settings.reopenMs;
    options.trickleMs = settings.trickleMs;
    OnThread<HostileSwarm> swarm(std::make_unique<HostileSwarm>(options));
    swarm.run([&swarm] { swarm->start(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(settings.settleMs));

    const auto metricsBefore = readMetrics(sampler);
    const SwarmCounters &counters = swarm->counters;
    const qint64 opened = counters.opened, closed = counters.closedByServer,
                 failed = counters.connectFailed, got503 = counters.answered503,
                 got408 = counters.answered408, gotOther = counters.answeredOther;
    const NormalRun attacked =
        runNormal(target, settings, dispatcher.token(), jobId, &sampler, &counters);
    const auto metricsAfter = readMetrics(sampler);
    const auto delta = [&](const char *name) -> QString {
        if (!metricsBefore.contains(name))
            return u"n/a"_s;
        return QString::number(metricsAfter.value(name) - metricsBefore.value(name), 'f', 0);
    };
    std::printf("under attack (after %d ms of settling), %d requests every %d ms:\n",
                settings.settleMs, settings.requests, settings.paceMs);
    std::printf("  all      %s\n", qPrintable(attacked.all.summary()));
    std::printf("  /healthz %s\n", qPrintable(attacked.healthz.summary()));
    std::printf("  job      %s\n", qPrintable(attacked.job.summary()));
    std::printf("  %s\n", qPrintable(cpuLine(attacked)));
    std::printf("  p99 ratio attack/baseline: %.2f\n",
                percentile(attacked.all.raw, 99) / percentile(baseline.all.raw, 99));
    std::printf("  server: open connections %s (all addresses, the client's and the sampler's "
                "included)\n",
                qPrintable(range(attacked.openConnections)));
    std::printf("  server during the window: accepted %s, refused %s, timed out %s, evicted %s\n",
                qPrintable(delta("dispatch_http_connections_accepted_total")),
                qPrintable(delta("dispatch_http_connections_refused_total")),
                qPrintable(delta("dispatch_http_timeouts_total")),
                qPrintable(delta("dispatch_http_connections_evicted_total")));
    std::printf("  attackers during the window: connecting or connected %s of %d; %lld opened, "
                "%lld closed by the server after connecting, %lld failed to connect; answers "
                "seen: %lld 503, %lld 408, %lld other; %lld bytes trickled in all\n",
                qPrintable(range(attacked.swarmLive)), settings.hostile,
                static_cast<long long>(counters.opened - opened),
                static_cast<long long>(counters.closedByServer - closed),
                static_cast<long long>(counters.connectFailed - failed),
                static_cast<long long>(counters.answered503 - got503),
                static_cast<long long>(counters.answered408 - got408),
                static_cast<long long>(counters.answeredOther - gotOther),
                static_cast<long long>(counters.bytesTrickled.load()));
    swarm.run([&swarm] { swarm->stop(); });
    std::fflush(stdout);
}

// ---------------------------------------------------------------------------------------------

/// GET /healthz every probeMs from 127.0.0.2 for at least `seconds`, and on while `busy`.
Latencies probeHealth(const Target &target, const Settings &settings, int seconds,
                      const std::function<bool()> &busy = {})
{
    BlockingClient client(target.address, target.port, kNormalAddress);
    Latencies latencies;
    QElapsedTimer clock;
    clock.start();
    const qint64 intervalNs = qint64(settings.probeMs) * 1'000'000;
    qint64 dueNs = 0;
    while (clock.elapsed() < qint64(seconds) * 1000 || (busy && busy())) {
        sleepUntil(clock, dueNs);
        const qint64 sentNs = clock.nsecsElapsed();
        const auto response =
            client.exchange("GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n", kProbeTimeoutMs);
        const qint64 doneNs = clock.nsecsElapsed();
        if (!response) {
            ++latencies.failures;
        } else {
            ++latencies.answers;
            latencies.non200 += response->status == 200 ? 0 : 1;
            latencies.add(double(doneNs - sentNs) / 1e6, settings.probeMs);
        }
        dueNs = std::max(dueNs + intervalNs, doneNs);
    }
    return latencies;
}

void signInScenario(const Target &target, const Settings &settings)
{
    std::printf("\n== signin: waves of %d concurrent sign-ins from 127.0.0.10.. vs /healthz "
                "every %d ms (%s)\n",
                settings.signIns, settings.probeMs, qPrintable(target.label));
    const QString suffix = uniqueSuffix();
    const QString password = u"bench-password-"_s + suffix;
    HttpTestClient admin = signedInAdmin(target);
    QStringList usernames;
    for (int i = 0; i < settings.signIns; ++i) {
        usernames.append(u"bench-%1-%2"_s.arg(suffix).arg(i));
        createUser(admin, usernames.last(), u"dispatcher"_s, password);
    }
    probeHealth(target, settings, 1); // warm-up

    std::printf("load average before: %s\n", qPrintable(loadAverage()));
    const Latencies baseline = probeHealth(target, settings, settings.seconds);
    std::printf("baseline /healthz (no sign-ins), %d s:\n  %s\n", settings.seconds,
                qPrintable(baseline.summary()));

    SignInWaves::Options options;
    options.server = target.address;
    options.port = target.port;
    options.usernames = usernames;
    options.password = password;
    options.seconds = settings.seconds;
    OnThread<SignInWaves> waves(std::make_unique<SignInWaves>(options));
    const double cpuBefore = cpuSeconds(target.pid);
    QElapsedTimer clock;
    clock.start();
    waves.run([&waves] { waves->start(); });
    // On until the last wave (sent before the deadline) has all its answers.
    const qint64 capMs = qint64(settings.seconds) * 1000 + kProbeTimeoutMs * 3;
    const Latencies during = probeHealth(target, settings, settings.seconds, [&] {
        return !waves->finished && clock.elapsed() < capMs;
    });
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    const double serverCpu = cpuBefore < 0 ? -1 : cpuSeconds(target.pid) - cpuBefore;
    if (!waves->finished)
        std::printf("  (the sign-ins did not finish in time; figures so far)\n");

    SignInWaves::Results results;
    waves.run([&waves, &results] { results = waves->results; });
    QStringList statuses;
    int total = 0;
    for (auto it = results.statuses.cbegin(); it != results.statuses.cend(); ++it) {
        statuses.append(u"%1 x%2"_s.arg(it.key()).arg(it.value()));
        total += it.value();
    }
    const int hashed = results.statuses.value(200) + results.statuses.value(401);
    const double signInSeconds = double(results.lastAnswerMs - results.firstSentMs) / 1000.0;
    std::printf("/healthz during the sign-ins, %.1f s:\n  %s\n", elapsed,
                qPrintable(during.summary()));
    std::printf("  p99 ratio during/baseline: %.2f\n",
                percentile(during.raw, 99) / percentile(baseline.raw, 99));
    std::printf("sign-ins: %d waves, %d answered (%s), %d failures; %.1f checked (200 or 401) "
                "per second over %.1f s; 503: %d; latency of checked ones p50 %.0f / p99 %.0f / "
                "max %.0f ms\n",
                results.waves, total, qPrintable(statuses.join(u", "_s)), results.failures,
                signInSeconds > 0 ? hashed / signInSeconds : 0.0, signInSeconds,
                results.statuses.value(503), percentile(results.hashedMs, 50),
                percentile(results.hashedMs, 99), percentile(results.hashedMs, 100));
    if (serverCpu >= 0)
        std::printf("dispatchd CPU during the sign-ins: %.0f %% of a core over %.1f s\n",
                    100 * serverCpu / elapsed, elapsed);
    std::fflush(stdout);
}

// ---------------------------------------------------------------------------------------------

/// Starts `binary` with default flags (plus `extraArgs`) on a temporary database.
std::unique_ptr<DispatchdProcess> startServer(const QString &binary, const QStringList &extraArgs)
{
    // DispatchdProcess runs $DISPATCHD_BINARY; point it at this binary for the one start.
    const QByteArray previous = qgetenv("DISPATCHD_BINARY");
    qputenv("DISPATCHD_BINARY", binary.toLocal8Bit());
    auto server = std::make_unique<DispatchdProcess>();
    DispatchdOptions options;
    options.extraArgs = extraArgs;
    const bool started = server->start(options);
    qputenv("DISPATCHD_BINARY", previous);
    if (!started)
        fail(u"cannot start %1"_s.arg(binary));
    return server;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A normal client's latency while dispatchd is under attack."_s);
    parser.addHelpOption();
    const QCommandLineOption scenarioOption(u"scenario"_s, u"hostile, signin or all (default)."_s,
                                            u"name"_s, u"all"_s);
    const QCommandLineOption urlOption(u"url"_s, u"A running dispatchd on loopback."_s, u"url"_s);
    const QCommandLineOption adminOption(
        u"admin-password"_s, u"With --url: the admin's password (or DISPATCHD_ADMIN_PASSWORD)."_s,
        u"password"_s);
    const QCommandLineOption serverArgOption(
        u"dispatchd-arg"_s, u"An extra flag for $DISPATCHD_BINARY (repeat for several)."_s,
        u"arg"_s);
    const QCommandLineOption requestsOption(
        u"requests"_s, u"hostile: the normal client's requests (default 2000)."_s, u"n"_s,
        u"2000"_s);
    const QCommandLineOption paceOption(
        u"pace-ms"_s, u"hostile: one request every this many ms (default 5)."_s, u"ms"_s, u"5"_s);
    const QCommandLineOption hostileOption(
        u"hostile"_s, u"hostile: attacking connections (default 1000)."_s, u"n"_s, u"1000"_s);
    const QCommandLineOption reopenOption(
        u"reopen-ms"_s, u"hostile: reopen a closed attacker after this many ms (default 1000)."_s,
        u"ms"_s, u"1000"_s);
    const QCommandLineOption signInsOption(
        u"signins"_s, u"signin: concurrent sign-ins per wave (default 50)."_s, u"n"_s, u"50"_s);
    const QCommandLineOption secondsOption(
        u"seconds"_s, u"signin: seconds of waves, and of the baseline (default 10)."_s, u"s"_s,
        u"10"_s);
    parser.addOptions({scenarioOption, urlOption, adminOption, serverArgOption, requestsOption,
                       paceOption, hostileOption, reopenOption, signInsOption, secondsOption});
    parser.process(app);

    Settings settings;
    settings.requests = std::max(20, parser.value(requestsOption).toInt());
    settings.paceMs = std::max(0, parser.value(paceOption).toInt());
    settings.hostile = std::max(3, parser.value(hostileOption).toInt());
    settings.reopenMs = std::max(0, parser.value(reopenOption).toInt());
    settings.signIns = std::clamp(parser.value(signInsOption).toInt(), 1, 200);
    settings.seconds = std::max(1, parser.value(secondsOption).toInt());
    const QString scenario = parser.value(scenarioOption);
    if (scenario != u"hostile"_s && scenario != u"signin"_s && scenario != u"all"_s)
        fail(u"--scenario must be hostile, signin or all"_s);

    raiseDescriptorLimit();
    std::signal(SIGPIPE, SIG_IGN);
    std::printf("machine: %d cores, load average %s\n", QThread::idealThreadCount(),
                qPrintable(loadAverage()));

    // Which servers: the one given, or ours, then the older binary for comparison.
    struct Build {
        QString label;
        QString binary;
        QStringList extraArgs;
    };
    QList<Build> builds;
    if (parser.isSet(urlOption)) {
        builds.append({parser.value(urlOption), {}, {}});
    } else {
        if (DispatchdProcess::binaryPath().isEmpty())
            fail(u"set DISPATCHD_BINARY to the dispatchd binary, or give --url"_s);
        builds.append({DispatchdProcess::binaryPath(), DispatchdProcess::binaryPath(),
                       parser.values(serverArgOption)});
        const QString older = qEnvironmentVariable("DISPATCHD_BASELINE_BINARY");
        if (!older.isEmpty())
            builds.append({u"baseline binary "_s + older, older, {}});
    }

    for (const QString &name : {u"hostile"_s, u"signin"_s}) {
        if (scenario != u"all"_s && scenario != name)
            continue;
        for (const Build &build : std::as_const(builds)) {
            std::unique_ptr<DispatchdProcess> server;
            Target target;
            target.label = build.label;
            if (build.binary.isEmpty()) {
                const QUrl url(build.label);
                target.address =
                    QHostAddress(url.host() == u"localhost"_s ? u"127.0.0.1"_s : url.host());
                target.port = quint16(url.port(80));
                target.adminPassword = parser.isSet(adminOption)
                                           ? parser.value(adminOption)
                                           : qEnvironmentVariable("DISPATCHD_ADMIN_PASSWORD");
                if (!target.address.isLoopback())
                    fail(u"--url must be on loopback (127.0.0.x)"_s);
            } else {
                server = startServer(build.binary, build.extraArgs);
                target.address = QHostAddress(QHostAddress::LocalHost);
                target.port = server->port();
                target.adminPassword = QString::fromLatin1(server->adminPassword());
                target.pid = server->pid();
            }
            if (name == u"hostile"_s)
                hostileScenario(target, settings);
            else
                signInScenario(target, settings);
            if (server)
                server->stop();
        }
    }
    return 0;
}
