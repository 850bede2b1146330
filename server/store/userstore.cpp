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
    QString sql = QStringLiteral("SELECT id, username, name, role, home_lat, home_lng FROM users");
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
    while (query.next()) {
        users.append(fromRow(query));
    }
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
    query.prepare(QStringLiteral(
        "SELECT id, username, name, role, home_lat, home_lng FROM users WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        *error = StoreError{StoreError::Kind::Unavailable,
                            QStringLiteral("SERVICE_UNAVAILABLE"),
                            query.lastError().text(),
                            {}};
        return std::nullopt;
    }
    if (!query.next()) {
        *error = StoreError{StoreError::Kind::NotFound,
                            QStringLiteral("NOT_FOUND"),
                            QStringLiteral("No such user."),
                            {}};
        return std::nullopt;
    }
    return fromRow(query);
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

} // namespace dispatch::server
