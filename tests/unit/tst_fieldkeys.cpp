#include "fieldkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace dispatch;

namespace {

QJsonValue json(const char *text)
{
    // Wrap so scalars parse too.
    const QByteArray doc = QByteArray("[") + text + "]";
    return QJsonDocument::fromJson(doc).array().at(0);
}

} // namespace

class TestFieldKeys final : public QObject {
    Q_OBJECT

private slots:
    void canonicalKeys();
    void values_data();
    void values();
    void changesStopAtFirstBadKey();
    void emptyFieldsHoldEveryKey();
    void draftOnlySchedule();
};

void TestFieldKeys::canonicalKeys()
{
    QCOMPARE(canonicalFieldKeys().size(), 13);
    QVERIFY(isCanonicalFieldKey(u"customer.email"));
    QVERIFY(isCanonicalFieldKey(u"pricing.hourlyRateCents"));
    QVERIFY(!isCanonicalFieldKey(u"customer"));
    QVERIFY(!isCanonicalFieldKey(u"Title"));
    QVERIFY(!isCanonicalFieldKey(u"status"));
    for (const QString &key : canonicalFieldKeys())
        QVERIFY(!fieldLabel(key).isEmpty());
}

void TestFieldKeys::values_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QJsonValue>("normalized");

    const auto row = [](const char *name, const char *key, const char *value, bool ok,
                        const char *normalized) {
        QTest::newRow(name) << QString::fromLatin1(key) << json(value) << ok
                            << (normalized ? json(normalized) : QJsonValue());
    };
    row("title plain", "title", "\"Fix the sink\"", true, "\"Fix the sink\"");
    row("title trimmed", "title", "\"  Fix  \"", true, "\"Fix\"");
    row("title empty", "title", "\"   \"", false, nullptr);
    row("title null", "title", "null", false, nullptr);
    row("title number", "title", "42", false, nullptr);
    row("details text", "details", "\"Gate code 1234\"", true, "\"Gate code 1234\"");
    row("details empty becomes null", "details", "\"\"", true, "null");
    row("details null", "details", "null", true, "null");
    row("details object", "details", "{}", false, nullptr);
    row("phone ok", "customer.phone", "\"+1 (512) 555-0100\"", true, "\"+1 (512) 555-0100\"");
    row("phone letters", "customer.phone", "\"call me\"", false, nullptr);
    row("email ok", "customer.email", "\"ann@example.com\"", true, "\"ann@example.com\"");
    row("email no at", "customer.email", "\"ann.example.com\"", false, nullptr);
    row("geo ok", "geo", "{\"lat\":30.27,\"lng\":-97.74}", true, "{\"lat\":30.27,\"lng\":-97.74}");
    row("geo null", "geo", "null", true, "null");
    row("geo lat out of range", "geo", "{\"lat\":91,\"lng\":0}", false, nullptr);
    row("geo string lat", "geo", "{\"lat\":\"30\",\"lng\":0}", false, nullptr);
    row("geo extra member", "geo", "{\"lat\":1,\"lng\":2,\"alt\":3}", false, nullptr);
    row("geo array", "geo", "[1,2]", false, nullptr);
    row("country ok", "countryCode", "\"US\"", true, "\"US\"");
    row("country lower", "countryCode", "\"us\"", false, nullptr);
    row("country long", "countryCode", "\"USA\"", false, nullptr);
    row("state ok", "stateCode", "\"TX\"", true, "\"TX\"");
    row("kind flat", "pricing.kind", "\"flat\"", true, "\"flat\"");
    row("kind other", "pricing.kind", "\"daily\"", false, nullptr);
    row("amount ok", "pricing.amountCents", "12500", true, "12500");
    row("amount null", "pricing.amountCents", "null", true, "null");
    row("amount fraction", "pricing.amountCents", "12.5", false, nullptr);
    row("amount negative", "pricing.amountCents", "-1", false, nullptr);
    row("amount string", "pricing.amountCents", "\"125\"", false, nullptr);
    row("amount huge", "pricing.amountCents", "1e12", false, nullptr);
    row("rate ok", "pricing.hourlyRateCents", "9000", true, "9000");
    row("order id", "orderId", "\"ORD-1001\"", true, "\"ORD-1001\"");
}

void TestFieldKeys::values()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(bool, ok);
    QFETCH(QJsonValue, normalized);

    const FieldCheck check = checkFieldValue(key, value);
    QCOMPARE(check.ok(), ok);
    if (ok) {
        QCOMPARE(check.normalized, normalized);
    } else {
        QCOMPARE(check.error, FieldCheck::Error::InvalidValue);
        QVERIFY(!check.reason.isEmpty());
    }
}

void TestFieldKeys::changesStopAtFirstBadKey()
{
    QString field;
    FieldCheck check =
        checkFieldChanges(QJsonObject{{QStringLiteral("title"), QStringLiteral("ok")},
                                      {QStringLiteral("colour"), QStringLiteral("red")}},
                          &field);
    QCOMPARE(check.error, FieldCheck::Error::UnknownKey);
    QCOMPARE(field, QStringLiteral("colour"));

    check = checkFieldChanges(QJsonObject{{QStringLiteral("pricing.amountCents"), -5}}, &field);
    QCOMPARE(check.error, FieldCheck::Error::InvalidValue);
    QCOMPARE(field, QStringLiteral("pricing.amountCents"));

    QVERIFY(checkFieldChanges(QJsonObject{{QStringLiteral("title"), QStringLiteral("x")}}, &field)
                .ok());
}

void TestFieldKeys::emptyFieldsHoldEveryKey()
{
    const QJsonObject fields = emptyJobFields();
    QCOMPARE(fields.size(), canonicalFieldKeys().size());
    for (auto it = fields.begin(); it != fields.end(); ++it)
        QVERIFY(it.value().isNull());
}

void TestFieldKeys::draftOnlySchedule()
{
    // A draft's When: accepted by a draft, never a job field (PATCH /jobs refuses it).
    QVERIFY(isDraftOnlyKey(u"schedule"));
    QVERIFY(isDraftFieldKey(u"schedule"));
    QVERIFY(isDraftFieldKey(u"title"));
    QVERIFY(!isDraftFieldKey(u"when"));
    QVERIFY(!isCanonicalFieldKey(u"schedule"));
    QVERIFY(!canonicalFieldKeys().contains(QStringLiteral("schedule")));
    QCOMPARE(checkFieldValue(u"schedule", json("null")).error, FieldCheck::Error::UnknownKey);
    QCOMPARE(englishFieldLabel(u"schedule"), QStringLiteral("When"));

    QVERIFY(checkDraftFieldValue(u"schedule", json("null")).ok());
    QVERIFY(checkDraftFieldValue(u"schedule", json("null")).normalized.isNull());
    const FieldCheck good = checkDraftFieldValue(
        u"schedule",
        json(R"({"window":"12:00-15:00","date":"2026-01-15","timezone":"America/Chicago"})"));
    QVERIFY(good.ok());
    QCOMPARE(good.normalized.toObject().value(QStringLiteral("timezone")).toString(),
             QStringLiteral("America/Chicago"));
    const FieldCheck zone = checkDraftFieldValue(
        u"schedule", json(R"({"window":"12:00-15:00","date":"2026-01-15","timezone":"Mars/X"})"));
    QCOMPARE(zone.error, FieldCheck::Error::InvalidValue);
    QCOMPARE(zone.reason,
             QStringLiteral("is not valid: its timezone \"Mars/X\" is not a known IANA time zone"));
    for (const char *bad :
         {R"({"window":"15:00-12:00","date":"2026-01-15","timezone":"UTC"})",
          R"({"window":"12:00-15:00","date":"2026-13-01","timezone":"UTC"})",
          R"({"window":"12:00-15:00","date":"2026-01-15"})",
          R"({"window":"12:00-15:00","date":"2026-01-15","timezone":"UTC","x":1})",
          R"("2026-01-15")"}) {
        QCOMPARE(checkDraftFieldValue(u"schedule", json(bad)).error,
                 FieldCheck::Error::InvalidValue);
    }
    // Every other key: the job's rule.
    QCOMPARE(checkDraftFieldValue(u"customer.email", json(R"("x")")).error,
             FieldCheck::Error::InvalidValue);
    QCOMPARE(checkDraftFieldValue(u"colour", json(R"("red")")).error,
             FieldCheck::Error::UnknownKey);
}

QTEST_APPLESS_MAIN(TestFieldKeys)
#include "tst_fieldkeys.moc"
