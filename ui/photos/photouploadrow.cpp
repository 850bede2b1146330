#include "photouploadrow.h"

#include "palette.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace dispatch::ui {

PhotoUploadRow::PhotoUploadRow(quint64 id, QWidget *parent)
    : QFrame(parent)
    , m_id(id)
    , m_name(new QLabel(this))
    , m_state(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_dismiss(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("uploadRow"));
    m_name->setObjectName(QStringLiteral("uploadName"));
    m_name->setTextFormat(Qt::PlainText);
    // A long name must not widen the pane; the whole name is in the tooltip.
    m_name->setMinimumWidth(40);
    m_name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_state->setObjectName(QStringLiteral("uploadState"));
    m_state->setTextFormat(Qt::PlainText);
    m_state->setWordWrap(true);
    m_bar->setObjectName(QStringLiteral("uploadProgress"));
    m_bar->setRange(0, 100);
    m_bar->setTextVisible(true);
    m_bar->setMaximumHeight(m_bar->fontMetrics().height() + 4);
    m_cancel->setObjectName(QStringLiteral("uploadCancel"));
    m_retry->setObjectName(QStringLiteral("uploadRetry"));
    m_dismiss->setObjectName(QStringLiteral("uploadDismiss"));
    for (QPushButton *button : {m_cancel, m_retry, m_dismiss})
        button->setAutoDefault(false);
    connect(m_cancel, &QPushButton::clicked, this, [this] { Q_EMIT cancelRequested(m_id); });
    connect(m_retry, &QPushButton::clicked, this, [this] { Q_EMIT retryRequested(m_id); });
    connect(m_dismiss, &QPushButton::clicked, this, [this] { Q_EMIT dismissRequested(m_id); });

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 2, 0, 2);
    grid->setVerticalSpacing(2);
    grid->addWidget(m_name, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_dismiss);
    grid->addLayout(buttons, 0, 1, Qt::AlignRight);
    grid->addWidget(m_bar, 1, 0, 1, 2);
    grid->addWidget(m_state, 2, 0, 1, 2);
    grid->setColumnStretch(0, 1);
}

void PhotoUploadRow::setItem(const PhotoUploadItem &item)
{
    using State = PhotoUploadItem::State;
    const QString name = item.filename;
    m_name->setText(name);
    m_name->setToolTip(item.path);
    setAccessibleName(tr("Adding %1").arg(name));
    m_bar->setAccessibleName(tr("Progress of %1").arg(name));
    m_cancel->setAccessibleName(tr("Cancel adding %1").arg(name));
    m_retry->setAccessibleName(tr("Retry adding %1").arg(name));
    m_dismiss->setAccessibleName(tr("Dismiss %1").arg(name));

    const QString text = PhotoUploadModel::stateText(item);
    m_state->setText(text);
    m_state->setAccessibleName(text);
    const bool bad = item.state == State::Refused || item.state == State::Failed;
    m_state->setStyleSheet(bad ? Palette::textStyleSheet(Palette::errorText())
                               : Palette::mutedTextStyleSheet());
    // The bar is for what is on its way or arrived; a refusal or a duplicate added nothing.
    m_bar->setValue(item.percent());
    m_bar->setVisible(!bad && item.state != State::Cancelled && item.state != State::Duplicate);

    const bool finished = item.isFinished();
    const bool canRetry = item.state == State::Failed && item.retryable;
    // Focus on a button about to hide moves to the one that takes its place in the row.
    QPushButton *focused = nullptr;
    for (QPushButton *button : {m_cancel, m_retry, m_dismiss}) {
        if (button->hasFocus())
            focused = button;
    }
    m_cancel->setVisible(!finished);
    m_retry->setVisible(canRetry);
    m_dismiss->setVisible(finished);
    if (focused && focused->isHidden())
        (canRetry ? m_retry : finished ? m_dismiss : m_cancel)->setFocus(Qt::OtherFocusReason);
}

QString PhotoUploadRow::fileName() const
{
    return m_name->text();
}

QString PhotoUploadRow::stateText() const
{
    return m_state->text();
}

} // namespace dispatch::ui
