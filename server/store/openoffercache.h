#pragma once

#include "jobstore.h"
#include "photostore.h"
#include "priorityscore.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <memory>
#include <optional>

namespace dispatch::server {

/// What `GET /offers` needs of each open offer, kept between requests: the ranking inputs
/// (models/priorityscore.h OfferInput), the job's JSON, both as the office sees it and as a
/// pro does (without `codes`), and how many photos the job has (the item's `photoCount`,
/// docs/openapi.yaml "Offers"). A request then re-scores and re-ranks; it reads from the
/// database the event log's last seq, and only when that moved, the rows that are new or
/// changed (docs/ARCHITECTURE.md: the database is the truth, every instance may write).
///
/// This stays right with several dispatchd processes on one PostgreSQL because every job write
/// and every photo write commits its event row in the same transaction (docs/ARCHITECTURE.md,
/// step 3): while the last seq is the one read before the last check, nothing has changed
/// anywhere. When it moved by a few events that are all still kept, the jobs those events name
/// are read again, and their photo counts too when a photo event (PHOTO_*) names them or they
/// are new to the list; otherwise (events pruned, many changes, the first request) the
/// (id, version) list of the open offers and their photo counts are read (two queries) and
/// checked row by row: a write bumps the job's version, a photo changes the count but not the
/// version, and a row that left the open offers leaves the list. Used from the event loop only.
class OpenOfferCache final {
public:
    OpenOfferCache(JobStore &jobs, PhotoStore &photos);

    struct Entry {
        qint64 version = 0;
        int photoCount = 0; ///< all of the job's photos: whoever sees the job sees them all
        OfferInput input;
        QByteArray tagKey; ///< 8 bytes standing for (id, version, photoCount) in the list's ETag
        QByteArray officeJson; ///< compact JSON, `codes` included when the job has them
        QByteArray proJson;    ///< compact JSON without `codes` (shares officeJson when equal)
    };
    using EntryPtr = std::shared_ptr<const Entry>;

    /// The open offers as of this call, in no particular order; `inputs` and `entries` are
    /// parallel (and shared with the cache: copying a snapshot copies nothing). Nothing on a
    /// database error (then `error` holds it).
    struct Snapshot {
        QList<OfferInput> inputs;
        QList<EntryPtr> entries;
    };
    std::optional<Snapshot> current(StoreError *error);

    /// How many rows the last current() read in full (new or changed offers); for tests and
    /// the benchmark's sanity check.
    qsizetype lastRefreshed() const { return m_lastRefreshed; }

    static EntryPtr makeEntry(const Job &job, int photoCount);

    /// A response body kept under the ETag that stands for it (the tag covers everything the
    /// body shows), so callers with the same view of an unchanged list share one; a few only.
    QByteArray body(const QByteArray &etag) const;
    void keepBody(const QByteArray &etag, const QByteArray &body);

private:
    struct Slot {
        EntryPtr entry;
        quint64 seen = 0;       ///< the full check that last found the row open
        qsizetype position = 0; ///< in m_snapshot's lists
    };

    /// Applies the jobs the events after m_checkedSeq changed; false when it cannot (events
    /// pruned, too many) and the full check must run.
    bool applyChanges(qint64 seq, StoreError *error, bool *failed);

    JobStore &m_jobs;
    PhotoStore &m_photos;
    QHash<QString, Slot> m_entries; ///< updated in place: a change costs its rows only
    quint64 m_generation = 0;
    Snapshot m_snapshot;
    qint64 m_checkedSeq = -1; ///< the event seq read before the last (id, version) check
    qsizetype m_lastRefreshed = 0;
    QList<std::pair<QByteArray, QByteArray>> m_bodies; ///< (etag, body), newest last
};

} // namespace dispatch::server
