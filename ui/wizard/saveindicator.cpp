#include "saveindicator.h"

#include "errormessages.h"
#include "palette.h"

#include <fieldkeys.h>

#include <QAccessible>

namespace dispatch::ui {

SaveIndicator::SaveIndicator(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("saveIndicator"));
    setAccessibleName(tr("Draft status"));
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    refresh();
}

void SaveIndicator::setSaver(net::DraftSaver *saver)
{
    if (m_saver)
        disconnect(m_saver, nullptr, this, nullptr);
    m_saver = saver;
    if (saver)
        connect(saver, &net::DraftSaver::stateChanged, this, &SaveIndicator::refresh);
    refresh();
}

QString SaveIndicator::textFor(const net::DraftSaver &saver)
{
    using State = net::DraftSaver::State;
    switch (saver.state()) {
    case State::Saved:
        return tr("Saved");
    case State::Saving:
        return tr("Saving…");
    case State::Retrying:
        return tr("Not saved — retrying");
    case State::NeedsDecision:
        return tr("Not saved — choose which values to keep");
    case State::NotSaved:
        break;
    }
    if (!saver.invalidFields().isEmpty())
        return tr("Not saved: %1 needs a valid value")
            .arg(fieldLabel(saver.invalidFields().first()));
    if (!saver.rejectedFields().isEmpty())
        return tr("Not saved: %1 was refused")
            .arg(fieldLabel(saver.rejectedFields().keys().first()));
    if (!saver.heldFields().isEmpty())
        return tr("Not saved: %1 (change it again to save your value)")
            .arg(fieldLabel(saver.heldFields().first()));
    return tr("Not saved: %1").arg(describeError(saver.lastError(), tr("save the draft")).text);
}

void SaveIndicator::refresh()
{
    const QString before = text();
    if (!m_saver) {
        setText(tr("Not saved yet"));
        setStyleSheet({});
    } else {
        setText(textFor(*m_saver));
        const bool bad = m_saver->state() == net::DraftSaver::State::NotSaved ||
                         m_saver->state() == net::DraftSaver::State::NeedsDecision ||
                         m_saver->state() == net::DraftSaver::State::Retrying;
        setStyleSheet(bad ? Palette::textStyleSheet(Palette::validationText()) : QString());
    }
    setAccessibleDescription(text());
    if (text() != before && isVisible()) {
        QAccessibleEvent event(this, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
}

} // namespace dispatch::ui
