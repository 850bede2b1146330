#include "actionnotice.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QTimer>

namespace dispatch::ui {

ActionNotice::ActionNotice(QWidget *parent)
    : QWidget(parent)
    , m_banner(new NoticeBanner(this))
    , m_button(new QPushButton(this))
    , m_expiry(new QTimer(this))
{
    m_banner->setObjectName(QStringLiteral("actionNoticeBanner"));
    m_button->setObjectName(QStringLiteral("actionNoticeButton"));
    m_button->setAutoDefault(false);
    m_expiry->setSingleShot(true);
    connect(m_expiry, &QTimer::timeout, this, [this] {
        clear();
        Q_EMIT expired();
    });
    connect(m_banner, &NoticeBanner::closed, this, &ActionNotice::clear);
    connect(m_button, &QPushButton::clicked, this, [this] {
        const std::function<void()> step = std::move(m_step);
        clear();
        if (step)
            step();
    });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner, 1);
    layout->addWidget(m_button, 0, Qt::AlignVCenter);
    hide();
}

void ActionNotice::showMessage(NoticeBanner::Kind kind, const QString &text,
                               const QString &buttonText, std::function<void()> step,
                               std::chrono::milliseconds timeout)
{
    m_step = std::move(step);
    m_banner->showMessage(kind, text);
    m_button->setText(buttonText);
    m_button->setAccessibleName(buttonText);
    m_button->setVisible(m_step != nullptr);
    if (timeout > std::chrono::milliseconds::zero())
        m_expiry->start(timeout);
    else
        m_expiry->stop();
    show();
}

void ActionNotice::showMessage(NoticeBanner::Kind kind, const QString &text)
{
    showMessage(kind, text, {}, nullptr);
}

void ActionNotice::clear()
{
    m_expiry->stop();
    m_step = nullptr;
    m_banner->clear();
    hide();
}

bool ActionNotice::isTimed() const
{
    return m_expiry->isActive();
}

QString ActionNotice::text() const
{
    return m_banner->text();
}

} // namespace dispatch::ui
