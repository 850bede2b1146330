#include <worddiff.h>
#include <worddiffhtml.h>

#include <QRandomGenerator>
#include <QTest>

using namespace dispatch;

namespace {

using Segments = QList<DiffSegment>;

DiffSegment eq(const QString &text)
{
    return {DiffSegment::Equal, text};
}
DiffSegment del(const QString &text)
{
    return {DiffSegment::Removed, text};
}
DiffSegment ins(const QString &text)
{
    return {DiffSegment::Added, text};
}

QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QString describe(const Segments &segments)
{
    QString out;
    for (const DiffSegment &s : segments) {
        const char *kind = s.kind == DiffSegment::Equal     ? "="
                           : s.kind == DiffSegment::Removed ? "-"
                                                            : "+";
        out += QLatin1String(kind) + u'[' + s.text + QLatin1String("] ");
    }
    return out;
}

QString words(const char *prefix, int count)
{
    QStringList list;
    for (int i = 0; i < count; ++i)
        list.append(QLatin1String(prefix) + QString::number(i));
    return list.join(u' ');
}

/// Random text from a small vocabulary, so the two sides share many tokens in many places.
QString randomText(QRandomGenerator &rng, int tokens)
{
    static const QStringList vocabulary{
        u("the"), u("sink"), u("gate"), u("code"), u("1234"), u("call"),     u("first"), u(","),
        u("."),   u(" "),    u(" "),    u("\n"),   u("café"), u("👍🏽"), u("猫"),    u("-")};
    QString text;
    for (int i = 0; i < tokens; ++i)
        text += vocabulary.at(rng.bounded(int(vocabulary.size())));
    return text;
}

} // namespace

class TestWordDiff final : public QObject {
    Q_OBJECT

private slots:
    void exact_data();
    void exact();
    void reconstructs_data();
    void reconstructs();
    void largeInputFallsBack();
    void largestTableStillAligns();
    void html_data();
    void html();
};

void TestWordDiff::exact_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<Segments>("expected");

    QTest::newRow("both empty") << QString() << QString() << Segments{};
    QTest::newRow("from empty") << QString() << u("Gate code") << Segments{ins(u("Gate code"))};
    QTest::newRow("to empty") << u("Gate code") << QString() << Segments{del(u("Gate code"))};
    QTest::newRow("identical") << u("Fix the sink") << u("Fix the sink")
                               << Segments{eq(u("Fix the sink"))};
    QTest::newRow("word inserted")
        << u("Fix the sink") << u("Fix the kitchen sink")
        << Segments{eq(u("Fix the ")), ins(u("kitchen ")), eq(u("sink"))};
    QTest::newRow("word removed") << u("Fix the kitchen sink") << u("Fix the sink")
                                  << Segments{eq(u("Fix the ")), del(u("kitchen ")), eq(u("sink"))};
    QTest::newRow("word replaced: removed before added")
        << u("Call before noon") << u("Call after noon")
        << Segments{eq(u("Call ")), del(u("before")), ins(u("after")), eq(u(" noon"))};
    QTest::newRow("whole words, not characters")
        << u("install") << u("reinstall") << Segments{del(u("install")), ins(u("reinstall"))};
    QTest::newRow("punctuation is its own token")
        << u("Call before 5pm.") << u("Call after 5pm!")
        << Segments{eq(u("Call ")), del(u("before")), ins(u("after")),
                    eq(u(" 5pm")),  del(u(".")),      ins(u("!"))};
    QTest::newRow("space between two changes folds into one replacement")
        << u("a b") << u("c d") << Segments{del(u("a b")), ins(u("c d"))};
    // Whitespace folds into a change only between two changes: at the start or end of a text
    // there is no change on its other side, so it stays unchanged.
    QTest::newRow("trailing newline after a change stays unchanged")
        << u("fix sink\n") << u("fix tap\n")
        << Segments{eq(u("fix ")), del(u("sink")), ins(u("tap")), eq(u("\n"))};
    QTest::newRow("trailing newline after the only word stays unchanged")
        << u("sink\n") << u("tap\n") << Segments{del(u("sink")), ins(u("tap")), eq(u("\n"))};
    QTest::newRow("leading space before a change stays unchanged")
        << u(" sink") << u(" tap") << Segments{eq(u(" ")), del(u("sink")), ins(u("tap"))};
    QTest::newRow("leading and trailing whitespace around a change stay unchanged")
        << u(" sink fix\n") << u(" tap fix\n")
        << Segments{eq(u(" ")), del(u("sink")), ins(u("tap")), eq(u(" fix\n"))};
    QTest::newRow("edge whitespace stays unchanged, inner whitespace folds")
        << u(" a b\n") << u(" c d\n")
        << Segments{eq(u(" ")), del(u("a b")), ins(u("c d")), eq(u("\n"))};
    QTest::newRow("whitespace change")
        << u("gate  code") << u("gate code")
        << Segments{eq(u("gate")), del(u("  ")), ins(u(" ")), eq(u("code"))};
    QTest::newRow("repeated words: one removed")
        << u("the the the") << u("the the") << Segments{eq(u("the the")), del(u(" the"))};
    QTest::newRow("repeated words: one added in the middle")
        << u("a a b b") << u("a a x b b") << Segments{eq(u("a a ")), ins(u("x ")), eq(u("b b"))};
    QTest::newRow("newlines are whitespace")
        << u("line one\nline two") << u("line one\nline 2")
        << Segments{eq(u("line one\nline ")), del(u("two")), ins(u("2"))};
    QTest::newRow("accented letters belong to the word")
        << u("naïve café") << u("naive café")
        << Segments{del(u("naïve")), ins(u("naive")), eq(u(" café"))};
    QTest::newRow("combining accent is not split off")
        << u("cafe\u0301 ok") << u("cafe ok")
        << Segments{del(u("cafe\u0301")), ins(u("cafe")), eq(u(" ok"))};
    QTest::newRow("emoji with skin tone is one token")
        << u("👍🏽 ok") << u("👎 ok") << Segments{del(u("👍🏽")), ins(u("👎")), eq(u(" ok"))};
    QTest::newRow("emoji sharing a high surrogate")
        << u("😀") << u("😁") << Segments{del(u("😀")), ins(u("😁"))};
    QTest::newRow("han characters are single tokens")
        << u("我喜欢猫") << u("我喜欢狗") << Segments{eq(u("我喜欢")), del(u("猫")), ins(u("狗"))};
}

void TestWordDiff::exact()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(Segments, expected);
    const Segments got = wordDiff(before, after);
    QVERIFY2(got == expected, qPrintable(QLatin1String("got ") + describe(got) +
                                         QLatin1String("\nexpected ") + describe(expected)));
}

void TestWordDiff::reconstructs_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");

    QTest::newRow("empty, empty") << QString() << QString();
    QTest::newRow("empty, text") << QString() << u("text");
    QTest::newRow("text, empty") << u("text") << QString();
    QTest::newRow("only spaces") << u("   ") << u(" \t ");
    QTest::newRow("reordered") << u("one two three") << u("three two one");
    QTest::newRow("repeated words") << u("a a a b a a") << u("a b a b a");
    QTest::newRow("punctuation runs") << u("Wait... what?!") << u("Wait!! what...");
    QTest::newRow("unicode mix") << u("Grüße 👋🏾 from 東京, ok?")
                                 << u("Grüße 👋 aus 東京 ok!");
    QTest::newRow("lone surrogate") << QString(QChar(0xD83D)) + u("x") << u("x");
    QTest::newRow("newlines") << u("a\n\nb\n") << u("a\nb\n\n");
    QRandomGenerator rng(7);
    for (int i = 0; i < 20; ++i) {
        QTest::addRow("random %d", i)
            << randomText(rng, rng.bounded(0, 80)) << randomText(rng, rng.bounded(0, 80));
    }
}

void TestWordDiff::reconstructs()
{
    QFETCH(QString, before);
    QFETCH(QString, after);

    const Segments segments = wordDiff(before, after);
    QString left;
    QString right;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const DiffSegment &s = segments.at(i);
        QVERIFY2(!s.text.isEmpty(), "no empty segments");
        if (i > 0)
            QVERIFY2(segments.at(i - 1).kind != s.kind, "adjacent segments differ in kind");
        if (s.kind != DiffSegment::Added)
            left += s.text;
        if (s.kind != DiffSegment::Removed)
            right += s.text;
    }
    QCOMPARE(left, before);
    QCOMPARE(right, after);
    if (before == after && !before.isEmpty())
        QCOMPARE(segments, Segments{eq(before)});
}

void TestWordDiff::largeInputFallsBack()
{
    // 2,500 differing words are ~5,000 tokens a side: no LCS table, one Removed + one Added
    // between the common start and end.
    const QString before = u("start ") + words("a", 2500) + u(" end");
    const QString after = u("start ") + words("b", 2500) + u(" end");
    const Segments segments = wordDiff(before, after);
    QCOMPARE(segments, (Segments{eq(u("start ")), del(words("a", 2500)), ins(words("b", 2500)),
                                 eq(u(" end"))}));
}

void TestWordDiff::largestTableStillAligns()
{
    // 1,000 words and 999 spaces a side: 1,999 tokens, under the guard, so the shared "x"
    // words in the middle are found and kept Equal.
    QStringList a;
    QStringList b;
    for (int i = 0; i < 1000; ++i) {
        a.append(i % 2 ? u("x") : u("a") + QString::number(i));
        b.append(i % 2 ? u("x") : u("b") + QString::number(i));
    }
    const Segments segments = wordDiff(a.join(u' '), b.join(u' '));
    qsizetype equalChars = 0;
    for (const DiffSegment &s : segments) {
        if (s.kind == DiffSegment::Equal)
            equalChars += s.text.size();
    }
    QVERIFY2(equalChars >= 500, qPrintable(QString::number(equalChars)));
}

void TestWordDiff::html_data()
{
    QTest::addColumn<Segments>("segments");
    QTest::addColumn<QString>("html");

    const QString open = u("<span style=\"white-space:pre-wrap\">");
    const QString delOpen =
        u("<del style=\"background-color:#ffd7d5;text-decoration:line-through\">");
    const QString insOpen = u("<ins style=\"background-color:#ccffd8;text-decoration:underline\">");
    QTest::newRow("nothing") << Segments{} << QString();
    QTest::newRow("plain") << Segments{eq(u("a  b"))} << open + u("a  b</span>");
    QTest::newRow("escaped") << Segments{eq(u("x<y & ")), del(u("\"old\"")), ins(u("<new>"))}
                             << open + u("x&lt;y &amp; ") + delOpen + u("&quot;old&quot;</del>") +
                                    insOpen + u("&lt;new&gt;</ins></span>");
    QTest::newRow("unicode and newline kept") << Segments{eq(u("café\n")), ins(u("👍"))}
                                              << open + u("café\n") + insOpen + u("👍</ins></span>");
}

void TestWordDiff::html()
{
    QFETCH(Segments, segments);
    QFETCH(QString, html);
    QCOMPARE(ui::diffToHtml(segments), html);
}

QTEST_APPLESS_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
