#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace dispatch::ui {

/// A non-modal message strip: "Another pro took this job just now.", "It's yours: scheduled
/// for …". It never beeps and never opens a box; it stays until replaced, cleared or closed.
/// A screen reader announces each message (an Alert event on its label), and the kind is
/// said in words and shown by an icon as well as by colour (palette.h).
class NoticeBanner final : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Success, Info, Warning, Error };
    Q_ENUM(Kind)

    explicit NoticeBanner(QWidget *parent = nullptr);

    /// Shows `text` (plain text) as a `kind` message and announces it.
    void showMessage(Kind kind, const QString &text);
    /// Hides the banner; text() is empty afterwards.
    void clear();

    /// The message shown; empty when hidden.
    QString text() const;
    Kind kind() const { return m_kind; }
    /// Whether a message is shown (independent of whether the parent is visible).
    bool hasMessage() const { return !m_message.isEmpty(); }

    /// Whether the user can close the banner (a close button); on by default.
    void setClosable(bool closable);
    bool isClosable() const { return m_closable; }

    /// The kind in words ("Warning"), as the label's accessible description says it.
    static QString kindName(Kind kind);

Q_SIGNALS:
    /// The user closed the banner with its close button.
    void closed();

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QToolButton *m_close = nullptr;
    QString m_message;
    Kind m_kind = Kind::Info;
    bool m_closable = true;
};

} // namespace dispatch::ui
