#include "apitypes.h"

#include <QJsonArray>

#include <algorithm>

namespace dispatch::net {

namespace {

QString text(const QJsonObject &object, QLatin1String key)
{
    return object.value(key).toString();
}

} // namespace

std::optional<HistoryEntry> historyEntryFromJson(const QJsonObject &object)
{
    const QJsonValue seq = object.value(QLatin1String("seq"));
    if (!seq.isDouble())
        return std::nullopt;
    HistoryEntry entry;
    entry.seq = seq.toInteger();
    entry.at = timeFromWire(text(object, QLatin1String("at")));
    entry.actor = text(object, QLatin1String("actor"));
    entry.actorName = text(object, QLatin1String("actorName"));
    entry.type = text(object, QLatin1String("type"));
    entry.changes = object.value(QLatin1String("changes")).toObject();
    const QJsonObject names = object.value(QLatin1String("names")).toObject();
    for (auto it = names.begin(); it != names.end(); ++it)
        entry.names.insert(it.key(), it.value().toString());
    entry.reason = text(object, QLatin1String("reason"));
    return entry;
}

std::optional<Offer> offerFromJson(const QJsonObject &object)
{
    auto job = jobFromJson(object.value(QLatin1String("job")).toObject());
    if (!job)
        return std::nullopt;
    Offer offer;
    offer.job = std::move(*job);
    offer.score = object.value(QLatin1String("score")).toInt();
    const QJsonObject breakdown = object.value(QLatin1String("breakdown")).toObject();
    offer.statusScore = breakdown.value(QLatin1String("status")).toInt();
    offer.distanceScore = breakdown.value(QLatin1String("distance")).toInt();
    offer.urgencyScore = breakdown.value(QLatin1String("urgency")).toInt();
    const QJsonValue miles = object.value(QLatin1String("distanceMiles"));
    if (miles.isDouble())
        offer.distanceMiles = miles.toDouble();
    offer.photoCount = std::max(0, object.value(QLatin1String("photoCount")).toInt());
    return offer;
}

std::optional<Candidate> candidateFromJson(const QJsonObject &object)
{
    const QJsonObject pro = object.value(QLatin1String("pro")).toObject();
    const QJsonValue id = pro.value(QLatin1String("id"));
    const QJsonValue score = object.value(QLatin1String("score"));
    if (!id.isString() || id.toString().isEmpty() || !score.isDouble())
        return std::nullopt;
    Candidate candidate;
    candidate.proId = id.toString();
    candidate.proName = text(pro, QLatin1String("name"));
    candidate.proHome = geoFromJson(pro.value(QLatin1String("home")));
    candidate.score = score.toInt();
    const QJsonObject breakdown = object.value(QLatin1String("breakdown")).toObject();
    candidate.statusScore = breakdown.value(QLatin1String("status")).toInt();
    candidate.distanceScore = breakdown.value(QLatin1String("distance")).toInt();
    candidate.urgencyScore = breakdown.value(QLatin1String("urgency")).toInt();
    const QJsonValue miles = object.value(QLatin1String("distanceMiles"));
    if (miles.isDouble())
        candidate.distanceMiles = miles.toDouble();
    candidate.jobsThatDay = object.value(QLatin1String("jobsThatDay")).toInt();
    return candidate;
}

std::optional<VersionedJob> ChangeEvent::versionedJob() const
{
    if (!job || etag.isNull())
        return std::nullopt;
    return VersionedJob{*job, etag};
}

std::optional<ChangeEvent> changeEventFromJson(const QJsonObject &object)
{
    const QJsonValue seq = object.value(QLatin1String("seq"));
    if (!seq.isDouble())
        return std::nullopt;
    ChangeEvent event;
    event.seq = seq.toInteger();
    event.type = text(object, QLatin1String("type"));
    event.jobId = text(object, QLatin1String("jobId"));
    event.at = timeFromWire(text(object, QLatin1String("at")));
    event.actor = text(object, QLatin1String("actor"));
    // The event carries the tag as a JSON string, written like the header.
    event.etag = Etag::fromHeader(text(object, QLatin1String("etag")).toLatin1());
    const QJsonValue job = object.value(QLatin1String("job"));
    if (job.isObject()) {
        event.job = jobFromJson(job.toObject());
        if (!event.job)
            return std::nullopt;
        // An event's job and its jobId must agree, or its tag would land on another job.
        if (event.job->id != event.jobId)
            return std::nullopt;
    }
    const QJsonValue photo = object.value(QLatin1String("photo"));
    if (photo.isObject()) {
        event.photo = photoFromJson(photo.toObject());
        if (!event.photo || event.photo->jobId != event.jobId)
            return std::nullopt;
    }
    return event;
}

OfferScore scoreOf(const Offer &offer)
{
    return {offer.score, offer.statusScore, offer.distanceScore, offer.urgencyScore,
            offer.distanceMiles};
}

OfferScore scoreOf(const Candidate &candidate)
{
    return {candidate.score, candidate.statusScore, candidate.distanceScore, candidate.urgencyScore,
            candidate.distanceMiles};
}

} // namespace dispatch::net
