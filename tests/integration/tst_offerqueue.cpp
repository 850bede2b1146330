// The pro's live offers queue (ui/offers/OfferQueue) against the real dispatchd: it loads in the
// server's order, a job a dispatcher creates appears through the event stream without a reload
// and without a model reset, an unchanged queue is re-checked with a 304, a new top-three offer
// is announced, the urgency timer is armed for the next 48 h / 24 h step, of two pros accepting
// one job at once exactly one wins and the other hears "taken", and an accept whose answer is
// lost on the way back is retried and wins once.
#include "dispatchdprocess.h"
#include "droppingrelay.h"
#include "expectedoffer.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <apiclient.h>
#include <eventstreamclient.h>
#include <offerqueue.h>
#include <offersmodel.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

/// A one-hour window starting at `start` (UTC, whole minutes) that ends the same day.
QJsonObject scheduleAt(const QDateTime &start)
{
    // A window never runs past midnight (the server refuses 23:30-00:30): after 23:00 it
    // ends at 23:59, so the suite passes whatever the hour it runs at.
    const QTime from(start.time().hour(), std::min(start.time().minute(), 58));
    const QTime end = from.hour() == 23 ? QTime(23, 59) : from.addSecs(3600);
    return QJsonObject{
        {u"date"_s, start.date().toString(Qt::ISODate)},
        {u"timezone"_s, u"UTC"_s},
        {u"window"_s, QString(from.toString(u"HH:mm") + u'-' + end.toString(u"HH:mm"))}};
}

} // namespace

class TestOfferQueue final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void loadsInTheServersOrder();
    void newJobArrivesLiveWithoutReset();
    void unchangedQueueIsANotModified();
    void newTopOfferIsAnnounced();
    void urgencyTimerArmedForNextStep();
    void twoProsAcceptOnceOneWins();
    void lostAcceptAnswerIsRetriedAndWinsOnce();

private:
    /// A client logged in as the user, pointed at `server` (the dispatchd by default).
    std::unique_ptr<ApiClient> clientFor(const TestUser &user, const QUrl &server = {});
    /// A queue for the client, started and loaded, with the client's event stream running.
    std::unique_ptr<OfferQueue> loadedQueue(ApiClient *client, bool live = true);
    /// POST /jobs as the dispatcher (with an optional schedule); the job's id, or "".
    QString createJob(const QString &title, const QJsonObject &geo,
                      const QJsonObject &schedule = {});

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    int m_counter = 0;
};

void TestOfferQueue::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(3));
    for (int i = 1; i <= 4; ++i)
        QVERIFY(!createJob(u"seed "_s, i % 2 ? TestOffice::proHome(i % 3 + 1) : QJsonObject{})
                     .isEmpty());
}

void TestOfferQueue::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<ApiClient> TestOfferQueue::clientFor(const TestUser &user, const QUrl &server)
{
    auto client = std::make_unique<ApiClient>(server.isEmpty() ? m_server.baseUrl() : server);
    client->setToken(user.token);
    return client;
}

std::unique_ptr<OfferQueue> TestOfferQueue::loadedQueue(ApiClient *client, bool live)
{
    auto queue = std::make_unique<OfferQueue>(client);
    if (live) {
        // Resume from the log's head now, as the console does after its first page.
        // The queue's child: it goes with the queue, before the client it reads from.
        auto *stream = new EventStreamClient(client, queue.get());
        const HttpResult events =
            m_office->client(m_office->dispatcher).get(u"/events?after=0&limit=1000"_s);
        stream->start(qint64(events.json().value(u"lastSeq"_s).toDouble()));
    }
    QSignalSpy loaded(queue.get(), &OfferQueue::loaded);
    queue->start();
    if (!QTest::qWaitFor([&] { return loaded.count() > 0; }, kAnswerWaitMs))
        qWarning("the queue did not load");
    return queue;
}

QString TestOfferQueue::createJob(const QString &title, const QJsonObject &geo,
                                  const QJsonObject &schedule)
{
    QJsonObject fields{{u"title"_s, QString(title + QString::number(++m_counter))}};
    if (!geo.isEmpty())
        fields.insert(u"geo"_s, geo);
    QByteArray etag;
    const QJsonObject job = m_office->createJob(fields, &etag);
    const QString id = job.value(u"id"_s).toString();
    if (id.isEmpty() || schedule.isEmpty())
        return id;
    HttpTestClient dispatcher = m_office->client(m_office->dispatcher);
    const HttpResult scheduled =
        dispatcher.postJson(u"/jobs/"_s + id + u"/schedule"_s, schedule, {{"If-Match", etag}});
    if (scheduled.status != 200) {
        qWarning("schedule: %s", scheduled.describe().constData());
        return {};
    }
    return id;
}

void TestOfferQueue::loadsInTheServersOrder()
{
    auto pro = clientFor(m_office->pros.at(0));
    auto queue = loadedQueue(pro.get(), false);
    QVERIFY(queue->hasLoaded());
    const HttpResult raw = m_office->client(m_office->pros.at(0)).get(u"/offers"_s);
    QCOMPARE(raw.status, 200);
    QVERIFY(queue->model()->rowCount() >= 4);
    QCOMPARE(rowIds(queue->model(), OffersModel::JobIdRole), rankedIds(raw.json()));

    // Another origin is another ranking: the pro's third home puts its jobs first.
    const QJsonObject home3 = TestOffice::proHome(3);
    const GeoPoint origin{home3[u"lat"_s].toDouble(), home3[u"lng"_s].toDouble()};
    QSignalSpy loaded(queue.get(), &OfferQueue::loaded);
    queue->setOrigin(origin);
    QVERIFY(loaded.wait(kAnswerWaitMs));
    const HttpResult there =
        m_office->client(m_office->pros.at(0))
            .get(
                u"/offers?lat=%1&lng=%2"_s.arg(origin.lat, 0, 'g', 10).arg(origin.lng, 0, 'g', 10));
    QCOMPARE(rowIds(queue->model(), OffersModel::JobIdRole), rankedIds(there.json()));
}

void TestOfferQueue::newJobArrivesLiveWithoutReset()
{
    auto pro = clientFor(m_office->pros.at(0));
    auto queue = loadedQueue(pro.get());
    QSignalSpy resets(queue->model(), &QAbstractItemModel::modelReset);
    const int before = queue->model()->rowCount();

    const QString added = createJob(u"arrives live "_s, TestOffice::proHome(1));
    QVERIFY(!added.isEmpty());
    // No refresh() here: the event stream tells the queue.
    QTRY_VERIFY_WITH_TIMEOUT(queue->model()->rowOf(added) >= 0, kAnswerWaitMs);
    QCOMPARE(queue->model()->rowCount(), before + 1);
    QCOMPARE(resets.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!queue->isLoading(), kAnswerWaitMs);
    const HttpResult raw = m_office->client(m_office->pros.at(0)).get(u"/offers"_s);
    QCOMPARE(rowIds(queue->model(), OffersModel::JobIdRole), rankedIds(raw.json()));

    // A job assigned by the office leaves the queue the same way.
    HttpTestClient dispatcher = m_office->client(m_office->dispatcher);
    const HttpResult job = dispatcher.get(u"/jobs/"_s + added);
    const HttpResult assigned = dispatcher.postJson(
        u"/jobs/"_s + added + u"/assign"_s, QJsonObject{{u"proId"_s, m_office->pros.at(1).id}},
        {{"If-Match", job.header("ETag")}});
    QCOMPARE(assigned.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowOf(added), -1, kAnswerWaitMs);
    QCOMPARE(resets.count(), 0);
}

void TestOfferQueue::unchangedQueueIsANotModified()
{
    auto pro = clientFor(m_office->pros.at(1));
    auto queue = loadedQueue(pro.get(), false);
    const QStringList order = rowIds(queue->model(), OffersModel::JobIdRole);
    const int notModifiedBefore = pro->stats().notModified;
    QSignalSpy loaded(queue.get(), &OfferQueue::loaded);
    queue->refresh();
    QVERIFY(loaded.wait(kAnswerWaitMs));
    QCOMPARE(pro->stats().notModified, notModifiedBefore + 1);
    QCOMPARE(rowIds(queue->model(), OffersModel::JobIdRole), order);
}

void TestOfferQueue::newTopOfferIsAnnounced()
{
    auto pro = clientFor(m_office->pros.at(0));
    auto queue = loadedQueue(pro.get());
    QSignalSpy top(queue.get(), &OfferQueue::topOfferArrived);

    // Far away and unscheduled: ranks low, no announcement.
    const QString far = createJob(u"far "_s, QJsonObject{{u"lat"_s, 40.7}, {u"lng"_s, -74.0}});
    QTRY_VERIFY_WITH_TIMEOUT(queue->model()->rowOf(far) >= 0, kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!queue->isLoading(), kAnswerWaitMs);
    QCOMPARE(top.count(), 0);

    // At the pro's home, scheduled within a day: first.
    const QString best = createJob(u"best "_s, TestOffice::proHome(1),
                                   scheduleAt(QDateTime::currentDateTimeUtc().addSecs(6 * 3600)));
    QVERIFY(!best.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(top.count(), 1, kAnswerWaitMs);
    const auto offer = top.at(0).at(0).value<net::Offer>();
    QCOMPARE(offer.job.id, best);
    QCOMPARE(top.at(0).at(1).toInt(), 1);
    QCOMPARE(queue->model()->rowOf(best), 0);
}

void TestOfferQueue::urgencyTimerArmedForNextStep()
{
    auto pro = clientFor(m_office->pros.at(2));
    // Due about 60 h from now: the next step is when it is 48 h away.
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(60 * 3600);
    const QString id = createJob(u"later "_s, TestOffice::proHome(3), scheduleAt(start));
    QVERIFY(!id.isEmpty());
    auto queue = loadedQueue(pro.get(), false);
    const int row = queue->model()->rowOf(id);
    QVERIFY(row >= 0);
    const QDateTime due = queue->model()->offerAt(row).job.dueAt;
    QVERIFY(due.isValid());
    const QDateTime next = queue->nextUrgencyCheck();
    QVERIFY(next.isValid());
    // No listed job crosses a step sooner than this one... unless another job does; either
    // way the check is at most a second after this job's 48 h step.
    QVERIFY2(next <= due.addSecs(-48 * 3600 + 1).addMSecs(500),
             qPrintable(next.toString(Qt::ISODateWithMs) + u" vs "_s + due.toString(Qt::ISODate)));
    QVERIFY(next > QDateTime::currentDateTimeUtc());
}

void TestOfferQueue::twoProsAcceptOnceOneWins()
{
    const QString id = createJob(u"contested "_s, TestOffice::proHome(1));
    QVERIFY(!id.isEmpty());
    auto first = clientFor(m_office->pros.at(0));
    auto second = clientFor(m_office->pros.at(1));
    auto firstQueue = loadedQueue(first.get(), false);
    auto secondQueue = loadedQueue(second.get(), false);
    QVERIFY(firstQueue->model()->rowOf(id) >= 0);
    QVERIFY(secondQueue->model()->rowOf(id) >= 0);

    QSignalSpy firstWon(firstQueue.get(), &OfferQueue::accepted);
    QSignalSpy firstTaken(firstQueue.get(), &OfferQueue::acceptTaken);
    QSignalSpy secondWon(secondQueue.get(), &OfferQueue::accepted);
    QSignalSpy secondTaken(secondQueue.get(), &OfferQueue::acceptTaken);
    QSignalSpy firstFailed(firstQueue.get(), &OfferQueue::acceptFailed);
    QSignalSpy secondFailed(secondQueue.get(), &OfferQueue::acceptFailed);
    // Both go out before either answer is read.
    QVERIFY(firstQueue->accept(id));
    QVERIFY(secondQueue->accept(id));
    QVERIFY(firstQueue->isAccepting(id));
    QVERIFY(!firstQueue->accept(id)); // not twice
    QTRY_COMPARE_WITH_TIMEOUT(firstWon.count() + firstTaken.count(), 1, kAnswerWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(secondWon.count() + secondTaken.count(), 1, kAnswerWaitMs);
    QCOMPARE(firstWon.count() + secondWon.count(), 1);
    QCOMPARE(firstTaken.count() + secondTaken.count(), 1);
    QCOMPARE(firstFailed.count() + secondFailed.count(), 0);
    QCOMPARE(firstQueue->model()->rowOf(id), -1);
    QCOMPARE(secondQueue->model()->rowOf(id), -1);

    const TestUser &winner = firstWon.count() ? m_office->pros.at(0) : m_office->pros.at(1);
    const auto won = (firstWon.count() ? firstWon : secondWon).at(0).at(0).value<VersionedJob>();
    QCOMPARE(won.job.assignedTo, winner.id);
    QCOMPARE(won.job.status, JobStatus::Scheduled);
    const auto taken = (firstTaken.count() ? firstTaken : secondTaken).at(0);
    QCOMPARE(taken.at(0).toString(), id);
    QVERIFY(taken.at(1).toString().startsWith(u"contested"_s));

    // The server holds one assignment.
    const HttpResult job = m_office->client(m_office->dispatcher).get(u"/jobs/"_s + id);
    QCOMPARE(job.json().value(u"assignedTo"_s).toString(), winner.id);
    const HttpResult history =
        m_office->client(m_office->dispatcher).get(u"/jobs/"_s + id + u"/history"_s);
    int assignments = 0;
    for (const QJsonValue &entry : history.jsonArray())
        assignments += entry[u"type"_s].toString() == u"JOB_ASSIGNED"_s;
    QCOMPARE(assignments, 1);
}

void TestOfferQueue::lostAcceptAnswerIsRetriedAndWinsOnce()
{
    DroppingRelay relay(m_server.port());
    QVERIFY(relay.listen());
    const QString id = createJob(u"flaky network "_s, TestOffice::proHome(3));
    QVERIFY(!id.isEmpty());
    auto pro = clientFor(m_office->pros.at(2), relay.url());
    auto queue = loadedQueue(pro.get(), false);
    QVERIFY(queue->model()->rowOf(id) >= 0);
    const qint64 versionBefore = qint64(m_office->client(m_office->dispatcher)
                                            .get(u"/jobs/"_s + id)
                                            .json()
                                            .value(u"version"_s)
                                            .toDouble());

    queue->setAcceptRetry(4, std::chrono::milliseconds(50));
    // Qt's network stack sends a request again by itself once when a kept-alive connection
    // closes before any answer; the second loss reaches the queue.
    relay.dropAnswers("POST /api/v1/offers/", 2);
    QSignalSpy retrying(queue.get(), &OfferQueue::acceptRetrying);
    QSignalSpy won(queue.get(), &OfferQueue::accepted);
    QSignalSpy failed(queue.get(), &OfferQueue::acceptFailed);
    QVERIFY(queue->accept(id));
    QTRY_COMPARE_WITH_TIMEOUT(won.count(), 1, kAnswerWaitMs);
    QCOMPARE(relay.dropped(), 2);
    QCOMPARE(retrying.count(), 1);
    QCOMPARE(retrying.at(0).at(1).toInt(), 2);
    QCOMPARE(failed.count(), 0);
    const auto job = won.at(0).at(0).value<VersionedJob>();
    QCOMPARE(job.job.assignedTo, m_office->pros.at(2).id);

    // The first try did the work; the second found it done: one new version, one assignment.
    const HttpResult after = m_office->client(m_office->dispatcher).get(u"/jobs/"_s + id);
    QCOMPARE(qint64(after.json().value(u"version"_s).toDouble()), versionBefore + 1);
    QCOMPARE(job.job.version, versionBefore + 1);
}

QTEST_GUILESS_MAIN(TestOfferQueue)
#include "tst_offerqueue.moc"
