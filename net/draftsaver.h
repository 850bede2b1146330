#pragma once

#include "apierror.h"
#include "draftclient.h"
#include "jobeditsession.h" // Resolution: the conflict dialog's outcome, shared with jobs

#include <draft.h>
#include <threewaymerge.h>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace dispatch::net {

/// Saves a draft as the user types, field by field (docs/ARCHITECTURE.md "The new-job
/// wizard"). The wizard calls setField() on every keystroke; each field is sent about half a
/// second after its last change, one request at a time from a queue (a field waiting in the
/// queue is sent with its newest value, never twice), each with `expectedVersion` = the
/// version the saver last heard from the server. Nothing is called saved before the server
/// said so.
///
/// - A network failure keeps the field in the queue and tries again with exponential backoff
///   and full jitter (state Retrying: "Not saved — retrying").
/// - Every answer with a draft (a save, an unchanged value, a 409 VERSION_CONFLICT's fresh
///   copy) is merged like a job's 412 (models/threewaymerge.h): base = the server's copy the
///   user's values are relative to, mine = the values shown, theirs = the answer. Fields only
///   they changed are taken (valuesChanged() updates the form), fields only I changed are
///   queued again on top of theirs; fields both changed wait in NeedsDecision
///   (conflictsFound()) for resolve(), with the conflict dialog's Resolution.
/// - 409 JURISDICTION_MISMATCH and 400s reject that one field (fieldRejected(),
///   jurisdictionMismatch()); the other fields go on saving. The field is sent again when the
///   user changes it.
/// - Any other failure (the draft is gone, the session ended) stops the queue with failed();
///   flush() tries again.
class DraftSaver final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Saved,         ///< the server holds every value shown
        Saving,        ///< a change waits for its quiet period or is on its way
        Retrying,      ///< the server could not be reached; trying again
        NotSaved,      ///< a field was refused or held, or the queue stopped (lastError())
        NeedsDecision, ///< both sides changed a field; waiting for resolve()
    };
    Q_ENUM(State)

    struct Timing {
        std::chrono::milliseconds quiet{500}; ///< after the last keystroke
        std::chrono::milliseconds backoffBase{1000};
        std::chrono::milliseconds backoffCap{30000};
    };

    DraftSaver(DraftClient *client, const Draft &draft, QObject *parent = nullptr);

    void setTiming(const Timing &timing) { m_timing = timing; }

    QString draftId() const { return m_draft.id; }
    /// The server's copy as last heard (its version is the next `expectedVersion`).
    const Draft &draft() const { return m_draft; }
    /// The values as the user sees them: the server's, with the user's changes on top.
    QJsonObject values() const { return m_local; }
    QJsonValue value(const QString &key) const { return m_local.value(key); }

    /// The user changed a field (a valid value; see markInvalid()). Saved after the quiet time.
    void setField(const QString &key, const QJsonValue &value);
    /// The user typed something that is not a value yet ("12,5" for a price): the field is not
    /// saved and the state says so until the next setField() of that key.
    void markInvalid(const QString &key);
    /// Sends every waiting field now (leaving a page, before publishing); after failed() or
    /// during a backoff it also tries again at once.
    void flush();
    /// A fresher copy of the draft from elsewhere (a publish's 409 VERSION_CONFLICT): merged
    /// into the values shown as a save's answer would be.
    void mergeFresh(const Draft &fresh);

    State state() const { return m_state; }
    bool isSaved() const { return m_state == State::Saved; }
    /// Fields not on the server: refused ones with their error, invalid and held ones.
    QHash<QString, ApiError> rejectedFields() const { return m_rejected; }
    QStringList invalidFields() const { return m_invalid; }
    QStringList heldFields() const { return m_held; }
    /// Why the last request failed (Retrying, NotSaved after failed()); None otherwise.
    ApiError lastError() const { return m_lastError; }

    /// NeedsDecision: the merge whose conflicts await a choice, and the server's copy.
    const MergeResult &pendingMerge() const { return m_merge; }
    const Draft &theirs() const { return m_draft; }
    /// Ends NeedsDecision as the conflict dialog decided: Reapply saves the choices on top of
    /// theirs; DiscardMine takes theirs for every merged field; BackToEditing keeps my values
    /// shown but unsaved (held) until the user changes them again.
    void resolve(const JobEditSession::Resolution &resolution);

Q_SIGNALS:
    void stateChanged(dispatch::net::DraftSaver::State state);
    /// A newer server copy arrived.
    void draftChanged(const dispatch::Draft &draft);
    /// Values shown changed because of the server (someone else's change, a resolution):
    /// key -> new value.
    void valuesChanged(const QJsonObject &changed);
    /// Someone else's changes were merged with mine without a conflict.
    void autoMerged(const dispatch::MergeResult &merge, const dispatch::Draft &theirs);
    void conflictsFound(const dispatch::MergeResult &merge, const dispatch::Draft &theirs);
    /// The server refused a value (400 INVALID_VALUE...).
    void fieldRejected(const QString &key, const dispatch::net::ApiError &error);
    /// A `geo` outside the draft's locked country and state.
    void jurisdictionMismatch(const QString &key, const dispatch::Jurisdiction &expected,
                              const dispatch::Jurisdiction &got);
    /// The queue stopped (not found, forbidden, signed out...).
    void failed(const dispatch::net::ApiError &error);

private:
    QTimer *timerFor(const QString &key);
    void enqueue(const QString &key, bool front = false);
    void pump();
    void onAnswer(const QString &key, const QJsonValue &sent, const DraftResult &result);
    /// Merges a server copy into the values shown (see the class comment).
    void adopt(const Draft &fresh);
    void scheduleRetry(const ApiError &error);
    void updateState();

    QPointer<DraftClient> m_client;
    Draft m_draft;
    QJsonObject m_local;
    Timing m_timing;
    QHash<QString, QTimer *> m_quietTimers;
    QStringList m_queue;
    QString m_inFlight; ///< the key being sent; empty when idle
    QTimer m_retryTimer;
    int m_attempt = 0;
    bool m_stopped = false;
    bool m_needsDecision = false;
    MergeResult m_merge;
    QHash<QString, ApiError> m_rejected;
    QStringList m_invalid;
    QStringList m_held;
    ApiError m_lastError;
    State m_state = State::Saved;
};

} // namespace dispatch::net
