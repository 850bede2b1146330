#pragma once

#include <QColor>
#include <QStyledItemDelegate>

class QAbstractItemView;
class QTimer;

namespace dispatch {
class JobListModel;
}

namespace dispatch::ui {

/// Paints the board's rows that someone else just changed with a background that fades out
/// so a change by another user is noticed at a glance. The strength comes from
/// JobListModel::ChangeHighlightRole; one timer repaints the view's viewport while the model
/// holds highlights and stops when the last one has faded, so an idle board costs nothing and
/// a busy one costs one repaint per tick, however many rows it has.
class ChangeHighlightDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    /// `view` shows `model` (directly or through proxies) and owns this delegate.
    ChangeHighlightDelegate(JobListModel *model, QAbstractItemView *view);

    /// Blends the highlight for `index` into `option`'s background; for other delegates of the
    /// same view (the status badge) so the whole row lights up.
    static void applyHighlight(QStyleOptionViewItem *option, const QModelIndex &index);
    /// The background at strength `level` in [0, 1] (transparent at 0).
    static QColor highlightColor(qreal level);

    /// The repaint timer (for tests: it runs only while highlights are active).
    const QTimer *repaintTimer() const { return m_timer; }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    void tick();

    JobListModel *m_model = nullptr;
    QAbstractItemView *m_view = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace dispatch::ui
