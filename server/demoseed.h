#pragma once

#include <QString>

namespace dispatch::server {

class JobStore;
class UserStore;

/// Seeds a believable office into a database that has no jobs yet: two dispatchers, eight
/// pros with home locations, and about 60 jobs over every status in four cities (and time
/// zones), made through the store so every job has its history and events. Demo users sign
/// in with the password `demo-password`. Does nothing when jobs exist.
bool seedDemoData(JobStore &jobs, UserStore &users, QString *error);

inline constexpr auto kDemoPassword = "demo-password";

} // namespace dispatch::server
