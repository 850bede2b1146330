// The pro's Offers page against the real dispatchd (--demo), offscreen, driven with QTest: the
// order is the server's, the details pane follows the selected job, Accept (button, Enter)
// shows "Accepting…" and lands, the Photos column counts each job's photos and follows a new
// upload, a job another pro takes leaves while the next row becomes current, accepting a job
// already taken warns in the banner (never a message box), the origin chooser and its "Other
// place…" dialog, read-only mode, and accessible names.
#include "dispatchdprocess.h"
#include "expectedoffer.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testimages.h"

#include <apiclient.h>
#include <eventstreamclient.h>
#include <noticebanner.h>
#include <offerqueue.h>
#include <offersmodel.h>
#include <offerspage.h>

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

QStringList viewIds(const OffersPage *page)
{
    return rowIds(page->view()->model(), OffersModel::JobIdRole);
}

/// The ids of `GET /offers` as the server ranks them.
QStringList serverIds(HttpTestClient &http)
{
    const HttpResult result = http.get(u"/offers"_s);
    if (result.status != 200)
        qWarning() << "GET /offers:" << result.describe();
    return rankedIds(result.json());
}

bool messageBoxShown()
{
    const QWidgetList windows = QApplication::topLevelWidgets();
    return std::any_of(windows.cbegin(), windows.cend(), [](const QWidget *widget) {
        return qobject_cast<const QMessageBox *>(widget) && widget->isVisible();
    });
}

/// A page over its own client and queue, signed in as `user`; with `live`, an event stream
/// feeds the client's job changes (the queue's live updates).
struct Fixture {
    std::unique_ptr<net::ApiClient> api;
    std::unique_ptr<net::EventStreamClient> stream;
    std::unique_ptr<OfferQueue> queue;
    std::unique_ptr<OffersPage> page;

    /// The page first, the client last: each one uses the next.
    void reset()
    {
        page.reset();
        queue.reset();
        stream.reset();
        api.reset();
    }
    ~Fixture() { reset(); }
};

} // namespace

class TestOffersPage final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void orderIsTheServers();
    void photosColumnCountsAndFollowsUploads();
    void selectingARowShowsItsDetails();
    void scoreColumnPaintsAndKeepsTheReason();
    void acceptShowsAcceptingThenLands();
    void enterAcceptsTheCurrentRow();
    void selectionFollowsTheJobWhenRowsMove();
    void jobTakenByAnotherProLeavesAndNextIsCurrent();
    void acceptingATakenJobWarnsInTheBanner();
    void otherPlaceDialogValidatesAndSetsTheOrigin();
    void setOriginRestoresWithoutSignal();
    void notifyCheckboxReportsChanges();
    void bannerAnnouncesAndCloses();
    void tabOrderAndAccessibleNames();
    void readOnlyHasNoAccept();

private:
    bool makeFixture(Fixture &fixture, const QString &user, bool live);
    /// A job offered to the pros, created by the dispatcher; its id.
    QString createOpenJob(const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_pro1;
    std::unique_ptr<HttpTestClient> m_pro2;
    std::unique_ptr<HttpTestClient> m_dispatcher;
    Fixture m_live;
    int m_created = 0;
};

bool TestOffersPage::makeFixture(Fixture &fixture, const QString &user, bool live)
{
    fixture.api = std::make_unique<net::ApiClient>(m_server.baseUrl());
    const auto login = await<net::LoginResult>([&](QObject *context, auto done) {
        fixture.api->login(user, u"demo-password"_s, context, done);
    });
    if (!login || !login->ok()) {
        qWarning() << "login failed for" << user;
        return false;
    }
    if (live) {
        // From the log's head now: the queue hears what happens from here on.
        net::JobQuery query;
        query.limit = 1;
        const auto page = await<net::JobPageResult>(
            [&](QObject *context, auto done) { fixture.api->listJobs(query, context, done); });
        if (!page || !page->ok())
            return false;
        fixture.stream = std::make_unique<net::EventStreamClient>(fixture.api.get());
        fixture.stream->start(std::max<qint64>(page->lastEventSeq, 0));
    }
    fixture.queue = std::make_unique<OfferQueue>(fixture.api.get());
    fixture.queue->setAcceptRetry(2, std::chrono::milliseconds(50));
    fixture.page = std::make_unique<OffersPage>(fixture.queue.get());
    fixture.page->resize(1100, 700);
    fixture.page->show();
    if (!QTest::qWaitForWindowExposed(fixture.page.get()))
        return false;
    fixture.queue->start();
    if (!QTest::qWaitFor([&] { return fixture.queue->hasLoaded(); }, kAnswerWaitMs)) {
        qWarning() << "the queue never loaded";
        return false;
    }
    if (live && !QTest::qWaitFor(
                    [&] { return fixture.stream->state() == net::EventStreamClient::State::Live; },
                    kAnswerWaitMs)) {
        qWarning() << "the event stream never went live";
        return false;
    }
    return true;
}

QString TestOffersPage::createOpenJob(const QString &title)
{
    // At pro1's home (server/demoseed.cpp: Austin + 0.02, -0.03): it ranks above every job in
    // the other cities.
    const HttpResult created = m_dispatcher->postJson(
        u"/jobs"_s,
        QJsonObject{
            {u"fields"_s,
             QJsonObject{{u"title"_s, QString(title + QString::number(++m_created))},
                         {u"address"_s, u"1 Test Street"_s},
                         {u"geo"_s, QJsonObject{{u"lat"_s, 30.2872}, {u"lng"_s, -97.7731}}}}}});
    if (created.status != 201) {
        qWarning() << "POST /jobs:" << created.describe();
        return {};
    }
    return created.json().value(u"id").toString();
}

void TestOffersPage::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_pro1 = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_pro1->login(u"pro1"_s, u"demo-password"_s));
    m_pro2 = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_pro2->login(u"pro2"_s, u"demo-password"_s));
    m_dispatcher = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_dispatcher->login(u"dana"_s, u"demo-password"_s));
    QVERIFY(makeFixture(m_live, u"pro1"_s, true));
    QVERIFY2(m_live.queue->model()->rowCount() >= 8, "the demo offers pro1 enough open jobs");
}

void TestOffersPage::cleanupTestCase()
{
    m_live.reset();
    QVERIFY(m_server.stop());
}

void TestOffersPage::orderIsTheServers()
{
    OffersPage *page = m_live.page.get();
    QTRY_COMPARE_WITH_TIMEOUT(viewIds(page), serverIds(*m_pro1), kAnswerWaitMs);
    QCOMPARE(page->view()->objectName(), u"offersView"_s);
    QCOMPARE(page->view()->accessibleName(), u"Offers"_s);
    QVERIFY(!page->view()->isSortingEnabled());
    const int count = page->view()->model()->rowCount();
    QCOMPARE(page->statusText(), u"%1 offers"_s.arg(count));
    // The best offer is shown at once.
    QCOMPARE(page->currentJobId(), viewIds(page).constFirst());
}

void TestOffersPage::photosColumnCountsAndFollowsUploads()
{
    // The demo gives its first open offers photos (server/demoseed.cpp); each row shows as many
    // as the pro can list for that job.
    QAbstractItemModel *model = m_live.page->view()->model();
    const auto shown = [model](const QString &jobId) {
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, OffersModel::PhotosColumn);
            if (index.siblingAtColumn(0).data(OffersModel::JobIdRole).toString() == jobId)
                return index.data().toString();
        }
        return QString();
    };
    QString withPhotos;
    int photos = 0;
    for (const QString &id : viewIds(m_live.page.get())) {
        const HttpResult listed = m_pro1->get(jobPath(id, u"/photos"_s));
        QVERIFY2(listed.status == 200, listed.describe());
        const int count = int(listed.json().value(u"items").toArray().size());
        QCOMPARE(shown(id), QString::number(count));
        if (count > photos) {
            withPhotos = id;
            photos = count;
        }
    }
    QVERIFY2(!withPhotos.isEmpty(), "the demo gives some open offers photos");

    // The office adds one: the event reaches the pro's queue, and the row shows the new count.
    const HttpResult added =
        m_dispatcher->request("POST", jobPath(withPhotos, u"/photos"_s), jpegImage(64, 48, 7),
                              photoHeaders("image/jpeg", "another angle.jpg"));
    QVERIFY2(added.status == 201, added.describe());
    QTRY_COMPARE_WITH_TIMEOUT(shown(withPhotos), QString::number(photos + 1), kAnswerWaitMs);
}

void TestOffersPage::selectingARowShowsItsDetails()
{
    OffersPage *page = m_live.page.get();
    const QStringList ids = viewIds(page);
    QVERIFY(ids.size() >= 3);
    QTableView *view = page->view();
    const QRect cell = view->visualRect(view->model()->index(2, OffersModel::AreaColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(page->currentJobId(), ids.at(2));
    QVERIFY(view->selectionModel()->isRowSelected(2, {}));

    const HttpResult job = m_pro1->get(jobPath(ids.at(2)));
    QCOMPARE(job.status, 200);
    const QJsonObject fields = job.json().value(u"fields").toObject();
    const QString details = page->detailsText();
    QVERIFY2(details.startsWith(fields.value(u"title").toString()), qPrintable(details));
    const QString address = fields.value(u"address").toString();
    QVERIFY(!address.isEmpty());
    QVERIFY2(details.contains(address), qPrintable(details));
    const net::Offer offer =
        view->model()->index(2, 0).data(OffersModel::OfferRole).value<net::Offer>();
    // The score with its reason in words, as the table's tooltip says it.
    QVERIFY2(details.contains(QString::number(offer.score)), qPrintable(details));
    QVERIFY2(details.contains(u"Customer picked a date"_s) || details.contains(u"No date picked"_s),
             qPrintable(details));
    // The photo strip's summary, once its list has come.
    QTRY_VERIFY2_WITH_TIMEOUT(page->detailsText().contains(u"Photos: No photos yet"_s),
                              qPrintable(page->detailsText()), kAnswerWaitMs);
    const QJsonValue notes = fields.value(u"details");
    if (notes.isString())
        QVERIFY2(details.contains(notes.toString()), qPrintable(details));
    else
        QVERIFY2(details.contains(u"no notes"_s), qPrintable(details));
    QVERIFY(page->acceptButton()->isEnabled());
    QCOMPARE(page->acceptButton()->text(), u"&Accept"_s);

    // A job without notes says so in words.
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const net::Offer other =
            view->model()->index(row, 0).data(OffersModel::OfferRole).value<net::Offer>();
        if (other.job.field(u"details").isNull()) {
            QVERIFY(page->selectJob(other.job.id));
            QVERIFY2(page->detailsText().contains(u"The customer left no notes"_s),
                     qPrintable(page->detailsText()));
            break;
        }
    }
}

void TestOffersPage::scoreColumnPaintsAndKeepsTheReason()
{
    OffersPage *page = m_live.page.get();
    QTableView *view = page->view();
    QVERIFY(view->itemDelegateForColumn(OffersModel::ScoreColumn) != view->itemDelegate());
    const QModelIndex score = view->model()->index(0, OffersModel::ScoreColumn);
    QVERIFY(score.data(Qt::ToolTipRole).toString().contains(u" \u00b7 "_s));
    // The cell paints the parts' colours (not only the number): the schedule part is blue.
    const QImage image = view->viewport()->grab(view->visualRect(score)).toImage();
    bool sawPart = false;
    for (int y = 0; y < image.height() && !sawPart; ++y) {
        for (int x = 0; x < image.width() && !sawPart; ++x)
            sawPart = image.pixelColor(x, y) == QColor(0x15, 0x65, 0xc0);
    }
    QVERIFY2(sawPart, "the score bar's schedule part is painted");
}

void TestOffersPage::acceptShowsAcceptingThenLands()
{
    OffersPage *page = m_live.page.get();
    const QStringList ids = viewIds(page);
    QVERIFY(ids.size() >= 3);
    const QString target = ids.at(1);
    QVERIFY(page->selectJob(target));
    QSignalSpy accepted(page, &OffersPage::jobAccepted);
    QPushButton *accept = page->acceptButton();
    QCOMPARE(accept->objectName(), u"acceptButton"_s);
    QCOMPARE(accept->accessibleName(), u"Accept offer"_s);
    QTest::mouseClick(accept, Qt::LeftButton);
    // At once, before any answer: the button says so and cannot be pressed twice.
    QCOMPARE(accept->text(), u"Accepting…"_s);
    QVERIFY(!accept->isEnabled());
    QVERIFY(!page->acceptCurrent());

    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, kAnswerWaitMs);
    const auto job = accepted.at(0).at(0).value<net::VersionedJob>();
    QCOMPARE(job.id(), target);
    QCOMPARE(job.job.status, JobStatus::Scheduled);
    QCOMPARE(job.job.assignedTo, m_pro1->loggedInUser().value(u"id").toString());
    QCOMPARE(m_live.queue->model()->rowOf(target), -1);
    QVERIFY(!viewIds(page).contains(target));
    // The row that took its place is current, and Accept is back for it.
    QCOMPARE(page->currentJobId(), ids.at(2));
    QCOMPARE(accept->text(), u"&Accept"_s);
    QVERIFY(accept->isEnabled());
    QVERIFY(page->banner()->text().isEmpty());
    const HttpResult onServer = m_pro1->get(jobPath(target));
    QCOMPARE(onServer.json().value(u"status").toString(), u"SCHEDULED"_s);
}

void TestOffersPage::enterAcceptsTheCurrentRow()
{
    OffersPage *page = m_live.page.get();
    QVERIFY(page->selectJob(viewIds(page).constFirst()));
    const QString target = page->currentJobId();
    QSignalSpy accepted(page, &OffersPage::jobAccepted);
    QTest::keyClick(page->view(), Qt::Key_Return);
    QCOMPARE(page->acceptButton()->text(), u"Accepting…"_s);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, kAnswerWaitMs);
    QCOMPARE(accepted.at(0).at(0).value<net::VersionedJob>().id(), target);
    QTRY_VERIFY_WITH_TIMEOUT(!serverIds(*m_pro1).contains(target), kAnswerWaitMs);
}

void TestOffersPage::selectionFollowsTheJobWhenRowsMove()
{
    OffersPage *page = m_live.page.get();
    const QStringList before = viewIds(page);
    QVERIFY(before.size() >= 4);
    // The last row: a job entering anywhere above it moves it.
    const QString selected = before.constLast();
    QVERIFY(page->selectJob(selected));
    const QString details = page->detailsText();
    // A new job enters the ranking; rows shift under the selection.
    const QString added = createOpenJob(u"Offers page test "_s);
    QVERIFY(!added.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_live.queue->model()->rowOf(added) >= 0, kAnswerWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(viewIds(page), serverIds(*m_pro1), kAnswerWaitMs);
    QCOMPARE(m_live.queue->model()->rowOf(selected), before.size());
    QCOMPARE(page->currentJobId(), selected);
    QVERIFY(page->view()->selectionModel()->isRowSelected(before.size(), {}));
    QVERIFY2(page->detailsText().startsWith(details.section(u'\n', 0, 0)),
             qPrintable(page->detailsText()));
}

void TestOffersPage::jobTakenByAnotherProLeavesAndNextIsCurrent()
{
    OffersPage *page = m_live.page.get();
    const QStringList ids = viewIds(page);
    QVERIFY(ids.size() >= 4);
    const QString taken = ids.at(1);
    const QString next = ids.at(2);
    QVERIFY(page->selectJob(taken));
    page->view()->setFocus();
    const HttpResult accept = m_pro2->request("POST", u"/offers/%1/accept"_s.arg(taken));
    QCOMPARE(accept.status, 200);

    // The live event removes it; the row that took its place is current and shown.
    QTRY_COMPARE_WITH_TIMEOUT(m_live.queue->model()->rowOf(taken), -1, kAnswerWaitMs);
    QCOMPARE(page->currentJobId(), next);
    QVERIFY(page->view()->selectionModel()->isRowSelected(1, {}));
    const QString nextTitle =
        m_pro1->get(jobPath(next)).json().value(u"fields").toObject().value(u"title").toString();
    QVERIFY2(page->detailsText().startsWith(nextTitle), qPrintable(page->detailsText()));
    QVERIFY(!page->banner()->hasMessage() || page->banner()->kind() != NoticeBanner::Kind::Error);
    QVERIFY(!messageBoxShown());
    QVERIFY(page->acceptButton()->isEnabled());
}

void TestOffersPage::acceptingATakenJobWarnsInTheBanner()
{
    // A queue that hears no events: the job is still listed when Accept is pressed.
    Fixture deaf;
    QVERIFY(makeFixture(deaf, u"pro1"_s, false));
    OffersPage *page = deaf.page.get();
    const QStringList ids = viewIds(page);
    QVERIFY(ids.size() >= 3);
    const QString taken = ids.at(1);
    const QString next = ids.at(2);
    QVERIFY(page->selectJob(taken));
    page->activateWindow();
    QTRY_VERIFY_WITH_TIMEOUT(page->isActiveWindow(), kAnswerWaitMs);
    page->view()->setFocus();
    QCOMPARE(m_pro2->request("POST", u"/offers/%1/accept"_s.arg(taken)).status, 200);
    QCOMPARE(page->currentJobId(), taken);

    QSignalSpy accepted(page, &OffersPage::jobAccepted);
    QSignalSpy started(deaf.queue.get(), &OfferQueue::acceptStarted);
    // Alt+A, the button's mnemonic (an animated click: it lands a moment later).
    QTest::keyClick(page, Qt::Key_A, Qt::AltModifier);
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, kAnswerWaitMs);
    QCOMPARE(started.at(0).at(0).toString(), taken);
    NoticeBanner *banner = page->banner();
    QCOMPARE(banner->objectName(), u"offersBanner"_s);
    QTRY_VERIFY_WITH_TIMEOUT(banner->hasMessage(), kAnswerWaitMs);
    QVERIFY2(banner->text().contains(u"Another pro took this job just now"_s),
             qPrintable(banner->text()));
    QCOMPARE(banner->kind(), NoticeBanner::Kind::Warning);
    QVERIFY(banner->isVisible());
    QVERIFY(!messageBoxShown());
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(deaf.queue->model()->rowOf(taken), -1);
    QCOMPARE(page->currentJobId(), next);
    QVERIFY(page->view()->selectionModel()->isRowSelected(1, {}));
    QVERIFY(page->view()->hasFocus());
    QCOMPARE(page->acceptButton()->text(), u"&Accept"_s);
    QVERIFY(page->acceptButton()->isEnabled());
}

void TestOffersPage::otherPlaceDialogValidatesAndSetsTheOrigin()
{
    OffersPage *page = m_live.page.get();
    QComboBox *origin = page->originBox();
    QCOMPARE(origin->accessibleName(), u"Measure distance from"_s);
    page->setPlaces({{u"12 Elm Street"_s, GeoPoint{40.70, -74.01}}});
    QCOMPARE(origin->itemText(0), u"My home"_s);
    QCOMPARE(origin->itemText(1), u"12 Elm Street"_s);
    const int other = origin->count() - 1;
    QCOMPARE(origin->itemText(other), u"Other place…"_s);

    QSignalSpy changed(page, &OffersPage::originChanged);
    origin->setCurrentIndex(other);
    Q_EMIT origin->activated(other);
    QTRY_VERIFY_WITH_TIMEOUT(page->otherPlaceDialog() && page->otherPlaceDialog()->isVisible(),
                             kAnswerWaitMs);
    // open(), not exec(): this test goes on while the dialog is up.
    QDialog *dialog = page->otherPlaceDialog();
    // Until a place is given, the choice in force stays shown.
    QCOMPARE(origin->currentIndex(), 0);
    auto *lat = dialog->findChild<QLineEdit *>(u"latitudeEdit"_s);
    auto *lng = dialog->findChild<QLineEdit *>(u"longitudeEdit"_s);
    auto *error = dialog->findChild<QLabel *>(u"otherPlaceError"_s);
    QVERIFY(lat && lng && error);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(lat, u"95"_s);
    QTest::keyClicks(lng, u"-74"_s);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"between -90 and 90"_s), qPrintable(error->text()));
    QVERIFY(!ok->isEnabled());
    lat->clear();
    QTest::keyClicks(lat, u"40.75"_s);
    QVERIFY(!error->isVisible());
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->otherPlaceDialog(), kAnswerWaitMs);

    QCOMPARE(changed.count(), 1);
    const auto point = changed.at(0).at(0).value<std::optional<GeoPoint>>();
    QVERIFY(point.has_value());
    QCOMPARE(point->lat, 40.75);
    QCOMPARE(point->lng, -74.0);
    QVERIFY(m_live.queue->origin().has_value());
    QCOMPARE(*m_live.queue->origin(), (GeoPoint{40.75, -74.0}));
    QCOMPARE(page->origin(), std::optional<GeoPoint>(GeoPoint{40.75, -74.0}));
    QTRY_VERIFY_WITH_TIMEOUT(m_live.queue->hasLoaded(), kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(page->statusText().endsWith(u"offers"_s), kAnswerWaitMs);

    // New places keep the choice in force.
    page->setPlaces({{u"9 Oak Lane"_s, GeoPoint{40.6, -73.9}}});
    QCOMPARE(page->origin(), std::optional<GeoPoint>(GeoPoint{40.75, -74.0}));
    QCOMPARE(origin->currentIndex(), origin->findText(page->originLabel()));

    // Back home, as the user would choose it.
    origin->setCurrentIndex(0);
    Q_EMIT origin->activated(0);
    QCOMPARE(changed.count(), 2);
    QVERIFY(!changed.at(1).at(0).value<std::optional<GeoPoint>>().has_value());
    QVERIFY(!m_live.queue->origin().has_value());
    QTRY_VERIFY_WITH_TIMEOUT(m_live.queue->hasLoaded(), kAnswerWaitMs);
    QTest::qWait(200); // a re-check the answer may have scheduled
    // Back home the server answers 304 (the home list is unchanged since it was last read), and
    // that 304's list must replace the other place's order, though it has as many rows.
    QCOMPARE(viewIds(page), serverIds(*m_pro1));
}

void TestOffersPage::setOriginRestoresWithoutSignal()
{
    OffersPage *page = m_live.page.get();
    QSignalSpy changed(page, &OffersPage::originChanged);
    page->setOrigin(GeoPoint{41.0, -73.5}, u"Yesterday's last job"_s);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(page->originLabel(), u"Yesterday's last job"_s);
    QCOMPARE(page->originBox()->currentText(), u"Yesterday's last job"_s);
    QCOMPARE(m_live.queue->origin(), std::optional<GeoPoint>(GeoPoint{41.0, -73.5}));
    page->setOrigin(std::nullopt);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(page->originBox()->currentIndex(), 0);
    QVERIFY(!m_live.queue->origin().has_value());
    QTRY_VERIFY_WITH_TIMEOUT(m_live.queue->hasLoaded(), kAnswerWaitMs);
}

void TestOffersPage::notifyCheckboxReportsChanges()
{
    OffersPage *page = m_live.page.get();
    QCheckBox *notify = page->notifyBox();
    QCOMPARE(notify->objectName(), u"notifyTopOffers"_s);
    QVERIFY(!notify->accessibleName().isEmpty());
    QSignalSpy changed(page, &OffersPage::notifyTopOffersChanged);
    const bool before = page->notifyTopOffers();
    QTest::mouseClick(notify, Qt::LeftButton);
    QCOMPARE(page->notifyTopOffers(), !before);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toBool(), !before);
    page->setNotifyTopOffers(before);
    QCOMPARE(page->notifyTopOffers(), before);
}

void TestOffersPage::bannerAnnouncesAndCloses()
{
    NoticeBanner banner;
    QSignalSpy closed(&banner, &NoticeBanner::closed);
    banner.show();
    banner.showMessage(NoticeBanner::Kind::Success, u"It's yours: scheduled for Tue"_s);
    QVERIFY(banner.isVisible());
    QCOMPARE(banner.text(), u"It's yours: scheduled for Tue"_s);
    auto *text = banner.findChild<QLabel *>(u"noticeText"_s);
    QVERIFY(text);
    QCOMPARE(text->accessibleName(), banner.text());
    QVERIFY(text->textInteractionFlags() & Qt::TextSelectableByMouse);
    auto *close = banner.findChild<QToolButton *>(u"noticeCloseButton"_s);
    QVERIFY(close && close->isVisible());
    QVERIFY(!close->accessibleName().isEmpty());
    QTest::mouseClick(close, Qt::LeftButton);
    QCOMPARE(closed.count(), 1);
    QVERIFY(!banner.isVisible());
    QVERIFY(banner.text().isEmpty());
    banner.setClosable(false);
    banner.showMessage(NoticeBanner::Kind::Error, u"Could not accept"_s);
    QVERIFY(!close->isVisible());
    banner.clear();
    QVERIFY(!banner.hasMessage());
}

void TestOffersPage::tabOrderAndAccessibleNames()
{
    OffersPage *page = m_live.page.get();
    page->banner()->showMessage(NoticeBanner::Kind::Info, u"A message"_s);
    page->activateWindow();
    QTRY_VERIFY_WITH_TIMEOUT(page->isActiveWindow(), kAnswerWaitMs);
    page->view()->setFocus();
    QVERIFY(page->view()->hasFocus());
    QTest::keyClick(page->view(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), page->acceptButton());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), page->originBox());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), page->notifyBox());

    // Everything a keyboard or screen reader user can reach is named.
    int checked = 0;
    const QList<QWidget *> widgets = page->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!widget->isVisible() || qobject_cast<QScrollBar *>(widget))
            continue;
        const bool interactive =
            (widget->focusPolicy() & Qt::TabFocus) || qobject_cast<QAbstractButton *>(widget) ||
            qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractItemView *>(widget);
        if (!interactive)
            continue;
        ++checked;
        QVERIFY2(
            !widget->accessibleName().isEmpty(),
            qPrintable(u"%1 (%2) has no accessible name"_s.arg(
                widget->objectName(), QString::fromLatin1(widget->metaObject()->className()))));
    }
    QVERIFY(checked >= 5); // table, Accept, origin, notify, the banner's close button
    page->banner()->clear();
}

void TestOffersPage::readOnlyHasNoAccept()
{
    OffersPage *page = m_live.page.get();
    page->setReadOnlyCaption(u"Marcus Reyes"_s);
    page->setReadOnly(true);
    QVERIFY(!page->acceptButton()->isVisible());
    QVERIFY(!page->notifyBox()->isVisible());
    QVERIFY(!page->originBox()->isVisible());
    auto *caption = page->findChild<QLabel *>(u"offersReadOnlyCaption"_s);
    QVERIFY(caption && caption->isVisible());
    QCOMPARE(caption->text(),
             u"Read-only: the queue as Marcus Reyes sees it (distances from their home)."_s);
    QVERIFY(page->selectJob(viewIds(page).constFirst()));
    QSignalSpy started(m_live.queue.get(), &OfferQueue::acceptStarted);
    QTest::keyClick(page->view(), Qt::Key_Return);
    QTest::mouseDClick(page->view()->viewport(), Qt::LeftButton, {},
                       page->view()->visualRect(page->view()->currentIndex()).center());
    QVERIFY(!page->acceptCurrent());
    QTest::qWait(200);
    QCOMPARE(started.count(), 0);
    QVERIFY(page->detailsText().contains(u"Score:"_s));

    page->setReadOnly(false);
    QVERIFY(page->acceptButton()->isVisible());
    QVERIFY(!caption->isVisible());
}

QTEST_MAIN(TestOffersPage)
#include "tst_offerspage.moc"
