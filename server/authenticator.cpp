#include "authenticator.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sodium.h>

Q_LOGGING_CATEGORY(lcAuth, "dispatch.server.auth")

namespace dispatch::server {

namespace {

// Ten failures in five minutes, per username and per address, then 429 until the window ends.
constexpr int kMaxFailures = 10;
constexpr qint64 kFailureWindowMs = 5 * 60 * 1000;
constexpr qint64 kTokenCacheMs = 5000;
constexpr qsizetype kTokenCacheMax = 10000;

QString tokenHash(const QByteArray &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

bool ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

AuthUser userFromQuery(const QSqlQuery &query, int first)
{
    AuthUser user;
    user.id = query.value(first).toString();
    user.username = query.value(first + 1).toString();
    user.name = query.value(first + 2).toString();
    user.role = roleFromWire(query.value(first + 3).toString()).value_or(Role::Pro);
    if (!query.value(first + 4).isNull() && !query.value(first + 5).isNull())
        user.home = GeoPoint{query.value(first + 4).toDouble(), query.value(first + 5).toDouble()};
    return user;
}

} // namespace

Authenticator::Authenticator(Database &db)
    : m_db(db)
    , m_queries(db)
{
    ensureSodium();
}

QString Authenticator::hashPassword(const QString &password)
{
    if (!ensureSodium())
        return {};
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), quint64(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        qCWarning(lcAuth) << "argon2id hashing ran out of memory";
        return {};
    }
    return QString::fromLatin1(hash);
}

bool Authenticator::verifyPassword(const QString &hash, const QString &password)
{
    if (!ensureSodium() || hash.isEmpty())
        return false;
    const QByteArray stored = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), quint64(utf8.size())) ==
           0;
}

bool Authenticator::isLimited(const QString &key, qint64 nowMs, int *retryAfter) const
{
    const auto it = m_attempts.constFind(key);
    if (it == m_attempts.cend() || nowMs - it->windowStartMs >= kFailureWindowMs)
        return false;
    if (it->failures < kMaxFailures)
        return false;
    *retryAfter = int((kFailureWindowMs - (nowMs - it->windowStartMs)) / 1000) + 1;
    return true;
}

void Authenticator::recordFailure(const QString &key, qint64 nowMs)
{
    Attempts &attempts = m_attempts[key];
    if (nowMs - attempts.windowStartMs >= kFailureWindowMs) {
        attempts.failures = 0;
        attempts.windowStartMs = nowMs;
    }
    ++attempts.failures;
}

Authenticator::Login Authenticator::login(const QString &username, const QString &password,
                                          const QHostAddress &peer)
{
    Login login;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QString userKey = QStringLiteral("user:") + username.toLower();
    const QString peerKey = QStringLiteral("peer:") + peer.toString();
    int retryAfter = 0;
    if (isLimited(userKey, nowMs, &retryAfter) || isLimited(peerKey, nowMs, &retryAfter)) {
        login.result = LoginResult::RateLimited;
        login.retryAfterSeconds = retryAfter;
        return login;
    }

    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT id, username, name, role, home_lat, home_lng, "
                                 "password_hash FROM users WHERE username = ?"));
    query.addBindValue(username);
    if (!query.exec()) {
        qCWarning(lcAuth) << "login query failed:" << query.lastError().text();
        return login;
    }
    QString hash;
    if (query.next()) {
        login.user = userFromQuery(query, 0);
        hash = query.value(6).toString();
    }
    query.finish();
    // Unknown users cost a hash too, so timing does not tell which usernames exist.
    static const QString dummyHash = hashPassword(QStringLiteral("timing equaliser"));
    const bool ok = verifyPassword(hash.isEmpty() ? dummyHash : hash, password) && !hash.isEmpty();
    if (!ok) {
        recordFailure(userKey, nowMs);
        recordFailure(peerKey, nowMs);
        login.result = LoginResult::InvalidCredentials;
        login.user = {};
        return login;
    }
    m_attempts.remove(userKey);

    QByteArray raw(32, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QByteArray token =
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Expired tokens are useless; sweeping them at each sign-in keeps the table small.
    QSqlQuery sweep(m_db.connection());
    sweep.prepare(QStringLiteral("DELETE FROM tokens WHERE expires_at <= ?"));
    sweep.addBindValue(now.toString(Qt::ISODate));
    if (!sweep.exec())
        qCWarning(lcAuth) << "sweeping expired tokens failed:" << sweep.lastError().text();
    QSqlQuery insert(m_db.connection());
    insert.prepare(QStringLiteral("INSERT INTO tokens (token_hash, user_id, created_at, "
                                  "expires_at) VALUES (?, ?, ?, ?)"));
    insert.addBindValue(tokenHash(token));
    insert.addBindValue(login.user.id);
    insert.addBindValue(now.toString(Qt::ISODate));
    insert.addBindValue(now.addSecs(m_tokenLifetimeSeconds).toString(Qt::ISODate));
    if (!insert.exec()) {
        qCWarning(lcAuth) << "storing a token failed:" << insert.lastError().text();
        return login;
    }
    login.result = LoginResult::Ok;
    login.token = token;
    return login;
}

bool Authenticator::logout(const QByteArray &token)
{
    m_tokenCache.remove(tokenHash(token));
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM tokens WHERE token_hash = ?"));
    query.addBindValue(tokenHash(token));
    return query.exec() && query.numRowsAffected() > 0;
}

std::optional<AuthUser> Authenticator::userForToken(const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 256)
        return std::nullopt;
    const QString hash = tokenHash(token);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    if (const auto cached = m_tokenCache.constFind(hash); cached != m_tokenCache.cend()) {
        if (nowMs - cached->cachedAtMs < kTokenCacheMs && cached->expiresAt > now)
            return cached->user;
        m_tokenCache.erase(cached);
    }
    QSqlQuery *query = m_queries.get(QStringLiteral(
        "SELECT u.id, u.username, u.name, u.role, u.home_lat, u.home_lng, t.expires_at "
        "FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND "
        "t.expires_at > ?"));
    if (!query)
        return std::nullopt;
    query->bindValue(0, hash);
    query->bindValue(1, now.toString(Qt::ISODate));
    if (!query->exec() || !query->next()) {
        query->finish();
        return std::nullopt;
    }
    const AuthUser user = userFromQuery(*query, 0);
    const QDateTime expiresAt = QDateTime::fromString(query->value(6).toString(), Qt::ISODate);
    query->finish();
    if (m_tokenCache.size() >= kTokenCacheMax)
        m_tokenCache.clear();
    m_tokenCache.insert(hash, CachedToken{user, expiresAt, nowMs});
    return user;
}

QByteArray Authenticator::bearerToken(const QByteArray &authorizationHeader)
{
    const QByteArray trimmed = authorizationHeader.trimmed();
    if (trimmed.size() < 7 || qstrnicmp(trimmed.constData(), "bearer ", 7) != 0)
        return {};
    return trimmed.mid(7).trimmed();
}

} // namespace dispatch::server
