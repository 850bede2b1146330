#include "draftsdialog.h"

#include "draftlistmodel.h"
#include "errormessages.h"

#include <apiclient.h>
#include <draftclient.h>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace dispatch::ui {

DraftsDialog::DraftsDialog(net::ApiClient *api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_model(new DraftListModel(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
    , m_resume(new QPushButton(tr("&Resume"), this))
    , m_discard(new QPushButton(tr("&Discard…"), this))
{
    setObjectName(QStringLiteral("draftsDialog"));
    setWindowTitle(tr("Drafts"));
    m_view->setObjectName(QStringLiteral("draftsView"));
    m_view->setAccessibleName(tr("Your drafts"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setTabKeyNavigation(false);
    m_status->setObjectName(QStringLiteral("draftsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_resume->setAccessibleName(tr("Resume the selected draft"));
    m_resume->setDefault(true);
    m_discard->setObjectName(QStringLiteral("discardButton"));
    m_discard->setAccessibleName(tr("Discard the selected draft"));
    auto *refresh = new QPushButton(tr("Re&fresh"), this);
    refresh->setObjectName(QStringLiteral("refreshButton"));
    refresh->setAccessibleName(tr("Refresh the list of drafts"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_resume, QDialogButtonBox::ActionRole);
    buttons->addButton(m_discard, QDialogButtonBox::ActionRole);
    buttons->addButton(refresh, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Jobs you started and did not publish yet. They are kept on "
                                "the server for 30 days after their last change."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_resume, &QPushButton::clicked, this, &DraftsDialog::resumeCurrent);
    connect(m_discard, &QPushButton::clicked, this, &DraftsDialog::discardCurrent);
    connect(refresh, &QPushButton::clicked, this, &DraftsDialog::reload);
    connect(m_view, &QAbstractItemView::activated, this, &DraftsDialog::resumeCurrent);
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_view);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &DraftsDialog::discardCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DraftsDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DraftsDialog::updateButtons);
    resize(720, 380);
    updateButtons();
    reload();
}

QString DraftsDialog::statusText() const
{
    return m_status->text();
}

void DraftsDialog::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void DraftsDialog::reload()
{
    setStatus(tr("Loading your drafts…"));
    m_api->drafts()->listDrafts(this, [this](const net::DraftListResult &result) {
        if (!result.ok()) {
            setStatus(describeError(result.error, tr("list your drafts")).combined());
            return;
        }
        m_model->setDrafts(result.drafts);
        setStatus(result.drafts.isEmpty() ? tr("You have no drafts. Job › New job… starts one.")
                                          : QString());
        if (!result.drafts.isEmpty()) {
            m_view->selectRow(0);
            m_view->resizeColumnsToContents();
        }
        m_view->setFocus();
        updateButtons();
        Q_EMIT loaded();
    });
}

void DraftsDialog::updateButtons()
{
    const bool any = m_view->currentIndex().isValid() && m_model->rowCount() > 0;
    m_resume->setEnabled(any);
    m_discard->setEnabled(any);
}

void DraftsDialog::resumeCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    // The newest copy: the list may be older than another window's saves.
    const QString id = m_model->draftAt(current.row()).id;
    setStatus(tr("Opening the draft…"));
    m_api->drafts()->getDraft(id, this, [this](const net::DraftResult &result) {
        if (!result.ok()) {
            setStatus(describeError(result.error, tr("open the draft")).combined());
            if (result.error.is(net::ApiError::Kind::NotFound))
                reload();
            return;
        }
        setStatus({});
        Q_EMIT resumeRequested(result.draft);
        accept();
    });
}

void DraftsDialog::discardCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const Draft draft = m_model->draftAt(current.row());
    const QString title = m_model->index(current.row(), DraftListModel::Title).data().toString();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Discard draft"),
                                tr("Discard the draft “%1”? It cannot be brought back.").arg(title),
                                QMessageBox::NoButton, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *discard = box->addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box->addButton(tr("Keep"), QMessageBox::RejectRole);
    box->setDefaultButton(qobject_cast<QPushButton *>(box->buttons().constLast()));
    connect(box, &QMessageBox::finished, this, [this, box, discard, id = draft.id] {
        if (box->clickedButton() != discard)
            return;
        setStatus(tr("Discarding…"));
        // The delete is conditional on the version read now (If-Match).
        m_api->drafts()->getDraft(id, this, [this, id](const net::DraftResult &read) {
            if (!read.ok()) {
                setStatus(describeError(read.error, tr("discard the draft")).combined());
                return;
            }
            m_api->drafts()->deleteDraft(read.draft, this, [this, id](const net::ApiError &error) {
                if (!error.ok()) {
                    setStatus(describeError(error, tr("discard the draft")).combined());
                    return;
                }
                m_model->removeDraft(id);
                setStatus(tr("Draft discarded."));
                Q_EMIT discarded(id);
            });
        });
    });
    box->open();
}

} // namespace dispatch::ui
