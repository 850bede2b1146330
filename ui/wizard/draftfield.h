#pragma once

#include <QJsonValue>
#include <QObject>
#include <QPointer>

#include <functional>

class QLabel;
class QWidget;

namespace dispatch::net {
class DraftSaver;
}

namespace dispatch::ui {

/// One field of the new-job wizard: its editor (a QLineEdit, QPlainTextEdit or a QComboBox
/// whose item data are the values), the label above it and a line under it for what is wrong
/// with the value, in words. Every edit is checked as the user types (fieldValueFromText(),
/// the editor's rule); a valid value goes to the draft's saver, which saves it after the
/// quiet time; an invalid one stays on screen with its error and is not sent
/// (DraftSaver::markInvalid()). Values the server brings (another window's change, a
/// resolution) are shown without counting as an edit.
class DraftField final : public QObject {
    Q_OBJECT
public:
    /// Turns the checked value into what the draft stores (`geo` gets its jurisdiction).
    using ToDraft = std::function<QJsonValue(const QJsonValue &)>;

    /// Makes the editor (object name "field_KEY"), its label and error line under `parent`.
    DraftField(const QString &key, QWidget *parent);

    QString key() const { return m_key; }
    QWidget *editor() const { return m_editor; }
    QLabel *label() const { return m_label; }
    QLabel *errorLabel() const { return m_error; }
    /// The editor, label and error as one widget, for a page's layout.
    QWidget *row() const { return m_row; }

    void setToDraft(ToDraft toDraft) { m_toDraft = std::move(toDraft); }
    /// From now on edits are saved through `saver` (null: kept on screen only).
    void setSaver(net::DraftSaver *saver);

    /// The text as typed, and whether it is a valid value.
    QString text() const;
    bool isValid() const;
    /// The checked value, in the draft's form; null when empty or invalid.
    QJsonValue value() const;
    /// Shows `value` (the draft's form) without it counting as an edit.
    void show(const QJsonValue &value);
    /// Shows an error from the server under the field.
    void showError(const QString &text);

Q_SIGNALS:
    void edited();

private:
    void onEdited();
    void setText(const QString &text);

    QString m_key;
    QWidget *m_row = nullptr;
    QWidget *m_editor = nullptr;
    QLabel *m_label = nullptr;
    QLabel *m_error = nullptr;
    QPointer<net::DraftSaver> m_saver;
    ToDraft m_toDraft;
    bool m_loading = false;
};

} // namespace dispatch::ui
