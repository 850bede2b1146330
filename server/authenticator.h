#pragma once

#include "authuser.h"
#include "database.h"
#include "preparedqueries.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>

#include <optional>

namespace dispatch::server {

/// Users, passwords and bearer tokens. Passwords are argon2id (libsodium
/// crypto_pwhash_str, which stores its salt and parameters); tokens are 256 random bits,
/// handed out once and stored only as their SHA-256; login attempts are rate-limited per
/// username and per address.
class Authenticator final {
public:
    explicit Authenticator(Database &db);

    enum class LoginResult { Ok, InvalidCredentials, RateLimited, Failed };
    struct Login {
        LoginResult result = LoginResult::Failed;
        QByteArray token; ///< only on Ok
        AuthUser user;
        int retryAfterSeconds = 0; ///< on RateLimited
    };
    Login login(const QString &username, const QString &password, const QHostAddress &peer);
    bool logout(const QByteArray &token);

    /// The user a bearer token belongs to, or nothing when it is unknown or expired.
    std::optional<AuthUser> userForToken(const QByteArray &token);
    /// The token from `Authorization: Bearer …`, or empty.
    static QByteArray bearerToken(const QByteArray &authorizationHeader);

    static QString hashPassword(const QString &password);
    static bool verifyPassword(const QString &hash, const QString &password);

    int tokenLifetimeSeconds() const { return m_tokenLifetimeSeconds; }

private:
    struct Attempts {
        int failures = 0;
        qint64 windowStartMs = 0;
    };
    bool isLimited(const QString &key, qint64 nowMs, int *retryAfter) const;
    void recordFailure(const QString &key, qint64 nowMs);

    struct CachedToken {
        AuthUser user;
        QDateTime expiresAt;
        qint64 cachedAtMs = 0;
    };

    Database &m_db;
    PreparedQueries m_queries;
    int m_tokenLifetimeSeconds = 12 * 3600;
    QHash<QString, Attempts> m_attempts;
    /// token hash → user, for a few seconds: saves a query on every request. A logout here
    /// drops the entry at once; one on another dispatchd reaches this one within the TTL.
    QHash<QString, CachedToken> m_tokenCache;
};

} // namespace dispatch::server
