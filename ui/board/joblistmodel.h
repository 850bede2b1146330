#pragma once

#include "job.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>

#include <array>
#include <chrono>
#include <string_view>
#include <vector>

namespace dispatch::net {
class UserDirectory;
}

namespace dispatch {

/// The job board's rows: one Job per row, columns for the board's table. Qt Core only, so it
/// is tested and benchmarked without widgets. A hash from job id to row makes an event's
/// upsert or removal O(1) lookup instead of a scan (the target: one event applied in < 0.1 ms
/// with 100,000 jobs). Text for people comes from Qt::DisplayRole; sorting uses SortRole,
/// which gives the underlying value (the status's order in the machine, times as UTC
/// milliseconds), so "due" sorts by time and not by its formatted text.
class JobListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        StatusColumn,
        TitleColumn,
        CustomerColumn,
        AddressColumn,
        DueColumn,
        AssignedColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles {
        JobRole = Qt::UserRole + 1, ///< the whole Job (QVariant::fromValue<Job>)
        SortRole,                   ///< the value to sort by
        JobIdRole,                  ///< QString
        StatusRole,                 ///< JobStatus as int
        PendingWriteRole,           ///< bool: a write for this job is in flight
        /// qreal in [0, 1]: how strongly to highlight a row someone else just changed, 1 right
        /// after markChanged(), fading to 0 over highlightDuration(). It decays with time
        /// without dataChanged(): a view repaints while hasHighlights().
        ChangeHighlightRole,
        OverdueRole, ///< bool: isOverdue() now
    };

    explicit JobListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Replaces every row (one model reset).
    void resetJobs(QList<Job> jobs);
    /// Inserts the job, or replaces the row with the same id unless the model already holds a
    /// newer version (events and replies may arrive out of order). True when something changed.
    bool upsertJob(const Job &job);
    /// True when a row was removed.
    bool removeJob(const QString &jobId);

    /// -1 when the job is not in the model.
    int rowOf(const QString &jobId) const { return m_rows.value(jobId, -1); }
    bool contains(const QString &jobId) const { return m_rows.contains(jobId); }
    const Job &jobAt(int row) const { return m_jobs.at(row); }
    /// The job with this id, or nullptr.
    const Job *job(const QString &jobId) const;

    /// Who is who, for the "Assigned" column: the column repaints when a name arrives.
    void setDirectory(const net::UserDirectory *directory);
    /// The person's name; empty for an empty id.
    QString userName(const QString &userId) const;

    /// Marks a job's row as having a write in flight (the board shows it).
    void setPendingWrite(const QString &jobId, bool pending);
    bool hasPendingWrite(const QString &jobId) const { return m_pending.contains(jobId); }

    /// Highlights the job's row for highlightDuration() (a change that arrived from the server).
    /// Only marked rows are tracked, so the cost does not grow with the board.
    void markChanged(const QString &jobId);
    /// 0 when the row is not highlighted; see ChangeHighlightRole.
    qreal changeHighlight(const QString &jobId) const;
    bool hasHighlights() const { return !m_highlights.isEmpty(); }
    /// Forgets highlights that have faded (dataChanged for their rows, so views paint them
    /// plain); true when some are still active. The view's repaint timer calls it.
    bool expireHighlights();
    void setHighlightDuration(std::chrono::milliseconds duration) { m_highlightFor = duration; }
    std::chrono::milliseconds highlightDuration() const { return m_highlightFor; }

    /// The texts the board shows, also used by the filter's search.
    QString displayText(const Job &job, int column) const;
    /// "Thu 15 Jan 18:00 (12:00 CST)": local time, then the same moment in the job's own
    /// zone when that zone differs from ours.
    static QString formatDue(const Job &job);
    /// The Due column: formatDue(), after "Overdue:" for an overdue job.
    static QString dueText(const Job &job);
    /// dueText() and, for a scheduled job, the customer's window in their zone.
    static QString dueToolTip(const Job &job);
    /// Due before `now` and the work not done yet (open, requested, scheduled or in progress):
    /// the board marks it in words, and can sort such jobs first.
    static bool isOverdue(const Job &job, const QDateTime &now = QDateTime::currentDateTimeUtc());
    /// "23 Nov 18:34" (the year too when it is not this one), local time.
    static QString formatUpdated(const QDateTime &time);

    /// <0, 0, >0 like a comparison of the two rows' SortRole values in `column`, without
    /// building QVariants: the proxy's sort calls this n·log n times.
    int compareRows(int rowA, int rowB, int column) const;
    /// Whether the row's title, customer, address, order id or id contains `text`, which must
    /// be case-folded (QString::toCaseFolded) for a case-insensitive match. Uses the per-row cache,
    /// so filtering 100,000 rows parses no JSON.
    bool rowMatches(int row, QStringView text) const;
    /// The same with `text` already case-folded and in UTF-8 (searchKey()), so a filter pass
    /// over 100,000 rows converts the search text once rather than once per row.
    bool rowMatches(int row, QByteArrayView foldedUtf8) const;
    /// `text` trimmed, case-folded and in UTF-8, as rowMatches(int, QByteArrayView) wants it.
    static QByteArray searchKey(QStringView text);

Q_SIGNALS:
    /// markChanged() on a model without active highlights: time for the view's repaint timer.
    void highlightsStarted();

private:
    /// Texts cached per row, case-folded: sorting and searching would otherwise read them out of
    /// the job's QJsonObject on every comparison. One UTF-8 buffer per row ("title␟customer␟
    /// address␟order id␟id", ␟ = U+001F) instead of five QStrings: one allocation and half the
    /// bytes (~25 MB less with 100,000 rows), one contains() per row to search, and sorting
    /// compares bytes (UTF-8 byte order is code point order).
    struct RowKeys {
        QByteArray folded;
        quint32 titleEnd = 0;    ///< title is folded[0, titleEnd)
        quint32 customerEnd = 0; ///< customer is folded[titleEnd + 1, customerEnd)
        quint32 addressEnd = 0;  ///< address is folded[customerEnd + 1, addressEnd)
        qint64 due = 0;          ///< dueKey(): UTC ms, undated last
        qint64 updated = 0;      ///< UTC ms

        std::string_view title() const { return {folded.constData(), titleEnd}; }
        std::string_view customer() const
        {
            return {folded.constData() + titleEnd + 1, customerEnd - titleEnd - 1};
        }
        std::string_view address() const
        {
            return {folded.constData() + customerEnd + 1, addressEnd - customerEnd - 1};
        }
        /// TextPart: title(), customer() or address().
        std::string_view text(int part) const;
    };
    /// The text columns that sort by a RowKeys text, in RowKeys order.
    enum TextPart { TitlePart, CustomerPart, AddressPart, TextPartCount };
    /// Each row's place in one text column's order (equal texts, equal ranks), so a sort by
    /// that column compares two integers in one contiguous array instead of two texts in
    /// buffers scattered over the heap (100,000 rows: ~1.7 million comparisons, mostly cache
    /// misses). Built lazily with one sort over a contiguous copy of the texts; an upsert that
    /// changes the text marks it stale, and compareRows() then compares the texts until it has
    /// done about one per row (the start of a full sort, or many edits), when it rebuilds.
    struct TextRanks {
        std::vector<quint32> rank; ///< per row, meaningful only when valid
        bool valid = false;
        qsizetype textCompares = 0; ///< since it became stale
    };
    static RowKeys keysFor(const Job &job);
    int compareText(int rowA, int rowB, TextPart part) const;
    void rebuildRanks(TextPart part) const;
    void invalidateRanks(TextPart part);
    QVariant sortValue(int row, int column) const;
    void emitRowChanged(int row);

    QList<Job> m_jobs;
    QList<RowKeys> m_keys; ///< parallel to m_jobs
    /// A cache of m_keys, so compareRows() (const) fills it.
    mutable std::array<TextRanks, TextPartCount> m_ranks;
    QHash<QString, int> m_rows;
    QPointer<const net::UserDirectory> m_directory;
    QSet<QString> m_pending;
    /// Job id -> m_clock time of its change, for the rows being highlighted.
    QHash<QString, qint64> m_highlights;
    QElapsedTimer m_clock; ///< monotonic: a wall-clock jump must not stick or drop highlights
    std::chrono::milliseconds m_highlightFor{2000};
};

} // namespace dispatch

Q_DECLARE_METATYPE(dispatch::Job)
