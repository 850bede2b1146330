#include "changehighlightdelegate.h"

#include "palette.h"

#include <joblistmodel.h>

#include <QAbstractItemView>
#include <QTimer>

#include <algorithm>

namespace dispatch::ui {

namespace {
/// About 25 frames a second: smooth enough for a 2 s fade, cheap enough for two cores.
constexpr int kRepaintMs = 40;
constexpr int kMaxAlpha = 150;
} // namespace

ChangeHighlightDelegate::ChangeHighlightDelegate(JobListModel *model, QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_model(model)
    , m_view(view)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kRepaintMs);
    connect(m_timer, &QTimer::timeout, this, &ChangeHighlightDelegate::tick);
    connect(model, &JobListModel::highlightsStarted, m_timer, [this] { m_timer->start(); });
    if (model->hasHighlights())
        m_timer->start();
}

void ChangeHighlightDelegate::tick()
{
    // Faded rows get dataChanged (so they repaint plain); the others are still fading.
    const bool active = m_model->expireHighlights();
    m_view->viewport()->update();
    if (!active)
        m_timer->stop();
}

QColor ChangeHighlightDelegate::highlightColor(qreal level)
{
    QColor color = Palette::changeHighlight();
    color.setAlpha(qRound(std::clamp(level, 0.0, 1.0) * kMaxAlpha));
    return color;
}

void ChangeHighlightDelegate::applyHighlight(QStyleOptionViewItem *option, const QModelIndex &index)
{
    const qreal level = index.data(JobListModel::ChangeHighlightRole).toReal();
    if (level <= 0.0)
        return;
    // The style fills backgroundBrush over the row's (alternating) base, so a translucent
    // colour fades into whatever the row would look like without it.
    option->backgroundBrush = highlightColor(level);
}

void ChangeHighlightDelegate::initStyleOption(QStyleOptionViewItem *option,
                                              const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    applyHighlight(option, index);
}

} // namespace dispatch::ui
