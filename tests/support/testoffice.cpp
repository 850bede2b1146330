#include "testoffice.h"

#include "dispatchdprocess.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTestOffice, "dispatch.test.office")

namespace dispatch::test {

TestOffice::TestOffice(DispatchdProcess &server)
    : m_server(server)
{}

HttpTestClient TestOffice::client(const TestUser &user) const
{
    HttpTestClient client(m_server.apiUrl({}));
    client.setToken(user.token);
    return client;
}

QJsonObject TestOffice::proHome(int index)
{
    // About 2.5 miles apart, alternating north-east and south-west of downtown Austin.
    const double step = 0.036 * ((index + 1) / 2) * (index % 2 == 0 ? -1 : 1);
    return QJsonObject{{QStringLiteral("lat"), 30.27 + step},
                       {QStringLiteral("lng"), -97.74 + step}};
}

bool TestOffice::addUser(const QString &username, const QString &role, const QJsonValue &home,
                         TestUser *user)
{
    HttpTestClient asAdmin = client(admin);
    const QString password = username + QStringLiteral("-secret-pw");
    const HttpResult created = asAdmin.postJson(
        QStringLiteral("/users"),
        QJsonObject{{QStringLiteral("username"), username},
                    {QStringLiteral("password"), password},
                    {QStringLiteral("name"), QString(QStringLiteral("Test ") + username)},
                    {QStringLiteral("role"), role},
                    {QStringLiteral("home"), home}});
    if (created.status != 201) {
        qCWarning(lcTestOffice).noquote()
            << "POST /users" << username << "->" << QString::fromUtf8(created.describe());
        return false;
    }
    TestUser made;
    made.id = created.json().value(QLatin1String("id")).toString();
    made.username = username;
    made.password = password;
    made.role = role;
    HttpTestClient session(m_server.apiUrl({}));
    if (made.id.isEmpty() || !session.login(username, password)) {
        qCWarning(lcTestOffice) << "user" << username << "has no id or cannot log in";
        return false;
    }
    made.token = session.token();
    *user = made;
    return true;
}

bool TestOffice::setUp(int proCount)
{
    admin = {};
    admin.username = QStringLiteral("admin");
    admin.password = QString::fromUtf8(m_server.adminPassword());
    admin.role = QStringLiteral("admin");
    HttpTestClient session(m_server.apiUrl({}));
    if (!session.login(admin.username, admin.password))
        return false;
    admin.token = session.token();
    admin.id = session.loggedInUser().value(QLatin1String("id")).toString();

    if (!addUser(QStringLiteral("disp"), QStringLiteral("dispatcher"), QJsonValue::Null,
                 &dispatcher))
        return false;
    pros.clear();
    for (int i = 1; i <= proCount; ++i) {
        TestUser pro;
        if (!addUser(QStringLiteral("pro%1").arg(i), QStringLiteral("pro"), proHome(i), &pro))
            return false;
        pros.append(pro);
    }
    return true;
}

QJsonObject TestOffice::createJob(const QJsonObject &fields, QByteArray *etag)
{
    HttpTestClient asDispatcher = client(dispatcher);
    const HttpResult created = asDispatcher.postJson(
        QStringLiteral("/jobs"), QJsonObject{{QStringLiteral("fields"), fields}});
    if (created.status != 201) {
        qCWarning(lcTestOffice).noquote()
            << "POST /jobs ->" << QString::fromUtf8(created.describe());
        return {};
    }
    if (etag)
        *etag = created.header("ETag");
    return created.json();
}

} // namespace dispatch::test
