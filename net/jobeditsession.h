#pragma once

#include "apierror.h"
#include "versionedjob.h"

#include <threewaymerge.h>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace dispatch::net {

class ApiClient;

/// One user's edit of one job's fields, from the version they opened to a landed write, such
/// that no edit is silently lost (docs/ARCHITECTURE.md). The UI's job editor sets
/// fields and calls save(); this class holds the base (the version the edit started from, with
/// its ETag) and "mine" (the fields as the user wants them), and talks to ApiClient.
///
/// - save() PATCHes the fields that differ from the base, with If-Match = the base's ETag.
///   While a save is in flight, another save() only marks that a new save is wanted: it is
///   sent when the first one has landed, based on the first one's result, so two quick saves
///   never conflict with each other (and the second carries only what changed since).
/// - A Conflict (412) brings the server's current copy ("theirs"). The session merges base,
///   mine and theirs field by field (models/threewaymerge.h). Without a real conflict it takes
///   theirs as the new base, re-applies my changes, emits autoMerged() (for the banner:
///   "X changed this job while you were editing; your changes were kept") and saves again by
///   itself. With conflicts it emits conflictsFound() with the rows for the user to decide and
///   waits in NeedsDecision; resolve() then carries out the user's Resolution in one call:
///   re-apply (one write with the choices, based on theirs), discard mine, or back to editing
///   (my edits kept, unsaved, on top of theirs).
/// - Another failure keeps every edit and emits saveFailed(); the user may save again.
/// - A newer version of the job seen by the client (an event, another read) becomes the base
///   at once when the user has no edits; with edits it is announced by changedRemotely() and
///   mergeRemote() folds it in before the user saves.
class JobEditSession final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Editing,       ///< idle: the user may edit and save
        Saving,        ///< a write is in flight
        NeedsDecision, ///< a merge found conflicts; waiting for resolve() or discardEdits()
    };
    Q_ENUM(State)

    /// A choice per conflicting field, as resolveConflicts() takes them.
    using Choices = QHash<QString, std::pair<ConflictChoice, QJsonValue>>;

    /// How the user ends a conflict (the conflict dialog's buttons).
    enum class Outcome {
        BackToEditing, ///< keep my edits, unsaved, on top of theirs; nothing is written
        Reapply,       ///< write once on top of theirs with the choice per conflict
        DiscardMine,   ///< drop my edits; theirs becomes the base
    };
    Q_ENUM(Outcome)

    /// What the user decided about pending conflicts.
    struct Resolution {
        Outcome outcome = Outcome::BackToEditing;
        Choices choices; ///< Reapply only: the choice per conflicting field
    };

    /// `base` must carry its ETag (from ApiClient::getJob() or a write's result; a job from a
    /// list has none, and saving it would be 428 PreconditionRequired).
    JobEditSession(ApiClient *client, const VersionedJob &base, QObject *parent = nullptr);

    QString jobId() const { return m_base.id(); }
    State state() const { return m_state; }
    /// The version the user's edits are relative to.
    const VersionedJob &base() const { return m_base; }
    /// The fields as the user wants them: base plus edits.
    QJsonObject mine() const { return m_mine; }
    QJsonValue value(const QString &key) const { return m_mine.value(key); }
    /// Key -> my value, for every field that differs from the base.
    QJsonObject edits() const;
    bool hasUnsavedEdits() const { return !edits().isEmpty(); }

    /// Sets a field as the user typed it. Ignored (false) while a decision is pending.
    bool setField(const QString &key, const QJsonValue &value);
    /// Back to the base's value.
    bool revertField(const QString &key);
    /// Drops every edit. In NeedsDecision this takes theirs as the new base and ends the merge.
    void discardEdits();

    /// Writes the edits; the outcome is saved(), autoMerged() + saved(), conflictsFound() or
    /// saveFailed(). With no edits saved() follows at once (on the next event-loop turn).
    void save();

    /// NeedsDecision: the merge whose conflicts await a choice, and the server's copy.
    const MergeResult &pendingMerge() const { return m_merge; }
    const VersionedJob &theirs() const { return m_theirs; }
    /// Ends NeedsDecision the way the user decided; in each case theirs becomes the base.
    /// - Reapply: applies the choice per conflict (a conflict without a choice keeps theirs)
    ///   and saves once with theirs' ETag (saved() follows, also when nothing is left to write).
    /// - DiscardMine: as discardEdits(); baseChanged() follows.
    /// - BackToEditing: my edits (relative to the old base) are put back on top of theirs,
    ///   unsaved, so the next save() is based on theirs and cannot overwrite it; baseChanged()
    ///   follows. A conflicting field keeps my value.
    /// Ignored outside NeedsDecision.
    void resolve(const Resolution &resolution);

    /// Merges the newest version the client holds into the edit now, before saving: like a
    /// Conflict, it either folds it in (autoMerged) or asks for decisions (conflictsFound).
    void mergeRemote();

Q_SIGNALS:
    void stateChanged(dispatch::net::JobEditSession::State state);
    /// The write landed; `job` is the new base.
    void saved(const dispatch::net::VersionedJob &job);
    /// Someone else's version was merged without conflicts; `merge.takenFromTheirs` lists their
    /// changes, `merge.reapplied` mine. A save follows by itself when one was under way.
    void autoMerged(const dispatch::MergeResult &merge, const dispatch::net::VersionedJob &theirs);
    /// Both sides changed some fields differently; call resolve() (or discardEdits()).
    void conflictsFound(const dispatch::MergeResult &merge,
                        const dispatch::net::VersionedJob &theirs);
    void saveFailed(const dispatch::net::ApiError &error);
    /// A newer version exists while the user has edits; nothing was changed yet.
    void changedRemotely(const dispatch::net::VersionedJob &theirs);
    /// The base moved without user edits involved (a newer version with no edits pending).
    void baseChanged(const dispatch::net::VersionedJob &base);

private:
    /// A 412 (or mergeRemote) gave us `theirs`: automatic merge or decisions.
    void mergeWith(const VersionedJob &theirs, bool thenSave);
    void send(const QJsonObject &changes);
    void onSaved(const VersionedJob &job);
    void onSaveFailed(const ApiError &error);
    void onJobChanged(const VersionedJob &job);
    void setState(State state);
    void reapply(const Choices &choices);
    void keepEditingOnTopOfTheirs();

    /// Rounds of automatic merge-and-resave in one save() before giving up: each round means
    /// someone else wrote again in the meantime.
    static constexpr int MaxAutomaticRounds = 5;

    QPointer<ApiClient> m_client;
    VersionedJob m_base;
    QJsonObject m_mine;
    State m_state = State::Editing;
    bool m_saveAgain = false;
    int m_automaticRounds = 0;
    MergeResult m_merge;
    VersionedJob m_theirs;
};

} // namespace dispatch::net
