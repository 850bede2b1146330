#include "onetimepassworddialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dispatch::ui {

OneTimePasswordDialog::OneTimePasswordDialog(const QString &userName, const QString &password,
                                             QWidget *parent)
    : QDialog(parent)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("New password for %1").arg(userName));
    auto *explanation =
        new QLabel(tr("Give this password to %1 now: it is shown only once. Their old password "
                      "and every session they had have stopped working.")
                       .arg(userName),
                   this);
    explanation->setWordWrap(true);
    m_password = new QLineEdit(password, this);
    m_password->setReadOnly(true);
    m_password->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_password->setAccessibleName(tr("New password"));
    auto *copy = new QPushButton(tr("&Copy"), this);
    copy->setAccessibleName(tr("Copy the password"));
    connect(copy, &QPushButton::clicked, this, [this, copy] {
        QApplication::clipboard()->setText(m_password->text());
        copy->setText(tr("Copied"));
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_password, 1);
    row->addWidget(copy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(row);
    layout->addWidget(buttons);
    m_password->selectAll();
    m_password->setFocus();
}

QString OneTimePasswordDialog::password() const
{
    return m_password->text();
}

} // namespace dispatch::ui
