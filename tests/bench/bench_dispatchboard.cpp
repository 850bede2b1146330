// The dispatch board at office scale and beyond: 200 pros, one week, 2,000 scheduled jobs in
// the board's JobListModel (plus 100 unassigned in the tray). Measures the time to build the
// view (TimelineModel over the model, the widget shown), the time per frame while scrolling
// (a full repaint of the viewport after each scroll step, in the Week zoom and the Day zoom),
// and one event applied (a job moved to another pro and hour: upsertJob -> its block moved).
// Prints figures; never pass/fail. Run a Release build offscreen:
//   QT_QPA_PLATFORM=offscreen bench_dispatchboard [pros] [jobs] [frames]
#include "benchfigures.h"

#include <dispatchtimeline.h>
#include <fieldkeys.h>
#include <joblistmodel.h>
#include <timelinemodel.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace dispatch;
using dispatch::bench::Figures;
using namespace dispatch::ui;

namespace {

const QTimeZone kZone("America/Chicago");
const QDate kMonday(2031, 3, 3);

QList<User> makePros(int count)
{
    QList<User> pros;
    for (int i = 0; i < count; ++i)
        pros.append(User{QStringLiteral("u_pro%1").arg(i), QStringLiteral("pro%1").arg(i),
                         QStringLiteral("Pro Number %1").arg(i, 3, 10, QLatin1Char('0')), Role::Pro,
                         std::nullopt, true, 1});
    return pros;
}

Job makeJob(int i, int pros, bool assigned)
{
    Job job;
    job.id = QStringLiteral("j_%1").arg(i, 8, 36, QLatin1Char('0'));
    job.version = 1;
    job.fields = emptyJobFields();
    job.fields.insert(FieldKey::Title, QStringLiteral("Water heater service %1").arg(i));
    job.status = assigned ? JobStatus::Scheduled : JobStatus::Open;
    if (assigned) {
        job.assignedTo = QStringLiteral("u_pro%1").arg(i % pros);
        const int hour = 7 + (i / pros) % 10;
        job.schedule = JobSchedule{kMonday.addDays(i % 7).toString(Qt::ISODate),
                                   QStringLiteral("America/Chicago"),
                                   QStringLiteral("%1:00-%2:00")
                                       .arg(hour, 2, 10, QLatin1Char('0'))
                                       .arg(hour + 2, 2, 10, QLatin1Char('0'))};
    }
    return job;
}

/// One full frame of the viewport, painted as on screen (offscreen, a widget not yet exposed
/// would skip repaint(); render() always runs paintEvent).
void paintInto(DispatchTimeline &view, QImage &image)
{
    view.viewport()->render(&image);
}

void scrollFrames(DispatchTimeline &view, int frames, const char *what)
{
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    Figures figures;
    QScrollBar *h = view.horizontalScrollBar();
    QScrollBar *v = view.verticalScrollBar();
    h->setValue(0);
    v->setValue(0);
    QElapsedTimer timer;
    for (int frame = 0; frame < frames; ++frame) {
        // Diagonal: across the week and down the rows, wrapping.
        h->setValue((h->value() + h->singleStep() * 3) % std::max(1, h->maximum()));
        v->setValue((v->value() + view.rowHeight() / 2) % std::max(1, v->maximum()));
        timer.start();
        paintInto(view, image);
        figures.add(timer.nsecsElapsed());
    }
    figures.print(what);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int pros = args.size() > 1 ? args.at(1).toInt() : 200;
    const int jobs = args.size() > 2 ? args.at(2).toInt() : 2000;
    const int frames = args.size() > 3 ? args.at(3).toInt() : 300;

    const qint64 rssBefore = bench::procStatusKiB("VmRSS");
    JobListModel model;
    QList<Job> all;
    for (int i = 0; i < jobs; ++i)
        all.append(makeJob(i, pros, true));
    for (int i = jobs; i < jobs + 100; ++i)
        all.append(makeJob(i, pros, false));
    model.resetJobs(all);

    QElapsedTimer timer;
    timer.start();
    TimelineModel timelineModel(&model);
    timelineModel.setPros(makePros(pros));
    DispatchTimeline view(&timelineModel);
    view.setTimeZone(kZone);
    view.setRange(kMonday, 7);
    view.resize(1600, 1000);
    view.show();
    QImage first(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    paintInto(view, first);
    std::printf("build: %d pros, %d jobs, a week          %9.1f ms (model, widget, first paint)\n",
                pros, jobs, double(timer.nsecsElapsed()) / 1e6);
    timer.start();
    timelineModel.setRange(QDateTime(kMonday, QTime(0, 0), kZone).toUTC(),
                           QDateTime(kMonday.addDays(7), QTime(0, 0), kZone).toUTC());
    std::printf("rebuild of every block                        %9.1f ms\n",
                double(timer.nsecsElapsed()) / 1e6);

    const qint64 rssBuilt = bench::procStatusKiB("VmRSS");
    scrollFrames(view, frames, "frame while scrolling, week");
    view.setRange(kMonday.addDays(2), 1);
    scrollFrames(view, frames, "frame while scrolling, day");
    std::printf("memory: RSS %lld KiB before the jobs, %lld KiB with the board built, peak "
                "(VmHWM) %lld KiB after scrolling\n",
                static_cast<long long>(rssBefore), static_cast<long long>(rssBuilt),
                static_cast<long long>(bench::procStatusKiB("VmHWM")));

    Figures event;
    for (int run = 0; run < 2000; ++run) {
        Job job = model.jobAt(run % jobs);
        job.version += 1;
        job.assignedTo = QStringLiteral("u_pro%1").arg((run * 7) % pros);
        job.schedule->window =
            run % 2 ? QStringLiteral("13:00-15:00") : QStringLiteral("08:30-10:30");
        timer.start();
        model.upsertJob(job);
        event.add(timer.nsecsElapsed());
    }
    event.print("one event applied (model + timeline)");
    return 0;
}
