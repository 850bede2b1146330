#pragma once

#include "apitypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace dispatch::net {

class ApiClient;

/// The console's one answer to "who is this id?". It learns names from `GET /users` (the office
/// may list users; a pro gets 403 and does not ask) and from the names the server puts beside
/// ids: a job's `updatedByName` and `assignedToName` (every job the ApiClient caches, and every
/// page the board loads), a history row's `actorName` and `names`, a photo's uploader and
/// reviewer (docs/openapi.yaml). Views ask name() and repaint on namesChanged(); an id nobody
/// named reads "a former user", never the bare id.
class UserDirectory final : public QObject {
    Q_OBJECT

public:
    explicit UserDirectory(ApiClient *api = nullptr, QObject *parent = nullptr);

    /// Who signed in: known by name at once; the office also lists every user.
    void setSignedIn(const UserInfo &user);
    /// Asks `GET /users` again (the office only).
    void reload();

    /// Records a name (and the role, when known). An empty name teaches nothing.
    void learn(const QString &userId, const QString &name, std::optional<Role> role = {});
    void learn(const UserInfo &user);
    void learn(const Job &job);
    void learn(const HistoryEntry &entry);
    void learn(const Photo &photo);

    /// The person's name; "a former user" for an id nobody has named; empty for an empty id.
    QString name(const QString &userId) const;
    bool knows(const QString &userId) const { return m_names.contains(userId); }
    std::optional<Role> role(const QString &userId) const;
    /// The words for a person the console cannot name (deleted, or never named to it).
    static QString formerUser();

Q_SIGNALS:
    /// A name was learnt or changed: views showing people repaint.
    void namesChanged();

private:
    bool store(const QString &userId, const QString &name, std::optional<Role> role);

    QPointer<ApiClient> m_api;
    std::optional<Role> m_viewerRole;
    QHash<QString, QString> m_names;
    QHash<QString, Role> m_roles;
};

} // namespace dispatch::net
