#include "threewaymerge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace dispatch;

namespace {

/// Parses one JSON value; nullptr stands for "the key is missing".
QJsonValue json(const char *text)
{
    if (!text)
        return QJsonValue(QJsonValue::Undefined);
    const QByteArray doc = QByteArray("[") + text + "]";
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(doc, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test table: %s", text);
    return parsed.array().at(0);
}

/// An object holding `value` under `key`, or not holding the key when the value is missing.
QJsonObject with(const QString &key, const QJsonValue &value)
{
    QJsonObject object{{QStringLiteral("orderId"), QStringLiteral("untouched")}};
    if (!value.isUndefined())
        object.insert(key, value);
    return object;
}

QJsonObject parseObject(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString compact(const QJsonValue &value)
{
    QJsonArray wrap{value};
    return QString::fromUtf8(QJsonDocument(wrap).toJson(QJsonDocument::Compact));
}

/// theirs with `changes` applied, the way dispatchd applies a PATCH.
QJsonObject applied(QJsonObject theirs, const QJsonObject &changes)
{
    for (auto it = changes.begin(); it != changes.end(); ++it)
        theirs.insert(it.key(), it.value());
    return theirs;
}

bool sameObject(const QJsonObject &a, const QJsonObject &b)
{
    return sameFieldValue(QJsonValue(a), QJsonValue(b));
}

enum class Outcome { Unchanged, Reapplied, Taken, SameChange, Conflict };

} // namespace

Q_DECLARE_METATYPE(Outcome)

class TestThreeWayMerge final : public QObject {
    Q_OBJECT

private slots:
    void equality_data();
    void equality();
    void singleField_data();
    void singleField();
    void manyFields();
    void conflictsInCanonicalOrder();
    void emptyObjects();
    void resolve_data();
    void resolve();
};

void TestThreeWayMerge::equality_data()
{
    QTest::addColumn<QJsonValue>("a");
    QTest::addColumn<QJsonValue>("b");
    QTest::addColumn<bool>("equal");

    const auto row = [](const char *name, const char *a, const char *b, bool equal) {
        QTest::newRow(name) << json(a) << json(b) << equal;
    };
    row("missing vs null", nullptr, "null", true);
    row("missing vs missing", nullptr, nullptr, true);
    row("missing vs empty string", nullptr, "\"\"", false);
    row("null vs false", "null", "false", false);
    row("null vs 0", "null", "0", false);
    row("100 vs 100.0", "100", "100.0", true);
    row("100 vs 1e2", "100", "1e2", true);
    row("100 vs 100.5", "100", "100.5", false);
    row("100 vs \"100\"", "100", "\"100\"", false);
    row("strings equal", "\"Fix the sink\"", "\"Fix the sink\"", true);
    row("strings differ in case", "\"fix\"", "\"Fix\"", false);
    row("strings differ in trailing space", "\"fix\"", "\"fix \"", false);
    row("geo same", R"({"lat":41.5,"lng":-87.25})", R"({"lat":41.5,"lng":-87.25})", true);
    row("geo member order", R"({"lat":41.5,"lng":-87.25})", R"({"lng":-87.25,"lat":41.5})", true);
    row("geo integer vs double", R"({"lat":41,"lng":-87})", R"({"lat":41.0,"lng":-87.0})", true);
    row("geo differs", R"({"lat":41.5,"lng":-87.25})", R"({"lat":41.5,"lng":-87.26})", false);
    row("geo extra null member", R"({"lat":1,"lng":2})", R"({"lat":1,"lng":2,"stateCode":null})",
        true);
    row("geo extra member", R"({"lat":1,"lng":2})", R"({"lat":1,"lng":2,"stateCode":"IL"})", false);
    row("geo vs null", R"({"lat":1,"lng":2})", "null", false);
    row("arrays equal", "[1,2.0]", "[1.0,2]", true);
    row("arrays differ in length", "[1,2]", "[1,2,3]", false);
}

void TestThreeWayMerge::equality()
{
    QFETCH(QJsonValue, a);
    QFETCH(QJsonValue, b);
    QFETCH(bool, equal);
    QCOMPARE(sameFieldValue(a, b), equal);
    QCOMPARE(sameFieldValue(b, a), equal);
}

void TestThreeWayMerge::singleField_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("base");
    QTest::addColumn<QJsonValue>("mine");
    QTest::addColumn<QJsonValue>("theirs");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QJsonValue>("merged"); ///< the key's value in `merged`

    const auto row = [](const char *name, const char *key, const char *base, const char *mine,
                        const char *theirs, Outcome outcome, const char *merged) {
        QTest::newRow(name) << QString::fromLatin1(key) << json(base) << json(mine) << json(theirs)
                            << outcome << json(merged);
    };
    using O = Outcome;

    // Every combination of mine changed/unchanged x theirs changed/unchanged x same/different.
    row("text: nobody changed", "title", "\"A\"", "\"A\"", "\"A\"", O::Unchanged, "\"A\"");
    row("text: only mine", "title", "\"A\"", "\"M\"", "\"A\"", O::Reapplied, "\"M\"");
    row("text: only theirs", "title", "\"A\"", "\"A\"", "\"T\"", O::Taken, "\"T\"");
    row("text: both, same value", "title", "\"A\"", "\"B\"", "\"B\"", O::SameChange, "\"B\"");
    row("text: both, different", "title", "\"A\"", "\"M\"", "\"T\"", O::Conflict, "\"T\"");

    // null and missing are one value.
    row("null: nobody changed (base missing, both null)", "details", nullptr, "null", "null",
        O::Unchanged, "null");
    row("null: base null, mine missing, theirs null", "details", "null", nullptr, "null",
        O::Unchanged, "null");
    row("null: base null, theirs missing", "details", "null", "null", nullptr, O::Unchanged,
        nullptr);
    row("null: only mine sets a value on missing", "details", nullptr, "\"gate 12\"", nullptr,
        O::Reapplied, "\"gate 12\"");
    row("null: only mine clears", "details", "\"gate 12\"", "null", "\"gate 12\"", O::Reapplied,
        "null");
    row("null: only mine removes the key", "details", "\"gate 12\"", nullptr, "\"gate 12\"",
        O::Reapplied, "null");
    row("null: only theirs clears", "details", "\"gate 12\"", "\"gate 12\"", "null", O::Taken,
        "null");
    row("null: only theirs removes the key", "details", "\"gate 12\"", "\"gate 12\"", nullptr,
        O::Taken, nullptr);
    row("null: both clear, one by null one by missing", "details", "\"gate 12\"", "null", nullptr,
        O::SameChange, nullptr);
    row("null: I clear, they edit", "details", "\"gate 12\"", "null", "\"gate 14\"", O::Conflict,
        "\"gate 14\"");
    row("null: both set a value on null, different", "details", "null", "\"a\"", "\"b\"",
        O::Conflict, "\"b\"");

    // Numbers compare by value.
    row("number: 100 vs 100.0 is no change of mine", "pricing.amountCents", "100", "100.0", "100",
        O::Unchanged, "100");
    row("number: 100.0 theirs is no change of theirs", "pricing.amountCents", "100", "100", "100.0",
        O::Unchanged, "100.0");
    row("number: only mine", "pricing.amountCents", "100", "250", "100.0", O::Reapplied, "250");
    row("number: only theirs", "pricing.amountCents", "100", "100.0", "300", O::Taken, "300");
    row("number: both, 250 vs 250.0", "pricing.amountCents", "100", "250", "250.0", O::SameChange,
        "250.0");
    row("number: both, different", "pricing.amountCents", "100", "250", "300", O::Conflict, "300");

    // Nested geo objects compare as values.
    const char *chicago = R"({"lat":41.88,"lng":-87.63})";
    const char *chicagoReordered = R"({"lng":-87.63,"lat":41.88})";
    const char *evanston = R"({"lat":42.05,"lng":-87.68})";
    const char *oakPark = R"({"lat":41.89,"lng":-87.78})";
    row("geo: nobody changed, member order differs", "geo", chicago, chicagoReordered, chicago,
        O::Unchanged, chicago);
    row("geo: only mine", "geo", chicago, evanston, chicagoReordered, O::Reapplied, evanston);
    row("geo: only theirs", "geo", chicago, chicago, oakPark, O::Taken, oakPark);
    row("geo: both, same point", "geo", chicago, evanston, evanston, O::SameChange, evanston);
    row("geo: both, different points", "geo", chicago, evanston, oakPark, O::Conflict, oakPark);
    row("geo: I clear, they move", "geo", chicago, "null", oakPark, O::Conflict, oakPark);
    row("geo: only mine, from null", "geo", "null", evanston, "null", O::Reapplied, evanston);
    row("geo: both set from missing, same point", "geo", nullptr, evanston, evanston, O::SameChange,
        evanston);

    // A key outside the canonical set still merges.
    row("unknown key: only theirs", "legacy", "1", "1", "2", O::Taken, "2");
}

void TestThreeWayMerge::singleField()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, base);
    QFETCH(QJsonValue, mine);
    QFETCH(QJsonValue, theirs);
    QFETCH(Outcome, outcome);
    QFETCH(QJsonValue, merged);

    const QJsonObject theirsObject = with(key, theirs);
    const MergeResult result = mergeFields(with(key, base), with(key, mine), theirsObject);
    const auto orNull = [](const QJsonValue &v) {
        return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
    };

    QCOMPARE(result.hasConflicts(), outcome == Outcome::Conflict);
    QCOMPARE(result.reapplied.contains(key), outcome == Outcome::Reapplied);
    QCOMPARE(result.takenFromTheirs.contains(key), outcome == Outcome::Taken);
    // The untouched field never shows up anywhere.
    QCOMPARE(result.reapplied.size(), outcome == Outcome::Reapplied ? 1 : 0);
    QCOMPARE(result.takenFromTheirs.size(), outcome == Outcome::Taken ? 1 : 0);

    switch (outcome) {
    case Outcome::Reapplied:
        QVERIFY(sameFieldValue(result.reapplied.value(key), mine));
        QVERIFY(!result.reapplied.value(key).isUndefined()); // sent as null, not dropped
        break;
    case Outcome::Taken:
        QVERIFY(sameFieldValue(result.takenFromTheirs.value(key), theirs));
        QVERIFY(!result.takenFromTheirs.value(key).isUndefined());
        break;
    case Outcome::Conflict: {
        QCOMPARE(result.conflicts.size(), 1);
        const MergeConflict &c = result.conflicts.first();
        QCOMPARE(c.field, key);
        QCOMPARE(c.base, orNull(base));
        QCOMPARE(c.mine, orNull(mine));
        QCOMPARE(c.theirs, orNull(theirs));
        break;
    }
    case Outcome::Unchanged:
    case Outcome::SameChange:
        break;
    }

    // merged holds exactly the expected value (by JSON value, missing == null) ...
    QVERIFY2(sameFieldValue(result.merged.value(key), merged),
             qPrintable(compact(result.merged.value(key))));
    QCOMPARE(result.merged.value(QLatin1String("orderId")).toString(), QStringLiteral("untouched"));
    // ... and is theirs with the changes to send applied.
    QCOMPARE(result.changesToSend(), result.reapplied);
    QVERIFY(sameObject(result.merged, applied(theirsObject, result.changesToSend())));
}

void TestThreeWayMerge::manyFields()
{
    const QJsonObject base = parseObject(R"({
        "title": "Fix the sink", "details": null, "orderId": "A-1",
        "customer.name": "Ann", "customer.phone": "555-0100", "address": "1 Main St",
        "geo": {"lat": 41.88, "lng": -87.63}, "pricing.kind": "flat",
        "pricing.amountCents": 12000, "pricing.hourlyRateCents": null })");
    QJsonObject mine = base;
    mine.insert(QStringLiteral("title"), QStringLiteral("Fix the kitchen sink")); // only mine
    mine.insert(QStringLiteral("details"), QStringLiteral("Gate code 1234"));     // conflict
    mine.insert(QStringLiteral("address"), QStringLiteral("1 Main Street"));      // same change
    mine.insert(QStringLiteral("pricing.amountCents"), 12000.0);                  // no change
    QJsonObject theirs = base;
    theirs.insert(QStringLiteral("details"), QStringLiteral("Call first"));
    theirs.insert(QStringLiteral("customer.phone"), QStringLiteral("555-0199")); // only theirs
    theirs.insert(QStringLiteral("address"), QStringLiteral("1 Main Street"));
    theirs.remove(QStringLiteral("pricing.hourlyRateCents")); // null -> missing: no change

    const MergeResult result = mergeFields(base, mine, theirs);

    QCOMPARE(result.reapplied,
             (QJsonObject{{QStringLiteral("title"), QStringLiteral("Fix the kitchen sink")}}));
    QCOMPARE(result.takenFromTheirs,
             (QJsonObject{{QStringLiteral("customer.phone"), QStringLiteral("555-0199")}}));
    QCOMPARE(result.conflicts.size(), 1);
    QCOMPARE(result.conflicts.first(),
             (MergeConflict{QStringLiteral("details"), QJsonValue(QJsonValue::Null),
                            QStringLiteral("Gate code 1234"), QStringLiteral("Call first")}));

    QJsonObject expectedMerged = theirs;
    expectedMerged.insert(QStringLiteral("title"), QStringLiteral("Fix the kitchen sink"));
    QCOMPARE(result.merged, expectedMerged);
}

void TestThreeWayMerge::conflictsInCanonicalOrder()
{
    // Alphabetically: aaa, customer.phone, pricing.amountCents, title, zzz. Canonical order puts
    // title first, then customer.phone, then pricing.amountCents; unknown keys follow by name.
    QJsonObject base;
    QJsonObject mine;
    QJsonObject theirs;
    const QStringList keys{QStringLiteral("zzz"), QStringLiteral("pricing.amountCents"),
                           QStringLiteral("aaa"), QStringLiteral("customer.phone"),
                           QStringLiteral("title")};
    for (const QString &key : keys) {
        base.insert(key, QStringLiteral("base"));
        mine.insert(key, QStringLiteral("mine"));
        theirs.insert(key, QStringLiteral("theirs"));
    }
    const MergeResult result = mergeFields(base, mine, theirs);
    QStringList order;
    for (const MergeConflict &c : result.conflicts)
        order.append(c.field);
    QCOMPARE(order, (QStringList{QStringLiteral("title"), QStringLiteral("customer.phone"),
                                 QStringLiteral("pricing.amountCents"), QStringLiteral("aaa"),
                                 QStringLiteral("zzz")}));
    QVERIFY(result.reapplied.isEmpty());
    QVERIFY(result.takenFromTheirs.isEmpty());
    QCOMPARE(result.merged, theirs);
}

void TestThreeWayMerge::emptyObjects()
{
    const MergeResult result = mergeFields({}, {}, {});
    QVERIFY(result.merged.isEmpty());
    QVERIFY(result.reapplied.isEmpty());
    QVERIFY(result.takenFromTheirs.isEmpty());
    QVERIFY(!result.hasConflicts());
    QVERIFY(resolveConflicts(result, {}).isEmpty());
}

using Choices = QHash<QString, std::pair<ConflictChoice, QJsonValue>>;

void TestThreeWayMerge::resolve_data()
{
    QTest::addColumn<Choices>("choices");
    QTest::addColumn<QJsonObject>("expected");

    // Conflicts on title and details (mine "M", theirs "T"), plus an automatic change of
    // mine on orderId that is always sent.
    const QString title = QStringLiteral("title");
    const QString details = QStringLiteral("details");
    const QString orderId = QStringLiteral("orderId");
    const QJsonObject automatic{{orderId, QStringLiteral("A-2")}};
    const auto plus = [&](std::initializer_list<std::pair<QString, QJsonValue>> more) {
        QJsonObject object = automatic;
        for (const auto &[key, value] : more)
            object.insert(key, value);
        return object;
    };
    const auto choice = [](ConflictChoice c, QJsonValue v = {}) { return std::pair{c, v}; };
    using C = ConflictChoice;

    QTest::newRow("no choices: theirs kept, automatic changes sent") << Choices{} << automatic;
    QTest::newRow("keep mine on both")
        << Choices{{title, choice(C::KeepMine)}, {details, choice(C::KeepMine)}}
        << plus({{title, QStringLiteral("M title")}, {details, QJsonValue(QJsonValue::Null)}});
    QTest::newRow("take theirs on both")
        << Choices{{title, choice(C::TakeTheirs)}, {details, choice(C::TakeTheirs)}} << automatic;
    QTest::newRow("mixed") << Choices{{title, choice(C::KeepMine)},
                                      {details, choice(C::TakeTheirs)}}
                           << plus({{title, QStringLiteral("M title")}});
    QTest::newRow("custom text") << Choices{{title,
                                             choice(C::Custom, QStringLiteral("Both titles"))}}
                                 << plus({{title, QStringLiteral("Both titles")}});
    QTest::newRow("custom equal to theirs sends nothing")
        << Choices{{title, choice(C::Custom, QStringLiteral("T title"))}} << automatic;
    QTest::newRow("custom null clears")
        << Choices{{title, choice(C::Custom, QJsonValue(QJsonValue::Null))}}
        << plus({{title, QJsonValue(QJsonValue::Null)}});
    QTest::newRow("custom missing value clears as null")
        << Choices{{title, choice(C::Custom, QJsonValue(QJsonValue::Undefined))}}
        << plus({{title, QJsonValue(QJsonValue::Null)}});
    QTest::newRow("choice for a non-conflict key is ignored")
        << Choices{{QStringLiteral("address"), choice(C::Custom, QStringLiteral("x"))},
                   {orderId, choice(C::TakeTheirs)}}
        << automatic;
}

void TestThreeWayMerge::resolve()
{
    QFETCH(Choices, choices);
    QFETCH(QJsonObject, expected);

    const QJsonObject base = parseObject(
        R"({"title":"B title","details":"B details","orderId":"A-1","address":"1 Main St"})");
    const QJsonObject mine =
        parseObject(R"({"title":"M title","details":null,"orderId":"A-2","address":"1 Main St"})");
    const QJsonObject theirs = parseObject(
        R"({"title":"T title","details":"T details","orderId":"A-1","address":"1 Main St"})");
    const MergeResult result = mergeFields(base, mine, theirs);
    QCOMPARE(result.conflicts.size(), 2);

    const QJsonObject changes = resolveConflicts(result, choices);
    QCOMPARE(changes, expected);
}

QTEST_APPLESS_MAIN(TestThreeWayMerge)
#include "tst_threewaymerge.moc"
