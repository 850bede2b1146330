#include "dropwriter.h"

#include "dropplan.h"
#include "errormessages.h"
#include "joblistmodel.h"

#include <apiclient.h>

namespace dispatch::ui {

namespace {

/// Whether the drop can still be made on the job as it now is (docs/openapi.yaml: `/dispatch`
/// from OPEN, REQUESTED or SCHEDULED; `/assign` without a pro only from SCHEDULED).
bool stillPossible(const DropWriter::Drop &drop, const Job &job)
{
    if (drop.unassigns())
        return job.status == JobStatus::Scheduled && !job.assignedTo.isEmpty();
    return job.status == JobStatus::Open || job.status == JobStatus::Requested ||
           job.status == JobStatus::Scheduled;
}

QString whatFor(const DropWriter::Drop &drop)
{
    return drop.unassigns() ? DropWriter::tr("put the job back in the tray")
                            : DropWriter::tr("dispatch the job");
}

} // namespace

DropWriter::DropWriter(net::ApiClient *api, JobListModel *jobs, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_jobs(jobs)
{}

QString DropWriter::nameOf(const QString &userId) const
{
    return m_jobs->userName(userId);
}

DropWriter::Outcome DropWriter::outcome(const Drop &drop, Outcome::Result result,
                                        const QString &message, const Job *current) const
{
    return Outcome{drop, result, message, current && stillPossible(drop, *current)};
}

void DropWriter::send(const Drop &drop)
{
    const auto cached = m_api->cachedJob(drop.jobId);
    if (cached && cached->job.version == drop.seen.version) {
        dispatchOn(drop, *cached);
        return;
    }
    if (cached && cached->job.version > drop.seen.version) {
        changedMeanwhile(drop, cached->job);
        return;
    }
    // No tag for the version on screen (the board's list carries none): read the job once.
    m_api->getJob(drop.jobId, this, [this, drop](const net::JobResult &result) {
        if (!result.ok()) {
            Q_EMIT finished(outcome(drop, Outcome::Result::Failed,
                                    describeError(result.error, whatFor(drop)).combined()));
            return;
        }
        if (result.job.job.version != drop.seen.version)
            changedMeanwhile(drop, result.job.job);
        else
            dispatchOn(drop, result.job);
    });
}

void DropWriter::changedMeanwhile(const Drop &drop, const Job &current)
{
    Q_EMIT finished(
        outcome(drop, Outcome::Result::ChangedMeanwhile,
                dropplan::changedMeanwhile(drop.seen, current,
                                           [this](const QString &id) { return nameOf(id); }),
                &current));
}

void DropWriter::dispatchOn(const Drop &drop, const net::VersionedJob &base)
{
    const auto done = [this, drop](const net::JobResult &result) { answered(drop, result); };
    if (drop.unassigns())
        m_api->assignJob(base, QString(), this, done);
    else
        m_api->dispatchJob(base, drop.proId, drop.schedule, this, done);
}

void DropWriter::answered(const Drop &drop, const net::JobResult &result)
{
    using Kind = net::ApiError::Kind;
    if (result.ok()) {
        const QString message =
            drop.unassigns()
                ? tr("Back in the tray: unassigned from %1.").arg(nameOf(drop.seen.assignedTo))
                : tr("Dispatched to %1: %2.")
                      .arg(nameOf(drop.proId), dropplan::scheduleText(drop.schedule));
        Q_EMIT finished(outcome(drop, Outcome::Result::Saved, message));
        return;
    }
    const auto &current = result.error.current;
    if (result.error.is(Kind::Conflict) && current) {
        changedMeanwhile(drop, current->job);
        return;
    }
    if (result.error.is(Kind::AlreadyAssigned) && current) {
        Q_EMIT finished(outcome(
            drop, Outcome::Result::TakenFirst,
            dropplan::takenFirst(current->job, [this](const QString &id) { return nameOf(id); }),
            &current->job));
        return;
    }
    Q_EMIT finished(outcome(drop, Outcome::Result::Failed,
                            describeError(result.error, whatFor(drop)).combined()));
}

} // namespace dispatch::ui
