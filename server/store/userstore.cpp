#include "userstore.h"

#include "jobstore.h"
#include "passwordhasher.h"
#include "randomid.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace dispatch::server {

UserStore::UserStore(Database &db)
    : m_db(db)
{}

AuthUser UserStore::fromRow(const QSqlQuery &query, int first)
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

AuthUser UserStore::fromRowWithState(const QSqlQuery &query, int first)
{
    AuthUser user = fromRow(query, first);
    user.active = query.value(first + 6).toInt() != 0;
    user.version = query.value(first + 7).toInt();
    return user;
}

namespace {
const QString kUserColumns =
    QStringLiteral("id, username, name, role, home_lat, home_lng, active, version");

StoreError unavailable(const QSqlQuery &query)
{
    return StoreError{StoreError::Kind::Unavailable,
                      QStringLiteral("SERVICE_UNAVAILABLE"),
                      query.lastError().text(),
                      {}};
}

StoreError noSuchUser()
{
    return StoreError{StoreError::Kind::NotFound,
                      QStringLiteral("NOT_FOUND"),
                      QStringLiteral("No such user."),
                      {}};
}

QVariant nullableDouble(const std::optional<GeoPoint> &home, bool lat)
{
    if (!home)
        return QVariant(QMetaType(QMetaType::Double));
    return lat ? home->lat : home->lng;
}
} // namespace

std::optional<AuthUser> UserStore::create(const NewUser &user, StoreError *error)
{
    const QString hash =
        user.passwordHash.isEmpty() ? PasswordHasher::hashNow(user.password) : user.passwordHash;
    if (hash.isEmpty()) {
        *error = StoreError{StoreError::Kind::Unavailable,
                            QStringLiteral("SERVICE_UNAVAILABLE"),
                            QStringLiteral("The password could not be hashed; try again."),
                            {}};
        return std::nullopt;
    }
    AuthUser created;
    created.id = randomId(u"u_");
    created.username = user.username;
    created.name = user.name;
    created.role = user.role;
    created.home = user.home;

    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT INTO users (id, username, name, role, password_hash, "
                       "home_lat, home_lng, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(created.id);
    query.addBindValue(created.username);
    query.addBindValue(created.name);
    query.addBindValue(dispatch::toWire(created.role));
    query.addBindValue(hash);
    query.addBindValue(user.home ? QVariant(user.home->lat)
                                 : QVariant(QMetaType(QMetaType::Double)));
    query.addBindValue(user.home ? QVariant(user.home->lng)
                                 : QVariant(QMetaType(QMetaType::Double)));
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!query.exec()) {
        const QSqlError sqlError = query.lastError();
        if (sqlError.nativeErrorCode() == QLatin1String("23505") ||
            sqlError.text().contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive)) {
            *error = StoreError{StoreError::Kind::Conflict,
                                QStringLiteral("USERNAME_TAKEN"),
                                QStringLiteral("That username is taken."),
                                {{QStringLiteral("field"), QStringLiteral("username")}}};
        } else {
            *error = StoreError{StoreError::Kind::Unavailable,
                                QStringLiteral("SERVICE_UNAVAILABLE"),
                                sqlError.text(),
                                {}};
        }
        return std::nullopt;
    }
    return created;
}

std::optional<QList<AuthUser>> UserStore::list(std::optional<Role> role, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT ") + kUserColumns + QStringLiteral(" FROM users");
    if (role)
        sql += QStringLiteral(" WHERE role = ?");
    query.prepare(sql + QStringLiteral(" ORDER BY username"));
    if (role)
        query.addBindValue(dispatch::toWire(*role));
    if (!query.exec()) {
        *error = StoreError{StoreError::Kind::Unavailable,
                            QStringLiteral("SERVICE_UNAVAILABLE"),
                            query.lastError().text(),
                            {}};
        return std::nullopt;
    }
    QList<AuthUser> users;
    while (query.next())
        users.append(fromRowWithState(query));
    return users;
}

bool UserStore::isEmpty(bool *ok)
{
    QSqlQuery query(m_db.connection());
    *ok = query.exec(QStringLiteral("SELECT COUNT(*) FROM users")) && query.next();
    return *ok && query.value(0).toLongLong() == 0;
}

std::optional<AuthUser> UserStore::find(const QString &id, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT ") + kUserColumns +
                  QStringLiteral(" FROM users WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        *error = unavailable(query);
        return std::nullopt;
    }
    if (!query.next()) {
        *error = noSuchUser();
        return std::nullopt;
    }
    return fromRowWithState(query);
}

bool UserStore::setPasswordHash(const QString &id, const QString &hash, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"));
    query.addBindValue(hash);
    query.addBindValue(id);
    if (!query.exec()) {
        *error = StoreError{StoreError::Kind::Unavailable,
                            QStringLiteral("SERVICE_UNAVAILABLE"),
                            query.lastError().text(),
                            {}};
        return false;
    }
    if (query.numRowsAffected() != 1) {
        *error = StoreError{StoreError::Kind::NotFound,
                            QStringLiteral("NOT_FOUND"),
                            QStringLiteral("No such user."),
                            {}};
        return false;
    }
    return true;
}

QString UserStore::passwordHash(const QString &id, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT password_hash FROM users WHERE id = ? AND active = 1"));
    query.addBindValue(id);
    if (!query.exec()) {
        *error = unavailable(query);
        return {};
    }
    return query.next() ? query.value(0).toString() : QString();
}

std::optional<AuthUser> UserStore::findForUpdate(const QString &id, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    const bool postgres = m_db.dialect() == SqlDialect::Postgres;
    query.prepare(QStringLiteral("SELECT ") + kUserColumns +
                  QStringLiteral(" FROM users WHERE id = ?") +
                  (postgres ? QStringLiteral(" FOR UPDATE") : QString()));
    query.addBindValue(id);
    if (!query.exec()) {
        *error = unavailable(query);
        return std::nullopt;
    }
    if (!query.next()) {
        *error = noSuchUser();
        return std::nullopt;
    }
    return fromRowWithState(query);
}

std::optional<int> UserStore::otherActiveAdmins(const QString &id, StoreError *error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'admin' AND "
                                 "active = 1 AND id <> ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        *error = unavailable(query);
        return std::nullopt;
    }
    return query.value(0).toInt();
}

UserStore::UpdateResult UserStore::update(const QString &id, const EtagCondition &ifMatch,
                                          const Patch &patch)
{
    UpdateResult result;
    if (!ifMatch.isPresent()) {
        result.error = StoreError{StoreError::Kind::PreconditionRequired,
                                  QStringLiteral("PRECONDITION_REQUIRED"),
                                  QStringLiteral("Send If-Match with the user's ETag."),
                                  {}};
        return result;
    }
    if (!m_db.beginWrite()) {
        result.error = StoreError{StoreError::Kind::Unavailable,
                                  QStringLiteral("SERVICE_UNAVAILABLE"),
                                  QStringLiteral("The database is busy; try again."),
                                  {}};
        return result;
    }
    const auto fail = [&](StoreError error) {
        m_db.rollback();
        result.error = std::move(error);
        return result;
    };
    if (m_db.dialect() == SqlDialect::Postgres) {
        // Two admins demoting each other at once must not both see the other still active.
        QSqlQuery lock(m_db.connection());
        if (!lock.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7423002)")))
            return fail(unavailable(lock));
    }
    StoreError error;
    const auto before = findForUpdate(id, &error);
    if (!before)
        return fail(error);
    if (!ifMatch.matchesStrongly(before->etag())) {
        result.current = before;
        return fail(StoreError{StoreError::Kind::PreconditionFailed,
                               QStringLiteral("PRECONDITION_FAILED"),
                               QStringLiteral("The user was changed by someone else."),
                               {}});
    }
    AuthUser after = *before;
    if (patch.name)
        after.name = *patch.name;
    if (patch.role)
        after.role = *patch.role;
    if (patch.home)
        after.home = *patch.home;
    if (patch.active)
        after.active = *patch.active;
    const bool changed = after.name != before->name || after.role != before->role ||
                         after.home != before->home || after.active != before->active;
    if (!changed) {
        m_db.rollback();
        result.user = before;
        return result;
    }
    const bool wasAdmin = before->role == Role::Admin && before->active;
    const bool staysAdmin = after.role == Role::Admin && after.active;
    if (wasAdmin && !staysAdmin) {
        const auto others = otherActiveAdmins(id, &error);
        if (!others)
            return fail(error);
        if (*others == 0)
            return fail(StoreError{StoreError::Kind::Conflict,
                                   QStringLiteral("LAST_ADMIN"),
                                   QStringLiteral("This is the last active admin; make another "
                                                  "user an admin first."),
                                   {}});
    }
    after.version = before->version + 1;
    QSqlQuery write(m_db.connection());
    write.prepare(QStringLiteral("UPDATE users SET name = ?, role = ?, home_lat = ?, "
                                 "home_lng = ?, active = ?, version = ? WHERE id = ?"));
    write.addBindValue(after.name);
    write.addBindValue(dispatch::toWire(after.role));
    write.addBindValue(nullableDouble(after.home, true));
    write.addBindValue(nullableDouble(after.home, false));
    write.addBindValue(after.active ? 1 : 0);
    write.addBindValue(after.version);
    write.addBindValue(id);
    if (!write.exec())
        return fail(unavailable(write));
    if (!m_db.commit())
        return fail(StoreError{StoreError::Kind::Unavailable,
                               QStringLiteral("SERVICE_UNAVAILABLE"),
                               QStringLiteral("The change could not be saved; try again."),
                               {}});
    result.user = after;
    result.changed = true;
    result.endsSessions = after.role != before->role || !after.active;
    return result;
}

} // namespace dispatch::server
