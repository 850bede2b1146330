#include "offersmodel.h"

#include "fieldkeys.h"
#include "rowsteps.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <functional>

namespace dispatch {

Q_LOGGING_CATEGORY(lcOffers, "dispatch.ui.offers", QtInfoMsg)

namespace {

/// "+480", "−125" (a real minus sign): the score parts as the tooltip shows them.
QString signedPoints(int points)
{
    if (points < 0)
        return QString(QChar(0x2212) + QString::number(-points));
    return QString(u'+' + QString::number(points));
}

/// The zone's short name at `when` ("CST"), or its city when it has no letters ("+03").
QString zoneName(const QTimeZone &zone, const QDateTime &when, const QString &zoneId)
{
    QString name = zone.abbreviation(when);
    if (name.isEmpty() || !name.at(0).isLetter()) {
        name = zoneId.section(u'/', -1);
        name.replace(u'_', u' ');
    }
    return name;
}

qint64 priceCents(const Job &job, bool *hourly)
{
    const QString kind = job.text(FieldKey::PricingKind);
    *hourly = kind == QLatin1String("hourly");
    const QJsonValue cents =
        job.field(*hourly ? FieldKey::PricingHourlyRateCents : FieldKey::PricingAmountCents);
    return cents.isDouble() ? qint64(cents.toDouble()) : -1;
}

} // namespace

OffersModel::OffersModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int OffersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rowOffers.size());
}

int OffersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OffersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const net::Offer &offer = *m_rowOffers[size_t(index.row())];
    const Job &job = offer.job;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RankColumn:
            return m_slotRows[size_t(m_rowSlots.at(index.row()))] + 1;
        case ScoreColumn:
            return offer.score;
        case DistanceColumn:
            return formatMiles(offer.distanceMiles);
        case WhenColumn:
            return formatWhen(job);
        case AreaColumn:
            return formatArea(job);
        case PriceColumn:
            return formatPrice(job);
        case PhotosColumn:
            return offer.photoCount;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ScoreColumn)
            return scoreToolTip(job, net::scoreOf(offer), QDateTime::currentDateTimeUtc());
        if (index.column() == WhenColumn || index.column() == AreaColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == WhenColumn || index.column() == AreaColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case OfferRole:
        return QVariant::fromValue(offer);
    case JobIdRole:
        return job.id;
    case BreakdownRole:
        return QVariant::fromValue(net::scoreOf(offer));
    case ValueRole:
        switch (index.column()) {
        case RankColumn:
            return m_slotRows[size_t(m_rowSlots.at(index.row()))] + 1;
        case ScoreColumn:
            return offer.score;
        case DistanceColumn:
            return offer.distanceMiles ? QVariant(*offer.distanceMiles) : QVariant();
        case WhenColumn:
            return job.dueAt;
        case AreaColumn:
            return formatArea(job);
        case PriceColumn: {
            bool hourly = false;
            const qint64 cents = priceCents(job, &hourly);
            return cents < 0 ? QVariant() : QVariant(cents);
        }
        case PhotosColumn:
            return offer.photoCount;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant OffersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RankColumn:
        return tr("Rank");
    case ScoreColumn:
        return tr("Score");
    case DistanceColumn:
        return tr("Distance");
    case WhenColumn:
        return tr("When");
    case AreaColumn:
        return tr("Area");
    case PriceColumn:
        return tr("Price");
    case PhotosColumn:
        return tr("Photos");
    default:
        return {};
    }
}

bool OffersModel::sameId(QStringView a, QStringView b)
{
    return (a.data() == b.data() && a.size() == b.size()) || a == b;
}

QString OffersModel::borrowed(QStringView id)
{
    return QString::fromRawData(id.constData(), id.size());
}

OffersModel::RowSignature OffersModel::signatureOf(const net::Offer &offer)
{
    // A new job version (its fields, its schedule), a new photo or a new score is a changed row.
    return RowSignature{
        offer.job.version, offer.photoCount,  offer.distanceMiles ? *offer.distanceMiles : -1.0,
        offer.score,       offer.statusScore, offer.distanceScore,
        offer.urgencyScore};
}

void OffersModel::setOffers(const QList<net::Offer> &offers)
{
    // The very list shown (shared, so unchanged): a 304 handed on, or the same answer again.
    if (offers.constData() == m_list.constData() && offers.size() == m_list.size() &&
        qsizetype(m_rowOffers.size()) == offers.size())
        return;
    // Views of the ids, into the offers themselves: no string is copied or reference counted.
    QList<QStringView> newIds;
    newIds.resize(offers.size());
    // One pass over the new offers also takes what tells a changed row (compact, so comparing
    // reads no offer again).
    std::vector<RowSignature> newSignatures(size_t(offers.size()));
    const net::Offer *incoming = offers.constData();
    for (qsizetype i = 0; i < offers.size(); ++i) {
        newIds[i] = incoming[i].job.id;
        newSignatures[size_t(i)] = signatureOf(incoming[i]);
    }
    const net::Offer *oldBase = m_list.constData();
    const qsizetype oldListSize = m_list.size();

    // Rows outside [head, size - tail) keep their place, so their slot rows stay right.
    const int oldCount = int(m_ids.size());
    const int newCount = int(newIds.size());
    int head = 0;
    while (head < oldCount && head < newCount && sameId(m_ids[head], newIds[head]))
        ++head;
    int tail = 0;
    while (tail < oldCount - head && tail < newCount - head &&
           sameId(m_ids[oldCount - 1 - tail], newIds[newCount - 1 - tail]))
        ++tail;

    const QList<RowStep> steps =
        planRowSteps(m_ids, newIds, [this](QStringView id) { return rowOf(borrowed(id)); });
    for (const RowStep &step : steps) {
        switch (step.kind) {
        case RowStep::Kind::Remove:
            beginRemoveRows({}, step.row, step.row + step.count - 1);
            for (int r = step.row; r < step.row + step.count; ++r) {
                m_slots.remove(borrowed(m_ids[r]));
                freeSlot(m_rowSlots[r]);
            }
            m_rowOffers.erase(m_rowOffers.begin() + step.row,
                              m_rowOffers.begin() + step.row + step.count);
            m_ids.remove(step.row, step.count);
            m_rowSlots.remove(step.row, step.count);
            endRemoveRows();
            break;
        case RowStep::Kind::Insert:
            beginInsertRows({}, step.row, step.row + step.count - 1);
            m_rowOffers.insert(m_rowOffers.begin() + step.row, size_t(step.count), nullptr);
            m_ids.insert(step.row, step.count, QStringView());
            m_rowSlots.insert(step.row, step.count, -1);
            for (int c = 0; c < step.count; ++c) {
                const int slot = takeSlot();
                // Numbered at its final row: an inserted row's rank is right from the start.
                m_slotRows[size_t(slot)] = step.source + c;
                // The hash owns its key (shares the new list's id).
                m_slots.insert(incoming[step.source + c].job.id, slot);
                m_rowOffers[size_t(step.row + c)] = incoming + step.source + c;
                m_ids[step.row + c] = newIds[step.source + c];
                m_rowSlots[step.row + c] = slot;
            }
            endInsertRows();
            break;
        case RowStep::Kind::Move: {
            // beginMoveRows names the row the moved one is put before, in the old numbering.
            const int destination = step.to > step.row ? step.to + 1 : step.to;
            beginMoveRows({}, step.row, step.row, {}, destination);
            moveRowOffer(step.row, step.to);
            m_ids.move(step.row, step.to);
            m_rowSlots.move(step.row, step.to);
            endMoveRows();
            break;
        }
        }
    }
    Q_ASSERT(m_ids == newIds);

    // Same order now; the rows whose job or score changed say so, in contiguous runs.
    QList<std::pair<int, int>> changedRuns;
    for (int row = 0; row < newCount; ++row) {
        // An inserted row points into the new list: nothing to compare. Tested with
        // std::less (a total order), not by subtracting: a difference across two arrays is
        // undefined and, optimised, gave negative indexes (crashes in bench_offersmodel).
        const net::Offer *shown = m_rowOffers[size_t(row)];
        if (std::less<>{}(shown, oldBase) || !std::less<>{}(shown, oldBase + oldListSize))
            continue;
        const qsizetype inOld = shown - oldBase;
        if (m_signatures[size_t(inOld)] == newSignatures[size_t(row)])
            continue;
        if (!changedRuns.isEmpty() && changedRuns.last().second == row - 1)
            changedRuns.last().second = row;
        else
            changedRuns.append({row, row});
    }
    // Every row now shows the new list, which is kept shared with the caller's (not copied:
    // rows point into it, and nothing here ever writes to it).
    m_list = offers;
    m_ids = std::move(newIds); // views into m_list's offers (the same array as `offers`)
    m_signatures = std::move(newSignatures);
    for (int row = 0; row < newCount; ++row)
        m_rowOffers[size_t(row)] = incoming + row;
    for (const auto &[first, last] : std::as_const(changedRuns))
        emitChanged(first, last);
    // Rows past the window keep their place counted from the end, so they moved too when the
    // list grew or shrank.
    renumber(head, oldCount == newCount ? newCount - tail : newCount);
    qCDebug(lcOffers) << steps.size() << "row steps for" << newCount << "offers";
}

void OffersModel::moveRowOffer(int from, int to)
{
    const auto at = m_rowOffers.begin();
    if (from < to)
        std::rotate(at + from, at + from + 1, at + to + 1);
    else
        std::rotate(at + to, at + from, at + from + 1);
}

void OffersModel::renumber(int first, int end)
{
    // The rank is the row's place in the list; it is stored (as the slot's row) so that it
    // changes with a dataChanged after the rows have moved, never silently under a view.
    int runStart = -1;
    for (int row = first; row <= end; ++row) {
        int *numbered = row < end ? &m_slotRows[size_t(m_rowSlots[row])] : nullptr;
        if (numbered && *numbered != row) {
            *numbered = row;
            if (runStart < 0)
                runStart = row;
        } else if (runStart >= 0) {
            Q_EMIT dataChanged(index(runStart, RankColumn), index(row - 1, RankColumn),
                               {Qt::DisplayRole, ValueRole});
            runStart = -1;
        }
    }
}

int OffersModel::takeSlot()
{
    if (m_freeSlots.empty()) {
        m_slotRows.push_back(-1);
        return int(m_slotRows.size()) - 1;
    }
    const int slot = m_freeSlots.back();
    m_freeSlots.pop_back();
    return slot;
}

void OffersModel::freeSlot(int slot)
{
    m_slotRows[size_t(slot)] = -1;
    m_freeSlots.push_back(slot);
}

void OffersModel::emitChanged(int first, int last)
{
    Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

int OffersModel::rowOf(const QString &jobId) const
{
    const auto found = m_slots.constFind(jobId);
    return found == m_slots.cend() ? -1 : m_slotRows[size_t(*found)];
}

bool OffersModel::removeJob(const QString &jobId)
{
    const auto found = m_slots.find(jobId);
    if (found == m_slots.end())
        return false;
    const int slot = *found;
    const int row = m_slotRows[size_t(slot)];
    beginRemoveRows({}, row, row);
    m_rowOffers.erase(m_rowOffers.begin() + row);
    m_ids.remove(row);
    m_rowSlots.remove(row);
    m_slots.erase(found);
    freeSlot(slot);
    endRemoveRows();
    renumber(row, int(m_ids.size()));
    return true;
}

const net::Offer *OffersModel::offerById(const QString &jobId) const
{
    const int row = rowOf(jobId);
    return row < 0 ? nullptr : m_rowOffers[size_t(row)];
}

QString OffersModel::formatMiles(std::optional<double> miles)
{
    if (!miles)
        return {};
    return tr("%1 mi").arg(QLocale().toString(*miles, 'f', 1));
}

QString OffersModel::scoreToolTip(const Job &job, const OfferScore &score, const QDateTime &now)
{
    QStringList parts;
    parts.append(job.schedule ? tr("Customer picked a date %1").arg(signedPoints(score.status))
                              : tr("No date picked yet %1").arg(signedPoints(score.status)));
    if (score.distanceMiles) {
        // Whole miles, as the score counts them (models/priorityscore.h).
        const int miles = int(std::floor(*score.distanceMiles));
        parts.append(tr("%1 mi away %2").arg(miles).arg(signedPoints(score.distance)));
    } else {
        parts.append(tr("Distance unknown %1").arg(signedPoints(score.distance)));
    }
    if (job.dueAt.isValid()) {
        const qint64 seconds = now.secsTo(job.dueAt);
        QString due;
        if (seconds < 0)
            due = tr("overdue by %n h", nullptr, int(-seconds / 3600));
        else if (seconds < 48 * 3600)
            due = tr("due in %n h", nullptr, int(seconds / 3600));
        else
            due = tr("due in %1 days").arg(seconds / 86400); // 48 h and more: always plural
        parts.append(due + u' ' + signedPoints(score.urgency));
    } else {
        parts.append(tr("No due date %1").arg(signedPoints(score.urgency)));
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString OffersModel::formatWhen(const Job &job)
{
    const QLocale locale;
    const QString dayFormat = QStringLiteral("ddd d MMM");
    const QString timeFormat = QStringLiteral("HH:mm");
    if (job.schedule) {
        const JobSchedule &schedule = *job.schedule;
        const QDate date = QDate::fromString(schedule.date, Qt::ISODate);
        const QTime start = QTime::fromString(schedule.window.section(u'-', 0, 0), timeFormat);
        const QTime end = QTime::fromString(schedule.window.section(u'-', 1, 1), timeFormat);
        const QTimeZone zone(schedule.timezone.toUtf8());
        if (date.isValid() && start.isValid() && end.isValid() && zone.isValid()) {
            const QDateTime from(date, start, zone);
            const QDateTime to(date, end, zone);
            const QString inZone =
                tr("%1 %2\u2013%3 %4")
                    .arg(locale.toString(date, dayFormat), locale.toString(start, timeFormat),
                         locale.toString(end, timeFormat), zoneName(zone, from, schedule.timezone));
            const QDateTime localFrom = from.toLocalTime();
            if (localFrom.offsetFromUtc() == from.offsetFromUtc())
                return inZone;
            const QDateTime localTo = to.toLocalTime();
            return tr("%1 (%2 %3\u2013%4 your time)")
                .arg(inZone, locale.toString(localFrom.date(), dayFormat),
                     locale.toString(localFrom.time(), timeFormat),
                     locale.toString(localTo.time(), timeFormat));
        }
        qCDebug(lcOffers) << "unreadable schedule of" << job.id;
    }
    if (!job.dueAt.isValid())
        return tr("No date set yet");
    return tr("Due %1").arg(
        locale.toString(job.dueAt.toLocalTime(), QString(dayFormat + u' ' + timeFormat)));
}

QString OffersModel::formatArea(const Job &job)
{
    QStringList parts;
    for (const auto key : {FieldKey::StateCode, FieldKey::CountryCode}) {
        const QString code = job.text(key);
        if (!code.isEmpty())
            parts.append(code);
    }
    if (parts.isEmpty())
        return job.text(FieldKey::Address);
    return parts.join(QStringLiteral(", "));
}

QString OffersModel::formatPrice(const Job &job)
{
    bool hourly = false;
    const qint64 cents = priceCents(job, &hourly);
    if (cents < 0)
        return {};
    const QString amount = QLocale().toString(double(cents) / 100.0, 'f', 2);
    return hourly ? tr("$%1/h").arg(amount) : tr("$%1").arg(amount);
}

} // namespace dispatch
