#include "threewaymerge.h"

#include "fieldkeys.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace dispatch {

namespace {

/// Missing (undefined) becomes null: a PATCH carries null to clear a field, and
/// QJsonObject::insert() with an undefined value would remove the key instead.
QJsonValue orNull(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

/// Canonical keys first in form order, then any other key by name, so conflicts are listed
/// the way the editor shows the fields.
QStringList orderedKeys(const QJsonObject &base, const QJsonObject &mine, const QJsonObject &theirs)
{
    QSet<QString> present;
    for (const QJsonObject *object : {&base, &mine, &theirs}) {
        for (auto it = object->begin(); it != object->end(); ++it)
            present.insert(it.key());
    }
    QStringList keys;
    keys.reserve(present.size());
    for (const QString &key : canonicalFieldKeys()) {
        if (present.remove(key))
            keys.append(key);
    }
    QStringList others(present.begin(), present.end());
    std::sort(others.begin(), others.end());
    keys.append(others);
    return keys;
}

} // namespace

bool sameFieldValue(const QJsonValue &a, const QJsonValue &b)
{
    const QJsonValue x = orNull(a);
    const QJsonValue y = orNull(b);
    if (x.type() != y.type())
        return false;
    switch (x.type()) {
    case QJsonValue::Double:
        // QJsonValue keeps 100 as an integer and 100.0 as a double; the wire cannot tell them
        // apart, so neither may the merge.
        return x.toDouble() == y.toDouble();
    case QJsonValue::Object: {
        const QJsonObject ox = x.toObject();
        const QJsonObject oy = y.toObject();
        for (auto it = ox.begin(); it != ox.end(); ++it) {
            if (!sameFieldValue(it.value(), oy.value(it.key())))
                return false;
        }
        for (auto it = oy.begin(); it != oy.end(); ++it) {
            if (!ox.contains(it.key()) && !it.value().isNull())
                return false;
        }
        return true;
    }
    case QJsonValue::Array: {
        const QJsonArray ax = x.toArray();
        const QJsonArray ay = y.toArray();
        if (ax.size() != ay.size())
            return false;
        for (qsizetype i = 0; i < ax.size(); ++i) {
            if (!sameFieldValue(ax.at(i), ay.at(i)))
                return false;
        }
        return true;
    }
    default:
        return x == y;
    }
}

MergeResult mergeFields(const QJsonObject &base, const QJsonObject &mine, const QJsonObject &theirs)
{
    MergeResult result;
    result.merged = theirs;
    for (const QString &key : orderedKeys(base, mine, theirs)) {
        const QJsonValue b = orNull(base.value(key));
        const QJsonValue m = orNull(mine.value(key));
        const QJsonValue t = orNull(theirs.value(key));
        const bool mineChanged = !sameFieldValue(b, m);
        const bool theirsChanged = !sameFieldValue(b, t);

        if (mineChanged && !theirsChanged) {
            result.reapplied.insert(key, m);
            result.merged.insert(key, m);
        } else if (theirsChanged && !mineChanged) {
            result.takenFromTheirs.insert(key, t);
        } else if (mineChanged && theirsChanged && !sameFieldValue(m, t)) {
            result.conflicts.append(MergeConflict{key, b, m, t});
        }
        // Neither changed, or both made the same change: theirs already holds it.
    }
    return result;
}

QJsonObject resolveConflicts(const MergeResult &result,
                             const QHash<QString, std::pair<ConflictChoice, QJsonValue>> &choices)
{
    QJsonObject changes = result.reapplied;
    for (const MergeConflict &conflict : result.conflicts) {
        const auto choice = choices.constFind(conflict.field);
        if (choice == choices.constEnd())
            continue; // undecided: keep theirs
        switch (choice->first) {
        case ConflictChoice::KeepMine:
            changes.insert(conflict.field, conflict.mine);
            break;
        case ConflictChoice::TakeTheirs:
            break;
        case ConflictChoice::Custom:
            // A custom value equal to theirs changes nothing on the server: leave it out.
            if (!sameFieldValue(choice->second, conflict.theirs))
                changes.insert(conflict.field, orNull(choice->second));
            break;
        }
    }
    return changes;
}

} // namespace dispatch
