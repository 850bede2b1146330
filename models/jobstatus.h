#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace dispatch {

/// The job status machine of docs/openapi.yaml ("Status machine"): the statuses, which moves are
/// legal, who may make each move, and which fields may be edited in each status. Shared by
/// dispatchd (which enforces it) and the console (which disables what it would refuse).
enum class JobStatus {
    Open,
    Requested,
    Scheduled,
    InProgress,
    CompletedByPro,
    AwaitingCustomerConfirm,
    Paid,
    Cancelled,
    Expired,
};

/// Who may make a move through `POST /jobs/{id}/transition`.
enum class TransitionActor {
    Office,      ///< admin or dispatcher
    AssignedPro, ///< only the pro the job is assigned to, with the job's code
    AssignRoute, ///< not through /transition: made by /assign or by accepting an offer
};

/// A code the assigned pro must present for a move (start or completion code).
enum class RequiredCode { None, Start, Completion };

struct TransitionRule {
    TransitionActor actor = TransitionActor::Office;
    RequiredCode code = RequiredCode::None;
};

/// Whether a field may be changed in a status.
enum class EditRule {
    Allowed,
    PriceLocked, ///< REQUESTED and SCHEDULED: pricing.* is fixed (409 PRICE_LOCKED)
    JobLocked,   ///< IN_PROGRESS and later: nothing changes but notes (409 JOB_LOCKED)
};

QString toWire(JobStatus status);
std::optional<JobStatus> jobStatusFromWire(QStringView wire);
/// A short label for people ("In progress"), in the console's language (the catalogue the
/// application installed; English when none is).
QString displayName(JobStatus status);
/// The same label always in English: dispatchd's messages read the same whatever the locale of
/// the process it runs in (the console runs it in-process).
QString englishName(JobStatus status);
/// What the status means for the people who see it, in one or two sentences ("Requested: a
/// customer asked for a specific pro…"), for tooltips wherever a status is shown or filtered.
QString statusExplanation(JobStatus status);
QList<JobStatus> allJobStatuses();

bool isFinal(JobStatus status);
/// The rule for moving from `from` to `to`, or nothing when the machine has no such edge.
std::optional<TransitionRule> transitionRule(JobStatus from, JobStatus to);
/// The statuses reachable in one move from `from`.
QList<JobStatus> nextStatuses(JobStatus from);
EditRule fieldEditRule(JobStatus status, QStringView fieldKey);

/// The change-event type a move produces (docs/openapi.yaml "Change events").
QString eventTypeForTransition(JobStatus from, JobStatus to);

} // namespace dispatch
