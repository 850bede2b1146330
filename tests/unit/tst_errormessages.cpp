// The console's error wording (ui/common/errormessages.h): decided from the error's kind and
// code, in words, with the status only in `technical`.
#include <errormessages.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using dispatch::net::ApiError;
using dispatch::ui::describeError;
using dispatch::ui::photoUploadErrorText;
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

/// An answer of the photo routes as PhotoClient classifies it (docs/openapi.yaml "Photos").
ApiError photoAnswer(int status, const QString &code)
{
    dispatch::net::RawReply reply;
    reply.httpStatus = status;
    reply.networkError = QNetworkReply::UnknownContentError;
    reply.json = QJsonDocument(
        QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, u"refused"_s}}}});
    reply.body = reply.json.toJson();
    return ApiError::fromReply(reply);
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
    void photoUploadRefusals_data();
    void photoUploadRefusals();
    void photoUploadWithoutAnswer();
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

void TestErrorMessages::photoUploadRefusals_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("expected");
    QTest::newRow("409 PHOTO_LIMIT")
        << 409 << u"PHOTO_LIMIT"_s
        << u"IMG_2231.jpg was not added: this job already has 12 photos, the most a job can "
           "hold."_s;
    QTest::newRow("413 PAYLOAD_TOO_LARGE")
        << 413 << u"PAYLOAD_TOO_LARGE"_s
        << u"IMG_2231.jpg is larger than the 10 MB a photo may be."_s;
    QTest::newRow("413 IMAGE_TOO_LARGE")
        << 413 << u"IMAGE_TOO_LARGE"_s
        << u"IMG_2231.jpg has too many pixels for the server to handle. Save a smaller copy and "
           "add that."_s;
    QTest::newRow("415 UNSUPPORTED_MEDIA_TYPE")
        << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s
        << u"The server could not read IMG_2231.jpg as a JPEG, PNG or WebP image."_s;
    QTest::newRow("403 a pro on an offer")
        << 403 << u"FORBIDDEN"_s
        << u"IMG_2231.jpg was not added: pros can add photos to their own jobs only."_s;
    QTest::newRow("404") << 404 << u"NOT_FOUND"_s
                         << u"IMG_2231.jpg was not added: this job no longer exists, or it is no "
                            "longer visible to you."_s;
    QTest::newRow("503") << 503 << u"UNAVAILABLE"_s
                         << u"IMG_2231.jpg could not be sent: the server cannot be reached. Check "
                            "the connection, then press Retry."_s;
}

void TestErrorMessages::photoUploadRefusals()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, expected);
    const ApiError error = photoAnswer(status, code);
    QVERIFY2(!error.ok(), qPrintable(error.toString()));
    QCOMPARE(photoUploadErrorText(error, u"IMG_2231.jpg"_s), expected);
}

void TestErrorMessages::photoUploadWithoutAnswer()
{
    // A dropped connection (no status at all) is a network failure worth a retry.
    dispatch::net::RawReply reply;
    reply.networkError = QNetworkReply::RemoteHostClosedError;
    reply.networkErrorString = u"Connection closed"_s;
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Network);
    QVERIFY(photoUploadErrorText(error, u"a.png"_s)
                .startsWith(u"a.png could not be sent: the server cannot be reached."_s));
    // Anything else falls back to the general wording, naming the file.
    ApiError odd;
    odd.kind = Kind::Unexpected;
    odd.httpStatus = 418;
    QVERIFY2(photoUploadErrorText(odd, u"a.png"_s).startsWith(u"Could not add a.png."_s),
             qPrintable(photoUploadErrorText(odd, u"a.png"_s)));
}

QTEST_GUILESS_MAIN(TestErrorMessages)
#include "tst_errormessages.moc"
