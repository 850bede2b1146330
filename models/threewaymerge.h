#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

namespace dispatch {

/// Field-level three-way merge of a job's `fields` for the conflict flow (docs/ARCHITECTURE.md):
/// when a save answers 412, `base` is the version the user's edit started from, `mine` is base with
/// their edits and `theirs` is the `current` job from the 412. Fields only I changed are
/// re-applied, fields only they changed are taken, fields both changed to different values are
/// conflicts for the user to decide.
///
/// Values compare by JSON value: a key missing from an object equals null, numbers compare
/// by value (100 equals 100.0), objects such as `geo` compare member by member in any order.
/// Every value the merge reports is null rather than missing, so it can be sent in a PATCH.

/// One field both sides changed, to different values.
struct MergeConflict {
    QString field;
    QJsonValue base, mine, theirs;

    friend bool operator==(const MergeConflict &, const MergeConflict &) = default;
};

struct MergeResult {
    QJsonObject merged;             ///< theirs + every change only I made (conflicts: theirs)
    QJsonObject reapplied;          ///< key -> my value, the changes of mine re-applied
    QJsonObject takenFromTheirs;    ///< key -> their value, fields only they changed
    QList<MergeConflict> conflicts; ///< in canonical key order, unknown keys after, by name

    bool hasConflicts() const { return !conflicts.isEmpty(); }
    /// What to PATCH on top of theirs when no conflict is resolved: the re-applied changes.
    QJsonObject changesToSend() const { return reapplied; }
};

/// JSON value equality as the merge uses it (missing == null, 100 == 100.0, deep objects).
bool sameFieldValue(const QJsonValue &a, const QJsonValue &b);

MergeResult mergeFields(const QJsonObject &base, const QJsonObject &mine,
                        const QJsonObject &theirs);

enum class ConflictChoice { KeepMine, TakeTheirs, Custom };

/// After the user decides each conflict: the changes to PATCH on top of theirs, i.e. the
/// re-applied changes plus, per conflict, my value (KeepMine), nothing (TakeTheirs: the server
/// already holds it) or the given value (Custom; nothing when it equals theirs). A conflict
/// with no choice keeps theirs, so nothing of another user's change is overwritten without a
/// decision. Choices for keys that are not conflicts are ignored.
QJsonObject resolveConflicts(const MergeResult &result,
                             const QHash<QString, std::pair<ConflictChoice, QJsonValue>> &choices);

} // namespace dispatch
