#pragma once

// A console window signed in through its own login dialog, for the widget suites that drive
// the whole window (header-only: only suites that link dispatch_ui include it).

#include "testhelpers.h"

#include <logindialog.h>
#include <mainwindow.h>

#include <QLineEdit>
#include <QTest>
#include <QUrl>

#include <memory>

namespace dispatch::test {

/// A MainWindow on `server`, shown, signed in as `username` by typing into the login dialog,
/// its board loaded; null on failure.
inline std::unique_ptr<ui::MainWindow> signedInWindow(const QUrl &server, const QString &username,
                                                      const QString &password)
{
    auto window = std::make_unique<ui::MainWindow>();
    window->connectToServer(server);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return {};
    ui::LoginDialog *login = window->loginDialog();
    if (!login || !QTest::qWaitFor([login] { return login->isVisible(); }, kAnswerWaitMs))
        return {};
    auto *user = login->findChild<QLineEdit *>(QStringLiteral("usernameEdit"));
    auto *secret = login->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    if (!user || !secret)
        return {};
    user->selectAll();
    QTest::keyClicks(user, username);
    secret->selectAll();
    QTest::keyClicks(secret, password);
    QTest::keyClick(secret, Qt::Key_Return);
    ui::MainWindow *raw = window.get();
    if (!QTest::qWaitFor([raw] { return raw->isBoardLoaded(); }, kAnswerWaitMs))
        return {};
    return window;
}

} // namespace dispatch::test
