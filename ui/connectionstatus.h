#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;

namespace dispatch::ui {

/// The status bar's right corner: who is signed in, to which server, and whether the console
/// can reach it ("Connected", "Reconnecting…", "Offline").
class ConnectionStatus final : public QWidget {
    Q_OBJECT
public:
    enum class State { Starting, Connecting, Connected, Offline };
    Q_ENUM(State)

    explicit ConnectionStatus(QWidget *parent = nullptr);

    /// `who`: "Dana Whitfield (dispatcher)"; empty when nobody is signed in.
    void setUser(const QString &who);
    /// `embedded`: the in-process server, shown as "local server" with its address.
    void setServer(const QUrl &url, bool embedded);
    void setState(State state, const QString &detail = {});
    State state() const { return m_state; }
    /// All of it as one line, as the labels show it (for tests and accessibility).
    QString summary() const;
    static QString stateText(State state);

private:
    QLabel *m_user = nullptr;
    QLabel *m_server = nullptr;
    QLabel *m_stateLabel = nullptr;
    State m_state = State::Starting;
};

} // namespace dispatch::ui
