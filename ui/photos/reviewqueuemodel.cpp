#include "reviewqueuemodel.h"

#include "errormessages.h"
#include "photoimageloader.h"

#include <apiclient.h>
#include <fieldkeys.h>

#include <QPixmap>
#include <QTimer>

#include <algorithm>

namespace dispatch::ui {

Q_LOGGING_CATEGORY(lcReview, "dispatch.ui.photos.review", QtInfoMsg)

namespace {
/// Events that come together (a burst of uploads) make one counts request.
constexpr int kCountsDelayMs = 250;

} // namespace

bool ReviewQueueModel::sortsBefore(const Photo &a, const Photo &b) const
{
    // The server lists in the order photos were added (docs/openapi.yaml `GET /photos`),
    // which their times (whole seconds) do not always tell: the place a page gave decides
    // where it can, the time elsewhere.
    const auto first = m_ordinal.constFind(a.id);
    const auto second = m_ordinal.constFind(b.id);
    if (first != m_ordinal.cend() && second != m_ordinal.cend())
        return *first < *second;
    if (a.createdAt != b.createdAt)
        return a.createdAt < b.createdAt;
    return a.id < b.id;
}

ReviewQueueModel::ReviewQueueModel(net::PhotoClient *photos, QObject *parent)
    : QAbstractListModel(parent)
    , m_photos(photos)
    , m_countsTimer(new QTimer(this))
{
    Q_ASSERT(photos);
    m_countsTimer->setSingleShot(true);
    m_countsTimer->setInterval(kCountsDelayMs);
    connect(m_countsTimer, &QTimer::timeout, this, &ReviewQueueModel::refreshCounts);
    connect(photos, &net::PhotoClient::photoAdded, this,
            [this](const Photo &photo) { applyPhoto(photo, true); });
    connect(photos, &net::PhotoClient::photoChanged, this,
            [this](const Photo &photo) { applyPhoto(photo, false); });
}

ReviewQueueModel::~ReviewQueueModel() = default;

void ReviewQueueModel::setImageLoader(PhotoImageLoader *loader, const QSize &iconSize)
{
    if (m_loader)
        m_loader->disconnect(this);
    m_loader = loader;
    m_iconSize = iconSize;
    if (!loader)
        return;
    connect(loader, &PhotoImageLoader::loaded, this, [this](const QString &photoId) {
        const int row = rowOf(photoId);
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

int ReviewQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant ReviewQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const net::ReviewQueueItem &item = m_items.at(index.row());
    const Photo &photo = item.photo;
    switch (role) {
    case Qt::DisplayRole:
        return photo.filename;
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        // One line a screen reader can say: what, of which job, and the flag's reason.
        QString text = item.jobTitle.isEmpty()
                           ? photo.filename
                           : tr("%1, photo of “%2”").arg(photo.filename, item.jobTitle);
        if (photo.review.state == PhotoReviewState::Flagged && !photo.review.note.isEmpty())
            text += u'\n' + tr("Flagged: %1").arg(photo.review.note);
        return text;
    }
    case Qt::DecorationRole:
        if (!m_loader)
            return {};
        // Null until decoded; loaded() repaints the row.
        return m_loader->pixmap(photo, kThumbnailSize, m_iconSize);
    case PhotoIdRole:
        return photo.id;
    case JobIdRole:
        return photo.jobId;
    case JobTitleRole:
        return item.jobTitle;
    case StateRole:
        return int(photo.review.state);
    case NoteRole:
        return photo.review.note;
    default:
        return {};
    }
}

bool ReviewQueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_loaded && !m_loading && !m_nextCursor.isEmpty();
}

void ReviewQueueModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        load(m_nextCursor);
}

void ReviewQueueModel::setState(PhotoReviewState state)
{
    if (state == m_state && (m_loaded || m_loading))
        return;
    m_state = state;
    // Another state's rows are not this one's: empty until its first page arrives.
    m_loaded = false;
    beginResetModel();
    m_items.clear();
    m_nextCursor.clear();
    endResetModel();
    reload();
}

void ReviewQueueModel::reload()
{
    ++m_generation;
    m_loading = false;
    m_loadWaiting = false;
    load({});
}

void ReviewQueueModel::load(const QString &cursor)
{
    if (!m_photos)
        return;
    m_loading = true;
    net::ReviewQueueQuery query;
    query.state = m_state;
    query.limit = kPageSize;
    query.cursor = cursor;
    const bool first = cursor.isEmpty();
    m_photos->reviewQueue(
        query, this,
        [this, first, cursor, generation = m_generation, epoch = m_decisionEpoch,
         countsEpoch = m_countsEpoch, state = m_state](const net::ReviewQueueResult &result) {
            if (generation != m_generation || state != m_state)
                return; // a reload or another state since
            // A page read while a decision of ours was under way may show the photo before or
            // after it: read it again once the decisions are answered.
            if (!m_deciding.isEmpty()) {
                m_loadAfterDecisions = cursor;
                m_loadWaiting = true;
                return;
            }
            if (epoch != m_decisionEpoch) {
                load(cursor);
                return;
            }
            m_loading = false;
            if (!result.ok()) {
                m_loadError =
                    describeError(result.error, tr("load the photos to review")).combined();
                qCInfo(lcReview) << "queue:" << result.error.toString();
                Q_EMIT loadFailed(m_loadError);
                return;
            }
            if (countsEpoch != m_countsEpoch && m_counts) {
                // Someone's change was counted while this page was on its way.
                net::ReviewQueueResult page = result;
                page.counts.reset();
                applyPage(page, first);
                scheduleCountsRefresh();
                return;
            }
            applyPage(result, first);
        });
}

void ReviewQueueModel::applyPage(const net::ReviewQueueResult &page, bool first)
{
    m_loadError.clear();
    m_loading = false;
    QList<net::ReviewQueueItem> fresh;
    fresh.reserve(page.items.size());
    if (first)
        m_ordinal.clear();
    for (const net::ReviewQueueItem &item : page.items) {
        const Photo &photo = item.photo;
        m_ordinal.insert(photo.id, m_nextOrdinal++); // the page's place wins over a guess
        m_jobs.insert(photo.jobId, item);
        const auto known = m_known.constFind(photo.id);
        if (known != m_known.cend() && known->version > photo.version && known->state != m_state)
            continue; // decided since the server read this page
        if (known == m_known.cend() || known->version <= photo.version)
            m_known.insert(photo.id, {photo.review.state, photo.version});
        if (!first && rowOf(photo.id) >= 0)
            continue; // arrived live before its page
        fresh.append(item);
    }
    m_nextCursor = page.nextCursor;
    if (first) {
        beginResetModel();
        m_items = fresh;
        endResetModel();
    } else if (!fresh.isEmpty()) {
        const int start = int(m_items.size());
        beginInsertRows({}, start, start + int(fresh.size()) - 1);
        m_items.append(fresh);
        endInsertRows();
    }
    if (page.counts && m_deciding.isEmpty()) {
        m_counts = page.counts;
        Q_EMIT countsChanged();
    } else if (page.counts) {
        if (!m_counts)
            m_counts = page.counts;
        m_countsWanted = true; // read again once the decisions under way are answered
        Q_EMIT countsChanged();
    }
    if (first) {
        m_loaded = true;
        Q_EMIT loaded();
    }
}

int ReviewQueueModel::rowOf(const QString &photoId) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).photo.id == photoId)
            return row;
    }
    return -1;
}

int ReviewQueueModel::count(PhotoReviewState state) const
{
    if (!m_counts)
        return 0;
    switch (state) {
    case PhotoReviewState::Pending:
        return m_counts->pending;
    case PhotoReviewState::Approved:
        return m_counts->approved;
    case PhotoReviewState::Flagged:
        return m_counts->flagged;
    }
    return 0;
}

void ReviewQueueModel::adjustCount(PhotoReviewState state, int delta)
{
    if (!m_counts)
        return;
    int *value = state == PhotoReviewState::Pending    ? &m_counts->pending
                 : state == PhotoReviewState::Approved ? &m_counts->approved
                                                       : &m_counts->flagged;
    *value = std::max(0, *value + delta);
    ++m_countsEpoch;
}

std::optional<PhotoReviewState> ReviewQueueModel::knownState(const QString &photoId) const
{
    const auto known = m_known.constFind(photoId);
    if (known == m_known.cend())
        return std::nullopt;
    return known->state;
}

void ReviewQueueModel::notePhotos(const QList<Photo> &photos)
{
    for (const Photo &photo : photos) {
        if (m_known.contains(photo.id) || photo.review.state == m_state) {
            // A change, or one of this list's photos it has not shown: the server counts.
            applyPhoto(photo, false);
        } else {
            // Only read, and counted where it is: nothing moved.
            m_known.insert(photo.id, {photo.review.state, photo.version});
        }
    }
}

net::ReviewQueueItem ReviewQueueModel::itemFor(const Photo &photo) const
{
    const int row = rowOf(photo.id);
    net::ReviewQueueItem item = row >= 0 ? m_items.at(row) : m_jobs.value(photo.jobId);
    item.photo = photo;
    return item;
}

void ReviewQueueModel::applyPhoto(const Photo &photo, bool added)
{
    const auto known = m_known.constFind(photo.id);
    if (known != m_known.cend() && known->version >= photo.version)
        return; // this copy or a newer one was applied already
    std::optional<PhotoReviewState> from;
    if (known != m_known.cend())
        from = known->state;
    m_known.insert(photo.id, {photo.review.state, photo.version});
    if (added && !m_ordinal.contains(photo.id))
        m_ordinal.insert(photo.id, m_nextOrdinal++); // the newest: added last
    const net::ReviewQueueItem item = itemFor(photo);
    if (!m_jobs.contains(photo.jobId))
        fetchJobContext(photo.jobId);
    transition(from, item, added && !from);
}

void ReviewQueueModel::transition(std::optional<PhotoReviewState> from,
                                  const net::ReviewQueueItem &item, bool added)
{
    const PhotoReviewState to = item.photo.review.state;
    if (from) {
        if (*from != to) {
            adjustCount(*from, -1);
            adjustCount(to, +1);
            Q_EMIT countsChanged();
        }
    } else if (added) {
        adjustCount(to, +1);
        Q_EMIT countsChanged();
    } else {
        // Its earlier state is unknown here: the server counts.
        scheduleCountsRefresh();
    }

    const int row = rowOf(item.photo.id);
    const bool belongs = to == m_state;
    if (row >= 0 && !belongs) {
        beginRemoveRows({}, row, row);
        m_items.removeAt(row);
        endRemoveRows();
    } else if (row >= 0) {
        m_items[row] = item;
        Q_EMIT dataChanged(index(row), index(row));
    } else if (belongs && m_loaded) {
        int at = 0;
        if (!insertionRow(item, &at))
            return;
        beginInsertRows({}, at, at);
        m_items.insert(at, item);
        endInsertRows();
    }
}

bool ReviewQueueModel::insertionRow(const net::ReviewQueueItem &item, int *row) const
{
    const auto it =
        std::lower_bound(m_items.cbegin(), m_items.cend(), item.photo,
                         [this](const net::ReviewQueueItem &listed, const Photo &photo) {
                             return sortsBefore(listed.photo, photo);
                         });
    *row = int(it - m_items.cbegin());
    return *row < m_items.size() || m_nextCursor.isEmpty();
}

void ReviewQueueModel::fetchJobContext(const QString &jobId)
{
    if (!m_photos || m_jobsAsked.contains(jobId))
        return;
    m_jobsAsked.insert(jobId);
    m_photos->api()->getJob(jobId, this, [this, jobId](const net::JobResult &result) {
        if (!result.ok()) {
            qCInfo(lcReview) << "job of a photo:" << result.error.toString();
            return;
        }
        const Job &job = result.job.job;
        net::ReviewQueueItem context;
        context.jobTitle = job.text(FieldKey::Title);
        context.customerName = job.text(FieldKey::CustomerName);
        context.address = job.text(FieldKey::Address);
        m_jobs.insert(jobId, context);
        for (int row = 0; row < m_items.size(); ++row) {
            net::ReviewQueueItem &item = m_items[row];
            if (item.photo.jobId != jobId || !item.jobTitle.isEmpty())
                continue;
            item.jobTitle = context.jobTitle;
            item.customerName = context.customerName;
            item.address = context.address;
            Q_EMIT dataChanged(index(row), index(row));
        }
    });
}

void ReviewQueueModel::scheduleCountsRefresh()
{
    m_countsWanted = true;
    if (!m_countsTimer->isActive())
        m_countsTimer->start();
}

void ReviewQueueModel::refreshCounts()
{
    // An answer read while a decision of ours is in flight may or may not include it.
    if (!m_photos || !m_deciding.isEmpty() || !m_countsWanted)
        return;
    m_countsWanted = false;
    net::ReviewQueueQuery query;
    query.state = m_state;
    query.limit = 1;
    m_photos->reviewQueue(query, this,
                          [this, epoch = m_countsEpoch](const net::ReviewQueueResult &result) {
                              if (!result.ok() || !result.counts)
                                  return;
                              if (!m_deciding.isEmpty()) {
                                  m_countsWanted = true;
                                  return;
                              }
                              if (epoch != m_countsEpoch) {
                                  // Changes were counted meanwhile, which this answer may or may
                                  // not include.
                                  scheduleCountsRefresh();
                                  return;
                              }
                              m_counts = result.counts;
                              Q_EMIT countsChanged();
                          });
}

bool ReviewQueueModel::decide(const QString &photoId, PhotoReviewState state, const QString &note,
                              QObject *context, DecisionCallback done)
{
    const int row = rowOf(photoId);
    if (row < 0)
        return false;
    return submit(m_items.at(row), state, note, context, std::move(done));
}

bool ReviewQueueModel::revert(const net::ReviewQueueItem &decided, PhotoReviewState state,
                              const QString &note, QObject *context, DecisionCallback done)
{
    return submit(decided, state, note, context, std::move(done));
}

bool ReviewQueueModel::submit(const net::ReviewQueueItem &base, PhotoReviewState state,
                              const QString &note, QObject *context, DecisionCallback done)
{
    const QString id = base.photo.id;
    if (!m_photos || m_deciding.contains(id))
        return false;
    const auto known = m_known.constFind(id);
    const PhotoReviewState before =
        known != m_known.cend() ? known->state : base.photo.review.state;
    const int version =
        known != m_known.cend() ? std::max(known->version, base.photo.version) : base.photo.version;

    // Optimistic: the photo moves now, under the version it had.
    net::ReviewQueueItem local = base;
    local.photo.review.state = state;
    local.photo.review.note = state == PhotoReviewState::Flagged ? note : QString();
    m_known.insert(id, {state, version});
    m_deciding.insert(id);
    ++m_decisionEpoch;
    transition(before, local, false);

    net::ReviewQueueItem undoTo = base;
    undoTo.photo.review.state = before;
    m_photos->reviewPhoto(base.photo, state, note, this,
                          [this, id, version, undoTo, context = QPointer<QObject>(context),
                           done = std::move(done)](const net::PhotoResult &result) {
                              m_deciding.remove(id);
                              ++m_decisionEpoch;
                              if (result.ok()) {
                                  applyPhoto(result.photo, false);
                              } else if (result.current) {
                                  applyPhoto(*result.current, false); // someone else decided first
                              } else if (const Known now = m_known.value(id);
                                         now.version == version) {
                                  // Refused or lost: back where it was, unless a newer copy came
                                  // meanwhile.
                                  m_known.insert(id, {undoTo.photo.review.state, version});
                                  transition(now.state, undoTo, false);
                              }
                              if (m_deciding.isEmpty() && m_countsWanted)
                                  scheduleCountsRefresh();
                              if (m_deciding.isEmpty() && std::exchange(m_loadWaiting, false))
                                  load(m_loadAfterDecisions);
                              if (context)
                                  done(result);
                          });
    return true;
}

} // namespace dispatch::ui
