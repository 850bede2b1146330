// The console's drafts client and its per-field saver against a real dispatchd
// (docs/openapi.yaml "Drafts"): a save is saved, unchanged or a version conflict with the fresh
// draft; an unknown key and a wrong jurisdiction are refused; list, read and discard with
// If-Match; a publish whose answer was lost, sent again and sent twice at once makes one job.
// DraftSaver: one field at a time with the newest value, two windows on one draft (different
// fields both land; the same field is a conflict resolved through the merge), a lost answer
// retried, never "Saved" before the server said so.

#include "dispatchdprocess.h"
#include "droppingrelay.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <apiclient.h>
#include <draftclient.h>
#include <draftsaver.h>
#include <fieldkeys.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using namespace Qt::StringLiterals;

class TestDraftClient final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void createSaveUnchangedConflict();
    void unknownKeyAndBadValueAreRefused();
    void otherJurisdictionIsRefused();
    void listReadAndDiscard();
    void lostPublishAnswerMakesOneJob();
    void publishTwiceAtOnceMakesOneJob();
    void saverSendsOneFieldAtATimeWithTheNewestValue();
    void twoSaversDifferentFieldsBothLand();
    void twoSaversSameFieldConflictThenResolved();
    void saverRetriesALostAnswer();

private:
    /// One draft open in two windows, each with its own session and a quick saver.
    struct TwoWindows {
        explicit TwoWindows(TestDraftClient *test)
            : other(test->dispatcherClient())
            , draft(test->newDraft(test->m_api.get()))
            , mine(std::make_unique<DraftSaver>(test->m_api->drafts(), draft))
            , theirs(std::make_unique<DraftSaver>(other->drafts(), draft))
        {
            const DraftSaver::Timing fast{std::chrono::milliseconds(10),
                                          std::chrono::milliseconds(50),
                                          std::chrono::milliseconds(200)};
            mine->setTiming(fast);
            theirs->setTiming(fast);
        }
        std::unique_ptr<ApiClient> other;
        Draft draft;
        std::unique_ptr<DraftSaver> mine;
        std::unique_ptr<DraftSaver> theirs;
    };

    std::unique_ptr<ApiClient> dispatcherClient(const QUrl &server = {});
    Draft newDraft(ApiClient *api);
    DraftResult save(ApiClient *api, const QString &id, const QString &key, const QJsonValue &value,
                     qint64 expectedVersion);
    /// Jobs on the server whose title is `title`.
    int jobsTitled(const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<ApiClient> m_api;
    int m_counter = 0;
};

void TestDraftClient::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(), "DISPATCHD_BINARY is not set");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    m_api = dispatcherClient();
}

std::unique_ptr<ApiClient> TestDraftClient::dispatcherClient(const QUrl &server)
{
    auto client = std::make_unique<ApiClient>(server.isEmpty() ? m_server.baseUrl() : server);
    client->setToken(m_office->dispatcher.token);
    return client;
}

Draft TestDraftClient::newDraft(ApiClient *api)
{
    const auto created = await<DraftResult>([&](QObject *context, auto done) {
        api->drafts()->createDraft({u"US"_s, u"TX"_s}, context, done);
    });
    if (!created || !created->ok()) {
        qWarning() << "createDraft failed"
                   << (created ? created->error.toString() : u"no answer"_s);
        return {};
    }
    return created->draft;
}

DraftResult TestDraftClient::save(ApiClient *api, const QString &id, const QString &key,
                                  const QJsonValue &value, qint64 expectedVersion)
{
    const auto result = await<DraftResult>([&](QObject *context, auto done) {
        api->drafts()->saveField(id, key, value, expectedVersion, context, done);
    });
    return result.value_or(DraftResult{});
}

int TestDraftClient::jobsTitled(const QString &title)
{
    const HttpResult listed =
        m_office->client(m_office->dispatcher).get(u"/jobs?limit=1000&q="_s + title);
    int count = 0;
    for (const QJsonValue &job : listed.json().value(u"items"_s).toArray())
        count += job[u"fields"_s][u"title"_s].toString() == title;
    return count;
}

void TestDraftClient::createSaveUnchangedConflict()
{
    const Draft draft = newDraft(m_api.get());
    QVERIFY(draft.isValid());
    QCOMPARE(draft.version, 1);
    QCOMPARE(draft.locked, (Jurisdiction{u"US"_s, u"TX"_s}));
    QVERIFY(!draft.published);

    const DraftResult saved = save(m_api.get(), draft.id, u"title"_s, u"Fix the sink"_s, 1);
    QVERIFY2(saved.ok(), qPrintable(saved.error.toString()));
    QVERIFY(!saved.unchanged);
    QCOMPARE(saved.draft.version, 2);
    QCOMPARE(saved.draft.field(FieldKey::Title).toString(), u"Fix the sink"_s);

    // The same value again: unchanged, whatever the (stale) expectedVersion says.
    const DraftResult again = save(m_api.get(), draft.id, u"title"_s, u"Fix the sink"_s, 1);
    QVERIFY2(again.ok(), qPrintable(again.error.toString()));
    QVERIFY(again.unchanged);
    QCOMPARE(again.draft.version, 2);

    // Another value based on version 1: a conflict that brings the draft as it is now.
    const DraftResult stale = save(m_api.get(), draft.id, u"customer.name"_s, u"Ada"_s, 1);
    QVERIFY(stale.error.is(ApiError::Kind::Conflict));
    QCOMPARE(stale.error.code, u"VERSION_CONFLICT"_s);
    QVERIFY(stale.isVersionConflict());
    QCOMPARE(stale.current->version, 2);
    QCOMPARE(stale.current->field(FieldKey::Title).toString(), u"Fix the sink"_s);
}

void TestDraftClient::unknownKeyAndBadValueAreRefused()
{
    const Draft draft = newDraft(m_api.get());
    QVERIFY(draft.isValid());
    const DraftResult unknown = save(m_api.get(), draft.id, u"colour"_s, u"red"_s, 1);
    QVERIFY(unknown.error.is(ApiError::Kind::Validation));
    QCOMPARE(unknown.error.code, u"INVALID_FIELD_KEY"_s);
    const DraftResult bad =
        save(m_api.get(), draft.id, u"customer.email"_s, u"not an address"_s, 1);
    QVERIFY(bad.error.is(ApiError::Kind::Validation));
    QCOMPARE(bad.error.field, u"customer.email"_s);
}

void TestDraftClient::otherJurisdictionIsRefused()
{
    const Draft draft = newDraft(m_api.get());
    QVERIFY(draft.isValid());
    const QJsonObject geo{{u"lat"_s, 34.05},
                          {u"lng"_s, -118.24},
                          {u"countryCode"_s, u"US"_s},
                          {u"stateCode"_s, u"CA"_s}};
    const DraftResult refused = save(m_api.get(), draft.id, u"geo"_s, geo, 1);
    QVERIFY(refused.isJurisdictionMismatch());
    QCOMPARE(refused.error.code, u"JURISDICTION_MISMATCH"_s);
    QCOMPARE(*refused.expected, (Jurisdiction{u"US"_s, u"TX"_s}));
    QCOMPARE(*refused.got, (Jurisdiction{u"US"_s, u"CA"_s}));

    // In the draft's own state it lands.
    QJsonObject inTexas = geo;
    inTexas.insert(u"stateCode"_s, u"TX"_s);
    QVERIFY(save(m_api.get(), draft.id, u"geo"_s, inTexas, 1).ok());
}

void TestDraftClient::listReadAndDiscard()
{
    const Draft draft = newDraft(m_api.get());
    QVERIFY(draft.isValid());
    QVERIFY(save(m_api.get(), draft.id, u"title"_s, u"Listed draft"_s, 1).ok());

    const auto listed = await<DraftListResult>(
        [&](QObject *context, auto done) { m_api->drafts()->listDrafts(context, done); });
    QVERIFY(listed && listed->ok());
    const auto found = std::find_if(listed->drafts.cbegin(), listed->drafts.cend(),
                                    [&](const Draft &item) { return item.id == draft.id; });
    QVERIFY(found != listed->drafts.cend());
    QCOMPARE(found->field(FieldKey::Title).toString(), u"Listed draft"_s);
    QVERIFY(found->updatedAt.isValid());
    QCOMPARE(found->version, 2);

    const auto read = await<DraftResult>(
        [&](QObject *context, auto done) { m_api->drafts()->getDraft(draft.id, context, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->draft.version, 2);
    QVERIFY(!read->draft.etag.isNull());

    // A stale ETag is refused; the current one discards.
    Draft stale = read->draft;
    QVERIFY(save(m_api.get(), draft.id, u"title"_s, u"Listed draft 2"_s, 2).ok());
    const auto refused = await<ApiError>(
        [&](QObject *context, auto done) { m_api->drafts()->deleteDraft(stale, context, done); });
    QVERIFY(refused && refused->is(ApiError::Kind::Conflict));
    const auto fresh = await<DraftResult>(
        [&](QObject *context, auto done) { m_api->drafts()->getDraft(draft.id, context, done); });
    QVERIFY(fresh && fresh->ok());
    const auto deleted = await<ApiError>([&](QObject *context, auto done) {
        m_api->drafts()->deleteDraft(fresh->draft, context, done);
    });
    QVERIFY(deleted && deleted->ok());
    const auto gone = await<DraftResult>(
        [&](QObject *context, auto done) { m_api->drafts()->getDraft(draft.id, context, done); });
    QVERIFY(gone && gone->error.is(ApiError::Kind::NotFound));
}

void TestDraftClient::lostPublishAnswerMakesOneJob()
{
    DroppingRelay relay(m_server.port());
    QVERIFY(relay.listen());
    auto api = dispatcherClient(relay.url());
    const Draft draft = newDraft(api.get());
    QVERIFY(draft.isValid());
    const QString title = u"Lost answer %1"_s.arg(++m_counter);
    qint64 version = draft.version;
    for (const auto &[key, value] :
         {std::pair{u"title"_s, title}, std::pair{u"customer.name"_s, u"Ada Lovelace"_s},
          std::pair{u"address"_s, u"1 Congress Ave, Austin"_s}}) {
        const DraftResult saved = save(api.get(), draft.id, key, value, version);
        QVERIFY2(saved.ok(), qPrintable(saved.error.toString()));
        version = saved.draft.version;
    }

    // Qt sends a request again by itself once when a kept-alive connection closes before any
    // answer; both answers are lost, so the client sees a network error after the job was made.
    relay.dropAnswers("POST /api/v1/drafts/", 2);
    const auto lost = await<PublishResult>([&](QObject *context, auto done) {
        api->drafts()->publish(draft.id, version, context, done);
    });
    QVERIFY(lost);
    QVERIFY(lost->error.is(ApiError::Kind::Network));
    QVERIFY(lost->error.retryable);
    QVERIFY(relay.dropped() >= 1);

    const auto retried = await<PublishResult>([&](QObject *context, auto done) {
        api->drafts()->publish(draft.id, version, context, done);
    });
    QVERIFY(retried && retried->ok());
    QVERIFY(retried->alreadyPublished);
    QCOMPARE(retried->job.job.text(FieldKey::Title), title);
    QCOMPARE(retried->job.job.status, JobStatus::Open);
    QVERIFY(api->cachedJob(retried->job.id())); // the board hears of it (jobChanged)
    QCOMPARE(jobsTitled(title), 1);

    // A published draft is no longer listed.
    const auto listed = await<DraftListResult>(
        [&](QObject *context, auto done) { api->drafts()->listDrafts(context, done); });
    QVERIFY(listed && listed->ok());
    for (const Draft &left : listed->drafts)
        QVERIFY(left.id != draft.id);
}

void TestDraftClient::publishTwiceAtOnceMakesOneJob()
{
    const Draft draft = newDraft(m_api.get());
    QVERIFY(draft.isValid());
    const QString title = u"Two windows %1"_s.arg(++m_counter);
    qint64 version = draft.version;
    for (const auto &[key, value] :
         {std::pair{u"title"_s, title}, std::pair{u"customer.name"_s, u"Grace Hopper"_s},
          std::pair{u"address"_s, u"2 Congress Ave, Austin"_s}}) {
        const DraftResult saved = save(m_api.get(), draft.id, key, value, version);
        QVERIFY(saved.ok());
        version = saved.draft.version;
    }
    auto other = dispatcherClient();
    std::optional<PublishResult> first;
    std::optional<PublishResult> second;
    QObject context;
    m_api->drafts()->publish(draft.id, version, &context,
                             [&](const PublishResult &result) { first = result; });
    other->drafts()->publish(draft.id, version, &context,
                             [&](const PublishResult &result) { second = result; });
    QTRY_VERIFY_WITH_TIMEOUT(first && second, kAnswerWaitMs);
    QVERIFY2(first->ok(), qPrintable(first->error.toString()));
    QVERIFY2(second->ok(), qPrintable(second->error.toString()));
    QCOMPARE(first->job.id(), second->job.id());
    QVERIFY(first->alreadyPublished != second->alreadyPublished); // one 201, one 200
    QCOMPARE(jobsTitled(title), 1);
}

void TestDraftClient::saverSendsOneFieldAtATimeWithTheNewestValue()
{
    const Draft draft = newDraft(m_api.get());
    QVERIFY(draft.isValid());
    DraftSaver saver(m_api->drafts(), draft);
    saver.setTiming({std::chrono::milliseconds(50), std::chrono::milliseconds(50),
                     std::chrono::milliseconds(200)});
    int saves = 0;
    QObject counting; // the count lives as long as this test
    connect(m_api.get(), &ApiClient::requestSent, &counting,
            [&saves](const ApiClient::OutgoingRequest &request) {
                saves += request.url.path().endsWith(u"/fields"_s);
            });
    QCOMPARE(saver.state(), DraftSaver::State::Saved);
    // Typing: every keystroke replaces the waiting value; nothing is Saved meanwhile.
    for (const QString &typed : {u"F"_s, u"Fi"_s, u"Fix"_s, u"Fix the gate"_s}) {
        saver.setField(u"title"_s, typed);
        QCOMPARE(saver.state(), DraftSaver::State::Saving);
    }
    saver.setField(u"customer.name"_s, u"Alan Turing"_s);
    QTRY_COMPARE_WITH_TIMEOUT(saver.state(), DraftSaver::State::Saved, kAnswerWaitMs);
    QCOMPARE(saves, 2);
    QCOMPARE(saver.draft().version, 3);

    const auto read = await<DraftResult>(
        [&](QObject *context, auto done) { m_api->drafts()->getDraft(draft.id, context, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->draft.field(FieldKey::Title).toString(), u"Fix the gate"_s);
    QCOMPARE(read->draft.field(FieldKey::CustomerName).toString(), u"Alan Turing"_s);
}

void TestDraftClient::twoSaversDifferentFieldsBothLand()
{
    TwoWindows windows(this);
    QVERIFY(windows.draft.isValid());
    const Draft &draft = windows.draft;
    DraftSaver &mine = *windows.mine;
    DraftSaver &theirs = *windows.theirs;
    QSignalSpy shown(&mine, &DraftSaver::valuesChanged);
    QSignalSpy merged(&mine, &DraftSaver::autoMerged);

    theirs.setField(u"title"_s, u"Their title"_s);
    theirs.flush();
    QTRY_COMPARE_WITH_TIMEOUT(theirs.state(), DraftSaver::State::Saved, kAnswerWaitMs);
    // Mine is based on version 1: 409, merged, mine sent again on top of theirs.
    mine.setField(u"customer.name"_s, u"My customer"_s);
    mine.flush();
    QTRY_COMPARE_WITH_TIMEOUT(mine.state(), DraftSaver::State::Saved, kAnswerWaitMs);
    QCOMPARE(mine.draft().version, 3);
    QCOMPARE(mine.value(u"title"_s).toString(), u"Their title"_s);
    QCOMPARE(merged.count(), 1);
    QVERIFY(shown.count() >= 1);

    const auto read = await<DraftResult>(
        [&](QObject *context, auto done) { m_api->drafts()->getDraft(draft.id, context, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->draft.field(FieldKey::Title).toString(), u"Their title"_s);
    QCOMPARE(read->draft.field(FieldKey::CustomerName).toString(), u"My customer"_s);
}

void TestDraftClient::twoSaversSameFieldConflictThenResolved()
{
    TwoWindows windows(this);
    QVERIFY(windows.draft.isValid());
    const Draft &draft = windows.draft;
    DraftSaver &mine = *windows.mine;
    DraftSaver &theirs = *windows.theirs;
    QSignalSpy conflicts(&mine, &DraftSaver::conflictsFound);

    theirs.setField(u"title"_s, u"Replace the boiler"_s);
    theirs.flush();
    QTRY_COMPARE_WITH_TIMEOUT(theirs.state(), DraftSaver::State::Saved, kAnswerWaitMs);
    mine.setField(u"title"_s, u"Service the boiler"_s);
    mine.flush();
    QTRY_COMPARE_WITH_TIMEOUT(mine.state(), DraftSaver::State::NeedsDecision, kAnswerWaitMs);
    QCOMPARE(conflicts.count(), 1);
    const auto merge = conflicts.at(0).at(0).value<MergeResult>();
    QCOMPARE(merge.conflicts.size(), 1);
    QCOMPARE(merge.conflicts.first().field, u"title"_s);
    QCOMPARE(merge.conflicts.first().mine.toString(), u"Service the boiler"_s);
    QCOMPARE(merge.conflicts.first().theirs.toString(), u"Replace the boiler"_s);

    JobEditSession::Resolution keepMine;
    keepMine.outcome = JobEditSession::Outcome::Reapply;
    keepMine.choices.insert(u"title"_s, {ConflictChoice::KeepMine, {}});
    mine.resolve(keepMine);
    QTRY_COMPARE_WITH_TIMEOUT(mine.state(), DraftSaver::State::Saved, kAnswerWaitMs);
    const auto read = await<DraftResult>(
        [&](QObject *context, auto done) { m_api->drafts()->getDraft(draft.id, context, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->draft.field(FieldKey::Title).toString(), u"Service the boiler"_s);
    QCOMPARE(read->draft.version, 3);
}

void TestDraftClient::saverRetriesALostAnswer()
{
    DroppingRelay relay(m_server.port());
    QVERIFY(relay.listen());
    auto api = dispatcherClient(relay.url());
    const Draft draft = newDraft(api.get());
    QVERIFY(draft.isValid());
    DraftSaver saver(api->drafts(), draft);
    saver.setTiming({std::chrono::milliseconds(10), std::chrono::milliseconds(100),
                     std::chrono::milliseconds(300)});
    QList<DraftSaver::State> states;
    connect(&saver, &DraftSaver::stateChanged, &saver,
            [&states](DraftSaver::State state) { states.append(state); });
    relay.dropAnswers("POST /api/v1/drafts/", 2);
    saver.setField(u"title"_s, u"Through a bad network"_s);
    QTRY_COMPARE_WITH_TIMEOUT(saver.state(), DraftSaver::State::Saved, kAnswerWaitMs);
    QVERIFY(states.contains(DraftSaver::State::Retrying));
    // Saved only after the answer: never straight from Retrying without a request landing.
    QCOMPARE(states.last(), DraftSaver::State::Saved);
    QCOMPARE(saver.draft().version, 2); // the lost save had landed; the retry was "unchanged"
}

QTEST_GUILESS_MAIN(TestDraftClient)
#include "tst_draftclient.moc"
