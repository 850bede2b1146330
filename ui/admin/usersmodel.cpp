#include "usersmodel.h"

#include <QFont>

namespace dispatch::ui {

UsersModel::UsersModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void UsersModel::setUsers(const QList<User> &users)
{
    beginResetModel();
    m_users = users;
    endResetModel();
}

void UsersModel::upsert(const User &user)
{
    const int row = rowOf(user.id);
    if (row < 0) {
        beginInsertRows({}, int(m_users.size()), int(m_users.size()));
        m_users.append(user);
        endInsertRows();
        return;
    }
    m_users[row] = user;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

const User *UsersModel::userAt(int row) const
{
    return row >= 0 && row < m_users.size() ? &m_users.at(row) : nullptr;
}

int UsersModel::rowOf(const QString &userId) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == userId)
            return row;
    }
    return -1;
}

int UsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString UsersModel::homeText(const User &user)
{
    if (!user.home)
        return QStringLiteral("—");
    return QStringLiteral("%1, %2").arg(QString::number(user.home->lat, 'f', 4),
                                        QString::number(user.home->lng, 'f', 4));
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    const User *user = userAt(index.row());
    if (!user)
        return {};
    if (role == UserIdRole)
        return user->id;
    if (role == Qt::FontRole && !user->active) {
        QFont font;
        font.setItalic(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case Name:
        return user->name;
    case Username:
        return user->username;
    case RoleColumn:
        return displayName(user->role);
    case Status:
        return user->active ? tr("Active") : tr("Deactivated");
    case Home:
        return homeText(*user);
    default:
        return {};
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Username:
        return tr("Username");
    case RoleColumn:
        return tr("Role");
    case Status:
        return tr("Status");
    case Home:
        return tr("Home (lat, lng)");
    default:
        return {};
    }
}

} // namespace dispatch::ui
