#include "photouploadmodel.h"

#include "uploadcheck.h"

#include <algorithm>

namespace dispatch::ui {

int PhotoUploadItem::percent() const
{
    if (state == State::Done || state == State::Duplicate)
        return 100;
    if (total <= 0)
        return 0;
    return int(std::clamp<qint64>(sent * 100 / total, 0, 100));
}

PhotoUploadModel::PhotoUploadModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int PhotoUploadModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QString PhotoUploadModel::stateText(const PhotoUploadItem &item)
{
    using State = PhotoUploadItem::State;
    switch (item.state) {
    case State::Checking:
        return tr("Checking…");
    case State::Queued:
        return tr("Waiting to send…");
    case State::Sending:
        // The bar shows the share; the words say how much, as a file manager would.
        return tr("Sending… %1 of %2")
            .arg(photoSizeText(item.sent), photoSizeText(item.total > 0 ? item.total : 0));
    case State::Done:
    case State::Duplicate:
    case State::Refused:
    case State::Failed:
    case State::Cancelled:
        return item.text;
    }
    return {};
}

QVariant PhotoUploadModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PhotoUploadItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return item.filename;
    case Qt::ToolTipRole:
        return item.path;
    case IdRole:
        return item.id;
    case JobIdRole:
        return item.jobId;
    case StateRole:
        return int(item.state);
    case PercentRole:
        return item.percent();
    case StateTextRole:
        return stateText(item);
    case CanCancelRole:
        return !item.isFinished();
    case CanRetryRole:
        return item.state == PhotoUploadItem::State::Failed && item.retryable;
    case FinishedRole:
        return item.isFinished();
    default:
        return {};
    }
}

QHash<int, QByteArray> PhotoUploadModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "uploadId");
    names.insert(JobIdRole, "jobId");
    names.insert(StateRole, "state");
    names.insert(PercentRole, "percent");
    names.insert(StateTextRole, "stateText");
    names.insert(CanCancelRole, "canCancel");
    names.insert(CanRetryRole, "canRetry");
    names.insert(FinishedRole, "finished");
    return names;
}

int PhotoUploadModel::rowOf(quint64 id) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).id == id)
            return row;
    }
    return -1;
}

const PhotoUploadItem *PhotoUploadModel::item(quint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_items.at(row);
}

int PhotoUploadModel::rowOfFile(const QString &filename) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).filename == filename)
            return row;
    }
    return -1;
}

quint64 PhotoUploadModel::append(PhotoUploadItem item)
{
    item.id = m_nextId++;
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(std::move(item));
    endInsertRows();
    return m_items.constLast().id;
}

bool PhotoUploadModel::update(quint64 id, const std::function<void(PhotoUploadItem &)> &change)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    change(m_items[row]);
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at);
    return true;
}

void PhotoUploadModel::remove(quint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
}

} // namespace dispatch::ui
