#pragma once

#include <QAbstractScrollArea>
#include <QDateTime>
#include <QHash>
#include <QTimeZone>

#include <optional>

namespace dispatch::ui {

class TimelineModel;
struct TimelineRow;

/// The dispatch board's timeline: one row per pro (their name, how many jobs they have on each
/// day shown and their home area in a fixed column on the left), time across in the view's zone,
/// each job a block sized by its window and coloured by its status (palette.h), an overdue job
/// outlined, the miles from the pro's previous job that day in the gap between two blocks. A
/// custom-painted QAbstractScrollArea over a TimelineModel: only the rows and hours on screen
/// are painted, so a frame costs the same with 20 pros or 2,000.
///
/// It knows nothing about writes: the board asks dropTargetAt() where a drop lands, shows a
/// preview while dragging and a hatched "Saving…" block while a drop is in flight.
/// Keyboard: arrows move the current block within a row (Left/Right) and across rows
/// (Up/Down); Shift+arrows propose moving it by 15 minutes or a row (shown as the drop
/// preview), Enter commits the proposal (moveProposed) or, without one, asks for "Move to…"
/// (moveRequested), Escape drops the proposal, Delete asks to put the block back in the tray
/// (unassignRequested). The mouse drags a block the same way: along its row to reschedule,
/// onto another row to reassign (moveProposed on release), out of the view (droppedOutside:
/// the board decides whether that is the tray). The current
/// block's description, or the proposal in words, is the view's accessible description.
class DispatchTimeline final : public QAbstractScrollArea {
    Q_OBJECT
public:
    /// Where a drop would land: a pro's row and a start time snapped to 15 minutes.
    struct DropTarget {
        int row = -1;
        QString proId;
        QDateTime startUtc;
    };

    explicit DispatchTimeline(TimelineModel *model, QWidget *parent = nullptr);

    TimelineModel *model() const { return m_model; }

    /// The zone times are shown in (the office's); local midnight of `day` starts the range.
    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const { return m_zone; }
    /// Shows `days` days (1, 3 or 7) from `first`; the hour width shrinks as days grow.
    void setRange(const QDate &first, int days);
    QDate firstDay() const { return m_firstDay; }
    int days() const { return m_days; }
    /// Scrolls so that `time` is near the left edge.
    void scrollToTime(const QDateTime &time);

    /// `viewportPos` in viewport coordinates; nothing outside the rows' time area.
    std::optional<DropTarget> dropTargetAt(const QPoint &viewportPos) const;
    /// The viewport point where a drop on `proId` at `time` lands (the row's middle); null
    /// when the pro has no row or the time is off screen.
    QPoint pointFor(const QString &proId, const QDateTime &time) const;
    /// The job's block in viewport coordinates; null when not shown.
    QRect blockRect(const QString &jobId) const;

    /// The outline of where a dragged job would land; an invalid start clears it.
    void setDropPreview(int row, const QDateTime &start, const QDateTime &end);
    void clearDropPreview();

    /// A drop in flight: a hatched, dimmed block saying "Saving…" until clearPending().
    void setPending(const QString &jobId, int row, const QDateTime &start, const QDateTime &end);
    void clearPending(const QString &jobId);
    bool isPending(const QString &jobId) const { return m_pending.contains(jobId); }

    /// The block the keyboard is on; empty when none.
    QString currentJobId() const { return m_current; }
    void setCurrentJob(const QString &jobId);
    /// The words a screen reader gets for a block: pro (and home area), title, status, window,
    /// warnings, miles from the previous job.
    QString describeBlock(const QString &jobId) const;
    /// A row header's tooltip (HTML): name, home area, jobs on each day shown.
    QString headerToolTip(int row) const;

    int rowHeight() const { return m_rowHeight; }
    static constexpr int kHeaderWidth = 190;
    static constexpr int kAxisHeight = 30;

Q_SIGNALS:
    void currentJobChanged(const QString &jobId);
    /// Enter on a block without a proposal: the board opens "Move to…".
    void moveRequested(const QString &jobId);
    /// Enter on a proposal made with Shift+arrows.
    void moveProposed(const QString &jobId, const QString &proId, const QDateTime &startUtc);
    /// Delete on a block: back to the tray.
    void unassignRequested(const QString &jobId);
    /// A block dragged out of the view is at `globalPos` (a null point: back in the view or let
    /// go), so the board can show what letting it go there would do.
    void draggedOutside(const QString &jobId, const QPoint &globalPos);
    /// A block dragged out of the view and released at `globalPos`.
    void droppedOutside(const QString &jobId, const QPoint &globalPos);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    struct Span {
        int row = -1;
        qint64 startMs = 0;
        qint64 endMs = 0;
    };
    void updateScrollBars();
    void modelChanged();
    double pixelsPerHour() const;
    int xFor(qint64 ms) const;
    qint64 msFor(int x) const;
    int rowAt(int y) const;
    int yFor(int row) const;
    QRect rectFor(int row, qint64 startMs, qint64 endMs) const;
    QString blockAt(const QPoint &viewportPos) const;
    QString toolTipFor(const QString &jobId) const;
    QDateTime rangeOrigin() const;
    void paintAxis(QPainter &painter, const QRect &area) const;
    void paintRow(QPainter &painter, int row, qint64 fromMs, qint64 toMs) const;
    /// `overdue`: outline it; `pending`: hatched and "Saving…".
    void paintBlock(QPainter &painter, const QRect &rect, const QString &jobId, bool overdue,
                    bool pending) const;
    /// The header's second line: "3 jobs", or "5 jobs: 2 · 0 · 3" when several days show.
    QString jobsLine(const TimelineRow &line) const;
    /// "near Round Rock, TX", or the home's rounded coordinates when no town is near.
    static QString homeArea(const TimelineRow &line);
    /// "12 mi" in the gap between `previous` and `next`, when it fits.
    void paintMiles(QPainter &painter, const QRect &previous, const QRect &next,
                    double miles) const;
    /// "12 mi from the previous job".
    static QString milesText(double miles);
    void moveCurrent(int rowStep, int blockStep);
    /// Shift+arrows: the proposal moves by `rowStep` rows and `quarterSteps` × 15 minutes.
    void nudge(int rowStep, int quarterSteps);
    void setDescription(const QString &text);
    /// Hides the outline but keeps what it proposes (a drag out of the view goes on).
    void clearPreviewOnly();

    TimelineModel *m_model = nullptr;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    QDate m_firstDay = QDate::currentDate();
    int m_days = 1;
    int m_rowHeight = 56; ///< three lines of header: name, jobs per day, home area
    std::optional<Span> m_preview;
    QString m_proposalJob; ///< the job m_preview proposes to move (keyboard); empty: a drag's
    QHash<QString, Span> m_pending;
    QString m_current;
    /// A block pressed with the mouse: where, and how far into the block (ms) it was taken.
    QString m_pressedJob;
    QPoint m_pressPos;
    qint64 m_grabOffsetMs = 0;
};

} // namespace dispatch::ui
