#include "offerqueue.h"

#include "errormessages.h"

#include <fieldkeys.h>

#include <QTimer>

#include <algorithm>

namespace dispatch::ui {

namespace {

/// Changes that arrive within this long of each other make one re-check: a burst of events
/// (a dispatcher creating several jobs) is one request, and a single change is still seen at
/// once by a person.
constexpr int kCoalesceMs = 50;

/// Urgency steps (docs/openapi.yaml "Offers"): due in under 48 h, then under 24 h.
constexpr qint64 kUrgencyStepsSecs[] = {48 * 3600, 24 * 3600};

bool isOffered(const Job &job)
{
    return job.status == JobStatus::Open && job.assignedTo.isEmpty();
}

} // namespace

OfferQueue::OfferQueue(net::ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_model(new OffersModel(this))
    , m_coalesce(new QTimer(this))
    , m_urgency(new QTimer(this))
{
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(kCoalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, &OfferQueue::refresh);
    m_urgency->setSingleShot(true);
    connect(m_urgency, &QTimer::timeout, this, &OfferQueue::refresh);
}

void OfferQueue::setOrigin(const std::optional<GeoPoint> &origin)
{
    if (origin == m_origin)
        return;
    m_origin = origin;
    ++m_generation;
    m_loaded = false;
    m_inFlight = false; // the answer in flight is for the old origin: dropped when it arrives
    if (m_started)
        refresh();
}

void OfferQueue::start()
{
    if (m_started || !m_api)
        return;
    m_started = true;
    connect(m_api, &net::ApiClient::jobChanged, this, &OfferQueue::onJobChanged);
    connect(m_api, &net::ApiClient::jobRemoved, this, &OfferQueue::onJobRemoved);
    connect(m_api, &net::ApiClient::photoEventApplied, this, &OfferQueue::onPhotoEvent);
    refresh();
}

void OfferQueue::refresh()
{
    if (!m_api)
        return;
    m_coalesce->stop();
    if (m_inFlight) {
        m_dirty = true;
        return;
    }
    m_inFlight = true;
    m_dirty = false;
    const int generation = m_generation;
    m_api->listOffers(m_origin, this, [this, generation](const net::OffersResult &result) {
        applyOffers(result, generation);
    });
}

void OfferQueue::applyOffers(const net::OffersResult &result, int generation)
{
    if (generation != m_generation)
        return;
    m_inFlight = false;
    if (!result.ok()) {
        Q_EMIT loadFailed(describeError(result.error, tr("load the offers")).combined());
    } else {
        // A 304 stands for the list last applied, unless a row left here since (a job that
        // stopped being open, seen before the server was asked again).
        if (!result.notModified || !m_loaded || m_model->rowCount() != result.offers.size()) {
            // Which of the new top three the model does not list yet: three lookups, before
            // the model takes the new list.
            QList<std::pair<int, const net::Offer *>> arrivals;
            if (m_loaded) {
                const int top = std::min<int>(3, int(result.offers.size()));
                for (int rank = 0; rank < top; ++rank) {
                    const net::Offer &offer = result.offers.at(rank);
                    if (m_model->rowOf(offer.job.id) < 0)
                        arrivals.append({rank + 1, &offer});
                }
            }
            m_model->setOffers(result.offers);
            for (const auto &[rank, offer] : std::as_const(arrivals))
                Q_EMIT topOfferArrived(*offer, rank);
        }
        m_loaded = true;
        armUrgencyTimer();
        Q_EMIT loaded();
    }
    if (m_dirty)
        scheduleRefresh();
}

void OfferQueue::armUrgencyTimer()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 soonestMs = -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QDateTime &due = m_model->offerAt(row).job.dueAt;
        if (!due.isValid())
            continue;
        for (const qint64 step : kUrgencyStepsSecs) {
            const qint64 ms = now.msecsTo(due.addSecs(-step));
            if (ms > 0 && (soonestMs < 0 || ms < soonestMs))
                soonestMs = ms;
        }
    }
    if (soonestMs < 0) {
        m_urgency->stop();
        m_nextUrgencyCheck = {};
        return;
    }
    // A second after the step, so the server's clock has crossed it too; at most a day ahead
    // (QTimer's range, and a sleeping laptop's clock jump).
    const qint64 waitMs = std::min<qint64>(soonestMs + 1000, 24LL * 3600 * 1000);
    m_nextUrgencyCheck = now.addMSecs(waitMs);
    m_urgency->start(int(waitMs));
}

void OfferQueue::scheduleRefresh()
{
    if (!m_started)
        return;
    if (m_inFlight) {
        m_dirty = true;
        return;
    }
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void OfferQueue::onJobChanged(const net::VersionedJob &changed)
{
    const Job &job = changed.job;
    const net::Offer *listed = m_model->offerById(job.id);
    if (listed && !isOffered(job)) {
        // Taken or cancelled: it leaves now; the re-check below confirms the rest of the order.
        m_model->removeJob(job.id);
        scheduleRefresh();
        return;
    }
    if (listed ? listed->job.version < job.version : isOffered(job))
        scheduleRefresh();
}

void OfferQueue::onJobRemoved(const QString &jobId)
{
    if (m_model->removeJob(jobId))
        scheduleRefresh();
}

void OfferQueue::onPhotoEvent(const net::ChangeEvent &event)
{
    // A review changes no count: that re-check is a 304.
    if (m_model->rowOf(event.jobId) >= 0)
        scheduleRefresh();
}

void OfferQueue::setAcceptRetry(int attempts, std::chrono::milliseconds firstPause)
{
    m_acceptAttempts = std::max(1, attempts);
    m_acceptFirstPause = firstPause;
}

bool OfferQueue::accept(const QString &jobId)
{
    if (!m_api || m_accepting.contains(jobId))
        return false;
    const net::Offer *offer = m_model->offerById(jobId);
    if (!offer)
        return false;
    // The offer's own copy has no ETag; the cache's has one when it holds the same version.
    // Accept needs none (docs/openapi.yaml: If-Match is optional there).
    net::VersionedJob base{offer->job, {}};
    if (const auto cached = m_api->cachedJob(jobId);
        cached && cached->job.version == offer->job.version)
        base = *cached;
    m_accepting.insert(jobId);
    Q_EMIT acceptStarted(jobId);
    sendAccept(base, 1);
    return true;
}

void OfferQueue::sendAccept(const net::VersionedJob &offer, int attempt)
{
    if (!m_api) {
        m_accepting.remove(offer.id());
        return;
    }
    m_api->acceptOffer(offer, this, [this, offer, attempt](const net::JobResult &result) {
        const QString id = offer.id();
        if (result.ok()) {
            m_accepting.remove(id);
            m_model->removeJob(id);
            Q_EMIT accepted(result.job);
            scheduleRefresh();
            return;
        }
        const net::ApiError &error = result.error;
        if (error.is(net::ApiError::Kind::Network) && error.retryable &&
            attempt < m_acceptAttempts) {
            // Accept is idempotent for the same pro: if the lost answer was a 200, the next try
            // gets the same job again.
            const auto pause = m_acceptFirstPause * (1 << (attempt - 1));
            Q_EMIT acceptRetrying(id, attempt + 1, describeError(error, tr("accept the job")).text);
            QTimer::singleShot(pause, this,
                               [this, offer, attempt] { sendAccept(offer, attempt + 1); });
            return;
        }
        m_accepting.remove(id);
        if (error.is(net::ApiError::Kind::AlreadyAssigned)) {
            m_model->removeJob(id);
            Q_EMIT acceptTaken(id, offer.job.text(FieldKey::Title));
            scheduleRefresh();
            return;
        }
        if (error.is(net::ApiError::Kind::InvalidTransition) ||
            error.is(net::ApiError::Kind::NotFound)) {
            // Cancelled, expired or deleted meanwhile: no longer on offer.
            m_model->removeJob(id);
            scheduleRefresh();
            Q_EMIT acceptFailed(id, tr("This job is no longer on offer (it was cancelled or "
                                       "changed just now)."));
            return;
        }
        Q_EMIT acceptFailed(id, describeError(error, tr("accept the job")).combined());
    });
}

} // namespace dispatch::ui
