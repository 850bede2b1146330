#pragma once

#include <apitypes.h>
#include <draft.h>
#include <versionedjob.h>

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QMainWindow;
class QMenu;
class QToolBar;

namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class DraftsDialog;
class NewJobWizard;

/// The main window's way into the new-job wizard, kept out of MainWindow: Job › New job…
/// (Ctrl+N, also a toolbar button) and Job › Drafts… (Ctrl+Shift+D), shown to dispatchers
/// and admins only (a pro never sees them). Opens wizards (several may be open, each
/// non-modal), the Drafts dialog, resumes a draft (raising its wizard when one is open), and
/// reports every published job once with jobPublished() so the window can select it.
class NewJobActions final : public QObject {
    Q_OBJECT
public:
    /// Adds the actions to `menu` and a "Jobs" toolbar to `window`.
    NewJobActions(QMainWindow *window, QMenu *menu);

    QAction *newJobAction() const { return m_newJob; }
    QAction *draftsAction() const { return m_drafts; }
    QToolBar *toolBar() const { return m_toolBar; }

    /// Signed in as `user` on `api`; null `api`: signed out (the actions are disabled and
    /// hidden, and open wizards and the dialog closed).
    void setSession(net::ApiClient *api, const net::UserInfo &user);

    NewJobWizard *newJob();
    NewJobWizard *resume(const Draft &draft);
    DraftsDialog *showDrafts();
    /// The open wizards and dialog (for tests).
    QList<NewJobWizard *> wizards() const;
    DraftsDialog *draftsDialog() const;

Q_SIGNALS:
    void jobPublished(const dispatch::net::VersionedJob &job);

private:
    NewJobWizard *track(NewJobWizard *wizard);
    void closeAll();

    QMainWindow *m_window;
    QAction *m_newJob;
    QAction *m_drafts;
    QToolBar *m_toolBar;
    QPointer<net::ApiClient> m_api;
    net::UserInfo m_user;
    QList<QPointer<NewJobWizard>> m_wizards;
    QPointer<DraftsDialog> m_dialog;
};

} // namespace dispatch::ui
