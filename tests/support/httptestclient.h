#pragma once

#include "httpresult.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace dispatch::test {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// A blocking HTTP client for tests, over its own QNetworkAccessManager (no proxy, no cache,
/// so conditional headers go out exactly as written). Each call spins a local QEventLoop until
/// the answer arrives. Copies share the manager; construct a new client to get a new one
/// (and so a separate connection). For requests that must be in flight at the same time use
/// startRequest() on several clients and then waitForAll().
class HttpTestClient final {
public:
    explicit HttpTestClient(QUrl apiBase); ///< e.g. server.apiUrl({})
    ~HttpTestClient();
    HttpTestClient(const HttpTestClient &);
    HttpTestClient &operator=(const HttpTestClient &);
    HttpTestClient(HttpTestClient &&) noexcept;
    HttpTestClient &operator=(HttpTestClient &&) noexcept;

    QUrl apiBase() const { return m_apiBase; }
    /// Sent as `Authorization: Bearer <token>` unless a request names its own Authorization.
    void setToken(const QByteArray &token) { m_token = token; }
    QByteArray token() const { return m_token; }

    /// `path` is appended to the API base and may hold a query ("/jobs?status=OPEN"). A body
    /// without a Content-Type header in `headers` goes out as application/json.
    HttpResult request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const HeaderList &headers = {}, int timeoutMs = 15000);
    HttpResult get(const QString &path, const HeaderList &headers = {});
    HttpResult head(const QString &path, const HeaderList &headers = {});
    HttpResult postJson(const QString &path, const QJsonValue &body,
                        const HeaderList &headers = {});
    HttpResult patchJson(const QString &path, const QJsonValue &body,
                         const HeaderList &headers = {});
    HttpResult del(const QString &path, const HeaderList &headers = {});

    /// POST /auth/login; sets the token and returns true on 200.
    bool login(const QString &username, const QString &password);
    /// The "user" object of the last successful login.
    QJsonObject loggedInUser() const { return m_user; }

    /// Starts a request and returns at once; the reply belongs to this client's manager.
    /// Collect it with waitForAll().
    QNetworkReply *startRequest(const QByteArray &method, const QString &path,
                                const QByteArray &body = {}, const HeaderList &headers = {});
    QNetworkReply *startJson(const QByteArray &method, const QString &path, const QJsonValue &body,
                             const HeaderList &headers = {});
    /// Waits in one event loop until every reply has finished (or the timeout passed: those
    /// are aborted and come back with status 0), returns the results in the same order and
    /// deletes the replies.
    static QList<HttpResult> waitForAll(const QList<QNetworkReply *> &replies,
                                        int timeoutMs = 15000);

    /// A JSON value as compact bytes (objects and arrays; other values as a JSON text too).
    static QByteArray toJsonBytes(const QJsonValue &value);

private:
    QUrl m_apiBase;
    QByteArray m_token;
    QJsonObject m_user;
    std::shared_ptr<QNetworkAccessManager> m_manager;
};

} // namespace dispatch::test
