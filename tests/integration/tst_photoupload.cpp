// How dispatchd takes a photo (docs/openapi.yaml "Photos", docs/ARCHITECTURE.md "Photos on the
// server"), over raw sockets where every byte matters: `Expect: 100-continue` answered, an
// oversize Content-Length (or chunk) refused with 413 before the body is sent; the body written
// to photos/tmp as it arrives (an unnamed O_TMPFILE until it is whole), not held in memory, and
// gone when the request ends or the client drops mid-body; hostile images (a header declaring 40000
// × 40000, truncated files, a type that lies) refused with nothing stored; exactly twelve photos
// land however many uploads race for the last slots, and the same bytes sent twice at once are one
// photo; leftovers are cleaned at start. Built twice: on SQLite, and with DISPATCH_PHOTOS_POSTGRES
// on a throwaway PostgreSQL cluster (label postgres), where the limit is held by the job row's
// lock.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "postgrescluster.h"
#include "rawhttp.h"
#include "testhelpers.h"
#include "testimages.h"
#include "testoffice.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxPhotoBytes = 10 * 1024 * 1024; // docs/openapi.yaml "Photos"

/// Every file under `folder` (recursively), as paths relative to it.
QStringList filesUnder(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(folder).relativeFilePath(it.next()));
    files.sort();
    return files;
}

/// The sizes of the files dispatchd (`pid`) has open in `folder`, from /proc/PID/fd: the spool
/// file of a body being received is unnamed (O_TMPFILE) until the body is whole.
QList<qint64> openFilesIn(qint64 pid, const QString &folder)
{
    QList<qint64> sizes;
    const QString fds = u"/proc/%1/fd"_s.arg(pid);
    const QStringList entries = QDir(fds).entryList(QDir::AllEntries | QDir::System);
    for (const QString &fd : entries) {
        const QString path = fds + u'/' + fd;
        if (QFile::symLinkTarget(path).startsWith(folder + u'/'))
            sizes.append(QFileInfo(path).size());
    }
    return sizes;
}

} // namespace

class TestPhotoUpload final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void expectContinueIsAnswered();
    void oversizeLengthIsRefusedBeforeTheBody_data();
    void oversizeLengthIsRefusedBeforeTheBody();
    void chunkedUploadStreams();
    void chunkedUploadIsCapped();
    void bodyGoesToDiskAsItArrives();
    void clientDroppingMidBodyLeavesNothing_data();
    void clientDroppingMidBodyLeavesNothing();
    void hostileImagesAreRefusedAndNothingStored_data();
    void hostileImagesAreRefusedAndNothingStored();
    void hugeDeclaredImageIsRefusedFromItsHeader_data();
    void hugeDeclaredImageIsRefusedFromItsHeader();
    void twentyUploadsRaceForThreeSlots();
    void sameBytesAtOnceAreOnePhoto();
    void fullWorkersAnswer503();
    void leftoversAreCleanedAtStart();

private:
    std::unique_ptr<QTcpSocket> connectRaw() const;
    QByteArray uploadHead(const QString &jobId, qint64 length,
                          const QList<QByteArray> &extra = {}) const;
    QString makeJob(const QString &title);
    int photoCount(const QString &jobId);
    QString photosDir() const { return m_server.tempDir() + u"/data/photos"_s; }
    /// The content files (not tmp/) in the photo folder.
    QStringList contentFiles() const;

#ifdef DISPATCH_PHOTOS_POSTGRES
    PostgresCluster m_cluster;
#endif
    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    QString m_jobId;
    int m_seed = 5000;
};

std::unique_ptr<QTcpSocket> TestPhotoUpload::connectRaw() const
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(u"127.0.0.1"_s, m_server.port());
    if (!socket->waitForConnected(10000))
        return {};
    return socket;
}

QByteArray TestPhotoUpload::uploadHead(const QString &jobId, qint64 length,
                                       const QList<QByteArray> &extra) const
{
    QByteArray head = "POST /api/v1/jobs/" + jobId.toLatin1() +
                      "/photos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                      m_office->dispatcher.token +
                      "\r\nContent-Type: image/jpeg\r\nX-Filename: raw.jpg\r\n";
    if (length >= 0)
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    for (const QByteArray &header : extra)
        head += header + "\r\n";
    return head + "\r\n";
}

QString TestPhotoUpload::makeJob(const QString &title)
{
    return m_office->createJob({{u"title"_s, title}})[u"id"_s].toString();
}

int TestPhotoUpload::photoCount(const QString &jobId)
{
    const HttpResult list =
        m_office->client(m_office->dispatcher).get(jobPath(jobId, u"/photos"_s));
    return list.status == 200 ? int(list.json()[u"items"_s].toArray().size()) : -1;
}

QStringList TestPhotoUpload::contentFiles() const
{
    QStringList files = filesUnder(photosDir());
    files.removeIf([](const QString &path) { return path.startsWith(u"tmp/"_s); });
    return files;
}

void TestPhotoUpload::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    DispatchdProcess::Options options;
#ifdef DISPATCH_PHOTOS_POSTGRES
    if (!m_cluster.start()) {
        // Only a machine without PostgreSQL may skip, and never under CI.
        if (PostgresCluster::binDir().isEmpty() && qEnvironmentVariableIsEmpty("CI"))
            QSKIP(qPrintable(m_cluster.reason()));
        QFAIL(qPrintable(m_cluster.reason()));
    }
    options.dbUrl = m_cluster.createDatabase();
    QVERIFY2(!options.dbUrl.isEmpty(), qPrintable(m_cluster.reason()));
#endif
    QVERIFY(m_server.start(options));
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    m_jobId = makeJob(u"uploads: a job"_s);
    QVERIFY(!m_jobId.isEmpty());
}

void TestPhotoUpload::cleanupTestCase()
{
    m_office.reset();
    if (m_server.isRunning())
        QVERIFY(m_server.stop());
}

void TestPhotoUpload::expectContinueIsAnswered()
{
    const QByteArray jpeg = jpegImage(200, 150, ++m_seed);
    auto socket = connectRaw();
    QVERIFY(socket);
    socket->write(uploadHead(m_jobId, jpeg.size(), {"Expect: 100-continue"}));
    QByteArray buffer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            buffer += socket->readAll();
            return buffer.contains("\r\n\r\n");
        },
        kAnswerWaitMs));
    QVERIFY2(buffer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), buffer.constData());
    buffer.remove(0, buffer.indexOf("\r\n\r\n") + 4);
    socket->write(jpeg);
    const auto response = readResponse(*socket, buffer);
    QVERIFY(response);
    QCOMPARE(response->status, 201);
    QCOMPARE(response->json()[u"photo"_s][u"sha256"_s].toString(), sha256Hex(jpeg));
}

void TestPhotoUpload::oversizeLengthIsRefusedBeforeTheBody_data()
{
    QTest::addColumn<bool>("expectContinue");
    QTest::newRow("with Expect: 100-continue") << true;
    QTest::newRow("without") << false;
}

void TestPhotoUpload::oversizeLengthIsRefusedBeforeTheBody()
{
    QFETCH(bool, expectContinue);
    auto socket = connectRaw();
    QVERIFY(socket);
    // One byte over 10 MiB, and not one byte of the body sent: the answer comes anyway.
    socket->write(uploadHead(m_jobId, kMaxPhotoBytes + 1,
                             expectContinue ? QList<QByteArray>{"Expect: 100-continue"}
                                            : QList<QByteArray>{}));
    QByteArray buffer;
    const auto response = readResponse(*socket, buffer);
    QVERIFY(response);
    QCOMPARE(response->status, 413); // never a 100 first
    QCOMPARE(response->errorCode(), u"PAYLOAD_TOO_LARGE"_s);
    QCOMPARE(response->header("Connection").toLower(), QByteArray("close"));
    // Exactly 10 MiB is within the limit: a 100 Continue, then the body is read (and refused
    // as not an image).
    auto second = connectRaw();
    QVERIFY(second);
    second->write(uploadHead(m_jobId, kMaxPhotoBytes, {"Expect: 100-continue"}));
    QByteArray interim;
    QVERIFY(QTest::qWaitFor(
        [&] {
            interim += second->readAll();
            return interim.contains("\r\n\r\n");
        },
        kAnswerWaitMs));
    QVERIFY2(interim.startsWith("HTTP/1.1 100 Continue"), interim.constData());
    second->abort(); // the body never comes: its spool file goes with the connection
    QVERIFY(QTest::qWaitFor([&] { return filesUnder(photosDir() + u"/tmp"_s).isEmpty(); },
                            kAnswerWaitMs));
}

void TestPhotoUpload::chunkedUploadStreams()
{
    const QByteArray jpeg = jpegImage(900, 600, ++m_seed);
    auto socket = connectRaw();
    QVERIFY(socket);
    socket->write(uploadHead(m_jobId, -1, {"Transfer-Encoding: chunked"}));
    for (qsizetype at = 0; at < jpeg.size(); at += 7000) {
        const QByteArray chunk = jpeg.mid(at, 7000);
        socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    }
    socket->write("0\r\n\r\n");
    QByteArray buffer;
    const auto response = readResponse(*socket, buffer);
    QVERIFY(response);
    QCOMPARE(response->status, 201);
    QCOMPARE(response->json()[u"photo"_s][u"bytes"_s].toInteger(), jpeg.size());
    QCOMPARE(response->json()[u"photo"_s][u"sha256"_s].toString(), sha256Hex(jpeg));
}

void TestPhotoUpload::chunkedUploadIsCapped()
{
    const int before = photoCount(m_jobId);
    auto socket = connectRaw();
    QVERIFY(socket);
    socket->write(uploadHead(m_jobId, -1, {"Transfer-Encoding: chunked"}));
    // 9 MiB, then a chunk announcing 2 MiB more: refused when announced, before its data.
    const QByteArray nine(9 * 1024 * 1024, 'x');
    socket->write(QByteArray::number(nine.size(), 16) + "\r\n" + nine + "\r\n");
    socket->write(QByteArray::number(2 * 1024 * 1024, 16) + "\r\n");
    QByteArray buffer;
    const auto response = readResponse(*socket, buffer);
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->errorCode(), u"PAYLOAD_TOO_LARGE"_s);
    QCOMPARE(photoCount(m_jobId), before);
    QVERIFY(QTest::qWaitFor([&] { return filesUnder(photosDir() + u"/tmp"_s).isEmpty(); },
                            kAnswerWaitMs));
}

void TestPhotoUpload::bodyGoesToDiskAsItArrives()
{
    // 9 MiB of a 10 MiB body sent: it is in a spool file in photos/tmp, not in memory.
    const qint64 pid = m_server.pid();
    const qint64 baselineKiB = DispatchdProcess::residentKiB(pid);
    const QByteArray body = largeJpeg(kMaxPhotoBytes - 200 * 1024, ++m_seed);
    QVERIFY(body.size() > 8 * 1024 * 1024 && body.size() <= kMaxPhotoBytes);
    auto socket = connectRaw();
    QVERIFY(socket);
    socket->write(uploadHead(m_jobId, body.size()));
    const qint64 partial = body.size() - 512 * 1024;
    socket->write(body.left(partial));
    QVERIFY(socket->waitForBytesWritten(10000));
    const QString spool = photosDir() + u"/tmp"_s;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     socket->waitForBytesWritten(10);
                     const QList<qint64> open = openFilesIn(pid, spool);
                     return open.size() == 1 && open.first() >= partial - 65536;
                 },
                 kAnswerWaitMs),
             qPrintable(u"open in tmp/: %1"_s.arg(openFilesIn(pid, spool).size())));
    const qint64 midKiB = DispatchdProcess::residentKiB(pid);
    qInfo() << "RSS before" << baselineKiB << "KiB, with 9 MiB of the body received" << midKiB
            << "KiB";
    QVERIFY2(midKiB - baselineKiB < 6 * 1024, "the body seems to be held in memory");

    socket->write(body.mid(partial));
    QByteArray buffer;
    const auto response = readResponse(*socket, buffer);
    QVERIFY(response);
    QVERIFY2(response->status == 201, response->body.left(300).constData());
    // The spool file became the content: nothing is left in tmp/.
    QVERIFY(filesUnder(spool).isEmpty());
    const QString sha = sha256Hex(body);
    QVERIFY(QFileInfo::exists(photosDir() + u'/' + sha.left(2) + u'/' + sha));
}

void TestPhotoUpload::clientDroppingMidBodyLeavesNothing_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<bool>("reset");
    QTest::newRow("length, close") << false << false;
    QTest::newRow("length, reset") << false << true;
    QTest::newRow("chunked, close") << true << false;
}

void TestPhotoUpload::clientDroppingMidBodyLeavesNothing()
{
    QFETCH(bool, chunked);
    QFETCH(bool, reset);
    const QString job = makeJob(u"uploads: dropped"_s);
    const QStringList filesBefore = contentFiles();
    const QByteArray jpeg = jpegImage(1500, 1000, ++m_seed);
    auto socket = connectRaw();
    QVERIFY(socket);
    const QByteArray half = jpeg.left(jpeg.size() / 2);
    if (chunked) {
        socket->write(uploadHead(job, -1, {"Transfer-Encoding: chunked"}));
        socket->write(QByteArray::number(half.size(), 16) + "\r\n" + half + "\r\n");
    } else {
        socket->write(uploadHead(job, jpeg.size()));
        socket->write(half);
    }
    QVERIFY(socket->waitForBytesWritten(5000));
    const QString spool = photosDir() + u"/tmp"_s;
    const qint64 pid = m_server.pid();
    QVERIFY(QTest::qWaitFor([&] { return openFilesIn(pid, spool).size() == 1; }, kAnswerWaitMs));
    if (reset) {
        socket->abort();
    } else {
        socket->disconnectFromHost();
        if (socket->state() != QAbstractSocket::UnconnectedState)
            socket->waitForDisconnected(5000);
    }
    QVERIFY(QTest::qWaitFor([&] { return openFilesIn(pid, spool).isEmpty(); }, kAnswerWaitMs));
    QVERIFY2(filesUnder(spool).isEmpty(), qPrintable(filesUnder(spool).join(u", "_s)));
    QCOMPARE(contentFiles(), filesBefore);
    QCOMPARE(photoCount(job), 0);
}

void TestPhotoUpload::hostileImagesAreRefusedAndNothingStored_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("filename");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray jpeg = jpegImage(800, 600, 42);
    const QByteArray png = pngImage(400, 300, 43);
    const QByteArray webp = webpImage(400, 300, 44);
    QTest::newRow("JPEG cut short") << jpeg.left(jpeg.size() * 6 / 10) << "image/jpeg"_ba
                                    << "a.jpg"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("JPEG missing its last byte") << jpeg.chopped(1) << "image/jpeg"_ba
                                                << "a.jpg"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("JPEG cut short, with an EXIF block")
        << withExifOrientation(jpeg, 6).left(jpeg.size() / 2) << "image/jpeg"_ba
        << "a.jpg"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("PNG cut short") << png.left(png.size() / 2) << "image/png"_ba
                                   << "a.png"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("WebP cut short") << webp.left(webp.size() - 10) << "image/webp"_ba
                                    << "a.webp"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("PNG declared as JPEG") << png << "image/jpeg"_ba
                                          << "a.jpg"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("JPEG declared as WebP") << jpeg << "image/webp"_ba
                                           << "a.webp"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("text declared as JPEG")
        << QByteArray("this is not a picture\n").repeated(50) << "image/jpeg"_ba
        << "a.jpg"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("GIF") << QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14) << "image/gif"_ba
                         << "a.gif"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("JSON") << QByteArray(R"({"photo":1})") << "application/json"_ba
                          << "a.json"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
    QTest::newRow("no X-Filename")
        << jpeg << "image/jpeg"_ba << QByteArray() << 400 << u"INVALID_VALUE"_s;
    QTest::newRow("empty body") << QByteArray() << "image/jpeg"_ba
                                << "a.jpg"_ba << 400 << u"BAD_REQUEST"_s;
    QTest::newRow("SOI only") << QByteArray("\xFF\xD8\xFF\xD9", 4) << "image/jpeg"_ba
                              << "a.jpg"_ba << 415 << u"UNSUPPORTED_MEDIA_TYPE"_s;
}

void TestPhotoUpload::hostileImagesAreRefusedAndNothingStored()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, filename);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QString job = makeJob(u"uploads: hostile"_s);
    const QStringList filesBefore = contentFiles();
    const HttpResult refused =
        m_office->client(m_office->dispatcher)
            .request("POST", jobPath(job, u"/photos"_s), bytes, photoHeaders(type, filename));
    QVERIFY2(refused.status == status, refused.describe());
    QCOMPARE(refused.errorCode(), code);
    QCOMPARE(photoCount(job), 0);
    QCOMPARE(contentFiles(), filesBefore);
    QVERIFY(filesUnder(photosDir() + u"/tmp"_s).isEmpty());
}

void TestPhotoUpload::hugeDeclaredImageIsRefusedFromItsHeader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("PNG 40000 x 40000") << pngDeclaring(40000, 40000) << "image/png"_ba;
    QTest::newRow("PNG 30000 x 30000") << pngDeclaring(30000, 30000) << "image/png"_ba;
    // 8000 × 4200 × 4 = 134,400,000 bytes, just over 128 MiB (134,217,728).
    QTest::newRow("PNG just over the cap") << pngDeclaring(8000, 4200) << "image/png"_ba;
    QTest::newRow("JPEG 30000 x 30000")
        << jpegDeclaring(jpegImage(64, 64, 45), 30000, 30000) << "image/jpeg"_ba;
}

void TestPhotoUpload::hugeDeclaredImageIsRefusedFromItsHeader()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, type);
    QVERIFY(bytes.size() < 10000); // a small file whose header promises gigabytes
    const QString job = makeJob(u"uploads: bomb"_s);
    const QStringList filesBefore = contentFiles();
    QElapsedTimer timer;
    timer.start();
    const HttpResult refused =
        m_office->client(m_office->dispatcher)
            .request("POST", jobPath(job, u"/photos"_s), bytes, photoHeaders(type, "bomb"));
    const qint64 ms = timer.elapsed();
    QVERIFY2(refused.status == 413, refused.describe());
    QCOMPARE(refused.errorCode(), u"IMAGE_TOO_LARGE"_s);
    // Refused from the header: decoding 6.4 GB of pixels (or even allocating them) would not be
    // a few milliseconds, and the server would not be as small as it still is.
    qInfo() << "refused in" << ms << "ms; dispatchd RSS"
            << DispatchdProcess::residentKiB(m_server.pid()) << "KiB";
    QVERIFY(DispatchdProcess::residentKiB(m_server.pid()) < 200 * 1024);
    QCOMPARE(photoCount(job), 0);
    QCOMPARE(contentFiles(), filesBefore);
}

void TestPhotoUpload::twentyUploadsRaceForThreeSlots()
{
    const QString job = makeJob(u"uploads: the last slots"_s);
    for (int i = 0; i < 9; ++i) {
        const HttpResult added =
            m_office->client(m_office->dispatcher)
                .request("POST", jobPath(job, u"/photos"_s), jpegImage(64, 64, ++m_seed),
                         photoHeaders("image/jpeg", "pre.jpg"));
        QVERIFY2(added.status == 201, added.describe());
    }
    // Twenty different pictures, each on its own connection, all in flight at once.
    QList<HttpTestClient> clients;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 20; ++i) {
        clients.append(m_office->client(i % 2 ? m_office->dispatcher : m_office->admin));
        replies.append(clients.last().startRequest("POST", jobPath(job, u"/photos"_s),
                                                   jpegImage(320, 240, ++m_seed),
                                                   photoHeaders("image/jpeg", "race.jpg")));
    }
    const QList<HttpResult> results = HttpTestClient::waitForAll(replies, 60000);
    int created = 0, full = 0;
    for (const HttpResult &result : results) {
        if (result.status == 201)
            ++created;
        else if (result.status == 409 && result.errorCode() == u"PHOTO_LIMIT"_s)
            ++full;
        else
            QFAIL(result.describe().constData());
    }
    QCOMPARE(created, 3);
    QCOMPARE(full, 17);
    QCOMPARE(photoCount(job), 12);
}

void TestPhotoUpload::sameBytesAtOnceAreOnePhoto()
{
    for (int round = 0; round < 5; ++round) {
        const QString job = makeJob(u"uploads: twice at once"_s);
        const QByteArray jpeg = jpegImage(640, 480, ++m_seed);
        QList<HttpTestClient> clients;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 4; ++i) {
            clients.append(m_office->client(m_office->dispatcher));
            replies.append(clients.last().startRequest("POST", jobPath(job, u"/photos"_s), jpeg,
                                                       photoHeaders("image/jpeg", "same.jpg")));
        }
        const QList<HttpResult> results = HttpTestClient::waitForAll(replies, 60000);
        int created = 0, duplicates = 0;
        QSet<QString> ids;
        for (const HttpResult &result : results) {
            if (result.status == 201)
                ++created;
            else if (result.status == 200 && result.json()[u"duplicate"_s].toBool())
                ++duplicates;
            else
                QFAIL(result.describe().constData());
            ids.insert(result.json()[u"photo"_s][u"id"_s].toString());
        }
        QCOMPARE(created, 1);
        QCOMPARE(duplicates, 3);
        QCOMPARE(ids.size(), 1);
        QCOMPARE(photoCount(job), 1);
    }
}

void TestPhotoUpload::fullWorkersAnswer503()
{
    // One worker and no queue: while it renders a thumbnail of a large picture, other photo
    // work is answered 503 with Retry-After at once, and the server stays well.
    DispatchdProcess server;
    DispatchdProcess::Options options;
    options.extraArgs = {u"--photo-workers"_s, u"1"_s, u"--photo-queue"_s, u"0"_s};
#ifdef DISPATCH_PHOTOS_POSTGRES
    options.dbUrl = m_cluster.createDatabase();
#endif
    QVERIFY(server.start(options));
    TestOffice office(server);
    QVERIFY(office.setUp(0));
    const QString job = office.createJob({{u"title"_s, u"uploads: busy"_s}})[u"id"_s].toString();
    HttpTestClient client = office.client(office.dispatcher);
    const HttpResult created =
        client.request("POST", jobPath(job, u"/photos"_s), largeJpeg(6 * 1024 * 1024, ++m_seed),
                       photoHeaders("image/jpeg", "big.jpg"));
    QVERIFY2(created.status == 201, created.describe());
    const QString id = created.json()[u"photo"_s][u"id"_s].toString();

    QList<HttpTestClient> clients;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 8; ++i) {
        clients.append(office.client(office.dispatcher));
        replies.append(clients.last().startRequest(
            "GET", u"/photos/%1/thumbnail?size=%2"_s.arg(id).arg(i % 2 ? 1024 : 128)));
    }
    int ok = 0, busy = 0;
    for (const HttpResult &result : HttpTestClient::waitForAll(replies, 60000)) {
        if (result.status == 200) {
            ++ok;
        } else if (result.status == 503) {
            ++busy;
            QCOMPARE(result.errorCode(), u"SERVICE_UNAVAILABLE"_s);
            QCOMPARE(result.header("Retry-After"), QByteArray("1"));
        } else {
            QFAIL(result.describe().constData());
        }
    }
    QVERIFY(ok >= 1);
    QVERIFY2(busy >= 1, "eight thumbnails at once on one worker without a queue: no 503");
    QCOMPARE(client.get(u"/photos/%1/thumbnail?size=1024"_s.arg(id)).status, 200);
    QVERIFY(server.stop());
}

void TestPhotoUpload::leftoversAreCleanedAtStart()
{
    // A crash leaves spool files, and content that no photo names; the next start removes the
    // former, and the latter once an hour old (younger ones may be uploads on their way).
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    const QString photos = dataDir.filePath(u"photos"_s);
    QVERIFY(QDir().mkpath(photos + u"/tmp"_s));
    QVERIFY(QDir().mkpath(photos + u"/ab"_s));
    const auto write = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write("leftover") == 8;
    };
    QVERIFY(write(photos + u"/tmp/body-abc123"_s));
    const QString oldOrphan = photos + u"/ab/"_s + u"ab"_s + QString(62, u'1');
    const QString youngOrphan = photos + u"/ab/"_s + u"ab"_s + QString(62, u'2');
    QVERIFY(write(oldOrphan) && write(oldOrphan + u".t256.jpg"_s) && write(youngOrphan));
    for (const QString &path : QStringList{oldOrphan, oldOrphan + u".t256.jpg"_s}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-2 * 3600),
                                 QFileDevice::FileModificationTime));
    }

    DispatchdProcess server;
    DispatchdProcess::Options options;
    options.dataDir = dataDir.path();
#ifdef DISPATCH_PHOTOS_POSTGRES
    options.dbUrl = m_cluster.createDatabase();
#endif
    QVERIFY(server.start(options));
    QVERIFY(QTest::qWaitFor([&] { return !QFileInfo::exists(oldOrphan); }, kAnswerWaitMs));
    QVERIFY(!QFileInfo::exists(photos + u"/tmp/body-abc123"_s));
    QVERIFY(!QFileInfo::exists(oldOrphan + u".t256.jpg"_s));
    QVERIFY(QFileInfo::exists(youngOrphan));
    QVERIFY(server.stop());
}

QTEST_MAIN(TestPhotoUpload)
#include "tst_photoupload.moc"
