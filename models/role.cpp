#include "role.h"

namespace dispatch {

QString toWire(Role role)
{
    switch (role) {
    case Role::Admin:
        return QStringLiteral("admin");
    case Role::Dispatcher:
        return QStringLiteral("dispatcher");
    case Role::Pro:
        return QStringLiteral("pro");
    }
    Q_UNREACHABLE();
}

std::optional<Role> roleFromWire(QStringView wire)
{
    if (wire == u"admin")
        return Role::Admin;
    if (wire == u"dispatcher")
        return Role::Dispatcher;
    if (wire == u"pro")
        return Role::Pro;
    return std::nullopt;
}

QString displayName(Role role)
{
    switch (role) {
    case Role::Admin:
        return QStringLiteral("Admin");
    case Role::Dispatcher:
        return QStringLiteral("Dispatcher");
    case Role::Pro:
        return QStringLiteral("Pro");
    }
    Q_UNREACHABLE();
}

} // namespace dispatch
