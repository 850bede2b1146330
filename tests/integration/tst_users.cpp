// The user routes of docs/openapi.yaml "Authentication and roles": one user with its ETag,
// an admin's change with If-Match (428, 412 with the user as they are now, a change that
// changes nothing keeps the version), deactivation and a new role ending every session at once
// (requests, sign-in and a live stream), the last active admin kept, and a user's change of
// their own password.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "streamclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

class TestUsers final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void getOneUserWithItsEtag();
    void onlyTheOfficeLooksUpUsers();
    void patchNeedsIfMatch();
    void patchIsVersioned();
    void patchRefusesUnknownFieldsAndBadValues();
    void onlyAdminsChangeUsers();
    void deactivationEndsEverySession();
    void newRoleEndsSessions();
    void lastActiveAdminStays();
    void ownPassword();

private:
    HttpTestClient admin() const { return m_office->client(m_office->admin); }
    /// The user as the admin sees them, with its ETag.
    QJsonObject user(const QString &id, QByteArray *etag = nullptr) const;

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
};

QJsonObject TestUsers::user(const QString &id, QByteArray *etag) const
{
    const HttpResult result = admin().get(u"/users/"_s + id);
    if (etag)
        *etag = result.header("ETag");
    return result.status == 200 ? result.json() : QJsonObject();
}

void TestUsers::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(4));
}

void TestUsers::getOneUserWithItsEtag()
{
    const TestUser &pro = m_office->pros[0];
    const HttpResult result = admin().get(u"/users/"_s + pro.id);
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.json();
    QCOMPARE(body.value(u"id"_s).toString(), pro.id);
    QCOMPARE(body.value(u"active"_s).toBool(), true);
    QCOMPARE(body.value(u"version"_s).toInt(), 1);
    QVERIFY(!result.body.contains("password"));
    const QByteArray etag = result.header("ETag");
    QVERIFY(etag.startsWith('"'));

    const HttpResult again = admin().get(u"/users/"_s + pro.id, {{"If-None-Match", etag}});
    QCOMPARE(again.status, 304);
    QVERIFY(again.body.isEmpty());
    QCOMPARE(admin().get(u"/users/u_nobody"_s).status, 404);
}

void TestUsers::onlyTheOfficeLooksUpUsers()
{
    const QString id = m_office->pros[1].id;
    QCOMPARE(m_office->client(m_office->dispatcher).get(u"/users/"_s + id).status, 200);
    const HttpResult asPro = m_office->client(m_office->pros[1]).get(u"/users/"_s + id);
    QCOMPARE(asPro.status, 403);
    QCOMPARE(asPro.errorCode(), u"FORBIDDEN"_s);
}

void TestUsers::patchNeedsIfMatch()
{
    const HttpResult result =
        admin().patchJson(u"/users/"_s + m_office->pros[1].id, QJsonObject{{u"name"_s, u"X"_s}});
    QCOMPARE(result.status, 428);
    QCOMPARE(user(m_office->pros[1].id).value(u"version"_s).toInt(), 1);
}

void TestUsers::patchIsVersioned()
{
    const QString id = m_office->pros[1].id;
    QByteArray etag;
    const QJsonObject before = user(id, &etag);
    QVERIFY(!before.isEmpty());

    HttpResult renamed = admin().patchJson(
        u"/users/"_s + id, QJsonObject{{u"name"_s, u"Sam Whitaker"_s}}, {{"If-Match", etag}});
    QCOMPARE(renamed.status, 200);
    QCOMPARE(renamed.json().value(u"name"_s).toString(), u"Sam Whitaker"_s);
    QCOMPARE(renamed.json().value(u"version"_s).toInt(), before.value(u"version"_s).toInt() + 1);
    const QByteArray newEtag = renamed.header("ETag");
    QVERIFY(newEtag != etag);

    // The same change again commits nothing: same version, same tag.
    const HttpResult same = admin().patchJson(
        u"/users/"_s + id, QJsonObject{{u"name"_s, u"Sam Whitaker"_s}}, {{"If-Match", newEtag}});
    QCOMPARE(same.status, 200);
    QCOMPARE(same.header("ETag"), newEtag);

    // A second admin's change based on the old tag is a 412 with the user as they are now.
    const HttpResult stale = admin().patchJson(
        u"/users/"_s + id, QJsonObject{{u"name"_s, u"Samuel"_s}}, {{"If-Match", etag}});
    QCOMPARE(stale.status, 412);
    const QJsonObject current =
        stale.json().value(u"error"_s).toObject().value(u"current"_s).toObject();
    QCOMPARE(current.value(u"name"_s).toString(), u"Sam Whitaker"_s);
    QCOMPARE(stale.header("ETag"), newEtag);

    // The pro's own session sees the new name at once (no cached old one).
    const HttpResult login =
        HttpTestClient(m_server.apiUrl({}))
            .postJson(u"/auth/login"_s, QJsonObject{{u"username"_s, m_office->pros[1].username},
                                                    {u"password"_s, m_office->pros[1].password}});
    QCOMPARE(login.status, 200);
    QCOMPARE(login.json().value(u"user"_s).toObject().value(u"name"_s).toString(),
             u"Sam Whitaker"_s);
}

void TestUsers::patchRefusesUnknownFieldsAndBadValues()
{
    const QString id = m_office->pros[1].id;
    QByteArray etag;
    user(id, &etag);
    const HttpResult unknown =
        admin().patchJson(u"/users/"_s + id, QJsonObject{{u"password"_s, u"sneaky-password"_s}},
                          {{"If-Match", etag}});
    // As every route's body: a member the route does not know is refused, by name.
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.errorCode(), u"BAD_REQUEST"_s);
    QVERIFY(unknown.body.contains("password"));
    const HttpResult badRole = admin().patchJson(
        u"/users/"_s + id, QJsonObject{{u"role"_s, u"owner"_s}}, {{"If-Match", etag}});
    QCOMPARE(badRole.status, 400);
    QCOMPARE(badRole.errorCode(), u"INVALID_VALUE"_s);
    const HttpResult badActive = admin().patchJson(
        u"/users/"_s + id, QJsonObject{{u"active"_s, u"no"_s}}, {{"If-Match", etag}});
    QCOMPARE(badActive.status, 400);
    const HttpResult badHome = admin().patchJson(
        u"/users/"_s + id, QJsonObject{{u"home"_s, QJsonObject{{u"lat"_s, 91}, {u"lng"_s, 0}}}},
        {{"If-Match", etag}});
    QCOMPARE(badHome.status, 400);
    QByteArray after;
    user(id, &after);
    QCOMPARE(after, etag);
}

void TestUsers::onlyAdminsChangeUsers()
{
    const QString id = m_office->pros[1].id;
    QByteArray etag;
    user(id, &etag);
    for (const TestUser *who : {&m_office->dispatcher, &m_office->pros[1]}) {
        const HttpResult result = m_office->client(*who).patchJson(
            u"/users/"_s + id, QJsonObject{{u"name"_s, u"Mallory"_s}}, {{"If-Match", etag}});
        QCOMPARE(result.status, 403);
    }
}

void TestUsers::deactivationEndsEverySession()
{
    const TestUser &pro = m_office->pros[2];
    HttpTestClient session = m_office->client(pro);
    QCOMPARE(session.get(u"/jobs"_s).status, 200);
    StreamClient stream;
    stream.open(m_server, pro.token);
    QVERIFY(stream.waitConnected());

    QByteArray etag;
    const QString name = user(pro.id, &etag).value(u"name"_s).toString();
    const HttpResult off = admin().patchJson(
        u"/users/"_s + pro.id, QJsonObject{{u"active"_s, false}}, {{"If-Match", etag}});
    QCOMPARE(off.status, 200);
    QCOMPARE(off.json().value(u"active"_s).toBool(), false);

    // At once: the next request, a new sign-in and the open stream all fail.
    QCOMPARE(session.get(u"/jobs"_s).status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(stream.closed, 5000);
    const HttpResult login =
        HttpTestClient(m_server.apiUrl({}))
            .postJson(u"/auth/login"_s,
                      QJsonObject{{u"username"_s, pro.username}, {u"password"_s, pro.password}});
    QCOMPARE(login.status, 401);
    QCOMPARE(login.errorCode(), u"INVALID_CREDENTIALS"_s);

    // Still listed, by name, as inactive.
    const QJsonObject listed = user(pro.id);
    QCOMPARE(listed.value(u"name"_s).toString(), name);
    QCOMPARE(listed.value(u"active"_s).toBool(), false);

    // Reactivated: the same password signs in again.
    QByteArray offEtag = off.header("ETag");
    QCOMPARE(admin()
                 .patchJson(u"/users/"_s + pro.id, QJsonObject{{u"active"_s, true}},
                            {{"If-Match", offEtag}})
                 .status,
             200);
    HttpTestClient again(m_server.apiUrl({}));
    QVERIFY(again.login(pro.username, pro.password));
}

void TestUsers::newRoleEndsSessions()
{
    const TestUser &pro = m_office->pros[3];
    HttpTestClient session = m_office->client(pro);
    QCOMPARE(session.get(u"/jobs"_s).status, 200);
    QByteArray etag;
    user(pro.id, &etag);
    const HttpResult promoted = admin().patchJson(
        u"/users/"_s + pro.id, QJsonObject{{u"role"_s, u"dispatcher"_s}}, {{"If-Match", etag}});
    QCOMPARE(promoted.status, 200);
    // The old session carried the old role's rights; it is gone.
    QCOMPARE(session.get(u"/jobs"_s).status, 401);
    HttpTestClient fresh(m_server.apiUrl({}));
    QVERIFY(fresh.login(pro.username, pro.password));
    QCOMPARE(fresh.loggedInUser().value(u"role"_s).toString(), u"dispatcher"_s);
}

void TestUsers::lastActiveAdminStays()
{
    const QString adminId = m_office->admin.id;
    QByteArray etag;
    user(adminId, &etag);
    for (const QJsonObject &change :
         {QJsonObject{{u"active"_s, false}}, QJsonObject{{u"role"_s, u"dispatcher"_s}}}) {
        const HttpResult refused =
            admin().patchJson(u"/users/"_s + adminId, change, {{"If-Match", etag}});
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.errorCode(), u"LAST_ADMIN"_s);
    }
    QCOMPARE(admin().get(u"/jobs"_s).status, 200);

    // With a second admin, the first may step down.
    TestUser second;
    QVERIFY(m_office->addUser(u"second-admin"_s, u"admin"_s, QJsonValue::Null, &second));
    const HttpResult stepDown = m_office->client(second).patchJson(
        u"/users/"_s + adminId, QJsonObject{{u"role"_s, u"dispatcher"_s}}, {{"If-Match", etag}});
    QCOMPARE(stepDown.status, 200);
    // Now the second is the last one.
    QByteArray secondEtag;
    const HttpResult self = m_office->client(second).get(u"/users/"_s + second.id);
    secondEtag = self.header("ETag");
    const HttpResult refused = m_office->client(second).patchJson(
        u"/users/"_s + second.id, QJsonObject{{u"active"_s, false}}, {{"If-Match", secondEtag}});
    QCOMPARE(refused.status, 409);
    QCOMPARE(refused.errorCode(), u"LAST_ADMIN"_s);
    // Give the office its first admin back for the tests that follow.
    const HttpResult back = m_office->client(second).patchJson(
        u"/users/"_s + adminId, QJsonObject{{u"role"_s, u"admin"_s}},
        {{"If-Match", stepDown.header("ETag")}});
    QCOMPARE(back.status, 200);
    QVERIFY(HttpTestClient(m_server.apiUrl({}))
                .login(m_office->admin.username, m_office->admin.password));
}

void TestUsers::ownPassword()
{
    const TestUser &pro = m_office->pros[0];
    HttpTestClient session = m_office->client(pro);
    const HttpResult wrong =
        session.postJson(u"/auth/password"_s, QJsonObject{{u"current"_s, u"not-my-password"_s},
                                                          {u"new"_s, u"brand-new-secret"_s}});
    QCOMPARE(wrong.status, 403); // the session is fine; the password given is not
    QCOMPARE(wrong.errorCode(), u"INVALID_CREDENTIALS"_s);
    const HttpResult tooShort = session.postJson(
        u"/auth/password"_s, QJsonObject{{u"current"_s, pro.password}, {u"new"_s, u"short"_s}});
    QCOMPARE(tooShort.status, 400);

    const HttpResult changed =
        session.postJson(u"/auth/password"_s, QJsonObject{{u"current"_s, pro.password},
                                                          {u"new"_s, u"brand-new-secret"_s}});
    QCOMPARE(changed.status, 204);
    QCOMPARE(session.get(u"/jobs"_s).status, 200); // this session goes on
    HttpTestClient fresh(m_server.apiUrl({}));
    QVERIFY(!fresh.login(pro.username, pro.password));
    QVERIFY(fresh.login(pro.username, u"brand-new-secret"_s));
}

QTEST_GUILESS_MAIN(TestUsers)
#include "tst_users.moc"
