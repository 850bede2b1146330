#pragma once

#include "jobstore.h"
#include "priorityscore.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <memory>
#include <optional>

namespace dispatch::server {

/// What `GET /offers` needs of each open offer, kept between requests: the ranking inputs
/// (models/priorityscore.h OfferInput) and the job's JSON, both as the office sees it and as a
/// pro does (without `codes`). A request then re-scores and re-ranks, and reads from the
/// database only the (id, version) list plus the rows that are new or changed since the
/// last request (docs/ARCHITECTURE.md: the database is the truth, every instance may write).
///
/// Checking against the database's list on every request keeps the cache right with several
/// dispatchd processes on one PostgreSQL: a write anywhere bumps the job's version, and a row
/// that left the open offers leaves the list. Used from the event loop only.
class OpenOfferCache final {
public:
    explicit OpenOfferCache(JobStore &jobs);

    struct Entry {
        qint64 version = 0;
        OfferInput input;
        QByteArray officeJson; ///< compact JSON, `codes` included when the job has them
        QByteArray proJson;    ///< compact JSON without `codes` (shares officeJson when equal)
    };
    using EntryPtr = std::shared_ptr<const Entry>;

    /// The open offers as of this call, in no particular order; `inputs` and `entries` are
    /// parallel. Nothing on a database error (then `error` holds it).
    struct Snapshot {
        QList<OfferInput> inputs;
        QList<EntryPtr> entries;
    };
    std::optional<Snapshot> current(StoreError *error);

    /// How many rows the last current() read in full (new or changed offers); for tests and
    /// the benchmark's sanity check.
    qsizetype lastRefreshed() const { return m_lastRefreshed; }

    static EntryPtr makeEntry(const Job &job);

private:
    JobStore &m_jobs;
    QHash<QString, EntryPtr> m_entries;
    qsizetype m_lastRefreshed = 0;
};

} // namespace dispatch::server
