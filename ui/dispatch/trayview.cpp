#include "trayview.h"

#include "joblistmodel.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

namespace dispatch::ui {

TrayView::TrayView(QWidget *parent)
    : QListView(parent)
{
    setObjectName(QStringLiteral("dispatchTray"));
    setAccessibleName(tr("Unassigned jobs"));
    setAccessibleDescription(tr("Drag a job onto a pro's row at a time to assign and schedule "
                                "it, or press Enter to choose a pro and a time; a block dragged "
                                "back here is unassigned"));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
}

void TrayView::mousePressEvent(QMouseEvent *event)
{
    QListView::mousePressEvent(event);
    m_pressedJob.clear();
    if (event->button() != Qt::LeftButton)
        return;
    const QModelIndex index = indexAt(event->position().toPoint());
    if (index.isValid() && !index.data(JobListModel::PendingWriteRole).toBool()) {
        m_pressedJob = index.data(JobListModel::JobIdRole).toString();
        m_pressPos = event->position().toPoint();
    }
}

void TrayView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressedJob.isEmpty() || !(event->buttons() & Qt::LeftButton)) {
        QListView::mouseMoveEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (m_dragged.isEmpty() &&
        (pos - m_pressPos).manhattanLength() < QApplication::startDragDistance())
        return;
    if (m_dragged.isEmpty()) {
        m_dragged = m_pressedJob;
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    Q_EMIT dragMoved(m_dragged, viewport()->mapToGlobal(pos));
}

void TrayView::mouseReleaseEvent(QMouseEvent *event)
{
    const QString dragged = m_dragged;
    m_dragged.clear();
    m_pressedJob.clear();
    if (dragged.isEmpty()) {
        QListView::mouseReleaseEvent(event);
        return;
    }
    viewport()->unsetCursor();
    Q_EMIT dropped(dragged, viewport()->mapToGlobal(event->position().toPoint()));
}

void TrayView::setDropHighlight(bool on)
{
    if (on == m_dropHighlight)
        return;
    m_dropHighlight = on;
    viewport()->update();
}

void TrayView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (!m_dropHighlight)
        return;
    QPainter painter(viewport());
    painter.setPen(QPen(palette().highlight().color(), 2, Qt::DashLine));
    painter.drawRect(viewport()->rect().adjusted(1, 1, -2, -2));
    const QRect note = viewport()->rect().adjusted(8, 8, -8, -8);
    const QString text = tr("Drop here to put the job back in the tray");
    painter.fillRect(QRect(note.left(), note.bottom() - 2 * fontMetrics().height(), note.width(),
                           2 * fontMetrics().height()),
                     palette().highlight());
    painter.setPen(palette().highlightedText().color());
    painter.drawText(QRect(note.left(), note.bottom() - 2 * fontMetrics().height(), note.width(),
                           2 * fontMetrics().height()),
                     Qt::AlignCenter | Qt::TextWordWrap, text);
}

void TrayView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && !m_dragged.isEmpty()) {
        const QString dragged = m_dragged;
        m_dragged.clear();
        m_pressedJob.clear();
        viewport()->unsetCursor();
        Q_EMIT dragCancelled(dragged);
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && currentIndex().isValid()) {
        Q_EMIT moveRequested(currentIndex().data(JobListModel::JobIdRole).toString());
        return;
    }
    QListView::keyPressEvent(event);
}

} // namespace dispatch::ui
