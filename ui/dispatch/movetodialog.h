#pragma once

#include <user.h>

#include <QDateTime>
#include <QDialog>
#include <QTimeZone>

class QComboBox;
class QDateEdit;
class QTimeEdit;

namespace dispatch::ui {

/// The keyboard's way to drop a job: "Move to…" a pro, a date and a start time (in the
/// office's zone, in 15-minute steps). It only collects the choice; the board sends it as
/// it sends a mouse drop.
class MoveToDialog final : public QDialog {
    Q_OBJECT
public:
    MoveToDialog(const QString &jobTitle, const QList<User> &pros, const QTimeZone &zone,
                 QWidget *parent = nullptr);

    /// Preselects a pro and a start (the block's current place, or the view's day).
    void setChoice(const QString &proId, const QDateTime &start);

    QString proId() const;
    /// The chosen start as UTC, on a 15-minute step.
    QDateTime startUtc() const;

    QComboBox *proBox() const { return m_pro; }
    QDateEdit *dateEdit() const { return m_date; }
    QTimeEdit *timeEdit() const { return m_time; }

private:
    QTimeZone m_zone;
    QComboBox *m_pro = nullptr;
    QDateEdit *m_date = nullptr;
    QTimeEdit *m_time = nullptr;
};

} // namespace dispatch::ui
