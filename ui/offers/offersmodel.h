#pragma once

#include "apitypes.h"
#include "priorityscore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QLoggingCategory>

#include <vector>

namespace dispatch {

Q_DECLARE_LOGGING_CATEGORY(lcOffers)

/// The pro's Offers view: open jobs ranked by the offer score, best first, as `GET /offers`
/// answers (docs/openapi.yaml). Qt Core only, so it is tested and benchmarked without widgets.
///
/// setOffers() applies a new ranking without a reset: rows that left are removed, new rows
/// inserted, rows that changed place moved (planRowSteps(), rowsteps.h) and rows whose score
/// or job changed get dataChanged, so a view keeps its selection and scroll position. A hash
/// from job id to a slot that never changes while the job is listed, and each slot's row,
/// answer rowOf() and removeJob() without a scan; rows that shift rewrite plain ints, not the
/// hash (docs/BENCHMARKS.md, "Offers view").
class OffersModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        ScoreColumn,
        DistanceColumn,
        WhenColumn,
        AreaColumn,
        PriceColumn,
        PhotosColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles {
        OfferRole = Qt::UserRole + 1, ///< the whole net::Offer
        JobIdRole,                    ///< QString
        BreakdownRole,                ///< OfferScore: total, status, distance, urgency, miles
        ValueRole, ///< the column's underlying value: rank, score, miles, due (UTC), cents...
    };

    explicit OffersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Applies a new ranking (best first) without a model reset; see the class comment. A 304
    /// (`OffersResult::notModified`) needs no call: nothing changed.
    void setOffers(const QList<net::Offer> &offers);
    /// The job was taken or cancelled: its row leaves. True when there was one.
    bool removeJob(const QString &jobId);

    /// -1 when the job is not offered.
    int rowOf(const QString &jobId) const;
    /// The offer for this job, or nullptr.
    const net::Offer *offerById(const QString &jobId) const;
    const net::Offer &offerAt(int row) const { return *m_rowOffers.at(size_t(row)); }

    /// "Customer picked a date +1000 · 4 mi away +480 · due in 20 h +300" at `now`.
    /// The same words explain a pro's score for a job in the office's Best pros.
    static QString scoreToolTip(const Job &job, const OfferScore &score, const QDateTime &now);
    /// The job's window in its own zone and in local time, or its due time when unscheduled, or
    /// that no date is set yet.
    static QString formatWhen(const Job &job);
    /// Where the job is, coarsely: state and country codes; the address when neither is known.
    static QString formatArea(const Job &job);
    /// "$189.00" (flat) or "$45.00/h" (hourly); empty without a price.
    static QString formatPrice(const Job &job);
    static QString formatMiles(std::optional<double> miles);

private:
    /// What tells a changed row, per offer: its job's version, its score and its photo count.
    struct RowSignature {
        qint64 version = 0;
        int photoCount = 0;
        double miles = -1; ///< -1: unknown
        int score = 0;
        int status = 0;
        int distance = 0;
        int urgency = 0;
        friend bool operator==(const RowSignature &, const RowSignature &) = default;
    };
    static RowSignature signatureOf(const net::Offer &offer);
    static bool sameId(QStringView a, QStringView b);
    /// A key that borrows the id's characters, for a hash lookup; never stored in the hash.
    static QString borrowed(QStringView id);
    void emitChanged(int first, int last);
    /// Sets the slot rows (so the ranks) of rows [first, end) to their place, with dataChanged
    /// for the ranks that differed.
    void renumber(int first, int end);
    int takeSlot();
    void freeSlot(int slot);

    void moveRowOffer(int from, int to);

    /// The last list given to setOffers(), shared with the caller's and never written to, so
    /// no call copies 10,000 offers (a write would detach it).
    QList<net::Offer> m_list;
    /// Per row, its offer: in m_list, or (inside setOffers()) in the old or the new list.
    /// removeJob() removes a row here and leaves m_list alone.
    std::vector<const net::Offer *> m_rowOffers;
    /// Parallel to m_list (not to the rows): each offer's signatureOf().
    std::vector<RowSignature> m_signatures;
    /// Parallel to m_rowOffers: views of the ids, into m_list (inside setOffers(), into the
    /// old or the new list).
    QList<QStringView> m_ids;
    /// Parallel to m_rowOffers: each row's slot, which follows its row through the steps.
    QList<int> m_rowSlots;
    /// Per slot, its row as last numbered (-1: a free slot). Outside setOffers() and
    /// removeJob() it is the row; inside, it is the row the view last saw, so the rank
    /// (this + 1) changes with a dataChanged once the rows are in place, never silently.
    std::vector<int> m_slotRows;
    std::vector<int> m_freeSlots;
    /// Job id to slot: written only for ids that enter or leave, however many rows shift.
    QHash<QString, int> m_slots;
};

} // namespace dispatch

Q_DECLARE_METATYPE(dispatch::net::Offer)
Q_DECLARE_METATYPE(dispatch::OfferScore)
