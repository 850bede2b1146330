#include "connectionstatus.h"

#include <QHBoxLayout>
#include <QLabel>

namespace dispatch::ui {

ConnectionStatus::ConnectionStatus(QWidget *parent)
    : QWidget(parent)
    , m_user(new QLabel(this))
    , m_server(new QLabel(this))
    , m_stateLabel(new QLabel(this))
{
    m_user->setObjectName(QStringLiteral("connectionUser"));
    m_server->setObjectName(QStringLiteral("connectionServer"));
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_user);
    layout->addWidget(m_server);
    layout->addWidget(m_stateLabel);
    setState(State::Starting);
}

void ConnectionStatus::setUser(const QString &who)
{
    m_user->setText(who.isEmpty() ? tr("Not signed in") : tr("Signed in as %1").arg(who));
}

void ConnectionStatus::setServer(const QUrl &url, bool embedded)
{
    const QString address = url.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    m_server->setText(embedded ? tr("Local server %1").arg(address) : tr("Server %1").arg(address));
}

void ConnectionStatus::setState(State state, const QString &detail)
{
    m_state = state;
    static const char *const colors[] = {"#757575", "#e65100", "#2e7d32", "#c62828"};
    // A dot in the state's colour; the word carries the meaning.
    m_stateLabel->setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2")
                              .arg(QLatin1String(colors[int(state)]), stateText(state)));
    m_stateLabel->setToolTip(detail);
}

QString ConnectionStatus::stateText(State state)
{
    switch (state) {
    case State::Starting:
        return tr("Starting…");
    case State::Connecting:
        return tr("Reconnecting…");
    case State::Connected:
        return tr("Connected");
    case State::Offline:
        return tr("Offline");
    }
    return {};
}

QString ConnectionStatus::summary() const
{
    return m_user->text() + QStringLiteral(" · ") + m_server->text() + QStringLiteral(" · ") +
           stateText(m_state);
}

} // namespace dispatch::ui
