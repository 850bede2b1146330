#pragma once

#include <user.h>

#include <QAbstractTableModel>
#include <QList>

namespace dispatch::ui {

/// Every user of the office for the admin's Users view: name, username, role, whether they
/// can sign in, and a pro's home. A changed user replaces their row in place, so the
/// selection stays on them.
class UsersModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Username, RoleColumn, Status, Home, ColumnCount };
    enum Roles { UserIdRole = Qt::UserRole + 1 };

    explicit UsersModel(QObject *parent = nullptr);

    void setUsers(const QList<User> &users);
    /// Replaces the user's row, or adds them at the end when new.
    void upsert(const User &user);
    const User *userAt(int row) const;
    int rowOf(const QString &userId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// "30.2672, -97.7431", or "—" when the user has no home.
    static QString homeText(const User &user);

private:
    QList<User> m_users;
};

} // namespace dispatch::ui
