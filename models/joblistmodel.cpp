#include "joblistmodel.h"

#include "fieldkeys.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>
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
        endInsertRows();
        return true;
    }
    const int row = *found;
    Job &current = m_jobs[row];
    // An older version arriving late (a slow reply after an event) must not roll the row back.
    if (job.version < current.version || current == job)
        return false;
    current = job;
    m_keys[row] = keysFor(job);
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

void JobListModel::setUserNames(const QHash<QString, QString> &names)
{
    m_userNames = names;
    if (!m_jobs.isEmpty())
        Q_EMIT dataChanged(index(0, AssignedColumn), index(int(m_jobs.size()) - 1, AssignedColumn));
}

QString JobListModel::userName(const QString &userId) const
{
    if (userId.isEmpty())
        return {};
    return m_userNames.value(userId, userId);
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
        return formatDue(job);
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

QString JobListModel::dueToolTip(const Job &job)
{
    const QString due = formatDue(job);
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
        return ka.title().compare(kb.title());
    case CustomerColumn:
        return ka.customer().compare(kb.customer());
    case AddressColumn:
        return ka.address().compare(kb.address());
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
