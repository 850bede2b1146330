// EventStreamClient against the real dispatchd on loopback: while a writer patches
// jobs throughout, the client's WebSocket is cut twice through a TCP forwarder in between,
// once with a FIN on both sides and once silently (bytes stop, no FIN: only the heartbeat can
// notice), and the client still ends with every event exactly once and in seq order. With
// the WebSocket refused it converges by polling, and idle polls are 304s. RESYNC_REQUIRED
// from either path, and close 4401, reach the owner as signals.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testoffice.h"

#include <apiclient.h>
#include <eventstreamclient.h>

#include <QJsonArray>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <deque>
#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using State = EventStreamClient::State;

namespace {

constexpr int WaitMs = 30000; // only so a broken client cannot hang the suite

/// Short intervals so the cuts are noticed and healed within a second or two.
EventStreamClient::Timing shortTiming()
{
    using std::chrono::milliseconds;
    EventStreamClient::Timing timing;
    timing.backoffBase = milliseconds(50);
    timing.backoffCap = milliseconds(400);
    timing.stableAfter = milliseconds(3000);
    timing.pingInterval = milliseconds(150);
    timing.deadAfter = milliseconds(1500);
    timing.pollWhileDown = milliseconds(300);
    timing.pollWhileLive = milliseconds(2000);
    return timing;
}

/// A loopback TCP forwarder between the client and dispatchd, so a test can cut live
/// connections the way networks do: closeAll() sends a FIN both ways, blackholeAll() stops
/// forwarding without telling either side (a cable pulled, a NAT entry gone). New
/// connections are forwarded again, refused (accepted and reset) in Refuse mode, or accepted
/// and never answered in Hang mode (a handshake lost on the way).
class TcpForwarder final : public QObject {
public:
    enum class Mode { Forward, Refuse, Hang };

    explicit TcpForwarder(quint16 targetPort)
        : m_targetPort(targetPort)
    {
        connect(&m_listener, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_listener.nextPendingConnection())
                accept(client);
        });
    }
    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl streamUrl() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream").arg(m_listener.serverPort()));
    }
    void setMode(Mode mode) { m_mode = mode; }
    /// Holds what the server sends for this long before passing it on (new links only).
    void setDownstreamDelay(int ms) { m_delayMs = ms; }
    int accepted() const { return m_accepted; }
    int openLinks() const
    {
        return int(std::count_if(m_links.begin(), m_links.end(),
                                 [](const auto &link) { return !link->closed; }));
    }

    void closeAll()
    {
        for (const auto &link : m_links)
            link->close();
    }
    void blackholeAll()
    {
        for (const auto &link : m_links)
            link->blackholed = true;
    }

private:
    struct Link {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray pending; ///< client bytes before the upstream connected
        std::deque<std::pair<qint64, QByteArray>> delayed; ///< (due ms, bytes), in order
        QTimer delayTimer;
        bool blackholed = false;
        bool closed = false;

        void close()
        {
            if (closed)
                return;
            closed = true;
            for (QTcpSocket *socket : {client.data(), upstream.data()}) {
                if (socket) {
                    socket->disconnectFromHost();
                    socket->deleteLater();
                }
            }
        }
    };

    void accept(QTcpSocket *client)
    {
        ++m_accepted;
        if (m_mode == Mode::Refuse) {
            client->abort();
            client->deleteLater();
            return;
        }
        if (m_mode == Mode::Hang)
            return; // the listener owns it; nothing is read or sent
        auto link = std::make_shared<Link>();
        m_links.append(link);
        link->client = client;
        link->upstream = new QTcpSocket(this);
        QTcpSocket *upstream = link->upstream;
        connect(upstream, &QTcpSocket::connected, this, [link] {
            if (!link->blackholed && !link->closed)
                link->upstream->write(std::exchange(link->pending, {}));
        });
        connect(client, &QTcpSocket::readyRead, this, [link] {
            const QByteArray bytes = link->client->readAll();
            if (link->blackholed || link->closed)
                return;
            if (link->upstream->state() == QAbstractSocket::ConnectedState)
                link->upstream->write(bytes);
            else
                link->pending += bytes;
        });
        const int delayMs = m_delayMs;
        link->delayTimer.setSingleShot(true);
        // One queue and one timer per link, so delayed bytes keep their order.
        connect(&link->delayTimer, &QTimer::timeout, this, [link] {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            while (!link->delayed.empty() && link->delayed.front().first <= now) {
                if (!link->blackholed && !link->closed && link->client)
                    link->client->write(link->delayed.front().second);
                link->delayed.pop_front();
            }
            if (!link->delayed.empty())
                link->delayTimer.start(int(link->delayed.front().first - now));
        });
        connect(upstream, &QTcpSocket::readyRead, this, [link, delayMs] {
            const QByteArray bytes = link->upstream->readAll();
            if (link->blackholed || link->closed || !link->client)
                return;
            if (delayMs <= 0) {
                link->client->write(bytes);
                return;
            }
            link->delayed.emplace_back(QDateTime::currentMSecsSinceEpoch() + delayMs, bytes);
            if (!link->delayTimer.isActive())
                link->delayTimer.start(delayMs);
        });
        // One side closing closes the other, unless the link is a black hole: then nobody
        // hears anything, which is the point.
        for (QTcpSocket *socket : {client, upstream}) {
            connect(socket, &QTcpSocket::disconnected, this, [link] {
                if (!link->blackholed)
                    link->close();
            });
        }
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }

    QTcpServer m_listener;
    quint16 m_targetPort;
    Mode m_mode = Mode::Forward;
    int m_delayMs = 0;
    int m_accepted = 0;
    QList<std::shared_ptr<Link>> m_links;
};

/// What a client applied, in order.
struct AppliedLog {
    explicit AppliedLog(EventStreamClient &client)
    {
        QObject::connect(&client, &EventStreamClient::eventApplied, &context,
                         [this](const ChangeEvent &event) { seqs.append(event.seq); });
    }
    QObject context;
    QList<qint64> seqs;
};

} // namespace

class TestEventStreamClient final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void streamUrlFromApiBase_data();
    void streamUrlFromApiBase();
    void cutsHealWithEveryEventOnceInOrder();
    void refusedSocketConvergesByPolling();
    void retryNowReplacesAHungAttempt();
    void overlappingPollAndStreamApplyOnce();
    void resyncRequired_data();
    void resyncRequired();
    void badTokenLosesAuthentication();
    void stopGoesOffline();

private:
    /// The visible events' seqs after `after`, from GET /events (paged).
    QList<qint64> serverSeqs(qint64 after);
    qint64 serverHead();
    /// PATCHes the job's title as the dispatcher and follows its ETag; false on failure.
    bool patchTitle(int jobIndex, const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<HttpTestClient> m_writer;
    QList<QString> m_jobIds;
    QList<QByteArray> m_etags;
};

void TestEventStreamClient::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    m_writer = std::make_unique<HttpTestClient>(m_office->client(m_office->dispatcher));
    for (int i = 0; i < 4; ++i) {
        QByteArray etag;
        const QJsonObject job = m_office->createJob(
            QJsonObject{{QStringLiteral("title"), QStringLiteral("Stream job %1").arg(i)}}, &etag);
        QVERIFY(!job.isEmpty());
        m_jobIds.append(job.value(QLatin1String("id")).toString());
        m_etags.append(etag);
    }
}

void TestEventStreamClient::cleanupTestCase()
{
    m_writer.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

QList<qint64> TestEventStreamClient::serverSeqs(qint64 after)
{
    QList<qint64> seqs;
    for (;;) {
        const HttpResult page =
            m_writer->get(QStringLiteral("/events?after=%1&limit=1000").arg(after));
        if (page.status != 200) {
            qWarning() << "GET /events:" << page.describe();
            return {};
        }
        const QJsonArray events = page.json().value(QLatin1String("events")).toArray();
        for (const QJsonValue &event : events)
            seqs.append(event.toObject().value(QLatin1String("seq")).toInteger());
        if (events.size() < 1000)
            return seqs;
        after = seqs.last();
    }
}

qint64 TestEventStreamClient::serverHead()
{
    const HttpResult page = m_writer->get(QStringLiteral("/events?after=0&limit=1000"));
    const qint64 lastSeq = page.json().value(QLatin1String("lastSeq")).toInteger(-1);
    if (page.status == 200 && page.json().value(QLatin1String("events")).toArray().size() < 1000)
        return lastSeq;
    const QList<qint64> all = serverSeqs(0);
    return all.isEmpty() ? -1 : all.last();
}

bool TestEventStreamClient::patchTitle(int jobIndex, const QString &title)
{
    const HttpResult patched = m_writer->patchJson(
        QStringLiteral("/jobs/") + m_jobIds.at(jobIndex),
        QJsonObject{{QStringLiteral("changes"), QJsonObject{{QStringLiteral("title"), title}}}},
        {{"If-Match", m_etags.at(jobIndex)}});
    if (patched.status != 200) {
        qWarning() << "PATCH:" << patched.describe();
        return false;
    }
    m_etags[jobIndex] = patched.header("ETag");
    return true;
}

void TestEventStreamClient::streamUrlFromApiBase_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("expected");
    QTest::newRow("root") << "http://127.0.0.1:8080"
                          << "ws://127.0.0.1:8080/api/v1/stream";
    QTest::newRow("api base") << "http://10.0.0.5:9000/api/v1/"
                              << "ws://10.0.0.5:9000/api/v1/stream";
    QTest::newRow("tls") << "https://dispatch.example.com"
                         << "wss://dispatch.example.com/api/v1/stream";
}

void TestEventStreamClient::streamUrlFromApiBase()
{
    QFETCH(QString, server);
    QFETCH(QString, expected);
    ApiClient api{QUrl(server)};
    EventStreamClient stream(&api);
    QCOMPARE(stream.streamUrl(), QUrl(expected));
    const QUrl proxy(QStringLiteral("ws://127.0.0.1:1/elsewhere"));
    stream.setStreamUrl(proxy);
    QCOMPARE(stream.streamUrl(), proxy);
}

void TestEventStreamClient::cutsHealWithEveryEventOnceInOrder()
{
    TcpForwarder forwarder(m_server.port());
    QVERIFY(forwarder.listen());
    ApiClient api(m_server.baseUrl());
    api.setToken(m_office->dispatcher.token);
    EventStreamClient stream(&api);
    stream.setTiming(shortTiming());
    stream.setStreamUrl(forwarder.streamUrl());
    AppliedLog applied(stream);
    QSignalSpy resyncs(&stream, &EventStreamClient::resyncRequired);
    QList<State> states;
    QObject statesContext;
    connect(&stream, &EventStreamClient::stateChanged, &statesContext,
            [&states](State state) { states.append(state); });

    const qint64 start = serverHead();
    QVERIFY(start > 0);
    stream.start(start);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Live, WaitMs);

    // The writer goes on throughout; the stream is cut at 1/3 (FIN) and at 2/3 (silently).
    constexpr int kWrites = 100;
    for (int i = 0; i < kWrites; ++i) {
        QVERIFY(patchTitle(i % m_jobIds.size(), QStringLiteral("Cut test %1").arg(i)));
        if (i == kWrites / 3) {
            QTRY_VERIFY_WITH_TIMEOUT(forwarder.openLinks() > 0, WaitMs);
            forwarder.closeAll();
        } else if (i == 2 * kWrites / 3) {
            // Back to live before the second cut, so it hits an established stream.
            QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Live, WaitMs);
            forwarder.blackholeAll();
        }
        QTest::qWait(15);
    }

    // Only the heartbeat can notice the black hole (the safety-net poll may well have
    // brought the last events already); then the client reconnects and resumes.
    QTRY_VERIFY2_WITH_TIMEOUT(stream.stats().deadConnections >= 1,
                              "the silent drop was not caught by the heartbeat", WaitMs);
    const QList<qint64> expected = serverSeqs(start);
    QCOMPARE(expected.size(), kWrites);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastAppliedSeq(), expected.last(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Live, WaitMs);
    QCOMPARE(applied.seqs, expected); // every event, once, in order
    QCOMPARE(resyncs.count(), 0);

    const auto stats = stream.stats();
    QVERIFY(stats.connections >= 3);
    QCOMPARE(stats.eventsApplied, kWrites);
    QVERIFY(states.contains(State::Polling)); // the indicator did not stay on Live while down

    // The cache holds every job at the server's version.
    for (int i = 0; i < m_jobIds.size(); ++i) {
        const auto cached = api.cachedJob(m_jobIds.at(i));
        QVERIFY(cached);
        QCOMPARE(cached->etag.toHeader(), m_etags.at(i));
    }
    stream.stop();
}

void TestEventStreamClient::refusedSocketConvergesByPolling()
{
    TcpForwarder refuser(m_server.port());
    refuser.setMode(TcpForwarder::Mode::Refuse);
    QVERIFY(refuser.listen());
    ApiClient api(m_server.baseUrl());
    api.setToken(m_office->dispatcher.token);
    QList<ApiClient::OutgoingRequest> polls;
    connect(&api, &ApiClient::requestSent, this, [&polls](const ApiClient::OutgoingRequest &r) {
        if (r.url.path().endsWith(QLatin1String("/events")))
            polls.append(r);
    });
    EventStreamClient stream(&api);
    stream.setTiming(shortTiming());
    stream.setStreamUrl(refuser.streamUrl());
    AppliedLog applied(stream);

    const qint64 start = serverHead();
    stream.start(start);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Polling, WaitMs);
    constexpr int kWrites = 20;
    for (int i = 0; i < kWrites; ++i) {
        QVERIFY(patchTitle(i % m_jobIds.size(), QStringLiteral("Poll test %1").arg(i)));
        QTest::qWait(10);
    }
    const QList<qint64> expected = serverSeqs(start);
    QCOMPARE(expected.size(), kWrites);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastAppliedSeq(), expected.last(), WaitMs);
    QCOMPARE(applied.seqs, expected);

    // Idle from here: every further poll is a 304, sent with If-None-Match.
    QTest::qWait(0);
    const auto before = stream.stats();
    const qsizetype pollsBefore = polls.size();
    QTRY_VERIFY_WITH_TIMEOUT(stream.stats().polls >= before.polls + 3, WaitMs);
    const auto after = stream.stats();
    QCOMPARE(after.pollsNotModified - before.pollsNotModified, after.polls - before.polls);
    for (qsizetype i = pollsBefore; i < polls.size(); ++i)
        QVERIFY(!polls.at(i).header("If-None-Match").isEmpty());
    QCOMPARE(stream.state(), State::Polling);
    QVERIFY(after.connectAttempts >= 2); // it kept trying the socket
    QCOMPARE(after.connections, 0);
    QVERIFY(refuser.accepted() >= 2);
    stream.stop();
}

void TestEventStreamClient::retryNowReplacesAHungAttempt()
{
    // The first handshake is accepted and never answered, and the dead-connection timer is
    // longer than this test waits: only a fresh attempt can go live in time.
    TcpForwarder link(m_server.port());
    link.setMode(TcpForwarder::Mode::Hang);
    QVERIFY(link.listen());
    ApiClient api(m_server.baseUrl());
    api.setToken(m_office->dispatcher.token);
    EventStreamClient stream(&api);
    auto timing = shortTiming();
    timing.deadAfter = std::chrono::milliseconds(10 * WaitMs);
    stream.setTiming(timing);
    stream.setStreamUrl(link.streamUrl());
    stream.start(serverHead());
    QTRY_COMPARE_WITH_TIMEOUT(link.accepted(), 1, WaitMs);
    QCOMPARE(stream.stats().connectAttempts, 1);

    link.setMode(TcpForwarder::Mode::Forward);
    stream.retryNow();
    QCOMPARE(stream.stats().connectAttempts, 2);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Live, WaitMs);
    QCOMPARE(stream.stats().connections, 1);
    stream.stop();
}

void TestEventStreamClient::overlappingPollAndStreamApplyOnce()
{
    // The safety-net poll runs all the time here and the stream lags (a slow link), so the
    // poll brings the events first and the stream brings them again: the dedupe must drop
    // every second copy.
    TcpForwarder slowLink(m_server.port());
    slowLink.setDownstreamDelay(300);
    QVERIFY(slowLink.listen());
    ApiClient api(m_server.baseUrl());
    api.setToken(m_office->dispatcher.token);
    EventStreamClient stream(&api);
    auto timing = shortTiming();
    timing.pollWhileLive = std::chrono::milliseconds(5);
    timing.pingInterval = std::chrono::milliseconds(100);
    timing.deadAfter = std::chrono::milliseconds(5000); // the lag is not a dead link
    stream.setTiming(timing);
    stream.setStreamUrl(slowLink.streamUrl());
    AppliedLog applied(stream);
    const qint64 start = serverHead();
    stream.start(start);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Live, WaitMs);

    constexpr int kWrites = 60;
    for (int i = 0; i < kWrites; ++i)
        QVERIFY(patchTitle(i % m_jobIds.size(), QStringLiteral("Overlap %1").arg(i)));
    const QList<qint64> expected = serverSeqs(start);
    QCOMPARE(expected.size(), kWrites);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastAppliedSeq(), expected.last(), WaitMs);
    // The stream's late copies of what the polls brought are dropped too.
    QTRY_COMPARE_WITH_TIMEOUT(stream.stats().duplicatesDropped + stream.stats().eventsApplied >=
                                  kWrites + 1,
                              true, WaitMs);
    QTest::qWait(400);
    QCOMPARE(applied.seqs, expected);
    QVERIFY2(stream.stats().duplicatesDropped > 0,
             "no event came both ways: this run did not exercise the dedupe");
    stream.stop();
}

void TestEventStreamClient::resyncRequired_data()
{
    QTest::addColumn<bool>("socketRefused");
    QTest::newRow("stream message") << false;
    QTest::newRow("poll 409") << true;
}

void TestEventStreamClient::resyncRequired()
{
    QFETCH(bool, socketRefused);
    TcpForwarder forwarder(m_server.port());
    forwarder.setMode(socketRefused ? TcpForwarder::Mode::Refuse : TcpForwarder::Mode::Forward);
    QVERIFY(forwarder.listen());
    ApiClient api(m_server.baseUrl());
    api.setToken(m_office->dispatcher.token);
    EventStreamClient stream(&api);
    stream.setTiming(shortTiming());
    stream.setStreamUrl(forwarder.streamUrl());
    AppliedLog applied(stream);
    QSignalSpy resyncs(&stream, &EventStreamClient::resyncRequired);

    // A seq the server never gave out (as after a restore from another database): the
    // server answers RESYNC_REQUIRED with its own head.
    const qint64 head = serverHead();
    stream.start(head + 1000);
    QTRY_COMPARE_WITH_TIMEOUT(resyncs.count(), 1, WaitMs);
    QCOMPARE(stream.lastAppliedSeq(), head);

    // The stream goes on from the server's head.
    // (A title of its own per row: a write that changes nothing commits no event.)
    QVERIFY(patchTitle(0, QStringLiteral("After resync, ") +
                              QString::fromLatin1(QTest::currentDataTag())));
    const QList<qint64> expected = serverSeqs(head);
    QCOMPARE(expected.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(applied.seqs, expected, WaitMs);
    QCOMPARE(resyncs.count(), 1);

    // The reload helper revalidates the cache: the job the event brought is current (a 304).
    std::optional<std::pair<int, int>> reloaded;
    stream.revalidateCache(this, [&reloaded](int changed, int failed) {
        reloaded = std::pair{changed, failed};
    });
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.has_value(), WaitMs);
    QCOMPARE(reloaded->second, 0);
    QCOMPARE(reloaded->first, 0);
    QVERIFY(api.stats().notModified >= 1);
    stream.stop();
}

void TestEventStreamClient::badTokenLosesAuthentication()
{
    ApiClient api(m_server.baseUrl());
    api.setToken("not-a-token");
    EventStreamClient stream(&api);
    stream.setTiming(shortTiming());
    QSignalSpy lost(&stream, &EventStreamClient::authenticationLost);
    stream.start(0);
    QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, WaitMs);
    QCOMPARE(stream.state(), State::Offline);
    QVERIFY(!stream.isRunning());
    const int attempts = stream.stats().connectAttempts;
    QTest::qWait(500); // nothing more happens after it gave up
    QCOMPARE(stream.stats().connectAttempts, attempts);
    QCOMPARE(lost.count(), 1);
}

void TestEventStreamClient::stopGoesOffline()
{
    ApiClient api(m_server.baseUrl());
    api.setToken(m_office->dispatcher.token);
    EventStreamClient stream(&api);
    stream.setTiming(shortTiming());
    QSignalSpy states(&stream, &EventStreamClient::stateChanged);
    stream.start(serverHead());
    QCOMPARE(stream.state(), State::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), State::Live, WaitMs);
    stream.stop();
    QCOMPARE(stream.state(), State::Offline);
    QCOMPARE(states.count(), 3); // Connecting, Live, Offline
    QCOMPARE(states.last().at(0).value<State>(), State::Offline);
    QVERIFY(states.last().at(1).toDateTime().isValid());
    const qint64 seq = stream.lastAppliedSeq();
    QVERIFY(patchTitle(1, QStringLiteral("While stopped")));
    QTest::qWait(300);
    QCOMPARE(stream.lastAppliedSeq(), seq); // stopped means stopped
}

QTEST_MAIN(TestEventStreamClient)
#include "tst_eventstreamclient.moc"
