// The detail pane's photo strip against the real dispatchd (--demo), offscreen: its summary is
// the server's photos in words, thumbnails arrive after a placeholder without blocking and
// only for the tiles on screen, another client's upload appears live as an inserted row (no
// reset), an admin's review changes the badge and the summary, the pane shows the strip for
// the office and for a pro, and Enter on a tile opens the lightbox.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "photofixtures.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <apiclient.h>
#include <eventstreamclient.h>
#include <jobboard.h>
#include <jobdetailpane.h>
#include <joblistmodel.h>
#include <logindialog.h>
#include <mainwindow.h>
#include <offerqueue.h>
#include <offerspage.h>
#include <palette.h>
#include <photocanvas.h>
#include <photoclient.h>
#include <photoimageloader.h>
#include <photolightbox.h>
#include <photolistmodel.h>
#include <photostrip.h>
#include <phototext.h>

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPixmapCache>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

/// A signed-in client with its event stream live.
struct Session {
    std::unique_ptr<net::ApiClient> api;
    std::unique_ptr<net::EventStreamClient> stream;
};

QList<Photo> photosOf(const QJsonArray &items)
{
    QList<Photo> photos;
    for (const QJsonValue &item : items) {
        if (auto photo = photoFromJson(item.toObject()))
            photos.append(*photo);
    }
    return photos;
}

QStringList filenames(const PhotoListModel *model)
{
    QStringList names;
    for (int row = 0; row < model->rowCount(); ++row)
        names.append(model->index(row).data(PhotoListModel::FilenameRole).toString());
    return names;
}

} // namespace

class TestPhotoStrip final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void summaryIsTheServersPhotos();
    void emptyJobSaysSo();
    void summaryWording();
    void thumbnailsArriveAfterAPlaceholder();
    void onlyVisibleTilesLoad();
    void anotherClientsUploadAppearsLive();
    void reviewChangesBadgeAndSummary();
    void enterOpensTheLightbox();
    void paneShowsTheStripForOfficeAndPro();
    void offerDetailsShowThePhotos();
    void demoJobInTheWindow();

private:
    bool signIn(Session &session, const QString &user, const QString &password);
    /// GET /jobs/{id}/photos as the dispatcher.
    QList<Photo> serverPhotos(const QString &jobId);
    std::unique_ptr<PhotoStrip> makeStrip(Session &session, const QString &jobId, int width);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_dana;
    std::unique_ptr<HttpTestClient> m_diego;
    std::unique_ptr<HttpTestClient> m_admin;
    Session m_office;
    QString m_jobId;   ///< three photos uploaded by Dana
    QString m_emptyId; ///< none
};

bool TestPhotoStrip::signIn(Session &session, const QString &user, const QString &password)
{
    session.api = std::make_unique<net::ApiClient>(m_server.baseUrl());
    const auto login = await<net::LoginResult>(
        [&](QObject *context, auto done) { session.api->login(user, password, context, done); });
    if (!login || !login->ok())
        return false;
    net::JobQuery query;
    query.limit = 1;
    const auto page = await<net::JobPageResult>(
        [&](QObject *context, auto done) { session.api->listJobs(query, context, done); });
    if (!page || !page->ok())
        return false;
    session.stream = std::make_unique<net::EventStreamClient>(session.api.get());
    session.stream->start(std::max<qint64>(page->lastEventSeq, 0));
    return QTest::qWaitFor(
        [&] { return session.stream->state() == net::EventStreamClient::State::Live; },
        kAnswerWaitMs);
}

QList<Photo> TestPhotoStrip::serverPhotos(const QString &jobId)
{
    const HttpResult result = m_dana->get(jobPath(jobId, u"/photos"_s));
    if (result.status != 200)
        qWarning() << "GET photos:" << result.describe();
    return photosOf(result.json().value(u"items").toArray());
}

std::unique_ptr<PhotoStrip> TestPhotoStrip::makeStrip(Session &session, const QString &jobId,
                                                      int width)
{
    auto strip = std::make_unique<PhotoStrip>(session.api->photos());
    strip->resize(width, strip->sizeHint().height());
    strip->show();
    if (!QTest::qWaitForWindowExposed(strip.get()))
        return {};
    strip->setJob(jobId, u"Photo strip test"_s);
    return strip;
}

void TestPhotoStrip::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_dana = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_dana->login(u"dana"_s, u"demo-password"_s));
    m_diego = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_diego->login(u"diego"_s, u"demo-password"_s));
    m_admin = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_admin->login(u"admin"_s, QString::fromUtf8(m_server.adminPassword())));

    m_jobId = createPhotoJob(*m_dana, u"Photo strip: cracked tiles"_s);
    QVERIFY(!m_jobId.isEmpty());
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!uploadPhoto(*m_dana, m_jobId, u"tile-%1.jpg"_s.arg(i + 1), jpegImage(800, 600, i))
                     .isEmpty());
    }
    m_emptyId = createPhotoJob(*m_dana, u"Photo strip: no photos"_s);
    QVERIFY(!m_emptyId.isEmpty());
    QVERIFY(signIn(m_office, u"dana"_s, u"demo-password"_s));
}

void TestPhotoStrip::cleanupTestCase()
{
    m_office.stream.reset();
    m_office.api.reset();
    QVERIFY(m_server.stop());
}

void TestPhotoStrip::summaryIsTheServersPhotos()
{
    const QList<Photo> server = serverPhotos(m_jobId);
    QCOMPARE(server.size(), 3);
    auto strip = makeStrip(m_office, m_jobId, 500);
    QVERIFY(strip);
    QCOMPARE(strip->captionText(), u"Loading photos…"_s);
    QTRY_COMPARE_WITH_TIMEOUT(strip->model()->rowCount(), 3, kAnswerWaitMs);
    QTRY_COMPARE(strip->captionText(), PhotoText::summary(server));
    QCOMPARE(strip->captionText(), u"3 photos, 3 waiting for review"_s);
    QStringList names;
    for (const Photo &photo : server)
        names.append(photo.filename);
    QCOMPARE(filenames(strip->model()), names);
    QVERIFY(strip->view()->isVisible());
    QVERIFY(strip->showAllButton()->isEnabled());
    // The first photo is current: Tab into the strip, Enter opens it.
    QCOMPARE(strip->view()->currentIndex().row(), 0);
}

void TestPhotoStrip::emptyJobSaysSo()
{
    auto strip = makeStrip(m_office, m_emptyId, 500);
    QVERIFY(strip);
    QTRY_COMPARE_WITH_TIMEOUT(strip->captionText(), u"No photos yet"_s, kAnswerWaitMs);
    QVERIFY(!strip->view()->isVisible());
    QVERIFY(!strip->showAllButton()->isEnabled());
}

void TestPhotoStrip::summaryWording()
{
    const auto photo = [](PhotoReviewState state) {
        Photo p;
        p.review.state = state;
        return p;
    };
    using S = PhotoReviewState;
    QCOMPARE(PhotoText::summary({}), u"No photos yet"_s);
    QCOMPARE(PhotoText::summary({photo(S::Flagged)}), u"1 photo, flagged"_s);
    QCOMPARE(PhotoText::summary({photo(S::Pending)}), u"1 photo, waiting for review"_s);
    QCOMPARE(PhotoText::summary({photo(S::Pending), photo(S::Approved), photo(S::Pending),
                                 photo(S::Approved), photo(S::Approved)}),
             u"5 photos, 2 waiting for review"_s);
    QCOMPARE(PhotoText::summary({photo(S::Pending), photo(S::Flagged), photo(S::Approved)}),
             u"3 photos, 1 waiting for review, 1 flagged"_s);
    QCOMPARE(PhotoText::summary({photo(S::Approved), photo(S::Approved)}),
             u"2 photos, all approved"_s);
}

void TestPhotoStrip::thumbnailsArriveAfterAPlaceholder()
{
    // Photos never shown before (so in no cache, whatever earlier tests still decode), in a
    // session of its own.
    const QString jobId = createPhotoJob(*m_dana, u"Photo strip: new photos"_s);
    QVERIFY(!jobId.isEmpty());
    for (int i = 0; i < 3; ++i)
        QVERIFY(!uploadPhoto(*m_dana, jobId, u"new-%1.jpg"_s.arg(i), jpegImage(800, 600, 40 + i))
                     .isEmpty());
    Session fresh;
    QVERIFY(signIn(fresh, u"dana"_s, u"demo-password"_s));
    net::PhotoClient *photos = fresh.api->photos();
    const int requestsBefore = photos->stats().imageRequests;
    auto strip = std::make_unique<PhotoStrip>(photos);
    strip->resize(500, strip->sizeHint().height());
    strip->show();
    QVERIFY(QTest::qWaitForWindowExposed(strip.get()));
    PhotoListModel *model = strip->model();

    // The first ask, as the rows arrive, answers at once with the placeholder: the bytes are
    // fetched and decoded elsewhere, later.
    QPixmap placeholder;
    int stateAtFirstAsk = -1;
    qint64 firstAskNs = -1;
    connect(model, &QAbstractItemModel::rowsInserted, this, [&] {
        if (firstAskNs >= 0)
            return;
        QElapsedTimer timer;
        timer.start();
        placeholder = model->index(0).data(Qt::DecorationRole).value<QPixmap>();
        firstAskNs = timer.nsecsElapsed();
        stateAtFirstAsk = model->index(0).data(PhotoListModel::ThumbnailStateRole).toInt();
    });
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    strip->setJob(jobId);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kAnswerWaitMs);
    const QModelIndex first = model->index(0);
    const auto state = [&] {
        return PhotoListModel::ThumbnailState(
            first.data(PhotoListModel::ThumbnailStateRole).toInt());
    };
    QCOMPARE(stateAtFirstAsk, int(PhotoListModel::ThumbnailState::Loading));
    QVERIFY(!placeholder.isNull());
    QCOMPARE(placeholder.deviceIndependentSize().toSize(), PhotoStrip::kTileSize);
    // Only a look-up and a request: far below a frame even in a debug build on a busy machine.
    QVERIFY2(firstAskNs < 16'000'000, qPrintable(u"%1 ns"_s.arg(firstAskNs)));

    QTRY_COMPARE_WITH_TIMEOUT(state(), PhotoListModel::ThumbnailState::Ready, kAnswerWaitMs);
    QVERIFY(!changed.isEmpty()); // the row said its decoration changed
    const QPixmap thumbnail = first.data(Qt::DecorationRole).value<QPixmap>();
    QVERIFY(!thumbnail.isNull());
    QVERIFY(thumbnail.cacheKey() != placeholder.cacheKey());
    // 800x600 fitted in a 112 px tile: 112x84, from the 128 px thumbnail.
    QCOMPARE(thumbnail.size(), QSize(112, 84));
    QVERIFY(photos->stats().imageRequests > requestsBefore);
    const auto loader = PhotoImageLoader::shared(photos)->stats();
    QVERIFY(loader.fetchesBySize.value(128) > 0);
    QCOMPARE(loader.fetchesBySize.value(0), 0); // never the content for a tile
    QVERIFY(loader.largestDecoded.width() <= 112 && loader.largestDecoded.height() <= 112);
    strip.reset();
    fresh.stream.reset();
}

void TestPhotoStrip::onlyVisibleTilesLoad()
{
    // Nine photos in a strip two tiles wide: the ones off to the right wait for a scroll.
    const QString jobId = createPhotoJob(*m_dana, u"Photo strip: nine photos"_s);
    QVERIFY(!jobId.isEmpty());
    for (int i = 0; i < 9; ++i)
        QVERIFY(!uploadPhoto(*m_dana, jobId, u"wide-%1.jpg"_s.arg(i), jpegImage(640, 480, 20 + i))
                     .isEmpty());
    QPixmapCache::clear();
    auto strip = makeStrip(m_office, jobId, 2 * PhotoStrip::kTileSize.width() + 60);
    QVERIFY(strip);
    PhotoListModel *model = strip->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 9, kAnswerWaitMs);
    QTRY_VERIFY(model->thumbnailRequests() > 0);
    QTest::qWait(100);
    const int visibleRequests = model->thumbnailRequests();
    QVERIFY2(visibleRequests <= 4, qPrintable(u"%1 tiles asked"_s.arg(visibleRequests)));
    const int last = model->rowCount() - 1;
    QCOMPARE(model->thumbnailState(last, PhotoStrip::kTileSize, strip->devicePixelRatioF()),
             PhotoListModel::ThumbnailState::Loading);

    // Scrolled to the end, the last tiles load.
    QScrollBar *bar = strip->view()->horizontalScrollBar();
    bar->setValue(bar->maximum());
    QTRY_COMPARE_WITH_TIMEOUT(
        model->thumbnailState(last, PhotoStrip::kTileSize, strip->devicePixelRatioF()),
        PhotoListModel::ThumbnailState::Ready, kAnswerWaitMs);
    QVERIFY(model->thumbnailRequests() > visibleRequests);
}

void TestPhotoStrip::anotherClientsUploadAppearsLive()
{
    auto strip = makeStrip(m_office, m_jobId, 500);
    QVERIFY(strip);
    PhotoListModel *model = strip->model();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->rowCount() >= 3, kAnswerWaitMs);
    const int before = model->rowCount();
    strip->view()->setCurrentIndex(model->index(1));
    const QString currentId = model->index(1).data(PhotoListModel::IdRole).toString();
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);

    // Another dispatcher's console (its own client and connection) uploads.
    const QJsonObject added =
        uploadPhoto(*m_diego, m_jobId, u"from-diego.jpg"_s, jpegImage(800, 600, 77));
    QVERIFY(!added.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), before + 1, kAnswerWaitMs);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), before); // the newest goes last
    QCOMPARE(model->index(before).data(PhotoListModel::FilenameRole).toString(),
             u"from-diego.jpg"_s);
    // The selection stayed on its photo.
    QCOMPARE(strip->view()->currentIndex().data(PhotoListModel::IdRole).toString(), currentId);
    QTRY_COMPARE(strip->captionText(), PhotoText::summary(serverPhotos(m_jobId)));
    QCOMPARE(strip->captionText(), u"%1 photos, %1 waiting for review"_s.arg(before + 1));
}

void TestPhotoStrip::reviewChangesBadgeAndSummary()
{
    auto strip = makeStrip(m_office, m_jobId, 700);
    QVERIFY(strip);
    PhotoListModel *model = strip->model();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->rowCount() >= 3, kAnswerWaitMs);
    const QString photoId = model->index(0).data(PhotoListModel::IdRole).toString();
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);

    // The admin flags the first photo from their own console.
    const HttpResult current = m_admin->get(u"/photos/"_s + photoId);
    QCOMPARE(current.status, 200);
    const HttpResult reviewed = m_admin->patchJson(
        u"/photos/"_s + photoId,
        QJsonObject{{u"review"_s, u"flagged"_s}, {u"note"_s, u"Too dark, retake"_s}},
        ifMatch(current.header("ETag")));
    QCOMPARE(reviewed.status, 200);

    QTRY_COMPARE_WITH_TIMEOUT(model->index(0).data(PhotoListModel::ReviewStateRole).toInt(),
                              int(PhotoReviewState::Flagged), kAnswerWaitMs);
    QCOMPARE(resets.count(), 0);
    QVERIFY(!changed.isEmpty());
    QTRY_COMPARE(strip->captionText(), PhotoText::summary(serverPhotos(m_jobId)));
    QVERIFY2(strip->captionText().endsWith(u", 1 flagged"_s), qPrintable(strip->captionText()));
    QVERIFY(model->index(0).data(Qt::ToolTipRole).toString().contains(u"Too dark, retake"_s));

    // The badge: the flagged colour left of the exclamation mark, in the first tile's corner.
    QListView *view = strip->view();
    const QRect tile = view->visualRect(model->index(0));
    const QImage shot = view->viewport()->grab().toImage();
    const int badge = std::max(14, PhotoStrip::kTileSize.width() / 6);
    const int tileLeft = tile.left() + (tile.width() - PhotoStrip::kTileSize.width()) / 2;
    const int tileRight = tileLeft + PhotoStrip::kTileSize.width() - 1;
    const QPoint probe(tileRight - 2 - badge + badge / 4, tile.top() + 4 + 2 + badge / 2);
    const QColor got = shot.pixelColor(probe * shot.devicePixelRatio());
    const QColor want = Palette::photoReviewBadge(PhotoReviewState::Flagged);
    QVERIFY2(std::abs(got.red() - want.red()) < 40 && std::abs(got.green() - want.green()) < 40 &&
                 std::abs(got.blue() - want.blue()) < 40,
             qPrintable(u"badge pixel %1, want %2"_s.arg(got.name(), want.name())));
}

void TestPhotoStrip::enterOpensTheLightbox()
{
    auto strip = makeStrip(m_office, m_jobId, 500);
    QVERIFY(strip);
    PhotoListModel *model = strip->model();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->rowCount() >= 3, kAnswerWaitMs);
    QListView *view = strip->view();
    view->setFocus();
    view->setCurrentIndex(model->index(0));
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(view->currentIndex().row(), 1);
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(strip->lightbox());
    QTRY_VERIFY(strip->lightbox()->isVisible());
    QCOMPARE(strip->lightbox()->currentRow(), 1);
    QCOMPARE(labelText(strip->lightbox(), u"lightboxFilename"_s),
             model->index(1).data(PhotoListModel::FilenameRole).toString());
    strip->lightbox()->close();
}

void TestPhotoStrip::paneShowsTheStripForOfficeAndPro()
{
    // The job is an open offer near pro1: the pro may see it and its photos.
    const HttpResult job = m_dana->get(jobPath(m_jobId));
    QCOMPARE(job.status, 200);
    const auto parsed = jobFromJson(job.json());
    QVERIFY(parsed);
    const QList<Photo> server = serverPhotos(m_jobId);

    for (const QString &user : {u"dana"_s, u"pro1"_s}) {
        Session session;
        QVERIFY(signIn(session, user, u"demo-password"_s));
        JobDetailPane pane(session.api.get());
        pane.setUser(*session.api->currentUser());
        pane.resize(520, 900);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.showJob(*parsed);
        PhotoStrip *strip = pane.photoStrip();
        QVERIFY(strip);
        QTRY_COMPARE_WITH_TIMEOUT(strip->captionText(), PhotoText::summary(server), kAnswerWaitMs);
        QCOMPARE(strip->model()->rowCount(), server.size());
        QVERIFY2(strip->isVisible(), qPrintable(user));
        QVERIFY(!strip->view()->accessibleName().isEmpty());
        QVERIFY(!strip->showAllButton()->accessibleName().isEmpty());
        pane.clearJob();
        QCOMPARE(strip->model()->rowCount(), 0);
    }
}

void TestPhotoStrip::offerDetailsShowThePhotos()
{
    // pro1's Offers: the job (open, at pro1's home) and its photos, before accepting.
    Session session;
    QVERIFY(signIn(session, u"pro1"_s, u"demo-password"_s));
    OfferQueue queue(session.api.get());
    OffersPage page(&queue);
    page.resize(1100, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    queue.start();
    QTRY_VERIFY_WITH_TIMEOUT(queue.hasLoaded(), kAnswerWaitMs);
    QVERIFY(page.selectJob(m_jobId));
    PhotoStrip *strip = page.photoStrip();
    QVERIFY(strip);
    QTRY_COMPARE_WITH_TIMEOUT(strip->captionText(), PhotoText::summary(serverPhotos(m_jobId)),
                              kAnswerWaitMs);
    QVERIFY(strip->model()->rowCount() >= 3);
    QVERIFY(strip->isVisible());
    // Tab goes from the table to Accept, as before; the photos come after the page's controls.
    page.view()->setFocus();
    QTest::keyClick(page.view(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), page.acceptButton());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), page.notifyBox());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), strip->view());
    // Enter opens the lightbox on the photo.
    QTest::keyClick(strip->view(), Qt::Key_Return);
    QVERIFY(strip->lightbox());
    QTRY_VERIFY(strip->lightbox()->isVisible());
    strip->lightbox()->close();
}

void TestPhotoStrip::demoJobInTheWindow()
{
    // The office's window on the demo data: a seeded job with photos, one of them flagged.
    auto window = std::make_unique<MainWindow>();
    window->connectToServer(m_server.baseUrl());
    window->resize(1280, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    LoginDialog *login = window->loginDialog();
    QVERIFY(login);
    QTRY_VERIFY_WITH_TIMEOUT(login->isVisible(), kAnswerWaitMs);
    auto *user = login->findChild<QLineEdit *>(u"usernameEdit"_s);
    auto *password = login->findChild<QLineEdit *>(u"passwordEdit"_s);
    user->selectAll();
    QTest::keyClicks(user, u"dana"_s);
    password->selectAll();
    QTest::keyClicks(password, u"demo-password"_s);
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(window->isBoardLoaded(), kAnswerWaitMs);

    // The first job on the board whose photos include a flagged one (server/demoseed.cpp).
    JobBoard *board = window->board();
    board->setTab(JobFilterProxyModel::Tab::All);
    QString jobId;
    QList<Photo> server;
    for (int row = 0; row < board->model()->rowCount() && jobId.isEmpty(); ++row) {
        const QString id = board->model()->jobAt(row).id;
        const QList<Photo> photos = serverPhotos(id);
        const bool flagged = std::any_of(photos.cbegin(), photos.cend(), [](const Photo &p) {
            return p.review.state == PhotoReviewState::Flagged;
        });
        if (flagged) {
            jobId = id;
            server = photos;
        }
    }
    QVERIFY2(!jobId.isEmpty(), "the demo data has a job with a flagged photo");
    QVERIFY(board->selectJob(jobId));
    PhotoStrip *strip = window->detailPane()->photoStrip();
    QTRY_COMPARE_WITH_TIMEOUT(strip->captionText(), PhotoText::summary(server), kAnswerWaitMs);
    QVERIFY(strip->captionText().contains(u"flagged"_s));
    // Every tile on screen gets its thumbnail.
    PhotoListModel *model = strip->model();
    const auto visibleReady = [&] {
        const QRect viewport = strip->view()->viewport()->rect();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (strip->view()->visualRect(model->index(row)).intersects(viewport) &&
                model->thumbnailState(row, PhotoStrip::kTileSize, strip->devicePixelRatioF()) !=
                    PhotoListModel::ThumbnailState::Ready)
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(visibleReady(), kAnswerWaitMs);

    const QString dir = qEnvironmentVariable("DISPATCH_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        // The strip scrolled into view in the pane, as a user would see it.
        for (QWidget *up = strip->parentWidget(); up; up = up->parentWidget()) {
            if (auto *scroll = qobject_cast<QScrollArea *>(up)) {
                scroll->ensureWidgetVisible(strip);
                break;
            }
        }
        QTest::qWait(300);
        QVERIFY(window->grab().save(dir + u"/photo-strip.png"));
    }

    // The lightbox on the flagged photo, with its note.
    int flaggedRow = -1;
    for (int row = 0; row < model->rowCount() && flaggedRow < 0; ++row) {
        if (model->photoAt(row).review.state == PhotoReviewState::Flagged)
            flaggedRow = row;
    }
    strip->openLightbox(flaggedRow);
    PhotoLightbox *box = strip->lightbox();
    QVERIFY(box);
    box->resize(1000, 720);
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QVERIFY(labelText(box, u"lightboxReview"_s).startsWith(u"Flagged by "_s));
    QTRY_VERIFY_WITH_TIMEOUT(!box->canvas()->pixmapShown().isNull(), kAnswerWaitMs);
    if (!dir.isEmpty()) {
        QTest::qWait(300);
        QVERIFY(box->grab().save(dir + u"/photo-lightbox.png"));
    }
    box->close();
}

QTEST_MAIN(TestPhotoStrip)
#include "tst_photostrip.moc"
