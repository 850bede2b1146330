#include "userdirectory.h"

#include "apiclient.h"

#include <QLoggingCategory>

namespace dispatch::net {

namespace {

Q_LOGGING_CATEGORY(lcDirectory, "dispatch.net.users")

} // namespace

UserDirectory::UserDirectory(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    if (m_api) {
        // Every job the cache takes (read, write, 412, event) may name its editor and assignee.
        connect(m_api, &ApiClient::jobChanged, this,
                [this](const VersionedJob &job) { learn(job.job); });
        connect(m_api, &ApiClient::photoEventApplied, this, [this](const ChangeEvent &event) {
            if (event.photo)
                learn(*event.photo);
        });
    }
}

void UserDirectory::setSignedIn(const UserInfo &user)
{
    m_viewerRole = user.role;
    learn(user);
    reload();
}

void UserDirectory::reload()
{
    // A pro may not list users (403, docs/openapi.yaml): they learn names from what they read.
    if (!m_api || !m_viewerRole || !isOffice(*m_viewerRole))
        return;
    m_api->listUsers(std::nullopt, this, [this](const UsersResult &result) {
        if (!result.ok()) {
            qCInfo(lcDirectory) << "user list:" << result.error.toString();
            return;
        }
        bool changed = false;
        for (const UserInfo &user : result.users)
            changed |= store(user.id, user.name.isEmpty() ? user.username : user.name, user.role);
        if (changed)
            Q_EMIT namesChanged();
    });
}

bool UserDirectory::store(const QString &userId, const QString &name, std::optional<Role> role)
{
    if (userId.isEmpty() || name.isEmpty())
        return false;
    bool changed = false;
    if (role && m_roles.value(userId, *role) != *role)
        changed = true;
    if (role)
        m_roles.insert(userId, *role);
    auto it = m_names.find(userId);
    if (it == m_names.end()) {
        m_names.insert(userId, name);
        return true;
    }
    if (*it != name) {
        *it = name;
        return true;
    }
    return changed;
}

void UserDirectory::learn(const QString &userId, const QString &name, std::optional<Role> role)
{
    if (store(userId, name, role))
        Q_EMIT namesChanged();
}

void UserDirectory::learn(const UserInfo &user)
{
    learn(user.id, user.name.isEmpty() ? user.username : user.name, user.role);
}

void UserDirectory::learn(const Job &job)
{
    const bool editor = store(job.updatedBy, job.updatedByName, std::nullopt);
    const bool assignee = store(job.assignedTo, job.assignedToName, Role::Pro);
    if (editor || assignee)
        Q_EMIT namesChanged();
}

void UserDirectory::learn(const HistoryEntry &entry)
{
    bool changed = store(entry.actor, entry.actorName, std::nullopt);
    for (auto it = entry.names.begin(); it != entry.names.end(); ++it)
        changed |= store(it.key(), it.value(), std::nullopt);
    if (changed)
        Q_EMIT namesChanged();
}

void UserDirectory::learn(const Photo &photo)
{
    const bool uploader = store(photo.uploadedBy, photo.uploadedByName, std::nullopt);
    const bool reviewer = store(photo.review.by, photo.review.byName, Role::Admin);
    if (uploader || reviewer)
        Q_EMIT namesChanged();
}

QString UserDirectory::name(const QString &userId) const
{
    if (userId.isEmpty())
        return {};
    const QString known = m_names.value(userId);
    return known.isEmpty() ? formerUser() : known;
}

std::optional<Role> UserDirectory::role(const QString &userId) const
{
    const auto it = m_roles.constFind(userId);
    if (it == m_roles.constEnd())
        return std::nullopt;
    return *it;
}

QString UserDirectory::formerUser()
{
    return tr("a former user");
}

} // namespace dispatch::net
