#pragma once

#include "apierror.h"
#include "versionedjob.h"

#include <geopoint.h>
#include <job.h>
#include <photo.h>
#include <priorityscore.h>
#include <role.h>
#include <user.h>

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace dispatch::net {

// The protocol's values other than the job itself (docs/openapi.yaml), and what each ApiClient call
// delivers. Every result carries an ApiError; `ok()` is true when it is Kind::None, and only
// then are the other members meaningful.

/// A user as login and `GET /users` describe them: the one user type (models/user.h).
using UserInfo = dispatch::User;

/// The filters of `GET /jobs`; empty members are not sent.
struct JobQuery {
    QList<JobStatus> statuses;
    QString assignedTo;
    QString text; ///< `q`
    QDateTime updatedAfter;
    int limit = 0;
    QString cursor;
};

/// One row of `GET /jobs/{id}/history`; `changes` maps a field key to `[old, new]`.
struct HistoryEntry {
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    QString actorName; ///< the server's name for the actor; empty when it gave none
    QString type;
    QJsonObject changes;
    QHash<QString, QString> names; ///< the names of the users `changes` mentions, by id
    QString reason;
};
std::optional<HistoryEntry> historyEntryFromJson(const QJsonObject &object);

/// One item of `GET /offers`.
struct Offer {
    Job job;
    int score = 0;
    int statusScore = 0;
    int distanceScore = 0;
    int urgencyScore = 0;
    std::optional<double> distanceMiles;
    int photoCount = 0; ///< the job's photos (the item's, not the job's: photos leave its version)
};
std::optional<Offer> offerFromJson(const QJsonObject &object);
/// The offer's score and its parts, as models/priorityscore.h names them.
OfferScore scoreOf(const Offer &offer);

/// One item of `GET /jobs/{id}/candidates`: a pro ranked for one job by the offer score from
/// their `home` (docs/openapi.yaml "Candidate").
struct Candidate {
    QString proId;
    QString proName;
    std::optional<GeoPoint> proHome; ///< nothing when the pro has no home
    int score = 0;
    int statusScore = 0;
    int distanceScore = 0;
    int urgencyScore = 0;
    std::optional<double> distanceMiles; ///< nothing without geo or home
    int jobsThatDay = 0;                 ///< the pro's other jobs on the job's due date
};
std::optional<Candidate> candidateFromJson(const QJsonObject &object);
/// The candidate's score for the job, from their home: the same score as an offer's.
OfferScore scoreOf(const Candidate &candidate);

/// One change event (docs/openapi.yaml "Change events"); `job` is empty for JOB_DELETED.
struct ChangeEvent {
    qint64 seq = 0;
    QString type;
    QString jobId;
    QDateTime at;
    QString actor;
    Etag etag;
    std::optional<Job> job;
    /// PHOTO_ADDED and PHOTO_REVIEWED carry the photo as it is after the change.
    std::optional<Photo> photo;

    /// The job with its ETag, when the event carries one.
    std::optional<VersionedJob> versionedJob() const;
};
std::optional<ChangeEvent> changeEventFromJson(const QJsonObject &object);

struct LoginResult {
    ApiError error;
    QByteArray token;
    UserInfo user;
    QDateTime expiresAt;
    bool ok() const { return error.ok(); }
};

struct JobResult {
    ApiError error;
    VersionedJob job;
    /// True when a 304 let the cached copy stand (no body was sent or parsed).
    bool fromCache = false;
    bool ok() const { return error.ok(); }
};

struct JobPageResult {
    ApiError error;
    QList<Job> items;
    QString nextCursor;
    Etag etag;              ///< the collection's ETag
    bool fromCache = false; ///< a 304 let the page cached for the same URL stand
    /// The event log's head when the server read this page (X-Last-Event-Seq), -1 when not
    /// given: an event stream resumed after it misses no change to these jobs.
    qint64 lastEventSeq = -1;
    bool ok() const { return error.ok(); }
};

struct HistoryResult {
    ApiError error;
    QList<HistoryEntry> entries;
    bool ok() const { return error.ok(); }
};

struct OffersResult {
    ApiError error;
    /// Best first, as the server ranked them. After a 304, the list of the last 200 for the
    /// same origin (shared, not copied).
    QList<Offer> offers;
    Etag etag; ///< the list's ETag
    /// A 304: the ranking has not changed since the last 200 for the same origin; `offers` is
    /// that answer's list, so a view need not apply anything.
    bool notModified = false;
    bool ok() const { return error.ok(); }
};

struct CandidatesResult {
    ApiError error;
    QList<Candidate> candidates; ///< best first, as the server ranked them
    bool ok() const { return error.ok(); }
};

struct UsersResult {
    ApiError error;
    QList<UserInfo> users;
    bool ok() const { return error.ok(); }
};

struct EventsResult {
    ApiError error;
    QList<ChangeEvent> events;
    qint64 lastSeq = 0;
    bool notModified = false; ///< a 304: nothing after `after`
    bool ok() const { return error.ok(); }
};

} // namespace dispatch::net
