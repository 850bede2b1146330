#include "jobstore_p.h"

#include "fieldkeys.h"
#include "jobactions.h"
#include "randomid.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

// One plan per write operation; the engine in jobstore.cpp runs each in its transaction.

namespace dispatch::server {

using namespace storedetail;

namespace {

/// The role half of models/jobactions.h for an action only the office takes; `what` words the
/// FORBIDDEN answer.
JobStore::GateVerdict officeOnly(JobAction action, const JobStore::Row &current,
                                 const AuthUser &actor, const char *what)
{
    JobStore::GateVerdict verdict;
    if (!roleMayTake(action, actor.role, isOwnJob(current.job, actor.id)))
        verdict.error = forbidden(
            QStringLiteral("Only admins and dispatchers can %1.").arg(QString::fromLatin1(what)));
    return verdict;
}

} // namespace

WriteResult JobStore::create(const AuthUser &actor, const QJsonObject &fields,
                             const QString &idempotencyKey)
{
    WriteResult result;
    if (!idempotencyKey.isEmpty()) {
        if (auto existing = findByUnique("idempotency_key", idempotencyKey)) {
            result.job = existing;
            return result;
        }
    }
    const QString orderId = fields.value(FieldKey::OrderId).toString();
    if (!orderId.isEmpty()) {
        if (auto existing = findByUnique("order_id", orderId)) {
            result.job = existing;
            return result;
        }
    }

    if (!m_db.beginWrite()) {
        result.error = databaseError(m_db.connection().lastError());
        return result;
    }
    StoreError error;
    const auto job = insertNewJob(actor, fields, idempotencyKey, QString(), &error);
    if (!job) {
        m_db.rollback();
        if (error.code == QLatin1String("DUPLICATE")) {
            // Another request with the same orderId or key committed first: return its job.
            auto existing = !idempotencyKey.isEmpty()
                                ? findByUnique("idempotency_key", idempotencyKey)
                                : std::nullopt;
            if (!existing && !orderId.isEmpty())
                existing = findByUnique("order_id", orderId);
            if (existing) {
                result.job = existing;
                return result;
            }
            error = makeError(StoreError::Kind::Conflict, "DUPLICATE",
                              QStringLiteral("The job already exists."));
        }
        result.error = error;
        return result;
    }
    if (!m_db.commit()) {
        m_db.rollback();
        result.error = databaseError(m_db.connection().lastError());
        return result;
    }
    result.job = job;
    result.changed = true;
    result.created = true;
    notifyCommitted();
    return result;
}

void JobStore::notifyCommitted()
{
    if (m_onCommitted)
        m_onCommitted();
}

WriteResult JobStore::patch(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                            const QJsonObject &changes)
{
    const auto gate = [&](const Row &current) {
        if (!isVisibleTo(current.job, actor))
            return GateVerdict{notFound()};
        return officeOnly(JobAction::Edit, current, actor, "edit a job");
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        bool pricing = false;
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            const QJsonValue old = current.job.fields.value(it.key());
            if (old == it.value())
                continue;
            switch (fieldEditRule(current.job.status, it.key())) {
            case EditRule::Allowed:
                break;
            case EditRule::PriceLocked:
                plan.error = makeError(StoreError::Kind::Conflict, "PRICE_LOCKED",
                                       QStringLiteral("The price is fixed once a job is requested "
                                                      "or scheduled."),
                                       {{QStringLiteral("field"), it.key()}});
                return plan;
            case EditRule::JobLocked:
                plan.error = makeError(StoreError::Kind::Conflict, "JOB_LOCKED",
                                       QStringLiteral("A job that has started can no longer be "
                                                      "edited; notes can still be added."),
                                       {{QStringLiteral("field"), it.key()}});
                return plan;
            }
            pricing = pricing || it.key().startsWith(QLatin1String("pricing."));
            plan.changes.insert(it.key(), QJsonArray{old, it.value()});
            plan.next.job.fields.insert(it.key(), it.value());
        }
        plan.noop = plan.changes.isEmpty();
        plan.eventType = pricing ? QStringLiteral("PRICE_CHANGED") : QStringLiteral("JOB_UPDATED");
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

WriteResult JobStore::remove(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch)
{
    const auto gate = [&](const Row &current) {
        if (!isVisibleTo(current.job, actor))
            return GateVerdict{notFound()};
        GateVerdict verdict;
        if (!roleMayTake(JobAction::Delete, actor.role, isOwnJob(current.job, actor.id)))
            verdict.error = forbidden(QStringLiteral("Only admins can delete jobs."));
        return verdict;
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.deleteJob = true;
        plan.eventType = QStringLiteral("JOB_DELETED");
        plan.changes = QJsonObject{
            {QStringLiteral("status"), QJsonArray{toWire(current.job.status), QJsonValue::Null}}};
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

WriteResult JobStore::transition(const AuthUser &actor, const QString &id,
                                 const EtagCondition &ifMatch, JobStatus to, const QString &code,
                                 const QString &reason)
{
    const auto gate = [&](const Row &current) {
        GateVerdict verdict;
        if (!isVisibleTo(current.job, actor)) {
            verdict.error = notFound();
            return verdict;
        }
        const auto rule = transitionRule(current.job.status, to);
        if (!rule) {
            verdict.error =
                invalidTransition(current.job.status, to,
                                  QStringLiteral("A job cannot move from %1 to %2.")
                                      .arg(englishName(current.job.status), englishName(to)));
        } else if (rule->actor == TransitionActor::AssignRoute) {
            verdict.error =
                invalidTransition(current.job.status, to,
                                  QStringLiteral("Assign or unassign a pro to make this move."));
        } else if (const auto action = transitionAction(current.job.status, to);
                   !action || !roleMayTake(*action, actor.role, isOwnJob(current.job, actor.id))) {
            // Who may take the move is models/jobactions.h; the edge's actor words the answer.
            verdict.error =
                forbidden(rule->actor == TransitionActor::Office
                              ? QStringLiteral("Only admins and dispatchers can do that.")
                              : QStringLiteral("Only the pro assigned to the job can do that."));
        }
        return verdict;
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        const auto rule = transitionRule(current.job.status, to);
        if (rule && rule->code != RequiredCode::None) {
            const QDateTime now = nowUtc();
            if (current.codeLockedUntil.isValid() && current.codeLockedUntil > now) {
                plan.error = makeError(
                    StoreError::Kind::TooSoon, "CODE_LOCKED",
                    QStringLiteral("Too many wrong codes; try again after %1.")
                        .arg(toWireTime(current.codeLockedUntil)),
                    {{QStringLiteral("retryAfter"), now.secsTo(current.codeLockedUntil)}});
                return plan;
            }
            const QString expected = !current.job.codes ? QString()
                                     : rule->code == RequiredCode::Start
                                         ? current.job.codes->start
                                         : current.job.codes->completion;
            if (expected.isEmpty() || code != expected) {
                const bool lockExpired = current.codeLockedUntil.isValid();
                plan.next.codeFailures = (lockExpired ? 0 : current.codeFailures) + 1;
                plan.next.codeLockedUntil = plan.next.codeFailures >= kMaxCodeFailures
                                                ? now.addSecs(kCodeLockSeconds)
                                                : QDateTime();
                plan.recordCodeFailure = true;
                plan.error = makeError(StoreError::Kind::Refused, "INVALID_CODE",
                                       QStringLiteral("That code is not right for this job."));
                return plan;
            }
            plan.next.codeFailures = 0;
            plan.next.codeLockedUntil = {};
        }
        plan.next.job.status = to;
        plan.changes = QJsonObject{
            {QStringLiteral("status"), QJsonArray{toWire(current.job.status), toWire(to)}}};
        plan.reason = reason;
        plan.eventType = eventTypeForTransition(current.job.status, to);
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

namespace {

/// Why `proId` cannot be given a job (no such user, not a pro, deactivated), or nothing.
std::optional<StoreError> proRefusal(QSqlDatabase db, const QString &proId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT role, active FROM users WHERE id = ?"));
    query.addBindValue(proId);
    if (!query.exec())
        return databaseError(query.lastError());
    QString reason;
    if (!query.next() || query.value(0).toString() != QLatin1String("pro"))
        reason = QStringLiteral("is not a pro");
    else if (query.value(1).toInt() == 0)
        reason = QStringLiteral("is a deactivated pro");
    else
        return std::nullopt;
    return makeError(
        StoreError::Kind::Invalid, "INVALID_VALUE",
        reason == QLatin1String("is not a pro") ? QStringLiteral("There is no such pro.")
                                                : QStringLiteral("That pro is deactivated."),
        {{QStringLiteral("field"), QStringLiteral("proId")}, {QStringLiteral("reason"), reason}});
}

/// The schedule's window start as UTC, or the 400 INVALID_VALUE naming the bad member.
std::optional<QDateTime> checkedScheduleStart(const JobSchedule &schedule, StoreError *error)
{
    QString field, reason;
    const auto start = scheduleStartUtc(schedule, &field, &reason);
    if (!start) {
        *error = makeError(StoreError::Kind::Invalid, "INVALID_VALUE",
                           QStringLiteral("The %1 %2.").arg(field, reason),
                           {{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}});
    }
    return start;
}

QJsonValue scheduleJson(const std::optional<JobSchedule> &schedule)
{
    return schedule ? QJsonValue(toJson(*schedule)) : QJsonValue(QJsonValue::Null);
}

/// Assign's change to `plan` (POST /jobs/{id}/assign): the pro (or none), the status that goes
/// with it, new codes, and the history's changes.
void planAssignment(JobStore::Plan &plan, const JobStore::Row &current, const QString &proId)
{
    Job &job = plan.next.job;
    job.assignedTo = proId;
    job.status = proId.isEmpty() ? JobStatus::Open : JobStatus::Scheduled;
    if (proId.isEmpty())
        job.codes.reset();
    else
        job.codes = JobCodes{randomCode(), randomCode()};
    plan.next.codeFailures = 0;
    plan.next.codeLockedUntil = {};
    plan.changes.insert(QStringLiteral("assignedTo"),
                        QJsonArray{jsonTextOrNull(current.job.assignedTo), jsonTextOrNull(proId)});
    if (job.status != current.job.status) {
        plan.changes.insert(QStringLiteral("status"),
                            QJsonArray{toWire(current.job.status), toWire(job.status)});
    }
    plan.eventType =
        proId.isEmpty() ? QStringLiteral("JOB_UNASSIGNED") : QStringLiteral("JOB_ASSIGNED");
}

/// Schedule's change to `plan` (POST /jobs/{id}/schedule), when the schedule differs; the event
/// type only when no other change named one.
void planSchedule(JobStore::Plan &plan, const JobStore::Row &current, const JobSchedule &schedule,
                  const QDateTime &start)
{
    if (current.job.schedule == schedule && current.job.dueAt == start)
        return;
    plan.next.job.schedule = schedule;
    plan.next.job.dueAt = start;
    plan.changes.insert(QStringLiteral("schedule"),
                        QJsonArray{scheduleJson(current.job.schedule), scheduleJson(schedule)});
    plan.changes.insert(QStringLiteral("dueAt"),
                        QJsonArray{jsonTimeOrNull(current.job.dueAt), jsonTimeOrNull(start)});
    if (plan.eventType.isEmpty())
        plan.eventType = QStringLiteral("JOB_SCHEDULED");
}

WriteResult failedWrite(StoreError error)
{
    WriteResult result;
    result.error = std::move(error);
    return result;
}

StoreError scheduleLocked()
{
    return makeError(StoreError::Kind::Conflict, "JOB_LOCKED",
                     QStringLiteral("A job that has started can no longer be rescheduled."),
                     {{QStringLiteral("field"), QStringLiteral("schedule")}});
}

} // namespace

std::optional<Job> JobStore::insertNewJob(const AuthUser &actor, const QJsonObject &fields,
                                          const QString &idempotencyKey, const QString &reason,
                                          StoreError *error,
                                          const std::optional<JobSchedule> &schedule)
{
    std::optional<QDateTime> start;
    if (schedule && !(start = checkedScheduleStart(*schedule, error)))
        return std::nullopt;
    Row row;
    Job &job = row.job;
    job.id = randomId(u"j_");
    job.version = 1;
    job.status = JobStatus::Open;
    job.createdAt = nowUtc();
    job.updatedAt = job.createdAt;
    job.updatedBy = actor.id;
    job.updatedByName = actor.name;
    job.fields = emptyJobFields();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        job.fields.insert(it.key(), it.value());
    row.idempotencyKey = idempotencyKey;

    QJsonObject changes;
    for (auto it = job.fields.begin(); it != job.fields.end(); ++it) {
        if (!it.value().isNull())
            changes.insert(it.key(), QJsonArray{QJsonValue::Null, it.value()});
    }
    if (schedule) {
        // The job is made OPEN and scheduled as POST /jobs/{id}/schedule would leave it, by the
        // same step, but in this one version, history row and JOB_CREATED event.
        Plan plan;
        plan.next = row;
        plan.eventType = QStringLiteral("JOB_CREATED");
        planSchedule(plan, row, *schedule, *start);
        row = plan.next;
        for (auto it = plan.changes.begin(); it != plan.changes.end(); ++it)
            changes.insert(it.key(), it.value());
    }
    if (!insertRow(row, error) ||
        !appendHistoryAndEvent(actor, QStringLiteral("JOB_CREATED"), job.id, std::nullopt, row,
                               changes, reason, job.createdAt, error))
        return std::nullopt;
    return row.job;
}

WriteResult JobStore::assign(const AuthUser &actor, const QString &id, const EtagCondition &ifMatch,
                             const QString &proId)
{
    if (!proId.isEmpty() && actor.isOffice()) {
        if (auto refusal = proRefusal(m_db.connection(), proId))
            return failedWrite(*refusal);
    }
    const auto gate = [&](const Row &current) {
        if (!isVisibleTo(current.job, actor))
            return GateVerdict{notFound()};
        const JobAction action = proId.isEmpty() ? JobAction::Unassign : JobAction::Assign;
        GateVerdict verdict = officeOnly(action, current, actor, "assign jobs");
        if (verdict.error)
            return verdict;
        const JobStatus from = current.job.status;
        if (statusAllows(action, from))
            return verdict;
        if (action == JobAction::Assign) {
            verdict.error = invalidTransition(
                from, JobStatus::Scheduled,
                QStringLiteral("Only open or requested jobs can be assigned; unassign it first."));
        } else {
            verdict.error = invalidTransition(from, JobStatus::Open,
                                              QStringLiteral("Only scheduled jobs can be "
                                                             "unassigned."));
        }
        return verdict;
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        planAssignment(plan, current, proId);
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

WriteResult JobStore::schedule(const AuthUser &actor, const QString &id,
                               const EtagCondition &ifMatch, const JobSchedule &schedule)
{
    StoreError error;
    const auto start = checkedScheduleStart(schedule, &error);
    if (!start)
        return failedWrite(error);
    const auto gate = [&](const Row &current) {
        if (!isVisibleTo(current.job, actor))
            return GateVerdict{notFound()};
        return officeOnly(JobAction::Schedule, current, actor, "schedule jobs");
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        if (!statusAllows(JobAction::Schedule, current.job.status)) {
            plan.error = scheduleLocked();
            return plan;
        }
        planSchedule(plan, current, schedule, *start);
        plan.noop = plan.changes.isEmpty();
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

WriteResult JobStore::dispatch(const AuthUser &actor, const QString &id,
                               const EtagCondition &ifMatch, const QString &proId,
                               const JobSchedule &schedule)
{
    // Everything that can fail without the row is checked first, so a bad zone or pro never
    // leaves half a write behind; the rest is one mutate(): one version, one event.
    StoreError error;
    const auto start = checkedScheduleStart(schedule, &error);
    if (!start)
        return failedWrite(error);
    if (actor.isOffice()) {
        if (auto refusal = proRefusal(m_db.connection(), proId))
            return failedWrite(*refusal);
    }
    const auto gate = [&](const Row &current) {
        if (!isVisibleTo(current.job, actor))
            return GateVerdict{notFound()};
        GateVerdict verdict = officeOnly(JobAction::Assign, current, actor, "dispatch jobs");
        if (verdict.error)
            return verdict;
        // OPEN and REQUESTED are assigned and scheduled; SCHEDULED is reassigned and/or
        // rescheduled: the statuses a schedule may change in.
        if (!statusAllows(JobAction::Schedule, current.job.status)) {
            verdict.error = invalidTransition(
                current.job.status, JobStatus::Scheduled,
                QStringLiteral("Only open, requested or scheduled jobs can be dispatched."));
            return verdict;
        }
        // A pro took the job since the caller's version (an accepted offer, another
        // dispatcher's drop): say who holds it rather than a bare 412.
        const QString holder = current.job.assignedTo;
        if (ifMatch.isPresent() && !ifMatch.matchesStrongly(etagOf(current.job)) &&
            !holder.isEmpty() && holder != proId) {
            verdict.error = makeError(StoreError::Kind::Conflict, "ALREADY_ASSIGNED",
                                      QStringLiteral("Another pro has taken this job since."));
            verdict.withCurrent = true;
        }
        return verdict;
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        if (current.job.assignedTo != proId)
            planAssignment(plan, current, proId);
        planSchedule(plan, current, schedule, *start);
        plan.noop = plan.changes.isEmpty();
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

WriteResult JobStore::addNote(const AuthUser &actor, const QString &id,
                              const EtagCondition &ifMatch, const QString &text)
{
    const auto gate = [&](const Row &current) {
        GateVerdict verdict;
        if (!isVisibleTo(current.job, actor))
            verdict.error = notFound();
        else if (!roleMayTake(JobAction::AddNote, actor.role, isOwnJob(current.job, actor.id)))
            verdict.error = forbidden(QStringLiteral("Pros can add notes to their own jobs only."));
        return verdict;
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        plan.reason = text;
        plan.eventType = QStringLiteral("NOTE_ADDED");
        return plan;
    };
    return mutate(actor, id, ifMatch, IfMatchRule::Required, gate, planner);
}

WriteResult JobStore::accept(const AuthUser &pro, const QString &id, const EtagCondition &ifMatch)
{
    // Visibility is decided here, not by the generic rule: a job another pro holds answers
    // 409 ALREADY_ASSIGNED (the contract says so), without its contents.
    const auto gate = [&](const Row &current) {
        GateVerdict verdict;
        if (current.job.assignedTo == pro.id) {
            verdict.unchanged = true;
        } else if (!current.job.assignedTo.isEmpty()) {
            verdict.error = makeError(StoreError::Kind::Conflict, "ALREADY_ASSIGNED",
                                      QStringLiteral("Another pro has already taken this job."));
        } else if (!statusAllows(JobAction::Accept, current.job.status)) {
            verdict.error = notFound();
        }
        return verdict;
    };
    const auto planner = [&](const Row &current) {
        Plan plan;
        plan.next = current;
        planAssignment(plan, current, pro.id);
        return plan;
    };
    return mutate(pro, id, ifMatch, IfMatchRule::Optional, gate, planner);
}

} // namespace dispatch::server
