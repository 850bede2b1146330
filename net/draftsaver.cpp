#include "draftsaver.h"

#include "apiclient.h" // lcNet
#include "backoff.h"

namespace dispatch::net {

DraftSaver::DraftSaver(DraftClient *client, const Draft &draft, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_draft(draft)
    , m_local(draft.fields)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        updateState();
        pump();
    });
}

QTimer *DraftSaver::timerFor(const QString &key)
{
    QTimer *&timer = m_quietTimers[key];
    if (!timer) {
        timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, key] {
            enqueue(key);
            pump();
        });
    }
    return timer;
}

void DraftSaver::setField(const QString &key, const QJsonValue &value)
{
    m_local.insert(key, value);
    m_rejected.remove(key);
    m_invalid.removeAll(key);
    m_held.removeAll(key);
    timerFor(key)->start(m_timing.quiet);
    updateState();
}

void DraftSaver::markInvalid(const QString &key)
{
    if (QTimer *timer = m_quietTimers.value(key))
        timer->stop();
    m_queue.removeAll(key);
    if (!m_invalid.contains(key))
        m_invalid.append(key);
    updateState();
}

void DraftSaver::flush()
{
    for (auto it = m_quietTimers.cbegin(); it != m_quietTimers.cend(); ++it) {
        if (it.value()->isActive()) {
            it.value()->stop();
            enqueue(it.key());
        }
    }
    m_stopped = false;
    m_retryTimer.stop();
    updateState();
    pump();
}

void DraftSaver::mergeFresh(const Draft &fresh)
{
    adopt(fresh);
    updateState();
    pump();
}

void DraftSaver::enqueue(const QString &key, bool front)
{
    // A field already waiting is sent once, with its newest value (read when it is sent).
    if (m_queue.contains(key))
        return;
    if (front)
        m_queue.prepend(key);
    else
        m_queue.append(key);
}

void DraftSaver::pump()
{
    if (!m_client || !m_inFlight.isEmpty() || m_needsDecision || m_stopped ||
        m_retryTimer.isActive()) {
        updateState();
        return;
    }
    while (!m_queue.isEmpty()) {
        const QString key = m_queue.takeFirst();
        const QJsonValue value = m_local.value(key);
        // What the server already holds needs no request (a missing key counts as null).
        if (sameFieldValue(value, m_draft.fields.value(key)))
            continue;
        m_inFlight = key;
        qCDebug(lcNet) << "draft" << m_draft.id << "saving" << key << "at version"
                       << m_draft.version;
        m_client->saveField(
            m_draft.id, key, value, m_draft.version, this,
            [this, key, value](const DraftResult &result) { onAnswer(key, value, result); });
        break;
    }
    updateState();
}

void DraftSaver::onAnswer(const QString &key, const QJsonValue &sent, const DraftResult &result)
{
    m_inFlight.clear();
    if (result.ok()) {
        m_attempt = 0;
        m_lastError = {};
        // My own change is part of the base now, so a value typed since the request left is
        // a change of mine on top of it, not a conflict with myself.
        m_draft.fields.insert(key, sent);
        adopt(result.draft);
    } else if (result.isVersionConflict()) {
        m_attempt = 0;
        m_lastError = {};
        qCDebug(lcNet) << "draft" << m_draft.id << "moved on to version" << result.current->version
                       << "- merging";
        adopt(*result.current); // the field sent differs from theirs: queued again
    } else if (result.isJurisdictionMismatch()) {
        m_rejected.insert(key, result.error);
        Q_EMIT jurisdictionMismatch(key, *result.expected, *result.got);
    } else if (result.error.is(ApiError::Kind::Validation)) {
        m_rejected.insert(key, result.error);
        Q_EMIT fieldRejected(key, result.error);
    } else if ((result.error.is(ApiError::Kind::Network) && result.error.retryable) ||
               result.error.is(ApiError::Kind::RateLimited)) {
        enqueue(key, true);
        scheduleRetry(result.error);
    } else {
        qCWarning(lcNet) << "draft" << m_draft.id << "save stopped:" << result.error.toString();
        enqueue(key, true);
        m_lastError = result.error;
        m_stopped = true;
        Q_EMIT failed(result.error);
    }
    updateState();
    pump();
}

void DraftSaver::adopt(const Draft &fresh)
{
    if (fresh.version < m_draft.version)
        return; // an older copy than what we hold: nothing in it is news
    const MergeResult merge = mergeFields(m_draft.fields, m_local, fresh.fields);
    m_draft = fresh;
    Q_EMIT draftChanged(m_draft);

    QJsonObject shown;
    for (auto it = merge.takenFromTheirs.begin(); it != merge.takenFromTheirs.end(); ++it) {
        m_local.insert(it.key(), it.value());
        shown.insert(it.key(), it.value());
    }
    for (auto it = merge.reapplied.begin(); it != merge.reapplied.end(); ++it) {
        if (!m_quietTimers.value(it.key()) || !m_quietTimers.value(it.key())->isActive())
            enqueue(it.key(), true);
    }
    if (!shown.isEmpty())
        Q_EMIT valuesChanged(shown);
    if (merge.hasConflicts()) {
        m_needsDecision = true;
        m_merge = merge;
        updateState();
        Q_EMIT conflictsFound(merge, m_draft);
    } else if (!merge.takenFromTheirs.isEmpty()) {
        Q_EMIT autoMerged(merge, m_draft);
    }
}

void DraftSaver::resolve(const JobEditSession::Resolution &resolution)
{
    if (!m_needsDecision)
        return;
    m_needsDecision = false;
    QJsonObject shown;
    const auto show = [&](const QString &key, const QJsonValue &value) {
        if (!sameFieldValue(m_local.value(key), value)) {
            m_local.insert(key, value);
            shown.insert(key, value);
        }
    };
    using Outcome = JobEditSession::Outcome;
    switch (resolution.outcome) {
    case Outcome::Reapply: {
        const QJsonObject changes = resolveConflicts(m_merge, resolution.choices);
        for (const MergeConflict &conflict : std::as_const(m_merge.conflicts))
            show(conflict.field, changes.contains(conflict.field) ? changes.value(conflict.field)
                                                                  : conflict.theirs);
        for (auto it = changes.begin(); it != changes.end(); ++it)
            enqueue(it.key());
        break;
    }
    case Outcome::DiscardMine:
        for (const MergeConflict &conflict : std::as_const(m_merge.conflicts))
            show(conflict.field, conflict.theirs);
        for (auto it = m_merge.reapplied.begin(); it != m_merge.reapplied.end(); ++it) {
            m_queue.removeAll(it.key());
            show(it.key(), m_draft.fields.value(it.key()));
        }
        break;
    case Outcome::BackToEditing:
        for (const MergeConflict &conflict : std::as_const(m_merge.conflicts)) {
            if (!m_held.contains(conflict.field))
                m_held.append(conflict.field);
        }
        break;
    }
    m_merge = {};
    if (!shown.isEmpty())
        Q_EMIT valuesChanged(shown);
    updateState();
    pump();
}

void DraftSaver::scheduleRetry(const ApiError &error)
{
    m_lastError = error;
    auto delay = fullJitterDelay(m_attempt, m_timing.backoffBase, m_timing.backoffCap);
    if (error.retryAfterSeconds > 0)
        delay = std::chrono::seconds(error.retryAfterSeconds);
    ++m_attempt;
    qCDebug(lcNet) << "draft" << m_draft.id << "save failed (" << error.toString()
                   << "), retrying in" << delay.count() << "ms";
    m_retryTimer.start(delay);
}

void DraftSaver::updateState()
{
    State state = State::Saved;
    const bool waiting = std::any_of(m_quietTimers.cbegin(), m_quietTimers.cend(),
                                     [](const QTimer *timer) { return timer->isActive(); });
    if (m_needsDecision)
        state = State::NeedsDecision;
    else if (m_retryTimer.isActive())
        state = State::Retrying;
    else if (m_stopped || !m_rejected.isEmpty() || !m_invalid.isEmpty() || !m_held.isEmpty())
        state = State::NotSaved;
    else if (!m_inFlight.isEmpty() || !m_queue.isEmpty() || waiting)
        state = State::Saving;
    if (state != m_state) {
        m_state = state;
        Q_EMIT stateChanged(state);
    }
}

} // namespace dispatch::net
