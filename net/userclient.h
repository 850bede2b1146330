#pragma once

#include "apiclient.h"
#include "apierror.h"

#include <user.h>

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

namespace dispatch::net {

struct UserResult {
    ApiError error;
    User user; ///< its ETag is user.etag()
    /// Conflict (412): the user as they are now.
    std::optional<User> current;
    bool ok() const { return error.ok(); }
};

struct PasswordResult {
    ApiError error;
    QString password; ///< a reset's new password, shown once
    bool ok() const { return error.ok(); }
};

/// What an admin creates (docs/openapi.yaml `UserCreate`).
struct NewUser {
    QString username;
    QString password;
    QString name;
    Role role = Role::Pro;
    std::optional<GeoPoint> home;
};

/// What an admin changes; members left empty stay as they are.
struct UserChange {
    std::optional<QString> name;
    std::optional<Role> role;
    std::optional<std::optional<GeoPoint>> home; ///< an empty inner value clears it
    std::optional<bool> active;
    bool isEmpty() const { return !name && !role && !home && !active; }
};

/// The user routes of docs/openapi.yaml ("Authentication and roles") on an ApiClient's
/// session: one user, create, change with If-Match (the version the admin saw), reset a
/// password, and one's own password. Callbacks as ApiClient's.
class UserClient final : public QObject {
    Q_OBJECT
public:
    template<typename Result> using Callback = std::function<void(const Result &)>;

    explicit UserClient(ApiClient *api, QObject *parent = nullptr);

    void getUser(const QString &id, QObject *context, Callback<UserResult> done);
    void createUser(const NewUser &user, QObject *context, Callback<UserResult> done);
    /// `base` is the user as the admin saw them; their ETag goes as If-Match.
    void updateUser(const User &base, const UserChange &change, QObject *context,
                    Callback<UserResult> done);
    void resetPassword(const QString &userId, QObject *context, Callback<PasswordResult> done);
    void changeOwnPassword(const QString &current, const QString &fresh, QObject *context,
                           Callback<ApiError> done);

private:
    UserResult userResultFrom(const RawReply &reply);

    ApiClient *m_api;
};

} // namespace dispatch::net
