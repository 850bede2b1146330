#pragma once

#include "dropwriter.h"

#include <user.h>

#include <QPointer>
#include <QTimeZone>
#include <QWidget>

#include <optional>

class QComboBox;
class QDateEdit;
class QLineEdit;
class QPushButton;

namespace dispatch {
class JobListModel;
}
namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class DispatchTimeline;
class MoveToDialog;
class NoticeBanner;
class TimelineModel;
class TrayView;
class UnassignedJobsProxy;

/// The Dispatch workspace (dispatchers and admins, docs/ARCHITECTURE.md "The dispatch
/// board"): the timeline of every active pro's jobs, and a tray of unassigned jobs to drag
/// onto a pro at a time. Both read the board's JobListModel, so what the event stream puts
/// there moves here too. A drop is one DropWriter write; while it is in flight the block is
/// hatched and says "Saving…", and afterwards the block stands where the server says, with
/// a banner when the server refused (who changed what, and "Try again").
class DispatchBoard final : public QWidget {
    Q_OBJECT
public:
    DispatchBoard(net::ApiClient *api, JobListModel *jobs, QWidget *parent = nullptr);

    /// Every user the console knows (MainWindow::loadUsers); active pros become rows.
    void setPros(const QList<User> &users);
    /// The zone the timeline shows times in (the office's; the system's by default).
    void setTimeZone(const QTimeZone &zone);
    /// Shows `day` (and the days after it, as zoomed).
    void setDay(const QDate &day);

    DispatchTimeline *timeline() const { return m_timeline; }
    TrayView *tray() const { return m_tray; }
    UnassignedJobsProxy *trayModel() const { return m_trayModel; }
    NoticeBanner *banner() const { return m_banner; }
    QPushButton *tryAgainButton() const { return m_tryAgain; }
    QPushButton *backToTrayButton() const { return m_backToTray; }
    QLineEdit *searchEdit() const { return m_search; }

    /// Drops `jobId` on `proId` at `startUtc` (snapped already), as a mouse drop does.
    void dropJob(const QString &jobId, const QString &proId, const QDateTime &startUtc);
    /// Puts the job back in the tray (unassigns it), as dragging its block onto the tray does:
    /// the same in-flight block, outcome and banner as a drop on a pro.
    void unassignJob(const QString &jobId);
    /// The keyboard's drop: "Move to…" for the job, prefilled with its place on the timeline
    /// (or the first pro at 08:00 on the day shown). Opened non-modal; null when closed.
    void openMoveTo(const QString &jobId);
    MoveToDialog *moveToDialog() const;

Q_SIGNALS:
    /// A drop's write has finished (whatever its outcome).
    void dropFinished(const dispatch::ui::DropWriter::Outcome &outcome);

private:
    bool isOverTray(const QPoint &globalPos) const;
    void onDragMoved(const QString &jobId, const QPoint &globalPos);
    void onDropped(const QString &jobId, const QPoint &globalPos);
    void onFinished(const DropWriter::Outcome &outcome);
    /// Shows the drop in flight on `row` over [start, end) and sends it.
    void send(const DropWriter::Drop &drop, int row, const QDateTime &start, const QDateTime &end);
    void setZoom(int days);

    net::ApiClient *m_api = nullptr;
    JobListModel *m_jobs = nullptr;
    TimelineModel *m_model = nullptr;
    DropWriter *m_writer = nullptr;
    DispatchTimeline *m_timeline = nullptr;
    UnassignedJobsProxy *m_trayModel = nullptr;
    TrayView *m_tray = nullptr;
    QLineEdit *m_search = nullptr;
    QDateEdit *m_date = nullptr;
    QComboBox *m_zoom = nullptr;
    NoticeBanner *m_banner = nullptr;
    QPushButton *m_tryAgain = nullptr;
    QPushButton *m_backToTray = nullptr;
    std::optional<DropWriter::Drop> m_retry;
    QPointer<MoveToDialog> m_moveTo;
};

} // namespace dispatch::ui
