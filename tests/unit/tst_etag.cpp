#include <etag.h>

#include <QTest>

using dispatch::Etag;
using dispatch::EtagCondition;

/// The one place that parses and compares entity tags (RFC 9110 §8.8.3).
class TestEtag final : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void headerRoundTrip_data();
    void headerRoundTrip();
    void compare_data();
    void compare();
    void ifMatchIsAlwaysStrong();
    void nullTagIsNeverWritten();
    void condition_data();
    void condition();
};

void TestEtag::parse_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("weak");
    QTest::addColumn<QByteArray>("opaque");

    QTest::newRow("strong") << QByteArray(R"("abc")") << true << false << QByteArray("abc");
    QTest::newRow("weak") << QByteArray(R"(W/"abc")") << true << true << QByteArray("abc");
    QTest::newRow("lower-case weak prefix")
        << QByteArray(R"(w/"abc")") << true << true << QByteArray("abc");
    QTest::newRow("surrounding whitespace")
        << QByteArray(" \t\"abc\"  ") << true << false << QByteArray("abc");
    QTest::newRow("unquoted (proxy stripped quotes)")
        << QByteArray("abc-1") << true << false << QByteArray("abc-1");
    QTest::newRow("empty strong tag") << QByteArray(R"("")") << true << false << QByteArray();
    QTest::newRow("empty weak tag") << QByteArray(R"(W/"")") << true << true << QByteArray();
    QTest::newRow("obs-text is allowed")
        << QByteArray("\"\xc3\xa9t\xc3\xa9\"") << true << false << QByteArray("\xc3\xa9t\xc3\xa9");
    QTest::newRow("punctuation") << QByteArray(R"("j-1:v2/x=y")") << true << false
                                 << QByteArray("j-1:v2/x=y");

    QTest::newRow("empty header") << QByteArray() << false << false << QByteArray();
    QTest::newRow("only whitespace") << QByteArray("   ") << false << false << QByteArray();
    QTest::newRow("star is not a tag") << QByteArray("*") << false << false << QByteArray();
    QTest::newRow("weak prefix alone") << QByteArray("W/") << false << false << QByteArray();
    QTest::newRow("unterminated") << QByteArray(R"("abc)") << false << false << QByteArray();
    QTest::newRow("lone quote") << QByteArray(R"(")") << false << false << QByteArray();
    QTest::newRow("quote inside") << QByteArray(R"("a"b")") << false << false << QByteArray();
    QTest::newRow("a list") << QByteArray(R"("a", "b")") << false << false << QByteArray();
    QTest::newRow("unquoted list") << QByteArray("a,b") << false << false << QByteArray();
    QTest::newRow("space inside") << QByteArray(R"("a b")") << false << false << QByteArray();
    QTest::newRow("control character") << QByteArray("\"a\x01\"") << false << false << QByteArray();
}

void TestEtag::parse()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);
    QFETCH(bool, weak);
    QFETCH(QByteArray, opaque);

    const Etag tag = Etag::fromHeader(header);
    QCOMPARE(!tag.isNull(), valid);
    QCOMPARE(tag.isWeak(), weak);
    QCOMPARE(tag.opaque(), opaque);
}

void TestEtag::headerRoundTrip_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("written");

    QTest::newRow("strong") << QByteArray(R"("v7")") << QByteArray(R"("v7")");
    QTest::newRow("weak") << QByteArray(R"(W/"v7")") << QByteArray(R"(W/"v7")");
    QTest::newRow("lower-case weak is written canonically")
        << QByteArray(R"(w/"v7")") << QByteArray(R"(W/"v7")");
    QTest::newRow("unquoted gains its quotes") << QByteArray("v7") << QByteArray(R"("v7")");
    QTest::newRow("empty") << QByteArray(R"("")") << QByteArray(R"("")");
}

void TestEtag::headerRoundTrip()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, written);
    const Etag tag = Etag::fromHeader(header);
    QCOMPARE(tag.toHeader(), written);
    QCOMPARE(Etag::fromHeader(tag.toHeader()), tag);
}

// The table of RFC 9110 §8.8.3.2, plus null tags, which equal nothing.
void TestEtag::compare_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("strong");
    QTest::addColumn<bool>("weak");
    QTest::addColumn<bool>("identical");

    QTest::newRow("W/1 W/1") << QByteArray(R"(W/"1")") << QByteArray(R"(W/"1")") << false << true
                             << true;
    QTest::newRow("W/1 W/2") << QByteArray(R"(W/"1")") << QByteArray(R"(W/"2")") << false << false
                             << false;
    QTest::newRow("W/1 1") << QByteArray(R"(W/"1")") << QByteArray(R"("1")") << false << true
                           << false;
    QTest::newRow("1 1") << QByteArray(R"("1")") << QByteArray(R"("1")") << true << true << true;
    QTest::newRow("1 2") << QByteArray(R"("1")") << QByteArray(R"("2")") << false << false << false;
    QTest::newRow("case matters") << QByteArray(R"("a")") << QByteArray(R"("A")") << false << false
                                  << false;
    QTest::newRow("quoted and unquoted are one tag")
        << QByteArray(R"("1")") << QByteArray("1") << true << true << true;
    QTest::newRow("null and strong")
        << QByteArray() << QByteArray(R"("1")") << false << false << false;
    QTest::newRow("null and null") << QByteArray() << QByteArray() << false << false << true;
}

void TestEtag::compare()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, strong);
    QFETCH(bool, weak);
    QFETCH(bool, identical);

    const Etag x = Etag::fromHeader(a);
    const Etag y = Etag::fromHeader(b);
    QCOMPARE(x.strongEquals(y), strong);
    QCOMPARE(y.strongEquals(x), strong);
    QCOMPARE(x.weakEquals(y), weak);
    QCOMPARE(y.weakEquals(x), weak);
    QCOMPARE(x == y, identical);
}

void TestEtag::ifMatchIsAlwaysStrong()
{
    // A proxy that weakened the server's tag must not turn every write into a 412.
    QCOMPARE(Etag::fromHeader(R"(W/"v3")").toIfMatchHeader(), QByteArray(R"("v3")"));
    QCOMPARE(Etag::fromHeader(R"("v3")").toIfMatchHeader(), QByteArray(R"("v3")"));
    QCOMPARE(Etag::weak("v3").toHeader(), QByteArray(R"(W/"v3")"));
    QCOMPARE(Etag::strong("v3").toHeader(), QByteArray(R"("v3")"));
}

void TestEtag::nullTagIsNeverWritten()
{
    const Etag null;
    QVERIFY(null.isNull());
    QVERIFY(null.toHeader().isEmpty());
    QVERIFY(null.toIfMatchHeader().isEmpty());
    QVERIFY(Etag::strong("a\"b").isNull());
    QVERIFY(Etag::weak("a b").isNull());
}

void TestEtag::condition_data()
{
    // If-Match compares strongly, If-None-Match weakly (RFC 9110 §13.1.1, §13.1.2); both the
    // server's preconditions and its 304s go through EtagCondition.
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<QByteArray>("current");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("strong");
    QTest::addColumn<bool>("weak");
    const QByteArray job = R"("j1.3")";
    QTest::newRow("absent") << QList<QByteArray>{} << job << false << false << false;
    QTest::newRow("same tag") << QList<QByteArray>{job} << job << true << true << true;
    QTest::newRow("weak form") << QList<QByteArray>{R"(W/"j1.3")"} << job << true << false << true;
    QTest::newRow("older version")
        << QList<QByteArray>{R"("j1.2")"} << job << true << false << false;
    QTest::newRow("another job") << QList<QByteArray>{R"("j2.3")"} << job << true << false << false;
    QTest::newRow("star") << QList<QByteArray>{"*"} << job << true << true << true;
    QTest::newRow("list") << QList<QByteArray>{R"("a", "j1.3" ,"b")"} << job << true << true
                          << true;
    QTest::newRow("repeated headers")
        << QList<QByteArray>{R"("a")", R"(W/"j1.3")"} << job << true << false << true;
    QTest::newRow("malformed member")
        << QList<QByteArray>{R"("unterminated, "j1.3)"} << job << true << false << false;
    QTest::newRow("empty value") << QList<QByteArray>{""} << job << true << false << false;
}

void TestEtag::condition()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(QByteArray, current);
    QFETCH(bool, present);
    QFETCH(bool, strong);
    QFETCH(bool, weak);
    const EtagCondition condition = EtagCondition::parse(headers);
    const Etag tag = Etag::fromHeader(current);
    QCOMPARE(condition.isPresent(), present);
    QCOMPARE(condition.matchesStrongly(tag), strong);
    QCOMPARE(condition.matchesWeakly(tag), weak);
}

QTEST_GUILESS_MAIN(TestEtag)
#include "tst_etag.moc"
