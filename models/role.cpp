#include "role.h"

#include <QCoreApplication>

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

// In the language of the catalogue the application installed (the console's
// resources/translations/); English when none is.
QString displayName(Role role)
{
    switch (role) {
    case Role::Admin:
        return QCoreApplication::translate("dispatch::Role", "Admin");
    case Role::Dispatcher:
        return QCoreApplication::translate("dispatch::Role", "Dispatcher");
    case Role::Pro:
        return QCoreApplication::translate("dispatch::Role", "Pro");
    }
    Q_UNREACHABLE();
}

} // namespace dispatch
