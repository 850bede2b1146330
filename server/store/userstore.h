#pragma once

#include "authuser.h"
#include "database.h"

#include <QJsonObject>

#include <optional>

class QSqlQuery;

namespace dispatch::server {

struct StoreError;

/// The users table: creating users (admin), listing them without secrets, and the first
/// admin on an empty database.
class UserStore final {
public:
    explicit UserStore(Database &db);

    struct NewUser {
        QString username;
        QString password; ///< hashed here when passwordHash is empty (start-up only)
        QString name;
        Role role = Role::Pro;
        std::optional<GeoPoint> home;
        QString passwordHash; ///< argon2id, made off the event loop by PasswordHasher
    };
    /// Creates a user; on failure `error` holds the status and code (409 USERNAME_TAKEN).
    std::optional<AuthUser> create(const NewUser &user, StoreError *error);
    std::optional<QList<AuthUser>> list(std::optional<Role> role, StoreError *error);
    bool isEmpty(bool *ok);
    /// A user from the columns id, username, name, role, home_lat, home_lng at `first`.
    static AuthUser fromRow(const QSqlQuery &query, int first = 0);
    /// The user with this id; 404 NOT_FOUND when there is none.
    std::optional<AuthUser> find(const QString &id, StoreError *error);
    /// Replaces the user's password hash (made by PasswordHasher); 404 when the user is gone.
    bool setPasswordHash(const QString &id, const QString &hash, StoreError *error);

private:
    Database &m_db;
};

} // namespace dispatch::server
