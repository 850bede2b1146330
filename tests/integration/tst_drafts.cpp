// Drafts of new jobs (docs/openapi.yaml "Drafts" and /drafts): every rule of a field save in its
// documented order, two clients on one draft, a publish that makes exactly one job when it is
// retried or raced from several connections (and, with DISPATCH_DRAFTS_POSTGRES, across two
// dispatchd processes on one PostgreSQL), who may see and write drafts, hostile bodies, and
// expiry after 30 days.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "testdatabase.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QTest>

#include <memory>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kPublishers = 6;
constexpr int kRounds = 5;

QJsonObject draftOf(const HttpResult &result)
{
    const QJsonObject body = result.json();
    return body.contains(u"draft"_s) ? body.value(u"draft"_s).toObject() : body;
}

QJsonObject fieldSave(const QString &key, const QJsonValue &value, qint64 expectedVersion)
{
    return {{u"fieldKey"_s, key}, {u"value"_s, value}, {u"expectedVersion"_s, expectedVersion}};
}

QJsonObject geo(double lat, double lng, const QString &country, const QString &state)
{
    return {{u"lat"_s, lat}, {u"lng"_s, lng}, {u"countryCode"_s, country}, {u"stateCode"_s, state}};
}

QJsonObject schedule(const QString &date, const QString &timezone, const QString &window)
{
    return {{u"date"_s, date}, {u"timezone"_s, timezone}, {u"window"_s, window}};
}

} // namespace

class TestDrafts final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void createLocksTheJurisdiction();
    void fieldRulesInTheirOrder();
    void scheduleRulesInTheirOrder();
    void hostileBodies();
    void twoClientsDifferentFieldsBothLand();
    void twoClientsSameFieldOneConflict();
    void publishNeedsTheJobsFields();
    void publishMakesOneOpenJob();
    void publishRacedMakesOneJob();
    void publishRetriedAfterLostAnswer();
    void publishAppliesTheSchedule();
    void prosCannotDraft();
    void othersDraftsAreInvisible();
    void listAndDiscard();
    void draftsSendNoEvents();
    void expireAfterThirtyDays();

private:
    HttpTestClient dispatcher() const { return m_office->client(m_office->dispatcher); }
    /// A client of server A for even indexes, of server B for odd ones.
    HttpTestClient clientFor(int index, const TestUser &user) const;
    /// POST /drafts as the dispatcher (US-TX); the draft, or {} on failure.
    QJsonObject newDraft(HttpTestClient client);
    /// A draft with every field publishing needs, titled `title`; its id and version.
    QJsonObject readyDraft(const QString &title);
    /// How many jobs have this title (the office sees every job).
    int jobsTitled(const QString &title);

#ifdef DISPATCH_DRAFTS_POSTGRES
    PostgresCluster m_cluster;
#endif
    DispatchdProcess m_serverA;
    DispatchdProcess m_serverB;
    std::unique_ptr<TestOffice> m_office;
    TestUser m_otherDispatcher;
};

void TestDrafts::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdProcess::Options options;
#ifdef DISPATCH_DRAFTS_POSTGRES
    DISPATCH_POSTGRES_DATABASE(m_cluster, options.dbUrl);
#endif
    QVERIFY(startTwoOnOneDatabase(m_serverA, m_serverB, options));
    m_office = std::make_unique<TestOffice>(m_serverA);
    QVERIFY(m_office->setUp(2));
    QVERIFY(m_office->addUser(u"disp2"_s, u"dispatcher"_s, QJsonValue::Null, &m_otherDispatcher));
}

void TestDrafts::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_serverB.stop());
    QVERIFY(m_serverA.stop());
}

HttpTestClient TestDrafts::clientFor(int index, const TestUser &user) const
{
    HttpTestClient client((index % 2 == 0 ? m_serverA : m_serverB).apiUrl({}));
    client.setToken(user.token);
    return client;
}

QJsonObject TestDrafts::newDraft(HttpTestClient client)
{
    const HttpResult created = client.postJson(
        u"/drafts"_s, QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}});
    if (created.status != 201) {
        qWarning().noquote() << "POST /drafts:" << created.describe();
        return {};
    }
    return created.json();
}

QJsonObject TestDrafts::readyDraft(const QString &title)
{
    HttpTestClient client = dispatcher();
    QJsonObject draft = newDraft(client);
    const QString path = u"/drafts/"_s + draft.value(u"id"_s).toString() + u"/fields"_s;
    const QList<std::pair<QString, QJsonValue>> values{
        {u"title"_s, title},
        {u"customer.name"_s, u"Ann Customer"_s},
        {u"address"_s, u"1 Main St, Austin"_s},
        {u"geo"_s, geo(30.27, -97.74, u"US"_s, u"TX"_s)},
    };
    for (const auto &[key, value] : values) {
        const HttpResult saved = client.postJson(path, fieldSave(key, value, versionOf(draft)));
        if (saved.status != 200) {
            qWarning().noquote() << "save" << key << saved.describe();
            return {};
        }
        draft = draftOf(saved);
    }
    return draft;
}

int TestDrafts::jobsTitled(const QString &title)
{
    const HttpResult list = dispatcher().get(u"/jobs?limit=1000&q="_s +
                                             QString::fromLatin1(QUrl::toPercentEncoding(title)));
    int count = 0;
    for (const QJsonValue &job : list.json().value(u"items"_s).toArray()) {
        if (job[u"fields"_s][u"title"_s].toString() == title)
            ++count;
    }
    return count;
}

void TestDrafts::createLocksTheJurisdiction()
{
    HttpTestClient client = dispatcher();
    const HttpResult created = client.postJson(
        u"/drafts"_s, QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}});
    QCOMPARE(created.status, 201);
    const QJsonObject draft = created.json();
    QVERIFY(!draft.value(u"id"_s).toString().isEmpty());
    QCOMPARE(versionOf(draft), 1);
    QCOMPARE(draft.value(u"status"_s).toString(), u"DRAFT"_s);
    QCOMPARE(draft.value(u"fields"_s).toObject(), QJsonObject());
    QCOMPARE(draft.value(u"locked"_s).toObject(),
             (QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}}));
    QVERIFY(created.header("ETag").startsWith('"'));

    const struct {
        QJsonObject body;
        int status;
        const char *code;
        const char *field;
    } refused[] = {
        {{{u"countryCode"_s, u"us"_s}, {u"stateCode"_s, u"TX"_s}},
         400,
         "INVALID_VALUE",
         "countryCode"},
        {{{u"countryCode"_s, u"USA"_s}, {u"stateCode"_s, u"TX"_s}},
         400,
         "INVALID_VALUE",
         "countryCode"},
        {{{u"countryCode"_s, u"XY"_s}, {u"stateCode"_s, u"TX"_s}},
         400,
         "INVALID_VALUE",
         "countryCode"},
        {{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u""_s}}, 400, "INVALID_VALUE", "stateCode"},
        {{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"Texas"_s}},
         400,
         "INVALID_VALUE",
         "stateCode"},
        {{{u"countryCode"_s, u"US"_s}}, 400, "BAD_REQUEST", "stateCode"},
        {{{u"countryCode"_s, 1}, {u"stateCode"_s, u"TX"_s}}, 400, "BAD_REQUEST", "countryCode"},
        {{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}, {u"title"_s, u"x"_s}},
         400,
         "BAD_REQUEST",
         "title"},
    };
    for (const auto &row : refused) {
        const HttpResult answer = client.postJson(u"/drafts"_s, row.body);
        QVERIFY2(answer.status == row.status && answer.errorCode() == QLatin1String(row.code),
                 answer.describe().constData());
        QCOMPARE(answer.errorObject().value(u"field"_s).toString(), QLatin1String(row.field));
    }
}

void TestDrafts::fieldRulesInTheirOrder()
{
    HttpTestClient client = dispatcher();
    const QJsonObject draft = newDraft(client);
    const QString id = draft.value(u"id"_s).toString();
    const QString path = u"/drafts/"_s + id + u"/fields"_s;

    // 1. An unknown key answers INVALID_FIELD_KEY even with a stale version.
    HttpResult answer = client.postJson(path, fieldSave(u"colour"_s, u"red"_s, 99));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.errorCode(), u"INVALID_FIELD_KEY"_s);
    QCOMPARE(answer.errorObject().value(u"field"_s).toString(), u"colour"_s);

    // A save: version + 1, the value as sent.
    answer = client.postJson(path, fieldSave(u"title"_s, u"Fix the sink "_s, 1));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"unchanged"_s).toBool(), false);
    QCOMPARE(versionOf(draftOf(answer)), 2);
    QCOMPARE(draftOf(answer)[u"fields"_s][u"title"_s].toString(), u"Fix the sink "_s);
    QCOMPARE(answer.header("ETag"), QByteArray('"' + id.toUtf8() + ".2\""));

    // 2. The same value is unchanged whatever expectedVersion says: stale, current, far ahead.
    for (const qint64 expected : {1, 2, 1000}) {
        answer = client.postJson(path, fieldSave(u"title"_s, u"Fix the sink "_s, expected));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value(u"unchanged"_s).toBool(), true);
        QCOMPARE(versionOf(draftOf(answer)), 2);
    }
    // A key never set holds null: null on it is unchanged too.
    answer = client.postJson(path, fieldSave(u"details"_s, QJsonValue::Null, 7));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"unchanged"_s).toBool(), true);
    // The same object with its members in another order is the same value (canonical JSON).
    answer = client.postJson(path, fieldSave(u"geo"_s, geo(30.27, -97.74, u"US"_s, u"TX"_s), 2));
    QCOMPARE(answer.status, 200);
    QCOMPARE(versionOf(draftOf(answer)), 3);
    answer = client.request("POST", path,
                            R"({"expectedVersion":1,"value":{"stateCode":"TX","lng":-97.74,)"
                            R"("countryCode":"US","lat":30.27},"fieldKey":"geo"})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"unchanged"_s).toBool(), true);

    // 3. A stale version: 409 VERSION_CONFLICT with the draft as it is now, before the
    // jurisdiction and the value are looked at.
    for (const QJsonObject &save : {fieldSave(u"title"_s, u"Other"_s, 2),
                                    fieldSave(u"geo"_s, geo(34.05, -118.24, u"US"_s, u"CA"_s), 2),
                                    fieldSave(u"customer.email"_s, u"not an email"_s, 2)}) {
        answer = client.postJson(path, save);
        QVERIFY2(answer.status == 409 && answer.errorCode() == QLatin1String("VERSION_CONFLICT"),
                 answer.describe().constData());
        const QJsonObject fresh = answer.errorObject().value(u"draft"_s).toObject();
        QCOMPARE(versionOf(fresh), 3);
        QCOMPARE(fresh[u"fields"_s][u"title"_s].toString(), u"Fix the sink "_s);
        QCOMPARE(answer.header("ETag"), QByteArray('"' + id.toUtf8() + ".3\""));
    }

    // 4. Another jurisdiction: 409 JURISDICTION_MISMATCH, before the value's own check.
    answer = client.postJson(path, fieldSave(u"geo"_s, geo(34.05, -118.24, u"US"_s, u"CA"_s), 3));
    QCOMPARE(answer.status, 409);
    QCOMPARE(answer.errorCode(), u"JURISDICTION_MISMATCH"_s);
    QCOMPARE(answer.errorObject().value(u"expected"_s).toObject(),
             (QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}}));
    QCOMPARE(answer.errorObject().value(u"got"_s).toObject(),
             (QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"CA"_s}}));
    answer = client.postJson(path, fieldSave(u"geo"_s, geo(300, -118.24, u"MX"_s, u"TX"_s), 3));
    QCOMPARE(answer.errorCode(), u"JURISDICTION_MISMATCH"_s);
    answer = client.postJson(path, fieldSave(u"stateCode"_s, u"OK"_s, 3));
    QCOMPARE(answer.errorCode(), u"JURISDICTION_MISMATCH"_s);
    answer = client.postJson(path, fieldSave(u"countryCode"_s, u"CA"_s, 3));
    QCOMPARE(answer.errorCode(), u"JURISDICTION_MISMATCH"_s);

    // 5. A value the job would refuse: 400 INVALID_VALUE with the field and the reason.
    const QList<std::pair<QString, QJsonValue>> invalid{
        {u"customer.email"_s, u"not an email"_s},
        {u"geo"_s, geo(300, -97.74, u"US"_s, u"TX"_s)},
        {u"geo"_s, QJsonObject{{u"lat"_s, 30.0}, {u"lng"_s, -97.0}, {u"countryCode"_s, 5}}},
        {u"title"_s, 42},
        {u"pricing.amountCents"_s, 12.5},
        {u"pricing.kind"_s, u"free"_s},
        {u"details"_s, QString(20001, u'x')},
    };
    for (const auto &[key, value] : invalid) {
        answer = client.postJson(path, fieldSave(key, value, 3));
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("INVALID_VALUE"),
                 answer.describe().constData());
        QCOMPARE(answer.errorObject().value(u"field"_s).toString(), key);
        QVERIFY(!answer.errorObject().value(u"reason"_s).toString().isEmpty());
    }
    // The jurisdiction's own keys with the locked values, and geo without them, are fine.
    answer = client.postJson(path, fieldSave(u"stateCode"_s, u"TX"_s, 3));
    QCOMPARE(answer.status, 200);
    answer =
        client.postJson(path, fieldSave(u"geo"_s, QJsonObject{{u"lat"_s, 30.3}, {u"lng"_s, -97.7}},
                                        versionOf(draftOf(answer))));
    QCOMPARE(answer.status, 200);
    QCOMPARE(versionOf(draftOf(answer)), 5);

    // Nothing refused was stored; the draft reads back with its ETag, 304 on a match.
    const HttpResult read = client.get(u"/drafts/"_s + id);
    QCOMPARE(read.status, 200);
    QCOMPARE(versionOf(read.json()), 5);
    QCOMPARE(read.json().value(u"fields"_s).toObject().keys(),
             (QStringList{u"geo"_s, u"stateCode"_s, u"title"_s}));
    QCOMPARE(client.get(u"/drafts/"_s + id, {{"If-None-Match", read.header("ETag")}}).status, 304);
    QCOMPARE(client.get(u"/drafts/"_s + id, {{"If-None-Match", "\"d_x.1\""}}).status, 200);
}

void TestDrafts::scheduleRulesInTheirOrder()
{
    // The draft-only key `schedule` (the wizard's When) goes through the same checks, in the
    // same order, as every field; its value is checked as POST /jobs/{id}/schedule checks one.
    HttpTestClient client = dispatcher();
    const QJsonObject draft = newDraft(client);
    const QString id = draft.value(u"id"_s).toString();
    const QString path = u"/drafts/"_s + id + u"/fields"_s;
    const QJsonObject when = schedule(u"2026-07-01"_s, u"America/Chicago"_s, u"12:00-15:00"_s);

    // 1. A key that is neither a job field nor draft-only, even with a stale version.
    HttpResult answer = client.postJson(path, fieldSave(u"when"_s, when, 99));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.errorCode(), u"INVALID_FIELD_KEY"_s);
    QCOMPARE(answer.errorObject().value(u"field"_s).toString(), u"when"_s);

    answer = client.postJson(path, fieldSave(u"schedule"_s, when, 1));
    QVERIFY2(answer.status == 200, answer.describe().constData());
    QCOMPARE(answer.json().value(u"unchanged"_s).toBool(), false);
    QCOMPARE(versionOf(draftOf(answer)), 2);
    QCOMPARE(draftOf(answer)[u"fields"_s][u"schedule"_s].toObject(), when);

    // 2. The same value (its members in another order) is unchanged whatever the version.
    answer = client.request("POST", path,
                            R"({"fieldKey":"schedule","expectedVersion":1,"value":)"
                            R"({"window":"12:00-15:00","timezone":"America/Chicago",)"
                            R"("date":"2026-07-01"}})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"unchanged"_s).toBool(), true);
    QCOMPARE(versionOf(draftOf(answer)), 2);

    // 3. A stale version: 409 with the fresh draft, before the value is looked at.
    for (const QJsonValue &value :
         {QJsonValue(schedule(u"2026-07-02"_s, u"America/Chicago"_s, u"08:00-10:00"_s)),
          QJsonValue(schedule(u"2026-07-02"_s, u"Mars/Olympus_Mons"_s, u"08:00-10:00"_s)),
          QJsonValue(QJsonValue::Null)}) {
        answer = client.postJson(path, fieldSave(u"schedule"_s, value, 1));
        QVERIFY2(answer.status == 409 && answer.errorCode() == QLatin1String("VERSION_CONFLICT"),
                 answer.describe().constData());
        const QJsonObject fresh = answer.errorObject().value(u"draft"_s).toObject();
        QCOMPARE(versionOf(fresh), 2);
        QCOMPARE(fresh[u"fields"_s][u"schedule"_s].toObject(), when);
    }

    // 4. A value /schedule would refuse: 400 INVALID_VALUE on "schedule", in words.
    answer = client.postJson(
        path, fieldSave(u"schedule"_s,
                        schedule(u"2026-07-02"_s, u"Mars/Olympus_Mons"_s, u"08:00-10:00"_s), 2));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.errorCode(), u"INVALID_VALUE"_s);
    QCOMPARE(answer.errorObject().value(u"field"_s).toString(), u"schedule"_s);
    QCOMPARE(answer.errorObject().value(u"message"_s).toString(),
             u"When is not valid: its timezone \"Mars/Olympus_Mons\" is not a known IANA time "
             "zone."_s);
    const QList<QJsonValue> invalid{
        schedule(u"2026-02-30"_s, u"America/Chicago"_s, u"08:00-10:00"_s),
        schedule(u"1 July"_s, u"America/Chicago"_s, u"08:00-10:00"_s),
        schedule(u"2026-07-02"_s, u"America/Chicago"_s, u"15:00-12:00"_s),
        schedule(u"2026-07-02"_s, u"America/Chicago"_s, u"8-10"_s),
        schedule(u"2026-07-02"_s, u""_s, u"08:00-10:00"_s),
        QJsonObject{{u"date"_s, u"2026-07-02"_s}, {u"window"_s, u"08:00-10:00"_s}},
        QJsonObject{
            {u"date"_s, u"2026-07-02"_s}, {u"timezone"_s, 5}, {u"window"_s, u"08:00-10:00"_s}},
        QJsonObject{{u"date"_s, u"2026-07-02"_s},
                    {u"timezone"_s, u"America/Chicago"_s},
                    {u"window"_s, u"08:00-10:00"_s},
                    {u"proId"_s, u"u_1"_s}},
        u"2026-07-02 08:00-10:00"_s,
        42,
    };
    for (const QJsonValue &value : invalid) {
        answer = client.postJson(path, fieldSave(u"schedule"_s, value, 2));
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("INVALID_VALUE"),
                 answer.describe().constData());
        QCOMPARE(answer.errorObject().value(u"field"_s).toString(), u"schedule"_s);
        QVERIFY2(answer.errorObject().value(u"message"_s).toString().startsWith(u"When "_s),
                 answer.describe().constData());
    }

    // "No date": null clears it.
    answer = client.postJson(path, fieldSave(u"schedule"_s, QJsonValue::Null, 2));
    QCOMPARE(answer.status, 200);
    QCOMPARE(versionOf(draftOf(answer)), 3);
    QVERIFY(draftOf(answer)[u"fields"_s][u"schedule"_s].isNull());
    QCOMPARE(versionOf(client.get(u"/drafts/"_s + id).json()), 3);
}

void TestDrafts::hostileBodies()
{
    HttpTestClient client = dispatcher();
    const QJsonObject draft = newDraft(client);
    const QString path = u"/drafts/"_s + draft.value(u"id"_s).toString() + u"/fields"_s;
    const QList<QByteArray> bodies{
        R"({"fieldKey":"title","value":"x","expectedVersion":1,"extra":1})",
        R"({"fieldKey":"title","expectedVersion":1})",
        R"({"fieldKey":"title","value":"x","expectedVersion":"1"})",
        R"({"fieldKey":"title","value":"x","expectedVersion":1.5})",
        R"({"fieldKey":"title","value":"x","expectedVersion":1e300})",
        R"({"fieldKey":7,"value":"x","expectedVersion":1})",
        R"({"value":"x","expectedVersion":1})",
        R"(["title","x",1])",
        R"({"fieldKey":"title",)",
        "",
    };
    for (const QByteArray &body : bodies) {
        const HttpResult answer = client.request("POST", path, body);
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("BAD_REQUEST"),
                 QByteArray(body + " -> " + answer.describe()).constData());
    }
    // Over the 1 MiB JSON limit: 413 before the body is read; another media type: 415.
    const QByteArray huge = "{\"fieldKey\":\"details\",\"value\":\"" +
                            QByteArray(1024 * 1024 + 10, 'x') + "\",\"expectedVersion\":1}";
    QCOMPARE(client.request("POST", path, huge).status, 413);
    QCOMPARE(client
                 .request("POST", path, R"({"fieldKey":"title","value":"x","expectedVersion":1})",
                          {{"Content-Type", "text/plain"}})
                 .status,
             415);
    const QByteArray publish =
        u"/drafts/"_s.toUtf8() + draft.value(u"id"_s).toString().toUtf8() + "/publish";
    for (const QByteArray &body : {QByteArray(R"({})"), QByteArray(R"({"expectedVersion":"1"})"),
                                   QByteArray(R"({"expectedVersion":1,"force":true})")}) {
        const HttpResult answer = client.request("POST", QString::fromUtf8(publish), body);
        QVERIFY2(answer.status == 400 && answer.errorCode() == QLatin1String("BAD_REQUEST"),
                 answer.describe().constData());
    }
    // The draft is as it was.
    QCOMPARE(versionOf(client.get(u"/drafts/"_s + draft.value(u"id"_s).toString()).json()), 1);
}

void TestDrafts::twoClientsDifferentFieldsBothLand()
{
    HttpTestClient first = clientFor(0, m_office->dispatcher);
    HttpTestClient second = clientFor(1, m_office->dispatcher);
    const QJsonObject draft = newDraft(first);
    const QString path = u"/drafts/"_s + draft.value(u"id"_s).toString() + u"/fields"_s;

    // Both windows hold version 1; the first saves the title.
    HttpResult one = first.postJson(path, fieldSave(u"title"_s, u"Leaky tap"_s, 1));
    QCOMPARE(one.status, 200);
    // The second's details meet a newer draft: 409 with the fresh copy, then again on it.
    HttpResult two = second.postJson(path, fieldSave(u"details"_s, u"Kitchen"_s, 1));
    QCOMPARE(two.status, 409);
    QCOMPARE(two.errorCode(), u"VERSION_CONFLICT"_s);
    const QJsonObject fresh = two.errorObject().value(u"draft"_s).toObject();
    QCOMPARE(fresh[u"fields"_s][u"title"_s].toString(), u"Leaky tap"_s);
    two = second.postJson(path, fieldSave(u"details"_s, u"Kitchen"_s, versionOf(fresh)));
    QCOMPARE(two.status, 200);
    QCOMPARE(versionOf(draftOf(two)), 3);
    const QJsonObject fields = draftOf(two).value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"title"_s).toString(), u"Leaky tap"_s);
    QCOMPARE(fields.value(u"details"_s).toString(), u"Kitchen"_s);
}

void TestDrafts::twoClientsSameFieldOneConflict()
{
    // Saves in flight at the same time, from separate connections to two processes: of those
    // holding one version exactly one lands, the rest get the fresh draft.
    QList<HttpTestClient> clients;
    for (int i = 0; i < kPublishers; ++i)
        clients.append(clientFor(i, m_office->dispatcher));
    for (int round = 0; round < kRounds; ++round) {
        const QJsonObject draft = newDraft(dispatcher());
        const QString path = u"/drafts/"_s + draft.value(u"id"_s).toString() + u"/fields"_s;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < kPublishers; ++i) {
            // Half save the title, half the details: a different field conflicts too.
            const QString key = i % 2 == 0 ? u"title"_s : u"details"_s;
            replies.append(clients[i].startJson(
                "POST", path, fieldSave(key, u"writer %1"_s.arg(i), versionOf(draft))));
        }
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies, kAnswerWaitMs);
        int winner = -1;
        int conflicts = 0;
        for (int i = 0; i < results.size(); ++i) {
            if (results[i].status == 200) {
                QVERIFY2(winner < 0, describeAll(results).constData());
                winner = i;
            } else if (results[i].errorCode() == QLatin1String("VERSION_CONFLICT")) {
                ++conflicts;
                QCOMPARE(versionOf(results[i].errorObject().value(u"draft"_s).toObject()), 2);
            }
        }
        QVERIFY2(winner >= 0 && conflicts == kPublishers - 1, describeAll(results).constData());
        const QJsonObject stored =
            dispatcher().get(u"/drafts/"_s + draft[u"id"_s].toString()).json();
        QCOMPARE(versionOf(stored), 2);
        QCOMPARE(stored.value(u"fields"_s).toObject().size(), 1);
    }
}

void TestDrafts::publishNeedsTheJobsFields()
{
    HttpTestClient client = dispatcher();
    QJsonObject draft = newDraft(client);
    const QString id = draft.value(u"id"_s).toString();
    const QString fields = u"/drafts/"_s + id + u"/fields"_s;
    const QString publish = u"/drafts/"_s + id + u"/publish"_s;
    // Each required field in turn, in the documented order.
    const QList<std::pair<QString, QString>> required{{u"title"_s, u"Boiler service"_s},
                                                      {u"customer.name"_s, u"Bo"_s},
                                                      {u"address"_s, u"2 Side St"_s}};
    for (const auto &[key, value] : required) {
        HttpResult answer =
            client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.errorCode(), u"INVALID_VALUE"_s);
        QCOMPARE(answer.errorObject().value(u"field"_s).toString(), key);
        // Blank text is no value either.
        answer = client.postJson(fields, fieldSave(key, u"   "_s, versionOf(draft)));
        if (answer.status == 200) {
            draft = draftOf(answer);
            const HttpResult blank =
                client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
            QCOMPARE(blank.errorObject().value(u"field"_s).toString(), key);
        }
        answer = client.postJson(fields, fieldSave(key, value, versionOf(draft)));
        QCOMPARE(answer.status, 200);
        draft = draftOf(answer);
    }
    // A stale version: 409 with the draft, no job.
    HttpResult stale =
        client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft) - 1}});
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.errorCode(), u"VERSION_CONFLICT"_s);
    QCOMPARE(versionOf(stale.errorObject().value(u"draft"_s).toObject()), versionOf(draft));
    QCOMPARE(jobsTitled(u"Boiler service"_s), 0);
    const HttpResult published =
        client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QCOMPARE(published.status, 201);
    QCOMPARE(jobsTitled(u"Boiler service"_s), 1);
}

void TestDrafts::publishMakesOneOpenJob()
{
    const QJsonObject draft = readyDraft(u"Gutter clean"_s);
    QVERIFY(!draft.isEmpty());
    const QString id = draft.value(u"id"_s).toString();
    HttpTestClient client = dispatcher();
    const QString publish = u"/drafts/"_s + id + u"/publish"_s;

    const HttpResult published =
        client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QCOMPARE(published.status, 201);
    const QJsonObject job = published.json();
    const QString jobId = job.value(u"id"_s).toString();
    QCOMPARE(job.value(u"status"_s).toString(), u"OPEN"_s);
    QVERIFY(job.value(u"assignedTo"_s).isNull());
    QCOMPARE(versionOf(job), 1);
    const QJsonObject fields = job.value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"title"_s).toString(), u"Gutter clean"_s);
    QCOMPARE(fields.value(u"countryCode"_s).toString(), u"US"_s);
    QCOMPARE(fields.value(u"stateCode"_s).toString(), u"TX"_s);
    QCOMPARE(fields.value(u"geo"_s).toObject(),
             (QJsonObject{{u"lat"_s, 30.27}, {u"lng"_s, -97.74}}));
    QVERIFY(fields.value(u"details"_s).isNull());
    QCOMPARE(published.header("ETag"), client.get(jobPath(jobId)).header("ETag"));

    // The history says where it came from.
    const QJsonArray history = client.get(jobPath(jobId, u"/history"_s)).jsonArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0][u"type"_s].toString(), u"JOB_CREATED"_s);
    QVERIFY2(history[0][u"reason"_s].toString().contains(id),
             qPrintable(history[0][u"reason"_s].toString()));

    // Again, with the old or any version: 200, the same job, unchanged.
    for (const qint64 expected : {versionOf(draft), qint64(1), qint64(99)}) {
        const HttpResult again =
            client.postJson(publish, QJsonObject{{u"expectedVersion"_s, expected}});
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), job);
        QCOMPARE(again.header("ETag"), published.header("ETag"));
    }
    QCOMPARE(jobsTitled(u"Gutter clean"_s), 1);

    // The draft says it is a job; it leaves the list; it takes no more saves.
    const QJsonObject after = client.get(u"/drafts/"_s + id).json();
    QCOMPARE(after.value(u"status"_s).toString(), u"PUBLISHED"_s);
    QCOMPARE(after.value(u"jobId"_s).toString(), jobId);
    for (const QJsonValue &item : client.get(u"/drafts"_s).json().value(u"items"_s).toArray())
        QVERIFY(item[u"id"_s].toString() != id);
    const HttpResult late = client.postJson(u"/drafts/"_s + id + u"/fields"_s,
                                            fieldSave(u"title"_s, u"Late"_s, versionOf(after)));
    QCOMPARE(late.status, 409);
    QCOMPARE(late.errorCode(), u"DRAFT_PUBLISHED"_s);
    QCOMPARE(late.errorObject().value(u"jobId"_s).toString(), jobId);
}

void TestDrafts::publishRacedMakesOneJob()
{
    // Several windows publish one draft at once, over separate connections to two dispatchd
    // processes on one database: one 201, the others 200 with the same job, one job made.
    QList<HttpTestClient> clients;
    for (int i = 0; i < kPublishers; ++i)
        clients.append(clientFor(i, m_office->dispatcher));
    for (int round = 0; round < kRounds; ++round) {
        const QString title = u"Raced publish %1"_s.arg(round);
        const QJsonObject draft = readyDraft(title);
        QVERIFY(!draft.isEmpty());
        const QString publish = u"/drafts/"_s + draft.value(u"id"_s).toString() + u"/publish"_s;
        QList<QNetworkReply *> replies;
        for (HttpTestClient &client : clients)
            replies.append(client.startJson("POST", publish,
                                            QJsonObject{{u"expectedVersion"_s, versionOf(draft)}}));
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies, kAnswerWaitMs);
        int created = 0;
        QString jobId;
        for (const HttpResult &result : results) {
            QVERIFY2(result.status == 201 || result.status == 200,
                     describeAll(results).constData());
            created += result.status == 201 ? 1 : 0;
            const QString id = result.json().value(u"id"_s).toString();
            QVERIFY2(jobId.isEmpty() || id == jobId, describeAll(results).constData());
            jobId = id;
        }
        QCOMPARE(created, 1);
        QCOMPARE(jobsTitled(title), 1);
    }
}

void TestDrafts::publishRetriedAfterLostAnswer()
{
    // The first publish's answer never reaches the client (it gives up at once); the retry
    // then finds the job that publish made, or makes it: one job either way.
    const QString title = u"Retried publish"_s;
    const QJsonObject draft = readyDraft(title);
    QVERIFY(!draft.isEmpty());
    const QString publish = u"/drafts/"_s + draft.value(u"id"_s).toString() + u"/publish"_s;
    HttpTestClient first = clientFor(0, m_office->dispatcher);
    QNetworkReply *lost =
        first.startJson("POST", publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QTest::qWait(50);
    lost->abort();
    lost->deleteLater();
    HttpTestClient retry = clientFor(1, m_office->dispatcher);
    const HttpResult again =
        retry.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QVERIFY2(again.status == 200 || again.status == 201, again.describe().constData());
    const HttpResult third =
        retry.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QCOMPARE(third.status, 200);
    QCOMPARE(third.json().value(u"id"_s), again.json().value(u"id"_s));
    QCOMPARE(jobsTitled(title), 1);
}

void TestDrafts::publishAppliesTheSchedule()
{
    // The When is part of the publish: the job is made OPEN with its schedule in one write
    // (one version, one event, one history row), as /schedule on an OPEN job would leave it.
    const QString title = u"Fence repair"_s;
    QJsonObject draft = readyDraft(title);
    QVERIFY(!draft.isEmpty());
    const QString id = draft.value(u"id"_s).toString();
    HttpTestClient client = dispatcher();
    // July in Chicago is CDT (UTC-5): noon there is 17:00Z.
    const QJsonObject when = schedule(u"2026-07-01"_s, u"America/Chicago"_s, u"12:00-15:00"_s);
    HttpResult answer = client.postJson(u"/drafts/"_s + id + u"/fields"_s,
                                        fieldSave(u"schedule"_s, when, versionOf(draft)));
    QCOMPARE(answer.status, 200);
    draft = draftOf(answer);
    const auto lastSeq = [&client] {
        return client.get(u"/jobs?limit=1"_s).header("X-Last-Event-Seq").toLongLong();
    };
    const qint64 before = lastSeq();

    const QString publish = u"/drafts/"_s + id + u"/publish"_s;
    const HttpResult published =
        client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QVERIFY2(published.status == 201, published.describe().constData());
    const QJsonObject job = published.json();
    const QString jobId = job.value(u"id"_s).toString();
    QCOMPARE(job.value(u"status"_s).toString(), u"OPEN"_s);
    QVERIFY(job.value(u"assignedTo"_s).isNull());
    QCOMPARE(versionOf(job), 1);
    QCOMPARE(job.value(u"schedule"_s).toObject(), when);
    QCOMPARE(job.value(u"dueAt"_s).toString(), u"2026-07-01T17:00:00Z"_s);
    QVERIFY(!job.value(u"fields"_s).toObject().contains(u"schedule"_s));
    QCOMPARE(client.get(jobPath(jobId)).json(), job);

    // One event, JOB_CREATED, carrying the scheduled job; no separate JOB_SCHEDULED.
    QCOMPARE(lastSeq(), before + 1);
    const QJsonArray events =
        client.get(u"/events?after=%1"_s.arg(before)).json()[u"events"_s].toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0][u"type"_s].toString(), u"JOB_CREATED"_s);
    QCOMPARE(events[0][u"job"_s][u"schedule"_s].toObject(), when);

    // The history: made from the draft, with its schedule and due time.
    const QJsonArray history = client.get(jobPath(jobId, u"/history"_s)).jsonArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0][u"type"_s].toString(), u"JOB_CREATED"_s);
    QVERIFY(history[0][u"reason"_s].toString().contains(id));
    const QJsonObject changes = history[0][u"changes"_s].toObject();
    QCOMPARE(changes.value(u"schedule"_s).toArray(), (QJsonArray{QJsonValue::Null, when}));
    QCOMPARE(changes.value(u"dueAt"_s).toArray(),
             (QJsonArray{QJsonValue::Null, u"2026-07-01T17:00:00Z"_s}));
    QCOMPARE(changes.value(u"title"_s).toArray(), (QJsonArray{QJsonValue::Null, title}));

    // Retried: the same job, nothing new.
    const HttpResult again =
        client.postJson(publish, QJsonObject{{u"expectedVersion"_s, versionOf(draft)}});
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json(), job);
    QCOMPARE(lastSeq(), before + 1);
    QCOMPARE(jobsTitled(title), 1);

    // `schedule` is a draft's key, not a job field: PATCH /jobs refuses it.
    const HttpResult patched = client.patchJson(
        jobPath(jobId), QJsonObject{{u"changes"_s, QJsonObject{{u"schedule"_s, when}}}},
        ifMatch(published.header("ETag")));
    QCOMPARE(patched.status, 400);
    QCOMPARE(patched.errorCode(), u"INVALID_FIELD_KEY"_s);
}

void TestDrafts::prosCannotDraft()
{
    HttpTestClient pro = m_office->client(m_office->pros[0]);
    const QJsonObject mine = newDraft(dispatcher());
    const QString path = u"/drafts/"_s + mine.value(u"id"_s).toString();
    const QList<HttpResult> answers{
        pro.postJson(u"/drafts"_s,
                     QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}}),
        pro.get(u"/drafts"_s),
        pro.get(path),
        pro.postJson(path + u"/fields"_s, fieldSave(u"title"_s, u"x"_s, 1)),
        pro.postJson(path + u"/publish"_s, QJsonObject{{u"expectedVersion"_s, 1}}),
        pro.del(path, ifMatch("\"x\"")),
    };
    for (const HttpResult &answer : answers) {
        QVERIFY2(answer.status == 403 && answer.errorCode() == QLatin1String("FORBIDDEN"),
                 answer.describe().constData());
    }
    QCOMPARE(versionOf(dispatcher().get(path).json()), 1);
}

void TestDrafts::othersDraftsAreInvisible()
{
    const QJsonObject mine = newDraft(dispatcher());
    const QString id = mine.value(u"id"_s).toString();
    const QString path = u"/drafts/"_s + id;
    const QByteArray etag = dispatcher().get(path).header("ETag");
    // Another dispatcher and the admin alike: 404 on every route, never its contents.
    for (const TestUser &other : {m_otherDispatcher, m_office->admin}) {
        HttpTestClient client = m_office->client(other);
        const QList<HttpResult> answers{
            client.get(path),
            client.postJson(path + u"/fields"_s, fieldSave(u"title"_s, u"Mine now"_s, 1)),
            client.postJson(path + u"/publish"_s, QJsonObject{{u"expectedVersion"_s, 1}}),
            client.del(path, ifMatch(etag)),
        };
        for (const HttpResult &answer : answers) {
            QVERIFY2(answer.status == 404 && !answer.body.contains(id.toUtf8()),
                     answer.describe().constData());
        }
        for (const QJsonValue &item : client.get(u"/drafts"_s).json()[u"items"_s].toArray())
            QVERIFY(item[u"id"_s].toString() != id);
    }
    QCOMPARE(dispatcher().get(path).status, 200);
    QCOMPARE(dispatcher().get(u"/drafts/d_nosuchdraft"_s).status, 404);
}

void TestDrafts::listAndDiscard()
{
    // The other dispatcher's list holds just what is made here. Times are kept to the
    // second, so each step waits for the next one.
    HttpTestClient mine = m_office->client(m_otherDispatcher);
    const QJsonObject older = newDraft(mine);
    QTest::qWait(1100);
    const QJsonObject newer = newDraft(mine);
    QJsonArray items = mine.get(u"/drafts"_s).json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items[0][u"id"_s], newer.value(u"id"_s));
    QCOMPARE(items[1][u"id"_s], older.value(u"id"_s));
    // A save makes the older one the newest.
    QTest::qWait(1100);
    const HttpResult saved = mine.postJson(u"/drafts/"_s + older[u"id"_s].toString() + u"/fields"_s,
                                           fieldSave(u"title"_s, u"Touched"_s, 1));
    QCOMPARE(saved.status, 200);
    items = mine.get(u"/drafts"_s).json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items[0][u"id"_s], older.value(u"id"_s));
    QCOMPARE(items[0][u"fields"_s][u"title"_s].toString(), u"Touched"_s);

    const QString path = u"/drafts/"_s + newer[u"id"_s].toString();
    HttpResult answer = mine.del(path);
    QCOMPARE(answer.status, 428);
    QCOMPARE(answer.errorCode(), u"PRECONDITION_REQUIRED"_s);
    answer = mine.del(path, ifMatch("\"" + newer[u"id"_s].toString().toUtf8() + ".7\""));
    QCOMPARE(answer.status, 412);
    QCOMPARE(answer.errorCode(), u"PRECONDITION_FAILED"_s);
    QCOMPARE(answer.errorObject().value(u"draft"_s).toObject().value(u"id"_s),
             newer.value(u"id"_s));
    const QByteArray etag = answer.header("ETag");
    QVERIFY(!etag.isEmpty());
    QCOMPARE(mine.del(path, ifMatch(etag)).status, 204);
    QCOMPARE(mine.get(path).status, 404);
    QCOMPARE(mine.del(path, ifMatch(etag)).status, 404);
    items = mine.get(u"/drafts"_s).json().value(u"items"_s).toArray();
    for (const QJsonValue &item : std::as_const(items))
        QVERIFY(item[u"id"_s].toString() != newer[u"id"_s].toString());
}

void TestDrafts::draftsSendNoEvents()
{
    HttpTestClient client = dispatcher();
    // The event log's head, as GET /jobs reports it.
    const auto lastSeq = [&client] {
        return client.get(u"/jobs?limit=1"_s).header("X-Last-Event-Seq").toLongLong();
    };
    const qint64 before = lastSeq();
    const QJsonObject draft = newDraft(client);
    const QString id = draft.value(u"id"_s).toString();
    QCOMPARE(
        client.postJson(u"/drafts/"_s + id + u"/fields"_s, fieldSave(u"title"_s, u"Quiet"_s, 1))
            .status,
        200);
    QCOMPARE(client.del(u"/drafts/"_s + id, ifMatch("\"" + id.toUtf8() + ".2\"")).status, 204);
    QCOMPARE(lastSeq(), before);

    // A publish sends exactly the new job's JOB_CREATED.
    const QJsonObject ready = readyDraft(u"Evented"_s);
    const qint64 mark = lastSeq();
    const HttpResult published =
        client.postJson(u"/drafts/"_s + ready[u"id"_s].toString() + u"/publish"_s,
                        QJsonObject{{u"expectedVersion"_s, versionOf(ready)}});
    QCOMPARE(published.status, 201);
    const QJsonArray events =
        client.get(u"/events?after=%1"_s.arg(mark)).json()[u"events"_s].toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0][u"type"_s].toString(), u"JOB_CREATED"_s);
    QCOMPARE(events[0][u"jobId"_s].toString(), published.json()[u"id"_s].toString());
}

void TestDrafts::expireAfterThirtyDays()
{
    HttpTestClient client = dispatcher();
    const QJsonObject old = newDraft(client);
    const QJsonObject fresh = newDraft(client);
    const QString oldId = old.value(u"id"_s).toString();
    {
        // 30 days and a minute ago, as if nobody had touched it since.
        TestDatabase db(m_serverA.databaseUrl());
        QVERIFY(db.isOpen());
        const QString aged = QDateTime::currentDateTimeUtc().addDays(-30).addSecs(-60).toString(
            u"yyyy-MM-ddTHH:mm:ssZ"_s);
        QVERIFY(db.exec(u"UPDATE drafts SET updated_at = ? WHERE id = ?"_s, {aged, oldId}));
    }
    // Gone for reads at once, before any sweep.
    QCOMPARE(client.get(u"/drafts/"_s + oldId).status, 404);
    QCOMPARE(client.postJson(u"/drafts/"_s + oldId + u"/fields"_s, fieldSave(u"title"_s, u"x"_s, 1))
                 .status,
             404);
    bool listed = false;
    for (const QJsonValue &item : client.get(u"/drafts"_s).json()[u"items"_s].toArray())
        listed = listed || item[u"id"_s].toString() == oldId;
    QVERIFY(!listed);

    // A dispatchd starting on the database sweeps the row away; the fresh draft stays.
    DispatchdProcess sweeper;
    DispatchdProcess::Options options;
    options.dbUrl = m_serverA.databaseUrl();
    options.adminPassword = m_serverA.adminPassword();
    QVERIFY(sweeper.start(options));
    QVERIFY(sweeper.stop());
    TestDatabase db(m_serverA.databaseUrl());
    QCOMPARE(db.value(u"SELECT COUNT(*) FROM drafts WHERE id = ?"_s, {oldId}).toInt(), 0);
    QCOMPARE(
        db.value(u"SELECT COUNT(*) FROM drafts WHERE id = ?"_s, {fresh.value(u"id"_s).toString()})
            .toInt(),
        1);
    QCOMPARE(client.get(u"/drafts/"_s + fresh.value(u"id"_s).toString()).status, 200);
}

QTEST_GUILESS_MAIN(TestDrafts)
#include "tst_drafts.moc"
