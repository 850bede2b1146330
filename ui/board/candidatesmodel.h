#pragma once

#include <apitypes.h>

#include <QAbstractTableModel>
#include <QList>

namespace dispatch::ui {

/// The pros ranked for one job, best first, as `GET /jobs/{id}/candidates` answers
/// (docs/openapi.yaml "Candidate"): the office's "Best pros for this job". The score's tooltip
/// gives its reasons in words, as the pro's Offers view does (OffersModel::scoreToolTip()).
class CandidatesModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        ProColumn,
        ScoreColumn,
        DistanceColumn,
        JobsThatDayColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles {
        ProIdRole = Qt::UserRole + 1, ///< QString: the pro's user id
        ValueRole,                    ///< the column's value: rank, name, score, miles, count
    };

    explicit CandidatesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The ranking for `job` (its schedule and due time explain the score), best first.
    void setCandidates(const Job &job, const QList<net::Candidate> &candidates);
    void clear();

    const net::Candidate &candidateAt(int row) const { return m_candidates.at(row); }
    /// -1 when the pro is not listed.
    int rowOfPro(const QString &proId) const;

    /// "4.2 mi", or "—" when the distance is unknown (no geo or no home).
    static QString formatMiles(std::optional<double> miles);

private:
    Job m_job;
    QList<net::Candidate> m_candidates;
};

} // namespace dispatch::ui
