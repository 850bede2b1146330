#pragma once

#include "jobstatus.h"
#include "role.h"

#include <QList>
#include <QString>

#include <optional>

namespace dispatch {

struct Job;

/// What a user can do to a job, one value per write the protocol offers on an existing job
/// (docs/openapi.yaml: PATCH, DELETE, /transition, /assign, /schedule, /notes, /offers/accept).
enum class JobAction {
    Edit,          ///< PATCH /jobs/{id}
    Assign,        ///< POST /jobs/{id}/assign with a pro
    Unassign,      ///< POST /jobs/{id}/assign without one
    Schedule,      ///< POST /jobs/{id}/schedule
    Start,         ///< SCHEDULED -> IN_PROGRESS (the assigned pro, start code)
    Complete,      ///< IN_PROGRESS -> COMPLETED_BY_PRO (the assigned pro, completion code)
    Cancel,        ///< -> CANCELLED (office)
    AddNote,       ///< POST /jobs/{id}/notes
    MarkRequested, ///< OPEN -> REQUESTED (office)
    Decline,       ///< REQUESTED -> OPEN (office)
    AskConfirm,    ///< COMPLETED_BY_PRO -> AWAITING_CUSTOMER_CONFIRM (office)
    MarkPaid,      ///< AWAITING_CUSTOMER_CONFIRM -> PAID (office)
    Expire,        ///< OPEN -> EXPIRED (office)
    Accept,        ///< POST /offers/{id}/accept (a pro takes an open offer)
    Delete,        ///< DELETE /jobs/{id} (admins)
};

QList<JobAction> allJobActions();

/// Who may do what in which status (docs/openapi.yaml "Authentication and roles" and "Status
/// machine"), split in its two halves because dispatchd and the console report them in
/// different orders: dispatchd answers FORBIDDEN for the first and INVALID_TRANSITION or
/// JOB_LOCKED for the second, each route checking them in the order its contract gives.
///
/// `ownJob`: the job is assigned to the user (isOwnJob()).
bool roleMayTake(JobAction action, Role role, bool ownJob);
/// Whether `role` could take `action` on some job, in some status: the role's half with the job
/// taken as the user's own. A control for an action no job would ever let the role take is
/// clutter, so the detail pane hides it.
inline bool roleMayEverTake(JobAction action, Role role)
{
    return roleMayTake(action, role, /*ownJob=*/true);
}
/// Whether a job in `status` allows the action to whoever may take it. Edit is about the job
/// as a whole (the title's rule); which fields may change is fieldEditRule().
bool statusAllows(JobAction action, JobStatus status);
inline bool isActionAllowed(JobAction action, Role role, JobStatus status, bool ownJob)
{
    return roleMayTake(action, role, ownJob) && statusAllows(action, status);
}
/// Every action the user may take on a job in `status` now.
QList<JobAction> allowedActions(Role role, JobStatus status, bool ownJob);

/// "Unassign and cancel": a scheduled job cancelled in one step for the user, two writes on the
/// wire because the status machine has no SCHEDULED -> CANCELLED edge: Unassign (SCHEDULED ->
/// OPEN), then Cancel (OPEN -> CANCELLED). The steps, in the order they are sent.
QList<JobAction> unassignAndCancelSteps();
/// Whether `role` may take every step of unassignAndCancelSteps() on a job in `status`, each
/// on the status the step before leaves (the pro is no longer assigned after the first).
bool mayUnassignAndCancel(Role role, JobStatus status, bool ownJob);

/// The action that takes `action` back, for an undo offered right after it: Unassign is undone
/// by assigning the same pro again. Nothing for actions the machine cannot reverse (Cancel is
/// final) or that have no single reverse.
std::optional<JobAction> undoAction(JobAction action);

/// Whether the job is assigned to the user with id `userId`.
bool isOwnJob(const Job &job, const QString &userId);

/// The status an action moves a job to through POST /jobs/{id}/transition; nothing for actions
/// of other routes.
std::optional<JobStatus> transitionTarget(JobAction action);
/// The action that makes the move `from` -> `to` through /transition; nothing when no action
/// does (the machine has no such edge, or /assign makes it).
std::optional<JobAction> transitionAction(JobStatus from, JobStatus to);

} // namespace dispatch
