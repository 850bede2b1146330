// ApiClient's offers routes against the real dispatchd (docs/openapi.yaml `GET /offers` and
// `GET /jobs/{id}/candidates`): the second listOffers for the same origin sends the list's ETag
// and gets a 304 (`notModified`), a new job makes the next call a 200 in the server's order,
// which OffersModel takes without a reset; listCandidates returns the ranked pros.
#include "dispatchdprocess.h"
#include "expectedoffer.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <apiclient.h>
#include <offersmodel.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using Kind = ApiError::Kind;

namespace {

QStringList idsOf(const QList<Offer> &offers)
{
    QStringList ids;
    for (const Offer &offer : offers)
        ids.append(offer.job.id);
    return ids;
}

} // namespace

class TestApiClientOffers final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void offersNotModifiedUntilANewJob();
    void candidatesRanked();
    void candidatesErrors();

private:
    std::unique_ptr<ApiClient> clientFor(const TestUser &user);
    QString createJob(const QString &title, const QJsonObject &geo);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    int m_counter = 0;
};

void TestApiClientOffers::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(3));
}

void TestApiClientOffers::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<ApiClient> TestApiClientOffers::clientFor(const TestUser &user)
{
    auto client = std::make_unique<ApiClient>(m_server.baseUrl());
    client->setToken(user.token);
    return client;
}

QString TestApiClientOffers::createJob(const QString &title, const QJsonObject &geo)
{
    QJsonObject fields{{QStringLiteral("title"), QString(title + QString::number(++m_counter))}};
    if (!geo.isEmpty())
        fields.insert(QStringLiteral("geo"), geo);
    return m_office->createJob(fields).value(QLatin1String("id")).toString();
}

void TestApiClientOffers::offersNotModifiedUntilANewJob()
{
    for (int i = 1; i <= 3; ++i)
        QVERIFY(!createJob(QStringLiteral("offer "), TestOffice::proHome(i)).isEmpty());

    auto pro = clientFor(m_office->pros.at(0));
    QList<QByteArray> ifNoneMatch;
    connect(pro.get(), &ApiClient::requestSent, this,
            [&ifNoneMatch](const ApiClient::OutgoingRequest &request) {
                ifNoneMatch.append(request.header("If-None-Match"));
            });

    const auto first = await<OffersResult>(
        [&](QObject *context, auto done) { pro->listOffers(std::nullopt, context, done); });
    QVERIFY(first);
    QVERIFY2(first->ok(), qPrintable(first->error.toString()));
    QVERIFY(!first->notModified);
    QVERIFY(!first->etag.isNull());
    QVERIFY(first->offers.size() >= 3);
    QVERIFY(ifNoneMatch.last().isEmpty());

    const auto second = await<OffersResult>(
        [&](QObject *context, auto done) { pro->listOffers(std::nullopt, context, done); });
    QVERIFY(second);
    QVERIFY2(second->ok(), qPrintable(second->error.toString()));
    QVERIFY(second->notModified);
    QCOMPARE(ifNoneMatch.last(), first->etag.toHeader());
    QCOMPARE(second->etag, first->etag);
    QCOMPARE(idsOf(second->offers), idsOf(first->offers));
    QCOMPARE(pro->stats().notModified, 1);

    // Another origin has its own tag: the first call there is unconditional.
    const auto elsewhere = await<OffersResult>([&](QObject *context, auto done) {
        pro->listOffers(GeoPoint{30.5, -97.5}, context, done);
    });
    QVERIFY(elsewhere && elsewhere->ok());
    QVERIFY(!elsewhere->notModified);
    QVERIFY(ifNoneMatch.last().isEmpty());

    OffersModel model;
    model.setOffers(first->offers);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    // A new job near the pro: the next call is a 200 in the server's order.
    const QString added = createJob(QStringLiteral("joins "), TestOffice::proHome(1));
    QVERIFY(!added.isEmpty());
    const auto third = await<OffersResult>(
        [&](QObject *context, auto done) { pro->listOffers(std::nullopt, context, done); });
    QVERIFY(third);
    QVERIFY2(third->ok(), qPrintable(third->error.toString()));
    QVERIFY(!third->notModified);
    QCOMPARE(ifNoneMatch.last(), first->etag.toHeader());
    QVERIFY(third->etag != first->etag);
    QVERIFY(idsOf(third->offers).contains(added));
    const HttpResult raw = m_office->client(m_office->pros.at(0)).get(QStringLiteral("/offers"));
    QCOMPARE(raw.status, 200);
    QCOMPARE(idsOf(third->offers), rankedIds(raw.json()));
    for (qsizetype i = 1; i < third->offers.size(); ++i)
        QVERIFY(third->offers[i - 1].score >= third->offers[i].score);

    model.setOffers(third->offers);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), int(third->offers.size()));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.offerAt(row).job.id, third->offers[row].job.id);

    // A new token (another user) forgets the tags.
    pro->setToken(m_office->pros.at(1).token);
    const auto other = await<OffersResult>(
        [&](QObject *context, auto done) { pro->listOffers(std::nullopt, context, done); });
    QVERIFY(other && other->ok());
    QVERIFY(!other->notModified);
    QVERIFY(ifNoneMatch.last().isEmpty());
}

void TestApiClientOffers::candidatesRanked()
{
    const QString jobId = createJob(QStringLiteral("needs a pro "), TestOffice::proHome(2));
    QVERIFY(!jobId.isEmpty());
    auto dispatcher = clientFor(m_office->dispatcher);
    const auto result = await<CandidatesResult>(
        [&](QObject *context, auto done) { dispatcher->listCandidates(jobId, context, done); });
    QVERIFY(result);
    QVERIFY2(result->ok(), qPrintable(result->error.toString()));
    QVERIFY(result->candidates.size() >= 3);

    // The pro who lives at the job is first, distance 0, with their home and name.
    const Candidate &best = result->candidates.first();
    QCOMPARE(best.proId, m_office->pros.at(1).id);
    QVERIFY(!best.proName.isEmpty());
    QVERIFY(best.proHome);
    QVERIFY(best.distanceMiles);
    QVERIFY(*best.distanceMiles < 0.01);
    QCOMPARE(best.jobsThatDay, 0);
    for (const Candidate &candidate : result->candidates) {
        QCOMPARE(candidate.score,
                 candidate.statusScore + candidate.distanceScore + candidate.urgencyScore);
    }
    for (qsizetype i = 1; i < result->candidates.size(); ++i)
        QVERIFY(result->candidates[i - 1].score >= result->candidates[i].score);

    // The same order and scores as the raw answer.
    const HttpResult raw =
        m_office->client(m_office->dispatcher)
            .get(QStringLiteral("/jobs/") + jobId + QStringLiteral("/candidates"));
    QCOMPARE(raw.status, 200);
    const QJsonArray items = raw.json().value(QLatin1String("items")).toArray();
    QCOMPARE(items.size(), result->candidates.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        QCOMPARE(result->candidates[i].proId,
                 items[i][QLatin1String("pro")][QLatin1String("id")].toString());
        QCOMPARE(result->candidates[i].score, items[i][QLatin1String("score")].toInt());
    }
}

void TestApiClientOffers::candidatesErrors()
{
    const QString jobId = createJob(QStringLiteral("office only "), {});
    QVERIFY(!jobId.isEmpty());
    auto pro = clientFor(m_office->pros.at(0));
    const auto refused = await<CandidatesResult>(
        [&](QObject *context, auto done) { pro->listCandidates(jobId, context, done); });
    QVERIFY(refused);
    QCOMPARE(refused->error.kind, Kind::Forbidden);

    auto dispatcher = clientFor(m_office->dispatcher);
    const auto unknown = await<CandidatesResult>([&](QObject *context, auto done) {
        dispatcher->listCandidates(QStringLiteral("no-such-job"), context, done);
    });
    QVERIFY(unknown);
    QCOMPARE(unknown->error.kind, Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestApiClientOffers)
#include "tst_apiclientoffers.moc"
