#pragma once

#include "authuser.h"
#include "database.h"
#include "etag.h"
#include "jobstore.h" // StoreError

#include <QJsonObject>

#include <optional>

class QSqlQuery;

namespace dispatch::server {

/// The users table: creating users (admin), listing them without secrets, changing them with
/// If-Match (never leaving the office without an active admin), and the first admin on an
/// empty database.
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
    /// The same plus active, version (kStateColumns) right after them.
    static AuthUser fromRowWithState(const QSqlQuery &query, int first = 0);
    /// The user with this id; 404 NOT_FOUND when there is none.
    std::optional<AuthUser> find(const QString &id, StoreError *error);
    /// Replaces the user's password hash (made by PasswordHasher); 404 when the user is gone.
    bool setPasswordHash(const QString &id, const QString &hash, StoreError *error);
    /// The stored argon2id hash of an active user's password; empty when there is none.
    QString passwordHash(const QString &id, StoreError *error);

    /// What PATCH /users/{id} may change; members left empty stay as they are.
    struct Patch {
        std::optional<QString> name;
        std::optional<Role> role;
        std::optional<std::optional<GeoPoint>> home; ///< an empty inner value clears it
        std::optional<bool> active;
    };
    struct UpdateResult {
        std::optional<AuthUser> user;    ///< after the change (unchanged when nothing changed)
        std::optional<AuthUser> current; ///< 412: the user as they are now
        std::optional<StoreError> error;
        bool changed = false;
        /// The change takes rights away (a new role, deactivated): every session must end.
        bool endsSessions = false;
    };
    /// Applies `patch` when `ifMatch` names the user's current version: 428 without it, 412
    /// with `current` when stale, 409 LAST_ADMIN when no active admin would be left. A patch
    /// that changes nothing keeps the version.
    UpdateResult update(const QString &id, const EtagCondition &ifMatch, const Patch &patch);

private:
    /// The user row for update(), locked for the transaction's length where that means
    /// something (PostgreSQL); nothing with `error` set when absent.
    std::optional<AuthUser> findForUpdate(const QString &id, StoreError *error);
    /// Active admins other than `id`.
    std::optional<int> otherActiveAdmins(const QString &id, StoreError *error);

    Database &m_db;
};

} // namespace dispatch::server
