#include "dispatchtimeline.h"

#include "customerhours.h"
#include "dropplan.h"
#include "joblistmodel.h"
#include "palette.h"
#include "timelinemodel.h"

#include <fieldkeys.h>

#include <QAccessible>
#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace dispatch::ui {

namespace {

constexpr qint64 kHourMs = 3600 * 1000;

QString hourLabel(const QDateTime &time)
{
    return QLocale().toString(time.time(), QStringLiteral("HH:mm"));
}

/// Whole miles; tenths under 10.
QString milesNumber(double miles)
{
    return QLocale().toString(miles, 'f', miles < 10 ? 1 : 0);
}

} // namespace

DispatchTimeline::DispatchTimeline(TimelineModel *model, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("dispatchTimeline"));
    setAccessibleName(tr("Dispatch timeline: one row per pro, time across"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    connect(model, &TimelineModel::changed, this, &DispatchTimeline::modelChanged);
    setRange(m_firstDay, 1);
}

void DispatchTimeline::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    setRange(m_firstDay, m_days);
}

QDateTime DispatchTimeline::rangeOrigin() const
{
    return QDateTime(m_firstDay, QTime(0, 0), m_zone);
}

void DispatchTimeline::setRange(const QDate &first, int days)
{
    m_firstDay = first;
    m_days = std::max(1, days);
    const QDateTime start = rangeOrigin();
    m_model->setRange(start.toUTC(), QDateTime(first.addDays(m_days), QTime(0, 0), m_zone).toUTC(),
                      m_zone);
    updateScrollBars();
}

double DispatchTimeline::pixelsPerHour() const
{
    if (m_days >= 7)
        return 14.0;
    if (m_days >= 3)
        return 32.0;
    return 80.0;
}

void DispatchTimeline::updateScrollBars()
{
    const qint64 span =
        m_model->rangeEnd().toMSecsSinceEpoch() - m_model->rangeStart().toMSecsSinceEpoch();
    const int contentWidth = int(std::ceil(double(span) / kHourMs * pixelsPerHour()));
    const int timeWidth = std::max(0, viewport()->width() - kHeaderWidth);
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth - timeWidth));
    horizontalScrollBar()->setPageStep(timeWidth);
    horizontalScrollBar()->setSingleStep(int(pixelsPerHour() / 4));
    const int rowsHeight = m_model->rowCount() * m_rowHeight;
    const int rowsArea = std::max(0, viewport()->height() - kAxisHeight);
    verticalScrollBar()->setRange(0, std::max(0, rowsHeight - rowsArea));
    verticalScrollBar()->setPageStep(rowsArea);
    verticalScrollBar()->setSingleStep(m_rowHeight);
}

void DispatchTimeline::modelChanged()
{
    updateScrollBars();
    if (!m_current.isEmpty() && m_model->rowOfJob(m_current) < 0 && !m_pending.contains(m_current))
        setCurrentJob({});
    viewport()->update();
}

void DispatchTimeline::scrollToTime(const QDateTime &time)
{
    const qint64 offset = time.toMSecsSinceEpoch() - m_model->rangeStart().toMSecsSinceEpoch();
    horizontalScrollBar()->setValue(int(double(offset) / kHourMs * pixelsPerHour()));
}

int DispatchTimeline::xFor(qint64 ms) const
{
    const double hours = double(ms - m_model->rangeStart().toMSecsSinceEpoch()) / kHourMs;
    return kHeaderWidth + int(std::lround(hours * pixelsPerHour())) -
           horizontalScrollBar()->value();
}

qint64 DispatchTimeline::msFor(int x) const
{
    const double hours =
        double(x - kHeaderWidth + horizontalScrollBar()->value()) / pixelsPerHour();
    return m_model->rangeStart().toMSecsSinceEpoch() + qint64(std::llround(hours * kHourMs));
}

int DispatchTimeline::rowAt(int y) const
{
    if (y < kAxisHeight)
        return -1;
    const int row = (y - kAxisHeight + verticalScrollBar()->value()) / m_rowHeight;
    return row < m_model->rowCount() ? row : -1;
}

int DispatchTimeline::yFor(int row) const
{
    return kAxisHeight + row * m_rowHeight - verticalScrollBar()->value();
}

QRect DispatchTimeline::rectFor(int row, qint64 startMs, qint64 endMs) const
{
    const int left = xFor(startMs);
    const int right = std::max(left + 4, xFor(endMs));
    return QRect(QPoint(left, yFor(row) + 4), QPoint(right - 1, yFor(row) + m_rowHeight - 5));
}

std::optional<DispatchTimeline::DropTarget>
DispatchTimeline::dropTargetAt(const QPoint &viewportPos) const
{
    if (viewportPos.x() < kHeaderWidth || viewportPos.x() >= viewport()->width())
        return std::nullopt;
    const int row = rowAt(viewportPos.y());
    if (row < 0)
        return std::nullopt;
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(msFor(viewportPos.x()), Qt::UTC);
    const QDateTime start = dropplan::snapped(time, rangeOrigin());
    if (start < m_model->rangeStart() || start >= m_model->rangeEnd())
        return std::nullopt;
    return DropTarget{row, m_model->row(row).pro.id, start};
}

QPoint DispatchTimeline::pointFor(const QString &proId, const QDateTime &time) const
{
    const int row = m_model->rowOfPro(proId);
    if (row < 0)
        return {};
    const QPoint point(xFor(time.toMSecsSinceEpoch()), yFor(row) + m_rowHeight / 2);
    return viewport()->rect().contains(point) && point.x() >= kHeaderWidth ? point : QPoint();
}

QRect DispatchTimeline::blockRect(const QString &jobId) const
{
    if (const auto pending = m_pending.constFind(jobId); pending != m_pending.cend())
        return rectFor(pending->row, pending->startMs, pending->endMs);
    const TimelineBlock *block = m_model->block(jobId);
    if (!block)
        return {};
    return rectFor(m_model->rowOfJob(jobId), block->startMs, block->endMs);
}

QString DispatchTimeline::blockAt(const QPoint &viewportPos) const
{
    const int row = rowAt(viewportPos.y());
    if (row < 0 || viewportPos.x() < kHeaderWidth)
        return {};
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->row == row && rectFor(row, it->startMs, it->endMs).contains(viewportPos))
            return it.key();
    }
    const auto &blocks = m_model->row(row).blocks;
    for (auto it = blocks.crbegin(); it != blocks.crend(); ++it) {
        if (!m_pending.contains(it->jobId) &&
            rectFor(row, it->startMs, it->endMs).contains(viewportPos))
            return it->jobId;
    }
    return {};
}

void DispatchTimeline::setDropPreview(int row, const QDateTime &start, const QDateTime &end)
{
    m_preview = Span{row, start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch()};
    viewport()->update();
}

void DispatchTimeline::clearDropPreview()
{
    m_proposalJob.clear();
    clearPreviewOnly();
}

void DispatchTimeline::clearPreviewOnly()
{
    if (!m_preview)
        return;
    m_preview.reset();
    viewport()->update();
}

void DispatchTimeline::setDescription(const QString &text)
{
    setAccessibleDescription(text);
    if (hasFocus()) {
        QAccessibleEvent event(this, QAccessible::DescriptionChanged);
        QAccessible::updateAccessibility(&event);
    }
}

void DispatchTimeline::nudge(int rowStep, int quarterSteps)
{
    if (m_current.isEmpty() || m_pending.contains(m_current))
        return;
    if (m_proposalJob != m_current || !m_preview) {
        const TimelineBlock *block = m_model->block(m_current);
        if (!block)
            return;
        m_preview = Span{m_model->rowOfJob(m_current), block->startMs, block->endMs};
        m_proposalJob = m_current;
    }
    const qint64 shift = qint64(quarterSteps) * dropplan::kSnapMinutes * 60 * 1000;
    Span next = *m_preview;
    next.row = std::clamp(next.row + rowStep, 0, m_model->rowCount() - 1);
    next.startMs += shift;
    next.endMs += shift;
    if (next.startMs < m_model->rangeStart().toMSecsSinceEpoch() ||
        next.startMs >= m_model->rangeEnd().toMSecsSinceEpoch())
        return;
    m_preview = next;
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(next.startMs, m_zone);
    setDescription(tr("Move to %1 at %2 %3; Enter to move, Escape to cancel")
                       .arg(m_model->row(next.row).pro.name,
                            QLocale().toString(start.date(), QStringLiteral("ddd d MMM")),
                            hourLabel(start)));
    viewport()->update();
}

void DispatchTimeline::setPending(const QString &jobId, int row, const QDateTime &start,
                                  const QDateTime &end)
{
    m_pending.insert(jobId, Span{row, start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch()});
    viewport()->update();
}

void DispatchTimeline::clearPending(const QString &jobId)
{
    if (m_pending.remove(jobId))
        modelChanged();
}

void DispatchTimeline::setCurrentJob(const QString &jobId)
{
    if (jobId == m_current)
        return;
    m_current = jobId;
    if (!m_proposalJob.isEmpty())
        clearDropPreview();
    if (!jobId.isEmpty()) {
        const QRect rect = blockRect(jobId);
        if (rect.isValid() && !viewport()->rect().contains(rect.topLeft())) {
            verticalScrollBar()->setValue(verticalScrollBar()->value() + rect.top() - kAxisHeight -
                                          m_rowHeight);
            horizontalScrollBar()->setValue(horizontalScrollBar()->value() + rect.left() -
                                            kHeaderWidth - int(pixelsPerHour()));
        }
    }
    setDescription(jobId.isEmpty() ? QString() : describeBlock(jobId));
    viewport()->update();
    Q_EMIT currentJobChanged(jobId);
}

QString DispatchTimeline::describeBlock(const QString &jobId) const
{
    const Job *job = m_model->jobs()->job(jobId);
    if (!job)
        return {};
    const int row =
        m_pending.contains(jobId) ? m_pending.value(jobId).row : m_model->rowOfJob(jobId);
    const QString pro =
        row >= 0 ? tr("%1 (%2)").arg(m_model->row(row).pro.name, homeArea(m_model->row(row)))
                 : QString();
    const QString title = job->text(FieldKey::Title);
    if (m_pending.contains(jobId))
        return tr("%1, %2: saving…").arg(pro, title);
    const TimelineBlock *block = m_model->block(jobId);
    if (!block)
        return tr("%1, %2, %3").arg(pro, title, displayName(job->status));
    QString text = tr("%1, %2, %3, %4–%5")
                       .arg(pro, title, displayName(job->status),
                            hourLabel(QDateTime::fromMSecsSinceEpoch(block->startMs, m_zone)),
                            hourLabel(QDateTime::fromMSecsSinceEpoch(block->endMs, m_zone)));
    if (block->overdue)
        text += tr(", overdue");
    if (block->overlaps)
        text += tr(", overlaps another job of this pro");
    if (block->outsideHours && job->schedule)
        text += QStringLiteral(". ") + customerhours::outsideText(*job->schedule);
    if (block->milesFromPrevious)
        text += QStringLiteral(". ") + milesText(*block->milesFromPrevious);
    return text;
}

QString DispatchTimeline::milesText(double miles)
{
    return tr("%1 mi from the previous job").arg(milesNumber(miles));
}

QString DispatchTimeline::toolTipFor(const QString &jobId) const
{
    const Job *job = m_model->jobs()->job(jobId);
    if (!job)
        return {};
    QString text = job->text(FieldKey::Title).toHtmlEscaped() + QStringLiteral("<br>") +
                   displayName(job->status).toHtmlEscaped();
    if (m_pending.contains(jobId))
        return text + QStringLiteral("<br>") + tr("Saving…");
    if (const TimelineBlock *block = m_model->block(jobId)) {
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(block->startMs, m_zone);
        const QDateTime end = QDateTime::fromMSecsSinceEpoch(block->endMs, m_zone);
        text += QStringLiteral("<br>") +
                tr("Here: %1 %2–%3")
                    .arg(QLocale().toString(start.date(), QStringLiteral("ddd d MMM")),
                         hourLabel(start), hourLabel(end))
                    .toHtmlEscaped();
        if (block->overdue)
            text += QStringLiteral("<br>") + tr("Overdue: the window has passed").toHtmlEscaped();
        if (block->overlaps)
            text += QStringLiteral("<br>") +
                    tr("Warning: overlaps another job of this pro").toHtmlEscaped();
        if (block->milesFromPrevious)
            text += QStringLiteral("<br>") + milesText(*block->milesFromPrevious).toHtmlEscaped();
        if (block->outsideHours && job->schedule)
            text +=
                QStringLiteral("<br>") +
                tr("Warning: %1").arg(customerhours::outsideText(*job->schedule)).toHtmlEscaped();
    }
    if (job->schedule)
        text +=
            QStringLiteral("<br>") +
            tr("Customer's time: %1").arg(dropplan::scheduleText(*job->schedule)).toHtmlEscaped();
    return text;
}

bool DispatchTimeline::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos().y());
        if (row >= 0 && help->pos().x() < kHeaderWidth) {
            QToolTip::showText(help->globalPos(), headerToolTip(row), viewport(),
                               QRect(0, yFor(row), kHeaderWidth, m_rowHeight));
            return true;
        }
        const QString jobId = blockAt(help->pos());
        if (jobId.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), toolTipFor(jobId), viewport(), blockRect(jobId));
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void DispatchTimeline::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const QString jobId = blockAt(pos);
    m_pressedJob.clear();
    if (!jobId.isEmpty()) {
        setCurrentJob(jobId);
        const TimelineBlock *block = m_model->block(jobId);
        if (event->button() == Qt::LeftButton && block && !m_pending.contains(jobId)) {
            m_pressedJob = jobId;
            m_pressPos = pos;
            m_grabOffsetMs = msFor(pos.x()) - block->startMs;
        }
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void DispatchTimeline::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const TimelineBlock *block = m_pressedJob.isEmpty() ? nullptr : m_model->block(m_pressedJob);
    if (!block || !(event->buttons() & Qt::LeftButton) ||
        (m_proposalJob.isEmpty() &&
         (pos - m_pressPos).manhattanLength() < QApplication::startDragDistance())) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    m_proposalJob = m_pressedJob;
    if (!viewport()->rect().contains(pos)) { // out of the view (towards the tray): no preview
        clearPreviewOnly();
        Q_EMIT draggedOutside(m_proposalJob, viewport()->mapToGlobal(pos));
        return;
    }
    Q_EMIT draggedOutside(m_proposalJob, QPoint());
    const int row = rowAt(pos.y());
    const QDateTime start = dropplan::snapped(
        QDateTime::fromMSecsSinceEpoch(msFor(pos.x()) - m_grabOffsetMs, Qt::UTC), rangeOrigin());
    if (row < 0 || start < m_model->rangeStart() || start >= m_model->rangeEnd())
        return;
    m_preview = Span{row, start.toMSecsSinceEpoch(),
                     start.toMSecsSinceEpoch() + (block->endMs - block->startMs)};
    viewport()->update();
}

void DispatchTimeline::mouseReleaseEvent(QMouseEvent *event)
{
    const QString jobId = m_pressedJob;
    m_pressedJob.clear();
    if (jobId.isEmpty() || m_proposalJob != jobId) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    const std::optional<Span> span = m_preview;
    clearDropPreview();
    Q_EMIT draggedOutside(jobId, QPoint());
    if (!viewport()->rect().contains(pos))
        Q_EMIT droppedOutside(jobId, viewport()->mapToGlobal(pos));
    else if (span)
        Q_EMIT moveProposed(jobId, m_model->row(span->row).pro.id,
                            QDateTime::fromMSecsSinceEpoch(span->startMs, Qt::UTC));
}

void DispatchTimeline::moveCurrent(int rowStep, int blockStep)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    int row = m_current.isEmpty() ? -1 : m_model->rowOfJob(m_current);
    if (row < 0) {
        // Start at the first row with a block.
        for (int candidate = 0; candidate < rows; ++candidate) {
            if (!m_model->row(candidate).blocks.isEmpty()) {
                setCurrentJob(m_model->row(candidate).blocks.first().jobId);
                return;
            }
        }
        return;
    }
    const auto &blocks = m_model->row(row).blocks;
    const TimelineBlock *current = m_model->block(m_current);
    if (blockStep != 0) {
        const auto at =
            std::find_if(blocks.cbegin(), blocks.cend(),
                         [this](const TimelineBlock &b) { return b.jobId == m_current; });
        const qsizetype index = (at - blocks.cbegin()) + blockStep;
        if (index >= 0 && index < blocks.size())
            setCurrentJob(blocks.at(index).jobId);
        return;
    }
    // Up/Down: the nearest block in time on the next row that has any.
    for (int next = row + rowStep; next >= 0 && next < rows; next += rowStep) {
        const auto &others = m_model->row(next).blocks;
        if (others.isEmpty())
            continue;
        const auto nearest =
            std::min_element(others.cbegin(), others.cend(),
                             [current](const TimelineBlock &a, const TimelineBlock &b) {
                                 return std::abs(a.startMs - current->startMs) <
                                        std::abs(b.startMs - current->startMs);
                             });
        setCurrentJob(nearest->jobId);
        return;
    }
}

void DispatchTimeline::keyPressEvent(QKeyEvent *event)
{
    // An arrow as (rows, steps): a block or a row away; with Shift, 15 minutes or a row.
    std::optional<std::pair<int, int>> arrow;
    switch (event->key()) {
    case Qt::Key_Left:
        arrow = {0, -1};
        break;
    case Qt::Key_Right:
        arrow = {0, 1};
        break;
    case Qt::Key_Up:
        arrow = {-1, 0};
        break;
    case Qt::Key_Down:
        arrow = {1, 0};
        break;
    default:
        break;
    }
    if (arrow) {
        if (event->modifiers() & Qt::ShiftModifier)
            nudge(arrow->first, arrow->second);
        else
            moveCurrent(arrow->first, arrow->second);
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !m_proposalJob.isEmpty() && m_preview) {
        const QString jobId = m_proposalJob;
        const Span span = *m_preview;
        clearDropPreview();
        Q_EMIT moveProposed(jobId, m_model->row(span.row).pro.id,
                            QDateTime::fromMSecsSinceEpoch(span.startMs, Qt::UTC));
    } else if (enter && !m_current.isEmpty()) {
        Q_EMIT moveRequested(m_current);
    } else if (event->key() == Qt::Key_Delete && !m_current.isEmpty() && m_proposalJob.isEmpty()) {
        Q_EMIT unassignRequested(m_current);
    } else if (event->key() == Qt::Key_Escape && !m_proposalJob.isEmpty()) {
        clearDropPreview();
        setDescription(describeBlock(m_current));
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void DispatchTimeline::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void DispatchTimeline::scrollContentsBy(int, int)
{
    viewport()->update();
}

void DispatchTimeline::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    const QRect area = viewport()->rect();
    painter.fillRect(event->rect(), palette().base());
    const qint64 fromMs = msFor(kHeaderWidth);
    const qint64 toMs = msFor(area.width());
    const int firstRow = std::max(0, rowAt(kAxisHeight));
    const int rows = m_model->rowCount();
    for (int row = firstRow; row < rows && yFor(row) < area.height(); ++row)
        paintRow(painter, row, fromMs, toMs);
    if (m_preview && m_preview->row >= 0) {
        painter.setPen(QPen(palette().highlight().color(), 2, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rectFor(m_preview->row, m_preview->startMs, m_preview->endMs));
    }
    paintAxis(painter, area);
    if (rows == 0) {
        painter.setPen(palette().placeholderText().color());
        painter.drawText(area.adjusted(kHeaderWidth, kAxisHeight, 0, 0), Qt::AlignCenter,
                         tr("No active pros to dispatch to."));
    }
}

void DispatchTimeline::paintAxis(QPainter &painter, const QRect &area) const
{
    const QRect axis(0, 0, area.width(), kAxisHeight);
    painter.fillRect(axis, palette().window());
    painter.setPen(palette().mid().color());
    painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    const int labelEvery = pixelsPerHour() >= 40 ? 1 : (pixelsPerHour() >= 20 ? 3 : 6);
    const QDateTime origin = rangeOrigin();
    const qint64 endMs = m_model->rangeEnd().toMSecsSinceEpoch();
    painter.setClipRect(QRect(kHeaderWidth, 0, area.width() - kHeaderWidth, kAxisHeight));
    // Only the hours on screen (a day's width back for the date label), and in the week only
    // the labelled ones: date arithmetic in a zone is the costly part of a frame.
    const qint64 hourMs = 3600 * 1000;
    const qint64 skip =
        std::max<qint64>(0, msFor(kHeaderWidth) - origin.toMSecsSinceEpoch()) / (hourMs * 24) * 24;
    const qint64 lastMs = std::min(endMs, msFor(area.width()) + hourMs);
    const int step = pixelsPerHour() >= 20 ? 1 : labelEvery;
    for (QDateTime hour = origin.addSecs(skip * 3600); hour.toMSecsSinceEpoch() < lastMs;
         hour = hour.addSecs(3600 * step)) {
        const int x = xFor(hour.toMSecsSinceEpoch());
        if (x < kHeaderWidth - 200)
            continue;
        const bool midnight = hour.time().hour() == 0;
        painter.setPen(palette().mid().color());
        painter.drawLine(x, midnight ? 0 : kAxisHeight - 6, x, kAxisHeight);
        painter.setPen(palette().windowText().color());
        if (midnight)
            painter.drawText(x + 4, 12,
                             QLocale().toString(hour.date(), QStringLiteral("ddd d MMM")));
        if (hour.time().hour() % labelEvery == 0 && !(midnight && m_days > 1))
            painter.drawText(x + 3, kAxisHeight - 8, hourLabel(hour));
    }
    painter.setClipping(false);
    painter.fillRect(QRect(0, 0, kHeaderWidth, kAxisHeight), palette().window());
    painter.drawText(QRect(8, 0, kHeaderWidth - 8, kAxisHeight), Qt::AlignVCenter,
                     QString::fromUtf8(m_zone.id()));
}

void DispatchTimeline::paintRow(QPainter &painter, int row, qint64 fromMs, qint64 toMs) const
{
    const TimelineRow &line = m_model->row(row);
    const int top = yFor(row);
    const QRect rowRect(0, top, viewport()->width(), m_rowHeight);
    if (row % 2)
        painter.fillRect(rowRect, palette().alternateBase());
    painter.setPen(palette().midlight().color());
    painter.drawLine(rowRect.bottomLeft(), rowRect.bottomRight());

    painter.save();
    painter.setClipRect(QRect(kHeaderWidth, top, viewport()->width() - kHeaderWidth, m_rowHeight));
    for (qsizetype index = 0; index < line.blocks.size(); ++index) {
        const TimelineBlock &block = line.blocks.at(index);
        if (block.endMs < fromMs || m_pending.contains(block.jobId))
            continue;
        if (block.startMs > toMs)
            break;
        const QRect rect = rectFor(row, block.startMs, block.endMs);
        if (block.milesFromPrevious) { // in the gap from the previous block, when there is room
            const TimelineBlock &previous = line.blocks.at(index - 1);
            paintMiles(painter, rectFor(row, previous.startMs, previous.endMs), rect,
                       *block.milesFromPrevious);
        }
        paintBlock(painter, rect, block.jobId, block.overdue, false);
        if (block.overlaps) // a warning stripe along the top; the tooltip says it in words
            painter.fillRect(
                QRect(rect.left(), rect.top(), rect.width(), 4),
                QBrush(Palette::noticeBorder(Palette::Notice::Warning), Qt::Dense4Pattern));
        if (block.outsideHours) { // a hazard band along the bottom; the tooltip says it in words
            const QRect band(rect.left(), rect.bottom() - 5, rect.width(), 6);
            painter.fillRect(band, Palette::noticeBorder(Palette::Notice::Warning));
            painter.fillRect(
                band, QBrush(Palette::noticeText(Palette::Notice::Warning), Qt::BDiagPattern));
        }
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->row == row)
            paintBlock(painter, rectFor(row, it->startMs, it->endMs), it.key(), false, true);
    }
    painter.restore();

    // The header: name, jobs per day shown, home area.
    const QRect header(0, top, kHeaderWidth, m_rowHeight);
    painter.fillRect(header, palette().window());
    painter.setPen(palette().mid().color());
    painter.drawLine(header.topRight(), header.bottomRight());
    painter.setPen(palette().windowText().color());
    const QRect text = header.adjusted(8, 3, -6, -3);
    const int lineHeight = text.height() / 3;
    const auto drawLine = [&](int index, const QString &words) {
        painter.drawText(
            QRect(text.left(), text.top() + index * lineHeight, text.width(), lineHeight),
            Qt::AlignLeft | Qt::AlignVCenter,
            painter.fontMetrics().elidedText(words, Qt::ElideRight, text.width()));
    };
    drawLine(0, line.pro.name);
    painter.setPen(palette().placeholderText().color());
    drawLine(1, jobsLine(line));
    drawLine(2, homeArea(line));
}

QString DispatchTimeline::jobsLine(const TimelineRow &line) const
{
    const int total = int(line.blocks.size());
    const QString jobs = total == 1 ? tr("1 job") : tr("%n jobs", nullptr, total);
    if (line.perDay.size() <= 1)
        return jobs;
    QStringList counts;
    for (const int count : line.perDay)
        counts.append(QLocale().toString(count));
    return tr("%1: %2", "jobs in the range: per day").arg(jobs, counts.join(QStringLiteral(" · ")));
}

QString DispatchTimeline::homeArea(const TimelineRow &line)
{
    if (!line.pro.home)
        return tr("home not set");
    if (!line.homePlace.isEmpty())
        return tr("near %1").arg(line.homePlace);
    return tr("home %1, %2")
        .arg(QLocale().toString(line.pro.home->lat, 'f', 2),
             QLocale().toString(line.pro.home->lng, 'f', 2));
}

QString DispatchTimeline::headerToolTip(int row) const
{
    const TimelineRow &line = m_model->row(row);
    QStringList lines{line.pro.name.toHtmlEscaped()};
    QString home = homeArea(line);
    if (line.homePlaceMiles)
        home = tr("Home %1 (the nearest job with an address is %2 mi away)")
                   .arg(home, milesNumber(*line.homePlaceMiles));
    lines.append(home.toHtmlEscaped());
    for (qsizetype day = 0; day < line.perDay.size(); ++day) {
        const int count = line.perDay.at(day);
        lines.append(
            tr("%1: %2")
                .arg(QLocale().toString(m_firstDay.addDays(day), QStringLiteral("ddd d MMM")),
                     count == 0   ? tr("no jobs")
                     : count == 1 ? tr("1 job")
                                  : tr("%n jobs", nullptr, count))
                .toHtmlEscaped());
    }
    return lines.join(QStringLiteral("<br>"));
}

void DispatchTimeline::paintMiles(QPainter &painter, const QRect &previous, const QRect &next,
                                  double miles) const
{
    const QString text = tr("%1 mi").arg(milesNumber(miles));
    const QRect gap(QPoint(previous.right() + 1, next.top()),
                    QPoint(next.left() - 1, next.bottom()));
    if (gap.width() < painter.fontMetrics().horizontalAdvance(text) + 4)
        return; // no room: the tooltip and the description say it
    painter.setPen(palette().windowText().color());
    painter.drawText(gap, Qt::AlignCenter, text);
}

void DispatchTimeline::paintBlock(QPainter &painter, const QRect &rect, const QString &jobId,
                                  bool overdue, bool pending) const
{
    const Job *job = m_model->jobs()->job(jobId);
    const JobStatus status = job ? job->status : JobStatus::Scheduled;
    QColor fill = Palette::statusBadge(status);
    if (pending)
        fill.setAlpha(110);
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill);
    painter.drawRoundedRect(rect, 3, 3);
    if (pending) {
        painter.setBrush(QBrush(Palette::badgeText(), Qt::BDiagPattern));
        painter.drawRoundedRect(rect, 3, 3);
    }
    if (overdue) {
        painter.setPen(QPen(Palette::errorText(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3);
    }
    if (jobId == m_current) {
        painter.setPen(QPen(palette().highlight().color(), 2, Qt::DotLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect.adjusted(-2, -2, 2, 2));
    }
    if (rect.width() < 24)
        return; // too narrow for words: the tooltip and the description say them
    painter.setPen(Palette::badgeText());
    const QString title = job ? job->text(FieldKey::Title) : jobId;
    const QString label = pending ? tr("Saving…") + QStringLiteral(" ") + title : title;
    const QRect textRect = rect.adjusted(4, 2, -3, -2);
    painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                     painter.fontMetrics().elidedText(label, Qt::ElideRight, textRect.width()));
}

} // namespace dispatch::ui
