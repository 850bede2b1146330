#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace dispatch::ui {

/// The window's page while nobody is signed in: a sentence in large type (the local server
/// starting, why the console is signed out, why the server cannot start) and, when signing in
/// is what comes next, a "Sign in…" button, so nobody has to learn a menu shortcut or restart
/// the console to get back in.
class MessagePage final : public QWidget {
    Q_OBJECT
public:
    explicit MessagePage(QWidget *parent = nullptr);

    /// `busy`: a busy cursor while the console works on its own (the local server starting).
    /// `offerSignIn`: shows the Sign in button (and gives it the focus).
    void show(const QString &text, bool busy, bool offerSignIn);
    QString text() const;
    QPushButton *signInButton() const { return m_signIn; }

Q_SIGNALS:
    void signInRequested();

private:
    QLabel *m_text = nullptr;
    QPushButton *m_signIn = nullptr;
};

} // namespace dispatch::ui
