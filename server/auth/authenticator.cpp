#include "authenticator.h"

#include "userstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

#include <sodium.h>

Q_LOGGING_CATEGORY(lcAuth, "dispatch.server.auth")

namespace dispatch::server {

namespace {

constexpr qint64 kSessionCacheMs = 5000;
constexpr qsizetype kSessionCacheMax = 10000;
const QString kRevocationChannel = QStringLiteral("dispatch_revocations");

} // namespace

QString Authenticator::Revocation::payload() const
{
    return (kind == Kind::Token ? QStringLiteral("t:") : QStringLiteral("u:")) + id;
}

std::optional<Authenticator::Revocation>
Authenticator::Revocation::fromPayload(const QString &payload)
{
    if (payload.size() < 3 || payload.at(1) != u':')
        return std::nullopt;
    if (payload.startsWith(u't'))
        return Revocation{Kind::Token, payload.mid(2)};
    if (payload.startsWith(u'u'))
        return Revocation{Kind::User, payload.mid(2)};
    return std::nullopt;
}

Authenticator::Authenticator(Database &db, Options options, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_options(std::move(options))
    , m_queries(db)
    , m_hasher(m_options.signInWorkers, m_options.signInQueue)
    , m_throttle(db)
{
    m_hasher.setParent(this);
}

QString Authenticator::tokenHash(const QByteArray &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

QHostAddress Authenticator::clientAddress(const HttpRequest &request) const
{
    if (!m_options.trustedProxies.contains(request.peer))
        return request.peer;
    // The proxy appends the address it saw; what stands before it was written by the client
    // and proves nothing, so only the last hop counts.
    const QList<QByteArray> values = request.headerValues("X-Forwarded-For");
    if (values.isEmpty())
        return request.peer;
    const QByteArray last = values.constLast().split(',').constLast().trimmed();
    QHostAddress client;
    if (!client.setAddress(QString::fromLatin1(last)))
        return request.peer;
    return client;
}

void Authenticator::login(const QString &username, const QString &password,
                          const QHostAddress &client, std::function<void(Login)> done)
{
    Login login;
    // One address (an attacker, or a whole office behind one NAT) may use half the hashing
    // queue at most, so it cannot starve everyone else's sign-ins; over it: busy, retry.
    if (m_signInsInFlight.value(client) >= std::max(1, m_hasher.capacity() / 2)) {
        login.result = LoginResult::Busy;
        login.retryAfterSeconds = 1;
        done(login);
        return;
    }
    const QString account = username.toLower();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const SignInThrottle::Reservation guess = m_throttle.reserve(account, nowMs);
    if (guess.verdict == SignInThrottle::Verdict::Limited) {
        login.result = LoginResult::RateLimited;
        login.retryAfterSeconds = guess.retryAfterSeconds;
        done(login);
        return;
    }
    if (guess.verdict == SignInThrottle::Verdict::Failed) {
        done(login);
        return;
    }

    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT id, username, name, role, home_lat, home_lng, "
                                 "password_hash FROM users WHERE username = ? AND active = 1"));
    query.addBindValue(username);
    if (!query.exec()) {
        qCWarning(lcAuth) << "login query failed:" << query.lastError().text();
        m_throttle.giveBack(account, guess.stamp);
        done(login);
        return;
    }
    AuthUser user;
    QString hash;
    if (query.next()) {
        user = UserStore::fromRow(query, 0);
        hash = query.value(6).toString();
    }
    query.finish();

    ++m_signInsInFlight[client];
    const bool queued =
        m_hasher.verify(hash, password, [this, client, account, guess, user, done](bool ok) {
            if (--m_signInsInFlight[client] <= 0)
                m_signInsInFlight.remove(client);
            Login login;
            if (!ok) {
                login.result = LoginResult::InvalidCredentials;
                done(login);
                return;
            }
            m_throttle.giveBack(account, guess.stamp); // a right password is no guess
            issueToken(user, &login);
            done(login);
        });
    if (!queued) {
        if (--m_signInsInFlight[client] <= 0)
            m_signInsInFlight.remove(client);
        m_throttle.giveBack(account, guess.stamp);
        login.result = LoginResult::Busy;
        login.retryAfterSeconds = 1;
        done(login);
    }
}

void Authenticator::issueToken(const AuthUser &user, Login *login)
{
    QByteArray raw(32, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QByteArray token =
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Expired tokens and old guesses are useless; sweeping at each sign-in keeps them small.
    QSqlQuery sweep(m_db.connection());
    sweep.prepare(QStringLiteral("DELETE FROM tokens WHERE expires_at <= ?"));
    sweep.addBindValue(now.toString(Qt::ISODate));
    if (!sweep.exec())
        qCWarning(lcAuth) << "sweeping expired tokens failed:" << sweep.lastError().text();
    m_throttle.sweep(now.toMSecsSinceEpoch());

    const QDateTime expiresAt = now.addSecs(m_options.tokenLifetimeSeconds);
    QSqlQuery insert(m_db.connection());
    insert.prepare(QStringLiteral("INSERT INTO tokens (token_hash, user_id, created_at, "
                                  "expires_at) VALUES (?, ?, ?, ?)"));
    insert.addBindValue(tokenHash(token));
    insert.addBindValue(user.id);
    insert.addBindValue(now.toString(Qt::ISODate));
    insert.addBindValue(expiresAt.toString(Qt::ISODate));
    if (!insert.exec()) {
        qCWarning(lcAuth) << "storing a token failed:" << insert.lastError().text();
        login->result = LoginResult::Failed;
        return;
    }
    login->result = LoginResult::Ok;
    login->token = token;
    login->user = user;
    login->expiresAt = expiresAt;
}

bool Authenticator::logout(const QByteArray &token)
{
    const QString hash = tokenHash(token);
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM tokens WHERE token_hash = ?"));
    query.addBindValue(hash);
    const bool existed = query.exec() && query.numRowsAffected() > 0;
    announce(Revocation{Revocation::Kind::Token, hash});
    return existed;
}

bool Authenticator::revokeUser(const QString &userId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM tokens WHERE user_id = ?"));
    query.addBindValue(userId);
    const bool ok = query.exec();
    announce(Revocation{Revocation::Kind::User, userId});
    return ok;
}

void Authenticator::forgetCachedSessions(const QString &userId)
{
    m_sessionCache.removeIf(
        [&](const auto &entry) { return entry.value().session.user.id == userId; });
}

void Authenticator::announce(const Revocation &revocation)
{
    applyRemoteRevocation(revocation.payload()); // this process: cache and streams, now
    if (m_db.dialect() != SqlDialect::Postgres)
        return; // one process per SQLite file serves streams; others' caches expire in 5 s
    QSqlQuery notify(m_db.connection());
    notify.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    notify.addBindValue(kRevocationChannel);
    notify.addBindValue(revocation.payload());
    if (!notify.exec())
        qCWarning(lcAuth) << "announcing a revocation failed:" << notify.lastError().text();
}

void Authenticator::applyRemoteRevocation(const QString &payload)
{
    const auto revocation = Revocation::fromPayload(payload);
    if (!revocation)
        return;
    if (revocation->kind == Revocation::Kind::Token) {
        m_sessionCache.remove(revocation->id);
    } else {
        m_sessionCache.removeIf(
            [&](const auto &entry) { return entry.value().session.user.id == revocation->id; });
    }
    emit revoked(*revocation);
    if (auto waiters = m_announcementWaiters.take(payload); !waiters.empty()) {
        for (const auto &heard : waiters)
            heard();
    }
}

void Authenticator::whenAnnounced(const Revocation &revocation, int timeoutMs,
                                  std::function<void()> heard)
{
    if (m_db.dialect() != SqlDialect::Postgres) {
        heard();
        return;
    }
    // Once: whichever comes first, our own NOTIFY coming back or the timeout.
    auto once = std::make_shared<std::function<void()>>(std::move(heard));
    auto fire = [once] {
        if (*once)
            std::exchange(*once, {})();
    };
    m_announcementWaiters[revocation.payload()].push_back(fire);
    QTimer::singleShot(timeoutMs, this, fire);
}

std::optional<Authenticator::Session> Authenticator::sessionForToken(const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 256)
        return std::nullopt;
    const QString hash = tokenHash(token);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    // On PostgreSQL several instances share the tokens, and a logout on one must fail the token
    // on every other at once; a NOTIFY cannot promise to arrive before the client's next
    // request does, so there every request reads its token (one indexed row). One process
    // owns a SQLite database in the common case, and revocations here drop the entry.
    const bool cacheable = m_db.dialect() == SqlDialect::Sqlite;
    if (const auto cached = m_sessionCache.constFind(hash);
        cacheable && cached != m_sessionCache.cend()) {
        if (nowMs - cached->cachedAtMs < kSessionCacheMs && cached->session.expiresAt > now)
            return cached->session;
        m_sessionCache.erase(cached);
    }
    QSqlQuery *query = m_queries.get(QStringLiteral(
        "SELECT u.id, u.username, u.name, u.role, u.home_lat, u.home_lng, t.expires_at "
        "FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND "
        "t.expires_at > ? AND u.active = 1"));
    if (!query)
        return std::nullopt;
    query->bindValue(0, hash);
    query->bindValue(1, now.toString(Qt::ISODate));
    if (!query->exec() || !query->next()) {
        query->finish();
        return std::nullopt;
    }
    Session session{UserStore::fromRow(*query, 0), hash,
                    QDateTime::fromString(query->value(6).toString(), Qt::ISODate)};
    query->finish();
    if (cacheable) {
        if (m_sessionCache.size() >= kSessionCacheMax)
            m_sessionCache.clear();
        m_sessionCache.insert(hash, CachedSession{session, nowMs});
    }
    return session;
}

std::optional<AuthUser> Authenticator::userForToken(const QByteArray &token)
{
    if (auto session = sessionForToken(token))
        return session->user;
    return std::nullopt;
}

QByteArray Authenticator::bearerToken(const QByteArray &authorizationHeader)
{
    const QByteArray trimmed = authorizationHeader.trimmed();
    if (trimmed.size() < 7 || qstrnicmp(trimmed.constData(), "bearer ", 7) != 0)
        return {};
    return trimmed.mid(7).trimmed();
}

} // namespace dispatch::server
