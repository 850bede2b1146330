#pragma once

#include <eventstreamclient.h>

#include <QColor>
#include <QDateTime>
#include <QUrl>
#include <QWidget>

#include <chrono>
#include <optional>

class QLabel;
class QToolButton;

namespace dispatch::ui {

/// The status bar's right corner: who is signed in, to which server, whether the console can
/// reach it, and, once signed in, the live-sync indicator of issue 6: "Live", "Polling (since
/// HH:MM)", "Offline" or "Connecting…" (with a tooltip saying what is happening and what the
/// console does about it) and "Last change HH:MM:SS", the commit time of the newest change the
/// stream applied.
class ConnectionStatus final : public QWidget {
    Q_OBJECT
public:
    /// Reachability before the stream reports (the embedded server starting, signed out, a
    /// request that could not reach the server). NotSignedIn shows no state: nothing is being
    /// connected until someone signs in.
    enum class State { Starting, NotSignedIn, Connecting, Connected, Offline };
    Q_ENUM(State)

    explicit ConnectionStatus(QWidget *parent = nullptr);

    /// `who`: "Dana Whitfield (dispatcher)"; empty when nobody is signed in.
    void setUser(const QString &who);
    /// `embedded`: the in-process server, shown as "local server" with its address.
    void setServer(const QUrl &url, bool embedded);
    /// Shows a reachability state; the stream's indicator (if any) is dropped until the next
    /// setStreamState().
    void setState(State state, const QString &detail = {});
    State state() const { return m_state; }

    /// The event stream's state since `since`; `pollEvery` is the stream's poll interval while
    /// its socket is down (for the tooltip). Also sets state(): Live and Polling reach the
    /// server (Connected), Connecting is Connecting, Offline is Offline.
    void setStreamState(net::EventStreamClient::State state, const QDateTime &since,
                        std::chrono::milliseconds pollEvery);
    /// The stream's state while one reports; empty before and after (signed out).
    std::optional<net::EventStreamClient::State> streamState() const { return m_stream; }
    /// The commit time of the newest change received; an invalid time hides the label.
    void setLastChange(const QDateTime &at);
    /// While offline: when the console next tries the server ("Offline · next try 14:05:31").
    void setNextRetry(const QDateTime &at);
    /// "Retry now", shown while offline.
    QToolButton *retryButton() const { return m_retry; }

    /// What the "connectionState" label says, as plain text ("Polling (since 14:05)").
    QString stateLabelText() const;
    /// What the "lastChange" label says ("Last change 14:05:31"); empty when hidden.
    QString lastChangeText() const;
    /// All of it as one line, as the labels show it (for tests and accessibility).
    QString summary() const;
    static QString stateText(State state);
    /// "Live", "Polling (since HH:MM)" (local time), "Offline", "Connecting…".
    static QString streamText(net::EventStreamClient::State state, const QDateTime &since);

Q_SIGNALS:
    /// The user pressed "Retry now".
    void retryRequested();

private:
    void showState(const QString &text, const QColor &color, const QString &tooltip);
    void updateRetry();

    QLabel *m_user = nullptr;
    QLabel *m_server = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_lastChange = nullptr;
    QToolButton *m_retry = nullptr;
    QDateTime m_nextRetry;
    QString m_stateTooltip;
    State m_state = State::Starting;
    std::optional<net::EventStreamClient::State> m_stream;
    QString m_stateText;
};

} // namespace dispatch::ui
