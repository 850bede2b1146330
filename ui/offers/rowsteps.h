#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <functional>

namespace dispatch {

/// One step that turns a model's rows, as they are at that moment, a step closer to a new
/// order; each maps onto one begin/end pair of QAbstractItemModel signals.
struct RowStep {
    enum class Kind {
        Remove, ///< rows [row, row + count) leave
        Insert, ///< newIds[source, source + count) enter at rows [row, row + count)
        Move,   ///< the row at `row` moves so it ends at `to` (QList::move semantics)
    };
    Kind kind = Kind::Remove;
    int row = 0;
    int count = 1;
    int to = 0;     ///< Move only
    int source = 0; ///< Insert only: index into newIds

    friend bool operator==(const RowStep &, const RowStep &) = default;
};

/// The steps that turn the list `oldIds` into `newIds` (ids unique within each list), to be
/// applied in order. Removals come first (bottom-up, one step per contiguous run); rows that
/// stay in the same relative order (a longest increasing subsequence) never move; each other
/// kept row is one Move and each run of new rows one Insert. A common head and tail are skipped
/// without hashing, so a change near the end of a long ranking costs little, and the worst
/// case is O(n log n): with 10,000 offers, one re-rank applies in well under a millisecond
/// (docs/ARCHITECTURE.md, "How an offer is ranked": the console re-fetches after each event).
QList<RowStep> planRowSteps(const QList<QString> &oldIds, const QList<QString> &newIds);
/// The same steps, using `oldRows` (each id of `oldIds` to its index there, as a model keeps
/// it) instead of hashing the new ids: one lookup per new id and no hash to build.
QList<RowStep> planRowSteps(const QList<QString> &oldIds, const QList<QString> &newIds,
                            const QHash<QString, int> &oldRows);
/// The same on views of the ids (a model's rows point into its offers list): building the
/// lists touches no string's reference count.
QList<RowStep> planRowSteps(const QList<QStringView> &oldIds, const QList<QStringView> &newIds,
                            const QHash<QString, int> &oldRows);
/// The same, asking `oldRowOf` for an id's index in `oldIds` (-1: not there): a model that
/// keeps its rows some other way than a hash to the row. Asked only around changes.
QList<RowStep> planRowSteps(const QList<QStringView> &oldIds, const QList<QStringView> &newIds,
                            const std::function<int(QStringView)> &oldRowOf);

/// Applies `steps` to `rows` as a model would (for tests): `newIds` supplies inserted rows.
void applyRowSteps(QList<QString> &rows, const QList<RowStep> &steps, const QList<QString> &newIds);

} // namespace dispatch
