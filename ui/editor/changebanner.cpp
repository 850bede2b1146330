#include "changebanner.h"

#include "palette.h"

#include <jobeditsession.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace dispatch::ui {

ChangeBanner::ChangeBanner(net::JobEditSession *session, QWidget *parent)
    : QFrame(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("changeBanner"));
    setFrameShape(QFrame::StyledPanel);
    // A calm note, not an alarm (nextcloud/desktop #1195): pale blue, dark text.
    setStyleSheet(Palette::bannerStyleSheet(objectName()));

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);

    m_merge = new QPushButton(tr("&Merge now"), this);
    m_merge->setObjectName(QStringLiteral("mergeNowButton"));
    m_merge->setToolTip(tr("Bring their version into your edit now; you decide where both of "
                           "you changed the same field"));

    m_dismiss = new QPushButton(this);
    m_dismiss->setObjectName(QStringLiteral("dismissBannerButton"));
    m_dismiss->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_dismiss->setFlat(true);
    m_dismiss->setToolTip(tr("Dismiss"));
    m_dismiss->setAccessibleName(tr("Dismiss"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_merge);
    layout->addWidget(m_dismiss);

    connect(m_merge, &QPushButton::clicked, this, [this] {
        dismiss();
        if (m_session)
            m_session->mergeRemote();
    });
    connect(m_dismiss, &QPushButton::clicked, this, &ChangeBanner::dismiss);

    if (session) {
        connect(session, &net::JobEditSession::autoMerged, this,
                [this](const MergeResult &, const net::VersionedJob &theirs) {
                    showReapplied(theirs.job.updatedBy);
                });
        connect(
            session, &net::JobEditSession::changedRemotely, this,
            [this](const net::VersionedJob &theirs) { showChangedRemotely(theirs.job.updatedBy); });
        // The dialog takes over; and a base that moved without edits needs no merge.
        connect(session, &net::JobEditSession::conflictsFound, this, [this] {
            if (m_mode == Mode::ChangedRemotely)
                dismiss();
        });
        connect(session, &net::JobEditSession::baseChanged, this, [this] {
            if (m_mode == Mode::ChangedRemotely)
                dismiss();
        });
    }
    setVisible(false);
}

QString ChangeBanner::text() const
{
    return m_mode == Mode::Hidden ? QString() : m_text->text();
}

QString ChangeBanner::nameOf(const QString &userId) const
{
    if (userId.isEmpty())
        return tr("Someone");
    return m_directory ? m_directory->name(userId) : net::UserDirectory::formerUser();
}

void ChangeBanner::showReapplied(const QString &userId)
{
    setMode(Mode::Reapplied,
            tr("%1 changed this job; your edits were re-applied on top").arg(nameOf(userId)));
}

void ChangeBanner::showChangedRemotely(const QString &userId)
{
    setMode(Mode::ChangedRemotely, tr("Changed by %1 just now").arg(nameOf(userId)));
}

void ChangeBanner::showMessage(const QString &text)
{
    setMode(Mode::Message, text);
}

void ChangeBanner::dismiss()
{
    setMode(Mode::Hidden, {});
}

void ChangeBanner::setMode(Mode mode, const QString &text)
{
    m_mode = mode;
    m_text->setText(text);
    m_merge->setVisible(mode == Mode::ChangedRemotely);
    setVisible(mode != Mode::Hidden);
}

} // namespace dispatch::ui
