#pragma once

#include "httptestclient.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace dispatch::test {

class DispatchdProcess;

/// A user made for a test, with the token of its login.
struct TestUser {
    QString id;
    QString username;
    QString password;
    QByteArray token;
    QString role;
};

/// An office of users made through the real API as admin: the dispatcher "disp" and pros
/// "pro1".."proN" with homes around Austin, TX (30.27, -97.74), each logged in. Failures are
/// reported with qWarning and a false/empty return, never QVERIFY, so a helper can be called
/// from anywhere; the test checks the return value.
class TestOffice final {
public:
    explicit TestOffice(DispatchdProcess &server);

    /// Logs the admin in and creates and logs in the dispatcher and `pros` pros.
    bool setUp(int pros = 4);

    TestUser admin;
    TestUser dispatcher;
    QList<TestUser> pros;

    /// A new client (its own connection) carrying the user's token.
    HttpTestClient client(const TestUser &user) const;
    /// Creates a user as admin (role "admin", "dispatcher" or "pro") and logs it in.
    bool addUser(const QString &username, const QString &role, const QJsonValue &home,
                 TestUser *user);
    /// POST /jobs {"fields": fields} as the dispatcher; the job, or {} on failure.
    QJsonObject createJob(const QJsonObject &fields, QByteArray *etag = nullptr);

    /// Where pro N (1-based) lives: a few miles apart around Austin.
    static QJsonObject proHome(int index);

private:
    DispatchdProcess &m_server;
};

} // namespace dispatch::test
