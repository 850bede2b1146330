#pragma once

#include "noticebanner.h"

#include <QWidget>

#include <chrono>
#include <functional>

class QPushButton;
class QTimer;

namespace dispatch::ui {

/// A NoticeBanner with one button beside it, for a message that offers its next step: "Moved to
/// Scheduled. [Show it]", "Unassigned from Sam Whitaker. [Undo]". The button runs the step the
/// message was shown with; a message with a time limit (an undo) goes away by itself when it
/// runs out, and the button with it. Hidden while there is no message.
class ActionNotice final : public QWidget {
    Q_OBJECT
public:
    explicit ActionNotice(QWidget *parent = nullptr);

    /// Shows `text`, with a button labelled `buttonText` that runs `step` (and clears the
    /// notice first). With a `timeout` the notice clears itself after that long.
    void showMessage(NoticeBanner::Kind kind, const QString &text, const QString &buttonText,
                     std::function<void()> step,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds::zero());
    /// Shows `text` alone, without a button.
    void showMessage(NoticeBanner::Kind kind, const QString &text);
    void clear();

    QString text() const;
    QPushButton *button() const { return m_button; }
    bool hasMessage() const { return m_banner->hasMessage(); }
    /// Whether the message shown goes away by itself (an undo's).
    bool isTimed() const;

Q_SIGNALS:
    /// A timed message ran out without its button being pressed.
    void expired();

private:
    NoticeBanner *m_banner = nullptr;
    QPushButton *m_button = nullptr;
    QTimer *m_expiry = nullptr;
    std::function<void()> m_step;
};

} // namespace dispatch::ui
