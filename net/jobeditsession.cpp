#include "jobeditsession.h"

#include "apiclient.h"

namespace dispatch::net {

JobEditSession::JobEditSession(ApiClient *client, const VersionedJob &base, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_base(base)
    , m_mine(base.job.fields)
{
    Q_ASSERT(client);
    connect(client, &ApiClient::jobChanged, this, &JobEditSession::onJobChanged);
    if (client)
        client->announceEditSession(this);
}

QJsonObject JobEditSession::edits() const
{
    QJsonObject changes;
    for (auto it = m_mine.begin(); it != m_mine.end(); ++it) {
        if (!sameFieldValue(it.value(), m_base.job.fields.value(it.key())))
            changes.insert(it.key(), it.value());
    }
    return changes;
}

bool JobEditSession::setField(const QString &key, const QJsonValue &value)
{
    if (m_state == State::NeedsDecision) {
        qCWarning(lcNet) << "edit of" << key << "ignored while conflicts await a decision";
        return false;
    }
    m_mine.insert(key, value);
    return true;
}

bool JobEditSession::revertField(const QString &key)
{
    return setField(key, m_base.job.fields.value(key));
}

void JobEditSession::discardEdits()
{
    if (m_state == State::NeedsDecision) {
        m_base = m_theirs;
        m_merge = {};
        m_theirs = {};
        m_mine = m_base.job.fields;
        setState(State::Editing);
        Q_EMIT baseChanged(m_base);
        return;
    }
    m_mine = m_base.job.fields;
}

void JobEditSession::save()
{
    switch (m_state) {
    case State::Saving:
        // Sent when the current write has landed, based on its result.
        m_saveAgain = true;
        return;
    case State::NeedsDecision:
        qCWarning(lcNet) << "save of job" << jobId() << "ignored: conflicts await a decision";
        return;
    case State::Editing:
        break;
    }
    m_automaticRounds = 0;
    const QJsonObject changes = edits();
    if (changes.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT saved(m_base); }, Qt::QueuedConnection);
        return;
    }
    send(changes);
}

void JobEditSession::send(const QJsonObject &changes)
{
    if (!m_client) {
        ApiError error = ApiError::unexpected(0, QStringLiteral("the client is gone"));
        QMetaObject::invokeMethod(
            this, [this, error] { Q_EMIT saveFailed(error); }, Qt::QueuedConnection);
        return;
    }
    setState(State::Saving);
    m_client->patchJob(m_base, changes, this, [this](const JobResult &result) {
        if (result.ok())
            onSaved(result.job);
        else
            onSaveFailed(result.error);
    });
}

void JobEditSession::onSaved(const VersionedJob &job)
{
    // The server held our base and applied exactly our changes, so `m_mine` (which may have
    // gained edits while the write was in flight) is still what the user wants.
    m_base = job;
    setState(State::Editing);
    Q_EMIT saved(job);
    if (m_saveAgain) {
        m_saveAgain = false;
        save();
    }
}

void JobEditSession::onSaveFailed(const ApiError &error)
{
    if (error.is(ApiError::Kind::Conflict) && error.current && error.current->isValid()) {
        if (++m_automaticRounds > MaxAutomaticRounds) {
            qCWarning(lcNet) << "job" << jobId() << "keeps changing; giving up after"
                             << MaxAutomaticRounds << "automatic merges";
            m_saveAgain = false;
            setState(State::Editing);
            Q_EMIT saveFailed(error);
            return;
        }
        // The queued extra save is covered: the merge below uses every edit made so far.
        m_saveAgain = false;
        mergeWith(*error.current, /*thenSave=*/true);
        return;
    }
    m_saveAgain = false;
    setState(State::Editing);
    Q_EMIT saveFailed(error);
}

void JobEditSession::mergeWith(const VersionedJob &theirs, bool thenSave)
{
    MergeResult merge = mergeFields(m_base.job.fields, m_mine, theirs.job.fields);
    if (merge.hasConflicts()) {
        m_merge = std::move(merge);
        m_theirs = theirs;
        setState(State::NeedsDecision);
        Q_EMIT conflictsFound(m_merge, m_theirs);
        return;
    }
    m_base = theirs;
    m_mine = merge.merged;
    const QJsonObject changes = edits();
    qCInfo(lcNet) << "job" << jobId() << "merged with version" << theirs.job.version << "of"
                  << theirs.job.updatedBy << "without conflicts; re-applying" << changes.keys();
    if (thenSave && !changes.isEmpty()) {
        Q_EMIT autoMerged(merge, theirs);
        send(changes);
        return;
    }
    setState(State::Editing);
    Q_EMIT autoMerged(merge, theirs);
    if (thenSave)
        Q_EMIT saved(m_base); // theirs already holds every value of mine
}

void JobEditSession::resolve(const Resolution &resolution)
{
    if (m_state != State::NeedsDecision) {
        qCWarning(lcNet) << "resolve() without pending conflicts on job" << jobId();
        return;
    }
    switch (resolution.outcome) {
    case Outcome::Reapply:
        reapply(resolution.choices);
        return;
    case Outcome::DiscardMine:
        discardEdits();
        return;
    case Outcome::BackToEditing:
        keepEditingOnTopOfTheirs();
        return;
    }
}

void JobEditSession::reapply(const Choices &choices)
{
    const QJsonObject changes = resolveConflicts(m_merge, choices);
    m_base = m_theirs;
    m_mine = m_base.job.fields;
    for (auto it = changes.begin(); it != changes.end(); ++it)
        m_mine.insert(it.key(), it.value());
    m_merge = {};
    m_theirs = {};
    m_automaticRounds = 0;
    setState(State::Editing);
    const QJsonObject toSend = edits();
    if (toSend.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT saved(m_base); }, Qt::QueuedConnection);
        return;
    }
    send(toSend);
}

void JobEditSession::keepEditingOnTopOfTheirs()
{
    // Their other changes come in, mine stay unsaved, and the next save is based on their
    // version (its ETag), so it cannot overwrite a newer one.
    const QJsonObject myEdits = edits();
    m_base = m_theirs;
    m_mine = m_base.job.fields;
    for (auto it = myEdits.begin(); it != myEdits.end(); ++it)
        m_mine.insert(it.key(), it.value());
    m_merge = {};
    m_theirs = {};
    setState(State::Editing);
    Q_EMIT baseChanged(m_base);
}

void JobEditSession::mergeRemote()
{
    if (m_state != State::Editing || !m_client)
        return;
    const auto latest = m_client->cachedJob(jobId());
    if (!latest || latest->job.version <= m_base.job.version)
        return;
    mergeWith(*latest, /*thenSave=*/false);
}

void JobEditSession::onJobChanged(const VersionedJob &job)
{
    if (job.id() != jobId() || job.job.version <= m_base.job.version)
        return;
    // While saving, the write's own answer decides; while deciding, resolve()'s write will
    // meet the newer version as a 412 and merge again.
    if (m_state != State::Editing)
        return;
    if (!hasUnsavedEdits()) {
        m_base = job;
        m_mine = job.job.fields;
        Q_EMIT baseChanged(m_base);
        return;
    }
    Q_EMIT changedRemotely(job);
}

void JobEditSession::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace dispatch::net
