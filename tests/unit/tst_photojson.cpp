// The Photo resource both sides share (models/photo.h): its JSON both ways, the review states,
// the ETag that changes with the review, and the sniffing of an image's real type.
#include <photo.h>

#include <QJsonDocument>
#include <QTest>

using namespace dispatch;

class TestPhotoJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryField()
    {
        Photo photo;
        photo.id = QStringLiteral("p1");
        photo.jobId = QStringLiteral("j9");
        photo.sha256 = QString(64, u'a');
        photo.filename = QStringLiteral("Küche IMG_2231.jpg");
        photo.contentType = QStringLiteral("image/jpeg");
        photo.bytes = 123456;
        photo.width = 4000;
        photo.height = 3000;
        photo.uploadedBy = QStringLiteral("u2");
        photo.uploadedByName = QStringLiteral("Dana Dispatcher");
        photo.createdAt = QDateTime(QDate(2026, 11, 30), QTime(3, 4, 5), Qt::UTC);
        photo.version = 3;
        photo.review = {PhotoReviewState::Flagged, QStringLiteral("u1"), QStringLiteral("Ada"),
                        QDateTime(QDate(2026, 11, 30), QTime(4, 0), Qt::UTC),
                        QStringLiteral("blurry")};

        const QJsonObject json = toJson(photo);
        QCOMPARE(json.value(u"review").toObject().value(u"state").toString(), u"flagged");
        QCOMPARE(json.value(u"etag").toString(), u"\"p1.3\"");
        const auto back = photoFromJson(json);
        QVERIFY(back);
        QCOMPARE(back->filename, photo.filename);
        QCOMPARE(back->bytes, photo.bytes);
        QCOMPARE(back->createdAt, photo.createdAt);
        QCOMPARE(back->version, 3);
        QCOMPARE(back->review.state, PhotoReviewState::Flagged);
        QCOMPARE(back->review.byName, u"Ada");
        QCOMPARE(back->review.note, u"blurry");
        QCOMPARE(back->review.at, photo.review.at);
    }

    void pendingReviewHasNullsAndNoTime()
    {
        Photo photo;
        photo.id = QStringLiteral("p1");
        photo.jobId = QStringLiteral("j1");
        photo.sha256 = QStringLiteral("ab");
        const QJsonObject review = toJson(photo).value(u"review").toObject();
        QVERIFY(review.value(u"by").isNull());
        QVERIFY(review.value(u"at").isNull());
        QVERIFY(review.value(u"note").isNull());
        const auto back = photoFromJson(toJson(photo));
        QVERIFY(back);
        QVERIFY(!back->review.at.isValid());
        QCOMPARE(back->review.state, PhotoReviewState::Pending);
    }

    void refusesIncompletePhotos_data()
    {
        QTest::addColumn<QString>("json");
        QTest::newRow("no id") << R"({"jobId":"j","sha256":"a","review":{"state":"pending"}})";
        QTest::newRow("no job") << R"({"id":"p","sha256":"a","review":{"state":"pending"}})";
        QTest::newRow("no hash") << R"({"id":"p","jobId":"j","review":{"state":"pending"}})";
        QTest::newRow("unknown state")
            << R"({"id":"p","jobId":"j","sha256":"a","review":{"state":"maybe"}})";
        QTest::newRow("no review") << R"({"id":"p","jobId":"j","sha256":"a"})";
    }
    void refusesIncompletePhotos()
    {
        QFETCH(QString, json);
        QVERIFY(!photoFromJson(QJsonDocument::fromJson(json.toUtf8()).object()));
    }

    void etagChangesWithTheReviewOnly()
    {
        Photo photo;
        photo.id = QStringLiteral("p7");
        const Etag first = photo.etag();
        photo.filename = QStringLiteral("other.jpg");
        QCOMPARE(photo.etag(), first);
        photo.version = 2;
        QVERIFY(!photo.etag().strongEquals(first));
        QVERIFY(!photo.etag().isWeak());
    }

    void sniffsTheRealType_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("type");
        QTest::newRow("jpeg") << QByteArray("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10)
                              << QStringLiteral("image/jpeg");
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)
                             << QStringLiteral("image/png");
        QTest::newRow("webp") << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16)
                              << QStringLiteral("image/webp");
        QTest::newRow("riff but wave") << QByteArray("RIFF\x10\0\0\0WAVEfmt ", 16) << QString();
        QTest::newRow("gif") << QByteArray("GIF89a") << QString();
        QTest::newRow("text") << QByteArray("hello, world") << QString();
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("short jpeg") << QByteArray("\xFF\xD8", 2) << QString();
    }
    void sniffsTheRealType()
    {
        QFETCH(QByteArray, head);
        QFETCH(QString, type);
        QCOMPARE(sniffPhotoContentType(head), type);
    }
};

QTEST_GUILESS_MAIN(TestPhotoJson)
#include "tst_photojson.moc"
