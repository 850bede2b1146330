// The checks a file passes before the console sends it as a photo (ui/photos/uploadcheck.h):
// each refusal in words that name the file, in the order the rules apply, and who may add
// photos to which job.
#include <uploadcheck.h>

#include <QTest>

using namespace dispatch;
using namespace dispatch::ui;
using dispatch::net::LocalPhotoFile;
using Kind = dispatch::ui::UploadVerdict::Kind;
using namespace Qt::StringLiterals;

namespace {

LocalPhotoFile file(const QString &name, const QString &sha, qint64 bytes = 200'000,
                    const QString &type = u"image/jpeg"_s)
{
    LocalPhotoFile f;
    f.path = u"/home/dana/Pictures/"_s + name;
    f.filename = name;
    f.contentType = type;
    f.bytes = bytes;
    f.sha256 = sha;
    return f;
}

Photo photo(const QString &name, const QString &sha, const QString &jobId = u"j1"_s)
{
    Photo p;
    p.id = u"p_"_s + sha;
    p.jobId = jobId;
    p.filename = name;
    p.sha256 = sha;
    p.contentType = u"image/jpeg"_s;
    return p;
}

QList<Photo> photos(int count)
{
    QList<Photo> list;
    for (int i = 0; i < count; ++i)
        list.append(photo(u"IMG_%1.jpg"_s.arg(1000 + i), u"known%1"_s.arg(i)));
    return list;
}

QList<LocalPhotoFile> pending(int count)
{
    QList<LocalPhotoFile> list;
    for (int i = 0; i < count; ++i)
        list.append(file(u"new_%1.jpg"_s.arg(i), u"pending%1"_s.arg(i)));
    return list;
}

} // namespace

class TestUploadCheck final : public QObject {
    Q_OBJECT

private slots:
    void acceptsAPhoto();
    void refusesWhatIsNotAPhoto();
    void refusesAnUnreadableFile();
    void refusesOverTenMegabytes();
    void sizeTextRoundsUp_data();
    void sizeTextRoundsUp();
    void duplicateOfAPhotoOfTheJob();
    void duplicateWithinTheBatch();
    void duplicateComesBeforeTheCount();
    void fullJob();
    void lastPlacesTakenByTheBatch_data();
    void lastPlacesTakenByTheBatch();
    void whoMayUpload();
};

void TestUploadCheck::acceptsAPhoto()
{
    for (const QString &type : {u"image/jpeg"_s, u"image/png"_s, u"image/webp"_s}) {
        const UploadVerdict verdict =
            checkUpload(file(u"IMG_2231.jpg"_s, u"aa"_s, 3'000'000, type), photos(3), pending(2));
        QVERIFY2(verdict.ok(), qPrintable(verdict.text));
        QCOMPARE(verdict.text, QString());
    }
    // Exactly 10 MiB is still a photo we take; eleven photos and nothing pending leave room.
    QVERIFY(checkUpload(file(u"big.png"_s, u"bb"_s, kMaxPhotoBytes), photos(11), {}).ok());
}

void TestUploadCheck::refusesWhatIsNotAPhoto()
{
    // The sniffed type is empty: a HEIC, a PDF, a text file named .jpg all read the same.
    const UploadVerdict verdict =
        checkUpload(file(u"IMG.heic"_s, u"cc"_s, 1000, QString()), {}, {});
    QCOMPARE(verdict.kind, Kind::NotAPhoto);
    QCOMPARE(verdict.text, u"IMG.heic is not a JPEG, PNG or WebP image."_s);
    // The type comes before the size: a 50 MB video is "not a photo", not "too big".
    QCOMPARE(checkUpload(file(u"clip.mov"_s, {}, 50'000'000, QString()), {}, {}).kind,
             Kind::NotAPhoto);
}

void TestUploadCheck::refusesAnUnreadableFile()
{
    LocalPhotoFile f = file(u"locked.jpg"_s, {}, 0, QString());
    f.readError = u"Permission denied"_s;
    const UploadVerdict verdict = checkUpload(f, {}, {});
    QCOMPARE(verdict.kind, Kind::Unreadable);
    QCOMPARE(verdict.text, u"locked.jpg could not be read: Permission denied."_s);
}

void TestUploadCheck::refusesOverTenMegabytes()
{
    // 14.2 MB of 1024 × 1024 bytes; PhotoClient does not hash a file over the limit.
    const qint64 bytes = qint64(14.15 * 1024 * 1024);
    const UploadVerdict verdict = checkUpload(file(u"DSC_0042.jpg"_s, {}, bytes), {}, {});
    QCOMPARE(verdict.kind, Kind::TooBig);
    QCOMPARE(verdict.text, u"DSC_0042.jpg is 14.2 MB; photos can be at most 10 MB."_s);
    // One byte over is over, and never reads as "10.0 MB".
    const UploadVerdict justOver =
        checkUpload(file(u"edge.png"_s, u"ee"_s, kMaxPhotoBytes + 1, u"image/png"_s), {}, {});
    QCOMPARE(justOver.kind, Kind::TooBig);
    QCOMPARE(justOver.text, u"edge.png is 10.1 MB; photos can be at most 10 MB."_s);
}

void TestUploadCheck::sizeTextRoundsUp_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << u"0.0 MB"_s;
    QTest::newRow("one byte") << qint64(1) << u"0.1 MB"_s;
    QTest::newRow("one MiB") << qint64(1024 * 1024) << u"1.0 MB"_s;
    QTest::newRow("limit") << kMaxPhotoBytes << u"10.0 MB"_s;
    QTest::newRow("limit + 1") << kMaxPhotoBytes + 1 << u"10.1 MB"_s;
}

void TestUploadCheck::sizeTextRoundsUp()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(photoSizeText(bytes), expected);
}

void TestUploadCheck::duplicateOfAPhotoOfTheJob()
{
    QList<Photo> known = photos(4);
    known.insert(2, photo(u"IMG_2231.jpg"_s, u"samebytes"_s));
    // Another name, the same bytes: the name the job has it under is what the user needs.
    const UploadVerdict verdict =
        checkUpload(file(u"copy of kitchen.jpg"_s, u"samebytes"_s), known, {});
    QCOMPARE(verdict.kind, Kind::DuplicateOnJob);
    QCOMPARE(verdict.text, u"Already attached as IMG_2231.jpg."_s);
    QCOMPARE(verdict.existing.id, u"p_samebytes"_s);
}

void TestUploadCheck::duplicateWithinTheBatch()
{
    QList<LocalPhotoFile> batch = pending(2);
    batch.append(file(u"kitchen.jpg"_s, u"k1"_s));
    const UploadVerdict verdict =
        checkUpload(file(u"kitchen (2).jpg"_s, u"k1"_s), photos(1), batch);
    QCOMPARE(verdict.kind, Kind::DuplicateInBatch);
    QCOMPARE(verdict.text, u"The same picture as kitchen.jpg, which is already being added."_s);
    // Another picture of the same batch is fine.
    QVERIFY(checkUpload(file(u"hall.jpg"_s, u"h1"_s), photos(1), batch).ok());
}

void TestUploadCheck::duplicateComesBeforeTheCount()
{
    // The server answers the same bytes with 200 duplicate even on a full job; so does this.
    const QList<Photo> full = photos(kMaxPhotosPerJob);
    const UploadVerdict verdict = checkUpload(file(u"again.jpg"_s, u"known7"_s), full, {});
    QCOMPARE(verdict.kind, Kind::DuplicateOnJob);
    QCOMPARE(verdict.text, u"Already attached as IMG_1007.jpg."_s);
}

void TestUploadCheck::fullJob()
{
    const UploadVerdict verdict =
        checkUpload(file(u"thirteenth.jpg"_s, u"t13"_s), photos(kMaxPhotosPerJob), {});
    QCOMPARE(verdict.kind, Kind::JobFull);
    QCOMPARE(verdict.text, u"This job already has 12 photos, the most a job can hold."_s);
    // More than twelve known (a race another console won) says the same.
    QCOMPARE(checkUpload(file(u"x.jpg"_s, u"x"_s), photos(13), {}).text, verdict.text);
}

void TestUploadCheck::lastPlacesTakenByTheBatch_data()
{
    QTest::addColumn<int>("known");
    QTest::addColumn<int>("inFlight");
    QTest::addColumn<QString>("expected"); // empty: accepted
    QTest::newRow("10 + 1: room") << 10 << 1 << QString();
    QTest::newRow("10 + 2: full") << 10 << 2
                                  << u"Only 2 more photos fit on this job, and they are already "
                                     "being added."_s;
    QTest::newRow("11 + 1: full") << 11 << 1
                                  << u"Only 1 more photo fits on this job, and it is already "
                                     "being added."_s;
    QTest::newRow("0 + 12: full") << 0 << 12
                                  << u"Only 12 more photos fit on this job, and they are already "
                                     "being added."_s;
    QTest::newRow("0 + 11: room") << 0 << 11 << QString();
}

void TestUploadCheck::lastPlacesTakenByTheBatch()
{
    QFETCH(int, known);
    QFETCH(int, inFlight);
    QFETCH(QString, expected);
    const UploadVerdict verdict =
        checkUpload(file(u"one more.jpg"_s, u"om"_s), photos(known), pending(inFlight));
    QCOMPARE(verdict.text, expected);
    QCOMPARE(verdict.kind, expected.isEmpty() ? Kind::Ok : Kind::JobFull);
}

void TestUploadCheck::whoMayUpload()
{
    Job job;
    job.id = u"j1"_s;
    job.status = JobStatus::Open;
    net::UserInfo admin{u"u_admin"_s, u"admin"_s, u"Ada"_s, Role::Admin, {}};
    net::UserInfo dispatcher{u"u_dana"_s, u"dana"_s, u"Dana"_s, Role::Dispatcher, {}};
    net::UserInfo pro{u"u_pro1"_s, u"pro1"_s, u"Marcus"_s, Role::Pro, {}};
    // An open offer: the office may, the pro who can see it may not.
    QVERIFY(mayUploadPhotos(job, admin));
    QVERIFY(mayUploadPhotos(job, dispatcher));
    QVERIFY(!mayUploadPhotos(job, pro));
    // The pro's own job; another pro's job.
    job.status = JobStatus::Scheduled;
    job.assignedTo = pro.id;
    QVERIFY(mayUploadPhotos(job, pro));
    job.assignedTo = u"u_pro2"_s;
    QVERIFY(!mayUploadPhotos(job, pro));
    QVERIFY(mayUploadPhotos(job, dispatcher));
    // Nobody signed in, or no job.
    QVERIFY(!mayUploadPhotos(job, net::UserInfo{}));
    QVERIFY(!mayUploadPhotos(Job{}, admin));
}

QTEST_GUILESS_MAIN(TestUploadCheck)
#include "tst_uploadcheck.moc"
