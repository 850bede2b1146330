// ApiClient::dispatchJob against the real dispatchd: one write that assigns and schedules with
// If-Match, the answer in the cache and announced by jobChanged; a stale tag is a Conflict with
// the server's copy; a pro who accepted first is AlreadyAssigned with the job as it now is (so
// the dispatch board can put the block where the server says); a bad schedule changes nothing.
#include "dispatchdprocess.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <apiclient.h>

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using namespace Qt::StringLiterals;
using Kind = ApiError::Kind;

class TestDispatchClient final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void dispatchAssignsAndSchedulesInOneWrite();
    void staleTagIsAConflictWithTheServersCopy();
    void proWhoAcceptedFirstIsAlreadyAssignedWithTheJob();
    void badScheduleChangesNothing();

private:
    std::unique_ptr<ApiClient> signedIn(const TestUser &user) const;
    VersionedJob newOpenJob(const QString &title);
    std::optional<JobResult> dispatch(ApiClient &client, const VersionedJob &base, int proIndex,
                                      const JobSchedule &schedule);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<ApiClient> m_api;
};

void TestDispatchClient::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(), "DISPATCHD_BINARY is not set");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(2));
    m_api = signedIn(m_office->dispatcher);
}

void TestDispatchClient::cleanupTestCase()
{
    m_api.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<ApiClient> TestDispatchClient::signedIn(const TestUser &user) const
{
    auto api = std::make_unique<ApiClient>(m_server.baseUrl());
    api->setToken(user.token);
    return api;
}

VersionedJob TestDispatchClient::newOpenJob(const QString &title)
{
    const auto made = await<JobResult>([&](QObject *context, auto done) {
        m_api->createJob(QJsonObject{{u"title"_s, title}}, {}, context, done);
    });
    return made && made->ok() ? made->job : VersionedJob{};
}

std::optional<JobResult> TestDispatchClient::dispatch(ApiClient &client, const VersionedJob &base,
                                                      int proIndex, const JobSchedule &schedule)
{
    const QString proId = m_office->pros.at(proIndex).id;
    return await<JobResult>([&](QObject *context, auto done) {
        client.dispatchJob(base, proId, schedule, context, done);
    });
}

void TestDispatchClient::dispatchAssignsAndSchedulesInOneWrite()
{
    const VersionedJob base = newOpenJob(u"Dispatch one write"_s);
    QVERIFY(base.isValid());
    const JobSchedule when{u"2031-03-04"_s, u"America/Chicago"_s, u"09:15-12:15"_s};
    QList<ApiClient::OutgoingRequest> sent;
    connect(m_api.get(), &ApiClient::requestSent, this,
            [&sent](const ApiClient::OutgoingRequest &request) { sent.append(request); });
    QSignalSpy changed(m_api.get(), &ApiClient::jobChanged);

    const auto result = dispatch(*m_api, base, 0, when);
    disconnect(m_api.get(), &ApiClient::requestSent, this, nullptr);
    QVERIFY(result);
    QVERIFY2(result->ok(), qPrintable(result->error.toString()));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().method, "POST"_ba);
    QVERIFY(sent.first().url.path().endsWith(u"/jobs/"_s + base.id() + u"/dispatch"_s));
    QCOMPARE(sent.first().header("If-Match"), base.etag.toHeader());

    const Job &job = result->job.job;
    QCOMPARE(job.status, JobStatus::Scheduled);
    QCOMPARE(job.assignedTo, m_office->pros.at(0).id);
    QVERIFY(job.schedule);
    QCOMPARE(*job.schedule, when);
    QCOMPARE(job.version, base.job.version + 1);
    QCOMPARE(m_api->cachedJob(base.id())->etag, result->job.etag);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<VersionedJob>().job, job);

    // The server holds both halves.
    const HttpResult stored = m_office->client(m_office->admin).get(jobPath(base.id()));
    QCOMPARE(stored.json().value(u"assignedTo"_s).toString(), m_office->pros.at(0).id);
    QCOMPARE(stored.json().value(u"schedule"_s).toObject(), toJson(when));
}

void TestDispatchClient::staleTagIsAConflictWithTheServersCopy()
{
    const VersionedJob base = newOpenJob(u"Dispatch stale"_s);
    QVERIFY(base.isValid());
    auto admin = signedIn(m_office->admin);
    const auto theirs = await<JobResult>([&](QObject *context, auto done) {
        admin->patchJob(base, QJsonObject{{u"details"_s, u"Gate code 4411"_s}}, context, done);
    });
    QVERIFY(theirs && theirs->ok());

    const auto mine =
        dispatch(*m_api, base, 1, {u"2031-03-05"_s, u"America/Chicago"_s, u"13:00-16:00"_s});
    QVERIFY(mine);
    QCOMPARE(mine->error.kind, Kind::Conflict);
    QCOMPARE(mine->error.httpStatus, 412);
    QVERIFY(mine->error.current);
    QCOMPARE(mine->error.current->job, theirs->job.job);
    QCOMPARE(m_api->cachedJob(base.id())->etag, theirs->job.etag);
    const QJsonObject stored = m_office->client(m_office->admin).get(jobPath(base.id())).json();
    QVERIFY(stored.value(u"assignedTo"_s).isNull());
    QVERIFY(stored.value(u"schedule"_s).isNull());
}

void TestDispatchClient::proWhoAcceptedFirstIsAlreadyAssignedWithTheJob()
{
    const VersionedJob base = newOpenJob(u"Dispatch raced by an accept"_s);
    QVERIFY(base.isValid());
    auto pro = signedIn(m_office->pros.at(0));
    const auto accepted = await<JobResult>([&](QObject *context, auto done) {
        pro->acceptOffer(VersionedJob{base.job, {}}, context, done);
    });
    QVERIFY(accepted && accepted->ok());
    QSignalSpy changed(m_api.get(), &ApiClient::jobChanged);

    const auto mine =
        dispatch(*m_api, base, 1, {u"2031-03-06"_s, u"America/Chicago"_s, u"08:00-11:00"_s});
    QVERIFY(mine);
    QCOMPARE(mine->error.kind, Kind::AlreadyAssigned);
    QCOMPARE(mine->error.httpStatus, 409);
    // The job as it now is comes with the refusal and replaces the stale copy.
    QVERIFY(mine->error.current);
    QCOMPARE(mine->error.current->job.assignedTo, m_office->pros.at(0).id);
    QVERIFY(!mine->error.current->etag.isNull());
    QCOMPARE(m_api->cachedJob(base.id())->job.assignedTo, m_office->pros.at(0).id);
    QCOMPARE(changed.size(), 1);
}

void TestDispatchClient::badScheduleChangesNothing()
{
    const VersionedJob base = newOpenJob(u"Dispatch bad window"_s);
    QVERIFY(base.isValid());
    const auto result =
        dispatch(*m_api, base, 0, {u"2031-03-07"_s, u"America/Chicago"_s, u"15:00-09:00"_s});
    QVERIFY(result);
    QCOMPARE(result->error.kind, Kind::Validation);
    QCOMPARE(result->error.field, u"window"_s);
    const HttpResult stored = m_office->client(m_office->admin).get(jobPath(base.id()));
    QCOMPARE(stored.header("ETag"), base.etag.toHeader());
    QVERIFY(stored.json().value(u"assignedTo"_s).isNull());
}

QTEST_GUILESS_MAIN(TestDispatchClient)
#include "tst_dispatchclient.moc"
