#pragma once

#include <QListView>

namespace dispatch::ui {

/// The tray's list of unassigned jobs, which a job is dragged out of onto the timeline. The
/// drag is the view's own (the button held down keeps the mouse on this view), not a QDrag:
/// it reports where the pointer is in global coordinates and the board decides what lies
/// there, so the drop works the same under any platform plugin and in offscreen tests.
/// Escape cancels a drag; Enter on a job asks for "Move to…" (the keyboard's drop).
class TrayView final : public QListView {
    Q_OBJECT
public:
    explicit TrayView(QWidget *parent = nullptr);

    bool isDragging() const { return !m_dragged.isEmpty(); }
    /// A block from the timeline is over the tray: a dashed frame and "Drop here to put the
    /// job back in the tray" say what letting it go does.
    void setDropHighlight(bool on);
    bool dropHighlight() const { return m_dropHighlight; }

Q_SIGNALS:
    void dragMoved(const QString &jobId, const QPoint &globalPos);
    void dropped(const QString &jobId, const QPoint &globalPos);
    void dragCancelled(const QString &jobId);
    void moveRequested(const QString &jobId);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_pressedJob;
    QPoint m_pressPos;
    QString m_dragged;
    bool m_dropHighlight = false;
};

} // namespace dispatch::ui
