// Two dispatchd processes on one database must agree.
// - The code lockout under concurrency (docs/openapi.yaml "Status machine": five wrong codes lock
// that job's code for 15 minutes, 429). On PostgreSQL, 40 concurrent wrong start codes got
// 6–11 tries through instead of 5, because each try read the same count and the last write
// won. Here 40 tries by the assigned pro,
// spread over two processes on one database and all in flight at once, must give exactly
// five 403 INVALID_CODE and 429 CODE_LOCKED for the rest; then even the right code is refused
// while locked. Run on a throwaway PostgreSQL cluster and, for comparison, on one SQLite file.
// - A logout on one instance ends the token on the other before the logout's answer arrives
// (not after a session cache expires), and closes its stream there with 4401.
// - The per-account sign-in allowance (10 wrong guesses a minute) is one allowance, however
// many instances the guesses are spread over.
// - `%00` in a job id is a 404 (PostgreSQL refuses NUL in text; that must not surface as a 503).

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "testhelpers.h"
#include "testoffice.h"

#include "streamclient.h"

#include <QNetworkReply>
#include <QTest>

#include <memory>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kRounds = 5;
constexpr int kTries = 40;
constexpr int kMaxCodeFailures = 5; // docs/openapi.yaml "Status machine"

/// Two dispatchd processes on one database, with an office made through the first.
struct ServerPair {
    DispatchdProcess a;
    DispatchdProcess b;
    std::unique_ptr<TestOffice> office;
};

/// A six-digit code that is not `code`.
QString otherCode(const QString &code)
{
    return u"%1"_s.arg((code.toInt() + 1) % 1000000, 6, 10, QLatin1Char('0'));
}

} // namespace

class TestHardeningPostgres final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void wrongCodesLockAfterExactlyFive_data();
    void wrongCodesLockAfterExactlyFive();
    void logoutReachesTheOtherInstanceAtOnce();
    void signInAllowanceIsSharedByInstances();
    void controlCharactersInAnIdAreNotFound();

private:
    bool startPair(ServerPair *pair, const QString &dbUrl);

    PostgresCluster m_cluster;
    QString m_postgresSkip; ///< why the PostgreSQL row is skipped (no PostgreSQL, no CI)
    ServerPair m_postgres;
    ServerPair m_sqlite;
};

bool TestHardeningPostgres::startPair(ServerPair *pair, const QString &dbUrl)
{
    DispatchdProcess::Options options;
    options.dbUrl = dbUrl;
    // A first, so the schema exists before B opens the same database.
    if (!pair->a.start(options))
        return false;
    DispatchdProcess::Options second;
    second.dbUrl = pair->a.databaseUrl();
    second.adminPassword = pair->a.adminPassword();
    if (!pair->b.start(second))
        return false;
    pair->office = std::make_unique<TestOffice>(pair->a);
    return pair->office->setUp(1);
}

void TestHardeningPostgres::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    // No dbUrl: A makes a SQLite file in its temporary folder, and B opens the same file.
    QVERIFY(startPair(&m_sqlite, {}));
    if (!m_cluster.start()) {
        // Only a machine without PostgreSQL may skip, and never under CI.
        if (PostgresCluster::binDir().isEmpty() && qEnvironmentVariableIsEmpty("CI")) {
            m_postgresSkip = m_cluster.reason();
            return;
        }
        QFAIL(qPrintable(m_cluster.reason()));
    }
    const QString dbUrl = m_cluster.createDatabase();
    QVERIFY2(!dbUrl.isEmpty(), qPrintable(m_cluster.reason()));
    QVERIFY(startPair(&m_postgres, dbUrl));
}

void TestHardeningPostgres::cleanupTestCase()
{
    for (ServerPair *pair : {&m_postgres, &m_sqlite}) {
        pair->office.reset();
        if (pair->b.isRunning())
            QVERIFY(pair->b.stop());
        if (pair->a.isRunning())
            QVERIFY(pair->a.stop());
    }
}

void TestHardeningPostgres::wrongCodesLockAfterExactlyFive_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("postgres") << true;
    QTest::newRow("sqlite") << false;
}

void TestHardeningPostgres::wrongCodesLockAfterExactlyFive()
{
    QFETCH(bool, postgres);
    if (postgres && !m_postgresSkip.isEmpty())
        QSKIP(qPrintable(m_postgresSkip));
    ServerPair &pair = postgres ? m_postgres : m_sqlite;
    const TestUser &pro = pair.office->pros.at(0);
    HttpTestClient dispatcher(pair.a.apiUrl({}));
    dispatcher.setToken(pair.office->dispatcher.token);

    // One client (so one manager, one connection) per try, alternating between A and B, so
    // all forty are in flight at once and only the database can order them.
    QList<HttpTestClient> tries;
    for (int i = 0; i < kTries; ++i) {
        tries.append(HttpTestClient((i % 2 == 0 ? pair.a : pair.b).apiUrl({})));
        tries.last().setToken(pro.token);
    }

    QString problems;
    for (int round = 0; round < kRounds; ++round) {
        QByteArray etag;
        const QJsonObject created =
            pair.office->createJob(QJsonObject{{u"title"_s, u"Lockout %1"_s.arg(round)}}, &etag);
        QVERIFY(!created.isEmpty());
        const QString id = created.value("id"_L1).toString();
        const HttpResult assigned = dispatcher.postJson(
            jobPath(id, u"/assign"_s), QJsonObject{{u"proId"_s, pro.id}}, ifMatch(etag));
        QVERIFY2(assigned.status == 200, assigned.describe().constData());
        const QString start = assigned.json()[u"codes"_s][u"start"_s].toString();
        QCOMPARE(start.size(), 6);
        const QString wrong = otherCode(start);
        QVERIFY(wrong != start);

        // If-Match: * so every try reaches the code check: a wrong code does not change the
        // ETag, but a stale tag would answer 412 before the code is looked at.
        QList<QNetworkReply *> replies;
        for (HttpTestClient &client : tries) {
            replies.append(client.startJson(
                "POST", jobPath(id, u"/transition"_s),
                QJsonObject{{u"to"_s, u"IN_PROGRESS"_s}, {u"code"_s, wrong}}, ifMatch("*")));
        }
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies, kAnswerWaitMs);

        int invalid = 0;
        int locked = 0;
        QByteArray others;
        for (const HttpResult &result : results) {
            if (result.status == 403 && result.errorCode() == "INVALID_CODE"_L1)
                ++invalid;
            else if (result.status == 429 && result.errorCode() == "CODE_LOCKED"_L1)
                ++locked;
            else
                others += result.describe().left(200) + '\n';
        }
        qInfo("%s round %d: %d INVALID_CODE, %d CODE_LOCKED", QTest::currentDataTag(), round,
              invalid, locked);
        // Every round runs, so a failure shows how many tries got through in each.
        if (invalid != kMaxCodeFailures || locked != kTries - kMaxCodeFailures)
            problems += u"round %1: %2 INVALID_CODE, %3 CODE_LOCKED of %4 tries\n%5"_s.arg(round)
                            .arg(invalid)
                            .arg(locked)
                            .arg(kTries)
                            .arg(QString::fromUtf8(others));

        // Locked means locked: the right code is refused too, through either process.
        for (int i = 0; i < 2; ++i) {
            const HttpResult right = tries[i].postJson(
                jobPath(id, u"/transition"_s),
                QJsonObject{{u"to"_s, u"IN_PROGRESS"_s}, {u"code"_s, start}}, ifMatch("*"));
            QVERIFY2(right.status == 429 && right.errorCode() == "CODE_LOCKED"_L1,
                     right.describe().constData());
        }
        const HttpResult job = dispatcher.get(jobPath(id));
        QCOMPARE(job.json()[u"status"_s].toString(), u"SCHEDULED"_s);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(u"expected %1 INVALID_CODE and %2 CODE_LOCKED in "
                                            "every round:\n"_s.arg(kMaxCodeFailures)
                                                .arg(kTries - kMaxCodeFailures) +
                                            problems));
}

void TestHardeningPostgres::logoutReachesTheOtherInstanceAtOnce()
{
    if (!m_postgresSkip.isEmpty())
        QSKIP(qPrintable(m_postgresSkip));
    const TestUser &pro = m_postgres.office->pros.at(0);
    for (int round = 0; round < 10; ++round) {
        HttpTestClient onA(m_postgres.a.apiUrl({}));
        QVERIFY(onA.login(pro.username, pro.password));
        HttpTestClient onB(m_postgres.b.apiUrl({}));
        onB.setToken(onA.token());
        QCOMPARE(onB.get(u"/jobs?limit=1"_s).status, 200); // B has the token cached now
        StreamClient stream;
        stream.open(m_postgres.b, onA.token());
        QVERIFY(stream.waitConnected());
        stream.resumeAfter(0);

        QCOMPARE(onA.postJson(u"/auth/logout"_s, QJsonObject{}).status, 204);
        const HttpResult after = onB.get(u"/jobs?limit=1"_s);
        QVERIFY2(after.status == 401,
                 qPrintable(u"round %1: %2"_s.arg(round).arg(QString::fromUtf8(after.describe()))));
        QTRY_VERIFY_WITH_TIMEOUT(stream.closed, 10000);
        QCOMPARE(int(stream.socket.closeCode()), 4401);
    }
}

void TestHardeningPostgres::signInAllowanceIsSharedByInstances()
{
    if (!m_postgresSkip.isEmpty())
        QSKIP(qPrintable(m_postgresSkip));
    // Twelve wrong guesses for one account, alternating between the instances: ten are
    // checked (401), then the account is limited on both (429).
    const TestUser &dispatcher = m_postgres.office->dispatcher;
    QList<int> statuses;
    for (int i = 0; i < 12; ++i) {
        HttpTestClient client((i % 2 == 0 ? m_postgres.a : m_postgres.b).apiUrl({}));
        statuses.append(
            client
                .postJson(u"/auth/login"_s, QJsonObject{{u"username"_s, dispatcher.username},
                                                        {u"password"_s, u"wrong-%1"_s.arg(i)}})
                .status);
    }
    QCOMPARE(statuses.count(401), 10);
    QCOMPARE(statuses.mid(10), (QList<int>{429, 429}));
}

void TestHardeningPostgres::controlCharactersInAnIdAreNotFound()
{
    if (!m_postgresSkip.isEmpty())
        QSKIP(qPrintable(m_postgresSkip));
    HttpTestClient dispatcher(m_postgres.a.apiUrl({}));
    dispatcher.setToken(m_postgres.office->dispatcher.token);
    for (const QString &path : {u"/jobs/a%00b"_s, u"/jobs/%00/history"_s})
        QCOMPARE(dispatcher.get(path).status, 404);
    QCOMPARE(dispatcher.get(u"/jobs?limit=1"_s).status, 200); // and the server is fine
}

QTEST_GUILESS_MAIN(TestHardeningPostgres)
#include "tst_hardening_postgres.moc"
