#pragma once

#include "offersmodel.h"

#include <apiclient.h>
#include <apitypes.h>
#include <geopoint.h>
#include <versionedjob.h>

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <optional>

class QTimer;

namespace dispatch::ui {

/// The pro's offers queue, kept in step with the server: it owns the OffersModel and fills it
/// from `GET /offers` (docs/openapi.yaml "Offers"), and it accepts offers.
///
/// **Live.** Every job change the client hears of (net::ApiClient::jobChanged, fed by the event
/// stream) that touches an open job or a listed one re-checks the ranking with `If-None-Match`;
/// so does a photo event for a listed job (its count is in the list, and a photo leaves the
/// job's version alone, so no jobChanged comes); the list's ETag covers the count, so a new
/// photo is a 200. Changes that arrive together make one request, and an unchanged queue is a
/// 304. A listed
/// job that is no longer open leaves at once, before the server is asked. Urgency grows with
/// time alone (a job crossing 48 h and 24 h before it is due), so a single-shot timer is set
/// for the next such moment and re-checks then. The model applies each ranking without a reset
/// (see OffersModel), so a view keeps its selection and scroll position.
///
/// **Accept.** accept() sends `POST /offers/{id}/accept`. Accept is idempotent for the same pro,
/// so a network failure is retried (a few times, with a growing pause); acceptRetrying() says
/// so. The outcome is one of accepted(), acceptTaken() or acceptFailed(); a job is accepted at
/// most once at a time (isAccepting()).
class OfferQueue final : public QObject {
    Q_OBJECT
public:
    explicit OfferQueue(net::ApiClient *api, QObject *parent = nullptr);

    OffersModel *model() const { return m_model; }
    net::ApiClient *api() const { return m_api; }

    /// Where distances are measured from: nothing = the pro's home (the server's default); a
    /// point = a place chosen for today, or (for the office's read-only view) a pro's home.
    /// A change reloads the queue.
    void setOrigin(const std::optional<GeoPoint> &origin);
    std::optional<GeoPoint> origin() const { return m_origin; }

    /// Starts following the client's job changes and loads the queue.
    void start();
    /// Asks the server now (If-None-Match with the last list's ETag).
    void refresh();
    bool isLoading() const { return m_inFlight; }
    /// Whether a ranking has arrived since start() or the last origin change.
    bool hasLoaded() const { return m_loaded; }

    /// Sends the accept; false (and nothing sent) when the job is not listed or an accept for it
    /// is already under way.
    bool accept(const QString &jobId);
    bool isAccepting(const QString &jobId) const { return m_accepting.contains(jobId); }

    /// How accept() retries a network failure: `attempts` tries in all, the pause before the
    /// second being `firstPause` and doubling after. Tests shorten it.
    void setAcceptRetry(int attempts, std::chrono::milliseconds firstPause);

    /// When the urgency timer re-checks next (a second after a listed job crosses 48 h or 24 h
    /// before due); invalid when no listed job will.
    QDateTime nextUrgencyCheck() const { return m_nextUrgencyCheck; }

Q_SIGNALS:
    /// A ranking arrived (a 200 applied to the model, or a 304).
    void loaded();
    /// The queue could not be read; `message` says why in words and what to do.
    void loadFailed(const QString &message);
    /// After the first load: a job that was not listed before now ranks in the top three.
    /// `rank` is 1-based.
    void topOfferArrived(const dispatch::net::Offer &offer, int rank);

    void acceptStarted(const QString &jobId);
    /// A network failure; the accept is sent again shortly (`attempt` is the coming try).
    void acceptRetrying(const QString &jobId, int attempt, const QString &message);
    /// The job is the caller's now (SCHEDULED, assigned to them); its row has left the model.
    void accepted(const dispatch::net::VersionedJob &job);
    /// 409 ALREADY_ASSIGNED (or the job is no longer open): another pro took it; its row has
    /// left the model. `title` is the job's title as it was listed.
    void acceptTaken(const QString &jobId, const QString &title);
    /// Any other failure, or the retries ran out; `message` says what happened in words.
    void acceptFailed(const QString &jobId, const QString &message);

private:
    void onJobChanged(const net::VersionedJob &job);
    void onJobRemoved(const QString &jobId);
    void onPhotoEvent(const net::ChangeEvent &event);
    /// Coalesces re-checks: one request for changes that arrive together, and one more after
    /// the request in flight when a change arrives meanwhile.
    void scheduleRefresh();
    void applyOffers(const net::OffersResult &result, int generation);
    /// Sets the urgency timer for the next moment a listed job crosses 48 h or 24 h before due.
    void armUrgencyTimer();
    void sendAccept(const net::VersionedJob &offer, int attempt);

    QPointer<net::ApiClient> m_api;
    OffersModel *m_model = nullptr;
    QTimer *m_coalesce = nullptr;
    QTimer *m_urgency = nullptr;
    std::optional<GeoPoint> m_origin;
    int m_generation = 0; ///< bumps on an origin change: answers for the old origin are dropped
    bool m_started = false;
    bool m_inFlight = false;
    bool m_dirty = false; ///< a change arrived while a request was in flight
    bool m_loaded = false;
    QSet<QString> m_accepting;
    int m_acceptAttempts = 4;
    std::chrono::milliseconds m_acceptFirstPause{1000};
    QDateTime m_nextUrgencyCheck;
};

} // namespace dispatch::ui
