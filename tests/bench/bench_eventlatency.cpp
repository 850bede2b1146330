// Benchmark (not a test), issue 6: event latency with many WebSocket clients, and the bytes of
// an idle poll.
//
// One process, one thread: N raw QWebSocket clients (default 200) on `/api/v1/stream`, one
// EventStreamClient with its ApiClient (the console's real path: event applied to the cache),
// and one writer that PATCHes a job W times (default 200), one write at a time: the next
// write goes once every client has the previous event. For each write and client it records
// the time from the writer's PATCH response to the event's arrival (a negative value, counted
// as 0, means the event beat the response), and reports p50/p99/max over all of them.
//
// Idle poll: `GET /events?after=<lastSeq>` with `If-None-Match` answered 304, counted in bytes
// both ways (a) as a minimal hand-written request on a raw socket and (b) as the console
// sends it (ApiClient through QNetworkAccessManager), through a byte-counting TCP relay.
//
// Targets (docs/BENCHMARKS.md): p50 <= 5 ms, p99 <= 50 ms, idle poll < 400 bytes.
//
// Usage: bench_eventlatency [--clients N] [--writes N]
//   dispatchd: $DISPATCHD_BINARY is started on a temporary SQLite database, or with
//   $DISPATCHD_DB (e.g. postgresql://postgres@127.0.0.1:5432/bench) on that database.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testoffice.h"

#include <apiclient.h>
#include <eventstreamclient.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace dispatch;
using namespace dispatch::net;

namespace {

QElapsedTimer g_clock;

qint64 nowNs()
{
    return g_clock.nsecsElapsed();
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "bench_eventlatency: %s\n", qPrintable(message));
    std::exit(1);
}

/// Spins the event loop until `done` or the timeout; false on timeout.
template<typename Predicate> bool spinUntil(Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

/// The seq of an event message without parsing the whole job (keeps the client side out
/// of the figure as far as possible); -1 for other messages.
qint64 seqOf(const QString &message)
{
    const qsizetype at = message.indexOf(QLatin1String("\"seq\":"));
    if (at < 0)
        return -1;
    qsizetype end = at + 6;
    while (end < message.size() && message.at(end).isDigit())
        ++end;
    return QStringView(message).mid(at + 6, end - at - 6).toLongLong();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index =
        std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

/// A TCP relay that counts the bytes each way (the bytes on the wire, minus TCP/IP headers).
class CountingRelay final : public QObject {
public:
    explicit CountingRelay(quint16 target)
        : m_target(target)
    {
        connect(&m_listener, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_listener.nextPendingConnection()) {
                auto *upstream = new QTcpSocket(client);
                auto pending = std::make_shared<QByteArray>();
                connect(client, &QTcpSocket::readyRead, this, [this, client, upstream, pending] {
                    const QByteArray bytes = client->readAll();
                    toServer += bytes.size();
                    sentBytes += bytes;
                    if (upstream->state() == QAbstractSocket::ConnectedState)
                        upstream->write(bytes);
                    else
                        *pending += bytes;
                });
                connect(upstream, &QTcpSocket::connected, this,
                        [upstream, pending] { upstream->write(std::exchange(*pending, {})); });
                connect(upstream, &QTcpSocket::readyRead, this, [this, client, upstream] {
                    const QByteArray bytes = upstream->readAll();
                    toClient += bytes.size();
                    receivedBytes += bytes;
                    client->write(bytes);
                });
                connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
                upstream->connectToHost(QHostAddress::LocalHost, m_target);
            }
        });
    }
    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_listener.serverPort()));
    }
    qint64 toServer = 0;
    qint64 toClient = 0;
    QByteArray sentBytes; ///< since the last reset, for the report
    QByteArray receivedBytes;

private:
    QTcpServer m_listener;
    quint16 m_target;
};

/// One GET on a fresh raw socket; returns request + response bytes and the raw response.
std::pair<qint64, QByteArray> rawGet(quint16 port, const QByteArray &target,
                                     const QByteArray &token, const QByteArray &ifNoneMatch)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        fail(QStringLiteral("raw connect failed"));
    QByteArray request = "GET " + target +
                         " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                         "\r\nAuthorization: Bearer " + token + "\r\n";
    if (!ifNoneMatch.isEmpty())
        request += "If-None-Match: " + ifNoneMatch + "\r\n";
    request += "\r\n";
    socket.write(request);
    QByteArray response;
    // The head, then Content-Length bytes of body.
    for (;;) {
        if (!socket.waitForReadyRead(5000))
            fail(QStringLiteral("raw GET got no answer"));
        response += socket.readAll();
        const qsizetype end = response.indexOf("\r\n\r\n");
        if (end < 0)
            continue;
        qsizetype length = 0;
        const auto lines = response.left(end).split('\n');
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (response.size() >= end + 4 + length)
            break;
    }
    return {request.size() + response.size(), response};
}

QByteArray headerOf(const QByteArray &response, QByteArrayView name)
{
    const auto lines = response.left(response.indexOf("\r\n\r\n")).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    g_clock.start();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Event latency to many WebSocket clients, and idle poll bytes"));
    parser.addHelpOption();
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
                                           QStringLiteral("WebSocket clients (default 200)."),
                                           QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption writesOption(QStringLiteral("writes"),
                                          QStringLiteral("Measured writes (default 200)."),
                                          QStringLiteral("n"), QStringLiteral("200"));
    parser.addOptions({clientsOption, writesOption});
    parser.process(app);
    const int clientCount = qMax(1, parser.value(clientsOption).toInt());
    const int writes = qMax(1, parser.value(writesOption).toInt());

    if (test::DispatchdProcess::binaryPath().isEmpty()) {
        std::fprintf(stderr, "set DISPATCHD_BINARY to the dispatchd binary\n");
        return 2;
    }
    test::DispatchdProcess server;
    test::DispatchdProcess::Options options;
    options.dbUrl = qEnvironmentVariable("DISPATCHD_DB");
    // Every client comes from 127.0.0.1 here, where an office's consoles would come from many
    // addresses: lift the per-address cap (docs/OPERATIONS.md) above what the run opens (a stream
    // and a poll connection per client).
    options.extraArgs = {QStringLiteral("--max-connections-per-address"),
                         QString::number(clientCount * 2 + 16)};
    if (!server.start(options))
        return 1;
    test::TestOffice office(server);
    if (!office.setUp(0))
        return 1;
    const QByteArray token = office.dispatcher.token;
    QByteArray etag;
    const QJsonObject job = office.createJob(
        QJsonObject{{QStringLiteral("title"), QStringLiteral("Latency probe")},
                    {QStringLiteral("details"), QString(QStringLiteral("Notes. ")).repeated(60)},
                    {QStringLiteral("customer.name"), QStringLiteral("Ada Lovelace")},
                    {QStringLiteral("address"), QStringLiteral("1100 Congress Ave, Austin, TX")}},
        &etag);
    if (job.isEmpty())
        return 1;
    const QString jobId = job.value(QLatin1String("id")).toString();
    test::HttpTestClient http(server.apiUrl({}));
    http.setToken(token);
    const qint64 head =
        http.get(QStringLiteral("/events?after=0&limit=1000")).json().value(u"lastSeq").toInteger();

    // The clients. received[c] is the arrival time of the current write's event at client c.
    const int receivers = clientCount + 1; // the last one is the EventStreamClient
    std::vector<qint64> arrival(std::size_t(receivers), -1);
    qint64 currentSeq = -1;
    int arrived = 0;
    int connected = 0;
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    const QUrl streamUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream").arg(server.port()));
    for (int c = 0; c < clientCount; ++c) {
        auto socket = std::make_unique<QWebSocket>();
        QWebSocket *raw = socket.get();
        QObject::connect(raw, &QWebSocket::connected, raw, [raw, head, &connected] {
            ++connected;
            raw->sendTextMessage(QStringLiteral("{\"resumeAfter\":%1}").arg(head));
        });
        QObject::connect(raw, &QWebSocket::textMessageReceived, raw,
                         [c, &arrival, &currentSeq, &arrived](const QString &message) {
                             const qint64 t = nowNs();
                             if (seqOf(message) == currentSeq && arrival[std::size_t(c)] < 0) {
                                 arrival[std::size_t(c)] = t;
                                 ++arrived;
                             }
                         });
        QNetworkRequest request(streamUrl);
        request.setRawHeader("Authorization", "Bearer " + token);
        raw->open(request);
        sockets.push_back(std::move(socket));
    }
    ApiClient api(server.baseUrl());
    api.setToken(token);
    EventStreamClient stream(&api);
    QObject::connect(&stream, &EventStreamClient::eventApplied, &stream,
                     [receivers, &arrival, &currentSeq, &arrived](const ChangeEvent &event) {
                         const qint64 t = nowNs();
                         if (event.seq == currentSeq && arrival[std::size_t(receivers - 1)] < 0) {
                             arrival[std::size_t(receivers - 1)] = t;
                             ++arrived;
                         }
                     });
    stream.start(head);
    if (!spinUntil(
            [&] {
                return connected == clientCount && stream.state() == EventStreamClient::State::Live;
            },
            60000))
        fail(QStringLiteral("only %1 of %2 clients connected").arg(connected).arg(clientCount));

    // The writer: one PATCH at a time on its own connection, following the job's ETag.
    QNetworkAccessManager writer;
    const QUrl patchUrl = server.apiUrl(QStringLiteral("/jobs/") + jobId);
    std::vector<double> fromResponse;   // ms, every (write, raw client)
    std::vector<double> fromRequest;    // ms, from the PATCH being sent
    std::vector<double> slowestClient;  // ms, per write: the last raw client's arrival
    std::vector<double> appliedInModel; // ms, per write: EventStreamClient's eventApplied
    int early = 0;
    const int warmup = 20;
    for (int w = 0; w < warmup + writes; ++w) {
        std::fill(arrival.begin(), arrival.end(), -1);
        arrived = 0;
        currentSeq = -1;
        QNetworkRequest request(patchUrl);
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setRawHeader("If-Match", etag);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("changes"),
                                       QJsonObject{{QStringLiteral("title"),
                                                    QStringLiteral("Latency probe %1").arg(w)}}}})
                .toJson(QJsonDocument::Compact);
        // The seq is not known before the answer; it is the head + 1 (one writer, no other
        // writes), set before sending so an event that beats the response still counts.
        currentSeq = head + 1 + w;
        const qint64 sent = nowNs();
        qint64 answered = -1;
        QNetworkReply *reply = writer.sendCustomRequest(request, "PATCH", body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&answered, reply, &etag] {
            answered = nowNs();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                fail(QStringLiteral("PATCH failed: ") + QString::fromUtf8(reply->readAll()));
            etag = reply->rawHeader("ETag");
            reply->deleteLater();
        });
        if (!spinUntil([&] { return answered >= 0 && arrived == receivers; }, 10000))
            fail(QStringLiteral("write %1: %2 of %3 clients got the event")
                     .arg(w)
                     .arg(arrived)
                     .arg(receivers));
        if (w < warmup)
            continue;
        qint64 slowest = 0;
        for (int c = 0; c < clientCount; ++c) {
            const qint64 delta = arrival[std::size_t(c)] - answered;
            if (delta < 0)
                ++early;
            fromResponse.push_back(double(std::max<qint64>(0, delta)) / 1e6);
            fromRequest.push_back(double(arrival[std::size_t(c)] - sent) / 1e6);
            slowest = std::max(slowest, delta);
        }
        slowestClient.push_back(double(std::max<qint64>(0, slowest)) / 1e6);
        appliedInModel.push_back(
            double(std::max<qint64>(0, arrival[std::size_t(receivers - 1)] - answered)) / 1e6);
    }

    // Idle poll bytes. (a) minimal request on a raw socket.
    const qint64 last = head + warmup + writes;
    const QByteArray target = "/api/v1/events?after=" + QByteArray::number(last);
    const auto [fullBytes, full] = rawGet(server.port(), target, token, {});
    const QByteArray eventsEtag = headerOf(full, "ETag");
    const auto [rawIdleBytes, idle] = rawGet(server.port(), target, token, eventsEtag);
    if (!idle.startsWith("HTTP/1.1 304"))
        fail(QStringLiteral("idle poll was not a 304: ") + QString::fromUtf8(idle.left(80)));
    // (b) the console's own request, through a counting relay.
    CountingRelay relay(server.port());
    if (!relay.listen())
        fail(QStringLiteral("relay listen failed"));
    ApiClient poller(relay.url());
    poller.setToken(token);
    bool polled = false;
    EventsResult pollResult;
    const auto pollOnce = [&] {
        polled = false;
        poller.fetchEvents(last, 0, &poller, [&](const EventsResult &result) {
            pollResult = result;
            polled = true;
        });
        spinUntil([&] { return polled; }, 10000);
    };
    pollOnce(); // 200: learns the tag (and opens the keep-alive connection)
    relay.toServer = relay.toClient = 0;
    relay.sentBytes.clear();
    relay.receivedBytes.clear();
    pollOnce();
    if (!pollResult.notModified)
        fail(QStringLiteral("the console's idle poll was not a 304"));
    const qint64 consoleRequestBytes = relay.toServer;
    const qint64 consoleResponseBytes = relay.toClient;

    QTextStream out(stdout);
    const auto ms = [](double value) { return QString::number(value, 'f', 2); };
    out << "clients " << clientCount << " raw QWebSocket + 1 EventStreamClient, " << writes
        << " writes (after " << warmup << " warm-up), one at a time\n";
    out << "latency PATCH response -> event at each raw client (" << fromResponse.size()
        << " samples): p50 " << ms(percentile(fromResponse, 0.5)) << " ms, p99 "
        << ms(percentile(fromResponse, 0.99)) << " ms, max " << ms(percentile(fromResponse, 1.0))
        << " ms; " << early << " arrived before the response (counted as 0)\n";
    out << "latency PATCH sent -> event at each raw client: p50 "
        << ms(percentile(fromRequest, 0.5)) << " ms, p99 " << ms(percentile(fromRequest, 0.99))
        << " ms\n";
    out << "per write, the last of " << clientCount << " clients: p50 "
        << ms(percentile(slowestClient, 0.5)) << " ms, p99 " << ms(percentile(slowestClient, 0.99))
        << " ms\n";
    out << "EventStreamClient, response -> applied to ApiClient's cache: p50 "
        << ms(percentile(appliedInModel, 0.5)) << " ms, p99 "
        << ms(percentile(appliedInModel, 0.99)) << " ms\n";
    out << "idle poll, minimal raw request: " << rawIdleBytes
        << " bytes (200 with events: " << fullBytes << ")\n";
    out << "idle poll, as ApiClient sends it: " << consoleRequestBytes + consoleResponseBytes
        << " bytes (request " << consoleRequestBytes << ", response " << consoleResponseBytes
        << ")\n";
    out << "--- the console's idle exchange ---\n"
        << QString::fromLatin1(relay.sentBytes) << QString::fromLatin1(relay.receivedBytes)
        << "---\n";
    out.flush();
    stream.stop();
    sockets.clear();
    return 0;
}
