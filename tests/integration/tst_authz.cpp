// Contract tests for who may do what (docs/openapi.yaml "Authentication and roles" and the
// visibility rules of server_decisions): a pro never learns anything about another pro's job,
// not even through an error body, an event or the stream; roles that may not act get 403;
// every route needs a live token; login failures look alike and are rate limited.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "streamclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>
#include <QWebSocket>

#include <memory>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray randomMarker(const char *prefix)
{
    return QByteArray(prefix) + QUuid::createUuid().toByteArray(QUuid::Id128);
}

QStringList idsOf(const QJsonArray &items, const QString &member = {})
{
    QStringList ids;
    for (const QJsonValue &item : items) {
        const QJsonObject object =
            member.isEmpty() ? item.toObject() : item.toObject().value(member).toObject();
        ids.append(object.value(u"id"_s).toString());
    }
    return ids;
}

} // namespace

class TestAuthz final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void otherProsJobIsNotFound_data();
    void otherProsJobIsNotFound();
    void otherProsJobRevalidatesAsNotFound_data();
    void otherProsJobRevalidatesAsNotFound();
    void acceptOtherProsJobConflicts_data();
    void acceptOtherProsJobConflicts();
    void otherProsJobIsNotListed_data();
    void otherProsJobIsNotListed();
    void otherProsJobIsNotInEvents();
    void otherProsJobIsNotInStream();

    void proOnOpenJob_data();
    void proOnOpenJob();
    void proNeverSeesCodes();
    void proNeverSeesCodesInStream();
    void dispatcherCannotDelete();

    void unauthenticated_data();
    void unauthenticated();
    void unauthenticatedCarriesChallenge();
    void streamRefusesBadToken_data();
    void streamRefusesBadToken();
    void logoutKillsOnlyThatToken();

    void usersNeedAdmin_data();
    void usersNeedAdmin();
    void loginFailuresLookAlike();
    void loginIsRateLimited();

private:
    HttpTestClient dispatcherClient() const { return m_office->client(m_office->dispatcher); }
    HttpTestClient proClient(int index) const { return m_office->client(m_office->pros.at(index)); }
    QByteArray currentEtag(const QString &jobId);
    QJsonObject currentJob(const QString &jobId);
    /// What of the secret job `body` shows, or empty when it shows nothing.
    QByteArray secretsIn(const QByteArray &body) const;
    /// What of the codes `body` shows, or empty.
    QByteArray codesIn(const QByteArray &body) const;

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;

    // pro1's job ("secret"): assigned to pros[0], then edited with markers pros[1] must never see.
    QString m_secretId;
    QByteArray m_secretEtag;
    QByteArray m_secretStaleEtag;
    QList<QByteArray> m_secrets;
    QString m_codeStart, m_codeCompletion;
    // An open, unassigned job every pro can see.
    QString m_openId;
    QByteArray m_openEtag;
    // A token that was valid and has been logged out.
    QByteArray m_loggedOutToken;
};

QByteArray TestAuthz::currentEtag(const QString &jobId)
{
    const HttpResult result = dispatcherClient().get(jobPath(jobId));
    return result.status == 200 ? result.header("ETag") : QByteArray();
}

QJsonObject TestAuthz::currentJob(const QString &jobId)
{
    const HttpResult result = dispatcherClient().get(jobPath(jobId));
    return result.status == 200 ? result.json() : QJsonObject();
}

QByteArray TestAuthz::secretsIn(const QByteArray &body) const
{
    for (const QByteArray &secret : m_secrets) {
        if (body.contains(secret))
            return "leaked " + secret + " in: " + body.left(600);
    }
    if (body.contains("\"current\""))
        return "an error carries the job: " + body.left(600);
    return {};
}

QByteArray TestAuthz::codesIn(const QByteArray &body) const
{
    if (body.contains("\"codes\""))
        return "a pro got codes: " + body.left(600);
    if (!m_codeStart.isEmpty() && body.contains(QByteArray('"' + m_codeStart.toLatin1() + '"')))
        return "a pro got the start code: " + body.left(600);
    if (!m_codeCompletion.isEmpty() &&
        body.contains(QByteArray('"' + m_codeCompletion.toLatin1() + '"')))
        return "a pro got the completion code: " + body.left(600);
    return {};
}

void TestAuthz::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(3));

    HttpTestClient dispatcher = dispatcherClient();

    // The secret job: created open, assigned to pro1, then given contents pro2 must never see.
    QByteArray etag;
    const QJsonObject created = m_office->createJob(
        {{u"title"_s, u"authz: pro1's job"_s}, {u"address"_s, u"1 Congress Ave"_s}}, &etag);
    QVERIFY(!created.isEmpty());
    m_secretId = created.value(u"id"_s).toString();
    HttpResult result =
        dispatcher.postJson(jobPath(m_secretId, u"/assign"_s),
                            QJsonObject{{u"proId"_s, m_office->pros[0].id}}, ifMatch(etag));
    QCOMPARE(result.status, 200);
    m_secretStaleEtag = result.header("ETag");

    m_secrets = {randomMarker("SECRET-TITLE-"), randomMarker("SECRET-CUSTOMER-"),
                 randomMarker("SECRET-DETAILS-")};
    result = dispatcher.patchJson(
        jobPath(m_secretId),
        QJsonObject{
            {u"changes"_s, QJsonObject{{u"title"_s, QString::fromLatin1(m_secrets[0])},
                                       {u"customer.name"_s, QString::fromLatin1(m_secrets[1])},
                                       {u"details"_s, QString::fromLatin1(m_secrets[2])}}}},
        ifMatch(m_secretStaleEtag));
    QVERIFY2(result.status == 200, result.describe());
    m_secretEtag = result.header("ETag");
    QVERIFY(!m_secretEtag.isEmpty());
    QVERIFY(m_secretEtag != m_secretStaleEtag);

    const QJsonObject codes = result.json().value(u"codes"_s).toObject();
    m_codeStart = codes.value(u"start"_s).toString();
    m_codeCompletion = codes.value(u"completion"_s).toString();
    QVERIFY2(m_codeStart.size() == 6 && m_codeCompletion.size() == 6,
             QByteArray("dispatcher sees no 6-digit codes on a SCHEDULED job: " + result.body));

    const QJsonObject open =
        m_office->createJob({{u"title"_s, u"authz: open offer"_s}}, &m_openEtag);
    QVERIFY(!open.isEmpty());
    m_openId = open.value(u"id"_s).toString();

    // A token that worked once and was logged out.
    HttpTestClient leaver(m_server.apiUrl({}));
    QVERIFY(leaver.login(m_office->pros[2].username, m_office->pros[2].password));
    m_loggedOutToken = leaver.token();
    QCOMPARE(leaver.get(u"/jobs"_s).status, 200);
    result = leaver.request("POST", u"/auth/logout"_s);
    QCOMPARE(result.status, 204);
    QVERIFY(result.body.isEmpty());
}

void TestAuthz::otherProsJobIsNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("precondition"); // "", "current", "stale", "any"

    const QByteArray patch = json({{u"changes"_s, QJsonObject{{u"title"_s, u"mine now"_s}}}});
    const QByteArray start = json({{u"to"_s, u"IN_PROGRESS"_s}, {u"code"_s, u"000000"_s}});
    const QByteArray cancel = json({{u"to"_s, u"CANCELLED"_s}});
    const QByteArray schedule = json({{u"date"_s, u"2031-03-04"_s},
                                      {u"timezone"_s, u"America/Chicago"_s},
                                      {u"window"_s, u"09:00-11:00"_s}});
    const QByteArray note = json({{u"text"_s, u"hello from pro2"_s}});
    const QByteArray unassign = json({{u"proId"_s, QJsonValue::Null}});

    QTest::newRow("GET") << "GET"_ba << QString() << QByteArray() << QString();
    QTest::newRow("HEAD") << "HEAD"_ba << QString() << QByteArray() << QString();
    QTest::newRow("GET history") << "GET"_ba << u"/history"_s << QByteArray() << QString();
    for (const QString &precondition : {u"current"_s, u"stale"_s, u"any"_s, QString()}) {
        const QByteArray tag = precondition.isEmpty() ? "no If-Match" : precondition.toLatin1();
        QTest::addRow("PATCH, %s", tag.constData())
            << "PATCH"_ba << QString() << patch << precondition;
        QTest::addRow("DELETE, %s", tag.constData())
            << "DELETE"_ba << QString() << QByteArray() << precondition;
        QTest::addRow("transition start, %s", tag.constData())
            << "POST"_ba << u"/transition"_s << start << precondition;
        QTest::addRow("transition cancel, %s", tag.constData())
            << "POST"_ba << u"/transition"_s << cancel << precondition;
        QTest::addRow("assign null, %s", tag.constData())
            << "POST"_ba << u"/assign"_s << unassign << precondition;
        QTest::addRow("schedule, %s", tag.constData())
            << "POST"_ba << u"/schedule"_s << schedule << precondition;
        QTest::addRow("notes, %s", tag.constData())
            << "POST"_ba << u"/notes"_s << note << precondition;
    }
}

void TestAuthz::otherProsJobIsNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, suffix);
    QFETCH(QByteArray, body);
    QFETCH(QString, precondition);

    HeaderList headers;
    if (precondition == u"current")
        headers = ifMatch(m_secretEtag);
    else if (precondition == u"stale")
        headers = ifMatch(m_secretStaleEtag); // a 412 would carry "current": the job itself
    else if (precondition == u"any")
        headers = ifMatch("*");

    HttpTestClient outsider = proClient(1);
    const HttpResult result = outsider.request(method, jobPath(m_secretId, suffix), body, headers);
    QVERIFY2(result.status == 404, result.describe());
    if (method != "HEAD")
        QCOMPARE(result.errorCode(), u"NOT_FOUND"_s);
    QVERIFY2(secretsIn(result.body).isEmpty(), secretsIn(result.body));
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    const QByteArray etag = result.header("ETag");
    QVERIFY2(etag != m_secretEtag && etag != m_secretStaleEtag, "a 404 carries the job's ETag");

    // Nothing was written: the owner's view is exactly as before.
    QCOMPARE(currentEtag(m_secretId), m_secretEtag);
}

void TestAuthz::otherProsJobRevalidatesAsNotFound_data()
{
    // If-None-Match values that match the secret job's current ETag (all but "stale"): a GET
    // that answered 304 before checking who asks would tell another pro the job exists and
    // which version it is at.
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("ifNoneMatch"); // "current", "weak", "listed", "any", "stale"

    for (const QByteArray &method : {"GET"_ba, "HEAD"_ba}) {
        for (const QString &tag : {u"current"_s, u"weak"_s, u"listed"_s, u"any"_s, u"stale"_s})
            QTest::addRow("%s, %s", method.constData(), qPrintable(tag)) << method << tag;
    }
}

void TestAuthz::otherProsJobRevalidatesAsNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, ifNoneMatch);

    // The current ETag of pro1's job, read as the dispatcher.
    const QByteArray etag = currentEtag(m_secretId);
    QVERIFY(!etag.isEmpty());
    QByteArray header = etag;
    if (ifNoneMatch == u"weak")
        header = "W/" + etag;
    else if (ifNoneMatch == u"listed")
        header = "\"unrelated.1\", " + etag;
    else if (ifNoneMatch == u"any")
        header = "*";
    else if (ifNoneMatch == u"stale")
        header = m_secretStaleEtag;
    const HeaderList headers{{"If-None-Match"_ba, header}};

    // The owner revalidates the same way and gets 304 (200 for a stale tag), so the 404 below
    // comes from who asks, not from a header the server did not understand.
    const HttpResult owner = proClient(0).request(method, jobPath(m_secretId), {}, headers);
    QVERIFY2(owner.status == (ifNoneMatch == u"stale" ? 200 : 304), owner.describe());

    const HttpResult result = proClient(1).request(method, jobPath(m_secretId), {}, headers);
    QVERIFY2(result.status == 404, result.describe());
    if (method != "HEAD")
        QCOMPARE(result.errorCode(), u"NOT_FOUND"_s);
    QVERIFY2(secretsIn(result.body).isEmpty(), secretsIn(result.body));
    QVERIFY2(result.header("ETag") != etag, "a 404 carries the job's ETag");
}

void TestAuthz::acceptOtherProsJobConflicts_data()
{
    QTest::addColumn<QByteArray>("precondition");
    QTest::newRow("no If-Match") << QByteArray();
    QTest::newRow("current ETag") << m_secretEtag;
    QTest::newRow("stale ETag") << m_secretStaleEtag; // must not turn into a 412 with "current"
}

void TestAuthz::acceptOtherProsJobConflicts()
{
    QFETCH(QByteArray, precondition);
    HttpTestClient outsider = proClient(1);
    const HttpResult result =
        outsider.request("POST", u"/offers/"_s + m_secretId + u"/accept"_s, {},
                         precondition.isEmpty() ? HeaderList() : ifMatch(precondition));
    QVERIFY2(result.status == 409, result.describe());
    QCOMPARE(result.errorCode(), u"ALREADY_ASSIGNED"_s);
    QVERIFY2(secretsIn(result.body).isEmpty(), secretsIn(result.body));
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    QVERIFY2(!result.body.contains("\"fields\""),
             QByteArray("409 carries the job: " + result.body));
    QCOMPARE(currentEtag(m_secretId), m_secretEtag);
}

void TestAuthz::otherProsJobIsNotListed_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("all") << u"/jobs"_s;
    QTest::newRow("by status") << u"/jobs?status=SCHEDULED,OPEN"_s;
    QTest::newRow("by assignee") << u"/jobs?assignedTo="_s + m_office->pros[0].id;
    QTest::newRow("by text") << u"/jobs?q="_s + QString::fromLatin1(m_secrets[0]);
    QTest::newRow("large limit") << u"/jobs?limit=1000"_s;
    QTest::newRow("offers") << u"/offers"_s;
    QTest::newRow("offers near it") << u"/offers?lat=30.27&lng=-97.74"_s;
}

void TestAuthz::otherProsJobIsNotListed()
{
    QFETCH(QString, path);
    HttpTestClient outsider = proClient(1);
    const HttpResult result = outsider.get(path);
    QVERIFY2(result.status == 200, result.describe());
    const QJsonArray items = result.json().value(u"items"_s).toArray();
    const QStringList ids = idsOf(items, path.startsWith(u"/offers") ? u"job"_s : QString());
    QVERIFY2(!ids.contains(m_secretId), qPrintable(path));
    QVERIFY2(secretsIn(result.body).isEmpty(), secretsIn(result.body));
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    if (path == u"/jobs"_s)
        QVERIFY2(ids.contains(m_openId), "the open job is missing from a pro's list");
}

void TestAuthz::otherProsJobIsNotInEvents()
{
    HttpTestClient outsider = proClient(1);
    const HttpResult result = outsider.get(u"/events?after=0&limit=1000"_s);
    QVERIFY2(result.status == 200, result.describe());
    QVERIFY2(secretsIn(result.body).isEmpty(), secretsIn(result.body));
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));

    // pro2 saw the job while it was open and gets the one event that took it away, no more.
    QStringList types;
    const QJsonArray events = result.json().value(u"events"_s).toArray();
    for (const QJsonValue &event : events) {
        if (event[u"jobId"_s].toString() == m_secretId)
            types.append(event[u"type"_s].toString());
    }
    QCOMPARE(types, (QStringList{u"JOB_CREATED"_s, u"JOB_ASSIGNED"_s}));
}

void TestAuthz::otherProsJobIsNotInStream()
{
    StreamClient stream;
    stream.open(m_server, m_office->pros[1].token);
    QVERIFY2(stream.waitConnected(), qPrintable(stream.socket.errorString()));
    stream.resumeAfter(0);

    // A live change pro2 must not see, then a fence pro2 must see: everything sent before the
    // fence is then in hand, with no waiting on a clock.
    HttpTestClient dispatcher = dispatcherClient();
    const QByteArray marker = randomMarker("SECRET-LIVE-");
    m_secrets.append(marker);
    HttpResult result = dispatcher.patchJson(
        jobPath(m_secretId),
        QJsonObject{{u"changes"_s, QJsonObject{{u"address"_s, QString::fromLatin1(marker)}}}},
        ifMatch(m_secretEtag));
    QVERIFY2(result.status == 200, result.describe());
    m_secretEtag = result.header("ETag");
    const QJsonObject fence = m_office->createJob({{u"title"_s, u"authz: stream fence"_s}});
    QVERIFY(!fence.isEmpty());
    QVERIFY2(stream.waitForEvent(fence[u"id"_s].toString(), u"JOB_CREATED"_s),
             "the fence event never arrived on pro2's stream");

    QStringList types;
    for (const QJsonObject &message : std::as_const(stream.messages)) {
        const QByteArray text = json(message);
        QVERIFY2(secretsIn(text).isEmpty(), secretsIn(text));
        QVERIFY2(codesIn(text).isEmpty(), codesIn(text));
        if (message[u"jobId"_s].toString() == m_secretId)
            types.append(message[u"type"_s].toString());
    }
    QCOMPARE(types, (QStringList{u"JOB_CREATED"_s, u"JOB_ASSIGNED"_s}));
}

void TestAuthz::proOnOpenJob_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QTest::newRow("GET") << "GET"_ba << QString() << QByteArray() << 200 << QString();
    QTest::newRow("HEAD") << "HEAD"_ba << QString() << QByteArray() << 200 << QString();
    QTest::newRow("history") << "GET"_ba << u"/history"_s << QByteArray() << 200 << QString();
    QTest::newRow("candidates") << "GET"_ba << u"/candidates"_s << QByteArray() << 403
                                << u"FORBIDDEN"_s;
    QTest::newRow("PATCH") << "PATCH"_ba << QString()
                           << json({{u"changes"_s, QJsonObject{{u"title"_s, u"pro edit"_s}}}})
                           << 403 << u"FORBIDDEN"_s;
    QTest::newRow("DELETE") << "DELETE"_ba << QString() << QByteArray() << 403 << u"FORBIDDEN"_s;
    QTest::newRow("assign to self")
        << "POST"_ba << u"/assign"_s << json({{u"proId"_s, m_office->pros[0].id}}) << 403
        << u"FORBIDDEN"_s;
    QTest::newRow("schedule") << "POST"_ba << u"/schedule"_s
                              << json({{u"date"_s, u"2031-03-04"_s},
                                       {u"timezone"_s, u"America/Chicago"_s},
                                       {u"window"_s, u"09:00-11:00"_s}})
                              << 403 << u"FORBIDDEN"_s;
    QTest::newRow("notes on an offer")
        << "POST"_ba << u"/notes"_s << json({{u"text"_s, u"can I come Tuesday?"_s}}) << 403
        << u"FORBIDDEN"_s;
    QTest::newRow("transition cancel")
        << "POST"_ba << u"/transition"_s << json({{u"to"_s, u"CANCELLED"_s}}) << 403
        << u"FORBIDDEN"_s;
    QTest::newRow("transition request")
        << "POST"_ba << u"/transition"_s << json({{u"to"_s, u"REQUESTED"_s}}) << 403
        << u"FORBIDDEN"_s;
    QTest::newRow("transition expire") << "POST"_ba << u"/transition"_s
                                       << json({{u"to"_s, u"EXPIRED"_s}}) << 403 << u"FORBIDDEN"_s;
}

void TestAuthz::proOnOpenJob()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, suffix);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);

    HttpTestClient pro = proClient(0);
    const HeaderList headers =
        method == "GET" || method == "HEAD" ? HeaderList() : ifMatch(m_openEtag);
    const HttpResult result = pro.request(method, jobPath(m_openId, suffix), body, headers);
    QVERIFY2(result.status == status, result.describe());
    if (!code.isEmpty())
        QCOMPARE(result.errorCode(), code);
    if (status == 200 && method == "GET" && suffix.isEmpty()) {
        QCOMPARE(result.json().value(u"id"_s).toString(), m_openId);
        QCOMPARE(result.header("ETag"), m_openEtag);
    }
    if (method == "HEAD") {
        QVERIFY(result.body.isEmpty());
        QCOMPARE(result.header("ETag"), m_openEtag);
    }
    if (suffix == u"/history")
        QVERIFY2(!result.jsonArray().isEmpty(), result.describe());
    QCOMPARE(currentEtag(m_openId), m_openEtag);
}

void TestAuthz::proNeverSeesCodes()
{
    HttpTestClient owner = proClient(0);
    const QString path = jobPath(m_secretId);

    HttpResult result = owner.get(path);
    QVERIFY2(result.status == 200, result.describe());
    QCOMPARE(result.json().value(u"status"_s).toString(), u"SCHEDULED"_s);
    QVERIFY(!result.json().contains(u"codes"_s));
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    const QByteArray etag = result.header("ETag");
    QCOMPARE(etag, m_secretEtag);

    const QStringList listPaths{u"/jobs"_s, u"/jobs?status=SCHEDULED"_s,
                                u"/jobs?assignedTo="_s + m_office->pros[0].id,
                                u"/events?after=0&limit=1000"_s, path + u"/history"_s};
    for (const QString &listPath : listPaths) {
        result = owner.get(listPath);
        QVERIFY2(result.status == 200,
                 qPrintable(listPath + u": "_s + QString::fromUtf8(result.describe())));
        QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    }

    // A 412 body carries the current job: without codes for a pro.
    result = owner.postJson(path + u"/notes"_s, QJsonObject{{u"text"_s, u"on my way"_s}},
                            ifMatch(m_secretStaleEtag));
    QVERIFY2(result.status == 412, result.describe());
    QVERIFY(result.errorObject().contains(u"current"_s));
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));

    // A successful write's answer, and accepting one's own job again.
    result = owner.postJson(path + u"/notes"_s, QJsonObject{{u"text"_s, u"on my way"_s}},
                            ifMatch(m_secretEtag));
    QVERIFY2(result.status == 200, result.describe());
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    m_secretEtag = result.header("ETag");
    result = owner.request("POST", u"/offers/"_s + m_secretId + u"/accept"_s);
    QVERIFY2(result.status == 200, result.describe());
    QVERIFY2(codesIn(result.body).isEmpty(), codesIn(result.body));
    QCOMPARE(result.header("ETag"), m_secretEtag);

    // The office does see them, unchanged by the pro's note.
    const QJsonObject office = currentJob(m_secretId);
    QCOMPARE(office[u"codes"_s][u"start"_s].toString(), m_codeStart);
    QCOMPARE(office[u"codes"_s][u"completion"_s].toString(), m_codeCompletion);
}

void TestAuthz::proNeverSeesCodesInStream()
{
    StreamClient stream;
    stream.open(m_server, m_office->pros[0].token);
    QVERIFY2(stream.waitConnected(), qPrintable(stream.socket.errorString()));
    stream.resumeAfter(0);

    // A live event of pro1's SCHEDULED job (a dispatcher edit) as well as the replayed ones.
    HttpResult result = dispatcherClient().patchJson(
        jobPath(m_secretId),
        QJsonObject{{u"changes"_s, QJsonObject{{u"customer.phone"_s, u"+1 512 555 0100"_s}}}},
        ifMatch(m_secretEtag));
    QVERIFY2(result.status == 200, result.describe());
    m_secretEtag = result.header("ETag");
    QVERIFY2(result.json().contains(u"codes"_s), "the dispatcher's answer lacks the codes");
    QVERIFY(stream.waitForEvent(m_secretId, u"JOB_UPDATED"_s));
    for (const QJsonObject &message : std::as_const(stream.messages))
        QVERIFY2(codesIn(json(message)).isEmpty(), codesIn(json(message)));
}

void TestAuthz::dispatcherCannotDelete()
{
    HttpTestClient dispatcher = dispatcherClient();
    HttpResult result = dispatcher.del(jobPath(m_openId), ifMatch(m_openEtag));
    QVERIFY2(result.status == 403, result.describe());
    QCOMPARE(result.errorCode(), u"FORBIDDEN"_s);
    QCOMPARE(currentEtag(m_openId), m_openEtag);

    // The route itself works for an admin.
    QByteArray etag;
    const QJsonObject doomed = m_office->createJob({{u"title"_s, u"authz: doomed"_s}}, &etag);
    QVERIFY(!doomed.isEmpty());
    const QString doomedId = doomed[u"id"_s].toString();
    result = m_office->client(m_office->admin).del(jobPath(doomedId), ifMatch(etag));
    QVERIFY2(result.status == 204, result.describe());
    QCOMPARE(dispatcher.get(jobPath(doomedId)).status, 404);
}

void TestAuthz::unauthenticated_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("authorization"); // null: no header at all

    struct Route {
        const char *name;
        QByteArray method;
        QString path;
        QByteArray body;
    };
    const QList<Route> routes{
        {"GET /jobs", "GET", u"/jobs"_s, {}},
        {"POST /jobs", "POST", u"/jobs"_s,
         json({{u"fields"_s, QJsonObject{{u"title"_s, u"x"_s}}}})},
        {"GET /jobs/id", "GET", jobPath(m_openId), {}},
        {"HEAD /jobs/id", "HEAD", jobPath(m_openId), {}},
        {"PATCH /jobs/id", "PATCH", jobPath(m_openId),
         json({{u"changes"_s, QJsonObject{{u"title"_s, u"anonymous"_s}}}})},
        {"DELETE /jobs/id", "DELETE", jobPath(m_openId), {}},
        {"transition", "POST", jobPath(m_openId, u"/transition"_s),
         json({{u"to"_s, u"CANCELLED"_s}})},
        {"assign", "POST", jobPath(m_openId, u"/assign"_s),
         json({{u"proId"_s, m_office->pros[0].id}})},
        {"schedule", "POST", jobPath(m_openId, u"/schedule"_s),
         json({{u"date"_s, u"2031-03-04"_s},
               {u"timezone"_s, u"America/Chicago"_s},
               {u"window"_s, u"09:00-11:00"_s}})},
        {"notes", "POST", jobPath(m_openId, u"/notes"_s), json({{u"text"_s, u"hi"_s}})},
        {"history", "GET", jobPath(m_openId, u"/history"_s), {}},
        {"candidates", "GET", jobPath(m_openId, u"/candidates"_s), {}},
        {"GET /offers", "GET", u"/offers"_s, {}},
        {"accept", "POST", u"/offers/"_s + m_openId + u"/accept"_s, {}},
        {"GET /events", "GET", u"/events?after=0"_s, {}},
        {"GET /users", "GET", u"/users?role=pro"_s, {}},
        {"POST /users", "POST", u"/users"_s,
         json({{u"username"_s, u"intruder"_s},
               {u"password"_s, u"intruder-password"_s},
               {u"name"_s, u"Intruder"_s},
               {u"role"_s, u"admin"_s},
               {u"home"_s, QJsonValue::Null}})},
        {"logout", "POST", u"/auth/logout"_s, {}},
    };
    const QList<std::pair<const char *, QByteArray>> credentials{
        {"no token", QByteArray()},
        {"unknown token", "Bearer " + QUuid::createUuid().toByteArray(QUuid::Id128)},
        {"logged-out token", "Bearer " + m_loggedOutToken},
        {"empty bearer", "Bearer "_ba},
        {"basic scheme", "Basic YWRtaW46YWRtaW4="_ba},
    };
    for (const Route &route : routes) {
        for (const auto &[what, authorization] : credentials)
            QTest::addRow("%s, %s", route.name, what)
                << route.method << route.path << route.body << authorization;
    }
}

void TestAuthz::unauthenticated()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, authorization);

    HttpTestClient anonymous(m_server.apiUrl({}));
    HeaderList headers = ifMatch(m_openEtag);
    if (!authorization.isNull())
        headers.append({"Authorization"_ba, authorization});
    const HttpResult result = anonymous.request(method, path, body, headers);
    QVERIFY2(result.status == 401, result.describe());
    if (method != "HEAD")
        QCOMPARE(result.errorCode(), u"UNAUTHENTICATED"_s);
    QVERIFY2(!result.body.contains("authz: open offer"), "401 carries the job");
    QCOMPARE(currentEtag(m_openId), m_openEtag);
}

void TestAuthz::unauthenticatedCarriesChallenge()
{
    // RFC 9110 §11.6.1: a 401 response MUST carry WWW-Authenticate.
    HttpTestClient anonymous(m_server.apiUrl({}));
    const HttpResult result = anonymous.get(u"/jobs"_s);
    QCOMPARE(result.status, 401);
    QVERIFY2(result.header("WWW-Authenticate").startsWith("Bearer"), result.describe());
}

void TestAuthz::streamRefusesBadToken_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("no token") << QByteArray();
    QTest::newRow("unknown token") << QUuid::createUuid().toByteArray(QUuid::Id128);
    QTest::newRow("logged-out token") << m_loggedOutToken;
}

void TestAuthz::streamRefusesBadToken()
{
    QFETCH(QByteArray, token);
    StreamClient stream;
    stream.open(m_server, token);
    // Either the upgrade is refused, or the socket opens and is closed with 4401 at once.
    QVERIFY2(QTest::qWaitFor([&] { return stream.closed; }, 15000),
             "a stream with a bad token stays open");
    if (stream.wasConnected)
        QCOMPARE(int(stream.socket.closeCode()), 4401);
    QVERIFY(stream.messages.isEmpty());
}

void TestAuthz::logoutKillsOnlyThatToken()
{
    // pros[2] logged out one session in initTestCase; the office's session stays valid.
    HttpTestClient other = proClient(2);
    QCOMPARE(other.get(u"/jobs"_s).status, 200);
    HttpTestClient dead(m_server.apiUrl({}));
    dead.setToken(m_loggedOutToken);
    QCOMPARE(dead.get(u"/jobs"_s).status, 401);
    // Logging out a dead token is not a way to probe tokens: it is just 401.
    QCOMPARE(dead.request("POST", u"/auth/logout"_s).status, 401);
}

void TestAuthz::usersNeedAdmin_data()
{
    QTest::addColumn<QString>("who"); // "dispatcher" or "pro"
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::newRow("dispatcher creates a user") << u"dispatcher"_s << "POST"_ba << 403;
    QTest::newRow("pro creates a user") << u"pro"_s << "POST"_ba << 403;
    QTest::newRow("pro lists users") << u"pro"_s << "GET"_ba << 403;
    QTest::newRow("dispatcher lists users") << u"dispatcher"_s << "GET"_ba << 200;
}

void TestAuthz::usersNeedAdmin()
{
    QFETCH(QString, who);
    QFETCH(QByteArray, method);
    QFETCH(int, status);

    HttpTestClient client = who == u"pro" ? proClient(0) : dispatcherClient();
    const QString username = u"made-by-"_s + who;
    const HttpResult result =
        method == "GET"
            ? client.get(u"/users?role=pro"_s)
            : client.postJson(u"/users"_s, QJsonObject{{u"username"_s, username},
                                                       {u"password"_s, u"long-enough-1"_s},
                                                       {u"name"_s, u"Made"_s},
                                                       {u"role"_s, u"admin"_s},
                                                       {u"home"_s, QJsonValue::Null}});
    QVERIFY2(result.status == status, result.describe());
    if (status == 403)
        QCOMPARE(result.errorCode(), u"FORBIDDEN"_s);
    if (method == "GET" && status == 200) {
        QVERIFY(idsOf(result.json()[u"items"_s].toArray()).contains(m_office->pros[0].id));
        QVERIFY2(!result.body.contains("password"), "users listed with secrets");
    }
    if (method == "POST") {
        HttpTestClient probe(m_server.apiUrl({}));
        QVERIFY2(!probe.login(username, u"long-enough-1"_s), "the refused user exists");
    }
}

void TestAuthz::loginFailuresLookAlike()
{
    HttpTestClient anonymous(m_server.apiUrl({}));
    const HttpResult wrongPassword = anonymous.postJson(
        u"/auth/login"_s, QJsonObject{{u"username"_s, m_office->pros[0].username},
                                      {u"password"_s, u"not-the-password"_s}});
    const HttpResult unknownUser =
        anonymous.postJson(u"/auth/login"_s, QJsonObject{{u"username"_s, u"nobody-here"_s},
                                                         {u"password"_s, u"not-the-password"_s}});
    QVERIFY2(wrongPassword.status == 401, wrongPassword.describe());
    QVERIFY2(unknownUser.status == 401, unknownUser.describe());
    QCOMPARE(wrongPassword.errorCode(), u"INVALID_CREDENTIALS"_s);
    QCOMPARE(unknownUser.json(), wrongPassword.json());
    QCOMPARE(unknownUser.body, wrongPassword.body);
    QVERIFY(!wrongPassword.json().contains(u"token"_s));
}

void TestAuthz::loginIsRateLimited()
{
    // A server of its own: the allowance is per account, shared by every address.
    DispatchdProcess server;
    QVERIFY(server.start());
    HttpTestClient client(server.apiUrl({}));
    const auto attempt = [&](const QString &password) {
        return client.postJson(u"/auth/login"_s,
                               QJsonObject{{u"username"_s, u"admin"_s}, {u"password"_s, password}});
    };
    for (int i = 1; i <= 10; ++i) {
        const HttpResult result = attempt(u"wrong-password-"_s + QString::number(i));
        QVERIFY2(result.status == 401, qPrintable(u"attempt "_s + QString::number(i) + u": "_s +
                                                  QString::fromUtf8(result.describe())));
    }
    HttpResult result = attempt(u"wrong-password-11"_s);
    QVERIFY2(result.status == 429, result.describe());
    QCOMPARE(result.errorCode(), u"RATE_LIMITED"_s);
    bool ok = false;
    const int retryAfter = result.header("Retry-After").toInt(&ok);
    QVERIFY2(ok && retryAfter > 0 && retryAfter <= 60,
             QByteArray("Retry-After: " + result.header("Retry-After")));

    // While limited, the right password does not get through either (no oracle for guesses).
    result = attempt(QString::fromLatin1(server.adminPassword()));
    QVERIFY2(result.status == 429, result.describe());
    QVERIFY(!result.json().contains(u"token"_s));
}

QTEST_GUILESS_MAIN(TestAuthz)
#include "tst_authz.moc"
