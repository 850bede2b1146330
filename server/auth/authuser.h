#pragma once

#include "user.h"

namespace dispatch::server {

/// The signed-in user a request or a WebSocket acts as: the one user type (models/user.h).
using AuthUser = dispatch::User;

} // namespace dispatch::server
