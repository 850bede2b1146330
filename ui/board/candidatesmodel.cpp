#include "candidatesmodel.h"

#include <offersmodel.h>

namespace dispatch::ui {

CandidatesModel::CandidatesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int CandidatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_candidates.size());
}

int CandidatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CandidatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const net::Candidate &candidate = m_candidates.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == DistanceColumn)
            return formatMiles(candidate.distanceMiles);
        return data(index, ValueRole);
    case Qt::ToolTipRole:
        if (index.column() == ScoreColumn)
            // The same score as an offer's, from the pro's home (docs/openapi.yaml
            // "/jobs/{id}/candidates"): the Offers view's words explain it.
            return OffersModel::scoreToolTip(m_job, net::scoreOf(candidate),
                                             QDateTime::currentDateTimeUtc());
        if (index.column() == JobsThatDayColumn)
            return tr("This pro's other jobs on this job's day: %1").arg(candidate.jobsThatDay);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ProColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case ProIdRole:
        return candidate.proId;
    case ValueRole:
        switch (index.column()) {
        case RankColumn:
            return index.row() + 1; // the server's order is the ranking
        case ProColumn:
            return candidate.proName.isEmpty() ? candidate.proId : candidate.proName;
        case ScoreColumn:
            return candidate.score;
        case DistanceColumn:
            return candidate.distanceMiles ? QVariant(*candidate.distanceMiles) : QVariant();
        case JobsThatDayColumn:
            return candidate.jobsThatDay;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant CandidatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RankColumn:
        return tr("Rank");
    case ProColumn:
        return tr("Pro");
    case ScoreColumn:
        return tr("Score");
    case DistanceColumn:
        return tr("Distance");
    case JobsThatDayColumn:
        return tr("Jobs that day");
    default:
        return {};
    }
}

void CandidatesModel::setCandidates(const Job &job, const QList<net::Candidate> &candidates)
{
    // A few dozen pros at most: a reset is cheaper to get right than row moves, and the panel
    // keeps the chosen pro by id across it.
    beginResetModel();
    m_job = job;
    m_candidates = candidates;
    endResetModel();
}

void CandidatesModel::clear()
{
    setCandidates({}, {});
}

int CandidatesModel::rowOfPro(const QString &proId) const
{
    for (int row = 0; row < m_candidates.size(); ++row) {
        if (m_candidates.at(row).proId == proId)
            return row;
    }
    return -1;
}

QString CandidatesModel::formatMiles(std::optional<double> miles)
{
    return miles ? OffersModel::formatMiles(miles) : QStringLiteral("—");
}

} // namespace dispatch::ui
