#include "userspage.h"

#include "errormessages.h"
#include "noticebanner.h"
#include "onetimepassworddialog.h"
#include "userdialog.h"
#include "usersmodel.h"

#include <apiclient.h>
#include <userclient.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace dispatch::ui {

UsersPage::UsersPage(net::ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_users(new net::UserClient(api, this))
    , m_model(new UsersModel(this))
    , m_view(new QTableView(this))
    , m_banner(new NoticeBanner(this))
    , m_new(new QPushButton(tr("&New user…"), this))
    , m_edit(new QPushButton(tr("&Change…"), this))
    , m_reset(new QPushButton(tr("Reset &password…"), this))
    , m_active(new QPushButton(tr("&Deactivate…"), this))
{
    setAccessibleName(tr("Users"));
    m_new->setAccessibleName(tr("New user"));
    m_edit->setAccessibleName(tr("Change the selected user"));
    m_reset->setAccessibleName(tr("Reset the selected user's password"));
    m_active->setAccessibleName(tr("Deactivate or reactivate the selected user"));
    m_view->setAccessibleName(tr("Users"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSortingEnabled(false);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_new, m_edit, m_reset, m_active})
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);

    connect(m_new, &QPushButton::clicked, this, &UsersPage::createUser);
    connect(m_edit, &QPushButton::clicked, this, &UsersPage::editSelected);
    connect(m_reset, &QPushButton::clicked, this, &UsersPage::resetSelectedPassword);
    connect(m_active, &QPushButton::clicked, this, &UsersPage::toggleSelectedActive);
    connect(m_view, &QTableView::activated, this, &UsersPage::editSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &UsersPage::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &UsersPage::updateButtons);
    updateButtons();
}

void UsersPage::reload()
{
    const QString selected = selectedUser() ? selectedUser()->id : QString();
    m_api->listUsers(std::nullopt, this, [this, selected](const net::UsersResult &result) {
        if (!result.ok()) {
            m_banner->showMessage(
                NoticeBanner::Kind::Error,
                tr("The users could not be loaded: %1").arg(describeSaveError(result.error)));
            return;
        }
        m_model->setUsers(result.users);
        m_view->resizeColumnsToContents();
        if (!selected.isEmpty())
            selectUser(selected);
        else if (m_model->rowCount() > 0)
            m_view->selectRow(0);
        updateButtons();
        Q_EMIT loaded();
    });
}

UserDialog *UsersPage::openDialog() const
{
    return m_dialog.data();
}

OneTimePasswordDialog *UsersPage::passwordDialog() const
{
    return m_passwordDialog.data();
}

const User *UsersPage::selectedUser() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->userAt(current.row()) : nullptr;
}

void UsersPage::selectUser(const QString &userId)
{
    const int row = m_model->rowOf(userId);
    if (row >= 0)
        m_view->selectRow(row);
}

void UsersPage::updateButtons()
{
    const User *user = selectedUser();
    m_edit->setEnabled(user);
    m_reset->setEnabled(user && user->active);
    m_active->setEnabled(user);
    m_active->setText(user && !user->active ? tr("Re&activate") : tr("&Deactivate…"));
}

void UsersPage::createUser()
{
    auto *dialog = new UserDialog(m_users, this);
    m_dialog = dialog;
    connect(dialog, &UserDialog::saved, this, [this, dialog](const User &user) {
        m_model->upsert(user);
        selectUser(user.id);
        // The first password is shown once more, to be handed over.
        m_passwordDialog =
            new OneTimePasswordDialog(user.name, dialog->passwordEdit()->text(), this);
        m_passwordDialog->open();
        m_banner->showMessage(NoticeBanner::Kind::Success, tr("%1 was added.").arg(user.name));
        Q_EMIT userSaved(user);
    });
    dialog->open();
}

void UsersPage::editSelected()
{
    const User *user = selectedUser();
    if (!user)
        return;
    auto *dialog = new UserDialog(m_users, *user, this);
    m_dialog = dialog;
    connect(dialog, &UserDialog::saved, this, [this](const User &saved) {
        m_model->upsert(saved);
        m_banner->showMessage(NoticeBanner::Kind::Success, tr("%1 was saved.").arg(saved.name));
        Q_EMIT userSaved(saved);
    });
    dialog->open();
}

void UsersPage::resetSelectedPassword()
{
    const User *selected = selectedUser();
    if (!selected)
        return;
    const User user = *selected;
    auto *confirm = new QMessageBox(
        QMessageBox::Question, tr("Reset password"),
        tr("Give %1 a new password? Their old one and every session they have stop working at "
           "once.")
            .arg(user.name),
        QMessageBox::NoButton, this);
    QPushButton *reset = confirm->addButton(tr("&Reset password"), QMessageBox::AcceptRole);
    confirm->addButton(QMessageBox::Cancel);
    confirm->setDefaultButton(QMessageBox::Cancel);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(reset, &QPushButton::clicked, this, [this, user] {
        m_users->resetPassword(user.id, this, [this, user](const net::PasswordResult &result) {
            if (!result.ok()) {
                m_banner->showMessage(NoticeBanner::Kind::Error,
                                      tr("%1's password was not reset: %2")
                                          .arg(user.name, describeSaveError(result.error)));
                return;
            }
            m_passwordDialog = new OneTimePasswordDialog(user.name, result.password, this);
            m_passwordDialog->open();
        });
    });
    confirm->open();
}

void UsersPage::toggleSelectedActive()
{
    const User *selected = selectedUser();
    if (!selected)
        return;
    const User user = *selected;
    if (!user.active) {
        setActive(user, true);
        return;
    }
    auto *confirm = new QMessageBox(
        QMessageBox::Warning, tr("Deactivate user"),
        tr("Deactivate %1? They are signed out everywhere at once and cannot sign in until "
           "reactivated. Their name stays in every job's history.")
            .arg(user.name),
        QMessageBox::NoButton, this);
    QPushButton *deactivate = confirm->addButton(tr("&Deactivate"), QMessageBox::AcceptRole);
    confirm->addButton(QMessageBox::Cancel);
    confirm->setDefaultButton(QMessageBox::Cancel);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(deactivate, &QPushButton::clicked, this, [this, user] { setActive(user, false); });
    confirm->open();
}

void UsersPage::setActive(const User &user, bool active)
{
    net::UserChange change;
    change.active = active;
    m_users->updateUser(user, change, this, [this, user, active](const net::UserResult &result) {
        if (result.ok()) {
            m_model->upsert(result.user);
            m_banner->showMessage(
                NoticeBanner::Kind::Success,
                active ? tr("%1 can sign in again.").arg(user.name)
                       : tr("%1 is deactivated and signed out everywhere.").arg(user.name));
            Q_EMIT userSaved(result.user);
            return;
        }
        if (result.current)
            m_model->upsert(*result.current);
        QString text;
        if (result.error.code == u"LAST_ADMIN")
            text =
                tr("%1 is the last active admin. Make another user an admin first.").arg(user.name);
        else if (result.error.is(net::ApiError::Kind::Conflict))
            text = tr("Another admin changed %1 just now; nothing was changed. Look again and "
                      "retry.")
                       .arg(user.name);
        else
            text = describeSaveError(result.error);
        m_banner->showMessage(NoticeBanner::Kind::Warning, text);
    });
}

} // namespace dispatch::ui
