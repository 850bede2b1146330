#include "messagepage.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace dispatch::ui {

MessagePage::MessagePage(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_signIn(new QPushButton(tr("&Sign in…"), this))
{
    m_text->setObjectName(QStringLiteral("startMessage"));
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_text->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_text->setFont(big);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setAccessibleName(tr("Sign in"));
    m_signIn->setDefault(true);
    m_signIn->hide();
    connect(m_signIn, &QPushButton::clicked, this, &MessagePage::signInRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_text);
    layout->addSpacing(12);
    layout->addWidget(m_signIn, 0, Qt::AlignHCenter);
    layout->addStretch(1);
}

void MessagePage::show(const QString &text, bool busy, bool offerSignIn)
{
    m_text->setText(text);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
    m_signIn->setVisible(offerSignIn);
    if (offerSignIn && isVisible())
        m_signIn->setFocus(Qt::OtherFocusReason);
}

QString MessagePage::text() const
{
    return m_text->text();
}

} // namespace dispatch::ui
