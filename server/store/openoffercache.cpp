#include "openoffercache.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace dispatch::server {

OpenOfferCache::OpenOfferCache(JobStore &jobs, PhotoStore &photos)
    : m_jobs(jobs)
    , m_photos(photos)
{}

OpenOfferCache::EntryPtr OpenOfferCache::makeEntry(const Job &job, int photoCount)
{
    auto entry = std::make_shared<Entry>();
    entry->version = job.version;
    entry->photoCount = photoCount;
    entry->input = offerInput(job);
    // The count is in the key: a new photo changes the list's ETag although the job's version
    // stays (docs/openapi.yaml "Offers").
    entry->tagKey = QCryptographicHash::hash(QByteArray(job.id.toUtf8() + ':' +
                                                        QByteArray::number(job.version) + ':' +
                                                        QByteArray::number(photoCount)),
                                             QCryptographicHash::Sha1)
                        .left(8);
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
    // Read before the list: a write committed after this read moves the seq again, so the
    // next call checks again.
    const auto seq = m_jobs.lastEventSeq(error);
    if (!seq)
        return std::nullopt;
    if (*seq == m_checkedSeq) {
        m_lastRefreshed = 0;
        return m_snapshot;
    }
    bool failed = false;
    if (applyChanges(*seq, error, &failed)) {
        m_checkedSeq = *seq;
        m_bodies.clear();
        return m_snapshot;
    }
    if (failed)
        return std::nullopt;
    const auto versions = m_jobs.openOfferVersions(error);
    if (!versions)
        return std::nullopt;
    // Read after the list: a count may be newer than its row's version, never older than the
    // seq read above (a photo added since moves the seq, and the next call checks again).
    const auto counts = m_photos.countsForOpenOffers(error);
    if (!counts)
        return std::nullopt;
    // Whether the kept entry still stands for the row: same version, same photo count.
    const auto keeps = [&counts](const EntryPtr &entry, const JobVersion &row) {
        return entry->version == row.version && entry->photoCount == counts->value(row.id);
    };

    QStringList stale;
    for (const JobVersion &row : *versions) {
        const auto it = m_entries.constFind(row.id);
        if (it == m_entries.cend() || !keeps(it->entry, row))
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
                refreshed.insert(job.id, makeEntry(job, counts->value(job.id)));
        }
    }

    Snapshot snapshot;
    snapshot.inputs.reserve(versions->size());
    snapshot.entries.reserve(versions->size());
    const quint64 generation = ++m_generation;
    for (const JobVersion &row : *versions) {
        auto it = m_entries.find(row.id);
        if (const auto fresh = refreshed.constFind(row.id); fresh != refreshed.cend()) {
            if (it == m_entries.end())
                it = m_entries.insert(row.id, Slot{fresh.value(), 0});
            else
                it->entry = fresh.value();
        } else if (it == m_entries.end() || !keeps(it->entry, row)) {
            continue; // gone or no longer open since the list was read
        }
        it->seen = generation;
        it->position = snapshot.entries.size();
        snapshot.inputs.append(it->entry->input);
        snapshot.entries.append(it->entry);
    }
    // Rows that left the open offers (or changed and are no longer open) leave the cache.
    if (m_entries.size() != snapshot.entries.size()) {
        for (auto it = m_entries.begin(); it != m_entries.end();)
            it = it->seen == generation ? std::next(it) : m_entries.erase(it);
    }
    m_snapshot = snapshot;
    m_checkedSeq = *seq;
    m_bodies.clear();
    return snapshot;
}

bool OpenOfferCache::applyChanges(qint64 seq, StoreError *error, bool *failed)
{
    // Beyond this many events re-reading the (id, version) list is as cheap.
    constexpr qint64 kMaxEvents = 1000;
    if (m_checkedSeq < 0 || seq < m_checkedSeq || seq - m_checkedSeq > kMaxEvents)
        return false;
    StoreError readError;
    const auto changed = m_jobs.changedJobs(m_checkedSeq, seq, &readError);
    if (!changed) {
        if (!readError.code.isEmpty()) {
            *error = readError;
            *failed = true;
        }
        return false;
    }
    QStringList unique = changed->ids;
    unique.removeDuplicates();
    const auto jobs = m_jobs.findMany(unique, error);
    if (!jobs) {
        *failed = true;
        return false;
    }
    m_lastRefreshed = unique.size();
    QHash<QString, const Job *> found;
    // A photo count changes only with a photo event (PhotoStore writes one with every photo):
    // it is read for the offers such an event names and for those new to the list; a kept
    // entry whose job changed otherwise keeps its count. One grouped query, when any.
    QStringList uncounted;
    for (const Job &job : *jobs) {
        found.insert(job.id, &job);
        if (JobStore::isOpenOffer(job) &&
            (changed->photoIds.contains(job.id) || !m_entries.contains(job.id)))
            uncounted.append(job.id);
    }
    QHash<QString, int> counts;
    if (!uncounted.isEmpty()) {
        auto read = m_photos.countsForJobs(uncounted, error);
        if (!read) {
            *failed = true;
            return false;
        }
        counts = std::move(*read);
    }
    for (const QString &id : std::as_const(unique)) {
        const Job *job = found.value(id);
        auto it = m_entries.find(id);
        if (job && JobStore::isOpenOffer(*job)) {
            const int photoCount = it == m_entries.end() || changed->photoIds.contains(id)
                                       ? counts.value(id)
                                       : it->entry->photoCount;
            const EntryPtr entry = makeEntry(*job, photoCount);
            if (it == m_entries.end()) {
                m_entries.insert(id, Slot{entry, 0, m_snapshot.entries.size()});
                m_snapshot.inputs.append(entry->input);
                m_snapshot.entries.append(entry);
            } else {
                it->entry = entry;
                m_snapshot.inputs[it->position] = entry->input;
                m_snapshot.entries[it->position] = entry;
            }
        } else if (it != m_entries.end()) {
            // Gone or no longer open: the last offer moves into its place.
            const qsizetype position = it->position;
            const qsizetype last = m_snapshot.entries.size() - 1;
            m_entries.erase(it);
            if (position != last) {
                m_snapshot.inputs[position] = m_snapshot.inputs.at(last);
                m_snapshot.entries[position] = m_snapshot.entries.at(last);
                m_entries[m_snapshot.entries.at(position)->input.id].position = position;
            }
            m_snapshot.inputs.removeLast();
            m_snapshot.entries.removeLast();
        }
    }
    return true;
}

QByteArray OpenOfferCache::body(const QByteArray &etag) const
{
    for (const auto &[tag, body] : m_bodies) {
        if (tag == etag)
            return body;
    }
    return {};
}

void OpenOfferCache::keepBody(const QByteArray &etag, const QByteArray &body)
{
    constexpr qsizetype kKeptBodies = 4;
    if (m_bodies.size() == kKeptBodies)
        m_bodies.removeFirst();
    m_bodies.append({etag, body});
}

} // namespace dispatch::server
