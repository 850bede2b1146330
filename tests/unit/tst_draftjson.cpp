// The console's Draft value (models/draft.h): its JSON both ways as docs/openapi.yaml `Draft`
// describes it, and what a malformed draft is refused for.
#include <draft.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace dispatch;
using namespace Qt::StringLiterals;

class TestDraftJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryField()
    {
        Draft draft;
        draft.id = u"d_1"_s;
        draft.version = 4;
        draft.published = true;
        draft.fields = QJsonObject{{u"title"_s, u"Fix the sink"_s},
                                   {u"geo"_s, QJsonObject{{u"lat"_s, 30.27},
                                                          {u"lng"_s, -97.74},
                                                          {u"countryCode"_s, u"US"_s},
                                                          {u"stateCode"_s, u"TX"_s}}}};
        draft.locked = {u"US"_s, u"TX"_s};
        draft.createdAt = QDateTime(QDate(2026, 11, 30), QTime(6, 0), Qt::UTC);
        draft.updatedAt = QDateTime(QDate(2026, 11, 30), QTime(7, 5, 9), Qt::UTC);
        draft.jobId = u"j_9"_s;
        const QJsonObject json = toJson(draft);
        QCOMPARE(json[u"status"_s].toString(), u"PUBLISHED"_s);
        QCOMPARE(json[u"updatedAt"_s].toString(), u"2026-11-30T07:05:09Z"_s);
        QCOMPARE(json[u"locked"_s][u"stateCode"_s].toString(), u"TX"_s);
        const auto back = draftFromJson(json);
        QVERIFY(back);
        QCOMPARE(*back, draft);
    }

    void aNewDraftFromTheServer()
    {
        // As POST /drafts answers: version 1, no fields yet, jobId null.
        const QJsonObject created{
            {u"id"_s, u"d_2"_s},
            {u"version"_s, 1},
            {u"status"_s, u"DRAFT"_s},
            {u"fields"_s, QJsonObject()},
            {u"locked"_s, QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"CA"_s}}},
            {u"jobId"_s, QJsonValue::Null}};
        const auto draft = draftFromJson(created);
        QVERIFY(draft);
        QVERIFY(draft->isValid());
        QVERIFY(!draft->published);
        QVERIFY(draft->jobId.isEmpty());
        QCOMPARE(draft->locked, (Jurisdiction{u"US"_s, u"CA"_s}));
        QVERIFY(!draft->updatedAt.isValid());
    }

    void malformedIsRefusedWithTheReason_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QString>("reason");
        const QJsonObject good{{u"id"_s, u"d"_s}, {u"version"_s, 1}, {u"fields"_s, QJsonObject()}};
        QJsonObject noId = good;
        noId.remove(u"id"_s);
        QJsonObject zeroVersion = good;
        zeroVersion.insert(u"version"_s, 0);
        QJsonObject textVersion = good;
        textVersion.insert(u"version"_s, u"1"_s);
        QJsonObject arrayFields = good;
        arrayFields.insert(u"fields"_s, QJsonArray());
        QTest::newRow("no id") << noId << u"id is missing"_s;
        QTest::newRow("version 0") << zeroVersion << u"version"_s;
        QTest::newRow("version as text") << textVersion << u"version"_s;
        QTest::newRow("fields not an object") << arrayFields << u"fields"_s;
    }

    void malformedIsRefusedWithTheReason()
    {
        QFETCH(QJsonObject, object);
        QFETCH(QString, reason);
        QString why;
        QVERIFY(!draftFromJson(object, &why));
        QVERIFY2(why.startsWith(reason), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestDraftJson)
#include "tst_draftjson.moc"
