#include "jobactions.h"

#include "fieldkeys.h"
#include "job.h"

namespace dispatch {

namespace {

using A = JobAction;
using S = JobStatus;

/// Who takes a /transition move: the office, or the pro the job is assigned to. Matches the
/// actor of every edge the action makes in models/jobstatus.cpp (tests/unit/tst_jobactions.cpp
/// checks it).
std::optional<TransitionActor> transitionActor(JobAction action)
{
    switch (action) {
    case A::Start:
    case A::Complete:
        return TransitionActor::AssignedPro;
    case A::Cancel:
    case A::MarkRequested:
    case A::Decline:
    case A::AskConfirm:
    case A::MarkPaid:
    case A::Expire:
        return TransitionActor::Office;
    case A::Edit:
    case A::Assign:
    case A::Unassign:
    case A::Schedule:
    case A::AddNote:
    case A::Accept:
    case A::Delete:
        return std::nullopt;
    }
    Q_UNREACHABLE();
}

} // namespace

QList<JobAction> allJobActions()
{
    return {A::Edit,       A::Assign,   A::Unassign, A::Schedule,      A::Start,
            A::Complete,   A::Cancel,   A::AddNote,  A::MarkRequested, A::Decline,
            A::AskConfirm, A::MarkPaid, A::Expire,   A::Accept,        A::Delete};
}

bool roleMayTake(JobAction action, Role role, bool ownJob)
{
    switch (action) {
    case A::Edit:
    case A::Assign:
    case A::Unassign:
    case A::Schedule:
    case A::Cancel:
    case A::MarkRequested:
    case A::Decline:
    case A::AskConfirm:
    case A::MarkPaid:
    case A::Expire:
        return isOffice(role);
    case A::Start:
    case A::Complete:
        return role == Role::Pro && ownJob;
    case A::AddNote:
        return isOffice(role) || ownJob;
    case A::Accept:
        return role == Role::Pro;
    case A::Delete:
        return role == Role::Admin;
    }
    Q_UNREACHABLE();
}

bool statusAllows(JobAction action, JobStatus status)
{
    switch (action) {
    case A::Start:
    case A::Complete:
    case A::Cancel:
    case A::MarkRequested:
    case A::Decline:
    case A::AskConfirm:
    case A::MarkPaid:
    case A::Expire: {
        // The status machine's edge, taken by this action's actor (an edge of /assign is not
        // a /transition move).
        const auto rule = transitionRule(status, *transitionTarget(action));
        return rule && rule->actor == transitionActor(action);
    }
    case A::Edit:
        return fieldEditRule(status, FieldKey::Title) != EditRule::JobLocked;
    case A::Assign:
        return status == S::Open || status == S::Requested;
    case A::Unassign:
        return status == S::Scheduled;
    case A::Schedule:
        return status == S::Open || status == S::Requested || status == S::Scheduled;
    case A::Accept:
        return status == S::Open;
    case A::AddNote:
    case A::Delete:
        return true;
    }
    Q_UNREACHABLE();
}

QList<JobAction> allowedActions(Role role, JobStatus status, bool ownJob)
{
    QList<JobAction> allowed;
    for (const JobAction action : allJobActions()) {
        if (isActionAllowed(action, role, status, ownJob))
            allowed.append(action);
    }
    return allowed;
}

bool isOwnJob(const Job &job, const QString &userId)
{
    return !job.assignedTo.isEmpty() && job.assignedTo == userId;
}

QList<JobAction> unassignAndCancelSteps()
{
    return {A::Unassign, A::Cancel};
}

bool mayUnassignAndCancel(Role role, JobStatus status, bool ownJob)
{
    if (!isActionAllowed(A::Unassign, role, status, ownJob))
        return false;
    // After the unassign the job is open and nobody's own.
    return isActionAllowed(A::Cancel, role, S::Open, /*ownJob=*/false);
}

std::optional<JobAction> undoAction(JobAction action)
{
    switch (action) {
    case A::Unassign:
        return A::Assign;
    default:
        return std::nullopt;
    }
}

std::optional<JobStatus> transitionTarget(JobAction action)
{
    switch (action) {
    case A::Start:
        return S::InProgress;
    case A::Complete:
        return S::CompletedByPro;
    case A::Cancel:
        return S::Cancelled;
    case A::MarkRequested:
        return S::Requested;
    case A::Decline:
        return S::Open;
    case A::AskConfirm:
        return S::AwaitingCustomerConfirm;
    case A::MarkPaid:
        return S::Paid;
    case A::Expire:
        return S::Expired;
    case A::Edit:
    case A::Assign:
    case A::Unassign:
    case A::Schedule:
    case A::AddNote:
    case A::Accept:
    case A::Delete:
        return std::nullopt;
    }
    Q_UNREACHABLE();
}

std::optional<JobAction> transitionAction(JobStatus from, JobStatus to)
{
    for (const JobAction action : allJobActions()) {
        if (transitionTarget(action) == to && statusAllows(action, from))
            return action;
    }
    return std::nullopt;
}

} // namespace dispatch
