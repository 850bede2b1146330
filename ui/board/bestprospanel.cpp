#include "bestprospanel.h"

#include "candidatesmodel.h"
#include "errormessages.h"
#include "palette.h"

#include <apiclient.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace dispatch::ui {

BestProsPanel::BestProsPanel(net::ApiClient *api, QWidget *parent)
    : QGroupBox(tr("Best pros for this job"), parent)
    , m_api(api)
    , m_model(new CandidatesModel(this))
{
    setObjectName(QStringLiteral("bestProsPanel"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("bestProsStatus"));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(Palette::mutedTextStyleSheet());

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("bestProsView"));
    m_view->setAccessibleName(tr("Best pros for this job"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTabKeyNavigation(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setAccessibleName(tr("Best pros columns"));
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(CandidatesModel::ProColumn,
                                                     QHeaderView::Stretch);
    m_view->setMinimumHeight(120);

    // Alt+S: Alt+U is Unassign in the pane.
    m_use = new QPushButton(tr("U&se this pro"), this);
    m_use->setObjectName(QStringLiteral("useProButton"));
    m_use->setAutoDefault(false);
    m_use->setEnabled(false);
    m_use->setToolTip(tr("Puts the chosen pro in the Pro box; Assign sends it."));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_use);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    // activated: Enter, and a double-click (or a single one where the style says so).
    connect(m_view, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { pick(index.row()); });
    connect(m_use, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            pick(current.row());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_use->setEnabled(current.isValid()); });
    connect(m_model, &QAbstractItemModel::modelReset, this,
            [this] { m_use->setEnabled(m_view->currentIndex().isValid()); });
}

void BestProsPanel::showJob(const Job &job)
{
    // The ranking depends on the job's schedule, due time and place: a new version reloads it.
    if (job.id == m_job.id && job.version <= m_job.version)
        return;
    if (job.id != m_job.id)
        m_model->clear();
    m_job = job;
    load();
}

void BestProsPanel::clear()
{
    ++m_request;
    m_loading = false;
    m_job = {};
    m_model->clear();
    setStatus({});
}

QString BestProsPanel::statusText() const
{
    return m_status->text();
}

void BestProsPanel::load()
{
    if (!m_api)
        return;
    const int request = ++m_request;
    m_loading = true;
    setStatus(tr("Loading…"));
    m_api->listCandidates(m_job.id, this, [this, request](const net::CandidatesResult &result) {
        if (request != m_request)
            return; // for a job (or a version) no longer shown
        m_loading = false;
        if (!result.ok()) {
            m_model->clear();
            setStatus(describeError(result.error, tr("load the best pros")).combined());
            return;
        }
        // Keep the chosen pro chosen when a new version re-ranks the list.
        const QModelIndex current = m_view->currentIndex();
        const QString chosen =
            current.isValid() ? current.data(CandidatesModel::ProIdRole).toString() : QString();
        m_model->setCandidates(m_job, result.candidates);
        if (const int row = m_model->rowOfPro(chosen); row >= 0)
            m_view->setCurrentIndex(m_model->index(row, CandidatesModel::ProColumn));
        setStatus(result.candidates.isEmpty() ? tr("No active pros.") : QString());
    });
}

void BestProsPanel::pick(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex name = m_model->index(row, CandidatesModel::ProColumn);
    Q_EMIT proPicked(name.data(CandidatesModel::ProIdRole).toString(), name.data().toString());
}

void BestProsPanel::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

} // namespace dispatch::ui
