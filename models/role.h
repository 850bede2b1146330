#pragma once

#include <QString>

#include <optional>

namespace dispatch {

/// Who a user is to the system (docs/openapi.yaml "Authentication and roles").
enum class Role { Admin, Dispatcher, Pro };

QString toWire(Role role);
std::optional<Role> roleFromWire(QStringView wire);
QString displayName(Role role);
/// Admins and dispatchers: they see every job and its codes.
inline bool isOffice(Role role)
{
    return role == Role::Admin || role == Role::Dispatcher;
}

} // namespace dispatch
