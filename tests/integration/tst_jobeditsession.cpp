// JobEditSession against the real dispatchd: two users edit one job through two ApiClients; a
// non-overlapping edit is re-applied by itself after the 412, an overlapping one comes back as
// a conflict row, and after the user's choice one write lands with every value they kept.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <apiclient.h>
#include <jobeditsession.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using Kind = ApiError::Kind;

namespace {

/// Every PATCH a client sends, with its If-Match and body.
struct PatchLog {
    explicit PatchLog(ApiClient &client)
    {
        QObject::connect(&client, &ApiClient::requestSent, &context,
                         [this](const ApiClient::OutgoingRequest &request) {
                             if (request.method == "PATCH")
                                 ifMatch.append(request.header("If-Match"));
                         });
    }
    QObject context;
    QList<QByteArray> ifMatch;
};

} // namespace

class TestJobEditSession final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void overlappingEditBecomesAConflictRow();
    void nonOverlappingEditIsReappliedAutomatically();
    void takeTheirsLeavesTheirValue();
    void discardMineTakesTheirVersion();
    void backToEditingKeepsMyEditsOnTheirs();
    void resolveWithoutConflictsIsIgnored();
    void twoQuickSavesFromOneSession();
    void remoteChangeBeforeSaving();
    void failedSaveKeepsEdits();

private:
    std::unique_ptr<ApiClient> clientFor(const TestUser &user);
    /// Alice's session after Bob saved `theirs` and Alice saved `mine` over it: in NeedsDecision.
    bool meetConflict(JobEditSession &alice, JobEditSession &bob, const QJsonObject &theirs,
                      const QJsonObject &mine);
    /// A job made by the dispatcher; then both users' sessions read it.
    VersionedJob createJob(const QJsonObject &fields);
    VersionedJob read(ApiClient &client, const QString &id);
    QJsonObject serverFields(const QString &id);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<ApiClient> m_alice; // the dispatcher
    std::unique_ptr<ApiClient> m_bob;   // the admin
};

void TestJobEditSession::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    m_alice = clientFor(m_office->dispatcher);
    m_bob = clientFor(m_office->admin);
}

void TestJobEditSession::cleanupTestCase()
{
    m_alice.reset();
    m_bob.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<ApiClient> TestJobEditSession::clientFor(const TestUser &user)
{
    auto client = std::make_unique<ApiClient>(m_server.baseUrl());
    client->setToken(user.token);
    return client;
}

VersionedJob TestJobEditSession::createJob(const QJsonObject &fields)
{
    const auto created = await<JobResult>(
        [&](QObject *context, auto done) { m_alice->createJob(fields, {}, context, done); });
    if (!created || !created->ok()) {
        qWarning() << "createJob failed" << (created ? created->error.toString() : QString());
        return {};
    }
    return created->job;
}

VersionedJob TestJobEditSession::read(ApiClient &client, const QString &id)
{
    const auto result =
        await<JobResult>([&](QObject *context, auto done) { client.getJob(id, context, done); });
    return result && result->ok() ? result->job : VersionedJob{};
}

QJsonObject TestJobEditSession::serverFields(const QString &id)
{
    HttpTestClient http = m_office->client(m_office->dispatcher);
    const HttpResult result = http.get(QStringLiteral("/jobs/") + id);
    if (result.status != 200)
        qWarning("GET job: %s", result.describe().constData());
    return result.json().value(QLatin1String("fields")).toObject();
}

void TestJobEditSession::overlappingEditBecomesAConflictRow()
{
    const VersionedJob created =
        createJob({{QStringLiteral("title"), QStringLiteral("Fix sink")},
                   {QStringLiteral("details"), QStringLiteral("Leaks")},
                   {QStringLiteral("customer.name"), QStringLiteral("Ada")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), read(*m_alice, created.id()));
    JobEditSession bob(m_bob.get(), read(*m_bob, created.id()));
    QVERIFY(alice.base().isValid() && bob.base().isValid());

    // Bob saves first: a new title and a phone number.
    QSignalSpy bobSaved(&bob, &JobEditSession::saved);
    bob.setField(QStringLiteral("title"), QStringLiteral("Fix kitchen sink"));
    bob.setField(QStringLiteral("customer.phone"), QStringLiteral("+15125550100"));
    bob.save();
    QVERIFY(bobSaved.wait(kAnswerWaitMs));

    // Alice, still on the version she opened, edits details (only she does) and the title
    // (Bob did too).
    PatchLog log(*m_alice);
    QSignalSpy conflicts(&alice, &JobEditSession::conflictsFound);
    QSignalSpy autoMerged(&alice, &JobEditSession::autoMerged);
    QSignalSpy saved(&alice, &JobEditSession::saved);
    QSignalSpy failed(&alice, &JobEditSession::saveFailed);
    alice.setField(QStringLiteral("details"), QStringLiteral("Leaks; bring a wrench"));
    alice.setField(QStringLiteral("title"), QStringLiteral("Fix sink today"));
    alice.save();
    QVERIFY(conflicts.wait(kAnswerWaitMs));
    QCOMPARE(autoMerged.count(), 0);
    QCOMPARE(saved.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(alice.state(), JobEditSession::State::NeedsDecision);

    const MergeResult merge = alice.pendingMerge();
    QCOMPARE(merge.conflicts.size(), 1);
    const MergeConflict row = merge.conflicts.first();
    QCOMPARE(row.field, QStringLiteral("title"));
    QCOMPARE(row.base.toString(), QStringLiteral("Fix sink"));
    QCOMPARE(row.mine.toString(), QStringLiteral("Fix sink today"));
    QCOMPARE(row.theirs.toString(), QStringLiteral("Fix kitchen sink"));
    QCOMPARE(merge.reapplied.value(QLatin1String("details")).toString(),
             QStringLiteral("Leaks; bring a wrench"));
    QCOMPARE(merge.takenFromTheirs.value(QLatin1String("customer.phone")).toString(),
             QStringLiteral("+15125550100"));
    QCOMPARE(alice.theirs().job.updatedBy, m_office->admin.id); // "changed by" for the row
    QCOMPARE(alice.theirs().etag, bob.base().etag);
    QCOMPARE(log.ifMatch.size(), 1); // the 412 brought theirs: no extra request

    // Alice keeps her title: one write, based on Bob's version.
    alice.resolve({JobEditSession::Outcome::Reapply,
                   {{QStringLiteral("title"), {ConflictChoice::KeepMine, {}}}}});
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(log.ifMatch.size(), 2);
    QCOMPARE(log.ifMatch.at(1), bob.base().etag.toHeader());
    QCOMPARE(alice.state(), JobEditSession::State::Editing);
    QVERIFY(!alice.hasUnsavedEdits());
    QCOMPARE(alice.base().job.version, bob.base().job.version + 1);

    const QJsonObject stored = serverFields(created.id());
    QCOMPARE(stored.value(QLatin1String("title")).toString(), QStringLiteral("Fix sink today"));
    QCOMPARE(stored.value(QLatin1String("details")).toString(),
             QStringLiteral("Leaks; bring a wrench"));
    QCOMPARE(stored.value(QLatin1String("customer.phone")).toString(),
             QStringLiteral("+15125550100"));
    QCOMPARE(stored.value(QLatin1String("customer.name")).toString(), QStringLiteral("Ada"));
}

void TestJobEditSession::nonOverlappingEditIsReappliedAutomatically()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Paint")},
                                            {QStringLiteral("address"), QStringLiteral("1 Main")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), read(*m_alice, created.id()));
    JobEditSession bob(m_bob.get(), read(*m_bob, created.id()));

    QSignalSpy bobSaved(&bob, &JobEditSession::saved);
    bob.setField(QStringLiteral("address"), QStringLiteral("2 Oak Ave"));
    bob.save();
    QVERIFY(bobSaved.wait(kAnswerWaitMs));

    PatchLog log(*m_alice);
    QSignalSpy autoMerged(&alice, &JobEditSession::autoMerged);
    QSignalSpy conflicts(&alice, &JobEditSession::conflictsFound);
    QSignalSpy saved(&alice, &JobEditSession::saved);
    alice.setField(QStringLiteral("details"), QStringLiteral("Two coats"));
    alice.save();
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(conflicts.count(), 0);
    QCOMPARE(autoMerged.count(), 1); // the banner: merged by itself
    const auto merge = autoMerged.first().at(0).value<MergeResult>();
    QCOMPARE(merge.reapplied.keys(), QStringList{QStringLiteral("details")});
    QCOMPARE(merge.takenFromTheirs.keys(), QStringList{QStringLiteral("address")});
    const auto theirs = autoMerged.first().at(1).value<VersionedJob>();
    QCOMPARE(theirs.job.updatedBy, m_office->admin.id);

    // One 412, then the same edit again on top of Bob's version.
    QCOMPARE(log.ifMatch.size(), 2);
    QCOMPARE(log.ifMatch.at(0), created.etag.toHeader());
    QCOMPARE(log.ifMatch.at(1), bob.base().etag.toHeader());
    QVERIFY(!alice.hasUnsavedEdits());

    const QJsonObject stored = serverFields(created.id());
    QCOMPARE(stored.value(QLatin1String("details")).toString(), QStringLiteral("Two coats"));
    QCOMPARE(stored.value(QLatin1String("address")).toString(), QStringLiteral("2 Oak Ave"));
}

void TestJobEditSession::takeTheirsLeavesTheirValue()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Roof")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), read(*m_alice, created.id()));
    JobEditSession bob(m_bob.get(), read(*m_bob, created.id()));
    QSignalSpy bobSaved(&bob, &JobEditSession::saved);
    bob.setField(QStringLiteral("title"), QStringLiteral("Roof (Bob)"));
    bob.save();
    QVERIFY(bobSaved.wait(kAnswerWaitMs));

    PatchLog log(*m_alice);
    QSignalSpy conflicts(&alice, &JobEditSession::conflictsFound);
    QSignalSpy saved(&alice, &JobEditSession::saved);
    alice.setField(QStringLiteral("title"), QStringLiteral("Roof (Alice)"));
    alice.save();
    QVERIFY(conflicts.wait(kAnswerWaitMs));
    QVERIFY(!alice.setField(QStringLiteral("details"), QStringLiteral("ignored while deciding")));

    alice.resolve({JobEditSession::Outcome::Reapply,
                   {{QStringLiteral("title"), {ConflictChoice::TakeTheirs, {}}}}});
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(log.ifMatch.size(), 1); // nothing left to write
    QCOMPARE(alice.base().etag, bob.base().etag);
    QCOMPARE(serverFields(created.id()).value(QLatin1String("title")).toString(),
             QStringLiteral("Roof (Bob)"));
}

bool TestJobEditSession::meetConflict(JobEditSession &alice, JobEditSession &bob,
                                      const QJsonObject &theirs, const QJsonObject &mine)
{
    QSignalSpy bobSaved(&bob, &JobEditSession::saved);
    for (auto it = theirs.begin(); it != theirs.end(); ++it)
        bob.setField(it.key(), it.value());
    bob.save();
    if (!bobSaved.wait(kAnswerWaitMs))
        return false;
    QSignalSpy conflicts(&alice, &JobEditSession::conflictsFound);
    for (auto it = mine.begin(); it != mine.end(); ++it)
        alice.setField(it.key(), it.value());
    alice.save();
    return conflicts.wait(kAnswerWaitMs) && alice.state() == JobEditSession::State::NeedsDecision;
}

void TestJobEditSession::discardMineTakesTheirVersion()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Gutter")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), read(*m_alice, created.id()));
    JobEditSession bob(m_bob.get(), read(*m_bob, created.id()));
    QVERIFY(meetConflict(alice, bob, {{QStringLiteral("title"), QStringLiteral("Gutter (Bob)")}},
                         {{QStringLiteral("title"), QStringLiteral("Gutter (Alice)")},
                          {QStringLiteral("details"), QStringLiteral("Ladder")}}));

    PatchLog log(*m_alice);
    QSignalSpy baseChanged(&alice, &JobEditSession::baseChanged);
    QSignalSpy saved(&alice, &JobEditSession::saved);
    alice.resolve({JobEditSession::Outcome::DiscardMine, {}});
    QCOMPARE(alice.state(), JobEditSession::State::Editing);
    QCOMPARE(baseChanged.count(), 1);
    QCOMPARE(alice.base().etag, bob.base().etag);
    QVERIFY(!alice.hasUnsavedEdits());
    QCOMPARE(alice.value(QStringLiteral("title")).toString(), QStringLiteral("Gutter (Bob)"));
    QVERIFY(alice.pendingMerge().conflicts.isEmpty());
    QTest::qWait(50); // nothing is written
    QCOMPARE(saved.count(), 0);
    QVERIFY(log.ifMatch.isEmpty());
    QCOMPARE(serverFields(created.id()).value(QLatin1String("title")).toString(),
             QStringLiteral("Gutter (Bob)"));
}

void TestJobEditSession::backToEditingKeepsMyEditsOnTheirs()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Deck")},
                                            {QStringLiteral("address"), QStringLiteral("3 Pine")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), read(*m_alice, created.id()));
    JobEditSession bob(m_bob.get(), read(*m_bob, created.id()));
    QVERIFY(meetConflict(alice, bob,
                         {{QStringLiteral("title"), QStringLiteral("Deck (Bob)")},
                          {QStringLiteral("orderId"), QStringLiteral("ORD-9")}},
                         {{QStringLiteral("title"), QStringLiteral("Deck (Alice)")},
                          {QStringLiteral("details"), QStringLiteral("Stain")}}));

    PatchLog log(*m_alice);
    QSignalSpy baseChanged(&alice, &JobEditSession::baseChanged);
    QSignalSpy saved(&alice, &JobEditSession::saved);
    alice.resolve({JobEditSession::Outcome::BackToEditing, {}});
    QCOMPARE(alice.state(), JobEditSession::State::Editing);
    QCOMPARE(baseChanged.count(), 1);
    // Their version is the base; their other change is in, both of my edits stay unsaved.
    QCOMPARE(alice.base().etag, bob.base().etag);
    QCOMPARE(alice.value(QStringLiteral("orderId")).toString(), QStringLiteral("ORD-9"));
    QCOMPARE(alice.edits(), (QJsonObject{{QStringLiteral("title"), QStringLiteral("Deck (Alice)")},
                                         {QStringLiteral("details"), QStringLiteral("Stain")}}));
    QVERIFY(log.ifMatch.isEmpty());

    // The next save is based on their version: no second conflict, my values land.
    alice.save();
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(log.ifMatch, QList<QByteArray>{bob.base().etag.toHeader()});
    const QJsonObject stored = serverFields(created.id());
    QCOMPARE(stored.value(QLatin1String("title")).toString(), QStringLiteral("Deck (Alice)"));
    QCOMPARE(stored.value(QLatin1String("details")).toString(), QStringLiteral("Stain"));
    QCOMPARE(stored.value(QLatin1String("orderId")).toString(), QStringLiteral("ORD-9"));
}

void TestJobEditSession::resolveWithoutConflictsIsIgnored()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Shed")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), created);
    alice.setField(QStringLiteral("details"), QStringLiteral("Blue"));
    QSignalSpy baseChanged(&alice, &JobEditSession::baseChanged);
    for (const auto outcome :
         {JobEditSession::Outcome::Reapply, JobEditSession::Outcome::DiscardMine,
          JobEditSession::Outcome::BackToEditing}) {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("resolve\\(\\) without")));
        alice.resolve({outcome, {}});
        QCOMPARE(alice.state(), JobEditSession::State::Editing);
        QCOMPARE(alice.base().etag, created.etag);
        QCOMPARE(alice.edits().size(), 1);
    }
    QCOMPARE(baseChanged.count(), 0);
}

void TestJobEditSession::twoQuickSavesFromOneSession()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Quick")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), created);
    PatchLog log(*m_alice);
    QSignalSpy saved(&alice, &JobEditSession::saved);
    QSignalSpy conflicts(&alice, &JobEditSession::conflictsFound);
    QSignalSpy autoMerged(&alice, &JobEditSession::autoMerged);
    QSignalSpy failed(&alice, &JobEditSession::saveFailed);

    alice.setField(QStringLiteral("details"), QStringLiteral("first"));
    alice.save();
    alice.setField(QStringLiteral("address"), QStringLiteral("second"));
    alice.save(); // while the first is in flight
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, kAnswerWaitMs);
    QCOMPARE(conflicts.count(), 0);
    QCOMPARE(autoMerged.count(), 0);
    QCOMPARE(failed.count(), 0);

    const auto first = saved.at(0).at(0).value<VersionedJob>();
    const auto second = saved.at(1).at(0).value<VersionedJob>();
    QCOMPARE(first.job.version, created.job.version + 1);
    QCOMPARE(second.job.version, created.job.version + 2);
    QCOMPARE(log.ifMatch, (QList<QByteArray>{created.etag.toHeader(), first.etag.toHeader()}));
    const QJsonObject stored = serverFields(created.id());
    QCOMPARE(stored.value(QLatin1String("details")).toString(), QStringLiteral("first"));
    QCOMPARE(stored.value(QLatin1String("address")).toString(), QStringLiteral("second"));
}

void TestJobEditSession::remoteChangeBeforeSaving()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Fence")}});
    QVERIFY(created.isValid());
    JobEditSession idle(m_alice.get(), created);
    JobEditSession editing(m_alice.get(), created);
    editing.setField(QStringLiteral("details"), QStringLiteral("Cedar"));
    QSignalSpy baseChanged(&idle, &JobEditSession::baseChanged);
    QSignalSpy changedRemotely(&editing, &JobEditSession::changedRemotely);

    const auto theirs = await<JobResult>([&](QObject *context, auto done) {
        m_bob->patchJob(created, {{QStringLiteral("address"), QStringLiteral("9 Elm")}}, context,
                        done);
    });
    QVERIFY(theirs && theirs->ok());
    // Alice's client learns of it (a read here; an event does the same).
    QCOMPARE(read(*m_alice, created.id()).etag, theirs->job.etag);

    QCOMPARE(baseChanged.count(), 1); // no edits: the session simply moves on
    QCOMPARE(idle.base().etag, theirs->job.etag);
    QCOMPARE(changedRemotely.count(), 1); // edits: told, nothing changed yet
    QCOMPARE(editing.base().etag, created.etag);

    QSignalSpy autoMerged(&editing, &JobEditSession::autoMerged);
    editing.mergeRemote();
    QCOMPARE(autoMerged.count(), 1);
    QCOMPARE(editing.base().etag, theirs->job.etag);
    QCOMPARE(editing.value(QStringLiteral("address")).toString(), QStringLiteral("9 Elm"));
    QCOMPARE(editing.value(QStringLiteral("details")).toString(), QStringLiteral("Cedar"));

    PatchLog log(*m_alice);
    QSignalSpy saved(&editing, &JobEditSession::saved);
    editing.save();
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(log.ifMatch, QList<QByteArray>{theirs->job.etag.toHeader()}); // no 412 on the way
}

void TestJobEditSession::failedSaveKeepsEdits()
{
    const VersionedJob created = createJob({{QStringLiteral("title"), QStringLiteral("Tiles")}});
    QVERIFY(created.isValid());
    JobEditSession alice(m_alice.get(), created);
    QSignalSpy failed(&alice, &JobEditSession::saveFailed);
    alice.setField(QStringLiteral("details"), QStringLiteral("Grey"));
    alice.setField(QStringLiteral("pricing.amountCents"), QStringLiteral("lots"));
    alice.save();
    QVERIFY(failed.wait(kAnswerWaitMs));
    const auto error = failed.first().at(0).value<ApiError>();
    QCOMPARE(error.kind, Kind::Validation);
    QCOMPARE(error.field, QStringLiteral("pricing.amountCents"));
    QCOMPARE(alice.state(), JobEditSession::State::Editing);
    QCOMPARE(alice.edits().size(), 2); // nothing the user typed is lost

    QSignalSpy saved(&alice, &JobEditSession::saved);
    alice.setField(QStringLiteral("pricing.amountCents"), 12500);
    alice.save();
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(serverFields(created.id()).value(QLatin1String("details")).toString(),
             QStringLiteral("Grey"));
}

QTEST_GUILESS_MAIN(TestJobEditSession)
#include "tst_jobeditsession.moc"
