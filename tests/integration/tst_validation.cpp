// What dispatchd refuses, and that a refused write leaves the job exactly as it was: malformed
// and mis-shaped JSON, wrong field types, unknown keys and members, nesting and size limits,
// schedule values, the edit rules by status and illegal transitions. Also the conversion of a
// schedule (local date, IANA zone, window) to dueAt in UTC.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"

#include <QJsonDocument>
#include <QTest>

using namespace dispatch::test;

namespace {
QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// {"changes": {key: value}} as bytes.
QByteArray patchBody(const QString &key, const QJsonValue &value)
{
    return compact(QJsonObject{{QStringLiteral("changes"), QJsonObject{{key, value}}}});
}

QByteArray scheduleBody(const QString &date, const QString &timezone, const QString &window)
{
    return compact(QJsonObject{{QStringLiteral("date"), date},
                               {QStringLiteral("timezone"), timezone},
                               {QStringLiteral("window"), window}});
}

QByteArray transitionBody(const QString &to)
{
    return compact(QJsonObject{{QStringLiteral("to"), to}});
}

/// A PATCH body whose whole document is `depth` levels deep: the outer object and "changes"
/// are two, the rest are arrays around the value of "details".
QByteArray nestedPatchBody(int depth)
{
    const int arrays = depth - 2;
    return "{\"changes\":{\"details\":" + QByteArray(arrays, '[') + '1' + QByteArray(arrays, ']') +
           "}}";
}

/// A syntactically valid PATCH body of exactly `size` bytes (a long "details").
QByteArray patchBodyOfSize(qsizetype size)
{
    const QByteArray head = "{\"changes\":{\"details\":\"";
    const QByteArray tail = "\"}}";
    return head + QByteArray(size - head.size() - tail.size(), 'x') + tail;
}

struct Snapshot {
    QByteArray etag;
    QJsonObject job;
    qsizetype historyRows = -1;
};

} // namespace

class TestValidation final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void refusedWriteChangesNothing_data();
    void refusedWriteChangesNothing();
    void refusedCreate_data();
    void refusedCreate();
    void serverSurvivesHugeNesting();
    void allowedEditsByStatus();
    void scheduleConversion_data();
    void scheduleConversion();

private:
    /// A job in `status` (OPEN, SCHEDULED or IN_PROGRESS), with pricing set.
    bool makeJob(const QString &status, QString *id);
    Snapshot snapshot(const QString &id);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<HttpTestClient> m_dispatcher;
    int m_counter = 0;
};

void TestValidation::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    m_dispatcher = std::make_unique<HttpTestClient>(m_office->client(m_office->dispatcher));
}

void TestValidation::cleanupTestCase()
{
    m_dispatcher.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

bool TestValidation::makeJob(const QString &status, QString *id)
{
    QByteArray etag;
    const QJsonObject created = m_office->createJob(
        QJsonObject{{QStringLiteral("title"), QStringLiteral("Validation %1").arg(++m_counter)},
                    {QStringLiteral("customer.name"), QStringLiteral("Ada Lovelace")},
                    {QStringLiteral("pricing.kind"), QStringLiteral("flat")},
                    {QStringLiteral("pricing.amountCents"), 12500}},
        &etag);
    if (created.isEmpty())
        return false;
    *id = created.value(QLatin1String("id")).toString();
    if (status == QLatin1String("OPEN"))
        return true;

    const HttpResult assigned = m_dispatcher->postJson(
        jobPath(*id) + QStringLiteral("/assign"),
        QJsonObject{{QStringLiteral("proId"), m_office->pros.constFirst().id}},
        {{"If-Match", etag}});
    if (assigned.status != 200) {
        qWarning("assign: %s", assigned.describe().constData());
        return false;
    }
    if (status == QLatin1String("SCHEDULED"))
        return true;

    const QString startCode = assigned.json()
                                  .value(QLatin1String("codes"))
                                  .toObject()
                                  .value(QLatin1String("start"))
                                  .toString();
    HttpTestClient pro = m_office->client(m_office->pros.constFirst());
    const HttpResult asPro = pro.get(jobPath(*id));
    const HttpResult started =
        pro.postJson(jobPath(*id) + QStringLiteral("/transition"),
                     QJsonObject{{QStringLiteral("to"), QStringLiteral("IN_PROGRESS")},
                                 {QStringLiteral("code"), startCode}},
                     {{"If-Match", asPro.header("ETag")}});
    if (started.status != 200) {
        qWarning("start: %s", started.describe().constData());
        return false;
    }
    return started.json().value(QLatin1String("status")).toString() == status;
}

Snapshot TestValidation::snapshot(const QString &id)
{
    Snapshot shot;
    const HttpResult job = m_dispatcher->get(jobPath(id));
    const HttpResult history = m_dispatcher->get(jobPath(id) + QStringLiteral("/history"));
    if (job.status == 200 && history.status == 200) {
        shot.etag = job.header("ETag");
        shot.job = job.json();
        shot.historyRows = history.jsonArray().size();
    }
    return shot;
}

void TestValidation::refusedWriteChangesNothing_data()
{
    QTest::addColumn<QString>("jobStatus");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("route"); // after /jobs/{id}
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QJsonObject>("details"); // members the error object must hold

    const QString open = QStringLiteral("OPEN");
    const QString scheduled = QStringLiteral("SCHEDULED");
    const QString inProgress = QStringLiteral("IN_PROGRESS");
    const QString patch;
    const QString schedule = QStringLiteral("/schedule");
    const QString transition = QStringLiteral("/transition");
    const QString badRequest = QStringLiteral("BAD_REQUEST");
    const QString invalidValue = QStringLiteral("INVALID_VALUE");
    auto field = [](const QString &name) { return QJsonObject{{QStringLiteral("field"), name}}; };
    auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };

    // Bodies that are not JSON, or JSON of the wrong shape.
    row("malformed JSON") << open << QByteArray("PATCH") << patch
                          << QByteArray("{\"changes\": {\"title\": \"x\"") << 400 << badRequest
                          << QJsonObject{};
    row("not JSON at all") << open << QByteArray("PATCH") << patch << QByteArray("title=x") << 400
                           << badRequest << QJsonObject{};
    row("trailing garbage") << open << QByteArray("PATCH") << patch
                            << QByteArray("{\"changes\":{}} x") << 400 << badRequest
                            << QJsonObject{};
    row("array document") << open << QByteArray("PATCH") << patch
                          << QByteArray("[{\"changes\":{\"title\":\"x\"}}]") << 400 << badRequest
                          << QJsonObject{};
    row("string document") << open << QByteArray("PATCH") << patch << QByteArray("\"changes\"")
                           << 400 << badRequest << QJsonObject{};
    row("number document") << open << QByteArray("PATCH") << patch << QByteArray("42") << 400
                           << badRequest << QJsonObject{};
    row("null document") << open << QByteArray("PATCH") << patch << QByteArray("null") << 400
                         << badRequest << QJsonObject{};
    row("changes is an array") << open << QByteArray("PATCH") << patch
                               << QByteArray("{\"changes\":[\"title\"]}") << 400 << badRequest
                               << QJsonObject{};
    row("changes is a string") << open << QByteArray("PATCH") << patch
                               << QByteArray("{\"changes\":\"title\"}") << 400 << badRequest
                               << QJsonObject{};
    row("unknown top-level member")
        << open << QByteArray("PATCH") << patch
        << QByteArray("{\"changes\":{\"title\":\"Changed\"},\"force\":true}") << 400 << badRequest
        << QJsonObject{};

    // Unknown field keys.
    row("unknown field key") << open << QByteArray("PATCH") << patch
                             << patchBody(QStringLiteral("colour"), QStringLiteral("red")) << 400
                             << QStringLiteral("INVALID_FIELD_KEY")
                             << field(QStringLiteral("colour"));
    row("unknown key beside a good one")
        << open << QByteArray("PATCH") << patch
        << QByteArray("{\"changes\":{\"title\":\"Changed\",\"customer.nickname\":\"Bob\"}}") << 400
        << QStringLiteral("INVALID_FIELD_KEY") << field(QStringLiteral("customer.nickname"));
    row("nested instead of dotted key")
        << open << QByteArray("PATCH") << patch
        << QByteArray("{\"changes\":{\"customer\":{\"name\":\"Bob\"}}}") << 400
        << QStringLiteral("INVALID_FIELD_KEY") << field(QStringLiteral("customer"));
    row("id is not a field") << open << QByteArray("PATCH") << patch
                             << patchBody(QStringLiteral("id"), QStringLiteral("j1")) << 400
                             << QStringLiteral("INVALID_FIELD_KEY") << field(QStringLiteral("id"));

    // Wrong type or value per field.
    struct Bad {
        const char *name;
        const char *key;
        QJsonValue value;
    };
    const Bad bad[] = {
        {"title number", "title", 5},
        {"title null", "title", QJsonValue::Null},
        {"title blank", "title", QStringLiteral("   ")},
        {"title too long", "title", QString(201, u'x')},
        {"details bool", "details", true},
        {"orderId object", "orderId", QJsonObject{}},
        {"customer.name array", "customer.name", QJsonArray{QStringLiteral("Ada")}},
        {"customer.phone number", "customer.phone", 5551234567.0},
        {"customer.phone letters", "customer.phone", QStringLiteral("call me maybe")},
        {"customer.email no at", "customer.email", QStringLiteral("ada.example.com")},
        {"address number", "address", 12},
        {"geo string", "geo", QStringLiteral("30.27,-97.74")},
        {"geo lat string", "geo",
         QJsonObject{{QStringLiteral("lat"), QStringLiteral("30")}, {QStringLiteral("lng"), 1}}},
        {"geo lat out of range", "geo",
         QJsonObject{{QStringLiteral("lat"), 91}, {QStringLiteral("lng"), 0}}},
        {"geo extra member", "geo",
         QJsonObject{
             {QStringLiteral("lat"), 1}, {QStringLiteral("lng"), 1}, {QStringLiteral("alt"), 1}}},
        {"countryCode three letters", "countryCode", QStringLiteral("USA")},
        {"stateCode number", "stateCode", 7},
        {"pricing.kind unknown", "pricing.kind", QStringLiteral("weekly")},
        {"pricing.amountCents fraction", "pricing.amountCents", 12.5},
        {"pricing.amountCents string", "pricing.amountCents", QStringLiteral("100")},
        {"pricing.amountCents negative", "pricing.amountCents", -1},
        {"pricing.hourlyRateCents huge", "pricing.hourlyRateCents", 1e15},
    };
    for (const Bad &b : bad) {
        const QString key = QString::fromLatin1(b.key);
        row(b.name) << open << QByteArray("PATCH") << patch << patchBody(key, b.value) << 400
                    << invalidValue << field(key);
    }
    row("good value beside a bad one")
        << open << QByteArray("PATCH") << patch
        << QByteArray("{\"changes\":{\"title\":\"Changed\",\"pricing.amountCents\":\"100\"}}")
        << 400 << invalidValue << field(QStringLiteral("pricing.amountCents"));

    // Limits. Depth counts the outer object as 1 (so `{}` is 1 deep).
    row("nested 65 deep") << open << QByteArray("PATCH") << patch << nestedPatchBody(65) << 400
                          << badRequest << QJsonObject{};
    row("nested 64 deep, a bad value")
        << open << QByteArray("PATCH") << patch << nestedPatchBody(64) << 400 << invalidValue
        << field(QStringLiteral("details"));
    row("1 MiB exactly, a bad value")
        << open << QByteArray("PATCH") << patch << patchBodyOfSize(1024 * 1024) << 400
        << invalidValue << field(QStringLiteral("details"));
    row("1 MiB + 1") << open << QByteArray("PATCH") << patch << patchBodyOfSize(1024 * 1024 + 1)
                     << 413 << QStringLiteral("PAYLOAD_TOO_LARGE") << QJsonObject{};

    // Schedules.
    const QString date = QStringLiteral("2026-01-15");
    const QString zone = QStringLiteral("America/Chicago");
    const QString window = QStringLiteral("12:00-15:00");
    struct BadSchedule {
        const char *name;
        QString date, zone, window;
        const char *field;
    };
    const BadSchedule badSchedules[] = {
        {"unknown zone", date, QStringLiteral("Mars/Olympus_Mons"), window, "timezone"},
        {"misspelt zone", date, QStringLiteral("America/Chicag"), window, "timezone"},
        {"empty zone", date, QString(), window, "timezone"},
        {"window backwards", date, zone, QStringLiteral("15:00-12:00"), "window"},
        {"window empty span", date, zone, QStringLiteral("12:00-12:00"), "window"},
        {"window words", date, zone, QStringLiteral("noon-15:00"), "window"},
        {"window one time", date, zone, QStringLiteral("12:00"), "window"},
        {"window hour 24", date, zone, QStringLiteral("24:00-25:00"), "window"},
        {"window minute 60", date, zone, QStringLiteral("12:60-13:00"), "window"},
        {"date 30 February", QStringLiteral("2026-02-30"), zone, window, "date"},
        {"date month 13", QStringLiteral("2026-13-01"), zone, window, "date"},
        {"date not ISO", QStringLiteral("15/01/2026"), zone, window, "date"},
        {"date with a time", QStringLiteral("2026-01-15T12:00:00Z"), zone, window, "date"},
        {"date empty", QString(), zone, window, "date"},
    };
    for (const BadSchedule &b : badSchedules) {
        row(b.name) << open << QByteArray("POST") << schedule
                    << scheduleBody(b.date, b.zone, b.window) << 400 << invalidValue
                    << field(QString::fromLatin1(b.field));
    }
    row("schedule unknown member")
        << open << QByteArray("POST") << schedule
        << QByteArray("{\"date\":\"2026-01-15\",\"timezone\":\"America/Chicago\","
                      "\"window\":\"12:00-15:00\",\"note\":\"x\"}")
        << 400 << badRequest << QJsonObject{};

    // Edit rules by status (docs/openapi.yaml "Status machine").
    const QString priceLocked = QStringLiteral("PRICE_LOCKED");
    row("price in SCHEDULED") << scheduled << QByteArray("PATCH") << patch
                              << patchBody(QStringLiteral("pricing.amountCents"), 5000) << 409
                              << priceLocked << field(QStringLiteral("pricing.amountCents"));
    row("pricing kind in SCHEDULED")
        << scheduled << QByteArray("PATCH") << patch
        << patchBody(QStringLiteral("pricing.kind"), QStringLiteral("hourly")) << 409 << priceLocked
        << field(QStringLiteral("pricing.kind"));
    row("title and rate in SCHEDULED")
        << scheduled << QByteArray("PATCH") << patch
        << QByteArray("{\"changes\":{\"title\":\"Changed\",\"pricing.hourlyRateCents\":9000}}")
        << 409 << priceLocked << field(QStringLiteral("pricing.hourlyRateCents"));
    const QString jobLocked = QStringLiteral("JOB_LOCKED");
    row("title in IN_PROGRESS") << inProgress << QByteArray("PATCH") << patch
                                << patchBody(QStringLiteral("title"), QStringLiteral("Changed"))
                                << 409 << jobLocked << QJsonObject{};
    row("details in IN_PROGRESS") << inProgress << QByteArray("PATCH") << patch
                                  << patchBody(QStringLiteral("details"), QStringLiteral("More"))
                                  << 409 << jobLocked << QJsonObject{};
    row("schedule in IN_PROGRESS")
        << inProgress << QByteArray("POST") << schedule << scheduleBody(date, zone, window) << 409
        << jobLocked << QJsonObject{};

    // Illegal moves.
    const QString invalidTransition = QStringLiteral("INVALID_TRANSITION");
    auto fromTo = [](const char *from, const char *to) {
        return QJsonObject{{QStringLiteral("from"), QLatin1String(from)},
                           {QStringLiteral("to"), QLatin1String(to)}};
    };
    row("OPEN to PAID") << open << QByteArray("POST") << transition
                        << transitionBody(QStringLiteral("PAID")) << 409 << invalidTransition
                        << fromTo("OPEN", "PAID");
    row("OPEN to IN_PROGRESS") << open << QByteArray("POST") << transition
                               << transitionBody(QStringLiteral("IN_PROGRESS")) << 409
                               << invalidTransition << fromTo("OPEN", "IN_PROGRESS");
    row("OPEN to SCHEDULED by transition")
        << open << QByteArray("POST") << transition << transitionBody(QStringLiteral("SCHEDULED"))
        << 409 << invalidTransition << fromTo("OPEN", "SCHEDULED");
    row("SCHEDULED to OPEN by transition")
        << scheduled << QByteArray("POST") << transition << transitionBody(QStringLiteral("OPEN"))
        << 409 << invalidTransition << fromTo("SCHEDULED", "OPEN");
    row("SCHEDULED to PAID") << scheduled << QByteArray("POST") << transition
                             << transitionBody(QStringLiteral("PAID")) << 409 << invalidTransition
                             << fromTo("SCHEDULED", "PAID");
    row("IN_PROGRESS to CANCELLED") << inProgress << QByteArray("POST") << transition
                                    << transitionBody(QStringLiteral("CANCELLED")) << 409
                                    << invalidTransition << fromTo("IN_PROGRESS", "CANCELLED");
    row("transition unknown member") << open << QByteArray("POST") << transition
                                     << QByteArray("{\"to\":\"CANCELLED\",\"urgent\":true}") << 400
                                     << badRequest << QJsonObject{};
}

void TestValidation::refusedWriteChangesNothing()
{
    QFETCH(QString, jobStatus);
    QFETCH(QByteArray, method);
    QFETCH(QString, route);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QJsonObject, details);

    QString id;
    QVERIFY(makeJob(jobStatus, &id));
    const Snapshot before = snapshot(id);
    QVERIFY(before.historyRows > 0);
    QVERIFY(!before.etag.isEmpty());

    const HttpResult result =
        m_dispatcher->request(method, jobPath(id) + route, body, {{"If-Match", before.etag}});
    QVERIFY2(result.status == status, result.describe().constData());
    QCOMPARE(result.errorCode(), code);
    QVERIFY2(!result.errorObject().value(QLatin1String("message")).toString().isEmpty(),
             result.describe().constData());
    const QJsonObject error = result.errorObject();
    for (auto it = details.begin(); it != details.end(); ++it)
        QCOMPARE(error.value(it.key()), it.value());

    const Snapshot after = snapshot(id);
    QCOMPARE(after.etag, before.etag);
    QCOMPARE(after.job, before.job);
    QCOMPARE(after.historyRows, before.historyRows);
}

void TestValidation::refusedCreate_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    QTest::newRow("no title") << QByteArray("{\"fields\":{\"details\":\"Leaking tap\"}}")
                              << QStringLiteral("INVALID_VALUE") << QStringLiteral("title");
    QTest::newRow("unknown field key")
        << QByteArray("{\"fields\":{\"title\":\"Tap\",\"priority\":\"high\"}}")
        << QStringLiteral("INVALID_FIELD_KEY") << QStringLiteral("priority");
    QTest::newRow("wrong type") << QByteArray("{\"fields\":{\"title\":\"Tap\",\"geo\":[1,2]}}")
                                << QStringLiteral("INVALID_VALUE") << QStringLiteral("geo");
    QTest::newRow("unknown top-level member")
        << QByteArray("{\"fields\":{\"title\":\"Tap\"},\"status\":\"PAID\"}")
        << QStringLiteral("BAD_REQUEST") << QString();
    QTest::newRow("fields not an object")
        << QByteArray("{\"fields\":[\"title\"]}") << QStringLiteral("BAD_REQUEST") << QString();
    QTest::newRow("array document")
        << QByteArray("[]") << QStringLiteral("BAD_REQUEST") << QString();
    QTest::newRow("malformed") << QByteArray("{\"fields\":") << QStringLiteral("BAD_REQUEST")
                               << QString();
}

void TestValidation::refusedCreate()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);

    const HttpResult before = m_dispatcher->get(QStringLiteral("/jobs"));
    QCOMPARE(before.status, 200);
    const HttpResult result = m_dispatcher->request("POST", QStringLiteral("/jobs"), body);
    QVERIFY2(result.status == 400, result.describe().constData());
    QCOMPARE(result.errorCode(), code);
    if (!field.isEmpty())
        QCOMPARE(result.errorObject().value(QLatin1String("field")).toString(), field);
    // Nothing was created: the collection is as it was.
    const HttpResult after = m_dispatcher->get(QStringLiteral("/jobs"));
    QCOMPARE(after.header("ETag"), before.header("ETag"));
    QCOMPARE(after.json(), before.json());
}

void TestValidation::serverSurvivesHugeNesting()
{
    QString id;
    QVERIFY(makeJob(QStringLiteral("OPEN"), &id));
    const Snapshot before = snapshot(id);
    // 100,000 levels: a recursive parser without a limit would overflow its stack.
    for (const QByteArray &body :
         QList<QByteArray>{nestedPatchBody(100000),
                           QByteArray(QByteArray(100000, '[') + QByteArray(100000, ']'))}) {
        const HttpResult result =
            m_dispatcher->request("PATCH", jobPath(id), body, {{"If-Match", before.etag}});
        QVERIFY2(result.status == 400, result.describe().constData());
        QCOMPARE(result.errorCode(), QStringLiteral("BAD_REQUEST"));
    }
    HttpTestClient root(m_server.baseUrl());
    QCOMPARE(root.get(QStringLiteral("/healthz")).status, 200);
    const Snapshot after = snapshot(id);
    QCOMPARE(after.etag, before.etag);
    QCOMPARE(after.job, before.job);
}

void TestValidation::allowedEditsByStatus()
{
    // The positive side of the edit rules: what PRICE_LOCKED and JOB_LOCKED leave allowed.
    QString id;
    QVERIFY(makeJob(QStringLiteral("SCHEDULED"), &id));
    Snapshot shot = snapshot(id);
    const HttpResult title = m_dispatcher->patchJson(
        jobPath(id),
        QJsonObject{{QStringLiteral("changes"),
                     QJsonObject{{QStringLiteral("title"), QStringLiteral("Renamed")}}}},
        {{"If-Match", shot.etag}});
    QVERIFY2(title.status == 200, title.describe().constData());
    QCOMPARE(title.json().value(QLatin1String("version")).toInteger(),
             shot.job.value(QLatin1String("version")).toInteger() + 1);

    QVERIFY(makeJob(QStringLiteral("IN_PROGRESS"), &id));
    shot = snapshot(id);
    const HttpResult note = m_dispatcher->postJson(
        jobPath(id) + QStringLiteral("/notes"),
        QJsonObject{{QStringLiteral("text"), QStringLiteral("Customer called, running late")}},
        {{"If-Match", shot.etag}});
    QVERIFY2(note.status == 200, note.describe().constData());
    QCOMPARE(note.json().value(QLatin1String("version")).toInteger(),
             shot.job.value(QLatin1String("version")).toInteger() + 1);
    QCOMPARE(note.json().value(QLatin1String("fields")), shot.job.value(QLatin1String("fields")));
}

void TestValidation::scheduleConversion_data()
{
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("timezone");
    QTest::addColumn<QString>("window");
    QTest::addColumn<QString>("dueAt");

    auto row = [](const char *name, const char *date, const char *zone, const char *window,
                  const char *dueAt) {
        QTest::newRow(name) << QString::fromLatin1(date) << QString::fromLatin1(zone)
                            << QString::fromLatin1(window) << QString::fromLatin1(dueAt);
    };
    row("protocol example", "2026-01-15", "America/Chicago", "12:00-15:00", "2026-01-15T18:00:00Z");
    row("Chicago summer", "2026-07-15", "America/Chicago", "12:00-15:00", "2026-07-15T17:00:00Z");
    row("Berlin winter", "2026-01-15", "Europe/Berlin", "09:00-11:00", "2026-01-15T08:00:00Z");
    row("Berlin summer", "2026-07-15", "Europe/Berlin", "09:00-11:00", "2026-07-15T07:00:00Z");
    row("Kolkata half hour", "2026-01-15", "Asia/Kolkata", "10:30-12:00", "2026-01-15T05:00:00Z");
    row("Kathmandu quarter hour", "2026-01-15", "Asia/Kathmandu", "12:00-14:00",
        "2026-01-15T06:15:00Z");
    row("Los Angeles, next UTC day", "2026-01-15", "America/Los_Angeles", "20:00-22:00",
        "2026-01-16T04:00:00Z");
    row("Auckland, previous UTC day", "2026-01-15", "Pacific/Auckland", "08:00-10:00",
        "2026-01-14T19:00:00Z");
    row("UTC", "2026-01-15", "Etc/UTC", "00:00-01:00", "2026-01-15T00:00:00Z");
    // 2026-03-08: Chicago springs forward at 02:00 CST to 03:00 CDT.
    row("Chicago DST day, before the gap", "2026-03-08", "America/Chicago", "01:00-04:00",
        "2026-03-08T07:00:00Z");
    row("Chicago DST day, after the gap", "2026-03-08", "America/Chicago", "03:00-05:00",
        "2026-03-08T08:00:00Z");
    // A start that does not exist moves forward by the gap: 02:30 becomes 03:30 CDT.
    row("Chicago DST gap", "2026-03-08", "America/Chicago", "02:30-04:00", "2026-03-08T08:30:00Z");
    // 2026-03-29: Berlin springs forward at 02:00 CET to 03:00 CEST; 02:30 becomes 03:30 CEST.
    row("Berlin DST gap", "2026-03-29", "Europe/Berlin", "02:30-04:00", "2026-03-29T01:30:00Z");
}

void TestValidation::scheduleConversion()
{
    QFETCH(QString, date);
    QFETCH(QString, timezone);
    QFETCH(QString, window);
    QFETCH(QString, dueAt);

    QString id;
    QVERIFY(makeJob(QStringLiteral("OPEN"), &id));
    const Snapshot before = snapshot(id);
    const HttpResult result =
        m_dispatcher->request("POST", jobPath(id) + QStringLiteral("/schedule"),
                              scheduleBody(date, timezone, window), {{"If-Match", before.etag}});
    QVERIFY2(result.status == 200, result.describe().constData());
    const QJsonObject job = result.json();
    QCOMPARE(job.value(QLatin1String("dueAt")).toString(), dueAt);
    const QJsonObject expectedSchedule{{QStringLiteral("date"), date},
                                       {QStringLiteral("timezone"), timezone},
                                       {QStringLiteral("window"), window}};
    QCOMPARE(job.value(QLatin1String("schedule")).toObject(), expectedSchedule);
    QCOMPARE(job.value(QLatin1String("version")).toInteger(),
             before.job.value(QLatin1String("version")).toInteger() + 1);
    QVERIFY(result.header("ETag") != before.etag);

    const HttpResult fresh = m_dispatcher->get(jobPath(id));
    QCOMPARE(fresh.json(), job);
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
