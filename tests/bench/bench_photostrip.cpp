// The detail pane's photo strip (ui/photos/PhotoStrip) painted with its twelve thumbnails
// already decoded in QPixmapCache: grab() of the whole strip, as wide as all twelve tiles, many
// times; median, p90 and max. The target is under 50 ms. Also the time from setPhotos() until
// all twelve are decoded (off the UI thread) and painted. Prints figures; never pass/fail.
// Run a RelWithDebInfo build, offscreen:
//   QT_QPA_PLATFORM=offscreen bench_photostrip [runs]
#include "benchphotos.h"

#include <apiclient.h>
#include <photoclient.h>
#include <photolistmodel.h>
#include <photostrip.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace dispatch;
using namespace dispatch::ui;

namespace {

bool allReady(const PhotoStrip &strip)
{
    const PhotoListModel *model = strip.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->thumbnailState(row, PhotoStrip::kTileSize, strip.devicePixelRatioF()) !=
            PhotoListModel::ThumbnailState::Ready)
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int runs = argc > 1 ? QByteArray(argv[1]).toInt() : 201;
    if (runs < 1) {
        std::fprintf(stderr, "usage: bench_photostrip [runs]\n");
        return 2;
    }

    // No server: every thumbnail is in PhotoClient's memory, as after a first visit.
    net::ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:9")));
    net::PhotoClient *photos = api.photos();
    const QList<bench::BenchPhoto> made =
        bench::makeBenchPhotos(QStringLiteral("j_bench"), kMaxPhotosPerJob, QSize(128, 96));
    QList<Photo> list;
    for (const bench::BenchPhoto &photo : made) {
        photos->keepImage(photo.photo, 128, photo.jpeg);
        list.append(photo.photo);
    }

    PhotoStrip strip(photos);
    strip.resize(kMaxPhotosPerJob * (PhotoStrip::kTileSize.width() + 12) + 40, 200);
    strip.show();

    // Cold: the list shown, thumbnails decoded off the UI thread, then painted.
    QElapsedTimer cold;
    cold.start();
    strip.model()->setPhotos(QStringLiteral("j_bench"), list);
    strip.grab(); // the paint that asks for the thumbnails
    while (!allReady(strip))
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    strip.grab();
    const double coldMs = cold.nsecsElapsed() / 1e6;

    std::vector<double> ms;
    ms.reserve(runs);
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const QPixmap pixmap = strip.grab();
        ms.push_back(timer.nsecsElapsed() / 1e6);
        if (pixmap.isNull())
            return 1;
    }
    std::sort(ms.begin(), ms.end());
    std::printf("photo strip, %d photos in cache, %dx%d px: grab() median %.2f ms   p90 %.2f ms"
                "   max %.2f ms   (%d runs)\n",
                int(list.size()), strip.width(), strip.height(), ms[ms.size() / 2],
                ms[ms.size() * 9 / 10], ms.back(), runs);
    std::printf("cold: setPhotos() to all %d thumbnails decoded and painted: %.1f ms "
                "(thumbnail loads %d)\n",
                int(list.size()), coldMs, strip.model()->thumbnailRequests());
    return 0;
}
