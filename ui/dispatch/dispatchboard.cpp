#include "dispatchboard.h"

#include "dispatchtimeline.h"
#include "dropplan.h"
#include "joblistmodel.h"
#include "movetodialog.h"
#include "noticebanner.h"
#include "timelinemodel.h"
#include "trayview.h"
#include "unassignedjobsproxy.h"

#include <fieldkeys.h>

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace dispatch::ui {

DispatchBoard::DispatchBoard(net::ApiClient *api, JobListModel *jobs, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_jobs(jobs)
    , m_model(new TimelineModel(jobs, this))
    , m_writer(new DropWriter(api, jobs, this))
    , m_timeline(new DispatchTimeline(m_model, this))
    , m_trayModel(new UnassignedJobsProxy(jobs, this))
    , m_tray(new TrayView(this))
    , m_search(new QLineEdit(this))
    , m_date(new QDateEdit(this))
    , m_zoom(new QComboBox(this))
    , m_banner(new NoticeBanner(this))
    , m_tryAgain(new QPushButton(tr("Try again"), this))
    , m_backToTray(new QPushButton(tr("Back to tray"), this))
{
    setObjectName(QStringLiteral("dispatchBoard"));
    m_tray->setModel(m_trayModel);

    auto *previous = new QToolButton(this);
    previous->setText(tr("Previous"));
    previous->setAccessibleName(tr("Previous day"));
    previous->setArrowType(Qt::LeftArrow);
    auto *today = new QPushButton(tr("&Today"), this);
    today->setAccessibleName(tr("Today"));
    auto *next = new QToolButton(this);
    next->setText(tr("Next"));
    next->setAccessibleName(tr("Next day"));
    next->setArrowType(Qt::RightArrow);
    m_date->setObjectName(QStringLiteral("dispatchDate"));
    m_date->setAccessibleName(tr("First day shown"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("ddd d MMM yyyy"));
    m_zoom->setObjectName(QStringLiteral("dispatchZoom"));
    m_zoom->setAccessibleName(tr("Days shown"));
    m_zoom->addItem(tr("Day"), 1);
    m_zoom->addItem(tr("3 days"), 3);
    m_zoom->addItem(tr("Week"), 7);
    m_backToTray->setObjectName(QStringLiteral("dispatchBackToTray"));
    m_backToTray->setAccessibleName(tr("Put the selected job back in the tray (unassign it)"));
    m_backToTray->setToolTip(tr("Unassign the selected job and put it back in the tray (Delete "
                                "on the timeline, or drag its block onto the tray)"));
    m_backToTray->setEnabled(false);
    auto *zoomLabel = new QLabel(tr("&Show:"), this);
    zoomLabel->setBuddy(m_zoom);

    auto *bar = new QHBoxLayout;
    bar->addWidget(previous);
    bar->addWidget(today);
    bar->addWidget(next);
    bar->addWidget(m_date);
    bar->addSpacing(12);
    bar->addWidget(zoomLabel);
    bar->addWidget(m_zoom);
    bar->addSpacing(12);
    bar->addWidget(m_backToTray);
    bar->addStretch(1);

    m_search->setObjectName(QStringLiteral("dispatchTraySearch"));
    m_search->setPlaceholderText(tr("Search unassigned jobs"));
    m_search->setAccessibleName(tr("Search unassigned jobs"));
    m_search->setClearButtonEnabled(true);
    auto *trayLabel = new QLabel(tr("&Unassigned"), this);
    trayLabel->setBuddy(m_tray);
    auto *trayPane = new QWidget(this);
    auto *trayLayout = new QVBoxLayout(trayPane);
    trayLayout->setContentsMargins(0, 0, 0, 0);
    trayLayout->addWidget(trayLabel);
    trayLayout->addWidget(m_search);
    trayLayout->addWidget(m_tray, 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(trayPane);
    splitter->addWidget(m_timeline);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 900});

    m_tryAgain->setObjectName(QStringLiteral("dispatchTryAgain"));
    m_tryAgain->setAccessibleName(tr("Try the drop again on the job as it is now"));
    m_tryAgain->hide();
    auto *notice = new QHBoxLayout;
    notice->addWidget(m_banner, 1);
    notice->addWidget(m_tryAgain);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(notice);
    layout->addWidget(splitter, 1);
    setTabOrder(m_search, m_tray);
    setTabOrder(m_tray, m_timeline);

    connect(previous, &QToolButton::clicked, this,
            [this] { setDay(m_timeline->firstDay().addDays(-1)); });
    connect(next, &QToolButton::clicked, this,
            [this] { setDay(m_timeline->firstDay().addDays(1)); });
    connect(today, &QPushButton::clicked, this, [this] {
        setDay(QDateTime::currentDateTimeUtc().toTimeZone(m_timeline->timeZone()).date());
    });
    connect(m_date, &QDateEdit::dateChanged, this, [this](QDate day) {
        if (day != m_timeline->firstDay())
            setDay(day);
    });
    connect(m_zoom, &QComboBox::currentIndexChanged, this,
            [this](int index) { setZoom(m_zoom->itemData(index).toInt()); });
    connect(m_search, &QLineEdit::textChanged, m_trayModel, &UnassignedJobsProxy::setSearchText);
    connect(m_tray, &TrayView::dragMoved, this, &DispatchBoard::onDragMoved);
    connect(m_tray, &TrayView::dropped, this, &DispatchBoard::onDropped);
    connect(m_tray, &TrayView::dragCancelled, m_timeline, &DispatchTimeline::clearDropPreview);
    connect(m_tray, &TrayView::moveRequested, this, &DispatchBoard::openMoveTo);
    connect(m_timeline, &DispatchTimeline::moveRequested, this, &DispatchBoard::openMoveTo);
    connect(m_timeline, &DispatchTimeline::moveProposed, this, &DispatchBoard::dropJob);
    connect(m_timeline, &DispatchTimeline::unassignRequested, this, &DispatchBoard::unassignJob);
    connect(m_timeline, &DispatchTimeline::droppedOutside, this,
            [this](const QString &jobId, const QPoint &globalPos) {
                if (isOverTray(globalPos))
                    unassignJob(jobId);
            });
    connect(m_timeline, &DispatchTimeline::draggedOutside, this,
            [this](const QString &, const QPoint &globalPos) {
                m_tray->setDropHighlight(!globalPos.isNull() && isOverTray(globalPos));
            });
    connect(m_timeline, &DispatchTimeline::currentJobChanged, this,
            [this](const QString &jobId) { m_backToTray->setEnabled(!jobId.isEmpty()); });
    connect(m_backToTray, &QPushButton::clicked, this,
            [this] { unassignJob(m_timeline->currentJobId()); });
    connect(m_writer, &DropWriter::finished, this, &DispatchBoard::onFinished);
    connect(m_banner, &NoticeBanner::closed, m_tryAgain, &QWidget::hide);
    connect(m_tryAgain, &QPushButton::clicked, this, [this] {
        if (m_retry && m_retry->unassigns())
            unassignJob(m_retry->jobId);
        else if (m_retry)
            dropJob(m_retry->jobId, m_retry->proId, m_retry->startUtc);
    });

    setDay(QDate::currentDate());
}

void DispatchBoard::setPros(const QList<User> &users)
{
    m_model->setPros(users);
}

void DispatchBoard::setTimeZone(const QTimeZone &zone)
{
    m_timeline->setTimeZone(zone);
}

void DispatchBoard::setDay(const QDate &day)
{
    m_timeline->setRange(day, m_timeline->days());
    m_date->setDate(day);
    // The working day first: 07:00 at the left edge.
    m_timeline->scrollToTime(QDateTime(day, QTime(7, 0), m_timeline->timeZone()));
}

void DispatchBoard::setZoom(int days)
{
    m_timeline->setRange(m_timeline->firstDay(), days);
    m_timeline->scrollToTime(
        QDateTime(m_timeline->firstDay(), QTime(7, 0), m_timeline->timeZone()));
}

bool DispatchBoard::isOverTray(const QPoint &globalPos) const
{
    return m_tray->viewport()->rect().contains(m_tray->viewport()->mapFromGlobal(globalPos));
}

void DispatchBoard::onDragMoved(const QString &jobId, const QPoint &globalPos)
{
    const auto target = m_timeline->dropTargetAt(m_timeline->viewport()->mapFromGlobal(globalPos));
    const Job *job = m_jobs->job(jobId);
    if (!target || !job) {
        m_timeline->clearDropPreview();
        return;
    }
    const auto schedule = dropplan::scheduleForDrop(*job, target->startUtc, m_timeline->timeZone());
    const auto window = schedule ? TimelineModel::windowUtc(*schedule) : std::nullopt;
    if (window)
        m_timeline->setDropPreview(target->row, window->first, window->second);
    else
        m_timeline->clearDropPreview();
}

void DispatchBoard::onDropped(const QString &jobId, const QPoint &globalPos)
{
    m_timeline->clearDropPreview();
    const auto target = m_timeline->dropTargetAt(m_timeline->viewport()->mapFromGlobal(globalPos));
    if (target)
        dropJob(jobId, target->proId, target->startUtc);
}

void DispatchBoard::dropJob(const QString &jobId, const QString &proId, const QDateTime &startUtc)
{
    const Job *job = m_jobs->job(jobId);
    const int row = m_model->rowOfPro(proId);
    if (!job || row < 0 || m_timeline->isPending(jobId))
        return;
    QString why;
    const auto schedule = dropplan::scheduleForDrop(*job, startUtc, m_timeline->timeZone(), &why);
    const auto window = schedule ? TimelineModel::windowUtc(*schedule) : std::nullopt;
    if (!window) {
        m_banner->showMessage(NoticeBanner::Kind::Warning, why);
        m_tryAgain->hide();
        return;
    }
    send(DropWriter::Drop{jobId, proId, startUtc, *schedule, *job}, row, window->first,
         window->second);
}

void DispatchBoard::unassignJob(const QString &jobId)
{
    const Job *job = m_jobs->job(jobId);
    const TimelineBlock *block = m_model->block(jobId);
    if (!job || !block || m_timeline->isPending(jobId))
        return;
    if (job->status != JobStatus::Scheduled) {
        m_banner->showMessage(NoticeBanner::Kind::Warning,
                              tr("Only a scheduled job can go back to the tray; this one is %1.")
                                  .arg(displayName(job->status)));
        m_tryAgain->hide();
        return;
    }
    send(DropWriter::Drop{jobId, {}, {}, {}, *job}, m_model->rowOfJob(jobId),
         QDateTime::fromMSecsSinceEpoch(block->startMs, Qt::UTC),
         QDateTime::fromMSecsSinceEpoch(block->endMs, Qt::UTC));
}

void DispatchBoard::send(const DropWriter::Drop &drop, int row, const QDateTime &start,
                         const QDateTime &end)
{
    m_banner->clear();
    m_tryAgain->hide();
    m_retry.reset();
    m_timeline->setPending(drop.jobId, row, start, end);
    m_jobs->setPendingWrite(drop.jobId, true);
    m_writer->send(drop);
}

MoveToDialog *DispatchBoard::moveToDialog() const
{
    return m_moveTo.data();
}

void DispatchBoard::openMoveTo(const QString &jobId)
{
    const Job *job = m_jobs->job(jobId);
    if (!job || m_model->rowCount() == 0)
        return;
    QList<User> pros;
    for (int row = 0; row < m_model->rowCount(); ++row)
        pros.append(m_model->row(row).pro);
    delete m_moveTo;
    m_moveTo = new MoveToDialog(job->text(FieldKey::Title), pros, m_timeline->timeZone(), this);
    m_moveTo->setAttribute(Qt::WA_DeleteOnClose);
    if (const TimelineBlock *block = m_model->block(jobId))
        m_moveTo->setChoice(job->assignedTo,
                            QDateTime::fromMSecsSinceEpoch(block->startMs, Qt::UTC));
    else
        m_moveTo->setChoice(pros.first().id,
                            QDateTime(m_timeline->firstDay(), QTime(8, 0), m_timeline->timeZone()));
    connect(m_moveTo, &QDialog::accepted, this, [this, jobId, dialog = m_moveTo.data()] {
        dropJob(jobId, dialog->proId(), dialog->startUtc());
    });
    m_moveTo->open();
}

void DispatchBoard::onFinished(const DropWriter::Outcome &outcome)
{
    using Result = DropWriter::Outcome::Result;
    const QString &jobId = outcome.drop.jobId;
    m_jobs->setPendingWrite(jobId, false);
    m_timeline->clearPending(jobId);
    switch (outcome.result) {
    case Result::Saved:
        m_banner->showMessage(NoticeBanner::Kind::Success, outcome.message);
        if (!outcome.drop.unassigns())
            m_timeline->setCurrentJob(jobId);
        break;
    case Result::ChangedMeanwhile:
    case Result::TakenFirst:
        m_banner->showMessage(NoticeBanner::Kind::Warning, outcome.message);
        break;
    case Result::Failed:
        m_banner->showMessage(NoticeBanner::Kind::Error, outcome.message);
        break;
    }
    if (outcome.canRetry)
        m_retry = outcome.drop;
    m_tryAgain->setVisible(outcome.canRetry);
    Q_EMIT dropFinished(outcome);
}

} // namespace dispatch::ui
