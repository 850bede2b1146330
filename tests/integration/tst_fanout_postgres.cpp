// Two dispatchd processes on one throwaway PostgreSQL (several instances, docs/OPERATIONS.md): a
// console streaming from process B receives a write made through process A (B learns of A's commit
// through LISTEN/NOTIFY), and when the console reconnects to A instead it resumes from the shared
// event log without a gap or a duplicate, while both processes keep taking writes.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "testoffice.h"

#include <apiclient.h>
#include <eventstreamclient.h>

#include <QJsonArray>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using State = EventStreamClient::State;

namespace {

constexpr int WaitMs = 30000; // only so a broken server cannot hang the suite

QUrl streamUrlOf(const DispatchdProcess &server)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream").arg(server.port()));
}

} // namespace

class TestFanoutPostgres final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void writeThroughAReachesClientOfB();
    void reconnectingToTheOtherProcessResumesGapFree();

private:
    /// PATCHes job `index` through `client` and follows its ETag; false on failure.
    bool patchTitle(HttpTestClient &client, int index, const QString &title);
    QList<qint64> serverSeqs(qint64 after);
    std::unique_ptr<EventStreamClient> streamFor(ApiClient &api, const DispatchdProcess &server);

    PostgresCluster m_cluster;
    DispatchdProcess m_serverA;
    DispatchdProcess m_serverB;
    std::unique_ptr<TestOffice> m_office;
    QList<QString> m_jobIds;
    QList<QByteArray> m_etags;
    int m_counter = 0;
};

void TestFanoutPostgres::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    if (!m_cluster.start()) {
        // Only a machine without PostgreSQL may skip, and never under CI.
        if (PostgresCluster::binDir().isEmpty() && qEnvironmentVariableIsEmpty("CI"))
            QSKIP(qPrintable(m_cluster.reason()));
        QFAIL(qPrintable(m_cluster.reason()));
    }
    DispatchdProcess::Options options;
    options.dbUrl = m_cluster.createDatabase();
    QVERIFY2(!options.dbUrl.isEmpty(), qPrintable(m_cluster.reason()));
    // A first, so the schema exists before B opens the same database.
    QVERIFY(m_serverA.start(options));
    DispatchdProcess::Options second;
    second.dbUrl = m_serverA.databaseUrl();
    second.adminPassword = m_serverA.adminPassword();
    QVERIFY(m_serverB.start(second));
    m_office = std::make_unique<TestOffice>(m_serverA);
    QVERIFY(m_office->setUp(1));
    for (int i = 0; i < 3; ++i) {
        QByteArray etag;
        const QJsonObject job = m_office->createJob(
            QJsonObject{{QStringLiteral("title"), QStringLiteral("Fan-out job %1").arg(i)}}, &etag);
        QVERIFY(!job.isEmpty());
        m_jobIds.append(job.value(QLatin1String("id")).toString());
        m_etags.append(etag);
    }
}

void TestFanoutPostgres::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_serverB.stop());
    QVERIFY(m_serverA.stop());
}

bool TestFanoutPostgres::patchTitle(HttpTestClient &client, int index, const QString &title)
{
    const HttpResult patched = client.patchJson(
        QStringLiteral("/jobs/") + m_jobIds.at(index),
        QJsonObject{{QStringLiteral("changes"), QJsonObject{{QStringLiteral("title"), title}}}},
        {{"If-Match", m_etags.at(index)}});
    if (patched.status != 200) {
        qWarning() << "PATCH:" << patched.describe();
        return false;
    }
    m_etags[index] = patched.header("ETag");
    return true;
}

QList<qint64> TestFanoutPostgres::serverSeqs(qint64 after)
{
    HttpTestClient client(m_serverA.apiUrl({}));
    client.setToken(m_office->dispatcher.token);
    QList<qint64> seqs;
    for (;;) {
        const HttpResult page =
            client.get(QStringLiteral("/events?after=%1&limit=1000").arg(after));
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

std::unique_ptr<EventStreamClient> TestFanoutPostgres::streamFor(ApiClient &api,
                                                                 const DispatchdProcess &server)
{
    auto stream = std::make_unique<EventStreamClient>(&api);
    EventStreamClient::Timing timing;
    // The stream alone must deliver: the safety-net poll stays out of the way.
    timing.pollWhileLive = std::chrono::minutes(10);
    timing.backoffBase = std::chrono::milliseconds(50);
    timing.backoffCap = std::chrono::milliseconds(500);
    stream->setTiming(timing);
    stream->setStreamUrl(streamUrlOf(server));
    return stream;
}

void TestFanoutPostgres::writeThroughAReachesClientOfB()
{
    ApiClient api(m_serverB.baseUrl());
    api.setToken(m_office->dispatcher.token);
    const auto stream = streamFor(api, m_serverB);
    QList<ChangeEvent> received;
    QObject context;
    connect(stream.get(), &EventStreamClient::eventApplied, &context,
            [&received](const ChangeEvent &event) { received.append(event); });

    const QList<qint64> before = serverSeqs(0);
    QVERIFY(!before.isEmpty());
    stream->start(before.last());
    QTRY_COMPARE_WITH_TIMEOUT(stream->state(), State::Live, WaitMs);

    HttpTestClient writerA = m_office->client(m_office->dispatcher); // talks to A
    QCOMPARE(writerA.apiBase(), m_serverA.apiUrl({}));
    const QString title = QStringLiteral("Written through A #%1").arg(++m_counter);
    QVERIFY(patchTitle(writerA, 0, title));

    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, WaitMs);
    const ChangeEvent &event = received.first();
    QCOMPARE(event.jobId, m_jobIds.at(0));
    QCOMPARE(event.type, QStringLiteral("JOB_UPDATED"));
    QCOMPARE(event.etag.toHeader(), m_etags.at(0));
    QVERIFY(event.job);
    QCOMPARE(event.job->fields.value(QStringLiteral("title")).toString(), title);
    QCOMPARE(stream->stats().polls, 0); // it came over B's WebSocket, not by polling
    const auto cached = api.cachedJob(m_jobIds.at(0));
    QVERIFY(cached);
    QCOMPARE(cached->etag.toHeader(), m_etags.at(0));
}

void TestFanoutPostgres::reconnectingToTheOtherProcessResumesGapFree()
{
    ApiClient api(m_serverB.baseUrl());
    api.setToken(m_office->dispatcher.token);
    const auto stream = streamFor(api, m_serverB);
    QList<qint64> applied;
    QObject context;
    connect(stream.get(), &EventStreamClient::eventApplied, &context,
            [&applied](const ChangeEvent &event) { applied.append(event.seq); });

    HttpTestClient writerA(m_serverA.apiUrl({}));
    writerA.setToken(m_office->dispatcher.token);
    HttpTestClient writerB(m_serverB.apiUrl({}));
    writerB.setToken(m_office->dispatcher.token);
    // Writes alternate between the processes, so each stream carries commits of both.
    int writes = 0;
    const auto write = [&](int count) {
        for (int i = 0; i < count; ++i, ++writes) {
            HttpTestClient &writer = writes % 2 ? writerB : writerA;
            if (!patchTitle(writer, writes % m_jobIds.size(),
                            QStringLiteral("Gap-free #%1").arg(++m_counter)))
                return false;
        }
        return true;
    };

    const QList<qint64> before = serverSeqs(0);
    const qint64 start = before.last();
    stream->start(start);
    QTRY_COMPARE_WITH_TIMEOUT(stream->state(), State::Live, WaitMs);
    QVERIFY(write(10));
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 10, WaitMs);

    // The console moves to A (as behind a load balancer whose B went away) and resumes
    // after what it applied; meanwhile both processes take more writes.
    stream->stop();
    QVERIFY(write(10));
    stream->setStreamUrl(streamUrlOf(m_serverA));
    stream->start(stream->lastAppliedSeq());
    QVERIFY(write(10));
    QTRY_COMPARE_WITH_TIMEOUT(stream->state(), State::Live, WaitMs);
    QVERIFY(write(10));

    const QList<qint64> expected = serverSeqs(start);
    QCOMPARE(expected.size(), 40);
    QTRY_COMPARE_WITH_TIMEOUT(stream->lastAppliedSeq(), expected.last(), WaitMs);
    QCOMPARE(applied, expected); // no gap, no duplicate, in order
    QCOMPARE(stream->stats().duplicatesDropped, 0);
    QCOMPARE(stream->stats().polls, 0); // all of it through the two WebSockets
    for (int i = 0; i < m_jobIds.size(); ++i) {
        const auto cached = api.cachedJob(m_jobIds.at(i));
        QVERIFY(cached);
        QCOMPARE(cached->etag.toHeader(), m_etags.at(i));
    }
}

QTEST_MAIN(TestFanoutPostgres)
#include "tst_fanout_postgres.moc"
