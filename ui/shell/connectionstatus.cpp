#include "connectionstatus.h"

#include "palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

namespace dispatch::ui {

ConnectionStatus::ConnectionStatus(QWidget *parent)
    : QWidget(parent)
    , m_user(new QLabel(this))
    , m_server(new QLabel(this))
    , m_stateLabel(new QLabel(this))
    , m_lastChange(new QLabel(this))
    , m_retry(new QToolButton(this))
{
    m_user->setObjectName(QStringLiteral("connectionUser"));
    m_server->setObjectName(QStringLiteral("connectionServer"));
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    m_stateLabel->setTextFormat(Qt::RichText);
    m_lastChange->setObjectName(QStringLiteral("lastChange"));
    m_lastChange->setTextFormat(Qt::PlainText);
    m_lastChange->hide();
    m_retry->setObjectName(QStringLiteral("retryNow"));
    m_retry->setText(tr("Retry now"));
    m_retry->setAccessibleName(tr("Retry now"));
    m_retry->setToolTip(tr("Try to reach the server now instead of waiting for the next try."));
    m_retry->setAutoRaise(true);
    m_retry->hide();
    connect(m_retry, &QToolButton::clicked, this, &ConnectionStatus::retryRequested);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_user);
    layout->addWidget(m_server);
    layout->addWidget(m_stateLabel);
    layout->addWidget(m_retry);
    layout->addWidget(m_lastChange);
    setState(State::Starting);
}

void ConnectionStatus::setUser(const QString &who)
{
    m_user->setText(who.isEmpty() ? tr("Not signed in") : tr("Signed in as %1").arg(who));
    if (who.isEmpty())
        setLastChange({}); // the next user's stream starts afresh
}

void ConnectionStatus::setServer(const QUrl &url, bool embedded)
{
    const QString address = url.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    m_server->setText(embedded ? tr("Local server %1").arg(address) : tr("Server %1").arg(address));
}

void ConnectionStatus::setState(State state, const QString &detail)
{
    m_state = state;
    m_stream.reset();
    m_nextRetry = {};
    static constexpr Palette::Indicator indicators[] = {
        Palette::Indicator::Idle, Palette::Indicator::Idle, Palette::Indicator::Busy,
        Palette::Indicator::Good, Palette::Indicator::Bad};
    showState(stateText(state), Palette::indicator(indicators[int(state)]), detail);
    // Before sign-in there is nothing to report: the user label says "Not signed in".
    m_stateLabel->setVisible(state != State::NotSignedIn);
}

void ConnectionStatus::setStreamState(net::EventStreamClient::State state, const QDateTime &since,
                                      std::chrono::milliseconds pollEvery)
{
    using S = net::EventStreamClient::State;
    m_stream = state;
    if (state != S::Offline)
        m_nextRetry = {};
    m_stateLabel->show();
    const QString every = tr("%1 s").arg(qMax<qint64>(1, pollEvery.count() / 1000));
    const QString at = QLocale().toString(since.toLocalTime().time(), QStringLiteral("HH:mm"));
    switch (state) {
    case S::Live:
        m_state = State::Connected;
        showState(streamText(state, since), Palette::indicator(Palette::Indicator::Good),
                  tr("Connected live since %1: changes by others appear on the board as soon as "
                     "they are saved.")
                      .arg(at));
        break;
    case S::Polling:
        m_state = State::Connected;
        showState(streamText(state, since), Palette::indicator(Palette::Indicator::Busy),
                  tr("The live connection dropped at %1; checking for changes every %2 and "
                     "reconnecting in the background.")
                      .arg(at, every));
        break;
    case S::Connecting:
        m_state = State::Connecting;
        showState(streamText(state, since), Palette::indicator(Palette::Indicator::Busy),
                  tr("Opening the live connection to the server…"));
        break;
    case S::Offline:
        m_state = State::Offline;
        showState(streamText(state, since), Palette::indicator(Palette::Indicator::Bad),
                  tr("The server cannot be reached since %1. The console keeps trying to "
                     "reconnect and checks for changes every %2; what you see may be out of "
                     "date.")
                      .arg(at, every));
        break;
    }
}

void ConnectionStatus::setLastChange(const QDateTime &at)
{
    if (!at.isValid()) {
        m_lastChange->clear();
        m_lastChange->setToolTip({});
        m_lastChange->hide();
        return;
    }
    const QDateTime local = at.toLocalTime();
    m_lastChange->setText(
        tr("Last change %1").arg(QLocale().toString(local.time(), QStringLiteral("HH:mm:ss"))));
    m_lastChange->setToolTip(tr("The newest change received from the server was saved at %1.")
                                 .arg(QLocale().toString(local, QLocale::LongFormat)));
    m_lastChange->show();
}

void ConnectionStatus::setNextRetry(const QDateTime &at)
{
    m_nextRetry = at;
    if (m_state == State::Offline)
        showState(m_stream ? streamText(*m_stream, {}) : stateText(m_state),
                  Palette::indicator(Palette::Indicator::Bad), m_stateTooltip);
}

void ConnectionStatus::updateRetry()
{
    m_retry->setVisible(m_state == State::Offline);
}

void ConnectionStatus::showState(const QString &text, const QColor &color, const QString &tooltip)
{
    // A dot in the state's colour; the word carries the meaning. Offline says when the next
    // try is, so nobody wonders whether the console has given up.
    m_stateTooltip = tooltip;
    m_stateText = m_state == State::Offline && m_nextRetry.isValid()
                      ? tr("%1 · next try %2")
                            .arg(text, QLocale().toString(m_nextRetry.toLocalTime().time(),
                                                          QStringLiteral("HH:mm:ss")))
                      : text;
    updateRetry();
    const QString shown = m_stateText;
    m_stateLabel->setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2")
                              .arg(color.name(), shown.toHtmlEscaped()));
    m_stateLabel->setToolTip(tooltip);
    m_stateLabel->setAccessibleName(shown);
}

QString ConnectionStatus::stateLabelText() const
{
    return m_stateText;
}

QString ConnectionStatus::lastChangeText() const
{
    return m_lastChange->isHidden() ? QString() : m_lastChange->text();
}

QString ConnectionStatus::stateText(State state)
{
    switch (state) {
    case State::Starting:
        return tr("Starting…");
    case State::NotSignedIn:
        return {};
    case State::Connecting:
        return tr("Connecting…");
    case State::Connected:
        return tr("Connected");
    case State::Offline:
        return tr("Offline");
    }
    return {};
}

QString ConnectionStatus::streamText(net::EventStreamClient::State state, const QDateTime &since)
{
    using S = net::EventStreamClient::State;
    switch (state) {
    case S::Live:
        return tr("Live");
    case S::Polling:
        return tr("Polling (since %1)")
            .arg(QLocale().toString(since.toLocalTime().time(), QStringLiteral("HH:mm")));
    case S::Connecting:
        return tr("Connecting…");
    case S::Offline:
        return tr("Offline");
    }
    return {};
}

QString ConnectionStatus::summary() const
{
    QString line = m_user->text() + QStringLiteral(" · ") + m_server->text();
    if (!m_stateText.isEmpty())
        line += QStringLiteral(" · ") + m_stateText;
    if (const QString last = lastChangeText(); !last.isEmpty())
        line += QStringLiteral(" · ") + last;
    return line;
}

} // namespace dispatch::ui
