#pragma once

#include <photo.h>
#include <photoclient.h>

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QSize>

#include <functional>
#include <optional>

class QTimer;

namespace dispatch::ui {

Q_DECLARE_LOGGING_CATEGORY(lcReview)

class PhotoImageLoader;

/// The admins' review queue for one state (docs/ARCHITECTURE.md, "Photo review"): the photos
/// `GET /photos?review=STATE` lists, oldest first, with their job's title, customer and
/// address, loaded a page at a time (canFetchMore/fetchMore follow the server's nextCursor).
///
/// It stays true without a reset while admins work: every newer copy of a photo (a change
/// event, an answer of this client) moves it in or out of the list (rowsRemoved, or
/// rowsInserted at its place in the oldest-first order) and moves the counts per state from
/// the state the model knew to the new one. A photo whose earlier state it never saw makes it
/// re-read the counts from the server instead of guessing.
///
/// Decisions are optimistic: decide() and revert() move the photo at once and send the PATCH
/// with the photo's ETag as If-Match; a refusal puts it back, a 412 applies the server's copy.
class ReviewQueueModel final : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        PhotoIdRole = Qt::UserRole + 1, ///< QString
        JobIdRole,                      ///< QString
        JobTitleRole,                   ///< QString; empty until the job is known
        StateRole,                      ///< int (PhotoReviewState)
        NoteRole,                       ///< QString: why it was flagged
    };

    /// Photos per request.
    static constexpr int kPageSize = 50;
    /// The server's thumbnail the list shows (PhotoImageLoader scales it down).
    static constexpr int kThumbnailSize = 128;

    using DecisionCallback = std::function<void(const net::PhotoResult &)>;

    explicit ReviewQueueModel(net::PhotoClient *photos, QObject *parent = nullptr);
    ~ReviewQueueModel() override;

    /// Thumbnails for Qt::DecorationRole, at `iconSize`; none without a loader.
    void setImageLoader(PhotoImageLoader *loader, const QSize &iconSize);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

    PhotoReviewState state() const { return m_state; }
    /// Shows another state's queue: empty until its first page arrives.
    void setState(PhotoReviewState state);
    /// Reads the first page and the counts again; the rows stay until the answer replaces them.
    void reload();
    bool isLoading() const { return m_loading; }
    /// The rows are the listed state's: a first page has arrived since setState().
    bool hasLoaded() const { return m_loaded; }
    /// Why the last load failed, for the user; empty when it did not.
    QString loadError() const { return m_loadError; }

    /// Applies one answer of `GET /photos`: the first page (`first`) replaces the rows, later
    /// ones are appended. Public so a test can give the model a queue without a server.
    void applyPage(const net::ReviewQueueResult &page, bool first);

    const net::ReviewQueueItem &itemAt(int row) const { return m_items.at(row); }
    /// -1 when the photo is not listed.
    int rowOf(const QString &photoId) const;

    bool hasCounts() const { return m_counts.has_value(); }
    int count(PhotoReviewState state) const;

    /// The photo's state as this model last knew it (server or optimistic); nothing when
    /// never seen.
    std::optional<PhotoReviewState> knownState(const QString &photoId) const;
    /// Photos read elsewhere (the job's other photos): a newer copy of a known photo is applied
    /// as a change; an unknown one of the listed state joins the list (and the counts are read
    /// again); others are only remembered.
    void notePhotos(const QList<Photo> &photos);

    /// The admin decides on a listed photo: it moves at once; the PATCH follows. False when
    /// the photo is not listed or a decision on it is under way. `done` (skipped when
    /// `context` is gone) gets the server's answer after the model has applied it.
    bool decide(const QString &photoId, PhotoReviewState state, const QString &note,
                QObject *context, DecisionCallback done);
    /// Undoes a decision: `decided` is the photo as that decision's answer gave it (its ETag
    /// goes as If-Match); it goes back to `state` with `note`, and into the list when that is
    /// the listed state. False while a decision on it is under way.
    bool revert(const net::ReviewQueueItem &decided, PhotoReviewState state, const QString &note,
                QObject *context, DecisionCallback done);
    /// Whether a decision on the photo awaits the server's answer.
    bool isDeciding(const QString &photoId) const { return m_deciding.contains(photoId); }

Q_SIGNALS:
    /// A first page arrived (after reload() or setState()).
    void loaded();
    void loadFailed(const QString &message);
    /// count() changed for some state.
    void countsChanged();

private:
    struct Known {
        PhotoReviewState state = PhotoReviewState::Pending;
        int version = 0;
    };

    void load(const QString &cursor);
    /// A copy of a photo from the server; `added` when it is new (PHOTO_ADDED).
    void applyPhoto(const Photo &photo, bool added);
    /// Moves the photo from `from` to its state in `item`: the counts, and in or out of the
    /// list.
    void transition(std::optional<PhotoReviewState> from, const net::ReviewQueueItem &item,
                    bool added);
    bool submit(const net::ReviewQueueItem &base, PhotoReviewState state, const QString &note,
                QObject *context, DecisionCallback done);
    /// Where an item sorts (oldest first, then by id); false when it sorts after the last
    /// loaded row while more pages remain (the next page brings it).
    bool insertionRow(const net::ReviewQueueItem &item, int *row) const;
    bool sortsBefore(const Photo &a, const Photo &b) const;
    net::ReviewQueueItem itemFor(const Photo &photo) const;
    /// Asks the server for a job the queue has not described yet (a photo arrived by event).
    void fetchJobContext(const QString &jobId);
    void scheduleCountsRefresh();
    void refreshCounts();
    void adjustCount(PhotoReviewState state, int delta);

    QPointer<net::PhotoClient> m_photos;
    QPointer<PhotoImageLoader> m_loader;
    QSize m_iconSize;
    PhotoReviewState m_state = PhotoReviewState::Pending;
    QList<net::ReviewQueueItem> m_items;
    QString m_nextCursor;
    bool m_loading = false;
    bool m_loaded = false;
    QString m_loadError;
    int m_generation = 0; ///< grows with every reload; older answers are dropped
    std::optional<net::ReviewCounts> m_counts;
    QHash<QString, Known> m_known;
    /// Photo id -> its place in the server's order, from the pages since the last reload and
    /// for photos added since (which come last).
    QHash<QString, qint64> m_ordinal;
    qint64 m_nextOrdinal = 0;
    /// Job id -> its title, customer and address as the queue gave them.
    QHash<QString, net::ReviewQueueItem> m_jobs;
    QSet<QString> m_jobsAsked;
    QSet<QString> m_deciding; ///< photos whose PATCH is under way
    QTimer *m_countsTimer = nullptr;
    bool m_countsWanted = false; ///< a refresh waits for the decisions under way
    /// Grows when a decision is sent or answered: a page read across one is read again.
    int m_decisionEpoch = 0;
    /// Grows with every change to the counts: an answer read across one is not used.
    int m_countsEpoch = 0;
    bool m_loadWaiting = false;   ///< a page waits for the decisions under way
    QString m_loadAfterDecisions; ///< its cursor
};

} // namespace dispatch::ui
