// RFC 9110 §13 conditional requests on the job resource, against the real dispatchd:
// If-None-Match on GET (weak comparison), If-Match on writes (strong comparison), the 412 body
// that carries the current job, and the collection ETag.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QTest>

using namespace dispatch::test;

namespace {
QJsonObject changes(const QJsonObject &fieldChanges)
{
    return QJsonObject{{QStringLiteral("changes"), fieldChanges}};
}
} // namespace

class TestConditional final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void etagIsStrongAndPerJob();
    void ifNoneMatch_data();
    void ifNoneMatch();
    void ifMatchOnPatch_data();
    void ifMatchOnPatch();
    void noOpWriteKeepsVersionAndEtag_data();
    void noOpWriteKeepsVersionAndEtag();
    void successiveWritesChainEtags();
    void deleteWithIfMatch();
    void collectionIfNoneMatch();

private:
    /// Two jobs, both at version 2, so that a scheme putting only the version in the ETag
    /// would make them collide: `target` (with its stale version-1 tag) and `other`.
    struct Fixture {
        QString id;
        QByteArray staleEtag;
        QByteArray currentEtag;
        QJsonObject current;
        QByteArray otherEtag;
        QString otherId;
    };
    bool makeFixture(Fixture *fixture);
    bool makeJobAtVersion2(const QString &title, QString *id, QByteArray *staleEtag,
                           QByteArray *currentEtag, QJsonObject *current);
    /// Replaces CUR, OLD and OTHER in a header template with the fixture's tags.
    static QByteArray expand(QByteArray headerTemplate, const Fixture &fixture);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<HttpTestClient> m_dispatcher;
    int m_counter = 0;
};

void TestConditional::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    m_dispatcher = std::make_unique<HttpTestClient>(m_office->client(m_office->dispatcher));
}

void TestConditional::cleanupTestCase()
{
    m_dispatcher.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

bool TestConditional::makeJobAtVersion2(const QString &title, QString *id, QByteArray *staleEtag,
                                        QByteArray *currentEtag, QJsonObject *current)
{
    const QJsonObject created =
        m_office->createJob(QJsonObject{{QStringLiteral("title"), title}}, staleEtag);
    if (created.isEmpty() || staleEtag->isEmpty())
        return false;
    *id = created.value(QLatin1String("id")).toString();
    const HttpResult patched = m_dispatcher->patchJson(
        jobPath(*id), changes({{QStringLiteral("details"), QStringLiteral("second version")}}),
        {{"If-Match", *staleEtag}});
    if (patched.status != 200) {
        qWarning("PATCH to version 2: %s", patched.describe().constData());
        return false;
    }
    *currentEtag = patched.header("ETag");
    *current = patched.json();
    return versionOf(*current) == 2 && !currentEtag->isEmpty() && *currentEtag != *staleEtag;
}

bool TestConditional::makeFixture(Fixture *fixture)
{
    const int n = ++m_counter;
    QByteArray otherStale;
    QJsonObject otherJob;
    return makeJobAtVersion2(QStringLiteral("Target %1").arg(n), &fixture->id, &fixture->staleEtag,
                             &fixture->currentEtag, &fixture->current) &&
           makeJobAtVersion2(QStringLiteral("Other %1").arg(n), &fixture->otherId, &otherStale,
                             &fixture->otherEtag, &otherJob);
}

QByteArray TestConditional::expand(QByteArray headerTemplate, const Fixture &fixture)
{
    // OTHER first: "OTHER" does not contain the other placeholders, but keep it unambiguous.
    return headerTemplate.replace("OTHER", fixture.otherEtag)
        .replace("CUR", fixture.currentEtag)
        .replace("OLD", fixture.staleEtag);
}

void TestConditional::etagIsStrongAndPerJob()
{
    Fixture fixture;
    QVERIFY(makeFixture(&fixture));
    // RFC 9110 §8.8.3: a strong tag is a quoted string without the W/ prefix.
    QVERIFY2(fixture.currentEtag.startsWith('"') && fixture.currentEtag.endsWith('"') &&
                 fixture.currentEtag.size() >= 3,
             fixture.currentEtag.constData());
    QVERIFY(fixture.otherEtag.startsWith('"'));
    // Same version, different jobs: the tags must still differ.
    QVERIFY(fixture.currentEtag != fixture.otherEtag);

    const HttpResult read = m_dispatcher->get(jobPath(fixture.id));
    QCOMPARE(read.status, 200);
    QCOMPARE(read.header("ETag"), fixture.currentEtag);
    QCOMPARE(read.json(), fixture.current);
}

void TestConditional::ifNoneMatch_data()
{
    QTest::addColumn<QByteArray>("ifNoneMatch");
    QTest::addColumn<bool>("notModified");

    QTest::newRow("current") << QByteArray("CUR") << true;
    QTest::newRow("list with current last") << QByteArray("\"nope\", OLD, CUR") << true;
    QTest::newRow("list with current first") << QByteArray("CUR, \"nope\"") << true;
    QTest::newRow("list without spaces") << QByteArray("\"nope\",CUR") << true;
    QTest::newRow("weak current") << QByteArray("W/CUR") << true;
    QTest::newRow("weak list") << QByteArray("W/\"nope\", W/CUR") << true;
    QTest::newRow("star") << QByteArray("*") << true;
    QTest::newRow("stale") << QByteArray("OLD") << false;
    QTest::newRow("weak stale") << QByteArray("W/OLD") << false;
    QTest::newRow("other job at the same version") << QByteArray("OTHER") << false;
    QTest::newRow("list of stale and other") << QByteArray("OLD, OTHER") << false;
    QTest::newRow("unknown tag") << QByteArray("\"definitely-not-a-tag\"") << false;
}

void TestConditional::ifNoneMatch()
{
    QFETCH(QByteArray, ifNoneMatch);
    QFETCH(bool, notModified);

    Fixture fixture;
    QVERIFY(makeFixture(&fixture));
    const QByteArray header = expand(ifNoneMatch, fixture);
    const HttpResult result = m_dispatcher->get(jobPath(fixture.id), {{"If-None-Match", header}});
    if (notModified) {
        QVERIFY2(result.status == 304, result.describe().constData());
        QCOMPARE(result.header("ETag"), fixture.currentEtag);
        QVERIFY2(result.body.isEmpty(), result.body.constData());
    } else {
        QVERIFY2(result.status == 200, result.describe().constData());
        QCOMPARE(result.header("ETag"), fixture.currentEtag);
        QCOMPARE(result.json(), fixture.current);
    }
}

void TestConditional::ifMatchOnPatch_data()
{
    QTest::addColumn<bool>("sendIfMatch");
    QTest::addColumn<QByteArray>("ifMatch");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QString none;
    const QString failed = QStringLiteral("PRECONDITION_FAILED");
    QTest::newRow("missing") << false << QByteArray() << 428
                             << QStringLiteral("PRECONDITION_REQUIRED");
    QTest::newRow("current") << true << QByteArray("CUR") << 200 << none;
    QTest::newRow("stale") << true << QByteArray("OLD") << 412 << failed;
    // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches, not even the current.
    QTest::newRow("weak current") << true << QByteArray("W/CUR") << 412 << failed;
    QTest::newRow("list containing current") << true << QByteArray("\"nope\", CUR") << 200 << none;
    QTest::newRow("list of stale tags") << true << QByteArray("OLD, \"nope\"") << 412 << failed;
    QTest::newRow("star") << true << QByteArray("*") << 200 << none;
    QTest::newRow("other job at the same version") << true << QByteArray("OTHER") << 412 << failed;
    QTest::newRow("list of stale and other") << true << QByteArray("OLD, OTHER") << 412 << failed;
}

void TestConditional::ifMatchOnPatch()
{
    QFETCH(bool, sendIfMatch);
    QFETCH(QByteArray, ifMatch);
    QFETCH(int, status);
    QFETCH(QString, code);

    Fixture fixture;
    QVERIFY(makeFixture(&fixture));
    HeaderList headers;
    if (sendIfMatch)
        headers.append({"If-Match", expand(ifMatch, fixture)});
    const QString newDetails = QStringLiteral("written with ") + QString::fromLatin1(ifMatch);
    const HttpResult result = m_dispatcher->patchJson(
        jobPath(fixture.id), changes({{QStringLiteral("details"), newDetails}}), headers);
    QVERIFY2(result.status == status, result.describe().constData());

    const HttpResult fresh = m_dispatcher->get(jobPath(fixture.id));
    QCOMPARE(fresh.status, 200);
    if (status == 200) {
        // The new version, its new tag, and what a fresh read says agree.
        QCOMPARE(versionOf(result.json()), 3);
        QCOMPARE(result.json()
                     .value(QLatin1String("fields"))
                     .toObject()
                     .value(QLatin1String("details"))
                     .toString(),
                 newDetails);
        QVERIFY(!result.header("ETag").isEmpty());
        QVERIFY(result.header("ETag") != fixture.currentEtag);
        QCOMPARE(fresh.header("ETag"), result.header("ETag"));
        QCOMPARE(fresh.json(), result.json());
        return;
    }

    QCOMPARE(result.errorCode(), code);
    // A refused write changes nothing.
    QCOMPARE(fresh.header("ETag"), fixture.currentEtag);
    QCOMPARE(fresh.json(), fixture.current);
    if (status == 412) {
        // The client can merge without another round trip: current job and its tag.
        QCOMPARE(result.errorObject().value(QLatin1String("current")).toObject(), fresh.json());
        QCOMPARE(result.header("ETag"), fresh.header("ETag"));
    }
}

void TestConditional::noOpWriteKeepsVersionAndEtag_data()
{
    QTest::addColumn<QJsonObject>("fieldChanges");

    QTest::newRow("empty changes") << QJsonObject{};
    QTest::newRow("same title") << QJsonObject{{QStringLiteral("title"), QStringLiteral("SAME")}};
    QTest::newRow("same details and title")
        << QJsonObject{{QStringLiteral("title"), QStringLiteral("SAME")},
                       {QStringLiteral("details"), QStringLiteral("second version")}};
    QTest::newRow("null that is already null")
        << QJsonObject{{QStringLiteral("customer.phone"), QJsonValue::Null}};
}

void TestConditional::noOpWriteKeepsVersionAndEtag()
{
    QFETCH(QJsonObject, fieldChanges);

    QString id;
    QByteArray stale, etag;
    QJsonObject current;
    QVERIFY(makeJobAtVersion2(QStringLiteral("No-op %1").arg(++m_counter), &id, &stale, &etag,
                              &current));
    // "SAME" stands for the job's own title.
    if (fieldChanges.value(QLatin1String("title")).toString() == QLatin1String("SAME"))
        fieldChanges.insert(
            QStringLiteral("title"),
            current.value(QLatin1String("fields")).toObject().value(QLatin1String("title")));
    const HttpResult historyBefore = m_dispatcher->get(jobPath(id) + QStringLiteral("/history"));
    QCOMPARE(historyBefore.status, 200);

    const HttpResult result =
        m_dispatcher->patchJson(jobPath(id), changes(fieldChanges), {{"If-Match", etag}});
    QVERIFY2(result.status == 200, result.describe().constData());
    QCOMPARE(versionOf(result.json()), 2);
    QCOMPARE(result.header("ETag"), etag);
    QCOMPARE(result.json(), current);

    const HttpResult fresh = m_dispatcher->get(jobPath(id));
    QCOMPARE(fresh.header("ETag"), etag);
    QCOMPARE(fresh.json(), current);
    // Nothing committed, so nothing in the history either.
    const HttpResult historyAfter = m_dispatcher->get(jobPath(id) + QStringLiteral("/history"));
    QCOMPARE(historyAfter.jsonArray().size(), historyBefore.jsonArray().size());
}

void TestConditional::successiveWritesChainEtags()
{
    QByteArray etag;
    const QJsonObject created =
        m_office->createJob(QJsonObject{{QStringLiteral("title"), QStringLiteral("Chain")}}, &etag);
    QVERIFY(!created.isEmpty());
    QCOMPARE(versionOf(created), 1);
    const QString id = created.value(QLatin1String("id")).toString();

    QList<QByteArray> seen{etag};
    for (int version = 2; version <= 6; ++version) {
        const HttpResult result = m_dispatcher->patchJson(
            jobPath(id),
            changes({{QStringLiteral("details"), QStringLiteral("edit %1").arg(version)}}),
            {{"If-Match", etag}});
        QVERIFY2(result.status == 200, result.describe().constData());
        QCOMPARE(versionOf(result.json()), version);
        etag = result.header("ETag");
        QVERIFY(!etag.isEmpty());
        QVERIFY2(!seen.contains(etag), etag.constData());
        seen.append(etag);
    }
    // The tag of each earlier version is now stale.
    const HttpResult stale = m_dispatcher->patchJson(
        jobPath(id), changes({{QStringLiteral("details"), QStringLiteral("late")}}),
        {{"If-Match", seen.at(seen.size() - 2)}});
    QVERIFY2(stale.status == 412, stale.describe().constData());
    QCOMPARE(versionOf(stale.errorObject().value(QLatin1String("current")).toObject()), 6);
}

void TestConditional::deleteWithIfMatch()
{
    QString id;
    QByteArray stale, etag;
    QJsonObject current;
    QVERIFY(makeJobAtVersion2(QStringLiteral("Delete me"), &id, &stale, &etag, &current));
    HttpTestClient admin = m_office->client(m_office->admin);

    const HttpResult missing = admin.del(jobPath(id));
    QVERIFY2(missing.status == 428, missing.describe().constData());
    QCOMPARE(missing.errorCode(), QStringLiteral("PRECONDITION_REQUIRED"));
    const HttpResult staleDelete = admin.del(jobPath(id), {{"If-Match", stale}});
    QVERIFY2(staleDelete.status == 412, staleDelete.describe().constData());
    QCOMPARE(staleDelete.header("ETag"), etag);
    QCOMPARE(admin.get(jobPath(id)).status, 200);

    const HttpResult deleted = admin.del(jobPath(id), {{"If-Match", etag}});
    QVERIFY2(deleted.status == 204, deleted.describe().constData());
    QVERIFY(deleted.body.isEmpty());

    const HttpResult gone = admin.get(jobPath(id));
    QVERIFY2(gone.status == 404, gone.describe().constData());
    QCOMPARE(gone.errorCode(), QStringLiteral("NOT_FOUND"));
    // A cached tag must not turn a deleted job into a 304.
    const HttpResult goneConditional = admin.get(jobPath(id), {{"If-None-Match", etag}});
    QVERIFY2(goneConditional.status == 404, goneConditional.describe().constData());
    const HttpResult deleteAgain = admin.del(jobPath(id), {{"If-Match", etag}});
    QVERIFY2(deleteAgain.status == 404 || deleteAgain.status == 412,
             deleteAgain.describe().constData());
}

void TestConditional::collectionIfNoneMatch()
{
    const HttpResult first = m_dispatcher->get(QStringLiteral("/jobs"));
    QVERIFY2(first.status == 200, first.describe().constData());
    const QByteArray etag = first.header("ETag");
    QVERIFY2(!etag.isEmpty(), "GET /jobs carries no ETag");
    QVERIFY(first.json().value(QLatin1String("items")).isArray());

    const HttpResult again = m_dispatcher->get(QStringLiteral("/jobs"), {{"If-None-Match", etag}});
    QVERIFY2(again.status == 304, again.describe().constData());
    QCOMPARE(again.header("ETag"), etag);
    QVERIFY(again.body.isEmpty());

    // Any change to the collection makes the old tag stale.
    QVERIFY(
        !m_office->createJob(QJsonObject{{QStringLiteral("title"), QStringLiteral("New arrival")}})
             .isEmpty());
    const HttpResult changed =
        m_dispatcher->get(QStringLiteral("/jobs"), {{"If-None-Match", etag}});
    QVERIFY2(changed.status == 200, changed.describe().constData());
    QVERIFY(!changed.header("ETag").isEmpty());
    QVERIFY(changed.header("ETag") != etag);
}

QTEST_GUILESS_MAIN(TestConditional)
#include "tst_conditional.moc"
