// The console's error wording (ui/common/errormessages.h): decided from the error's kind and
// code, in words, with the status only in `technical`.
#include <errormessages.h>

#include <QJsonObject>
#include <QTest>

using dispatch::net::ApiError;
using dispatch::ui::describeError;
using Kind = dispatch::net::ApiError::Kind;
using namespace Qt::StringLiterals;

namespace {

/// A 429 CODE_LOCKED as ApiError::fromReply makes it (docs/openapi.yaml `/jobs/{id}/transition`).
ApiError codeLocked(int retryAfterSeconds)
{
    ApiError error;
    error.kind = Kind::RateLimited;
    error.httpStatus = 429;
    error.code = u"CODE_LOCKED"_s;
    error.retryAfterSeconds = retryAfterSeconds;
    return error;
}

} // namespace

class TestErrorMessages final : public QObject {
    Q_OBJECT

private slots:
    void codeLockedSaysForHowLong_data();
    void codeLockedSaysForHowLong();
    void codeLockedFromTheBodyAlone();
    void codeLockedWithoutATime();
    void wrongCode();
    void otherRateLimitsUnchanged();
};

void TestErrorMessages::codeLockedSaysForHowLong_data()
{
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("expected");
    const QString prefix = u"Too many wrong codes: this job's codes are locked for "_s;
    QTest::newRow("14 min") << 14 * 60 << prefix + u"14 more minutes."_s;
    QTest::newRow("rounded up") << 13 * 60 + 1 << prefix + u"14 more minutes."_s;
    QTest::newRow("one minute") << 60 << prefix + u"1 more minute."_s;
    QTest::newRow("seconds left") << 5 << prefix + u"1 more minute."_s;
    QTest::newRow("zero") << 0 << prefix + u"1 more minute."_s;
    QTest::newRow("61 s") << 61 << prefix + u"2 more minutes."_s;
}

void TestErrorMessages::codeLockedSaysForHowLong()
{
    QFETCH(int, seconds);
    QFETCH(QString, expected);
    const auto message = describeError(codeLocked(seconds), u"start the job"_s);
    QCOMPARE(message.text, expected);
    QVERIFY(!message.nextStep.isEmpty());
    QVERIFY(message.combined().startsWith(expected));
    QCOMPARE(message.technical, u"HTTP 429 CODE_LOCKED"_s);
}

void TestErrorMessages::codeLockedFromTheBodyAlone()
{
    // Without a Retry-After header, the body's `retryAfter` says how long.
    ApiError error = codeLocked(-1);
    error.details = QJsonObject{{u"code"_s, u"CODE_LOCKED"_s}, {u"retryAfter"_s, 900}};
    QVERIFY(describeError(error).text.endsWith(u"locked for 15 more minutes."_s));
}

void TestErrorMessages::codeLockedWithoutATime()
{
    const QString text = describeError(codeLocked(-1)).text;
    QVERIFY2(text.startsWith(u"Too many wrong codes"_s), qPrintable(text));
    QVERIFY(!text.contains(u"-1"_s));
}

void TestErrorMessages::wrongCode()
{
    ApiError error;
    error.kind = Kind::InvalidCode;
    error.httpStatus = 403;
    error.code = u"INVALID_CODE"_s;
    QVERIFY(describeError(error).text.startsWith(u"That code is not right for this job"_s));
}

void TestErrorMessages::otherRateLimitsUnchanged()
{
    ApiError error = codeLocked(30);
    error.code = u"RATE_LIMITED"_s;
    const auto message = describeError(error);
    QCOMPARE(message.text, u"Too many attempts in a short time."_s);
    QCOMPARE(message.nextStep, u"Wait 30 seconds and try again."_s);
}

QTEST_GUILESS_MAIN(TestErrorMessages)
#include "tst_errormessages.moc"
