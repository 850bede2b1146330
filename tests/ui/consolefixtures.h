#pragma once

// What the console's widget suites share about the main window: one signed in without the
// login dialog, its board loaded.

#include "mainwindow.h"
#include "testhelpers.h"
#include "uitesthelpers.h" // saveScreenshot

#include <QTest>
#include <QUrl>

#include <memory>

namespace dispatch::test {

/// A main window for `server`, signed in as `user` (the login dialog it opens is dismissed),
/// shown, its board loaded; null when any step did not happen in time.
inline std::unique_ptr<ui::MainWindow> signedInWindow(const QUrl &server, const QString &user,
                                                      const QString &password)
{
    auto window = std::make_unique<ui::MainWindow>();
    window->connectToServer(server);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    if (window->loginDialog())
        window->loginDialog()->reject();
    window->signInDirectly(user, password);
    if (!QTest::qWaitFor([&] { return window->isBoardLoaded(); }, kAnswerWaitMs))
        return nullptr;
    return window;
}

} // namespace dispatch::test
