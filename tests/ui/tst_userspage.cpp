// The admin's Users view against a real dispatchd: the list, a new user through the dialog
// (and their first password shown once), a change saved with If-Match, another admin's change
// meanwhile (412: the admin's values kept and saved on top when asked), deactivation after a
// confirmation, the last admin refused in words, a password reset, one's own password, and an
// accessible name on every control.

#include "changepassworddialog.h"
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "noticebanner.h"
#include "onetimepassworddialog.h"
#include "testhelpers.h"
#include "uitesthelpers.h"
#include "userdialog.h"
#include "usersmodel.h"
#include "userspage.h"

#include <apiclient.h>
#include <userclient.h>

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::ui;
using namespace dispatch::test;
using namespace Qt::StringLiterals;

class TestUsersPage final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void listsEveryUser();
    void newUserThroughTheDialog();
    void changeIsSavedWithIfMatch();
    void anotherAdminsChangeIsNotLost();
    void deactivateAsksThenEndsTheirSession();
    void lastAdminIsRefusedInWords();
    void resetShowsThePasswordOnce();
    void ownPasswordChange();
    void everyControlHasAnAccessibleName();
    void screenshot();

private:
    /// Clicks the button of the message box the page opened that has this text.
    static bool confirm(const QString &buttonText);
    QJsonObject serverUser(const QString &id, QByteArray *etag = nullptr);
    HttpTestClient adminHttp();

    DispatchdProcess m_server;
    std::unique_ptr<net::ApiClient> m_api;
    std::unique_ptr<UsersPage> m_page;
};

HttpTestClient TestUsersPage::adminHttp()
{
    HttpTestClient client(m_server.apiUrl({}));
    client.login(u"admin"_s, QString::fromLatin1(m_server.adminPassword()));
    return client;
}

QJsonObject TestUsersPage::serverUser(const QString &id, QByteArray *etag)
{
    const HttpResult result = adminHttp().get(u"/users/"_s + id);
    if (etag)
        *etag = result.header("ETag");
    return result.json();
}

bool TestUsersPage::confirm(const QString &buttonText)
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        auto *box = qobject_cast<QMessageBox *>(widget);
        if (!box || !box->isVisible())
            continue;
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(u'&') == buttonText) {
                button->click();
                return true;
            }
        }
    }
    return false;
}

void TestUsersPage::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(), "DISPATCHD_BINARY is not set");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_api = std::make_unique<net::ApiClient>(m_server.baseUrl());
    const auto login = await<net::LoginResult>([&](QObject *context, auto done) {
        m_api->login(u"admin"_s, QString::fromLatin1(m_server.adminPassword()), context, done);
    });
    QVERIFY(login && login->ok());
    m_page = std::make_unique<UsersPage>(m_api.get());
    m_page->resize(900, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QSignalSpy loaded(m_page.get(), &UsersPage::loaded);
    m_page->reload();
    QVERIFY(loaded.wait(10000));
}

void TestUsersPage::listsEveryUser()
{
    const QJsonArray listed = adminHttp().get(u"/users"_s).json().value(u"items"_s).toArray();
    QVERIFY(listed.size() > 3);
    QCOMPARE(m_page->model()->rowCount(), listed.size());
    const int dana = m_page->model()->rowOf([&] {
        for (const QJsonValue &user : listed) {
            if (user[u"username"_s].toString() == u"dana"_s)
                return user[u"id"_s].toString();
        }
        return QString();
    }());
    QVERIFY(dana >= 0);
    UsersModel *model = m_page->model();
    QCOMPARE(model->index(dana, UsersModel::Name).data().toString(), u"Dana Whitfield"_s);
    QCOMPARE(model->index(dana, UsersModel::RoleColumn).data().toString(), u"Dispatcher"_s);
    QCOMPARE(model->index(dana, UsersModel::Status).data().toString(), u"Active"_s);
}

void TestUsersPage::newUserThroughTheDialog()
{
    m_page->newButton()->click();
    UserDialog *dialog = m_page->openDialog();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(dialog->isNewUser());
    QVERIFY(dialog->passwordEdit()->text().size() >= 8); // a first password is suggested
    dialog->usernameEdit()->setText(u"sam"_s);
    dialog->nameEdit()->setText(u"Sam Whitaker"_s);
    dialog->hasHomeBox()->setChecked(true);
    dialog->latBox()->setValue(30.25);
    dialog->lngBox()->setValue(-97.75);
    const QString password = dialog->passwordEdit()->text();
    QSignalSpy saved(m_page.get(), &UsersPage::userSaved);
    dialog->save();
    QVERIFY(saved.wait(10000));
    const User created = saved.first().first().value<User>();
    QCOMPARE(created.name, u"Sam Whitaker"_s);
    QCOMPARE(m_page->selectedUser()->id, created.id);

    // The first password is shown once to hand over, and it signs in.
    QTRY_VERIFY(m_page->passwordDialog() && m_page->passwordDialog()->isVisible());
    QCOMPARE(m_page->passwordDialog()->password(), password);
    m_page->passwordDialog()->close();
    HttpTestClient sam(m_server.apiUrl({}));
    QVERIFY(sam.login(u"sam"_s, password));
    QCOMPARE(sam.loggedInUser().value(u"role"_s).toString(), u"pro"_s);
    QCOMPARE(serverUser(created.id).value(u"home"_s).toObject().value(u"lat"_s).toDouble(), 30.25);

    // The same username again is refused in the dialog, which keeps what was typed.
    m_page->newButton()->click();
    dialog = m_page->openDialog();
    dialog->usernameEdit()->setText(u"sam"_s);
    dialog->nameEdit()->setText(u"Another Sam"_s);
    dialog->save();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->message().isEmpty(), 10000);
    QVERIFY2(dialog->message().contains(u"taken"_s), qPrintable(dialog->message()));
    QCOMPARE(dialog->nameEdit()->text(), u"Another Sam"_s);
    QVERIFY(dialog->isVisible());
    dialog->reject();
}

void TestUsersPage::changeIsSavedWithIfMatch()
{
    const User *selected = m_page->selectedUser();
    QVERIFY(selected);
    const QString id = selected->id;
    const int before = serverUser(id).value(u"version"_s).toInt();
    m_page->editButton()->click();
    UserDialog *dialog = m_page->openDialog();
    QVERIFY(dialog && !dialog->isNewUser());
    QVERIFY(dialog->usernameEdit()->isReadOnly());
    dialog->nameEdit()->setText(u"Samuel Whitaker"_s);
    QSignalSpy saved(m_page.get(), &UsersPage::userSaved);
    dialog->save();
    QVERIFY(saved.wait(10000));
    const QJsonObject now = serverUser(id);
    QCOMPARE(now.value(u"name"_s).toString(), u"Samuel Whitaker"_s);
    QCOMPARE(now.value(u"version"_s).toInt(), before + 1);
    QCOMPARE(m_page->model()->index(m_page->model()->rowOf(id), UsersModel::Name).data().toString(),
             u"Samuel Whitaker"_s);
    QCOMPARE(m_page->banner()->kind(), NoticeBanner::Kind::Success);
}

void TestUsersPage::anotherAdminsChangeIsNotLost()
{
    const QString id = m_page->selectedUser()->id;
    m_page->editButton()->click();
    UserDialog *dialog = m_page->openDialog();
    dialog->nameEdit()->setText(u"Sam W."_s);

    // Meanwhile another admin moves Sam's home.
    QByteArray etag;
    serverUser(id, &etag);
    QCOMPARE(
        adminHttp()
            .patchJson(u"/users/"_s + id,
                       QJsonObject{{u"home"_s, QJsonObject{{u"lat"_s, 40.7}, {u"lng"_s, -74.0}}}},
                       {{"If-Match", etag}})
            .status,
        200);

    dialog->save();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->message().isEmpty(), 10000);
    QVERIFY2(dialog->message().contains(u"Another admin changed"_s), qPrintable(dialog->message()));
    QCOMPARE(dialog->nameEdit()->text(), u"Sam W."_s); // what the admin typed stays
    QCOMPARE(serverUser(id).value(u"name"_s).toString(), u"Samuel Whitaker"_s); // nothing saved

    // Saving again puts the name on top of the other admin's home, which stays.
    QSignalSpy saved(m_page.get(), &UsersPage::userSaved);
    dialog->save();
    QVERIFY(saved.wait(10000));
    const QJsonObject now = serverUser(id);
    QCOMPARE(now.value(u"name"_s).toString(), u"Sam W."_s);
    QCOMPARE(now.value(u"home"_s).toObject().value(u"lat"_s).toDouble(), 40.7);
}

void TestUsersPage::deactivateAsksThenEndsTheirSession()
{
    const QString id = m_page->selectedUser()->id;
    HttpTestClient pro(m_server.apiUrl({}));
    const QString password = u"pro-password-1"_s;
    // Give the user a known password first (a reset shows it).
    m_page->resetButton()->click();
    QVERIFY(confirm(u"Reset password"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_page->passwordDialog() && m_page->passwordDialog()->isVisible(),
                             10000);
    const QString reset = m_page->passwordDialog()->password();
    m_page->passwordDialog()->close();
    QVERIFY(pro.login(u"sam"_s, reset));
    Q_UNUSED(password)

    QCOMPARE(m_page->activeButton()->text().remove(u'&'), u"Deactivate…"_s);
    m_page->activeButton()->click();
    QVERIFY(confirm(u"Deactivate"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->selectedUser()->active, 10000);
    QCOMPARE(
        m_page->model()->index(m_page->model()->rowOf(id), UsersModel::Status).data().toString(),
        u"Deactivated"_s);
    QCOMPARE(pro.get(u"/jobs"_s).status, 401);
    QCOMPARE(m_page->activeButton()->text().remove(u'&'), u"Reactivate"_s);

    // Reactivate needs no confirmation.
    m_page->activeButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_page->selectedUser()->active, 10000);
    QVERIFY(HttpTestClient(m_server.apiUrl({})).login(u"sam"_s, reset));
}

void TestUsersPage::lastAdminIsRefusedInWords()
{
    const int row = [&] {
        for (int r = 0; r < m_page->model()->rowCount(); ++r) {
            if (m_page->model()->userAt(r)->role == Role::Admin)
                return r;
        }
        return -1;
    }();
    QVERIFY(row >= 0);
    m_page->view()->selectRow(row);
    const QString name = m_page->selectedUser()->name;
    m_page->activeButton()->click();
    QVERIFY(confirm(u"Deactivate"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_page->banner()->kind() == NoticeBanner::Kind::Warning, 10000);
    QVERIFY2(m_page->banner()->text().contains(u"last active admin"_s),
             qPrintable(m_page->banner()->text()));
    QVERIFY(m_page->banner()->text().contains(name));
    QVERIFY(m_page->selectedUser()->active);
}

void TestUsersPage::resetShowsThePasswordOnce()
{
    int row = -1;
    for (int r = 0; r < m_page->model()->rowCount(); ++r) {
        if (m_page->model()->userAt(r)->username == u"diego"_s)
            row = r;
    }
    QVERIFY(row >= 0);
    m_page->view()->selectRow(row);
    const User user = *m_page->selectedUser();
    m_page->resetButton()->click();
    QVERIFY(confirm(u"Reset password"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_page->passwordDialog() && m_page->passwordDialog()->isVisible(),
                             10000);
    const QString password = m_page->passwordDialog()->password();
    QVERIFY(password.size() >= 16);
    m_page->passwordDialog()->close();
    QVERIFY(HttpTestClient(m_server.apiUrl({})).login(user.username, password));
}

void TestUsersPage::ownPasswordChange()
{
    net::ApiClient api(m_server.baseUrl());
    const auto login = await<net::LoginResult>([&](QObject *context, auto done) {
        api.login(u"dana"_s, u"demo-password"_s, context, done);
    });
    QVERIFY(login && login->ok());
    net::UserClient users(&api);
    auto *dialog = new ChangePasswordDialog(&users);
    QPointer<ChangePasswordDialog> guard(dialog);
    dialog->open();
    dialog->currentEdit()->setText(u"wrong-password"_s);
    dialog->newEdit()->setText(u"dana-new-password"_s);
    dialog->repeatEdit()->setText(u"dana-new-passwort"_s);
    dialog->save();
    QVERIFY(dialog->message().contains(u"differ"_s)); // checked before anything is sent
    dialog->repeatEdit()->setText(u"dana-new-password"_s);
    dialog->save();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->message().contains(u"current password is wrong"_s), 10000);
    dialog->currentEdit()->setText(u"demo-password"_s);
    QSignalSpy changed(dialog, &ChangePasswordDialog::changed);
    dialog->save();
    QVERIFY(changed.wait(10000));
    QTRY_VERIFY(!guard); // closed and deleted
    QVERIFY(HttpTestClient(m_server.apiUrl({})).login(u"dana"_s, u"dana-new-password"_s));
}

void TestUsersPage::everyControlHasAnAccessibleName()
{
    m_page->newButton()->click();
    QList<QWidget *> widgets = m_page->findChildren<QWidget *>();
    widgets += m_page->openDialog()->findChildren<QWidget *>();
    for (QWidget *widget : std::as_const(widgets)) {
        const bool control =
            qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget) ||
            qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSpinBox *>(widget) ||
            qobject_cast<QTableView *>(widget);
        if (!control || !widget->isVisibleTo(widget->window()) ||
            widget->inherits("QToolButton") /* the banner's close button */)
            continue;
        if (qobject_cast<QLineEdit *>(widget) && qobject_cast<QAbstractSpinBox *>(widget->parent()))
            continue; // a spin box's own editor
        QVERIFY2(!widget->accessibleName().isEmpty(),
                 qPrintable(QStringLiteral("no accessible name: %1 %2")
                                .arg(QString::fromLatin1(widget->metaObject()->className()),
                                     widget->objectName())));
    }
    m_page->openDialog()->reject();
}

void TestUsersPage::screenshot()
{
    // The page as an admin meets it, a user selected (docs/screenshots/users.png).
    m_page->resize(1100, 560);
    m_page->view()->selectRow(std::min(2, m_page->model()->rowCount() - 1));
    saveScreenshot(m_page.get(), u"users.png"_s);
}

QTEST_MAIN(TestUsersPage)
#include "tst_userspage.moc"
