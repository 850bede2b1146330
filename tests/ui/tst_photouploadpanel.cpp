// Adding photos from the detail pane, against the real dispatchd (--demo), offscreen: files
// dropped on the pane become rows with progress and reach the server; what the console can tell
// itself (a duplicate, a file that is no photo, one too large, a full job) is said in words
// without a request; what only the server can tell (a 409 when another console filled the job,
// 413 for too many pixels, 415 for bytes that only look like a PNG) is said in words too; a
// cancel is reported as the server has it; a pro gets no upload on an offer. With
// DISPATCH_SCREENSHOT_DIR set, the pane with uploads in every state is saved there.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testimages.h"

#include <apiclient.h>
#include <jobdetailpane.h>
#include <photoclient.h>
#include <photouploader.h>
#include <photouploadpanel.h>
#include <photouploadrow.h>

#include <QAbstractButton>
#include <QApplication>
#include <QDropEvent>
#include <QFileDialog>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>
#include <signal.h>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;
using State = PhotoUploadItem::State;

namespace {

/// A signed-in console: its client and a detail pane on it.
struct Console {
    std::unique_ptr<net::ApiClient> api;
    net::UserInfo user;
    std::unique_ptr<JobDetailPane> pane;

    PhotoUploadPanel *panel() const { return pane->photoUploads(); }
    PhotoUploader *uploader() const { return panel()->uploader(); }
    /// Photos sent (POSTs): the strip beside the uploads lists and fetches thumbnails of what
    /// lands, which is not what these cases count.
    int photoRequests() const { return api->photos()->stats().uploadsSent; }
};

} // namespace

class TestPhotoUpload final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void dropShowsRowsWithProgressAndTheServerListsThem();
    void duplicateIsSaidWithoutARequest();
    void duplicateWithinOneDrop();
    void serverDuplicateIsSaidTheSameWay();
    void whatIsNoPhotoIsRefusedLocally();
    void fullJobIsRefusedLocally();
    void serverLimitWhenAnotherConsoleFilledTheJob();
    void serverRefusalsInWords();
    void cancelLeavesWhatTheServerSays();
    void dropOnATextFieldAddsPhotos();
    void fileDialogAddsTheChosenFiles();
    void proGetsNoUploadOnAnOffer();
    void offlineDisablesWithAReason();
    void keyboardAndNames();
    void screenshot();

private:
    bool signIn(Console &console, const QString &username);
    /// A new open job, created by the dispatcher; its id.
    QString createJob(const QString &title);
    /// Shows the job in the console's pane and waits until its photos are known.
    bool showJob(Console &console, const QString &jobId);
    /// A PNG of `width` × `height` in the temporary folder: noise (about 3 bytes a pixel,
    /// PNG cannot squeeze it) from `seed`, or one flat colour from `seed` (a few hundred bytes).
    QString makePng(const QString &name, int width, int height, quint32 seed, bool noise);
    QString writeFile(const QString &name, const QByteArray &bytes);
    /// A drag of `paths` entering the pane and dropped on it; whether the pane took it.
    static bool dragAndDrop(QWidget *target, const QStringList &paths);
    /// Waits until every row of the job has its outcome.
    static bool waitFinished(Console &console, const QString &jobId);
    static PhotoUploadRow *row(Console &console, const QString &filename);
    static const PhotoUploadItem *item(Console &console, const QString &filename);
    /// POST /jobs/{id}/photos as the dispatcher, with the file's bytes.
    HttpResult postPhoto(const QString &jobId, const QString &path, const QString &filename);
    /// GET /jobs/{id}/photos: the photos' file names, oldest first.
    QStringList serverPhotos(const QString &jobId);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_http;
    QTemporaryDir m_dir;
    Console m_office;
    int m_created = 0;
};

bool TestPhotoUpload::signIn(Console &console, const QString &username)
{
    console.api = std::make_unique<net::ApiClient>(m_server.baseUrl());
    const auto login = await<net::LoginResult>([&](QObject *context, auto done) {
        console.api->login(username, u"demo-password"_s, context, done);
    });
    if (!login || !login->ok()) {
        qWarning() << "login failed for" << username;
        return false;
    }
    console.user = login->user;
    console.pane = std::make_unique<JobDetailPane>(console.api.get());
    console.pane->setUser(console.user);
    console.pane->resize(520, 1000);
    console.pane->show();
    return QTest::qWaitForWindowExposed(console.pane.get());
}

QString TestPhotoUpload::createJob(const QString &title)
{
    const HttpResult created = m_http->postJson(
        u"/jobs"_s,
        QJsonObject{{u"fields"_s,
                     QJsonObject{{u"title"_s, QString(title + u' ' + QString::number(++m_created))},
                                 {u"address"_s, u"1 Test Street"_s}}}});
    if (created.status != 201) {
        qWarning() << "POST /jobs:" << created.describe();
        return {};
    }
    return created.json().value(u"id").toString();
}

bool TestPhotoUpload::showJob(Console &console, const QString &jobId)
{
    const auto job = await<net::JobResult>(
        [&](QObject *context, auto done) { m_office.api->getJob(jobId, context, done); });
    if (!job || !job->ok())
        return false;
    console.pane->showJob(job->job.job);
    PhotoUploader *uploader = console.uploader();
    // Known at once when the user may add photos; the panel only lists them then.
    if (!console.panel()->isVisibleTo(console.pane.get()))
        return true;
    return QTest::qWaitFor([uploader, jobId] { return uploader->knowsPhotosOf(jobId); },
                           kAnswerWaitMs);
}

QString TestPhotoUpload::makePng(const QString &name, int width, int height, quint32 seed,
                                 bool noise)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    if (noise) {
        for (int y = 0; y < height; ++y) {
            auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
            for (int x = 0; x < width; ++x)
                line[x] = random.generate() | 0xff000000u;
        }
    } else {
        image.fill(QColor::fromRgb(random.generate() | 0xff000000u));
    }
    const QString path = m_dir.filePath(name);
    if (!image.save(path, "PNG"))
        qWarning() << "cannot write" << path;
    return path;
}

QString TestPhotoUpload::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qWarning() << "cannot write" << path;
    return path;
}

bool TestPhotoUpload::dragAndDrop(QWidget *target, const QStringList &paths)
{
    // What a file manager puts on the drag: file URLs (text/uri-list).
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls.append(QUrl::fromLocalFile(path));
    mime.setUrls(urls);
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

bool TestPhotoUpload::waitFinished(Console &console, const QString &jobId)
{
    PhotoUploader *uploader = console.uploader();
    return QTest::qWaitFor([uploader, jobId] { return uploader->unfinishedCount(jobId) == 0; },
                           kAnswerWaitMs);
}

PhotoUploadRow *TestPhotoUpload::row(Console &console, const QString &filename)
{
    const QList<PhotoUploadRow *> rows = console.panel()->rows();
    for (PhotoUploadRow *row : rows) {
        if (row->fileName() == filename)
            return row;
    }
    qWarning() << "no row for" << filename;
    return nullptr;
}

const PhotoUploadItem *TestPhotoUpload::item(Console &console, const QString &filename)
{
    const PhotoUploadModel *model = console.uploader()->model();
    const int at = model->rowOfFile(filename);
    return at < 0 ? nullptr : &model->at(at);
}

HttpResult TestPhotoUpload::postPhoto(const QString &jobId, const QString &path,
                                      const QString &filename)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return m_http->request("POST", jobPath(jobId, u"/photos"_s), file.readAll(),
                           {{"Content-Type", "image/png"}, {"X-Filename", filename.toUtf8()}});
}

QStringList TestPhotoUpload::serverPhotos(const QString &jobId)
{
    QStringList names;
    const HttpResult listed = m_http->get(jobPath(jobId, u"/photos"_s));
    if (listed.status != 200) {
        qWarning() << "GET photos:" << listed.describe();
        return {u"<error>"_s};
    }
    for (const QJsonValue &photo : listed.json().value(u"items").toArray())
        names.append(photo[u"filename"].toString());
    return names;
}

void TestPhotoUpload::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_dir.isValid());
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_http = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_http->login(u"dana"_s, u"demo-password"_s));
    QVERIFY(signIn(m_office, u"dana"_s));
}

void TestPhotoUpload::cleanupTestCase()
{
    m_office.pane.reset();
    QVERIFY(m_server.stop());
}

void TestPhotoUpload::dropShowsRowsWithProgressAndTheServerListsThem()
{
    const QString jobId = createJob(u"Kitchen tiles"_s);
    QVERIFY(showJob(m_office, jobId));
    PhotoUploadPanel *panel = m_office.panel();
    QVERIFY(panel->isVisible());
    QVERIFY(panel->rows().isEmpty());

    // A 1400 × 1400 PNG of noise is about 5.9 MB: its progress has many steps.
    const QString big = makePng(u"wall.png"_s, 1400, 1400, 1, true);
    QVERIFY(QFileInfo(big).size() > 3'000'000 && QFileInfo(big).size() < kMaxPhotoBytes);
    const QString small1 = makePng(u"sink.png"_s, 64, 48, 2, false);
    const QString small2 = makePng(u"tap.png"_s, 64, 48, 3, false);

    // Every percent the big file's bar shows, and how many are on the wire at once.
    QList<int> barValues;
    int mostSending = 0;
    PhotoUploadModel *model = m_office.uploader()->model();
    QMetaObject::Connection watch = connect(model, &QAbstractItemModel::dataChanged, this, [&] {
        int sending = 0;
        for (const PhotoUploadItem &item : model->items())
            sending += item.state == State::Sending ? 1 : 0;
        mostSending = std::max(mostSending, sending);
        if (PhotoUploadRow *bar = row(m_office, u"wall.png"_s)) {
            const int value = bar->progressBar()->value();
            if (barValues.isEmpty() || barValues.constLast() != value)
                barValues.append(value);
        }
    });
    QVERIFY(dragAndDrop(m_office.pane.get(), {big, small1, small2}));
    // One row per file at once, in the order dropped, before anything was read.
    QCOMPARE(panel->rows().size(), 3);
    QCOMPARE(panel->rows().at(0)->fileName(), u"wall.png"_s);
    QCOMPARE(panel->rows().at(0)->stateText(), u"Checking…"_s);
    QVERIFY(waitFinished(m_office, jobId));
    disconnect(watch);

    for (const QString &name : {u"wall.png"_s, u"sink.png"_s, u"tap.png"_s}) {
        PhotoUploadRow *done = row(m_office, name);
        QVERIFY(done);
        QCOMPARE(done->stateText(), u"Added."_s);
        QCOMPARE(done->progressBar()->value(), 100);
        QVERIFY(done->dismissButton()->isVisible());
        QVERIFY(!done->cancelButton()->isVisible());
    }
    // The progress reached the bar on its way, not only at the end.
    QVERIFY2(std::any_of(barValues.cbegin(), barValues.cend(),
                         [](int value) { return value > 0 && value < 100; }),
             qPrintable(QDebug::toString(barValues)));
    QVERIFY2(std::is_sorted(barValues.cbegin(), barValues.cend()),
             qPrintable(QDebug::toString(barValues)));
    QCOMPARE(mostSending, PhotoUploader::kParallelUploads);

    // The server has them, under their names.
    QStringList names = serverPhotos(jobId);
    names.sort();
    QCOMPARE(names, QStringList({u"sink.png"_s, u"tap.png"_s, u"wall.png"_s}));
    QCOMPARE(m_office.uploader()->knownPhotos(jobId).size(), 3);

    // Clear finished takes the rows away.
    QVERIFY(panel->clearButton()->isEnabled());
    QTest::mouseClick(panel->clearButton(), Qt::LeftButton);
    QVERIFY(panel->rows().isEmpty());
    QVERIFY(!panel->clearButton()->isVisible());
}

void TestPhotoUpload::duplicateIsSaidWithoutARequest()
{
    const QString jobId = createJob(u"Fence"_s);
    const QString original = makePng(u"original.png"_s, 80, 60, 10, false);
    QCOMPARE(postPhoto(jobId, original, u"IMG_2231.jpg"_s).status, 201);
    QVERIFY(showJob(m_office, jobId));
    QCOMPARE(m_office.uploader()->knownPhotos(jobId).size(), 1);

    // The same bytes under another name, on the user's disk.
    QFile::copy(original, m_dir.filePath(u"fence again.png"_s));
    const int photoRequests = m_office.photoRequests();
    const int apiRequests = m_office.api->stats().requestsSent;
    QVERIFY(dragAndDrop(m_office.pane.get(), {m_dir.filePath(u"fence again.png"_s)}));
    QVERIFY(waitFinished(m_office, jobId));

    PhotoUploadRow *said = row(m_office, u"fence again.png"_s);
    QVERIFY(said);
    QCOMPARE(said->stateText(), u"Already attached as IMG_2231.jpg."_s);
    QCOMPARE(item(m_office, u"fence again.png"_s)->state, State::Duplicate);
    QVERIFY(!said->progressBar()->isVisible()); // nothing went anywhere
    QCOMPARE(m_office.photoRequests(), photoRequests);
    QCOMPARE(m_office.api->stats().requestsSent, apiRequests);
    QCOMPARE(serverPhotos(jobId), QStringList{u"IMG_2231.jpg"_s});
}

void TestPhotoUpload::duplicateWithinOneDrop()
{
    const QString jobId = createJob(u"Porch"_s);
    QVERIFY(showJob(m_office, jobId));
    const QString first = makePng(u"porch.png"_s, 70, 50, 20, false);
    QFile::copy(first, m_dir.filePath(u"porch copy.png"_s));
    const int photoRequests = m_office.photoRequests();
    QVERIFY(dragAndDrop(m_office.pane.get(), {first, m_dir.filePath(u"porch copy.png"_s)}));
    QVERIFY(waitFinished(m_office, jobId));

    QCOMPARE(row(m_office, u"porch.png"_s)->stateText(), u"Added."_s);
    QCOMPARE(row(m_office, u"porch copy.png"_s)->stateText(),
             u"The same picture as porch.png, which is already being added."_s);
    QCOMPARE(m_office.photoRequests(), photoRequests + 1); // one POST
    QCOMPARE(serverPhotos(jobId), QStringList{u"porch.png"_s});
}

void TestPhotoUpload::serverDuplicateIsSaidTheSameWay()
{
    const QString jobId = createJob(u"Gutter"_s);
    QVERIFY(showJob(m_office, jobId));
    // Another console attaches the bytes after this one read the job's photos.
    const QString original = makePng(u"gutter.png"_s, 80, 60, 25, false);
    QCOMPARE(postPhoto(jobId, original, u"IMG_2231.jpg"_s).status, 201);
    QVERIFY(m_office.uploader()->knownPhotos(jobId).isEmpty());

    const int photoRequests = m_office.photoRequests();
    QVERIFY(dragAndDrop(m_office.pane.get(), {original}));
    QVERIFY(waitFinished(m_office, jobId));
    // Sent, answered 200 duplicate, and said like the console's own finding.
    QCOMPARE(m_office.photoRequests(), photoRequests + 1);
    QCOMPARE(item(m_office, u"gutter.png"_s)->state, State::Duplicate);
    QCOMPARE(row(m_office, u"gutter.png"_s)->stateText(), u"Already attached as IMG_2231.jpg."_s);
    QCOMPARE(serverPhotos(jobId), QStringList{u"IMG_2231.jpg"_s});
    // Known from now on: the same file again costs nothing.
    QVERIFY(dragAndDrop(m_office.pane.get(), {original}));
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(m_office.photoRequests(), photoRequests + 1);
}

void TestPhotoUpload::whatIsNoPhotoIsRefusedLocally()
{
    const QString jobId = createJob(u"Roof"_s);
    QVERIFY(showJob(m_office, jobId));
    const QString notes = writeFile(u"notes.txt"_s, "Bring the long ladder.\n");
    // A name does not make a photo: a text file called .jpg is refused the same.
    const QString fake = writeFile(u"IMG_0001.jpg"_s, "not a jpeg at all");
    // 11 MiB that start like a PNG: refused by size before anything is sent.
    QByteArray large(11 * 1024 * 1024, '\0');
    large.replace(0, 8, QByteArray::fromHex("89504e470d0a1a0a"));
    large.replace(8, 8, QByteArray::fromHex("0000000d49484452"));
    const QString huge = writeFile(u"scan.png"_s, large);

    const int photoRequests = m_office.photoRequests();
    QVERIFY(dragAndDrop(m_office.pane.get(), {notes, fake, huge}));
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(row(m_office, u"notes.txt"_s)->stateText(),
             u"notes.txt is not a JPEG, PNG or WebP image."_s);
    QCOMPARE(row(m_office, u"IMG_0001.jpg"_s)->stateText(),
             u"IMG_0001.jpg is not a JPEG, PNG or WebP image."_s);
    QCOMPARE(row(m_office, u"scan.png"_s)->stateText(),
             u"scan.png is 11.0 MB; photos can be at most 10 MB."_s);
    for (const QString &name : {u"notes.txt"_s, u"IMG_0001.jpg"_s, u"scan.png"_s}) {
        QCOMPARE(item(m_office, name)->state, State::Refused);
        // A refusal sent nothing: no bar, nothing to cancel or retry.
        QVERIFY(!row(m_office, name)->progressBar()->isVisible());
        QVERIFY(!row(m_office, name)->retryButton()->isVisible());
    }
    QCOMPARE(m_office.photoRequests(), photoRequests);
    QCOMPARE(serverPhotos(jobId), QStringList());
}

void TestPhotoUpload::fullJobIsRefusedLocally()
{
    const QString jobId = createJob(u"Garage"_s);
    for (int i = 0; i < kMaxPhotosPerJob - 1; ++i) {
        const QString path = makePng(u"garage%1.png"_s.arg(i), 40, 30, 100 + i, false);
        QCOMPARE(postPhoto(jobId, path, u"garage%1.png"_s.arg(i)).status, 201);
    }
    QVERIFY(showJob(m_office, jobId));
    QCOMPARE(m_office.uploader()->knownPhotos(jobId).size(), kMaxPhotosPerJob - 1);

    // Two files for one free place: the first goes, the second is refused before sending.
    const QString twelfth = makePng(u"door.png"_s, 40, 30, 200, false);
    const QString thirteenth = makePng(u"window.png"_s, 40, 30, 201, false);
    const int photoRequests = m_office.photoRequests();
    QVERIFY(dragAndDrop(m_office.pane.get(), {twelfth, thirteenth}));
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(row(m_office, u"door.png"_s)->stateText(), u"Added."_s);
    QCOMPARE(row(m_office, u"window.png"_s)->stateText(),
             u"Only 1 more photo fits on this job, and it is already being added."_s);
    QCOMPARE(m_office.photoRequests(), photoRequests + 1);
    QCOMPARE(serverPhotos(jobId).size(), kMaxPhotosPerJob);

    // Now full: the thirteenth again, on its own.
    const int before = m_office.photoRequests();
    QVERIFY(dragAndDrop(m_office.pane.get(), {m_dir.filePath(u"window.png"_s)}));
    QVERIFY(waitFinished(m_office, jobId));
    const QList<PhotoUploadRow *> rows = m_office.panel()->rows();
    QCOMPARE(rows.constLast()->stateText(),
             u"This job already has 12 photos, the most a job can hold."_s);
    QCOMPARE(m_office.photoRequests(), before);
    QCOMPARE(serverPhotos(jobId).size(), kMaxPhotosPerJob);
}

void TestPhotoUpload::serverLimitWhenAnotherConsoleFilledTheJob()
{
    const QString jobId = createJob(u"Shed"_s);
    for (int i = 0; i < kMaxPhotosPerJob - 1; ++i) {
        const QString path = makePng(u"shed%1.png"_s.arg(i), 40, 30, 300 + i, false);
        QCOMPARE(postPhoto(jobId, path, u"shed%1.png"_s.arg(i)).status, 201);
    }
    QVERIFY(showJob(m_office, jobId));
    QCOMPARE(m_office.uploader()->knownPhotos(jobId).size(), kMaxPhotosPerJob - 1);
    // Another console takes the last place; this one has no event stream, so it does not know.
    QCOMPARE(postPhoto(jobId, makePng(u"other.png"_s, 40, 30, 350, false), u"other.png"_s).status,
             201);

    const QString late = makePng(u"late.png"_s, 40, 30, 351, false);
    QVERIFY(dragAndDrop(m_office.pane.get(), {late}));
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(item(m_office, u"late.png"_s)->state, State::Refused);
    QCOMPARE(row(m_office, u"late.png"_s)->stateText(),
             u"late.png was not added: this job already has 12 photos, the most a job can hold."_s);
    // The server's answer is the truth: the console re-reads the job's photos.
    PhotoUploader *uploader = m_office.uploader();
    QTRY_COMPARE_WITH_TIMEOUT(uploader->knownPhotos(jobId).size(), kMaxPhotosPerJob, kAnswerWaitMs);
    QCOMPARE(serverPhotos(jobId).size(), kMaxPhotosPerJob);
    QVERIFY(!serverPhotos(jobId).contains(u"late.png"_s));
}

void TestPhotoUpload::serverRefusalsInWords()
{
    const QString jobId = createJob(u"Basement"_s);
    QVERIFY(showJob(m_office, jobId));
    // A PNG head on bytes that are no PNG: the console's sniff takes it, the server's does not.
    QByteArray broken = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");
    broken.append(QByteArray(4000, 'x'));
    const QString brokenPath = writeFile(u"broken.png"_s, broken);
    // 20000 × 20000 pixels declared in a few bytes: too many to decode (× 4 over 128 MiB).
    const QString widePath = writeFile(u"panorama.png"_s, pngDeclaring(20000, 20000));

    const int photoRequests = m_office.photoRequests();
    QVERIFY(dragAndDrop(m_office.pane.get(), {brokenPath, widePath}));
    QVERIFY(waitFinished(m_office, jobId));
    QVERIFY(m_office.photoRequests() >= photoRequests + 2); // both were sent
    QCOMPARE(item(m_office, u"broken.png"_s)->state, State::Refused);
    QCOMPARE(row(m_office, u"broken.png"_s)->stateText(),
             u"The server could not read broken.png as a JPEG, PNG or WebP image."_s);
    QCOMPARE(item(m_office, u"panorama.png"_s)->state, State::Refused);
    QCOMPARE(row(m_office, u"panorama.png"_s)->stateText(),
             u"panorama.png has too many pixels for the server to handle. Save a smaller copy "
             "and add that."_s);
    QCOMPARE(serverPhotos(jobId), QStringList());
}

void TestPhotoUpload::cancelLeavesWhatTheServerSays()
{
    const QString jobId = createJob(u"Attic"_s);
    QVERIFY(showJob(m_office, jobId));
    const QString big = makePng(u"attic.png"_s, 1600, 1600, 40, true);
    PhotoUploader *uploader = m_office.uploader();
    // Cancel at the first progress, from the Cancel button of its row.
    bool clicked = false;
    QMetaObject::Connection watch =
        connect(uploader->model(), &QAbstractItemModel::dataChanged, this, [&] {
            const PhotoUploadItem *sending = item(m_office, u"attic.png"_s);
            if (clicked || !sending || sending->state != State::Sending || sending->sent == 0)
                return;
            clicked = true;
            PhotoUploadRow *attic = row(m_office, u"attic.png"_s);
            QVERIFY(attic->cancelButton()->isVisible());
            // Queued: the click runs after this model change has been delivered everywhere.
            QMetaObject::invokeMethod(
                attic->cancelButton(), [button = attic->cancelButton()] { button->click(); },
                Qt::QueuedConnection);
        });
    QVERIFY(dragAndDrop(m_office.pane.get(), {big}));
    QVERIFY(waitFinished(m_office, jobId));
    disconnect(watch);
    QVERIFY(clicked);

    // Whatever the timing, the row and the server agree once the re-listing is in.
    QTest::qWait(0);
    const QStringList onServer = serverPhotos(jobId);
    const PhotoUploadItem *cancelled = item(m_office, u"attic.png"_s);
    if (onServer.isEmpty()) {
        QCOMPARE(cancelled->state, State::Cancelled);
        QCOMPARE(row(m_office, u"attic.png"_s)->stateText(), u"Cancelled; it was not added."_s);
    } else {
        QCOMPARE(onServer, QStringList{u"attic.png"_s});
        QTRY_COMPARE_WITH_TIMEOUT(item(m_office, u"attic.png"_s)->state, State::Done,
                                  kAnswerWaitMs);
        QCOMPARE(row(m_office, u"attic.png"_s)->stateText(),
                 u"Added: the server had it before the cancel reached it."_s);
    }
    QVERIFY(row(m_office, u"attic.png"_s)->dismissButton()->isVisible());

    // A file still waiting for a slot is cancelled without sending anything. The server is
    // paused meanwhile, so the first two are surely still on the wire.
    const QString a = makePng(u"a.png"_s, 1200, 1200, 41, true);
    const QString b = makePng(u"b.png"_s, 1200, 1200, 42, true);
    const QString c = makePng(u"c.png"_s, 40, 30, 43, false);
    const int photoRequests = m_office.photoRequests();
    ::kill(pid_t(m_server.pid()), SIGSTOP);
    const bool dropped = dragAndDrop(m_office.pane.get(), {a, b, c});
    const bool queued = QTest::qWaitFor(
        [&] { return item(m_office, u"c.png"_s)->state == State::Queued; }, kAnswerWaitMs);
    if (queued)
        QTest::mouseClick(row(m_office, u"c.png"_s)->cancelButton(), Qt::LeftButton);
    ::kill(pid_t(m_server.pid()), SIGCONT);
    QVERIFY(dropped);
    QVERIFY(queued);
    QCOMPARE(item(m_office, u"c.png"_s)->state, State::Cancelled);
    QCOMPARE(row(m_office, u"c.png"_s)->stateText(), u"Cancelled; nothing was sent."_s);
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(m_office.photoRequests(), photoRequests + 2); // a and b only
    const QStringList names = serverPhotos(jobId);
    QVERIFY2(names.contains(u"a.png"_s) && names.contains(u"b.png"_s) &&
                 !names.contains(u"c.png"_s),
             qPrintable(names.join(u", ")));
}

void TestPhotoUpload::dropOnATextFieldAddsPhotos()
{
    const QString jobId = createJob(u"Cellar"_s);
    QVERIFY(showJob(m_office, jobId));
    // The note field would take a dropped file as its path; the pane takes it as a photo.
    auto *note = m_office.pane->findChild<QLineEdit *>(u"noteEdit"_s);
    QVERIFY(note);
    const QString cellar = makePng(u"cellar.png"_s, 60, 40, 45, false);
    QVERIFY(dragAndDrop(note, {cellar}));
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(row(m_office, u"cellar.png"_s)->stateText(), u"Added."_s);
    QCOMPARE(note->text(), QString());
    QCOMPARE(serverPhotos(jobId), QStringList{u"cellar.png"_s});
    // Text dragged onto it is still the field's.
    QMimeData text;
    text.setText(u"call first"_s);
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(note, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(note, &drop);
    QCOMPARE(note->text(), u"call first"_s);
    note->clear();
}

void TestPhotoUpload::fileDialogAddsTheChosenFiles()
{
    const QString jobId = createJob(u"Hallway"_s);
    QVERIFY(showJob(m_office, jobId));
    PhotoUploadPanel *panel = m_office.panel();
    QVERIFY(panel->addButton()->isEnabled());
    QTest::mouseClick(panel->addButton(), Qt::LeftButton);
    // The dialog is open and the test goes on: open(), never a blocking exec().
    QFileDialog *dialog = panel->fileDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->nameFilters(), QStringList{u"Images (*.jpg *.jpeg *.png *.webp)"_s});
    QCOMPARE(dialog->fileMode(), QFileDialog::ExistingFiles);

    const QString picked = makePng(u"hallway.png"_s, 90, 60, 50, false);
    dialog->setDirectory(m_dir.path());
    dialog->selectFile(picked);
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() is protected
    QVERIFY(waitFinished(m_office, jobId));
    QCOMPARE(row(m_office, u"hallway.png"_s)->stateText(), u"Added."_s);
    QCOMPARE(serverPhotos(jobId), QStringList{u"hallway.png"_s});
    QTRY_VERIFY(!panel->fileDialog());
}

void TestPhotoUpload::proGetsNoUploadOnAnOffer()
{
    Console pro;
    QVERIFY(signIn(pro, u"pro1"_s));
    const QString offerId = createJob(u"Open offer"_s);
    QVERIFY(showJob(pro, offerId));
    // An offer the pro can see: no button, no drop target, nothing said about photos to add.
    QVERIFY(!pro.panel()->isVisibleTo(pro.pane.get()));
    const QString photo = makePng(u"pro.png"_s, 40, 30, 60, false);
    QVERIFY(!dragAndDrop(pro.pane.get(), {photo}));
    QCOMPARE(pro.uploader()->model()->rowCount(), 0);

    // Assigned to the pro, the job is theirs: the panel shows and takes files.
    const HttpResult job = m_http->get(jobPath(offerId));
    QCOMPARE(job.status, 200);
    const HttpResult assigned =
        m_http->postJson(jobPath(offerId, u"/assign"_s), QJsonObject{{u"proId"_s, pro.user.id}},
                         ifMatch(job.header("ETag")));
    QCOMPARE(assigned.status, 200);
    QVERIFY(showJob(pro, offerId));
    QTRY_VERIFY_WITH_TIMEOUT(pro.panel()->isVisible(), kAnswerWaitMs);
    QVERIFY(pro.uploader()->knowsPhotosOf(offerId) ||
            QTest::qWaitFor([&] { return pro.uploader()->knowsPhotosOf(offerId); }, kAnswerWaitMs));
    QVERIFY(dragAndDrop(pro.pane.get(), {photo}));
    QVERIFY(waitFinished(pro, offerId));
    QCOMPARE(row(pro, u"pro.png"_s)->stateText(), u"Added."_s);
    QCOMPARE(serverPhotos(offerId), QStringList{u"pro.png"_s});
}

void TestPhotoUpload::offlineDisablesWithAReason()
{
    const QString jobId = createJob(u"Patio"_s);
    QVERIFY(showJob(m_office, jobId));
    PhotoUploadPanel *panel = m_office.panel();
    const QString why = u"The server cannot be reached; photos can be added once it is back."_s;
    m_office.pane->setPhotoUploadsBlocked(why);
    // Still shown (the user learns it exists), disabled, and saying why.
    QVERIFY(panel->isVisible());
    QVERIFY(!panel->addButton()->isEnabled());
    QCOMPARE(panel->addButton()->toolTip(), why);
    QCOMPARE(panel->findChild<QLabel *>(u"addPhotosHint"_s)->text(), why);
    QVERIFY(!dragAndDrop(m_office.pane.get(), {makePng(u"patio.png"_s, 40, 30, 70, false)}));
    QCOMPARE(m_office.uploader()->unfinishedCount(jobId), 0);

    m_office.pane->setPhotoUploadsBlocked({});
    QVERIFY(panel->addButton()->isEnabled());
    QCOMPARE(panel->findChild<QLabel *>(u"addPhotosHint"_s)->text(),
             u"or drop image files on this job"_s);

    // Signed out (no session), the same: disabled, with the reason.
    JobDetailPane signedOut(nullptr);
    Job job;
    job.id = jobId;
    signedOut.setUser(m_office.user);
    signedOut.showJob(job);
    QVERIFY(!signedOut.photoUploads()->addButton()->isEnabled());
    QCOMPARE(signedOut.photoUploads()->addButton()->toolTip(), u"Sign in to add photos."_s);
}

void TestPhotoUpload::keyboardAndNames()
{
    const QString jobId = createJob(u"Stairs"_s);
    QVERIFY(showJob(m_office, jobId));
    const QString stairs = makePng(u"stairs.png"_s, 40, 30, 80, false);
    const QString text = writeFile(u"stairs.txt"_s, "no");
    QVERIFY(dragAndDrop(m_office.pane.get(), {stairs, text}));
    QVERIFY(waitFinished(m_office, jobId));

    PhotoUploadPanel *panel = m_office.panel();
    // Every visible control of the panel has a name that says which file it is about.
    const QList<QWidget *> widgets = panel->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!widget->isVisible() || widget->focusPolicy() == Qt::NoFocus)
            continue;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
    QCOMPARE(row(m_office, u"stairs.png"_s)->dismissButton()->accessibleName(),
             u"Dismiss stairs.png"_s);
    QCOMPARE(row(m_office, u"stairs.png"_s)->progressBar()->accessibleName(),
             u"Progress of stairs.png"_s);

    // Tab from "Add photos…" reaches the rows' buttons; Space on Dismiss removes its row.
    m_office.pane->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_office.pane.get()));
    panel->addButton()->setFocus(Qt::TabFocusReason);
    QVERIFY(panel->addButton()->hasFocus());
    QPushButton *dismiss = row(m_office, u"stairs.txt"_s)->dismissButton();
    for (int i = 0; i < 8 && !dismiss->hasFocus(); ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QVERIFY(dismiss->hasFocus());
    QTest::keyClick(dismiss, Qt::Key_Space);
    QTRY_VERIFY(!item(m_office, u"stairs.txt"_s));
    QCOMPARE(panel->rows().size(), 1);
    QVERIFY(panel->addButton()->hasFocus());
}

void TestPhotoUpload::screenshot()
{
    const QString dir = qEnvironmentVariable("DISPATCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("DISPATCH_SCREENSHOT_DIR is not set");
    const QString jobId = createJob(u"Bathroom remodel"_s);
    const QString existing = makePng(u"existing.png"_s, 80, 60, 90, false);
    QCOMPARE(postPhoto(jobId, existing, u"IMG_2231.jpg"_s).status, 201);
    QVERIFY(showJob(m_office, jobId));
    // Finished rows first: one added, one duplicate, one that is no photo.
    QFile::copy(existing, m_dir.filePath(u"IMG_2231 (1).jpg"_s));
    QVERIFY(dragAndDrop(m_office.pane.get(), {makePng(u"IMG_2240.png"_s, 90, 60, 91, false),
                                              m_dir.filePath(u"IMG_2231 (1).jpg"_s),
                                              writeFile(u"quote.pdf"_s, "%PDF-1.4 quote")}));
    QVERIFY(waitFinished(m_office, jobId));
    // Then two large ones on the wire and one waiting: the server is paused meanwhile, so
    // the picture shows them in flight.
    ::kill(pid_t(m_server.pid()), SIGSTOP);
    const QString a = makePng(u"IMG_2241.png"_s, 1500, 1500, 92, true);
    const QString b = makePng(u"IMG_2242.png"_s, 1500, 1500, 93, true);
    const QString c = makePng(u"IMG_2243.png"_s, 90, 60, 94, false);
    QVERIFY(dragAndDrop(m_office.pane.get(), {a, b, c}));
    PhotoUploader *uploader = m_office.uploader();
    const bool waiting = QTest::qWaitFor(
        [&] {
            const PhotoUploadItem *last = item(m_office, u"IMG_2243.png"_s);
            return last && last->state == State::Queued;
        },
        kAnswerWaitMs);
    QTest::qWait(1500); // what the paused server's socket takes, then the bars stand still
    m_office.pane->resize(520, 900);
    PhotoUploadPanel *panel = m_office.panel();
    // The panel in view, at the same place every run.
    if (auto *scroll = m_office.pane->findChild<QScrollArea *>())
        scroll->verticalScrollBar()->setValue(panel->mapTo(scroll->widget(), QPoint()).y() - 60);
    QTest::qWait(50);
    // The panel with the pane around it; not the job's fields, whose times change every run.
    const QRect shown(panel->mapTo(m_office.pane.get(), QPoint(0, 0)), panel->size());
    const bool saved =
        m_office.pane->grab(shown.adjusted(-8, -8, 8, 8)).save(dir + u"/photo-upload.png"_s);
    ::kill(pid_t(m_server.pid()), SIGCONT);
    QVERIFY(waiting);
    QVERIFY(saved);
    QVERIFY(QTest::qWaitFor([&] { return uploader->unfinishedCount(jobId) == 0; }, kAnswerWaitMs));
}

QTEST_MAIN(TestPhotoUpload)
#include "tst_photouploadpanel.moc"
