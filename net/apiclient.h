#pragma once

#include "apierror.h"
#include "apitypes.h"
#include "etag.h"
#include "jobwritequeue.h"
#include "rawreply.h"
#include "recentanswers.h"
#include "versionedjob.h"

#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace dispatch::net {

class DraftClient;
class JobCache;
class JobEditSession;
class PhotoClient;

Q_DECLARE_LOGGING_CATEGORY(lcNet)

/// The console's client for dispatchd (docs/openapi.yaml), over one QNetworkAccessManager so
/// connections are kept alive and reused. Every call returns at once; its result arrives
/// later through the callback, which runs on this object's thread and is skipped when
/// `context` (if given) has been destroyed by then. A callback is never run from inside the
/// call that started it.
///
/// **The per-job ETag cache** (a JobCache, see jobcache.h). Every job read keeps
/// `(job id -> VersionedJob)`. The next `getJob()` sends `If-None-Match` with that job's own
/// tag, and a 304 serves the cached job without a body being sent or parsed. Write responses,
/// the `current` copy of a 412, and change events refresh the cache; a version older than the
/// cached one never replaces it. An ETag is only ever sent for its own job: mutations take the
/// job they are based on as a VersionedJob (the URL's id and the If-Match come from one value),
/// and every tag the client has seen is remembered with its job, so a tag of another job is
/// refused before it is sent.
///
/// **Writes and their If-Match.** A mutation sends, as `If-Match`, the ETag of the version the
/// caller's edit was based on (`base.etag`); that is what makes a concurrent change by someone
/// else a 412 instead of a lost update. It is NOT the newest tag in the cache: an event may have
/// refreshed the cache with another user's version, and sending that tag would overwrite their
/// change silently.
///
/// Writes to one job are queued (a JobWriteQueue, see jobwritequeue.h) and sent one at a time,
/// in call order. A write queued behind pending writes to the job takes its If-Match when it is
/// sent: after this client's previous write based on the same version succeeded, it is sent
/// with the tag that write returned, so two quick saves never conflict with each other; after
/// that write got a Conflict, it gets the same Conflict without being sent. Once a job's queue
/// is empty the chain ends: a later write is based on what its caller passes, because its
/// caller has seen the previous result. JobEditSession relies on this: its second save is based
/// on its first save's result. Two editors of one job in one client should share one
/// JobEditSession; if two independent callers both queue writes based on the same version at
/// the same moment, the second is applied on top of the first as if one person had made both.
///
/// Errors are ApiError values (see apierror.h). A 412 without a body still yields a Conflict
/// with `current`: the client then fetches the job itself. A 401 on any route but login also
/// emits sessionExpired().
class ApiClient final : public QObject {
    Q_OBJECT
public:
    template<typename Result> using Callback = std::function<void(const Result &)>;

    /// Counters for tests and benchmarks (counts, never timings).
    struct Stats {
        int requestsSent = 0;
        int responses = 0;    ///< replies that finished, with or without an HTTP answer
        int notModified = 0;  ///< 304s answered from the cache
        int bodiesParsed = 0; ///< response bodies parsed as JSON
        qint64 bodyBytesReceived = 0;
        /// Status line and headers, rebuilt from what Qt reports (`Name: value\r\n` each); within
        /// a few bytes of what was on the wire.
        qint64 headerBytesReceived = 0;
        qint64 bytesReceived() const { return bodyBytesReceived + headerBytesReceived; }
    };

    /// A request as it went out, for tests that check what is sent.
    struct OutgoingRequest {
        QByteArray method;
        QUrl url;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray header(QByteArrayView name) const; ///< case-insensitive; empty when absent
    };

    /// `serverUrl` is the server's root ("http://127.0.0.1:8080") or the API base
    /// ("http://127.0.0.1:8080/api/v1").
    explicit ApiClient(const QUrl &serverUrl, QObject *parent = nullptr);
    ~ApiClient() override;

    QUrl apiBase() const { return m_apiBase; }
    /// The bearer token for every request but login. Setting a different token clears the
    /// caches: what a user may see, and whether jobs carry their codes, depends on the user.
    void setToken(const QByteArray &token);
    QByteArray token() const { return m_token; }
    /// The user of the last successful login on this client.
    std::optional<UserInfo> currentUser() const { return m_user; }
    /// Per-request transfer timeout (default 30 s); a timeout is a retryable Network error.
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_transferTimeout = timeout; }
    /// With the cache off (for the benchmark's baseline), reads send no If-None-Match and
    /// nothing is stored or served from the cache. Writes are unaffected.
    void setJobCacheEnabled(bool enabled);
    bool isJobCacheEnabled() const;

    // Authentication
    /// On success the token is set (and the caches cleared) before `done` runs.
    void login(const QString &username, const QString &password, QObject *context,
               Callback<LoginResult> done);
    /// Revokes the token on the server; the token and the caches are cleared either way.
    void logout(QObject *context, Callback<ApiError> done);

    // Reads
    void listJobs(const JobQuery &query, QObject *context, Callback<JobPageResult> done);
    /// Conditional when the job is cached: a 304 gives the cached job with `fromCache`.
    void getJob(const QString &jobId, QObject *context, Callback<JobResult> done);
    void jobHistory(const QString &jobId, QObject *context, Callback<HistoryResult> done);
    /// `from` overrides the pro's home for the distance (`?lat=&lng=`). Conditional after a 200
    /// for the same origin: If-None-Match carries that list's ETag, and a 304 gives
    /// `notModified` with that list (docs/openapi.yaml `GET /offers`), so re-checking the queue
    /// after every event is cheap.
    void listOffers(const std::optional<GeoPoint> &from, QObject *context,
                    Callback<OffersResult> done);
    /// `GET /jobs/{id}/candidates` (admin, dispatcher): every pro ranked for the job.
    void listCandidates(const QString &jobId, QObject *context, Callback<CandidatesResult> done);
    void listUsers(const std::optional<Role> &role, QObject *context, Callback<UsersResult> done);
    /// `GET /events?after=&limit=` (limit 0: the server's default). The events refresh the
    /// cache before `done` runs. Sends If-None-Match when `after` is the lastSeq of the previous
    /// complete poll, so an idle poll is a 304 (`notModified`, lastSeq = after).
    void fetchEvents(qint64 after, int limit, QObject *context, Callback<EventsResult> done);

    // Writes (queued per job, see the class comment)
    /// `idempotencyKey` makes a retry of the same creation safe; empty: one is made per call.
    void createJob(const QJsonObject &fields, const QByteArray &idempotencyKey, QObject *context,
                   Callback<JobResult> done);
    void patchJob(const VersionedJob &base, const QJsonObject &changes, QObject *context,
                  Callback<JobResult> done);
    void deleteJob(const VersionedJob &base, QObject *context, Callback<ApiError> done);
    /// `code` for the pro's start/completion moves, `reason` for the history; empty: not sent.
    void transitionJob(const VersionedJob &base, JobStatus to, const QString &code,
                       const QString &reason, QObject *context, Callback<JobResult> done);
    /// An empty `proId` unassigns (`{"proId": null}`).
    void assignJob(const VersionedJob &base, const QString &proId, QObject *context,
                   Callback<JobResult> done);
    void scheduleJob(const VersionedJob &base, const JobSchedule &schedule, QObject *context,
                     Callback<JobResult> done);
    /// `POST /jobs/{id}/dispatch`: assigns to `proId` and sets the schedule in one write, so
    /// a drop on the dispatch board lands whole or not at all (docs/openapi.yaml). A 409
    /// ALREADY_ASSIGNED carries the job as it now is, like a 412.
    void dispatchJob(const VersionedJob &base, const QString &proId, const JobSchedule &schedule,
                     QObject *context, Callback<JobResult> done);
    void addNote(const VersionedJob &base, const QString &text, QObject *context,
                 Callback<JobResult> done);
    /// If-Match is optional here: an offer from `GET /offers` has no tag (`offer.etag` null)
    /// and is sent without one; a tag, when given, makes the accept conditional.
    void acceptOffer(const VersionedJob &offer, QObject *context, Callback<JobResult> done);

    // The cache
    std::optional<VersionedJob> cachedJob(const QString &jobId) const;
    /// The ids of every cached job (for revalidating them all after a resync).
    QStringList cachedJobIds() const;
    /// Stores a job unless the cache already holds a newer version; true when it changed.
    bool rememberJob(const VersionedJob &job);
    void forgetJob(const QString &jobId);
    void clearCache();
    /// Refreshes the cache from a change event (from the poll or the WebSocket stream): the
    /// job's new version, or its removal for JOB_DELETED. True when the cache changed.
    bool applyEvent(const ChangeEvent &event);

    /// Writes queued or in flight for a job (pendingWritesChanged() tells when it changes).
    int pendingWrites(const QString &jobId) const;

    /// Called by a JobEditSession made with this client when it starts; emits
    /// editSessionStarted().
    void announceEditSession(dispatch::net::JobEditSession *session);

    /// The photo routes on this client's session (made on first use, owned by this client).
    PhotoClient *photos();
    /// The drafts routes of the new-job wizard (made on first use, owned by this client).
    DraftClient *drafts();

    /// For route groups that live beside this class (net/userclient.h): one request on this
    /// session, `path` under the API base, a JSON body unless `body` is empty. `done` gets what
    /// the server said (skipped when `context` is gone); errorOf() classifies a failure.
    void sendJson(const QByteArray &method, const QString &path,
                  const QList<std::pair<QString, QString>> &query, const QJsonObject &body,
                  const QList<std::pair<QByteArray, QByteArray>> &headers, QObject *context,
                  std::function<void(const RawReply &)> done);
    /// A failed reply as an ApiError, decided as for every other call.
    ApiError errorOf(const RawReply &reply);

    Stats stats() const { return m_stats; }
    void resetStats() { m_stats = {}; }

Q_SIGNALS:
    void requestSent(const dispatch::net::ApiClient::OutgoingRequest &request);
    /// The cache now holds a newer version of a job (from a read, a write, a 412 or an event).
    void jobChanged(const dispatch::net::VersionedJob &job);
    /// A job was deleted, or the server answered 404 for it (no longer visible to this user).
    void jobRemoved(const QString &jobId);
    /// A request was refused with 401: the token is unknown, expired or revoked.
    void sessionExpired();
    /// pendingWrites(jobId) changed; 0 once the job's last write has delivered its result.
    void pendingWritesChanged(const QString &jobId, int count);
    /// A PHOTO_ADDED or PHOTO_REVIEWED event arrived through applyEvent(); PhotoClient takes it,
    /// and the offers queue (a listed job's photo count is in `GET /offers`, not in the job).
    void photoEventApplied(const dispatch::net::ChangeEvent &event);
    /// A JobEditSession on this client was made (emitted from its constructor).
    void editSessionStarted(dispatch::net::JobEditSession *session);

private:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    using ReplyHandler = std::function<void(RawReply &)>;

    /// What a `GET /jobs` page's 304 stands for.
    struct PageCopy {
        QList<Job> items;
        QString nextCursor;
    };

    template<typename Result> Callback<Result> bind(QObject *context, Callback<Result> done);

    QUrl urlFor(const QString &path, const QList<std::pair<QString, QString>> &query = {}) const;
    static QString jobPath(const QString &jobId, QStringView suffix = {});
    void send(const QByteArray &method, const QUrl &url, const QByteArray &body,
              const Headers &headers, ReplyHandler handler, bool authenticated = true);
    void onFinished(QNetworkReply *reply, const ReplyHandler &handler, bool authenticated);
    QJsonDocument parseBody(RawReply &reply);
    ApiError classify(RawReply &reply, const QString &jobId = {});
    JobResult jobResultFrom(RawReply &reply, const QString &expectedJobId);

    /// The write queue's send function: one write with its If-Match, the result to `done`.
    void sendWrite(const QString &jobId, const JobWriteQueue::Write &write, const Etag &ifMatch,
                   JobWriteQueue::Finish done);
    void queueJobWrite(const VersionedJob &base, const QByteArray &method, QStringView suffix,
                       const QJsonObject &body, QObject *context, Callback<JobResult> done,
                       bool ifMatchOptional = false);

    QNetworkAccessManager *m_manager = nullptr;
    QUrl m_apiBase;
    QByteArray m_token;
    std::optional<UserInfo> m_user;
    std::chrono::milliseconds m_transferTimeout{30000};

    JobCache *m_cache = nullptr;
    PhotoClient *m_photos = nullptr;
    DraftClient *m_drafts = nullptr;
    JobWriteQueue *m_writes = nullptr;
    RecentAnswers<PageCopy> m_pages{16};     ///< a few recent list pages
    RecentAnswers<QList<Offer>> m_offers{4}; ///< per origin: home and a few chosen places
    Etag m_eventsEtag;                       ///< valid for a poll with after == m_eventsEtagSeq
    qint64 m_eventsEtagSeq = -1;
    QSet<QNetworkReply *> m_inFlight;
    Stats m_stats;
};

} // namespace dispatch::net
