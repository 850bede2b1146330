#pragma once

#include <QString>

namespace dispatch::server {

/// A random opaque id such as "j_4k2m9x7q1c0v": a prefix and 12 base-32 characters (60 bits,
/// from libsodium's CSPRNG), so several dispatchd processes need no shared counter.
QString randomId(QStringView prefix);
/// Six random decimal digits, for start and completion codes.
QString randomCode();

} // namespace dispatch::server
