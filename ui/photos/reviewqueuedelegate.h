#pragma once

#include <QStyledItemDelegate>

namespace dispatch::ui {

/// A row of the review queue (ReviewQueueModel): the thumbnail on the left, the file name in
/// bold, the job's title under it, and a flagged photo's note in italics, so an admin can tell
/// the rows apart without opening them.
class ReviewQueueDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    /// `thumbnail`: the side of the square the thumbnail is fitted into.
    explicit ReviewQueueDelegate(int thumbnail, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_thumbnail;
};

} // namespace dispatch::ui
