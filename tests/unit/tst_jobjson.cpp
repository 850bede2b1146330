#include "fieldkeys.h"
#include "job.h"

#include <QJsonDocument>
#include <QTest>

using namespace dispatch;

class TestJobJson final : public QObject {
    Q_OBJECT

private slots:
    void roundTrip();
    void nullsOnTheWire();
    void rejectsBadShapes_data();
    void rejectsBadShapes();
};

void TestJobJson::roundTrip()
{
    Job job;
    job.id = QStringLiteral("j42");
    job.version = 7;
    job.status = JobStatus::Scheduled;
    job.assignedTo = QStringLiteral("u9");
    job.dueAt = QDateTime(QDate(2026, 1, 15), QTime(18, 0), Qt::UTC);
    job.schedule = JobSchedule{QStringLiteral("2026-01-15"), QStringLiteral("America/Chicago"),
                               QStringLiteral("12:00-15:00")};
    job.createdAt = QDateTime(QDate(2026, 1, 1), QTime(9, 30), Qt::UTC);
    job.updatedAt = QDateTime(QDate(2026, 1, 2), QTime(10, 0), Qt::UTC);
    job.updatedBy = QStringLiteral("u2");
    job.fields = emptyJobFields();
    job.fields.insert(QStringLiteral("title"), QStringLiteral("Leaking tap"));
    job.codes = JobCodes{QStringLiteral("123456"), QStringLiteral("654321")};

    const QJsonObject wire = toJson(job);
    QCOMPARE(wire.value(QLatin1String("dueAt")).toString(), QStringLiteral("2026-01-15T18:00:00Z"));
    QCOMPARE(wire.value(QLatin1String("status")).toString(), QStringLiteral("SCHEDULED"));
    const auto back = jobFromJson(wire);
    QVERIFY(back.has_value());
    QCOMPARE(*back, job);
}

void TestJobJson::nullsOnTheWire()
{
    Job job;
    job.id = QStringLiteral("j1");
    job.version = 1;
    job.fields = emptyJobFields();
    const QJsonObject wire = toJson(job);
    QVERIFY(wire.value(QLatin1String("assignedTo")).isNull());
    QVERIFY(wire.value(QLatin1String("dueAt")).isNull());
    QVERIFY(wire.value(QLatin1String("schedule")).isNull());
    QVERIFY(!wire.contains(QLatin1String("codes")));
    QVERIFY(
        wire.value(QLatin1String("fields")).toObject().value(QLatin1String("details")).isNull());
}

void TestJobJson::rejectsBadShapes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no id") << QByteArray(R"({"version":1,"status":"OPEN","fields":{}})");
    QTest::newRow("numeric id") << QByteArray(
        R"({"id":5,"version":1,"status":"OPEN","fields":{}})");
    QTest::newRow("bad status") << QByteArray(
        R"({"id":"a","version":1,"status":"NOPE","fields":{}})");
    QTest::newRow("string version")
        << QByteArray(R"({"id":"a","version":"1","status":"OPEN","fields":{}})");
    QTest::newRow("fields array") << QByteArray(
        R"({"id":"a","version":1,"status":"OPEN","fields":[]})");
    QTest::newRow("schedule string")
        << QByteArray(R"({"id":"a","version":1,"status":"OPEN","fields":{},"schedule":"x"})");
}

void TestJobJson::rejectsBadShapes()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(!jobFromJson(QJsonDocument::fromJson(json).object(), &error).has_value());
    QVERIFY(!error.isEmpty());
}

QTEST_APPLESS_MAIN(TestJobJson)
#include "tst_jobjson.moc"
