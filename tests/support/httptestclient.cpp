#include "httptestclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

Q_LOGGING_CATEGORY(lcTestHttp, "dispatch.test.http")

namespace dispatch::test {

namespace {

HttpResult resultOf(QNetworkReply *reply)
{
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    if (result.status == 0)
        result.networkError = reply->errorString().toUtf8();
    return result;
}

bool hasHeaderNamed(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

HttpTestClient::HttpTestClient(QUrl apiBase)
    : m_apiBase(std::move(apiBase))
    , m_manager(std::make_shared<QNetworkAccessManager>())
{
    // A proxy from the environment must never sit between a test and its loopback server.
    m_manager->setProxy(QNetworkProxy::NoProxy);
}

HttpTestClient::~HttpTestClient() = default;
HttpTestClient::HttpTestClient(const HttpTestClient &) = default;
HttpTestClient &HttpTestClient::operator=(const HttpTestClient &) = default;
HttpTestClient::HttpTestClient(HttpTestClient &&) noexcept = default;
HttpTestClient &HttpTestClient::operator=(HttpTestClient &&) noexcept = default;

QByteArray HttpTestClient::toJsonBytes(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar: wrap it in an array and strip the brackets.
    QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

QNetworkReply *HttpTestClient::startRequest(const QByteArray &method, const QString &path,
                                            const QByteArray &body, const HeaderList &headers)
{
    const QString base = m_apiBase.toString(QUrl::FullyEncoded);
    QNetworkRequest request(QUrl(base + path, QUrl::TolerantMode));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!m_token.isEmpty() && !hasHeaderNamed(headers, "Authorization"))
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty() && !hasHeaderNamed(headers, "Content-Type"))
        request.setRawHeader("Content-Type", "application/json");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    if (method == "GET" && body.isEmpty())
        return m_manager->get(request);
    if (method == "HEAD")
        return m_manager->head(request);
    return m_manager->sendCustomRequest(request, method, body);
}

QNetworkReply *HttpTestClient::startJson(const QByteArray &method, const QString &path,
                                         const QJsonValue &body, const HeaderList &headers)
{
    return startRequest(method, path, toJsonBytes(body), headers);
}

QList<HttpResult> HttpTestClient::waitForAll(const QList<QNetworkReply *> &replies, int timeoutMs)
{
    QEventLoop loop;
    qsizetype pending = 0;
    for (QNetworkReply *reply : replies) {
        if (reply->isFinished())
            continue;
        ++pending;
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&pending, &loop] {
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0) {
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        timeout.start(timeoutMs);
        loop.exec();
    }

    QList<HttpResult> results;
    results.reserve(replies.size());
    for (QNetworkReply *reply : replies) {
        if (!reply->isFinished()) {
            qCWarning(lcTestHttp) << "no answer within" << timeoutMs << "ms:" << reply->operation()
                                  << reply->url();
            reply->disconnect(&loop);
            reply->abort();
        }
        results.append(resultOf(reply));
        reply->deleteLater();
    }
    return results;
}

HttpResult HttpTestClient::request(const QByteArray &method, const QString &path,
                                   const QByteArray &body, const HeaderList &headers, int timeoutMs)
{
    return waitForAll({startRequest(method, path, body, headers)}, timeoutMs).constFirst();
}

HttpResult HttpTestClient::get(const QString &path, const HeaderList &headers)
{
    return request("GET", path, {}, headers);
}

HttpResult HttpTestClient::head(const QString &path, const HeaderList &headers)
{
    return request("HEAD", path, {}, headers);
}

HttpResult HttpTestClient::postJson(const QString &path, const QJsonValue &body,
                                    const HeaderList &headers)
{
    return request("POST", path, toJsonBytes(body), headers);
}

HttpResult HttpTestClient::patchJson(const QString &path, const QJsonValue &body,
                                     const HeaderList &headers)
{
    return request("PATCH", path, toJsonBytes(body), headers);
}

HttpResult HttpTestClient::del(const QString &path, const HeaderList &headers)
{
    return request("DELETE", path, {}, headers);
}

bool HttpTestClient::login(const QString &username, const QString &password)
{
    const HttpResult result = postJson(QStringLiteral("/auth/login"),
                                       QJsonObject{{QStringLiteral("username"), username},
                                                   {QStringLiteral("password"), password}});
    if (result.status != 200) {
        qCWarning(lcTestHttp).noquote()
            << "login as" << username << "failed:" << QString::fromUtf8(result.describe());
        return false;
    }
    m_token = result.json().value(QLatin1String("token")).toString().toUtf8();
    m_user = result.json().value(QLatin1String("user")).toObject();
    return !m_token.isEmpty();
}

} // namespace dispatch::test
