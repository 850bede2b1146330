// The gallery and the lightbox against the real dispatchd (--demo), offscreen: "Browse all…"
// opens the gallery, whose 256 px tiles are the server's 256 thumbnails (never the content);
// Enter opens the lightbox on the selected photo; Right/Left, Page Up/Down and Home/End step
// through the photos with the file name following; the photo opens fitted, and a fitted
// photo is the 1024 thumbnail decoded at the size shown, while 100 % fetches the content;
// zoom keys change the scale; the metadata line names the uploader, the review and a flag's
// note, live; Esc closes; every control has a name.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "photofixtures.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <apiclient.h>
#include <eventstreamclient.h>
#include <photocanvas.h>
#include <photoclient.h>
#include <photogallerydialog.h>
#include <photoimageloader.h>
#include <photolightbox.h>
#include <photolistmodel.h>
#include <photostrip.h>

#include <QAbstractButton>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QPixmapCache>
#include <QPushButton>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

class TestPhotoLightbox final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void galleryTilesAreThumbnails();
    void enterOpensTheSelectedPhoto();
    void keysStepThroughThePhotos();
    void fitIsTheThumbnailAndActualSizeTheContent();
    void zoomKeysChangeTheScale();
    void metadataFollowsAReview();
    void escCloses();
    void everyControlHasAName();

private:
    PhotoGalleryDialog *gallery() const { return m_strip->gallery(); }
    PhotoLightbox *lightbox() const { return gallery() ? gallery()->lightbox() : nullptr; }
    QString filenameShown() const { return labelText(lightbox(), u"lightboxFilename"_s); }
    QString filenameAt(int row) const
    {
        return m_strip->model()->index(row).data(PhotoListModel::FilenameRole).toString();
    }
    PhotoImageLoader::Stats loaderStats() const
    {
        return PhotoImageLoader::shared(m_api->photos())->stats();
    }

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_dana;
    std::unique_ptr<HttpTestClient> m_admin;
    std::unique_ptr<net::ApiClient> m_api;
    std::unique_ptr<net::EventStreamClient> m_stream;
    std::unique_ptr<PhotoStrip> m_strip;
    QString m_jobId;
    static constexpr int kPhotos = 5;
    static constexpr QSize kPhotoSize{2400, 1800}; ///< larger than the 1024 thumbnail
};

void TestPhotoLightbox::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_dana = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_dana->login(u"dana"_s, u"demo-password"_s));
    m_admin = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_admin->login(u"admin"_s, QString::fromUtf8(m_server.adminPassword())));
    m_jobId = createPhotoJob(*m_dana, u"Lightbox: water damage"_s);
    QVERIFY(!m_jobId.isEmpty());
    for (int i = 0; i < kPhotos; ++i) {
        QVERIFY(!uploadPhoto(*m_dana, m_jobId, u"damage-%1.jpg"_s.arg(i + 1),
                             jpegImage(kPhotoSize.width(), kPhotoSize.height(), 100 + i))
                     .isEmpty());
    }

    m_api = std::make_unique<net::ApiClient>(m_server.baseUrl());
    const auto login = await<net::LoginResult>([&](QObject *context, auto done) {
        m_api->login(u"dana"_s, u"demo-password"_s, context, done);
    });
    QVERIFY(login && login->ok());
    net::JobQuery query;
    query.limit = 1;
    const auto page = await<net::JobPageResult>(
        [&](QObject *context, auto done) { m_api->listJobs(query, context, done); });
    QVERIFY(page && page->ok());
    m_stream = std::make_unique<net::EventStreamClient>(m_api.get());
    m_stream->start(std::max<qint64>(page->lastEventSeq, 0));
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), net::EventStreamClient::State::Live,
                              kAnswerWaitMs);

    QPixmapCache::clear();
    m_strip = std::make_unique<PhotoStrip>(m_api->photos());
    m_strip->resize(520, m_strip->sizeHint().height());
    m_strip->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_strip.get()));
    m_strip->setJob(m_jobId, u"Lightbox: water damage"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_strip->model()->rowCount(), kPhotos, kAnswerWaitMs);
}

void TestPhotoLightbox::cleanupTestCase()
{
    if (gallery())
        delete gallery();
    m_strip.reset();
    m_stream.reset();
    m_api.reset();
    QVERIFY(m_server.stop());
}

void TestPhotoLightbox::galleryTilesAreThumbnails()
{
    const auto before = loaderStats();
    QTest::mouseClick(m_strip->showAllButton(), Qt::LeftButton);
    QVERIFY(gallery());
    QVERIFY(QTest::qWaitForWindowExposed(gallery()));
    QVERIFY(!gallery()->isModal());
    QCOMPARE(gallery()->view()->model()->rowCount(), kPhotos);
    QCOMPARE(gallery()->windowTitle(), u"Photos — Lightbox: water damage"_s);
    QCOMPARE(labelText(gallery(), u"galleryCaption"_s), u"5 photos, 5 waiting for review"_s);

    PhotoListModel *model = m_strip->model();
    QTRY_VERIFY_WITH_TIMEOUT(
        model->thumbnailState(0, PhotoGalleryDialog::kTileSize, gallery()->devicePixelRatioF()) ==
            PhotoListModel::ThumbnailState::Ready,
        kAnswerWaitMs);
    const auto after = loaderStats();
    // The tiles asked for the 256 thumbnail; nothing asked for the 2400 px content.
    QVERIFY(after.fetchesBySize.value(256) > before.fetchesBySize.value(256));
    QCOMPARE(after.fetchesBySize.value(0), before.fetchesBySize.value(0));
    QVERIFY2(after.largestDecoded.width() <= 256 && after.largestDecoded.height() <= 256,
             qPrintable(u"decoded %1x%2"_s.arg(after.largestDecoded.width())
                            .arg(after.largestDecoded.height())));
    const QPixmap tile = model->thumbnail(0, PhotoGalleryDialog::kTileSize, 1.0);
    QCOMPARE(tile.size(), QSize(256, 192));
}

void TestPhotoLightbox::enterOpensTheSelectedPhoto()
{
    QVERIFY(gallery());
    QListView *view = gallery()->view();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_Right);
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(view->currentIndex().row(), 2);
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(lightbox());
    QVERIFY(QTest::qWaitForWindowExposed(lightbox()));
    QVERIFY(!lightbox()->isModal());
    QCOMPARE(lightbox()->currentRow(), 2);
    QCOMPARE(filenameShown(), filenameAt(2));
    QCOMPARE(labelText(lightbox(), u"lightboxPosition"_s), u"3 of 5"_s);
    // The picture arrives.
    QTRY_VERIFY_WITH_TIMEOUT(!lightbox()->canvas()->pixmapShown().isNull(), kAnswerWaitMs);
}

void TestPhotoLightbox::keysStepThroughThePhotos()
{
    PhotoLightbox *box = lightbox();
    QVERIFY(box && box->isVisible());
    QWidget *target = box->canvas();
    const auto press = [&](Qt::Key key) { QTest::keyClick(target, key); };
    press(Qt::Key_Right);
    QCOMPARE(box->currentRow(), 3);
    QCOMPARE(filenameShown(), filenameAt(3));
    press(Qt::Key_Left);
    press(Qt::Key_Left);
    QCOMPARE(box->currentRow(), 1);
    QCOMPARE(filenameShown(), filenameAt(1));
    press(Qt::Key_Home);
    QCOMPARE(box->currentRow(), 0);
    QCOMPARE(filenameShown(), filenameAt(0));
    press(Qt::Key_Left); // nothing before the first
    QCOMPARE(box->currentRow(), 0);
    QVERIFY(!box->findChild<QPushButton *>(u"lightboxPrevious"_s)->isEnabled());
    press(Qt::Key_End);
    QCOMPARE(box->currentRow(), kPhotos - 1);
    QCOMPARE(filenameShown(), filenameAt(kPhotos - 1));
    QVERIFY(!box->findChild<QPushButton *>(u"lightboxNext"_s)->isEnabled());
    press(Qt::Key_PageUp);
    QCOMPARE(box->currentRow(), kPhotos - 2);
    press(Qt::Key_PageDown);
    QCOMPARE(box->currentRow(), kPhotos - 1);
    // The buttons do the same.
    QTest::mouseClick(box->findChild<QPushButton *>(u"lightboxPrevious"_s), Qt::LeftButton);
    QCOMPARE(box->currentRow(), kPhotos - 2);
    QCOMPARE(filenameShown(), filenameAt(kPhotos - 2));
}

void TestPhotoLightbox::fitIsTheThumbnailAndActualSizeTheContent()
{
    PhotoLightbox *box = lightbox();
    QVERIFY(box && box->isVisible());
    PhotoCanvas *canvas = box->canvas();
    // A window of ordinary size: the fitted photo is under 1024 px on its longest side.
    box->resize(900, 700);
    QTRY_VERIFY(canvas->width() < 900);
    const auto before = loaderStats();
    QTest::keyClick(canvas, Qt::Key_Home);
    QTest::keyClick(canvas, Qt::Key_End); // a photo not shown before
    QVERIFY(canvas->isFit());
    QVERIFY(canvas->scale() < 0.5);
    QCOMPARE(canvas->scale(), canvas->fitScale());
    QTRY_VERIFY_WITH_TIMEOUT(!canvas->pixmapShown().isNull(), kAnswerWaitMs);
    // The 1024 thumbnail decoded at the size shown (to a pixel: the decoder rounds down); no
    // content.
    const QSize shown = canvas->imageRect().size().toSize();
    const auto isShownSize = [&] {
        const QSize got = canvas->pixmapShown().size();
        return std::abs(got.width() - shown.width()) <= 1 &&
               std::abs(got.height() - shown.height()) <= 1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(isShownSize(), kAnswerWaitMs);
    auto after = loaderStats();
    QVERIFY(after.fetchesBySize.value(1024) > before.fetchesBySize.value(1024));
    QCOMPARE(after.fetchesBySize.value(0), before.fetchesBySize.value(0));

    // 100 %: the photo's own pixels, from the content, decoded whole.
    QTest::keyClick(canvas, Qt::Key_1);
    QVERIFY(!canvas->isFit());
    QCOMPARE(canvas->scale(), 1.0);
    QVERIFY(box->findChild<QPushButton *>(u"lightboxActualSize"_s)->isChecked());
    QTRY_COMPARE_WITH_TIMEOUT(canvas->pixmapShown().size(), kPhotoSize, kAnswerWaitMs);
    after = loaderStats();
    QCOMPARE(after.fetchesBySize.value(0), before.fetchesBySize.value(0) + 1);
    QCOMPARE(canvas->imageRect().size().toSize(), kPhotoSize);

    // F: fitted again, and the thumbnail at that size (from the cache).
    QTest::keyClick(canvas, Qt::Key_F);
    QVERIFY(canvas->isFit());
    QCOMPARE(canvas->scale(), canvas->fitScale());
    QTRY_VERIFY_WITH_TIMEOUT(isShownSize(), kAnswerWaitMs);
    // Ctrl+0 is 100 % too.
    QTest::keyClick(canvas, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(canvas->scale(), 1.0);
    QTest::keyClick(canvas, Qt::Key_F);
}

void TestPhotoLightbox::zoomKeysChangeTheScale()
{
    PhotoCanvas *canvas = lightbox()->canvas();
    QVERIFY(canvas->isFit());
    const qreal fit = canvas->scale();
    QTest::keyClick(canvas, Qt::Key_Plus);
    QVERIFY(!canvas->isFit());
    QVERIFY(qAbs(canvas->scale() - fit * 1.25) < 1e-6);
    QTest::keyClick(canvas, Qt::Key_Minus);
    QTest::keyClick(canvas, Qt::Key_Minus);
    QVERIFY(qAbs(canvas->scale() - fit / 1.25) < 1e-6);
    QCOMPARE(labelText(lightbox(), u"lightboxZoom"_s), u"%1 %"_s.arg(qRound(fit / 1.25 * 100)));
    // Ctrl+wheel zooms in about the pointer.
    const QPoint centre = canvas->rect().center();
    QWheelEvent wheel(centre, canvas->mapToGlobal(centre), {}, QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(canvas, &wheel);
    QVERIFY(qAbs(canvas->scale() - fit) < 1e-6);
    // Zoomed past the window, a drag pans the photo.
    QTest::keyClick(canvas, Qt::Key_1);
    const QRectF before = canvas->imageRect();
    QTest::mousePress(canvas, Qt::LeftButton, {}, centre);
    QTest::mouseMove(canvas, centre + QPoint(-60, -40));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, centre + QPoint(-60, -40));
    QCOMPARE(canvas->imageRect().topLeft(), before.topLeft() + QPointF(-60, -40));
    QTest::keyClick(canvas, Qt::Key_F);
    QVERIFY(canvas->isFit());
}

void TestPhotoLightbox::metadataFollowsAReview()
{
    PhotoLightbox *box = lightbox();
    QVERIFY(box && box->isVisible());
    QTest::keyClick(box->canvas(), Qt::Key_Home);
    QVERIFY(labelText(box, u"lightboxUploaded"_s).startsWith(u"Uploaded by Dana Whitfield, "_s));
    QCOMPARE(labelText(box, u"lightboxReview"_s), u"Waiting for review"_s);

    const QString photoId = box->currentPhoto().id;
    const HttpResult current = m_admin->get(u"/photos/"_s + photoId);
    QCOMPARE(current.status, 200);
    const HttpResult reviewed = m_admin->patchJson(
        u"/photos/"_s + photoId,
        QJsonObject{{u"review"_s, u"flagged"_s}, {u"note"_s, u"Water line not visible"_s}},
        ifMatch(current.header("ETag")));
    QCOMPARE(reviewed.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(labelText(box, u"lightboxReview"_s).startsWith(u"Flagged by "_s),
                             kAnswerWaitMs);
    QVERIFY(labelText(box, u"lightboxReview"_s).endsWith(u": Water line not visible"_s));
    QCOMPARE(box->currentRow(), 0); // still on the same photo
}

void TestPhotoLightbox::escCloses()
{
    PhotoLightbox *box = lightbox();
    QVERIFY(box && box->isVisible());
    QTest::keyClick(box->canvas(), Qt::Key_Escape);
    QTRY_VERIFY(!box->isVisible());
    QVERIFY(gallery()->isVisible()); // the gallery stays
    // And opens again from the gallery with Enter.
    gallery()->view()->setFocus();
    QTest::keyClick(gallery()->view(), Qt::Key_Return);
    QTRY_VERIFY(box->isVisible());
}

void TestPhotoLightbox::everyControlHasAName()
{
    for (QWidget *window : {static_cast<QWidget *>(lightbox()), static_cast<QWidget *>(gallery()),
                            static_cast<QWidget *>(m_strip.get())}) {
        QVERIFY(window);
        const auto buttons = window->findChildren<QAbstractButton *>();
        QVERIFY(!buttons.isEmpty());
        for (const QAbstractButton *button : buttons) {
            QVERIFY2(!button->accessibleName().isEmpty(),
                     qPrintable(button->objectName() + u" " + button->text()));
            QVERIFY2(button->focusPolicy() & Qt::TabFocus, qPrintable(button->objectName()));
        }
        for (const QListView *view : window->findChildren<QListView *>())
            QVERIFY2(!view->accessibleName().isEmpty(), qPrintable(view->objectName()));
    }
    QVERIFY(!lightbox()->canvas()->accessibleName().isEmpty());
    QVERIFY(!lightbox()->canvas()->accessibleDescription().isEmpty());
    QVERIFY(lightbox()->canvas()->focusPolicy() & Qt::TabFocus);
}

QTEST_MAIN(TestPhotoLightbox)
#include "tst_photolightbox.moc"
