#pragma once

#include "geopoint.h"
#include "role.h"

#include <QString>

#include <optional>

namespace dispatch::server {

/// The signed-in user a request or a WebSocket acts as.
struct AuthUser {
    QString id;
    QString username;
    QString name;
    Role role = Role::Pro;
    std::optional<GeoPoint> home;

    bool isOffice() const { return dispatch::isOffice(role); }
    bool isPro() const { return role == Role::Pro; }
};

} // namespace dispatch::server
