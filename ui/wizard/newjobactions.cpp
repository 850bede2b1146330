#include "newjobactions.h"

#include "draftsdialog.h"
#include "newjobwizard.h"

#include <apiclient.h>
#include <role.h>

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QToolBar>

namespace dispatch::ui {

NewJobActions::NewJobActions(QMainWindow *window, QMenu *menu)
    : QObject(window)
    , m_window(window)
    , m_newJob(new QAction(tr("&New job…"), this))
    , m_drafts(new QAction(tr("&Drafts…"), this))
    , m_toolBar(window->addToolBar(tr("Jobs")))
{
    m_newJob->setObjectName(QStringLiteral("newJobAction"));
    m_newJob->setShortcut(QKeySequence::New); // Ctrl+N
    m_newJob->setToolTip(tr("Start a new job (Ctrl+N); every field is saved as you type"));
    m_drafts->setObjectName(QStringLiteral("draftsAction"));
    m_drafts->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+D")));
    m_drafts->setToolTip(tr("Jobs you started and did not publish yet (Ctrl+Shift+D)"));
    menu->addAction(m_newJob);
    menu->addAction(m_drafts);
    m_toolBar->setObjectName(QStringLiteral("jobsToolBar"));
    m_toolBar->setAccessibleName(tr("Job tools"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_newJob);
    m_toolBar->addAction(m_drafts);
    connect(m_newJob, &QAction::triggered, this, [this] { newJob(); });
    connect(m_drafts, &QAction::triggered, this, [this] { showDrafts(); });
    setSession(nullptr, {});
}

void NewJobActions::setSession(net::ApiClient *api, const net::UserInfo &user)
{
    if (api != m_api)
        closeAll();
    m_api = api;
    m_user = user;
    const bool office = api && isOffice(user.role);
    for (QAction *action : {m_newJob, m_drafts}) {
        action->setEnabled(office);
        action->setVisible(office);
    }
    m_toolBar->setVisible(office);
}

NewJobWizard *NewJobActions::track(NewJobWizard *wizard)
{
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    m_wizards.removeAll(nullptr);
    m_wizards.append(wizard);
    connect(wizard, &NewJobWizard::published, this, &NewJobActions::jobPublished);
    connect(wizard, &NewJobWizard::newDraftRequested, this,
            [this](const Jurisdiction &jurisdiction) {
                if (NewJobWizard *fresh = newJob())
                    fresh->setJurisdiction(jurisdiction);
            });
    wizard->show();
    wizard->raise();
    wizard->activateWindow();
    return wizard;
}

NewJobWizard *NewJobActions::newJob()
{
    if (!m_api || !isOffice(m_user.role))
        return nullptr;
    return track(new NewJobWizard(m_api, m_user.id, m_window));
}

NewJobWizard *NewJobActions::resume(const Draft &draft)
{
    if (!m_api || !isOffice(m_user.role))
        return nullptr;
    for (const QPointer<NewJobWizard> &open : std::as_const(m_wizards)) {
        if (open && open->saver() && open->saver()->draftId() == draft.id) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    return track(new NewJobWizard(m_api, m_user.id, draft, m_window));
}

DraftsDialog *NewJobActions::showDrafts()
{
    if (!m_api || !isOffice(m_user.role))
        return nullptr;
    if (m_dialog) {
        m_dialog->reload();
    } else {
        m_dialog = new DraftsDialog(m_api, m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &DraftsDialog::resumeRequested, this,
                [this](const Draft &draft) { resume(draft); });
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

QList<NewJobWizard *> NewJobActions::wizards() const
{
    QList<NewJobWizard *> open;
    for (const QPointer<NewJobWizard> &wizard : m_wizards) {
        if (wizard)
            open.append(wizard);
    }
    return open;
}

DraftsDialog *NewJobActions::draftsDialog() const
{
    return m_dialog.data();
}

void NewJobActions::closeAll()
{
    for (const QPointer<NewJobWizard> &wizard : std::as_const(m_wizards)) {
        if (wizard)
            wizard->close();
    }
    m_wizards.clear();
    if (m_dialog)
        m_dialog->close();
}

} // namespace dispatch::ui
