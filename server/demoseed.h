#pragma once

#include "role.h"

#include <QList>
#include <QString>

namespace dispatch::server {

class JobStore;
class PhotoFiles;
class PhotoStore;
class UserStore;

/// Seeds a believable office into a database that has no jobs yet: two dispatchers, eight
/// pros with home locations, and about 60 jobs over every status in four cities (and time
/// zones), made through the store so every job has its history and events; and 2–4 site
/// photos on several jobs (painted by photos/demopictures, stored through the upload's own
/// path: checks, bytes by hash, rows and events), some approved, one flagged with a note, the
/// rest pending. Demo users sign in with the password `demo-password`. Does nothing when jobs
/// exist.
bool seedDemoData(JobStore &jobs, UserStore &users, PhotoStore &photos, PhotoFiles &files,
                  QString *error);

inline constexpr auto kDemoPassword = "demo-password";

/// A demo account seedDemoData() creates (every one signs in with kDemoPassword).
struct DemoUser {
    QString username;
    QString name;
    Role role;
};
/// The dispatchers, then the pros, in the order the seed creates them.
QList<DemoUser> demoUsers();

} // namespace dispatch::server
