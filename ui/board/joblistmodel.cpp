#include "joblistmodel.h"

#include "fieldkeys.h"
#include "userdirectory.h"

#include <QLocale>
#include <QTimeZone>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <limits>

namespace dispatch {

JobListModel::JobListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_clock.start();
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_jobs.size() || index.column() >= ColumnCount)
        return {};
    const Job &job = m_jobs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(job, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn)
            return statusExplanation(job.status);
        if (index.column() == TitleColumn && m_pending.contains(job.id))
            return tr("Saving…");
        if (index.column() == DueColumn)
            return dueToolTip(job);
        if (index.column() == UpdatedColumn)
            return QLocale().toString(job.updatedAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == AddressColumn || index.column() == TitleColumn)
            return displayText(job, index.column());
        return {};
    case SortRole:
        return sortValue(index.row(), index.column());
    case JobRole:
        return QVariant::fromValue(job);
    case JobIdRole:
        return job.id;
    case StatusRole:
        return int(job.status);
    case PendingWriteRole:
        return m_pending.contains(job.id);
    case ChangeHighlightRole:
        return changeHighlight(job.id);
    case OverdueRole:
        return isOverdue(job);
    case Qt::AccessibleTextRole:
        if (index.column() == StatusColumn)
            return tr("Status: %1").arg(displayName(job.status));
        return displayText(job, index.column());
    default:
        return {};
    }
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case TitleColumn:
        return tr("Title");
    case CustomerColumn:
        return tr("Customer");
    case AddressColumn:
        return tr("Address");
    case DueColumn:
        return tr("Due");
    case AssignedColumn:
        return tr("Assigned pro");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(JobRole, "job");
    names.insert(SortRole, "sortValue");
    names.insert(JobIdRole, "jobId");
    names.insert(StatusRole, "status");
    names.insert(PendingWriteRole, "pendingWrite");
    names.insert(ChangeHighlightRole, "changeHighlight");
    return names;
}

void JobListModel::resetJobs(QList<Job> jobs)
{
    beginResetModel();
    m_jobs = std::move(jobs);
    m_rows.clear();
    m_rows.reserve(m_jobs.size());
    m_keys.clear();
    m_keys.reserve(m_jobs.size());
    for (int row = 0; row < m_jobs.size(); ++row) {
        m_rows.insert(m_jobs.at(row).id, row);
        m_keys.append(keysFor(m_jobs.at(row)));
    }
    for (int part = 0; part < TextPartCount; ++part)
        m_ranks[part] = {};
    m_pending.clear();
    m_highlights.clear();
    endResetModel();
}

bool JobListModel::upsertJob(const Job &job)
{
    if (job.id.isEmpty())
        return false;
    const auto found = m_rows.constFind(job.id);
    if (found == m_rows.cend()) {
        const int row = int(m_jobs.size());
        beginInsertRows({}, row, row);
        m_jobs.append(job);
        m_keys.append(keysFor(job));
        m_rows.insert(job.id, row);
        for (int part = 0; part < TextPartCount; ++part)
            invalidateRanks(TextPart(part));
        endInsertRows();
        return true;
    }
    const int row = *found;
    Job &current = m_jobs[row];
    // An older version arriving late (a slow reply after an event) must not roll the row back.
    if (job.version < current.version || current == job)
        return false;
    current = job;
    RowKeys keys = keysFor(job);
    // Most events change the status, not the texts: the ranks then stay valid.
    for (int part = 0; part < TextPartCount; ++part) {
        if (keys.text(part) != m_keys.at(row).text(part))
            invalidateRanks(TextPart(part));
    }
    m_keys[row] = std::move(keys);
    emitRowChanged(row);
    return true;
}

bool JobListModel::removeJob(const QString &jobId)
{
    const int row = m_rows.value(jobId, -1);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_jobs.removeAt(row);
    m_keys.removeAt(row);
    // Without the row the other ranks still order the rest (they need not be consecutive).
    for (TextRanks &ranks : m_ranks) {
        if (ranks.valid)
            ranks.rank.erase(ranks.rank.begin() + row);
    }
    m_rows.remove(jobId);
    m_pending.remove(jobId);
    m_highlights.remove(jobId);
    // Deletions are rare next to updates, so the rows after it are renumbered here rather than
    // paying for a more complex structure on every lookup.
    for (int r = row; r < m_jobs.size(); ++r)
        m_rows[m_jobs.at(r).id] = r;
    endRemoveRows();
    return true;
}

const Job *JobListModel::job(const QString &jobId) const
{
    const int row = m_rows.value(jobId, -1);
    return row < 0 ? nullptr : &m_jobs.at(row);
}

void JobListModel::setDirectory(const net::UserDirectory *directory)
{
    if (m_directory)
        disconnect(m_directory, nullptr, this, nullptr);
    m_directory = directory;
    const auto repaint = [this] {
        if (!m_jobs.isEmpty())
            Q_EMIT dataChanged(index(0, AssignedColumn),
                               index(int(m_jobs.size()) - 1, AssignedColumn));
    };
    if (directory)
        connect(directory, &net::UserDirectory::namesChanged, this, repaint);
    repaint();
}

QString JobListModel::userName(const QString &userId) const
{
    if (userId.isEmpty())
        return {};
    return m_directory ? m_directory->name(userId) : net::UserDirectory::formerUser();
}

void JobListModel::setPendingWrite(const QString &jobId, bool pending)
{
    const bool changed = pending ? !m_pending.contains(jobId) : m_pending.remove(jobId);
    if (pending)
        m_pending.insert(jobId);
    const int row = rowOf(jobId);
    if (changed && row >= 0)
        emitRowChanged(row);
}

void JobListModel::markChanged(const QString &jobId)
{
    const int row = rowOf(jobId);
    if (row < 0)
        return;
    const bool first = m_highlights.isEmpty();
    m_highlights.insert(jobId, m_clock.elapsed());
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {ChangeHighlightRole});
    if (first)
        Q_EMIT highlightsStarted();
}

qreal JobListModel::changeHighlight(const QString &jobId) const
{
    if (m_highlights.isEmpty()) // the common case, painting a board with nothing fresh
        return 0.0;
    const auto found = m_highlights.constFind(jobId);
    if (found == m_highlights.cend() || m_highlightFor.count() <= 0)
        return 0.0;
    const qint64 age = m_clock.elapsed() - *found;
    return std::clamp(1.0 - qreal(age) / qreal(m_highlightFor.count()), 0.0, 1.0);
}

bool JobListModel::expireHighlights()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_highlights.begin(); it != m_highlights.end();) {
        if (now - it.value() < m_highlightFor.count()) {
            ++it;
            continue;
        }
        const int row = rowOf(it.key());
        it = m_highlights.erase(it);
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {ChangeHighlightRole});
    }
    return !m_highlights.isEmpty();
}

QString JobListModel::displayText(const Job &job, int column) const
{
    switch (column) {
    case StatusColumn:
        return displayName(job.status);
    case TitleColumn:
        return job.text(FieldKey::Title);
    case CustomerColumn:
        return job.text(FieldKey::CustomerName);
    case AddressColumn:
        return job.text(FieldKey::Address);
    case DueColumn:
        return dueText(job);
    case AssignedColumn:
        return job.assignedTo.isEmpty() ? tr("Unassigned") : userName(job.assignedTo);
    case UpdatedColumn:
        return formatUpdated(job.updatedAt);
    default:
        return {};
    }
}

QString JobListModel::formatDue(const Job &job)
{
    if (!job.dueAt.isValid())
        return {};
    const QDateTime local = job.dueAt.toLocalTime();
    const QString text = QLocale().toString(local, QStringLiteral("ddd d MMM HH:mm"));
    if (!job.schedule || job.schedule->timezone.isEmpty())
        return text;
    const QTimeZone zone(job.schedule->timezone.toUtf8());
    // The same moment on the customer's clock when their zone is not ours: "(14:00 CST)".
    // Short, so the board's Due column fits; dueToolTip() has the whole window.
    if (zone.isValid() && zone.offsetFromUtc(job.dueAt) != local.offsetFromUtc()) {
        QString place = zone.abbreviation(job.dueAt);
        // Some zones have no letters, only "+03": the city says more.
        if (place.isEmpty() || !place.at(0).isLetter()) {
            place = job.schedule->timezone.section(u'/', -1);
            place.replace(u'_', u' ');
        }
        return text % QStringLiteral(" (") %
               QLocale().toString(job.dueAt.toTimeZone(zone).time(), QStringLiteral("HH:mm")) %
               u' ' % place % u')';
    }
    return text;
}

bool JobListModel::isOverdue(const Job &job, const QDateTime &now)
{
    if (!job.dueAt.isValid() || job.dueAt >= now)
        return false;
    switch (job.status) {
    case JobStatus::Open:
    case JobStatus::Requested:
    case JobStatus::Scheduled:
    case JobStatus::InProgress:
        return true;
    default:
        return false; // the pro finished, or the job is over
    }
}

QString JobListModel::dueText(const Job &job)
{
    // The mark is a word, so it does not rest on colour and a screen reader says it.
    return isOverdue(job) ? tr("Overdue: %1").arg(formatDue(job)) : formatDue(job);
}

QString JobListModel::dueToolTip(const Job &job)
{
    const QString due = dueText(job);
    if (due.isEmpty() || !job.schedule)
        return due;
    return due % u'\n' %
           tr("Customer's window: %1 %2 (%3)")
               .arg(job.schedule->date, job.schedule->window, job.schedule->timezone);
}

QString JobListModel::formatUpdated(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    // Compact for the board: the year only when it is not this one.
    const bool thisYear = local.date().year() == QDate::currentDate().year();
    return QLocale().toString(local, thisYear ? QStringLiteral("d MMM HH:mm")
                                              : QStringLiteral("d MMM yyyy HH:mm"));
}

namespace {

qint64 dueKey(const Job &job)
{
    // Jobs without a due time sort after every dated job.
    return job.dueAt.isValid() ? job.dueAt.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
}

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

JobListModel::RowKeys JobListModel::keysFor(const Job &job)
{
    // Case-folded once here, so sorting and searching compare plain bytes (a case-insensitive
    // compare per comparison tripled the time of a 100,000-row sort).
    constexpr char Separator = '\x1f';
    const QByteArray parts[] = {job.text(FieldKey::Title).toCaseFolded().toUtf8(),
                                job.text(FieldKey::CustomerName).toCaseFolded().toUtf8(),
                                job.text(FieldKey::Address).toCaseFolded().toUtf8(),
                                job.text(FieldKey::OrderId).toCaseFolded().toUtf8(),
                                job.id.toCaseFolded().toUtf8()};
    qsizetype size = std::size(parts) - 1;
    for (const QByteArray &part : parts)
        size += part.size();
    RowKeys keys;
    // One exact allocation, made after the temporaries: rows built in order sit in memory in
    // order, which a sort over 100,000 of them notices.
    keys.folded.reserve(size);
    quint32 *const ends[] = {&keys.titleEnd, &keys.customerEnd, &keys.addressEnd};
    for (size_t i = 0; i < std::size(parts); ++i) {
        if (i > 0)
            keys.folded.append(Separator);
        keys.folded.append(parts[i]);
        if (i < std::size(ends))
            *ends[i] = quint32(keys.folded.size());
    }
    keys.due = dueKey(job);
    keys.updated = job.updatedAt.toMSecsSinceEpoch();
    return keys;
}

std::string_view JobListModel::RowKeys::text(int part) const
{
    switch (part) {
    case TitlePart:
        return title();
    case CustomerPart:
        return customer();
    case AddressPart:
        return address();
    default:
        return {};
    }
}

int JobListModel::compareText(int rowA, int rowB, TextPart part) const
{
    TextRanks &ranks = m_ranks[part];
    // Rebuilt once the text comparisons since it went stale are worth about one sort: a full
    // sort gets there within its first ~6 %, a trickle of edits (a handful of comparisons each
    // as the proxy moves the row) only after ~one edit per 17 rows.
    if (!ranks.valid && ++ranks.textCompares > std::max<qsizetype>(4096, m_keys.size()))
        rebuildRanks(part);
    if (ranks.valid)
        return threeWay(ranks.rank[rowA], ranks.rank[rowB]);
    return m_keys.at(rowA).text(part).compare(m_keys.at(rowB).text(part));
}

namespace {

/// A text in RankSorter's buffer, with 8 of its bytes (from the sort's current depth, zero
/// padded) as a big-endian integer.
struct RankEntry {
    quint64 chunk;
    quint32 tail; ///< the text's size when it ends within this chunk, else UINT32_MAX
    quint32 row;
    quint32 begin;
    quint32 size;
};

/// Sorts texts 8 bytes at a time (an MSD radix sort by 64-bit digits, std::sort per digit):
/// each level reads each text once, instead of every comparison reading two texts, which
/// matters for titles sharing long beginnings ("Leaking kitchen faucet …").
struct RankSorter {
    const std::string &buffer;

    void load(RankEntry &e, size_t depth) const
    {
        uchar bytes[8] = {};
        if (e.size > depth)
            std::memcpy(bytes, buffer.data() + e.begin + depth,
                        std::min<size_t>(e.size - depth, 8));
        e.chunk = qFromBigEndian<quint64>(bytes);
        e.tail = e.size <= depth + 8 ? e.size : std::numeric_limits<quint32>::max();
    }

    void sort(RankEntry *first, RankEntry *last, size_t depth) const
    {
        for (RankEntry *e = first; e != last; ++e)
            load(*e, depth);
        // Equal chunks: a text that ends here is a prefix of the longer ones (zero padding),
        // so shorter first; two that end here with the same size are equal.
        const auto key = [](const RankEntry &e) { return std::pair(e.chunk, e.tail); };
        std::sort(first, last,
                  [&key](const RankEntry &a, const RankEntry &b) { return key(a) < key(b); });
        for (RankEntry *run = first; run != last;) {
            RankEntry *end = run + 1;
            while (end != last && key(*end) == key(*run))
                ++end;
            if (end - run > 1 && run->tail == std::numeric_limits<quint32>::max())
                sort(run, end, depth + 8);
            run = end;
        }
    }
};

} // namespace

void JobListModel::rebuildRanks(TextPart part) const
{
    // The texts copied into one buffer (a few MB, read in order, rather than 100,000 heap
    // buffers read at random by each comparison), sorted by RankSorter.
    const qsizetype rows = m_keys.size();
    std::string buffer;
    std::vector<RankEntry> entries(static_cast<size_t>(rows));
    for (qsizetype row = 0; row < rows; ++row) {
        const std::string_view text = m_keys.at(row).text(part);
        entries[size_t(row)] = {0, 0, quint32(row), quint32(buffer.size()), quint32(text.size())};
        buffer.append(text);
    }
    RankSorter{buffer}.sort(entries.data(), entries.data() + entries.size(), 0);
    const auto textOf = [&buffer](const RankEntry &e) {
        return std::string_view(buffer).substr(e.begin, e.size);
    };
    TextRanks &ranks = m_ranks[part];
    ranks.rank.resize(size_t(rows));
    quint32 rank = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0 && textOf(entries[i]) != textOf(entries[i - 1]))
            ++rank;
        ranks.rank[entries[i].row] = rank;
    }
    ranks.valid = true;
    ranks.textCompares = 0;
}

void JobListModel::invalidateRanks(TextPart part)
{
    TextRanks &ranks = m_ranks[part];
    if (ranks.valid) {
        ranks.valid = false;
        ranks.textCompares = 0;
    }
}

int JobListModel::compareRows(int rowA, int rowB, int column) const
{
    const Job &a = m_jobs.at(rowA);
    const Job &b = m_jobs.at(rowB);
    const RowKeys &ka = m_keys.at(rowA);
    const RowKeys &kb = m_keys.at(rowB);
    switch (column) {
    case StatusColumn:
        return threeWay(int(a.status), int(b.status));
    case TitleColumn:
        return compareText(rowA, rowB, TitlePart);
    case CustomerColumn:
        return compareText(rowA, rowB, CustomerPart);
    case AddressColumn:
        return compareText(rowA, rowB, AddressPart);
    case DueColumn:
        return threeWay(ka.due, kb.due);
    case AssignedColumn:
        return userName(a.assignedTo).compare(userName(b.assignedTo), Qt::CaseInsensitive);
    case UpdatedColumn:
        return threeWay(ka.updated, kb.updated);
    default:
        return 0;
    }
}

bool JobListModel::rowMatches(int row, QStringView text) const
{
    return rowMatches(row, QByteArrayView(text.toUtf8()));
}

bool JobListModel::rowMatches(int row, QByteArrayView foldedUtf8) const
{
    if (foldedUtf8.isEmpty())
        return true;
    return m_keys.at(row).folded.contains(foldedUtf8);
}

QByteArray JobListModel::searchKey(QStringView text)
{
    return text.trimmed().toString().toCaseFolded().toUtf8();
}

QVariant JobListModel::sortValue(int row, int column) const
{
    const Job &job = m_jobs.at(row);
    switch (column) {
    case StatusColumn:
        return int(job.status);
    case DueColumn:
        return dueKey(job);
    case UpdatedColumn:
        return job.updatedAt.toMSecsSinceEpoch();
    case AssignedColumn:
        return job.assignedTo.isEmpty() ? QString() : userName(job.assignedTo);
    default:
        return displayText(job, column);
    }
}

void JobListModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace dispatch
