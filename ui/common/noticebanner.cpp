#include "noticebanner.h"

#include "palette.h"

#include <QAccessible>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace dispatch::ui {

namespace {

Palette::Notice paletteKind(NoticeBanner::Kind kind)
{
    switch (kind) {
    case NoticeBanner::Kind::Success:
        return Palette::Notice::Success;
    case NoticeBanner::Kind::Info:
        return Palette::Notice::Info;
    case NoticeBanner::Kind::Warning:
        return Palette::Notice::Warning;
    case NoticeBanner::Kind::Error:
        return Palette::Notice::Error;
    }
    return Palette::Notice::Info;
}

QStyle::StandardPixmap iconFor(NoticeBanner::Kind kind)
{
    switch (kind) {
    case NoticeBanner::Kind::Success:
        return QStyle::SP_DialogApplyButton;
    case NoticeBanner::Kind::Info:
        return QStyle::SP_MessageBoxInformation;
    case NoticeBanner::Kind::Warning:
        return QStyle::SP_MessageBoxWarning;
    case NoticeBanner::Kind::Error:
        return QStyle::SP_MessageBoxCritical;
    }
    return QStyle::SP_MessageBoxInformation;
}

} // namespace

NoticeBanner::NoticeBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("noticeBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Notice"));

    m_icon->setObjectName(QStringLiteral("noticeIcon"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setFixedSize(iconSize, iconSize);

    m_text->setObjectName(QStringLiteral("noticeText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_close->setObjectName(QStringLiteral("noticeCloseButton"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss this message"));
    m_close->setAccessibleName(tr("Dismiss message"));
    connect(m_close, &QToolButton::clicked, this, [this] {
        clear();
        Q_EMIT closed();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    setVisible(false);
}

void NoticeBanner::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    m_message = text;
    // The style sheet names this banner by its object name, which the page may have changed.
    setStyleSheet(Palette::noticeStyleSheet(objectName(), paletteKind(kind)));
    const int iconSize = m_icon->width();
    m_icon->setPixmap(style()->standardIcon(iconFor(kind)).pixmap(iconSize, iconSize));
    m_icon->setAccessibleName(kindName(kind));
    m_text->setText(text);
    m_text->setAccessibleName(text);
    m_text->setAccessibleDescription(kindName(kind));
    setAccessibleDescription(kindName(kind));
    m_close->setVisible(m_closable);
    setVisible(true);
    // Screen readers speak an Alert at once, wherever the focus is (AT-SPI "alert" role event).
    QAccessibleEvent alert(m_text, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

void NoticeBanner::clear()
{
    m_message.clear();
    m_text->clear();
    m_text->setAccessibleName(QString());
    m_text->setAccessibleDescription(QString());
    setVisible(false);
}

QString NoticeBanner::text() const
{
    return m_message;
}

void NoticeBanner::setClosable(bool closable)
{
    m_closable = closable;
    m_close->setVisible(closable && hasMessage());
}

QString NoticeBanner::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Success:
        return tr("Done");
    case Kind::Info:
        return tr("Information");
    case Kind::Warning:
        return tr("Warning");
    case Kind::Error:
        return tr("Error");
    }
    return {};
}

} // namespace dispatch::ui
