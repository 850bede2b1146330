#pragma once

#include "etag.h"
#include "geopoint.h"
#include "role.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace dispatch {

/// A person as the protocol shows one, without secrets (docs/openapi.yaml `User`): who signed
/// in, who acts on a request or a stream, whom a job is assigned to. dispatchd and the console
/// share it.
struct User {
    QString id;
    QString username;
    QString name;
    Role role = Role::Pro;
    std::optional<GeoPoint> home;
    /// A deactivated user cannot sign in; history keeps their name.
    bool active = true;
    /// Grows by one with every change (docs/openapi.yaml: users are versioned like jobs).
    int version = 1;

    /// The user resource's strong ETag: `"<id>.<version>"`.
    Etag etag() const;
    bool isOffice() const { return dispatch::isOffice(role); }
    bool isPro() const { return role == Role::Pro; }
};

/// `{"id","username","name","role","home","active","version"}`, home null when unknown.
QJsonObject toJson(const User &user);
/// Nothing when the id is missing or the role unknown.
std::optional<User> userFromJson(const QJsonObject &object);

} // namespace dispatch
