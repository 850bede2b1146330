#pragma once

#include "authuser.h"
#include "database.h"
#include "httpmessage.h"
#include "passwordhasher.h"
#include "preparedqueries.h"
#include "signinthrottle.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <functional>
#include <optional>

namespace dispatch::server {

/// Users, passwords and bearer tokens. Passwords are argon2id, checked on PasswordHasher's
/// pool, never on the event loop; tokens are 256 random bits, handed out once and stored only
/// as their SHA-256. Sign-in is throttled per account (SignInThrottle, in the database) and
/// per client address (an address may fill at most half of the hashing queue), so that no
/// address's failures lock anyone else out. docs/OPERATIONS.md states the policy.
///
/// A revoked token (logout, a password reset) is announced through revoked() at once, and on
/// PostgreSQL to the other dispatchd processes through NOTIFY dispatch_revocations.
class Authenticator final : public QObject {
    Q_OBJECT
public:
    struct Options {
        int tokenLifetimeSeconds = 12 * 3600;
        int signInWorkers = 1;
        int signInQueue = 32;
        /// Proxies whose X-Forwarded-For names the client (clientAddress()).
        QList<QHostAddress> trustedProxies;
    };
    Authenticator(Database &db, Options options, QObject *parent = nullptr);

    enum class LoginResult { Ok, InvalidCredentials, RateLimited, Busy, Failed };
    struct Login {
        LoginResult result = LoginResult::Failed;
        QByteArray token; ///< only on Ok
        AuthUser user;
        QDateTime expiresAt;
        int retryAfterSeconds = 0; ///< on RateLimited and Busy
    };
    /// Checks the password off the event loop; `done` runs on this object's thread.
    void login(const QString &username, const QString &password, const QHostAddress &client,
               std::function<void(Login)> done);
    /// Revokes the token; true when it existed.
    bool logout(const QByteArray &token);
    /// Revokes every token of the user (password reset, deactivation).
    bool revokeUser(const QString &userId);
    /// The user's name, role or home changed: sessions cached in this process read them again.
    void forgetCachedSessions(const QString &userId);

    /// A token's user and life, or nothing when it is unknown, expired or revoked.
    struct Session {
        AuthUser user;
        QString tokenHash;
        QDateTime expiresAt;
    };
    std::optional<Session> sessionForToken(const QByteArray &token);
    std::optional<AuthUser> userForToken(const QByteArray &token);
    /// The token from `Authorization: Bearer …`, or empty.
    static QByteArray bearerToken(const QByteArray &authorizationHeader);
    static QString tokenHash(const QByteArray &token);

    /// Who sent the request: the peer, or the last X-Forwarded-For hop when the peer is a
    /// trusted proxy. The header is never believed from anyone else.
    QHostAddress clientAddress(const HttpRequest &request) const;

    PasswordHasher &hasher() { return m_hasher; }
    int tokenLifetimeSeconds() const { return m_options.tokenLifetimeSeconds; }

    /// What revoked() carries, and the NOTIFY payload: "t:<token hash>" or "u:<user id>".
    struct Revocation {
        enum class Kind { Token, User } kind = Kind::Token;
        QString id;
        QString payload() const;
        static std::optional<Revocation> fromPayload(const QString &payload);
    };
    /// A revocation another dispatchd announced (its NOTIFY arrived here).
    void applyRemoteRevocation(const QString &payload);
    /// Runs `heard` once this process has received its own NOTIFY for `revocation` (or at once
    /// on SQLite, or after `timeoutMs`): by then every dispatchd listening has been told too.
    void whenAnnounced(const Revocation &revocation, int timeoutMs, std::function<void()> heard);

signals:
    void revoked(const dispatch::server::Authenticator::Revocation &revocation);

private:
    void issueToken(const AuthUser &user, Login *login);
    void announce(const Revocation &revocation);

    struct CachedSession {
        Session session;
        qint64 cachedAtMs = 0;
    };

    Database &m_db;
    Options m_options;
    PreparedQueries m_queries;
    PasswordHasher m_hasher;
    SignInThrottle m_throttle;
    QHash<QHostAddress, int> m_signInsInFlight;
    /// token hash → session, for a few seconds: saves a query on every request. SQLite only
    /// (see sessionForToken()); revocations drop entries at once.
    QHash<QString, CachedSession> m_sessionCache;
    QHash<QString, std::vector<std::function<void()>>> m_announcementWaiters;
};

} // namespace dispatch::server
