#include <jobcache.h>
#include <jobwritequeue.h>

#include <QSignalSpy>
#include <QTest>

using dispatch::Etag;
using dispatch::Job;
using dispatch::net::ApiError;
using dispatch::net::ChangeEvent;
using dispatch::net::JobCache;
using dispatch::net::JobResult;
using dispatch::net::JobWriteQueue;
using dispatch::net::VersionedJob;

namespace {

VersionedJob versioned(const QString &id, qint64 version, const QByteArray &tag)
{
    Job job;
    job.id = id;
    job.version = version;
    return VersionedJob{job, Etag::strong(tag)};
}

/// A send function that sends nothing: it records each write and keeps its `done` for the test
/// to answer, as the network would, later.
struct FakeServer {
    struct Sent {
        QString jobId;
        QByteArray body;
        Etag ifMatch;
        JobWriteQueue::Finish done;
    };
    QList<Sent> sent;

    JobWriteQueue::SendFunction sender()
    {
        return [this](const QString &jobId, const JobWriteQueue::Write &write, const Etag &ifMatch,
                      JobWriteQueue::Finish done) {
            sent.append(Sent{jobId, write.body, ifMatch, std::move(done)});
        };
    }
    /// Answers the write sent `index`-th.
    void answer(int index, const JobResult &result) { sent[index].done(result); }
};

JobWriteQueue::Write write(const QByteArray &body, const QByteArray &base, QStringList *log)
{
    JobWriteQueue::Write w;
    w.method = "PATCH";
    w.path = QStringLiteral("/jobs/j1");
    w.body = body;
    w.base = Etag::strong(base);
    w.finish = [log, body](const JobResult &result) {
        log->append(QString::fromLatin1(body) + u':' +
                    (result.ok() ? QStringLiteral("ok") : result.error.code));
    };
    return w;
}

JobResult success(const QString &id, qint64 version, const QByteArray &tag)
{
    JobResult result;
    result.job = versioned(id, version, tag);
    return result;
}

JobResult conflict(const QString &id)
{
    JobResult result;
    result.error.kind = ApiError::Kind::Conflict;
    result.error.code = QStringLiteral("PRECONDITION_FAILED");
    result.error.jobId = id;
    return result;
}

} // namespace

/// The per-job write queue (net/jobwritequeue.h) driven without a network, and the job cache's
/// guard against sending another job's ETag (net/jobcache.h).
class TestJobWriteQueue final : public QObject {
    Q_OBJECT

private slots:
    void writesGoOneAtATimeInCallOrder();
    void nothingIsDeliveredInsideEnqueue();
    void conflictIsPassedDownTheChain();
    void otherFailureSendsOwnBase();
    void jobsDoNotWaitForEachOther();
    void pendingWritesChangedCountsDownToZero();
    void foreignEtagIsNeverSent();
    void cacheKeepsNewerVersionAndKnowsTagOwners();
    void cacheAppliesEvents();
};

void TestJobWriteQueue::writesGoOneAtATimeInCallOrder()
{
    FakeServer server;
    JobWriteQueue queue(server.sender());
    QStringList log;
    queue.enqueue(QStringLiteral("j1"), write("first", "v1", &log));
    queue.enqueue(QStringLiteral("j1"), write("second", "v1", &log));
    queue.enqueue(QStringLiteral("j1"), write("third", "v1", &log));
    QCOMPARE(queue.pendingWrites(QStringLiteral("j1")), 3);
    QVERIFY(server.sent.isEmpty()); // the first write starts on the next turn

    QTRY_COMPARE(server.sent.size(), 1);
    QCOMPARE(server.sent[0].body, QByteArray("first"));
    QCOMPARE(server.sent[0].ifMatch, Etag::strong("v1"));
    QTest::qWait(10);
    QCOMPARE(server.sent.size(), 1); // the second waits for the first's answer

    // Each write based on the version its predecessor was based on goes with the tag that
    // write returned: two quick saves do not conflict with each other.
    server.answer(0, success(QStringLiteral("j1"), 2, "v2"));
    QCOMPARE(server.sent.size(), 2);
    QCOMPARE(server.sent[1].body, QByteArray("second"));
    QCOMPARE(server.sent[1].ifMatch, Etag::strong("v2"));
    server.answer(1, success(QStringLiteral("j1"), 3, "v3"));
    QCOMPARE(server.sent.size(), 3);
    QCOMPARE(server.sent[2].body, QByteArray("third"));
    QCOMPARE(server.sent[2].ifMatch, Etag::strong("v3"));
    server.answer(2, success(QStringLiteral("j1"), 4, "v4"));

    QCOMPARE(log, (QStringList{QStringLiteral("first:ok"), QStringLiteral("second:ok"),
                               QStringLiteral("third:ok")}));
    QCOMPARE(queue.pendingWrites(QStringLiteral("j1")), 0);

    // The chain has ended: a later write goes with the base its caller passes.
    queue.enqueue(QStringLiteral("j1"), write("later", "v4", &log));
    QTRY_COMPARE(server.sent.size(), 4);
    QCOMPARE(server.sent[3].ifMatch, Etag::strong("v4"));
}

void TestJobWriteQueue::nothingIsDeliveredInsideEnqueue()
{
    FakeServer server;
    JobWriteQueue queue(server.sender());
    QStringList log;
    queue.enqueue(QString(), write("no id", "v1", &log));
    QVERIFY(log.isEmpty());
    QVERIFY(server.sent.isEmpty());
    QTRY_COMPARE(log.size(), 1);
    QVERIFY(server.sent.isEmpty());
}

void TestJobWriteQueue::conflictIsPassedDownTheChain()
{
    FakeServer server;
    JobWriteQueue queue(server.sender());
    QStringList log;
    queue.enqueue(QStringLiteral("j1"), write("first", "v1", &log));
    queue.enqueue(QStringLiteral("j1"), write("second", "v1", &log));
    queue.enqueue(QStringLiteral("j1"), write("third", "v9", &log)); // another base: sent
    QTRY_COMPARE(server.sent.size(), 1);

    server.answer(0, conflict(QStringLiteral("j1")));
    // The second's base is known to be stale: the same Conflict, not sent.
    QCOMPARE(server.sent.size(), 2);
    QCOMPARE(server.sent[1].body, QByteArray("third"));
    QCOMPARE(server.sent[1].ifMatch, Etag::strong("v9"));
    server.answer(1, success(QStringLiteral("j1"), 10, "v10"));
    QCOMPARE(log, (QStringList{QStringLiteral("first:PRECONDITION_FAILED"),
                               QStringLiteral("second:PRECONDITION_FAILED"),
                               QStringLiteral("third:ok")}));
}

void TestJobWriteQueue::otherFailureSendsOwnBase()
{
    FakeServer server;
    JobWriteQueue queue(server.sender());
    QStringList log;
    queue.enqueue(QStringLiteral("j1"), write("first", "v1", &log));
    queue.enqueue(QStringLiteral("j1"), write("second", "v1", &log));
    QTRY_COMPARE(server.sent.size(), 1);
    JobResult failed;
    failed.error = ApiError::unexpected(0, QStringLiteral("connection refused"));
    failed.error.code = QStringLiteral("NETWORK");
    server.answer(0, failed);
    QCOMPARE(server.sent.size(), 2);
    QCOMPARE(server.sent[1].ifMatch, Etag::strong("v1"));
    server.answer(1, success(QStringLiteral("j1"), 2, "v2"));
    QCOMPARE(log, (QStringList{QStringLiteral("first:NETWORK"), QStringLiteral("second:ok")}));
}

void TestJobWriteQueue::jobsDoNotWaitForEachOther()
{
    FakeServer server;
    JobWriteQueue queue(server.sender());
    QStringList log;
    queue.enqueue(QStringLiteral("j1"), write("a", "v1", &log));
    queue.enqueue(QStringLiteral("j2"), write("b", "w1", &log));
    QTRY_COMPARE(server.sent.size(), 2);
    QCOMPARE(server.sent[0].jobId, QStringLiteral("j1"));
    QCOMPARE(server.sent[1].jobId, QStringLiteral("j2"));
    server.answer(1, success(QStringLiteral("j2"), 2, "w2"));
    server.answer(0, success(QStringLiteral("j1"), 2, "v2"));
    QCOMPARE(log, (QStringList{QStringLiteral("b:ok"), QStringLiteral("a:ok")}));
}

void TestJobWriteQueue::pendingWritesChangedCountsDownToZero()
{
    FakeServer server;
    JobWriteQueue queue(server.sender());
    QSignalSpy spy(&queue, &JobWriteQueue::pendingWritesChanged);
    QStringList log;
    int countWhenFinished = -1;
    auto first = write("first", "v1", &log);
    first.finish = [&](const JobResult &) {
        countWhenFinished = queue.pendingWrites(QStringLiteral("j1"));
    };
    queue.enqueue(QStringLiteral("j1"), std::move(first));
    queue.enqueue(QStringLiteral("j1"), write("second", "v1", &log));
    QTRY_COMPARE(server.sent.size(), 1);
    server.answer(0, success(QStringLiteral("j1"), 2, "v2"));
    QCOMPARE(countWhenFinished, 1); // the second one, still queued
    server.answer(1, success(QStringLiteral("j1"), 3, "v3"));

    QList<int> counts;
    for (const QList<QVariant> &arguments : std::as_const(spy)) {
        QCOMPARE(arguments.at(0).toString(), QStringLiteral("j1"));
        counts.append(arguments.at(1).toInt());
    }
    QCOMPARE(counts, (QList<int>{1, 2, 1, 0}));
    QCOMPARE(log, QStringList{QStringLiteral("second:ok")});
}

void TestJobWriteQueue::foreignEtagIsNeverSent()
{
    JobCache cache;
    // The server once gave job j2 the tag "t2".
    QVERIFY(cache.remember(versioned(QStringLiteral("j2"), 1, "t2")));
    QVERIFY(cache.isForeignEtag(QStringLiteral("j1"), Etag::strong("t2")));
    QVERIFY(!cache.isForeignEtag(QStringLiteral("j2"), Etag::strong("t2")));
    QVERIFY(!cache.isForeignEtag(QStringLiteral("j1"), Etag::strong("unknown")));

    FakeServer server;
    JobWriteQueue queue(server.sender());
    queue.setEtagOwnerFunction([&cache](const Etag &tag) { return cache.etagOwner(tag); });
    QStringList log;
    // A write to j1 based on j2's tag is refused; the next one, with j1's own tag, goes.
    queue.enqueue(QStringLiteral("j1"), write("foreign", "t2", &log));
    queue.enqueue(QStringLiteral("j1"), write("own", "t1", &log));
    QTRY_COMPARE(log.size(), 1);
    QCOMPARE(log.first(), QStringLiteral("foreign:FOREIGN_ETAG"));
    QCOMPARE(server.sent.size(), 1);
    QCOMPARE(server.sent[0].body, QByteArray("own"));
    QCOMPARE(server.sent[0].ifMatch, Etag::strong("t1"));
    for (const FakeServer::Sent &sent : std::as_const(server.sent))
        QVERIFY(sent.ifMatch != Etag::strong("t2"));
}

void TestJobWriteQueue::cacheKeepsNewerVersionAndKnowsTagOwners()
{
    JobCache cache;
    QSignalSpy changed(&cache, &JobCache::jobChanged);
    QVERIFY(cache.remember(versioned(QStringLiteral("j1"), 3, "v3")));
    QVERIFY(!cache.remember(versioned(QStringLiteral("j1"), 2, "v2"))); // older: kept out
    QVERIFY(!cache.remember(versioned(QStringLiteral("j1"), 3, "v3"))); // same: no change
    QCOMPARE(cache.job(QStringLiteral("j1"))->etag, Etag::strong("v3"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cache.etagOwner(Etag::strong("v2")), QStringLiteral("j1"));

    // A list item newer than the cached copy makes it stale.
    Job listed;
    listed.id = QStringLiteral("j1");
    listed.version = 4;
    cache.forgetIfOlderThan(listed);
    QVERIFY(!cache.job(QStringLiteral("j1")));

    // Disabled, nothing is stored, but a tag's owner still is.
    cache.setEnabled(false);
    QVERIFY(!cache.remember(versioned(QStringLiteral("j3"), 1, "t3")));
    QVERIFY(cache.jobIds().isEmpty());
    QVERIFY(cache.isForeignEtag(QStringLiteral("j1"), Etag::strong("t3")));
}

void TestJobWriteQueue::cacheAppliesEvents()
{
    JobCache cache;
    QSignalSpy removed(&cache, &JobCache::jobRemoved);
    ChangeEvent updated;
    updated.type = QStringLiteral("JOB_UPDATED");
    updated.jobId = QStringLiteral("j1");
    updated.job = versioned(QStringLiteral("j1"), 2, "v2").job;
    updated.etag = Etag::strong("v2");
    QVERIFY(cache.applyEvent(updated));
    QCOMPARE(cache.job(QStringLiteral("j1"))->etag, Etag::strong("v2"));

    ChangeEvent deleted;
    deleted.type = QStringLiteral("JOB_DELETED");
    deleted.jobId = QStringLiteral("j1");
    QVERIFY(cache.applyEvent(deleted));
    QVERIFY(!cache.job(QStringLiteral("j1")));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().first().toString(), QStringLiteral("j1"));
}

QTEST_GUILESS_MAIN(TestJobWriteQueue)
#include "tst_jobwritequeue.moc"
