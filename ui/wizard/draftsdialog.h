#pragma once

#include <draft.h>

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;

namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class DraftListModel;

/// Job › Drafts…: the signed-in user's unpublished drafts as the server lists them (so they
/// follow the user across restarts and machines), newest first, with Resume (Enter, double
/// click) and Discard (Delete, after a confirmation; sent with the draft's ETag).
class DraftsDialog final : public QDialog {
    Q_OBJECT
public:
    DraftsDialog(net::ApiClient *api, QWidget *parent = nullptr);

    DraftListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *discardButton() const { return m_discard; }
    QString statusText() const;

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loaded();
    void resumeRequested(const dispatch::Draft &draft);
    void discarded(const QString &draftId);

private:
    void resumeCurrent();
    void discardCurrent();
    void setStatus(const QString &text);
    void updateButtons();

    net::ApiClient *m_api;
    DraftListModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    QPushButton *m_resume;
    QPushButton *m_discard;
};

} // namespace dispatch::ui
