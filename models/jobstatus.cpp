#include "jobstatus.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace dispatch {

namespace {

struct StatusName {
    JobStatus status;
    const char *wire;
    const char *display; ///< English; displayName() translates it (context dispatch::JobStatus)
};

constexpr std::array kStatusNames{
    StatusName{JobStatus::Open, "OPEN", QT_TRANSLATE_NOOP("dispatch::JobStatus", "Open")},
    StatusName{JobStatus::Requested, "REQUESTED",
               QT_TRANSLATE_NOOP("dispatch::JobStatus", "Requested")},
    StatusName{JobStatus::Scheduled, "SCHEDULED",
               QT_TRANSLATE_NOOP("dispatch::JobStatus", "Scheduled")},
    StatusName{JobStatus::InProgress, "IN_PROGRESS",
               QT_TRANSLATE_NOOP("dispatch::JobStatus", "In progress")},
    StatusName{JobStatus::CompletedByPro, "COMPLETED_BY_PRO",
               QT_TRANSLATE_NOOP("dispatch::JobStatus", "Completed by pro")},
    StatusName{JobStatus::AwaitingCustomerConfirm, "AWAITING_CUSTOMER_CONFIRM",
               QT_TRANSLATE_NOOP("dispatch::JobStatus", "Awaiting customer")},
    StatusName{JobStatus::Paid, "PAID", QT_TRANSLATE_NOOP("dispatch::JobStatus", "Paid")},
    StatusName{JobStatus::Cancelled, "CANCELLED",
               QT_TRANSLATE_NOOP("dispatch::JobStatus", "Cancelled")},
    StatusName{JobStatus::Expired, "EXPIRED", QT_TRANSLATE_NOOP("dispatch::JobStatus", "Expired")},
};

struct Edge {
    JobStatus from;
    JobStatus to;
    TransitionRule rule;
};

using S = JobStatus;
using A = TransitionActor;

// The edges of docs/openapi.yaml's diagram, and nothing else.
constexpr std::array kEdges{
    Edge{S::Open, S::Requested, {A::Office, RequiredCode::None}},
    Edge{S::Requested, S::Scheduled, {A::AssignRoute, RequiredCode::None}},
    Edge{S::Scheduled, S::InProgress, {A::AssignedPro, RequiredCode::Start}},
    Edge{S::InProgress, S::CompletedByPro, {A::AssignedPro, RequiredCode::Completion}},
    Edge{S::CompletedByPro, S::AwaitingCustomerConfirm, {A::Office, RequiredCode::None}},
    Edge{S::AwaitingCustomerConfirm, S::Paid, {A::Office, RequiredCode::None}},
    Edge{S::Open, S::Scheduled, {A::AssignRoute, RequiredCode::None}},
    Edge{S::Requested, S::Open, {A::Office, RequiredCode::None}},
    Edge{S::Scheduled, S::Open, {A::AssignRoute, RequiredCode::None}},
    Edge{S::Open, S::Cancelled, {A::Office, RequiredCode::None}},
    Edge{S::Requested, S::Cancelled, {A::Office, RequiredCode::None}},
    Edge{S::AwaitingCustomerConfirm, S::Cancelled, {A::Office, RequiredCode::None}},
    Edge{S::Open, S::Expired, {A::Office, RequiredCode::None}},
};

} // namespace

QString toWire(JobStatus status)
{
    for (const auto &name : kStatusNames) {
        if (name.status == status)
            return QString::fromLatin1(name.wire);
    }
    Q_UNREACHABLE();
}

std::optional<JobStatus> jobStatusFromWire(QStringView wire)
{
    for (const auto &name : kStatusNames) {
        if (wire == QLatin1String(name.wire))
            return name.status;
    }
    return std::nullopt;
}

namespace {
const char *englishDisplay(JobStatus status)
{
    for (const auto &name : kStatusNames) {
        if (name.status == status)
            return name.display;
    }
    Q_UNREACHABLE();
}
} // namespace

QString displayName(JobStatus status)
{
    return QCoreApplication::translate("dispatch::JobStatus", englishDisplay(status));
}

QString englishName(JobStatus status)
{
    return QString::fromLatin1(englishDisplay(status));
}

// What each status means, told from the office's side of the status machine
// (docs/openapi.yaml "Status machine").
constexpr std::array<std::pair<JobStatus, const char *>, 9> kExplanations{{
    {S::Open, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                "Open: no pro has this job yet. It is offered to every pro, and "
                                "the office can assign it. A job is back here, unassigned, when "
                                "its pro was taken off it or a requested pro declined.")},
    {S::Requested, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                     "Requested: a customer asked for a specific pro, waiting "
                                     "for their answer. If the pro declines, the job is open "
                                     "again.")},
    {S::Scheduled, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                     "Scheduled: a pro has the job. They start it on site with "
                                     "the start code the customer gives them.")},
    {S::InProgress, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                      "In progress: the pro has started the work on site.")},
    {S::CompletedByPro,
     QT_TRANSLATE_NOOP("dispatch::JobStatus", "Completed by pro: the pro finished and entered the "
                                              "customer's completion code.")},
    {S::AwaitingCustomerConfirm,
     QT_TRANSLATE_NOOP("dispatch::JobStatus", "Awaiting customer: waiting for the customer "
                                              "to confirm the work and pay.")},
    {S::Paid, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                "Paid: the customer paid. Final: the job no longer changes.")},
    {S::Cancelled, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                     "Cancelled: the job was called off. Final: the job no "
                                     "longer changes.")},
    {S::Expired, QT_TRANSLATE_NOOP("dispatch::JobStatus",
                                   "Expired: no pro took the job in time. Final: the job no "
                                   "longer changes.")},
}};

QString statusExplanation(JobStatus status)
{
    for (const auto &[which, text] : kExplanations) {
        if (which == status)
            return QCoreApplication::translate("dispatch::JobStatus", text);
    }
    return {};
}

QList<JobStatus> allJobStatuses()
{
    QList<JobStatus> statuses;
    for (const auto &name : kStatusNames)
        statuses.append(name.status);
    return statuses;
}

bool isFinal(JobStatus status)
{
    return status == S::Paid || status == S::Cancelled || status == S::Expired;
}

std::optional<TransitionRule> transitionRule(JobStatus from, JobStatus to)
{
    for (const auto &edge : kEdges) {
        if (edge.from == from && edge.to == to)
            return edge.rule;
    }
    return std::nullopt;
}

QList<JobStatus> nextStatuses(JobStatus from)
{
    QList<JobStatus> next;
    for (const auto &edge : kEdges) {
        if (edge.from == from)
            next.append(edge.to);
    }
    return next;
}

EditRule fieldEditRule(JobStatus status, QStringView fieldKey)
{
    switch (status) {
    case S::Open:
        return EditRule::Allowed;
    case S::Requested:
    case S::Scheduled:
        return fieldKey.startsWith(u"pricing.") ? EditRule::PriceLocked : EditRule::Allowed;
    case S::InProgress:
    case S::CompletedByPro:
    case S::AwaitingCustomerConfirm:
    case S::Paid:
    case S::Cancelled:
    case S::Expired:
        return EditRule::JobLocked;
    }
    Q_UNREACHABLE();
}

QString eventTypeForTransition(JobStatus from, JobStatus to)
{
    switch (to) {
    case S::Scheduled:
        return QStringLiteral("JOB_ASSIGNED");
    case S::InProgress:
        return QStringLiteral("JOB_STARTED");
    case S::CompletedByPro:
        return QStringLiteral("JOB_COMPLETED");
    case S::AwaitingCustomerConfirm:
        return QStringLiteral("JOB_AWAITING_CONFIRM");
    case S::Paid:
        return QStringLiteral("PAYMENT_CAPTURED");
    case S::Cancelled:
        return QStringLiteral("JOB_CANCELLED");
    case S::Expired:
        return QStringLiteral("JOB_EXPIRED");
    case S::Open:
        return from == S::Scheduled ? QStringLiteral("JOB_UNASSIGNED")
                                    : QStringLiteral("JOB_UPDATED");
    case S::Requested:
        return QStringLiteral("JOB_UPDATED");
    }
    Q_UNREACHABLE();
}

} // namespace dispatch
