#pragma once

#include "photouploadmodel.h"

#include <QFrame>

class QLabel;
class QProgressBar;
class QPushButton;

namespace dispatch::ui {

/// One file of PhotoUploadPanel: the name with Cancel, Retry or Dismiss beside it, and under it
/// a progress bar while it is on its way and what happened in words. Every control has an
/// accessible name that says which file it is about.
class PhotoUploadRow final : public QFrame {
    Q_OBJECT
public:
    explicit PhotoUploadRow(quint64 id, QWidget *parent = nullptr);

    quint64 itemId() const { return m_id; }
    void setItem(const PhotoUploadItem &item);

    QString fileName() const;
    QString stateText() const;
    QProgressBar *progressBar() const { return m_bar; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *dismissButton() const { return m_dismiss; }

Q_SIGNALS:
    void cancelRequested(quint64 id);
    void retryRequested(quint64 id);
    void dismissRequested(quint64 id);

private:
    quint64 m_id;
    QLabel *m_name;
    QLabel *m_state;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
    QPushButton *m_retry;
    QPushButton *m_dismiss;
};

} // namespace dispatch::ui
