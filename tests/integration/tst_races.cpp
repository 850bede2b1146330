// Concurrency contract (docs/openapi.yaml "ETags and conditional requests", "Offers"): of writers
// holding the same ETag exactly one wins, of pros accepting one offer exactly one wins. Two
// dispatchd processes share one database and the clients are spread over both, so only the
// database can decide. Built twice: on SQLite (label integration) and, with
// DISPATCH_RACES_POSTGRES, on a throwaway PostgreSQL cluster (label postgres).
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QNetworkReply>
#include <QTest>

using namespace dispatch::test;

namespace {

constexpr int kRounds = 20;
constexpr int kWriters = 8;
constexpr int kPros = 4;
} // namespace

class TestRaces final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void sameEtagOneWriterWins();
    void oneOfferOneWinner();

private:
    /// A client of server A for even indexes, of server B for odd ones.
    HttpTestClient clientFor(int index, const TestUser &user) const;

#ifdef DISPATCH_RACES_POSTGRES
    PostgresCluster m_cluster;
#endif
    DispatchdProcess m_serverA;
    DispatchdProcess m_serverB;
    std::unique_ptr<TestOffice> m_office;
};

void TestRaces::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdProcess::Options options;
#ifdef DISPATCH_RACES_POSTGRES
    DISPATCH_POSTGRES_DATABASE(m_cluster, options.dbUrl);
#endif
    QVERIFY(startTwoOnOneDatabase(m_serverA, m_serverB, options));
    m_office = std::make_unique<TestOffice>(m_serverA);
    QVERIFY(m_office->setUp(kPros));
}

void TestRaces::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_serverB.stop());
    QVERIFY(m_serverA.stop());
}

HttpTestClient TestRaces::clientFor(int index, const TestUser &user) const
{
    const DispatchdProcess &server = index % 2 == 0 ? m_serverA : m_serverB;
    HttpTestClient client(server.apiUrl({}));
    client.setToken(user.token);
    return client;
}

void TestRaces::sameEtagOneWriterWins()
{
    // Each writer has its own manager, so its own connection: eight requests in flight at once.
    QList<HttpTestClient> writers;
    for (int i = 0; i < kWriters; ++i)
        writers.append(clientFor(i, m_office->dispatcher));
    HttpTestClient reader = clientFor(1, m_office->dispatcher);

    for (int round = 0; round < kRounds; ++round) {
        QByteArray etag;
        const QJsonObject created = m_office->createJob(
            QJsonObject{{QStringLiteral("title"), QStringLiteral("Race %1").arg(round)}}, &etag);
        QVERIFY(!created.isEmpty());
        const QString id = created.value(QLatin1String("id")).toString();
        const qint64 version = versionOf(created);

        QList<QNetworkReply *> replies;
        for (int i = 0; i < kWriters; ++i) {
            const QJsonObject changes{{QStringLiteral("details"),
                                       QStringLiteral("writer %1 round %2").arg(i).arg(round)}};
            replies.append(writers[i].startJson("PATCH", jobPath(id),
                                                QJsonObject{{QStringLiteral("changes"), changes}},
                                                {{"If-Match", etag}}));
        }
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies);

        int winner = -1;
        int preconditionFailed = 0;
        for (int i = 0; i < results.size(); ++i) {
            if (results[i].status == 200) {
                QVERIFY2(winner < 0, describeAll(results).constData());
                winner = i;
            } else if (results[i].status == 412 &&
                       results[i].errorCode() == QLatin1String("PRECONDITION_FAILED")) {
                ++preconditionFailed;
                // A loser lost to a committed write, so it sees that write as current.
                const QJsonObject current =
                    results[i].errorObject().value(QLatin1String("current")).toObject();
                QCOMPARE(versionOf(current), version + 1);
            }
        }
        QVERIFY2(winner >= 0 && preconditionFailed == kWriters - 1,
                 describeAll(results).constData());

        const HttpResult fresh = reader.get(jobPath(id));
        QCOMPARE(fresh.status, 200);
        QCOMPARE(versionOf(fresh.json()), version + 1);
        QCOMPARE(fresh.json()
                     .value(QLatin1String("fields"))
                     .toObject()
                     .value(QLatin1String("details"))
                     .toString(),
                 QStringLiteral("writer %1 round %2").arg(winner).arg(round));
        QCOMPARE(fresh.header("ETag"), results[winner].header("ETag"));
        // One write, one history row after the creation.
        const HttpResult history = reader.get(jobPath(id) + QStringLiteral("/history"));
        QCOMPARE(history.jsonArray().size(), 2);
    }
}

void TestRaces::oneOfferOneWinner()
{
    QList<HttpTestClient> pros;
    for (int i = 0; i < kPros; ++i)
        pros.append(clientFor(i, m_office->pros.at(i)));
    HttpTestClient dispatcher = clientFor(1, m_office->dispatcher);

    for (int round = 0; round < kRounds; ++round) {
        const QJsonObject created = m_office->createJob(
            QJsonObject{{QStringLiteral("title"), QStringLiteral("Offer %1").arg(round)},
                        {QStringLiteral("geo"), QJsonObject{{QStringLiteral("lat"), 30.27},
                                                            {QStringLiteral("lng"), -97.74}}}});
        QVERIFY(!created.isEmpty());
        const QString id = created.value(QLatin1String("id")).toString();
        const qint64 version = versionOf(created);
        const QString acceptPath = QStringLiteral("/offers/%1/accept").arg(id);

        QList<QNetworkReply *> replies;
        for (int i = 0; i < kPros; ++i)
            replies.append(pros[i].startRequest("POST", acceptPath));
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies);

        int winner = -1;
        int alreadyAssigned = 0;
        for (int i = 0; i < results.size(); ++i) {
            if (results[i].status == 200) {
                QVERIFY2(winner < 0, describeAll(results).constData());
                winner = i;
            } else if (results[i].status == 409 &&
                       results[i].errorCode() == QLatin1String("ALREADY_ASSIGNED")) {
                ++alreadyAssigned;
            }
        }
        QVERIFY2(winner >= 0 && alreadyAssigned == kPros - 1, describeAll(results).constData());

        const QString winnerId = m_office->pros.at(winner).id;
        const QJsonObject won = results[winner].json();
        QCOMPARE(won.value(QLatin1String("status")).toString(), QStringLiteral("SCHEDULED"));
        QCOMPARE(won.value(QLatin1String("assignedTo")).toString(), winnerId);
        QCOMPARE(versionOf(won), version + 1);
        QVERIFY2(!won.contains(QLatin1String("codes")), "a pro must never see the codes");

        const HttpResult fresh = dispatcher.get(jobPath(id));
        QCOMPARE(fresh.json().value(QLatin1String("status")).toString(),
                 QStringLiteral("SCHEDULED"));
        QCOMPARE(fresh.json().value(QLatin1String("assignedTo")).toString(), winnerId);
        QCOMPARE(versionOf(fresh.json()), version + 1);

        // The winner again, through the other server: same job, no new version.
        HttpTestClient again = clientFor(winner + 1, m_office->pros.at(winner));
        const HttpResult repeat = again.request("POST", acceptPath);
        QVERIFY2(repeat.status == 200, repeat.describe().constData());
        QCOMPARE(versionOf(repeat.json()), version + 1);
        QCOMPARE(repeat.json().value(QLatin1String("assignedTo")).toString(), winnerId);
        QCOMPARE(versionOf(dispatcher.get(jobPath(id)).json()), version + 1);
    }
}

QTEST_GUILESS_MAIN(TestRaces)
#include "tst_races.moc"
