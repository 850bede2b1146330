// Photos against the real dispatchd (docs/openapi.yaml "Photos"): an upload is stored and
// read back byte for byte, with its ETags, 304s and immutable caching; thumbnails are small,
// upright and carry no EXIF; the same bytes twice are one photo; a 13th is refused; admins
// review with If-Match (428, 412 with current, pending undoes), through a queue across jobs
// with job context, counts and cursor paging; PHOTO_ADDED and PHOTO_REVIEWED reach /events
// with the photo while the job's version stays; history rows; who may see, upload and review;
// --demo seeds photos. Upload mechanics (streaming, limits, hostile images, races) are in
// tst_photoupload.cpp.

#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "streamclient.h"
#include "testhelpers.h"
#include "testimages.h"
#include "testoffice.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

QString photoPath(const QString &id, const QString &suffix = {})
{
    return u"/photos/"_s + id + suffix;
}

QJsonObject photoOf(const HttpResult &result)
{
    return result.json()[u"photo"_s].toObject();
}

QStringList idsOf(const QJsonArray &photos)
{
    QStringList ids;
    for (const QJsonValue &photo : photos)
        ids.append(photo[u"id"_s].toString());
    return ids;
}

} // namespace

class TestPhotos final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void uploadIsStoredAndReadBack();
    void photoConditionalGet();
    void contentAndThumbnails_data();
    void contentAndThumbnails();
    void thumbnailSizeIsChecked();
    void thumbnailIsUprightWithoutExif();
    void sameBytesTwiceIsOnePhoto();
    void thirteenthPhotoIsRefused();
    void reviewNeedsIfMatchAndAnswers412WithCurrent();
    void reviewBodyIsChecked_data();
    void reviewBodyIsChecked();
    void pendingUndoesADecision();
    void reviewQueuePagesOldestFirstWithJobAndCounts();
    void eventsCarryThePhotoAndLeaveTheJobAlone();
    void historyRecordsPhotos();
    void whoMaySeeUploadAndReview_data();
    void whoMaySeeUploadAndReview();
    void deletingAJobDeletesItsPhotos();
    void demoSeedsPhotos();

private:
    /// A job made by the dispatcher; assigned to `pro` when given.
    QString makeJob(const QString &title, const TestUser *pro = nullptr);
    HttpResult upload(const TestUser &user, const QString &jobId, const QByteArray &bytes,
                      const QByteArray &type = "image/jpeg", const QByteArray &name = "site.jpg");
    QJsonObject getJob(const QString &jobId, QByteArray *etag = nullptr);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    QString m_ownJob;   ///< assigned to pro 1
    QString m_openJob;  ///< an open offer
    QString m_otherJob; ///< assigned to pro 2
    int m_seed = 1000;
};

QString TestPhotos::makeJob(const QString &title, const TestUser *pro)
{
    QByteArray etag;
    const QJsonObject job = m_office->createJob({{u"title"_s, title},
                                                 {u"customer.name"_s, u"Casey Client"_s},
                                                 {u"address"_s, u"12 Elm Court, Austin, TX"_s}},
                                                &etag);
    const QString id = job[u"id"_s].toString();
    if (pro && !id.isEmpty()) {
        const HttpResult assigned =
            m_office->client(m_office->dispatcher)
                .postJson(jobPath(id, u"/assign"_s), QJsonObject{{u"proId"_s, pro->id}},
                          ifMatch(etag));
        if (assigned.status != 200)
            qWarning() << "assign:" << assigned.describe();
    }
    return id;
}

HttpResult TestPhotos::upload(const TestUser &user, const QString &jobId, const QByteArray &bytes,
                              const QByteArray &type, const QByteArray &name)
{
    return m_office->client(user).request("POST", jobPath(jobId, u"/photos"_s), bytes,
                                          photoHeaders(type, name));
}

QJsonObject TestPhotos::getJob(const QString &jobId, QByteArray *etag)
{
    const HttpResult result = m_office->client(m_office->dispatcher).get(jobPath(jobId));
    if (etag)
        *etag = result.header("ETag");
    return result.json();
}

void TestPhotos::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set (build the dispatchd target and run through ctest)");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(2));
    m_ownJob = makeJob(u"photos: pro 1's job"_s, &m_office->pros[0]);
    m_openJob = makeJob(u"photos: an open offer"_s);
    m_otherJob = makeJob(u"photos: pro 2's job"_s, &m_office->pros[1]);
    QVERIFY(!m_ownJob.isEmpty() && !m_openJob.isEmpty() && !m_otherJob.isEmpty());
}

void TestPhotos::cleanupTestCase()
{
    m_office.reset();
    QVERIFY(m_server.stop());
}

void TestPhotos::uploadIsStoredAndReadBack()
{
    QByteArray jobEtag;
    const QJsonObject before = getJob(m_ownJob, &jobEtag);
    const QByteArray jpeg = jpegImage(640, 480, ++m_seed);
    const HttpResult created =
        upload(m_office->pros[0], m_ownJob, jpeg, "image/jpeg", "kitchen sink.jpg");
    QVERIFY2(created.status == 201, created.describe());
    const QJsonObject photo = photoOf(created);
    QVERIFY(!created.json().contains(u"duplicate"_s));
    QCOMPARE(photo[u"jobId"_s].toString(), m_ownJob);
    QCOMPARE(photo[u"sha256"_s].toString(), sha256Hex(jpeg));
    QCOMPARE(photo[u"filename"_s].toString(), u"kitchen sink.jpg"_s);
    QCOMPARE(photo[u"contentType"_s].toString(), u"image/jpeg"_s);
    QCOMPARE(photo[u"bytes"_s].toInteger(), jpeg.size());
    QCOMPARE(photo[u"width"_s].toInt(), 640);
    QCOMPARE(photo[u"height"_s].toInt(), 480);
    QCOMPARE(photo[u"uploadedBy"_s].toString(), m_office->pros[0].id);
    QVERIFY(!photo[u"uploadedByName"_s].toString().isEmpty());
    QCOMPARE(photo[u"version"_s].toInt(), 1);
    QCOMPARE(photo[u"review"_s][u"state"_s].toString(), u"pending"_s);
    QVERIFY(photo[u"review"_s][u"by"_s].isNull());
    QVERIFY(!photo[u"createdAt"_s].toString().isEmpty());
    // The ETag header and the body's "etag" are the same tag.
    QVERIFY(!created.header("ETag").isEmpty());
    QCOMPARE(QString::fromLatin1(created.header("ETag")), photo[u"etag"_s].toString());

    // The job is untouched: same version, same ETag (docs/openapi.yaml "Photos").
    QByteArray jobEtagAfter;
    const QJsonObject after = getJob(m_ownJob, &jobEtagAfter);
    QCOMPARE(versionOf(after), versionOf(before));
    QCOMPARE(jobEtagAfter, jobEtag);

    const HttpResult list =
        m_office->client(m_office->pros[0]).get(jobPath(m_ownJob, u"/photos"_s));
    QVERIFY2(list.status == 200, list.describe());
    QVERIFY(idsOf(list.json()[u"items"_s].toArray()).contains(photo[u"id"_s].toString()));
}

void TestPhotos::photoConditionalGet()
{
    const HttpResult created = upload(m_office->dispatcher, m_openJob, pngImage(300, 200, ++m_seed),
                                      "image/png", "plan.png");
    QVERIFY2(created.status == 201, created.describe());
    const QString id = photoOf(created)[u"id"_s].toString();
    HttpTestClient client = m_office->client(m_office->dispatcher);
    const HttpResult read = client.get(photoPath(id));
    QVERIFY2(read.status == 200, read.describe());
    QCOMPARE(read.header("ETag"), created.header("ETag"));
    QCOMPARE(read.json()[u"id"_s].toString(), id);
    QCOMPARE(read.json()[u"contentType"_s].toString(), u"image/png"_s);
    const HttpResult again = client.get(photoPath(id), {{"If-None-Match", read.header("ETag")}});
    QCOMPARE(again.status, 304);
    QVERIFY(again.body.isEmpty());
    QCOMPARE(again.header("ETag"), read.header("ETag"));
    // Another photo's tag does not match.
    const HttpResult other = client.get(photoPath(id), {{"If-None-Match", "\"p_x.1\""}});
    QCOMPARE(other.status, 200);
    QCOMPARE(client.get(photoPath(u"p_doesnotexist"_s)).status, 404);
}

void TestPhotos::contentAndThumbnails_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("jpeg 1600x1200") << QByteArray("image/jpeg") << 1600 << 1200;
    QTest::newRow("png 500x900") << QByteArray("image/png") << 500 << 900;
    QTest::newRow("webp 1200x300") << QByteArray("image/webp") << 1200 << 300;
    QTest::newRow("jpeg smaller than 128") << QByteArray("image/jpeg") << 90 << 60;
    QTest::newRow("jpeg with a video after it (a motion photo)")
        << QByteArray("image/jpeg+trailer") << 640 << 480;
}

void TestPhotos::contentAndThumbnails()
{
    QFETCH(QByteArray, type);
    QFETCH(int, width);
    QFETCH(int, height);
    QByteArray bytes = type == "image/png"    ? pngImage(width, height, ++m_seed)
                       : type == "image/webp" ? webpImage(width, height, ++m_seed)
                                              : jpegImage(width, height, ++m_seed);
    if (type.endsWith("+trailer")) {
        // Phones append a motion photo's video after the JPEG's EOI: still a whole JPEG.
        bytes += QByteArray(20000, '\x5a') + "ftypmp42";
        type.chop(8);
    }
    QVERIFY(!bytes.isEmpty());
    const QString job = makeJob(u"photos: content "_s + QString::fromLatin1(type));
    const HttpResult created = upload(m_office->admin, job, bytes, type, "x");
    QVERIFY2(created.status == 201, created.describe());
    const QJsonObject photo = photoOf(created);
    const QString id = photo[u"id"_s].toString();
    const QByteArray contentTag = '"' + sha256Hex(bytes).toLatin1() + '"';
    HttpTestClient client = m_office->client(m_office->dispatcher);

    const HttpResult content = client.get(photoPath(id, u"/content"_s));
    QVERIFY2(content.status == 200, content.describe());
    QCOMPARE(content.body, bytes);
    QCOMPARE(content.header("Content-Type"), type);
    QCOMPARE(content.header("ETag"), contentTag);
    QCOMPARE(content.header("Cache-Control"), QByteArray("private, max-age=31536000, immutable"));
    const HttpResult notModified =
        client.get(photoPath(id, u"/content"_s), {{"If-None-Match", contentTag}});
    QCOMPARE(notModified.status, 304);
    QVERIFY(notModified.body.isEmpty());
    QCOMPARE(notModified.header("ETag"), contentTag);

    QSet<QByteArray> tags;
    for (const int size : {128, 256, 1024}) {
        const QString path = photoPath(id, u"/thumbnail?size=%1"_s.arg(size));
        const HttpResult thumbnail = client.get(path);
        QVERIFY2(thumbnail.status == 200, thumbnail.describe());
        QCOMPARE(thumbnail.header("Content-Type"), QByteArray("image/jpeg"));
        QCOMPARE(thumbnail.header("Cache-Control"),
                 QByteArray("private, max-age=31536000, immutable"));
        const QSize got = imageSize(thumbnail.body);
        QVERIFY(got.isValid());
        // The longest side is the size asked for, never more than the original's.
        const int expectedLongest = std::min(size, std::max(width, height));
        QCOMPARE(std::max(got.width(), got.height()), expectedLongest);
        QVERIFY(qAbs(double(got.width()) / got.height() - double(width) / height) < 0.05);
        const QByteArray tag = thumbnail.header("ETag");
        QVERIFY(tag.startsWith('"') && tag.contains(sha256Hex(bytes).toLatin1()));
        tags.insert(tag);
        const HttpResult cached = client.get(path, {{"If-None-Match", tag}});
        QCOMPARE(cached.status, 304);
        QCOMPARE(cached.header("ETag"), tag);
        // Made once: the second read is the same bytes.
        QCOMPARE(client.get(path).body, thumbnail.body);
    }
    QCOMPARE(tags.size(), 3);
    // No size is 256.
    const HttpResult plain = client.get(photoPath(id, u"/thumbnail"_s));
    QCOMPARE(plain.status, 200);
    QCOMPARE(plain.body, client.get(photoPath(id, u"/thumbnail?size=256"_s)).body);
}

void TestPhotos::thumbnailSizeIsChecked()
{
    const HttpResult created =
        upload(m_office->dispatcher, m_openJob, jpegImage(200, 200, ++m_seed));
    QVERIFY2(created.status == 201, created.describe());
    const QString id = photoOf(created)[u"id"_s].toString();
    HttpTestClient client = m_office->client(m_office->dispatcher);
    for (const QString &size : {u"100"_s, u"0"_s, u"-256"_s, u"big"_s, u"2048"_s}) {
        const HttpResult refused = client.get(photoPath(id, u"/thumbnail?size="_s + size));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.errorCode(), u"INVALID_VALUE"_s);
        QCOMPARE(refused.errorObject()[u"field"_s].toString(), u"size"_s);
    }
}

void TestPhotos::thumbnailIsUprightWithoutExif()
{
    // Raw pixels 200 × 100, EXIF Orientation 6 (rotate 90° clockwise to show): shown upright it
    // is 100 × 200.
    const QByteArray raw = jpegImage(200, 100, ++m_seed);
    QVERIFY(!hasExif(raw));
    const QByteArray rotated = withExifOrientation(raw, 6);
    QVERIFY(hasExif(rotated));
    const HttpResult created =
        upload(m_office->pros[0], m_ownJob, rotated, "image/jpeg", "sideways.jpg");
    QVERIFY2(created.status == 201, created.describe());
    const QJsonObject photo = photoOf(created);
    QCOMPARE(photo[u"width"_s].toInt(), 100); // as shown
    QCOMPARE(photo[u"height"_s].toInt(), 200);
    const QString id = photo[u"id"_s].toString();
    HttpTestClient client = m_office->client(m_office->pros[0]);
    // The content is the bytes as uploaded, EXIF and all; thumbnails are re-encoded without.
    QCOMPARE(client.get(photoPath(id, u"/content"_s)).body, rotated);
    for (const int size : {128, 256, 1024}) {
        const HttpResult thumbnail = client.get(photoPath(id, u"/thumbnail?size=%1"_s.arg(size)));
        QVERIFY2(thumbnail.status == 200, thumbnail.describe());
        const QSize got = imageSize(thumbnail.body);
        QVERIFY2(got.height() > got.width(),
                 qPrintable(u"%1x%2"_s.arg(got.width()).arg(got.height())));
        QCOMPARE(got, size == 128 ? QSize(64, 128) : QSize(100, 200));
        QVERIFY2(!hasExif(thumbnail.body), "a thumbnail carries EXIF");
        QVERIFY(!thumbnail.body.contains("Exif"));
    }
}

void TestPhotos::sameBytesTwiceIsOnePhoto()
{
    const QString job = makeJob(u"photos: duplicates"_s);
    const QByteArray jpeg = jpegImage(320, 240, ++m_seed);
    const HttpResult first = upload(m_office->dispatcher, job, jpeg, "image/jpeg", "a.jpg");
    QVERIFY2(first.status == 201, first.describe());
    const HttpResult second = upload(m_office->admin, job, jpeg, "image/jpeg", "b.jpg");
    QVERIFY2(second.status == 200, second.describe());
    QCOMPARE(second.json()[u"duplicate"_s].toBool(), true);
    QCOMPARE(photoOf(second)[u"id"_s], photoOf(first)[u"id"_s]);
    QCOMPARE(photoOf(second)[u"filename"_s].toString(), u"a.jpg"_s);
    QCOMPARE(second.header("ETag"), first.header("ETag"));
    const HttpResult list = m_office->client(m_office->dispatcher).get(jobPath(job, u"/photos"_s));
    QCOMPARE(list.json()[u"items"_s].toArray().size(), 1);
    // The same bytes on another job are that job's own photo.
    const QString other = makeJob(u"photos: duplicates elsewhere"_s);
    const HttpResult elsewhere = upload(m_office->dispatcher, other, jpeg);
    QCOMPARE(elsewhere.status, 201);
    QVERIFY(photoOf(elsewhere)[u"id"_s] != photoOf(first)[u"id"_s]);
}

void TestPhotos::thirteenthPhotoIsRefused()
{
    const QString job = makeJob(u"photos: twelve at most"_s);
    QStringList order;
    for (int i = 0; i < 12; ++i) {
        const HttpResult added = upload(m_office->dispatcher, job, jpegImage(64, 48, ++m_seed));
        QVERIFY2(added.status == 201, added.describe());
        order.append(photoOf(added)[u"id"_s].toString());
    }
    const HttpResult thirteenth = upload(m_office->dispatcher, job, jpegImage(64, 48, ++m_seed));
    QCOMPARE(thirteenth.status, 409);
    QCOMPARE(thirteenth.errorCode(), u"PHOTO_LIMIT"_s);
    // The bytes of one of the twelve again are that photo (a retry whose answer was lost),
    // not a 409.
    const HttpResult again = upload(m_office->dispatcher, job, jpegImage(64, 48, m_seed - 5));
    QCOMPARE(again.status, 200);
    QCOMPARE(photoOf(again)[u"id"_s].toString(), order.at(7));
    const HttpResult list = m_office->client(m_office->dispatcher).get(jobPath(job, u"/photos"_s));
    QCOMPARE(idsOf(list.json()[u"items"_s].toArray()), order); // oldest first
}

void TestPhotos::reviewNeedsIfMatchAndAnswers412WithCurrent()
{
    const HttpResult created = upload(m_office->pros[0], m_ownJob, jpegImage(300, 300, ++m_seed));
    QVERIFY2(created.status == 201, created.describe());
    const QString id = photoOf(created)[u"id"_s].toString();
    const QByteArray etag1 = created.header("ETag");
    HttpTestClient admin = m_office->client(m_office->admin);

    const HttpResult noTag =
        admin.patchJson(photoPath(id), QJsonObject{{u"review"_s, u"approved"_s}});
    QCOMPARE(noTag.status, 428);
    QCOMPARE(noTag.errorCode(), u"PRECONDITION_REQUIRED"_s);

    const HttpResult approved =
        admin.patchJson(photoPath(id), QJsonObject{{u"review"_s, u"approved"_s}}, ifMatch(etag1));
    QVERIFY2(approved.status == 200, approved.describe());
    const QJsonObject photo = approved.json();
    QCOMPARE(photo[u"version"_s].toInt(), 2);
    QCOMPARE(photo[u"review"_s][u"state"_s].toString(), u"approved"_s);
    QCOMPARE(photo[u"review"_s][u"by"_s].toString(), m_office->admin.id);
    QVERIFY(!photo[u"review"_s][u"byName"_s].toString().isEmpty());
    QVERIFY(!photo[u"review"_s][u"at"_s].toString().isEmpty());
    const QByteArray etag2 = approved.header("ETag");
    QVERIFY(etag2 != etag1);
    QCOMPARE(QString::fromLatin1(etag2), photo[u"etag"_s].toString());
    QCOMPARE(admin.get(photoPath(id)).header("ETag"), etag2);

    // The same tag again is stale: 412 with the photo as it is now and its tag.
    const HttpResult stale = admin.patchJson(
        photoPath(id), QJsonObject{{u"review"_s, u"flagged"_s}, {u"note"_s, u"dark"_s}},
        ifMatch(etag1));
    QCOMPARE(stale.status, 412);
    QCOMPARE(stale.errorCode(), u"PRECONDITION_FAILED"_s);
    QCOMPARE(stale.header("ETag"), etag2);
    const QJsonObject current = stale.errorObject()[u"current"_s].toObject();
    QCOMPARE(current[u"version"_s].toInt(), 2);
    QCOMPARE(current[u"review"_s][u"state"_s].toString(), u"approved"_s);

    // The same decision again changes nothing: same version, same tag.
    const HttpResult same =
        admin.patchJson(photoPath(id), QJsonObject{{u"review"_s, u"approved"_s}}, ifMatch(etag2));
    QCOMPARE(same.status, 200);
    QCOMPARE(same.header("ETag"), etag2);

    const HttpResult flagged = admin.patchJson(
        photoPath(id), QJsonObject{{u"review"_s, u"flagged"_s}, {u"note"_s, u"Too dark."_s}},
        ifMatch(etag2));
    QVERIFY2(flagged.status == 200, flagged.describe());
    QCOMPARE(flagged.json()[u"version"_s].toInt(), 3);
    QCOMPARE(flagged.json()[u"review"_s][u"note"_s].toString(), u"Too dark."_s);
}

void TestPhotos::reviewBodyIsChecked_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown member")
        << QByteArray(R"({"review":"approved","rating":5})") << 400 << u"INVALID_FIELD_KEY"_s;
    QTest::newRow("unknown state")
        << QByteArray(R"({"review":"maybe"})") << 400 << u"INVALID_VALUE"_s;
    QTest::newRow("no review") << QByteArray(R"({"note":"x"})") << 400 << u"INVALID_VALUE"_s;
    QTest::newRow("note not text")
        << QByteArray(R"({"review":"flagged","note":5})") << 400 << u"INVALID_VALUE"_s;
    QTest::newRow("not json") << QByteArray("review=approved") << 400 << u"BAD_REQUEST"_s;
}

void TestPhotos::reviewBodyIsChecked()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const HttpResult created = upload(m_office->dispatcher, m_openJob, jpegImage(50, 50, ++m_seed));
    QVERIFY2(created.status == 201, created.describe());
    const HttpResult refused =
        m_office->client(m_office->admin)
            .request("PATCH", photoPath(photoOf(created)[u"id"_s].toString()), body,
                     ifMatch(created.header("ETag")));
    QCOMPARE(refused.status, status);
    QCOMPARE(refused.errorCode(), code);
}

void TestPhotos::pendingUndoesADecision()
{
    const HttpResult created = upload(m_office->dispatcher, m_openJob, jpegImage(80, 80, ++m_seed));
    QVERIFY2(created.status == 201, created.describe());
    const QString id = photoOf(created)[u"id"_s].toString();
    HttpTestClient admin = m_office->client(m_office->admin);
    const HttpResult flagged = admin.patchJson(
        photoPath(id), QJsonObject{{u"review"_s, u"flagged"_s}, {u"note"_s, u"Blurry"_s}},
        ifMatch(created.header("ETag")));
    QVERIFY2(flagged.status == 200, flagged.describe());
    const HttpResult undone = admin.patchJson(
        photoPath(id), QJsonObject{{u"review"_s, u"pending"_s}}, ifMatch(flagged.header("ETag")));
    QVERIFY2(undone.status == 200, undone.describe());
    const QJsonObject review = undone.json()[u"review"_s].toObject();
    QCOMPARE(review[u"state"_s].toString(), u"pending"_s);
    QVERIFY(review[u"by"_s].isNull());
    QVERIFY(review[u"at"_s].isNull());
    QVERIFY(review[u"note"_s].isNull());
    QCOMPARE(undone.json()[u"version"_s].toInt(), 3);
}

void TestPhotos::reviewQueuePagesOldestFirstWithJobAndCounts()
{
    HttpTestClient admin = m_office->client(m_office->admin);
    const HttpResult all = admin.get(u"/photos?review=pending&limit=200"_s);
    QVERIFY2(all.status == 200, all.describe());
    const QJsonArray items = all.json()[u"items"_s].toArray();
    QVERIFY(items.size() >= 5);
    QVERIFY(all.json()[u"nextCursor"_s].isNull());
    const QJsonObject counts = all.json()[u"counts"_s].toObject();
    QCOMPARE(counts[u"pending"_s].toInt(), items.size());
    QVERIFY(counts[u"approved"_s].toInt() >= 0 && counts[u"flagged"_s].toInt() >= 1);
    QStringList expected;
    QString previous;
    for (const QJsonValue &item : items) {
        const QJsonObject photo = item[u"photo"_s].toObject();
        QCOMPARE(photo[u"review"_s][u"state"_s].toString(), u"pending"_s);
        const QString createdAt = photo[u"createdAt"_s].toString();
        QVERIFY2(previous <= createdAt, "the queue is oldest first");
        previous = createdAt;
        const QJsonObject job = item[u"job"_s].toObject();
        QCOMPARE(job[u"id"_s].toString(), photo[u"jobId"_s].toString());
        QVERIFY(job.contains(u"title"_s) && job.contains(u"customer.name"_s) &&
                job.contains(u"address"_s));
        expected.append(photo[u"id"_s].toString());
    }
    QCOMPARE(items.first()[u"job"_s][u"customer.name"_s].toString(), u"Casey Client"_s);

    // Two at a time, the same photos in the same order.
    QStringList paged;
    QString cursor;
    for (int page = 0; page < 100; ++page) {
        const HttpResult result =
            admin.get(u"/photos?review=pending&limit=2"_s +
                      (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        QVERIFY2(result.status == 200, result.describe());
        const QJsonArray some = result.json()[u"items"_s].toArray();
        QVERIFY(some.size() <= 2);
        for (const QJsonValue &item : some)
            paged.append(item[u"photo"_s][u"id"_s].toString());
        if (result.json()[u"nextCursor"_s].isNull())
            break;
        cursor = result.json()[u"nextCursor"_s].toString();
    }
    QCOMPARE(paged, expected);

    const HttpResult flagged = admin.get(u"/photos?review=flagged"_s);
    QCOMPARE(flagged.status, 200);
    for (const QJsonValue &item : flagged.json()[u"items"_s].toArray())
        QCOMPARE(item[u"photo"_s][u"review"_s][u"state"_s].toString(), u"flagged"_s);
    QCOMPARE(admin.get(u"/photos?review=lost"_s).status, 400);
    QCOMPARE(admin.get(u"/photos?limit=0"_s).status, 400);
    QCOMPARE(admin.get(u"/photos?cursor=!!"_s).status, 400);
    QCOMPARE(m_office->client(m_office->dispatcher).get(u"/photos"_s).status, 403);
    QCOMPARE(m_office->client(m_office->pros[0]).get(u"/photos"_s).status, 403);
}

void TestPhotos::eventsCarryThePhotoAndLeaveTheJobAlone()
{
    HttpTestClient admin = m_office->client(m_office->admin);
    // GET /jobs tells the log's head.
    const qint64 after = admin.get(u"/jobs?limit=1"_s).header("X-Last-Event-Seq").toLongLong();
    QVERIFY(after > 0);
    QByteArray jobEtag;
    const QJsonObject job = getJob(m_ownJob, &jobEtag);
    // The assigned pro's WebSocket, live before the writes.
    StreamClient stream;
    stream.open(m_server, m_office->pros[0].token);
    QVERIFY(stream.waitConnected());
    stream.resumeAfter(after);
    const HttpResult created = upload(m_office->pros[0], m_ownJob, jpegImage(120, 90, ++m_seed));
    QVERIFY2(created.status == 201, created.describe());
    const QJsonObject photo = photoOf(created);
    const HttpResult reviewed =
        admin.patchJson(photoPath(photo[u"id"_s].toString()),
                        QJsonObject{{u"review"_s, u"approved"_s}}, ifMatch(created.header("ETag")));
    QVERIFY2(reviewed.status == 200, reviewed.describe());

    // The office, the assigned pro and (not) another pro, by polling.
    const auto eventsFor = [&](const TestUser &user) {
        const HttpResult poll = m_office->client(user).get(u"/events?after=%1"_s.arg(after));
        QList<QJsonObject> photoEvents;
        for (const QJsonValue &event : poll.json()[u"events"_s].toArray()) {
            if (event[u"jobId"_s].toString() == m_ownJob &&
                event[u"type"_s].toString().startsWith(u"PHOTO_"_s))
                photoEvents.append(event.toObject());
        }
        return photoEvents;
    };
    for (const TestUser *user : {&m_office->dispatcher, &m_office->pros[0]}) {
        const QList<QJsonObject> events = eventsFor(*user);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0][u"type"_s].toString(), u"PHOTO_ADDED"_s);
        QCOMPARE(events[1][u"type"_s].toString(), u"PHOTO_REVIEWED"_s);
        QCOMPARE(events[0][u"photo"_s][u"id"_s], photo[u"id"_s]);
        QCOMPARE(events[0][u"photo"_s][u"review"_s][u"state"_s].toString(), u"pending"_s);
        QCOMPARE(events[1][u"photo"_s][u"review"_s][u"state"_s].toString(), u"approved"_s);
        QCOMPARE(events[1][u"photo"_s][u"version"_s].toInt(), 2);
        for (const QJsonObject &event : events) {
            // The job as it was, at the version it had: a photo does not bump it.
            QCOMPARE(versionOf(event[u"job"_s].toObject()), versionOf(job));
            QCOMPARE(event[u"etag"_s].toString(), QString::fromLatin1(jobEtag));
            QCOMPARE(event[u"photo"_s][u"jobId"_s].toString(), m_ownJob);
        }
        if (user->role == u"pro"_s)
            QVERIFY(!events[0][u"job"_s].toObject().contains(u"codes"_s));
    }
    QVERIFY(eventsFor(m_office->pros[1]).isEmpty());
    QVERIFY(stream.waitForEvent(m_ownJob, u"PHOTO_REVIEWED"_s));
    QStringList streamed;
    for (const QJsonObject &message : std::as_const(stream.messages)) {
        if (message[u"jobId"_s].toString() == m_ownJob &&
            message[u"type"_s].toString().startsWith(u"PHOTO_"_s)) {
            streamed.append(message[u"type"_s].toString());
            QCOMPARE(message[u"photo"_s][u"id"_s], photo[u"id"_s]);
            QCOMPARE(versionOf(message[u"job"_s].toObject()), versionOf(job));
        }
    }
    QCOMPARE(streamed, QStringList({u"PHOTO_ADDED"_s, u"PHOTO_REVIEWED"_s}));
    stream.close();
    QByteArray etagAfter;
    QCOMPARE(versionOf(getJob(m_ownJob, &etagAfter)), versionOf(job));
    QCOMPARE(etagAfter, jobEtag);
}

void TestPhotos::historyRecordsPhotos()
{
    const QString job = makeJob(u"photos: history"_s);
    const HttpResult created =
        upload(m_office->dispatcher, job, jpegImage(77, 77, ++m_seed), "image/jpeg", "meter.jpg");
    QVERIFY2(created.status == 201, created.describe());
    const QString id = photoOf(created)[u"id"_s].toString();
    const HttpResult flagged =
        m_office->client(m_office->admin)
            .patchJson(photoPath(id),
                       QJsonObject{{u"review"_s, u"flagged"_s}, {u"note"_s, u"Wrong house"_s}},
                       ifMatch(created.header("ETag")));
    QVERIFY2(flagged.status == 200, flagged.describe());
    const HttpResult history =
        m_office->client(m_office->dispatcher).get(jobPath(job, u"/history"_s));
    QVERIFY2(history.status == 200, history.describe());
    const QJsonArray rows = history.jsonArray();
    QVERIFY(rows.size() >= 3);
    const QJsonObject added = rows[rows.size() - 2].toObject();
    const QJsonObject reviewed = rows.last().toObject();
    QCOMPARE(added[u"type"_s].toString(), u"PHOTO_ADDED"_s);
    QCOMPARE(added[u"actor"_s].toString(), m_office->dispatcher.id);
    QCOMPARE(added[u"changes"_s][u"photo"_s].toArray().last().toString(), id);
    QCOMPARE(added[u"changes"_s][u"filename"_s].toArray().last().toString(), u"meter.jpg"_s);
    QCOMPARE(reviewed[u"type"_s].toString(), u"PHOTO_REVIEWED"_s);
    QCOMPARE(reviewed[u"actor"_s].toString(), m_office->admin.id);
    QCOMPARE(reviewed[u"changes"_s][u"review"_s].toArray(),
             QJsonArray({u"pending"_s, u"flagged"_s}));
    QCOMPARE(reviewed[u"changes"_s][u"note"_s].toArray().last().toString(), u"Wrong house"_s);
    QCOMPARE(reviewed[u"reason"_s].toString(), u"Wrong house"_s);
}

void TestPhotos::whoMaySeeUploadAndReview_data()
{
    QTest::addColumn<QString>("who");   // admin, dispatcher, pro1
    QTest::addColumn<QString>("which"); // own, open, other
    QTest::addColumn<int>("seeStatus"); // GET /jobs/{id}/photos, /photos/{id}, content
    QTest::addColumn<int>("uploadStatus");
    QTest::addColumn<int>("reviewStatus");
    QTest::newRow("admin, any job") << u"admin"_s << u"other"_s << 200 << 201 << 200;
    QTest::newRow("dispatcher, any job") << u"dispatcher"_s << u"other"_s << 200 << 201 << 403;
    QTest::newRow("pro, own job") << u"pro1"_s << u"own"_s << 200 << 201 << 403;
    QTest::newRow("pro, open offer") << u"pro1"_s << u"open"_s << 200 << 403 << 403;
    QTest::newRow("pro, another pro's job") << u"pro1"_s << u"other"_s << 404 << 404 << 404;
}

void TestPhotos::whoMaySeeUploadAndReview()
{
    QFETCH(QString, who);
    QFETCH(QString, which);
    QFETCH(int, seeStatus);
    QFETCH(int, uploadStatus);
    QFETCH(int, reviewStatus);
    const TestUser &user = who == u"admin"_s        ? m_office->admin
                           : who == u"dispatcher"_s ? m_office->dispatcher
                                                    : m_office->pros[0];
    const QString job = which == u"own"_s ? m_ownJob : which == u"open"_s ? m_openJob : m_otherJob;
    // A photo the office put on the job.
    const HttpResult existing = upload(m_office->admin, job, jpegImage(40, 30, ++m_seed));
    QVERIFY2(existing.status == 201, existing.describe());
    const QString id = photoOf(existing)[u"id"_s].toString();

    HttpTestClient client = m_office->client(user);
    QCOMPARE(client.get(jobPath(job, u"/photos"_s)).status, seeStatus);
    QCOMPARE(client.get(photoPath(id)).status, seeStatus);
    QCOMPARE(client.get(photoPath(id, u"/content"_s)).status, seeStatus);
    QCOMPARE(client.get(photoPath(id, u"/thumbnail?size=128"_s)).status, seeStatus);
    const HttpResult uploaded = upload(user, job, jpegImage(40, 30, ++m_seed));
    QVERIFY2(uploaded.status == uploadStatus, uploaded.describe());
    const HttpResult reviewed = client.patchJson(
        photoPath(id), QJsonObject{{u"review"_s, u"approved"_s}}, ifMatch(existing.header("ETag")));
    QVERIFY2(reviewed.status == reviewStatus, reviewed.describe());
    if (seeStatus == 404) {
        // Nothing of the photo leaks in the answer.
        QVERIFY(!client.get(photoPath(id)).body.contains(id.toUtf8()));
    }
    QCOMPARE(HttpTestClient(m_server.apiUrl({})).get(photoPath(id)).status, 401);
}

void TestPhotos::deletingAJobDeletesItsPhotos()
{
    QByteArray etag;
    const QString job =
        m_office->createJob({{u"title"_s, u"photos: deleted"_s}}, &etag)[u"id"_s].toString();
    const HttpResult created = upload(m_office->dispatcher, job, jpegImage(60, 40, ++m_seed));
    QVERIFY2(created.status == 201, created.describe());
    const QString id = photoOf(created)[u"id"_s].toString();
    HttpTestClient admin = m_office->client(m_office->admin);
    const HttpResult deleted = admin.del(jobPath(job), ifMatch(etag));
    QVERIFY2(deleted.status == 204, deleted.describe());
    QCOMPARE(admin.get(photoPath(id)).status, 404);
    QCOMPARE(admin.get(photoPath(id, u"/content"_s)).status, 404);
    const HttpResult queue = admin.get(u"/photos?limit=200"_s);
    for (const QJsonValue &item : queue.json()[u"items"_s].toArray())
        QVERIFY(item[u"photo"_s][u"id"_s].toString() != id);
}

void TestPhotos::demoSeedsPhotos()
{
    DispatchdProcess demo;
    DispatchdProcess::Options options;
    options.demo = true;
    QVERIFY(demo.start(options));
    HttpTestClient admin(demo.apiUrl({}));
    QVERIFY(admin.login(u"admin"_s, QString::fromUtf8(demo.adminPassword())));
    const HttpResult queue = admin.get(u"/photos?limit=200"_s);
    QVERIFY2(queue.status == 200, queue.describe());
    const QJsonObject counts = queue.json()[u"counts"_s].toObject();
    QVERIFY(counts[u"pending"_s].toInt() > 0);
    QVERIFY(counts[u"approved"_s].toInt() > 0);
    QCOMPARE(counts[u"flagged"_s].toInt(), 1);
    const QJsonArray items = queue.json()[u"items"_s].toArray();
    QHash<QString, int> perJob;
    bool flaggedWithNote = false;
    for (const QJsonValue &item : items) {
        const QJsonObject photo = item[u"photo"_s].toObject();
        ++perJob[photo[u"jobId"_s].toString()];
        QCOMPARE(photo[u"width"_s].toInt(), 1600);
        QCOMPARE(photo[u"height"_s].toInt(), 1200);
        if (photo[u"review"_s][u"state"_s].toString() == u"flagged"_s)
            flaggedWithNote = !photo[u"review"_s][u"note"_s].toString().isEmpty();
    }
    QVERIFY(flaggedWithNote);
    QVERIFY(perJob.size() >= 4);
    for (const int count : std::as_const(perJob))
        QVERIFY(count >= 2 && count <= 4);
    // Real pictures: the content decodes and the thumbnail is there.
    const QString id = items.first()[u"photo"_s][u"id"_s].toString();
    QCOMPARE(imageSize(admin.get(photoPath(id, u"/content"_s)).body), QSize(1600, 1200));
    QCOMPARE(imageSize(admin.get(photoPath(id, u"/thumbnail"_s)).body), QSize(256, 192));
    QVERIFY(demo.stop());
}

QTEST_MAIN(TestPhotos)
#include "tst_photos.moc"
