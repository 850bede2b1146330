#include <apierror.h>

#include <QJsonDocument>
#include <QTest>

using dispatch::Etag;
using dispatch::net::ApiError;
using dispatch::net::RawReply;
using Kind = dispatch::net::ApiError::Kind;

/// The one place that turns a status and an error code into an ApiError.
class TestApiError final : public QObject {
    Q_OBJECT

private slots:
    void kindFor_data();
    void kindFor();
    void retryable_data();
    void retryable();
    void detailsFromBody();
    void conflictCarriesCurrentJob();
    void conflictWithoutBody();
    void versionConflictCarriesDraft();
    void rateLimitedReadsRetryAfter();
    void networkErrorWithoutStatus();
    void malformedBodyStillClassifiesByStatus();
    void successIsNotAnError();
    void parseRetryAfter_data();
    void parseRetryAfter();
};

void TestApiError::kindFor_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Kind>("kind");

    auto row = [](const char *name, int status, const char *code, Kind kind) {
        QTest::newRow(name) << status << QString::fromLatin1(code) << kind;
    };
    row("200", 200, "", Kind::None);
    row("201", 201, "", Kind::None);
    row("204", 204, "", Kind::None);
    row("304", 304, "", Kind::None);
    row("no answer", 0, "", Kind::Network);
    row("400 BAD_REQUEST", 400, "BAD_REQUEST", Kind::Validation);
    row("400 INVALID_FIELD_KEY", 400, "INVALID_FIELD_KEY", Kind::Validation);
    row("400 INVALID_VALUE", 400, "INVALID_VALUE", Kind::Validation);
    row("400 without code", 400, "", Kind::Validation);
    row("401 UNAUTHENTICATED", 401, "UNAUTHENTICATED", Kind::Unauthenticated);
    row("401 INVALID_CREDENTIALS", 401, "INVALID_CREDENTIALS", Kind::InvalidCredentials);
    row("403 FORBIDDEN", 403, "FORBIDDEN", Kind::Forbidden);
    row("403 without code", 403, "", Kind::Forbidden);
    row("403 INVALID_CODE", 403, "INVALID_CODE", Kind::InvalidCode);
    row("404 NOT_FOUND", 404, "NOT_FOUND", Kind::NotFound);
    row("405", 405, "METHOD_NOT_ALLOWED", Kind::Unexpected);
    row("408", 408, "", Kind::Network);
    row("409 VERSION_CONFLICT", 409, "VERSION_CONFLICT", Kind::Conflict);
    row("409 ALREADY_ASSIGNED", 409, "ALREADY_ASSIGNED", Kind::AlreadyAssigned);
    row("409 PRICE_LOCKED", 409, "PRICE_LOCKED", Kind::PriceLocked);
    row("409 JOB_LOCKED", 409, "JOB_LOCKED", Kind::JobLocked);
    row("409 INVALID_TRANSITION", 409, "INVALID_TRANSITION", Kind::InvalidTransition);
    row("409 USERNAME_TAKEN", 409, "USERNAME_TAKEN", Kind::Validation);
    row("409 PHOTO_LIMIT", 409, "PHOTO_LIMIT", Kind::Rejected);
    row("409 JURISDICTION_MISMATCH", 409, "JURISDICTION_MISMATCH", Kind::Rejected);
    row("409 RESYNC_REQUIRED", 409, "RESYNC_REQUIRED", Kind::Rejected);
    row("409 without code", 409, "", Kind::Rejected);
    row("410", 410, "", Kind::Unexpected);
    row("412 PRECONDITION_FAILED", 412, "PRECONDITION_FAILED", Kind::Conflict);
    row("412 without code", 412, "", Kind::Conflict);
    row("413 PAYLOAD_TOO_LARGE", 413, "PAYLOAD_TOO_LARGE", Kind::Rejected);
    row("415 UNSUPPORTED_MEDIA_TYPE", 415, "UNSUPPORTED_MEDIA_TYPE", Kind::Rejected);
    row("428 PRECONDITION_REQUIRED", 428, "PRECONDITION_REQUIRED", Kind::PreconditionRequired);
    row("429 RATE_LIMITED", 429, "RATE_LIMITED", Kind::RateLimited);
    row("429 CODE_LOCKED", 429, "CODE_LOCKED", Kind::RateLimited);
    row("500", 500, "INTERNAL", Kind::Network);
    row("502", 502, "", Kind::Network);
    row("503", 503, "", Kind::Network);
    row("504", 504, "", Kind::Network);
}

void TestApiError::kindFor()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(Kind, kind);
    QCOMPARE(ApiError::kindFor(status, code), kind);

    // fromReply decides the same from a real error body.
    RawReply reply;
    reply.httpStatus = status;
    if (status >= 400) {
        reply.body =
            QJsonDocument(
                QJsonObject{{QStringLiteral("error"),
                             QJsonObject{{QStringLiteral("code"), code},
                                         {QStringLiteral("message"), QStringLiteral("m")}}}})
                .toJson();
    }
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.ok(), kind == Kind::None);
    if (status >= 400)
        QCOMPARE(error.code, code);
}

void TestApiError::retryable_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QNetworkReply::NetworkError>("networkError");
    QTest::addColumn<bool>("retryable");

    QTest::newRow("refused") << 0 << QNetworkReply::ConnectionRefusedError << true;
    QTest::newRow("closed") << 0 << QNetworkReply::RemoteHostClosedError << true;
    QTest::newRow("host not found") << 0 << QNetworkReply::HostNotFoundError << true;
    QTest::newRow("timeout") << 0 << QNetworkReply::TimeoutError << true;
    QTest::newRow("transfer timeout") << 0 << QNetworkReply::OperationCanceledError << true;
    QTest::newRow("temporary failure") << 0 << QNetworkReply::TemporaryNetworkFailureError << true;
    QTest::newRow("proxy refused") << 0 << QNetworkReply::ProxyConnectionRefusedError << true;
    QTest::newRow("tls") << 0 << QNetworkReply::SslHandshakeFailedError << false;
    QTest::newRow("protocol") << 0 << QNetworkReply::ProtocolFailure << false;
    QTest::newRow("unknown scheme") << 0 << QNetworkReply::ProtocolUnknownError << false;
    QTest::newRow("408") << 408 << QNetworkReply::UnknownContentError << true;
    QTest::newRow("500") << 500 << QNetworkReply::InternalServerError << false;
    QTest::newRow("501") << 501 << QNetworkReply::OperationNotImplementedError << false;
    QTest::newRow("502") << 502 << QNetworkReply::UnknownServerError << true;
    QTest::newRow("503") << 503 << QNetworkReply::ServiceUnavailableError << true;
    QTest::newRow("504") << 504 << QNetworkReply::UnknownServerError << true;
}

void TestApiError::retryable()
{
    QFETCH(int, status);
    QFETCH(QNetworkReply::NetworkError, networkError);
    QFETCH(bool, retryable);

    RawReply reply;
    reply.httpStatus = status;
    reply.networkError = networkError;
    reply.networkErrorString = QStringLiteral("network says no");
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Network);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.networkError, networkError);
}

void TestApiError::detailsFromBody()
{
    RawReply reply;
    reply.httpStatus = 400;
    reply.networkError = QNetworkReply::ProtocolInvalidOperationError;
    reply.body = R"({"error":{"code":"INVALID_VALUE","message":"bad phone","field":"customer.phone",
                    "reason":"not a phone number"}})";
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Validation);
    QCOMPARE(error.httpStatus, 400);
    QCOMPARE(error.code, QStringLiteral("INVALID_VALUE"));
    QCOMPARE(error.message, QStringLiteral("bad phone"));
    QCOMPARE(error.field, QStringLiteral("customer.phone"));
    QCOMPARE(error.reason, QStringLiteral("not a phone number"));
    QCOMPARE(error.details.value(QStringLiteral("field")).toString(),
             QStringLiteral("customer.phone"));
    QVERIFY(error.toString().contains(QStringLiteral("Validation")));
    QVERIFY(error.toString().contains(QStringLiteral("customer.phone")));

    reply.httpStatus = 409;
    reply.body = R"({"error":{"code":"PRICE_LOCKED","message":"m","field":"pricing.kind"}})";
    const ApiError locked = ApiError::fromReply(reply);
    QCOMPARE(locked.kind, Kind::PriceLocked);
    QCOMPARE(locked.field, QStringLiteral("pricing.kind"));
}

void TestApiError::conflictCarriesCurrentJob()
{
    RawReply reply;
    reply.httpStatus = 412;
    reply.networkError = QNetworkReply::UnknownContentError;
    reply.etag = R"("j1-v4")";
    reply.body = R"({"error":{"code":"PRECONDITION_FAILED","message":"moved on","current":{
        "id":"j1","version":4,"status":"OPEN","assignedTo":null,"dueAt":null,"schedule":null,
        "createdAt":"2026-01-15T18:00:00Z","updatedAt":"2026-01-15T19:00:00Z","updatedBy":"u2",
        "fields":{"title":"Fix sink","details":null}}}})";
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Conflict);
    QVERIFY(error.current);
    QCOMPARE(error.current->id(), QStringLiteral("j1"));
    QCOMPARE(error.current->job.version, 4);
    QCOMPARE(error.current->job.updatedBy, QStringLiteral("u2"));
    QCOMPARE(error.current->job.text(u"title"), QStringLiteral("Fix sink"));
    QCOMPARE(error.current->etag, Etag::strong("j1-v4"));
    QVERIFY(error.current->isValid());
    QCOMPARE(error.jobId, QStringLiteral("j1"));
}

void TestApiError::conflictWithoutBody()
{
    RawReply reply;
    reply.httpStatus = 412;
    reply.networkError = QNetworkReply::UnknownContentError;
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Conflict);
    QVERIFY(!error.current); // ApiClient fetches the job itself
    QVERIFY(error.code.isEmpty());
}

void TestApiError::versionConflictCarriesDraft()
{
    RawReply reply;
    reply.httpStatus = 409;
    reply.body = R"({"error":{"code":"VERSION_CONFLICT","message":"m",
                    "draft":{"id":"d1","version":3,"status":"DRAFT","fields":{}}}})";
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Conflict);
    QVERIFY(!error.current);
    QCOMPARE(error.currentDraft.value(QStringLiteral("version")).toInt(), 3);
}

void TestApiError::rateLimitedReadsRetryAfter()
{
    RawReply reply;
    reply.httpStatus = 429;
    reply.retryAfter = "120";
    reply.body = R"({"error":{"code":"RATE_LIMITED","message":"slow down"}})";
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::RateLimited);
    QCOMPARE(error.retryAfterSeconds, 120);

    reply.retryAfter.clear();
    QCOMPARE(ApiError::fromReply(reply).retryAfterSeconds, -1);
}

void TestApiError::networkErrorWithoutStatus()
{
    RawReply reply;
    reply.networkError = QNetworkReply::ConnectionRefusedError;
    reply.networkErrorString = QStringLiteral("Connection refused");
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::Network);
    QVERIFY(error.retryable);
    QCOMPARE(error.message, QStringLiteral("Connection refused"));
    QCOMPARE(error.httpStatus, 0);
}

void TestApiError::malformedBodyStillClassifiesByStatus()
{
    RawReply reply;
    reply.httpStatus = 404;
    reply.networkError = QNetworkReply::ContentNotFoundError;
    reply.networkErrorString = QStringLiteral("Not Found");
    reply.body = "<html>not json</html>";
    const ApiError error = ApiError::fromReply(reply);
    QCOMPARE(error.kind, Kind::NotFound);
    QVERIFY(error.code.isEmpty());
    QCOMPARE(error.message, QStringLiteral("Not Found"));
}

void TestApiError::successIsNotAnError()
{
    RawReply reply;
    reply.httpStatus = 200;
    reply.body = R"({"error":{"code":"FORBIDDEN"}})"; // a 2xx body is never read as an error
    QVERIFY(ApiError::fromReply(reply).ok());
    QCOMPARE(ApiError::unexpected(200, QStringLiteral("x")).kind, Kind::Unexpected);
    QCOMPARE(ApiError::kindName(Kind::AlreadyAssigned), QStringLiteral("AlreadyAssigned"));
}

void TestApiError::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("seconds");

    QTest::newRow("absent") << QByteArray() << -1;
    QTest::newRow("zero") << QByteArray("0") << 0;
    QTest::newRow("seconds") << QByteArray("30") << 30;
    QTest::newRow("padded") << QByteArray(" 30 ") << 30;
    QTest::newRow("negative") << QByteArray("-5") << -1;
    QTest::newRow("garbage") << QByteArray("soon") << -1;
    // `now` below is 2026-01-15T18:00:00Z.
    QTest::newRow("http-date ahead") << QByteArray("Thu, 15 Jan 2026 18:01:30 GMT") << 90;
    QTest::newRow("http-date past") << QByteArray("Thu, 15 Jan 2026 17:00:00 GMT") << 0;
}

void TestApiError::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(int, seconds);
    const QDateTime now =
        QDateTime::fromString(QStringLiteral("2026-01-15T18:00:00Z"), Qt::ISODate);
    QCOMPARE(dispatch::net::parseRetryAfter(value, now), seconds);
}

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
