// A gallery (ui/photos/PhotoGalleryDialog) of 1,000 photos scrolled from top to bottom. The
// "server bytes" are 1,000 distinct 256 px JPEGs made in memory and kept in PhotoClient's
// memory (as after a first visit); every tile is still decoded by PhotoImageLoader on its pool,
// off the UI thread, and turned into a pixmap on it. Two runs:
//   1. as a user scrolls: one step every 16 ms through the event loop, with a zero-time timer
//      beating on the UI thread; the longest gap between two beats is the longest stall
//      (target under 16 ms), printed as wall time and as the UI thread's own CPU time in it
//      (on a shared machine the wall time also holds waits for a core);
//   2. step by step: each step's scroll and synchronous repaint() timed alone, then the events
//      it causes (decoded pixmaps arriving) timed alone.
// Prints figures; never pass/fail. Run a RelWithDebInfo build, offscreen:
//   QT_QPA_PLATFORM=offscreen bench_photogallery [photos] [step px]
#include "benchphotos.h"

#include <apiclient.h>
#include <photoclient.h>
#include <photogallerydialog.h>
#include <photoimageloader.h>
#include <photolistmodel.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QListView>
#include <QPixmapCache>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace dispatch;
using namespace dispatch::ui;

namespace {

struct Figures {
    std::vector<double> ms;
    void add(qint64 ns) { ms.push_back(ns / 1e6); }
    void print(const char *what)
    {
        if (ms.empty())
            return;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const auto over = std::count_if(sorted.cbegin(), sorted.cend(),
                                        [](double value) { return value > 16.0; });
        std::printf("%-44s median %6.2f ms  p99 %6.2f ms  max %6.2f ms  over 16 ms: %ld of %zu\n",
                    what, sorted[sorted.size() / 2], sorted[sorted.size() * 99 / 100],
                    sorted.back(), long(over), sorted.size());
    }
};

/// Gaps between heartbeats: millions of them, so only counted (storing each one grew a vector
/// by megabytes on the UI thread, and its reallocation was the longest stall measured).
struct Gaps {
    qint64 count = 0;
    qint64 over4 = 0;
    qint64 over8 = 0;
    qint64 over16 = 0;
    qint64 maxNs = 0;
    void add(qint64 ns)
    {
        ++count;
        over4 += ns > 4'000'000;
        over8 += ns > 8'000'000;
        over16 += ns > 16'000'000;
        maxNs = std::max(maxNs, ns);
    }
    void print(const char *what) const
    {
        std::printf("%-44s max %6.2f ms  over 4 ms: %lld, over 8 ms: %lld, over 16 ms: %lld "
                    "(of %lld)\n",
                    what, maxNs / 1e6, over4, over8, over16, count);
    }
};

/// CPU time of the calling thread: on a shared machine a wall-clock gap also holds the time
/// the thread waited for a core, which no code of ours can shorten.
qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

/// Times every event the UI thread delivers (top level only: nested sends count in their
/// sender's), so the longest stall can be told by what it was.
class TimedApplication final : public QApplication {
public:
    using QApplication::QApplication;
    struct Worst {
        qint64 cpuNs = 0;
        QByteArray what;
    };
    Worst worst;
    bool timing = false;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!timing || m_depth > 0)
            return QApplication::notify(receiver, event);
        ++m_depth;
        const qint64 start = threadCpuNs();
        const bool result = QApplication::notify(receiver, event);
        const qint64 spent = threadCpuNs() - start;
        --m_depth;
        if (spent > worst.cpuNs) {
            worst.cpuNs = spent;
            worst.what = QByteArray(receiver->metaObject()->className()) + ' ' +
                         receiver->objectName().toUtf8() + " event " +
                         QByteArray::number(int(event->type()));
        }
        return result;
    }

private:
    int m_depth = 0;
};

/// Counts the viewport's paints, so a run that painted nothing shows.
class PaintCounter final : public QObject {
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

int visibleLoading(const PhotoGalleryDialog &gallery, const PhotoListModel &model)
{
    const QRect viewport = gallery.view()->viewport()->rect();
    int loading = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (gallery.view()->visualRect(model.index(row)).intersects(viewport) &&
            model.thumbnailState(row, PhotoGalleryDialog::kTileSize, 1.0) !=
                PhotoListModel::ThumbnailState::Ready)
            ++loading;
    }
    return loading;
}

} // namespace

int main(int argc, char **argv)
{
    TimedApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const int step = argc > 2 ? QByteArray(argv[2]).toInt() : 96;
    if (count < 1 || step < 1) {
        std::fprintf(stderr, "usage: bench_photogallery [photos] [step px]\n");
        return 2;
    }

    net::ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:9")));
    net::PhotoClient *photos = api.photos();
    QElapsedTimer making;
    making.start();
    const QList<bench::BenchPhoto> made =
        bench::makeBenchPhotos(QStringLiteral("j_bench"), count, QSize(256, 192));
    QList<Photo> list;
    qint64 bytes = 0;
    for (const bench::BenchPhoto &photo : made) {
        photos->keepImage(photo.photo, 256, photo.jpeg);
        list.append(photo.photo);
        bytes += photo.jpeg.size();
    }
    std::printf("%d JPEGs of 256x192 made in %.0f ms, %.1f KiB each on average\n", count,
                making.nsecsElapsed() / 1e6, bytes / 1024.0 / count);

    PhotoImageLoader *loader = PhotoImageLoader::shared(photos);
    PhotoListModel model(photos, loader);
    model.setPhotos(QStringLiteral("j_bench"), list);
    PhotoGalleryDialog gallery(&model, loader);
    gallery.resize(1180, 860);
    PaintCounter counter;
    gallery.view()->viewport()->installEventFilter(&counter);
    QScrollBar *bar = gallery.view()->verticalScrollBar();

    QElapsedTimer firstScreen;
    firstScreen.start();
    gallery.show();
    QCoreApplication::processEvents();
    while (visibleLoading(gallery, model) > 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    std::printf("first screen: %d tiles visible, all decoded and painted in %.1f ms; scroll "
                "range %d px, %d px a step\n",
                model.thumbnailRequests(), firstScreen.nsecsElapsed() / 1e6, bar->maximum(), step);

    // 1. Through the event loop, a step every 16 ms, a heartbeat measuring the UI thread.
    {
        Gaps gaps;
        Gaps cpuGaps;
        QElapsedTimer clock;
        clock.start();
        qint64 last = -1;
        qint64 lastCpu = -1;
        qint64 worstCpu = 0;
        int worstStep = -1;
        int steps = 0;
        QTimer heartbeat;
        heartbeat.setObjectName(QStringLiteral("heartbeat"));
        heartbeat.setInterval(0);
        QObject::connect(&heartbeat, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (last >= 0) {
                gaps.add(now - last);
                cpuGaps.add(cpu - lastCpu);
                if (cpu - lastCpu > worstCpu) {
                    worstCpu = cpu - lastCpu;
                    worstStep = steps;
                }
            }
            last = now;
            lastCpu = cpu;
        });
        QEventLoop loop;
        QTimer scroller;
        scroller.setObjectName(QStringLiteral("scroller"));
        scroller.setTimerType(Qt::PreciseTimer);
        scroller.setInterval(16);
        QObject::connect(&scroller, &QTimer::timeout, [&] {
            if (bar->value() >= bar->maximum()) {
                scroller.stop();
                QTimer::singleShot(500, &loop, &QEventLoop::quit); // the last loads land
                return;
            }
            bar->setValue(bar->value() + step);
            ++steps;
        });
        const auto before = loader->stats();
        const int paintsBefore = counter.paints;
        heartbeat.start();
        scroller.start();
        app.timing = true;
        loop.exec();
        app.timing = false;
        heartbeat.stop();
        const auto after = loader->stats();
        std::printf("\n1. scrolled top to bottom in %d steps (%.1f s), %d paints of the grid\n",
                    steps, clock.nsecsElapsed() / 1e9, counter.paints - paintsBefore);
        gaps.print("UI thread: gap between two heartbeats");
        cpuGaps.print("  the UI thread's CPU time in that gap");
        std::printf("   the longest (in CPU time) came after step %d; the longest event: %.2f ms "
                    "of CPU, %s\n",
                    worstStep, app.worst.cpuNs / 1e6, app.worst.what.constData());
        std::printf("   loads asked %d (256 px: %d, content: %d), decoded %d, dropped before "
                    "decoding %d; largest decode %dx%d\n",
                    after.fetches - before.fetches,
                    after.fetchesBySize.value(256) - before.fetchesBySize.value(256),
                    after.fetchesBySize.value(0) - before.fetchesBySize.value(0),
                    after.decoded - before.decoded, after.dropped - before.dropped,
                    after.largestDecoded.width(), after.largestDecoded.height());
    }

    // 2. Step by step from the top, with a fresh pixmap cache: each step and its aftermath.
    {
        QPixmapCache::clear();
        loader->cancelPending();
        bar->setValue(0);
        QCoreApplication::processEvents();
        Figures stepPaint;
        Figures stepPaintCpu;
        Figures aftermath;
        Figures aftermathCpu;
        for (int value = 0; value <= bar->maximum(); value += step) {
            QElapsedTimer timer;
            timer.start();
            qint64 cpu = threadCpuNs();
            bar->setValue(value);
            gallery.view()->viewport()->repaint();
            stepPaint.add(timer.nsecsElapsed());
            stepPaintCpu.add(threadCpuNs() - cpu);
            // What arrives meanwhile: decoded thumbnails made into pixmaps, their rows repainted.
            timer.restart();
            cpu = threadCpuNs();
            QCoreApplication::processEvents(QEventLoop::AllEvents, 16);
            aftermath.add(timer.nsecsElapsed());
            aftermathCpu.add(threadCpuNs() - cpu);
        }
        std::printf("\n2. step by step, %zu steps\n", stepPaint.ms.size());
        stepPaint.print("scroll step + synchronous repaint");
        stepPaintCpu.print("  its CPU time");
        aftermath.print("events after the step (up to 16 ms)");
        aftermathCpu.print("  their CPU time");
    }
    return 0;
}
