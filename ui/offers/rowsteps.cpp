#include "rowsteps.h"

#include <QHash>
#include <QStringView>

#include <algorithm>
#include <vector>

namespace dispatch {

namespace {

/// Counts over positions [0, n) with prefix sums and point updates in O(log n).
class Fenwick {
public:
    explicit Fenwick(int size)
        : m_tree(size_t(size) + 1, 0)
    {}
    /// Every position in `ones` set to 1, built in O(n).
    void fill(const std::vector<char> &ones)
    {
        const int n = int(m_tree.size()) - 1;
        for (int i = 1; i <= n; ++i)
            m_tree[size_t(i)] += ones[size_t(i - 1)] ? 1 : 0;
        for (int i = 1; i <= n; ++i) {
            const int parent = i + (i & -i);
            if (parent <= n)
                m_tree[size_t(parent)] += m_tree[size_t(i)];
        }
    }
    void add(int position, int delta)
    {
        for (int i = position + 1; i < int(m_tree.size()); i += i & -i)
            m_tree[size_t(i)] += delta;
    }
    /// The sum over [0, end).
    int prefix(int end) const
    {
        int sum = 0;
        for (int i = end; i > 0; i -= i & -i)
            sum += m_tree[size_t(i)];
        return sum;
    }

private:
    std::vector<int> m_tree;
};

/// Marks the elements of a longest strictly increasing subsequence of `values`.
std::vector<char> longestIncreasing(const std::vector<int> &values)
{
    const int n = int(values.size());
    std::vector<int> tails; // index of the smallest tail of each length
    std::vector<int> previous(size_t(n), -1);
    for (int i = 0; i < n; ++i) {
        // Most kept rows keep their order: past the longest run so far, no search.
        if (!tails.empty() && values[size_t(tails.back())] < values[size_t(i)]) {
            previous[size_t(i)] = tails.back();
            tails.push_back(i);
            continue;
        }
        const auto at = std::lower_bound(
            tails.begin(), tails.end(), values[size_t(i)],
            [&values](int index, int value) { return values[size_t(index)] < value; });
        if (at != tails.begin())
            previous[size_t(i)] = *(at - 1);
        if (at == tails.end())
            tails.push_back(i);
        else
            *at = i;
    }
    std::vector<char> marked(size_t(n), 0);
    for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = previous[size_t(i)])
        marked[size_t(i)] = 1;
    return marked;
}

} // namespace

namespace {

/// The common head and tail, which stay as they are; only the window between them is planned.
struct Window {
    int head = 0;
    int oldSize = 0; ///< rows of oldIds in the window
    int newSize = 0; ///< rows of newIds in the window
};

/// Equal ids; the same string data (ids copied from one list) is equal without reading it.
bool sameId(QStringView a, QStringView b)
{
    return (a.data() == b.data() && a.size() == b.size()) || a == b;
}

template<typename Ids> Window windowOf(const Ids &oldIds, const Ids &newIds)
{
    const int oldCount = int(oldIds.size());
    const int newCount = int(newIds.size());
    int head = 0;
    while (head < oldCount && head < newCount && sameId(oldIds[head], newIds[head]))
        ++head;
    int tail = 0;
    while (tail < oldCount - head && tail < newCount - head &&
           sameId(oldIds[oldCount - 1 - tail], newIds[newCount - 1 - tail]))
        ++tail;
    return Window{head, oldCount - head - tail, newCount - head - tail};
}

/// How many old rows targetsFromRows() passes at once to catch up with the new row.
constexpr int kPassable = 8;

/// Where each old row of the window goes. Walks both windows in step: ids that match in
/// order need no lookup, so only the rows around a change are looked up in `oldRows` (a few
/// for one event, instead of one per row). The mapping is exact whatever the walk decides;
/// its choices only save lookups, and planWindow() then keeps the longest ordered run.
template<typename Ids, typename RowOf>
std::vector<int> targetsFromRows(const Window &window, const Ids &oldIds, const Ids &newIds,
                                 const RowOf &oldRowOf)
{
    std::vector<int> oldTarget(size_t(window.oldSize), -1);
    const auto lookUp = [&](int j) {
        const int row = oldRowOf(QStringView(newIds[window.head + j])) - window.head;
        return row >= 0 && row < window.oldSize ? row : -1;
    };
    int i = 0;
    int j = 0;
    while (j < window.newSize) {
        if (i < window.oldSize && oldTarget[size_t(i)] >= 0) {
            ++i; // already placed (it moved up)
            continue;
        }
        if (i < window.oldSize && sameId(oldIds[window.head + i], newIds[window.head + j])) {
            oldTarget[size_t(i++)] = j++;
            continue;
        }
        const int row = lookUp(j);
        if (row > i && row - i <= kPassable) {
            // The old rows here left or moved down: pass them; the new row matches where it
            // was. Passing a few rows that a run moved up over costs a lookup each later; not
            // passing them would look up every row after them (an event's leaving row next to
            // its moved row, on the way back).
            i = row;
            continue;
        }
        if (row >= 0)
            oldTarget[size_t(row)] = j; // moved (up from below, or down from a passed row)
        ++j;
    }
    return oldTarget;
}

/// The steps, given for each old row of the window where it goes in the new window (-1: it
/// leaves).
QList<RowStep> planWindow(const Window &window, const std::vector<int> &oldTarget)
{
    QList<RowStep> steps;
    const int head = window.head;
    const int oldWindow = window.oldSize;
    const int newWindow = window.newSize;

    // Removals, bottom-up so each step's rows are still the old rows.
    for (int i = oldWindow - 1; i >= 0;) {
        if (oldTarget[size_t(i)] >= 0) {
            --i;
            continue;
        }
        const int last = i;
        while (i >= 0 && oldTarget[size_t(i)] < 0)
            --i;
        steps.append(RowStep{RowStep::Kind::Remove, head + i + 1, last - i, 0, 0});
    }

    // The kept rows ("K order": their order after the removals) and where each goes.
    std::vector<int> keptTarget;
    keptTarget.reserve(size_t(oldWindow));
    for (int t : oldTarget) {
        if (t >= 0)
            keptTarget.push_back(t);
    }
    const int keptCount = int(keptTarget.size());
    const std::vector<char> stable = longestIncreasing(keptTarget);

    std::vector<int> keptAt(size_t(newWindow), -1); // target -> K index, -1 for a new row
    std::vector<int> stableBefore(size_t(keptCount) + 1, 0);
    std::vector<char> waiting(size_t(keptCount), 0); // kept rows still to move
    for (int k = 0; k < keptCount; ++k) {
        keptAt[size_t(keptTarget[size_t(k)])] = k;
        stableBefore[size_t(k) + 1] = stableBefore[size_t(k)] + stable[size_t(k)];
        waiting[size_t(k)] = !stable[size_t(k)];
    }
    Fenwick unmoved(keptCount);
    unmoved.fill(waiting);
    // Rows placed so far, counted at their anchor: the stable row they follow (K index + 1;
    // 0 for the window's start). They sit right after that anchor.
    Fenwick placed(keptCount + 1);

    // In target order: a stable row anchors what follows it; every other row is placed right
    // after the previous target, which is already where it belongs.
    int anchor = -1;
    for (int j = 0; j < newWindow; ++j) {
        const int k = keptAt[size_t(j)];
        if (k >= 0 && stable[size_t(k)]) {
            anchor = k;
            continue;
        }
        if (k < 0) {
            const int row = head + j + (anchor < 0 ? 0 : unmoved.prefix(anchor));
            if (!steps.isEmpty() && steps.last().kind == RowStep::Kind::Insert &&
                steps.last().row + steps.last().count == row &&
                steps.last().source + steps.last().count == head + j) {
                ++steps.last().count;
            } else {
                steps.append(RowStep{RowStep::Kind::Insert, row, 1, 0, head + j});
            }
        } else {
            const int from =
                head + stableBefore[size_t(k)] + placed.prefix(k + 1) + unmoved.prefix(k);
            unmoved.add(k, -1);
            const int to = head + j + (anchor < 0 ? 0 : unmoved.prefix(anchor));
            if (from != to)
                steps.append(RowStep{RowStep::Kind::Move, from, 1, to, 0});
        }
        placed.add(anchor + 1, 1);
    }
    return steps;
}

} // namespace

QList<RowStep> planRowSteps(const QList<QString> &oldIds, const QList<QString> &newIds)
{
    const Window window = windowOf(oldIds, newIds);
    if (window.oldSize == 0 && window.newSize == 0)
        return {};
    // Where each id of the new window goes (relative to the window).
    QHash<QStringView, int> target;
    target.reserve(window.newSize);
    for (int j = 0; j < window.newSize; ++j)
        target.insert(QStringView(newIds[window.head + j]), j);
    std::vector<int> oldTarget(size_t(window.oldSize), -1);
    for (int i = 0; i < window.oldSize; ++i) {
        const auto found = target.constFind(QStringView(oldIds[window.head + i]));
        if (found != target.cend())
            oldTarget[size_t(i)] = *found;
    }
    return planWindow(window, oldTarget);
}

namespace {

/// Looks an id up in a hash keyed by QString, with a key that borrows the id's characters
/// (looked up, never stored).
struct HashRowOf {
    const QHash<QString, int> &rows;
    int operator()(QStringView id) const
    {
        return rows.value(QString::fromRawData(id.constData(), id.size()), -1);
    }
};

template<typename Ids, typename RowOf>
QList<RowStep> planWithRows(const Ids &oldIds, const Ids &newIds, const RowOf &oldRowOf)
{
    const Window window = windowOf(oldIds, newIds);
    if (window.oldSize == 0 && window.newSize == 0)
        return {};
    return planWindow(window, targetsFromRows(window, oldIds, newIds, oldRowOf));
}

} // namespace

QList<RowStep> planRowSteps(const QList<QString> &oldIds, const QList<QString> &newIds,
                            const QHash<QString, int> &oldRows)
{
    return planWithRows(oldIds, newIds, HashRowOf{oldRows});
}

QList<RowStep> planRowSteps(const QList<QStringView> &oldIds, const QList<QStringView> &newIds,
                            const QHash<QString, int> &oldRows)
{
    return planWithRows(oldIds, newIds, HashRowOf{oldRows});
}

QList<RowStep> planRowSteps(const QList<QStringView> &oldIds, const QList<QStringView> &newIds,
                            const std::function<int(QStringView)> &oldRowOf)
{
    return planWithRows(oldIds, newIds, oldRowOf);
}

void applyRowSteps(QList<QString> &rows, const QList<RowStep> &steps, const QList<QString> &newIds)
{
    for (const RowStep &step : steps) {
        switch (step.kind) {
        case RowStep::Kind::Remove:
            rows.remove(step.row, step.count);
            break;
        case RowStep::Kind::Insert:
            for (int c = 0; c < step.count; ++c)
                rows.insert(step.row + c, newIds[step.source + c]);
            break;
        case RowStep::Kind::Move:
            rows.move(step.row, step.to);
            break;
        }
    }
}

} // namespace dispatch
