#include "openoffercache.h"

#include <QJsonDocument>

namespace dispatch::server {

OpenOfferCache::OpenOfferCache(JobStore &jobs)
    : m_jobs(jobs)
{}

OpenOfferCache::EntryPtr OpenOfferCache::makeEntry(const Job &job)
{
    auto entry = std::make_shared<Entry>();
    entry->version = job.version;
    entry->input = offerInput(job);
    QJsonObject object = toJson(job);
    entry->officeJson = QJsonDocument(object).toJson(QJsonDocument::Compact);
    // docs/openapi.yaml "Visibility": `codes` is never shown to a pro.
    if (object.contains(QLatin1String("codes"))) {
        object.remove(QStringLiteral("codes"));
        entry->proJson = QJsonDocument(object).toJson(QJsonDocument::Compact);
    } else {
        entry->proJson = entry->officeJson;
    }
    return entry;
}

std::optional<OpenOfferCache::Snapshot> OpenOfferCache::current(StoreError *error)
{
    const auto versions = m_jobs.openOfferVersions(error);
    if (!versions)
        return std::nullopt;

    QStringList stale;
    for (const JobVersion &row : *versions) {
        const auto it = m_entries.constFind(row.id);
        if (it == m_entries.cend() || it.value()->version != row.version)
            stale.append(row.id);
    }
    m_lastRefreshed = stale.size();

    // The rows read now may be newer than the list (a write in between, here or in another
    // instance): each is taken as it is now, and left out when it is no longer an open offer.
    QHash<QString, EntryPtr> refreshed;
    if (!stale.isEmpty()) {
        const auto jobs = m_jobs.findMany(stale, error);
        if (!jobs)
            return std::nullopt;
        refreshed.reserve(jobs->size());
        for (const Job &job : *jobs) {
            if (JobStore::isOpenOffer(job))
                refreshed.insert(job.id, makeEntry(job));
        }
    }

    Snapshot snapshot;
    snapshot.inputs.reserve(versions->size());
    snapshot.entries.reserve(versions->size());
    // Every listed id found unchanged and no more entries than rows: the cache holds exactly
    // the open offers and needs no rebuilding.
    const bool sameSet = stale.isEmpty() && m_entries.size() == versions->size();
    QHash<QString, EntryPtr> next;
    if (!sameSet)
        next.reserve(versions->size());
    for (const JobVersion &row : *versions) {
        EntryPtr entry;
        if (const auto fresh = refreshed.constFind(row.id); fresh != refreshed.cend())
            entry = fresh.value();
        else if (const auto kept = m_entries.constFind(row.id);
                 kept != m_entries.cend() && kept.value()->version == row.version)
            entry = kept.value();
        if (!entry)
            continue; // gone or no longer open since the list was read
        snapshot.inputs.append(entry->input);
        snapshot.entries.append(entry);
        if (!sameSet)
            next.insert(row.id, entry);
    }
    if (!sameSet)
        m_entries = std::move(next);
    return snapshot;
}

} // namespace dispatch::server
