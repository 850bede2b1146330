#include "changepassworddialog.h"

#include "errormessages.h"

#include <userclient.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dispatch::ui {

ChangePasswordDialog::ChangePasswordDialog(net::UserClient *users, QWidget *parent)
    : QDialog(parent)
    , m_users(users)
    , m_current(new QLineEdit(this))
    , m_new(new QLineEdit(this))
    , m_repeat(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Change your password"));
    for (QLineEdit *edit : {m_current, m_new, m_repeat})
        edit->setEchoMode(QLineEdit::Password);
    m_current->setAccessibleName(tr("Current password"));
    m_new->setAccessibleName(tr("New password"));
    m_repeat->setAccessibleName(tr("New password again"));
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Message"));
    m_message->setVisible(false);
    m_buttons->button(QDialogButtonBox::Save)->setAccessibleName(tr("Change the password"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Current password:"), m_current);
    form->addRow(tr("&New password:"), m_new);
    form->addRow(tr("New password &again:"), m_repeat);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChangePasswordDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ChangePasswordDialog::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void ChangePasswordDialog::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ChangePasswordDialog::save()
{
    if (m_saving)
        return;
    if (m_new->text().size() < 8) {
        showMessage(tr("The new password needs at least 8 characters."));
        m_new->setFocus();
        return;
    }
    if (m_new->text() != m_repeat->text()) {
        showMessage(tr("The two new passwords differ; type the same one twice."));
        m_repeat->setFocus();
        return;
    }
    m_saving = true;
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    m_users->changeOwnPassword(m_current->text(), m_new->text(), this,
                               [this](const net::ApiError &error) {
                                   m_saving = false;
                                   m_buttons->button(QDialogButtonBox::Save)->setEnabled(true);
                                   if (error.ok()) {
                                       Q_EMIT changed();
                                       accept();
                                   } else if (error.code == u"INVALID_CREDENTIALS") {
                                       showMessage(tr("The current password is wrong."));
                                       m_current->selectAll();
                                       m_current->setFocus();
                                   } else {
                                       showMessage(describeSaveError(error));
                                   }
                               });
}

} // namespace dispatch::ui
