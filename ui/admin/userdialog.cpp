#include "userdialog.h"

#include "errormessages.h"

#include <userclient.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace dispatch::ui {

namespace {
/// A first password the admin hands over; 16 characters without look-alikes.
QString suggestedPassword()
{
    static const QString alphabet =
        QStringLiteral("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679");
    QString password;
    for (int i = 0; i < 16; ++i)
        password += alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
    return password;
}
} // namespace

UserDialog::UserDialog(net::UserClient *users, QWidget *parent)
    : QDialog(parent)
    , m_users(users)
{
    build();
    setWindowTitle(tr("New user"));
    m_password->setText(suggestedPassword());
    m_role->setCurrentIndex(m_role->findData(QVariant::fromValue(int(Role::Pro))));
    updateHomeFields();
}

UserDialog::UserDialog(net::UserClient *users, const User &user, QWidget *parent)
    : QDialog(parent)
    , m_users(users)
    , m_base(user)
    , m_opened(user)
{
    build();
    setWindowTitle(tr("Change %1").arg(user.name));
    m_username->setReadOnly(true);
    m_password->parentWidget()->setVisible(false);
    fill(user);
}

void UserDialog::build()
{
    setAttribute(Qt::WA_DeleteOnClose);
    auto *form = new QFormLayout;
    m_username = new QLineEdit(this);
    m_username->setAccessibleName(tr("Username"));
    m_username->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{0,64}")), m_username));
    form->addRow(tr("&Username:"), m_username);
    m_name = new QLineEdit(this);
    m_name->setAccessibleName(tr("Name"));
    m_name->setMaxLength(200);
    form->addRow(tr("&Name:"), m_name);
    m_role = new QComboBox(this);
    m_role->setAccessibleName(tr("Role"));
    for (const Role role : {Role::Pro, Role::Dispatcher, Role::Admin})
        m_role->addItem(displayName(role), int(role));
    form->addRow(tr("&Role:"), m_role);

    // The password row is a widget of its own so editing can hide it whole.
    auto *passwordRow = new QWidget(this);
    auto *passwordLayout = new QHBoxLayout(passwordRow);
    passwordLayout->setContentsMargins(0, 0, 0, 0);
    m_password = new QLineEdit(passwordRow);
    m_password->setAccessibleName(tr("First password"));
    m_password->setToolTip(tr("Give this to the user; they can change it after signing in."));
    auto *generate = new QPushButton(tr("&Generate"), passwordRow);
    generate->setAccessibleName(tr("Generate a password"));
    connect(generate, &QPushButton::clicked, this,
            [this] { m_password->setText(suggestedPassword()); });
    passwordLayout->addWidget(m_password, 1);
    passwordLayout->addWidget(generate);
    form->addRow(tr("First &password:"), passwordRow);

    m_hasHome = new QCheckBox(tr("&Home location (where a pro's distances start)"), this);
    m_hasHome->setAccessibleName(tr("Has a home location"));
    form->addRow(QString(), m_hasHome);
    auto *coordinates = new QWidget(this);
    auto *coordinatesLayout = new QHBoxLayout(coordinates);
    coordinatesLayout->setContentsMargins(0, 0, 0, 0);
    m_lat = new QDoubleSpinBox(coordinates);
    m_lat->setRange(-90, 90);
    m_lat->setDecimals(5);
    m_lat->setAccessibleName(tr("Home latitude"));
    m_lng = new QDoubleSpinBox(coordinates);
    m_lng->setRange(-180, 180);
    m_lng->setDecimals(5);
    m_lng->setAccessibleName(tr("Home longitude"));
    coordinatesLayout->addWidget(new QLabel(tr("Latitude"), coordinates));
    coordinatesLayout->addWidget(m_lat, 1);
    coordinatesLayout->addWidget(new QLabel(tr("Longitude"), coordinates));
    coordinatesLayout->addWidget(m_lng, 1);
    form->addRow(QString(), coordinates);
    connect(m_hasHome, &QCheckBox::toggled, this, &UserDialog::updateHomeFields);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setAccessibleName(tr("Message"));
    m_message->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Save)->setAccessibleName(tr("Save the user"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &UserDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
}

void UserDialog::fill(const User &user)
{
    m_username->setText(user.username);
    m_name->setText(user.name);
    m_role->setCurrentIndex(m_role->findData(int(user.role)));
    m_hasHome->setChecked(user.home.has_value());
    if (user.home) {
        m_lat->setValue(user.home->lat);
        m_lng->setValue(user.home->lng);
    }
    updateHomeFields();
}

void UserDialog::updateHomeFields()
{
    m_lat->setEnabled(m_hasHome->isChecked());
    m_lng->setEnabled(m_hasHome->isChecked());
}

std::optional<GeoPoint> UserDialog::home() const
{
    if (!m_hasHome->isChecked())
        return std::nullopt;
    return GeoPoint{m_lat->value(), m_lng->value()};
}

QString UserDialog::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void UserDialog::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void UserDialog::save()
{
    if (m_saving)
        return;
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        showMessage(tr("Enter the user's name."));
        m_name->setFocus();
        return;
    }
    const Role role = Role(m_role->currentData().toInt());
    m_saving = true;
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Save)->setText(tr("Saving…"));
    const auto done = [this](const net::UserResult &result) { finishSave(result); };
    if (!m_base) {
        if (m_username->text().size() < 2 || m_password->text().size() < 8) {
            m_saving = false;
            m_buttons->button(QDialogButtonBox::Save)->setEnabled(true);
            m_buttons->button(QDialogButtonBox::Save)->setText(tr("Save"));
            showMessage(m_username->text().size() < 2
                            ? tr("The username needs at least 2 letters, digits, '.', '_' or '-'.")
                            : tr("The first password needs at least 8 characters."));
            return;
        }
        m_users->createUser({m_username->text(), m_password->text(), name, role, home()}, this,
                            done);
        return;
    }
    net::UserChange change;
    if (name != m_opened->name)
        change.name = name;
    if (role != m_opened->role)
        change.role = role;
    if (home() != m_opened->home)
        change.home = home();
    m_users->updateUser(*m_base, change, this, done);
}

void UserDialog::finishSave(const net::UserResult &result)
{
    m_saving = false;
    QPushButton *saveButton = m_buttons->button(QDialogButtonBox::Save);
    saveButton->setEnabled(true);
    saveButton->setText(tr("Save"));
    if (result.ok()) {
        Q_EMIT saved(result.user);
        accept();
        return;
    }
    if (result.error.is(net::ApiError::Kind::Conflict) && result.current) {
        // Someone else's change is on the server now; the admin's values stay in the fields
        // and go on top of theirs only when saved again.
        const User &now = *result.current;
        m_base = now;
        showMessage(tr("Another admin changed %1 meanwhile: now %2, %3, home %4. Your changes "
                       "are still here; Save again to put them on top of theirs.")
                        .arg(now.name, displayName(now.role),
                             now.active ? tr("active") : tr("deactivated"),
                             now.home ? tr("set") : tr("not set")));
        return;
    }
    if (result.error.code == u"USERNAME_TAKEN") {
        showMessage(tr("The username %1 is taken; choose another.").arg(m_username->text()));
        m_username->setFocus();
        return;
    }
    if (result.error.code == u"LAST_ADMIN") {
        showMessage(tr("%1 is the last active admin. Make another user an admin first.")
                        .arg(m_base ? m_base->name : m_name->text()));
        return;
    }
    showMessage(describeSaveError(result.error));
}

} // namespace dispatch::ui
