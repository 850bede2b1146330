// Photos (docs/BENCHMARKS.md "Photos"), two figures the design sets targets for:
//  (a) thumbnails per second on one core from 12 MP (4000 × 3000) JPEGs, through the server's
//      own code (photos/thumbnailer: setScaledSize so libjpeg decodes at a fraction of the
//      size, upright, re-encoded); also the whole check of an upload (photos/photocheck) and
//      the other sizes. Target: at least 10 a second per core.
//  (b) dispatchd's resident memory while eight 10 MiB uploads run at once, against its
//      baseline after start (target: at most baseline + 20 MiB), sampled from /proc/PID/status
//      (VmRSS every 2 ms, VmHWM before and after).
// A benchmark that reports, never a pass/fail test. (b) runs when DISPATCHD_BINARY names a
// dispatchd; BENCH_PHOTOS_ROUNDS changes (a)'s thumbnail count (default 40).

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "photocheck.h"
#include "testhelpers.h"
#include "testoffice.h"
#include "thumbnailer.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QJsonObject>
#include <QLinearGradient>
#include <QNetworkReply>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <ctime>

using namespace dispatch;
using namespace dispatch::server;
using namespace dispatch::test;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

/// A 4000 × 3000 picture with a photo's kind of detail: gradients, shapes and grain whose
/// strength sets the JPEG's size.
QImage photoLike(int seed, int grain)
{
    QImage image(4000, 3000, QImage::Format_RGB32);
    QRandomGenerator random{quint32(seed)};
    {
        QPainter painter(&image);
        QLinearGradient sky(0, 0, 0, 3000);
        sky.setColorAt(0, QColor(80 + seed * 20 % 100, 140, 210));
        sky.setColorAt(1, QColor(200, 180, 150));
        painter.fillRect(image.rect(), sky);
        painter.setRenderHint(QPainter::Antialiasing);
        for (int i = 0; i < 60; ++i) {
            painter.setBrush(QColor::fromRgb(random.generate()));
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(QPointF(random.bounded(4000), random.bounded(3000)),
                                50 + random.bounded(400), 50 + random.bounded(300));
        }
    }
    for (int y = 0; y < image.height(); ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int n = int(random.bounded(2 * grain + 1)) - grain;
            const QRgb p = line[x];
            line[x] = qRgb(std::clamp(qRed(p) + n, 0, 255), std::clamp(qGreen(p) + n, 0, 255),
                           std::clamp(qBlue(p) + n, 0, 255));
        }
    }
    return image;
}

QByteArray jpeg(const QImage &image, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

/// The grain that makes 12 MP JPEGs a little under `target` bytes, searched on one picture.
int grainFor(qint64 target, int quality)
{
    int low = 0, high = 64;
    for (int step = 0; step < 6; ++step) {
        const int grain = (low + high) / 2;
        if (jpeg(photoLike(1, grain), quality).size() <= target)
            low = grain;
        else
            high = grain;
    }
    return low;
}

qint64 statusKiB(qint64 pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).simplified().split(' ').value(0).toLongLong();
    }
    return -1;
}

/// CPU seconds this thread has used: the figure per core, whatever else loads the machine.
double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

/// Runs `work` `rounds` times and prints wall and CPU time per round.
template<typename Work> void measure(const QString &what, int rounds, Work work)
{
    QElapsedTimer wall;
    const double cpuStart = threadCpuSeconds();
    wall.start();
    for (int i = 0; i < rounds; ++i)
        work(i);
    const double wallMs = wall.nsecsElapsed() / 1e6 / rounds;
    const double cpuMs = (threadCpuSeconds() - cpuStart) * 1e3 / rounds;
    out() << QStringLiteral("    %1: %2 ms CPU each = %3/s per core (wall %4 ms)\n")
                 .arg(what, -44)
                 .arg(cpuMs, 6, 'f', 1)
                 .arg(1e3 / cpuMs, 5, 'f', 1)
                 .arg(wallMs, 0, 'f', 1);
    out().flush();
}

void thumbnails(const QString &label, const QStringList &files, int rounds)
{
    out() << "(a) " << label << ", one thread, " << rounds << " rounds each\n";
    for (const int size : {256, 128, 1024}) {
        measure(QStringLiteral("thumbnail %1 px (render + encode)").arg(size), rounds, [&](int i) {
            QString error;
            const QImage image =
                thumbnailer::render(files.at(i % files.size()), "jpeg", size, &error);
            (void)thumbnailer::encode(image);
        });
    }
    measure(QStringLiteral("whole upload check (incl. the 256 decode)"), rounds,
            [&](int i) { (void)photocheck::run(files.at(i % files.size()), "image/jpeg", 256); });
    // The same without setScaledSize, for comparison: a full decode, then a scale.
    measure(QStringLiteral("without setScaledSize: full decode + scale"), std::max(4, rounds / 4),
            [&](int i) {
                QImage full(files.at(i % files.size()), "jpeg");
                (void)thumbnailer::encode(
                    full.scaled(256, 256, Qt::KeepAspectRatio, Qt::SmoothTransformation));
            });
}

/// `count` different 12 MP JPEGs of about `target` bytes each, written to `dir`.
QStringList writeJpegs(const QTemporaryDir &dir, const QString &name, int count, qint64 target,
                       int quality, QList<QByteArray> *bodies)
{
    const int grain = grainFor(target, quality);
    QStringList files;
    for (int i = 0; i < count; ++i) {
        const QByteArray bytes = jpeg(photoLike(i + 1, grain), quality);
        const QString path = dir.filePath(QStringLiteral("%1-%2.jpg").arg(name).arg(i));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        files.append(path);
        if (bodies)
            bodies->append(bytes);
        out() << "    " << path.section(u'/', -1) << ": " << bytes.size() / 1024 << " KiB\n";
    }
    return files;
}

bool uploadsAtOnce(const QList<QByteArray> &bodies)
{
    DispatchdProcess server;
    if (!server.start())
        return false;
    TestOffice office(server);
    if (!office.setUp(1))
        return false;
    const QString job = office.createJob({{QStringLiteral("title"), QStringLiteral("bench")}})
                            .value(QLatin1String("id"))
                            .toString();
    HttpTestClient client = office.client(office.dispatcher);
    // Warm: the routes, the image plugins and the worker threads exist before measuring.
    const HttpResult warm =
        client.request("POST", jobPath(job, QStringLiteral("/photos")),
                       jpeg(photoLike(99, 4).scaled(800, 600), 90),
                       {{"Content-Type", "image/jpeg"}, {"X-Filename", "warm.jpg"}});
    if (warm.status != 201) {
        qWarning() << "warm-up upload:" << warm.describe();
        return false;
    }
    QThread::msleep(500);
    const qint64 pid = server.pid();
    const qint64 baseline = statusKiB(pid, "VmRSS");
    const qint64 hwmBefore = statusKiB(pid, "VmHWM");

    QList<HttpTestClient> clients;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < bodies.size(); ++i) {
        clients.append(office.client(office.dispatcher));
        replies.append(clients.last().startRequest(
            "POST", jobPath(job, QStringLiteral("/photos")), bodies.at(i),
            {{"Content-Type", "image/jpeg"}, {"X-Filename", "big.jpg"}}));
    }
    qint64 peak = baseline;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &sampler,
                     [&] { peak = std::max(peak, statusKiB(pid, "VmRSS")); });
    sampler.start(2);
    QElapsedTimer timer;
    timer.start();
    const QList<HttpResult> results = HttpTestClient::waitForAll(replies, 120000);
    const double seconds = timer.nsecsElapsed() / 1e9;
    sampler.stop();
    int created = 0;
    for (const HttpResult &result : results)
        created += result.status == 201 ? 1 : 0;
    const qint64 hwmAfter = statusKiB(pid, "VmHWM");
    out() << "(b) " << bodies.size() << " uploads of " << bodies.first().size() / 1024
          << " KiB (12 MP JPEGs) at once: " << created << " answered 201 in "
          << QString::number(seconds, 'f', 2) << " s\n";
    out() << "    dispatchd VmRSS baseline " << baseline << " KiB, peak sampled " << peak
          << " KiB (+" << (peak - baseline) / 1024.0 << " MiB)\n";
    out() << "    dispatchd VmHWM before " << hwmBefore << " KiB, after " << hwmAfter << " KiB (+"
          << (hwmAfter - hwmBefore) / 1024.0 << " MiB over the run; the high "
          << "water mark since start was " << hwmBefore << " KiB)\n";
    return server.stop();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = qEnvironmentVariableIntValue("BENCH_PHOTOS_ROUNDS") > 0
                           ? qEnvironmentVariableIntValue("BENCH_PHOTOS_ROUNDS")
                           : 40;
    QTemporaryDir dir;
    constexpr qint64 kLimit = 10 * 1024 * 1024;
    out() << "making 12 MP (4000 x 3000) JPEGs: a phone's (about 4 MB) and the largest allowed\n";
    out().flush();
    const QStringList typical =
        writeJpegs(dir, QStringLiteral("typical"), 4, 4'000'000, 90, nullptr);
    QList<QByteArray> bodies;
    const QStringList largest =
        writeJpegs(dir, QStringLiteral("largest"), 8, kLimit * 96 / 100, 95, &bodies);
    if (typical.isEmpty() || largest.isEmpty())
        return 1;
    thumbnails(QStringLiteral("12 MP JPEGs of about 4 MB (quality 90)"), typical, rounds);
    thumbnails(QStringLiteral("12 MP JPEGs of about 9.5 MiB (quality 95, heavy grain)"), largest,
               rounds);
    out().flush();
    if (DispatchdProcess::binaryPath().isEmpty()) {
        out() << "(b) skipped: set DISPATCHD_BINARY to a dispatchd\n";
        return 0;
    }
    return uploadsAtOnce(bodies) ? 0 : 1;
}
