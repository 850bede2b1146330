// Photo review, the admins' first view, end to end against the real dispatchd (--demo),
// offscreen and by keyboard: an admin signs in to Photo review as the first, current tab; A
// approves (the server says approved, the next photo is selected, the counts move), F with a
// note and Enter flags with that note, J and K move, Ctrl+Z undoes (the server says pending
// again, the photo is back and selected), also when pressed before the server has answered; a
// second admin's decision takes a photo out of the list live; a decision the second admin made
// first gives "Already reviewed by NAME (flagged)" and the page moves on; the Flagged filter
// lists the flagged photos with their notes; Ctrl+1 comes back from the board; every control
// has an accessible name; a dispatcher has no review tab. With DISPATCH_SCREENSHOT_DIR set, the
// page is saved there as photo-review.png (docs/screenshots/).
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "signedinwindow.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <conflictdialog.h> // jobeditor.h holds a QPointer<ConflictDialog>
#include <eventstreamclient.h>
#include <jobboard.h>
#include <mainwindow.h>
#include <noticebanner.h>
#include <photoreviewpage.h>
#include <reviewpreview.h>
#include <reviewqueuemodel.h>

#include <QAbstractButton>
#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPainter>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

/// Photos the queue should hold before the keys are tried.
constexpr int kPendingWanted = 10;

/// A JPEG that no other call makes (the server refuses the same bytes twice for one job).
QByteArray jpeg(int seed)
{
    QImage image(640, 480, QImage::Format_RGB32);
    image.fill(QColor::fromHsv((seed * 47) % 360, 120, 200));
    QPainter painter(&image);
    painter.setPen(Qt::white);
    QFont font = painter.font();
    font.setPixelSize(64);
    painter.setFont(font);
    painter.drawText(image.rect(), Qt::AlignCenter, QStringLiteral("Photo %1").arg(seed));
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 85);
    return bytes;
}

QString photoPath(const QString &id)
{
    return u"/photos/"_s + id;
}

} // namespace

class TestPhotoReview final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void adminStartsOnPhotoReview();
    void screenshot();
    void approveWithA();
    void flagWithFAndANote();
    void escCancelsTheNote();
    void jAndKMove();
    void ctrlZUndoes();
    void undoBeforeTheAnswer();
    void decisionRightAfterAnUndoWaitsForIt();
    void anotherAdminsDecisionArrivesLive();
    void staleDecisionSaysWhoAndMovesOn();
    void flaggedFilterListsNotes();
    void ctrlOneComesBackFromTheBoard();
    void everyControlHasAnAccessibleName();
    void dispatcherHasNoReviewTab();
    void emptyWhenEverythingIsReviewed();

private:
    std::unique_ptr<MainWindow> signedIn(const QString &user, const QString &password);
    /// The server's copy of a photo, as the admin sees it.
    QJsonObject serverPhoto(const QString &id) const;
    QString serverState(const QString &id) const;
    /// `GET /photos?review=STATE`: the ids in order and the counts.
    QStringList serverQueue(const QString &state, QJsonObject *counts = nullptr) const;
    /// The second admin decides, with the photo's current ETag.
    bool otherAdminDecides(const QString &id, const QString &state, const QString &note = {});
    PhotoReviewPage *page() const { return m_admin->photoReview(); }
    QStringList rows() const;
    void focusList();

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_adminHttp;
    std::unique_ptr<HttpTestClient> m_otherHttp; ///< the second admin
    QString m_otherName;
    std::unique_ptr<MainWindow> m_admin;
    QString m_approved; ///< the photo approveWithA approved
    QString m_flagged;  ///< the photo flagWithFAndANote flagged
};

void TestPhotoReview::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_adminHttp = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_adminHttp->login(u"admin"_s, QString::fromUtf8(m_server.adminPassword())));

    // A second admin, whose decisions the first one's console must follow.
    m_otherName = u"Ada Reviewer"_s;
    const HttpResult created =
        m_adminHttp->postJson(u"/users"_s, QJsonObject{{u"username"_s, u"ada"_s},
                                                       {u"password"_s, u"ada-secret-pw"_s},
                                                       {u"name"_s, m_otherName},
                                                       {u"role"_s, u"admin"_s},
                                                       {u"home"_s, QJsonValue::Null}});
    QVERIFY2(created.status == 201, created.describe().constData());
    m_otherHttp = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_otherHttp->login(u"ada"_s, u"ada-secret-pw"_s));

    // The demo data seeds pending photos; top them up as a dispatcher when it seeded few.
    const int pending = int(serverQueue(u"pending"_s).size());
    if (pending < kPendingWanted) {
        HttpTestClient dana(m_server.apiUrl({}));
        QVERIFY(dana.login(u"dana"_s, u"demo-password"_s));
        const QJsonArray jobs = dana.get(u"/jobs?limit=5"_s).json().value(u"items"_s).toArray();
        QVERIFY(!jobs.isEmpty());
        for (int i = pending; i < kPendingWanted; ++i) {
            const QString jobId = jobs.at(i % jobs.size()).toObject().value(u"id"_s).toString();
            const HttpResult uploaded = dana.request(
                "POST", jobPath(jobId, u"/photos"_s), jpeg(i),
                {{"Content-Type", "image/jpeg"},
                 {"X-Filename", QUrl::toPercentEncoding(QStringLiteral("site-%1.jpg").arg(i))}});
            QVERIFY2(uploaded.status == 201, uploaded.describe().constData());
        }
    }
    QVERIFY(serverQueue(u"pending"_s).size() >= kPendingWanted);

    m_admin = signedIn(u"admin"_s, QString::fromUtf8(m_server.adminPassword()));
    QVERIFY(m_admin);
}

void TestPhotoReview::cleanupTestCase()
{
    m_admin.reset();
    QVERIFY(m_server.stop());
}

std::unique_ptr<MainWindow> TestPhotoReview::signedIn(const QString &user, const QString &password)
{
    return signedInWindow(m_server.baseUrl(), user, password);
}

QJsonObject TestPhotoReview::serverPhoto(const QString &id) const
{
    return m_adminHttp->get(photoPath(id)).json();
}

QString TestPhotoReview::serverState(const QString &id) const
{
    return serverPhoto(id).value(u"review"_s).toObject().value(u"state"_s).toString();
}

QStringList TestPhotoReview::serverQueue(const QString &state, QJsonObject *counts) const
{
    const HttpResult answer = m_adminHttp->get(u"/photos?review="_s + state + u"&limit=100"_s);
    if (answer.status != 200)
        qWarning("GET /photos: %s", answer.describe().constData());
    QStringList ids;
    const QJsonArray items = answer.json().value(u"items"_s).toArray();
    for (const QJsonValue &item : items)
        ids << item.toObject().value(u"photo"_s).toObject().value(u"id"_s).toString();
    if (counts)
        *counts = answer.json().value(u"counts"_s).toObject();
    return ids;
}

bool TestPhotoReview::otherAdminDecides(const QString &id, const QString &state,
                                        const QString &note)
{
    const HttpResult current = m_otherHttp->get(photoPath(id));
    QJsonObject body{{u"review"_s, state}};
    if (!note.isEmpty())
        body.insert(u"note"_s, note);
    const HttpResult decided =
        m_otherHttp->patchJson(photoPath(id), body, ifMatch(current.header("ETag")));
    if (decided.status != 200)
        qWarning("PATCH /photos/%s: %s", qPrintable(id), decided.describe().constData());
    return decided.status == 200;
}

QStringList TestPhotoReview::rows() const
{
    QStringList ids;
    const ReviewQueueModel *model = page()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        ids << model->index(row).data(ReviewQueueModel::PhotoIdRole).toString();
    return ids;
}

void TestPhotoReview::focusList()
{
    m_admin->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_admin.get()));
    page()->view()->setFocus(Qt::OtherFocusReason);
    QTRY_VERIFY(page()->view()->hasFocus());
}

void TestPhotoReview::adminStartsOnPhotoReview()
{
    PhotoReviewPage *review = page();
    QVERIFY(review);
    QCOMPARE(m_admin->workspace()->indexOf(review), 0);
    QCOMPARE(m_admin->workspace()->currentWidget(), review);
    QTRY_VERIFY_WITH_TIMEOUT(review->model()->hasLoaded(), kAnswerWaitMs);

    // The server's queue, oldest first, and its counts.
    QJsonObject counts;
    const QStringList queue = serverQueue(u"pending"_s, &counts);
    QCOMPARE(rows(), queue.mid(0, ReviewQueueModel::kPageSize));
    QCOMPARE(review->countsText(), QStringLiteral("%1 waiting · %2 approved · %3 flagged")
                                       .arg(counts.value(u"pending"_s).toInt())
                                       .arg(counts.value(u"approved"_s).toInt())
                                       .arg(counts.value(u"flagged"_s).toInt()));
    QVERIFY2(m_admin->workspace()->tabText(0).contains(
                 QString::number(counts.value(u"pending"_s).toInt())),
             qPrintable(m_admin->workspace()->tabText(0)));

    // The oldest is shown with its job, and the focus is on the list.
    QCOMPARE(review->currentPhotoId(), queue.first());
    const QJsonObject first = serverPhoto(queue.first());
    QVERIFY2(review->contextText().contains(first.value(u"filename"_s).toString()),
             qPrintable(review->contextText()));
    QVERIFY(!review->contextText().startsWith(u"(job not loaded"_s));
    QTRY_VERIFY_WITH_TIMEOUT(review->preview()->isShowingPicture(), kAnswerWaitMs);
    m_admin->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_admin.get()));
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(review->view()));
}

void TestPhotoReview::approveWithA()
{
    focusList();
    PhotoReviewPage *review = page();
    const QStringList before = rows();
    QVERIFY(before.size() >= 3);
    const QString photo = review->currentPhotoId();
    QCOMPARE(photo, before.first());
    const int pending = review->model()->count(PhotoReviewState::Pending);
    const int approved = review->model()->count(PhotoReviewState::Approved);

    QTest::keyClick(review->view(), Qt::Key_A);
    // At once: the next photo takes its place.
    QCOMPARE(review->model()->rowOf(photo), -1);
    QCOMPARE(review->currentPhotoId(), before.at(1));
    QCOMPARE(review->model()->count(PhotoReviewState::Pending), pending - 1);
    QCOMPARE(review->model()->count(PhotoReviewState::Approved), approved + 1);
    // The server agrees.
    QTRY_COMPARE_WITH_TIMEOUT(serverState(photo), u"approved"_s, kAnswerWaitMs);
    QCOMPARE(serverPhoto(photo).value(u"review"_s).toObject().value(u"by"_s).toString(),
             m_adminHttp->loggedInUser().value(u"id"_s).toString());
    QJsonObject counts;
    serverQueue(u"pending"_s, &counts);
    QTRY_COMPARE(review->model()->count(PhotoReviewState::Pending),
                 counts.value(u"pending"_s).toInt());
    QTRY_VERIFY(m_admin->workspace()->tabText(0).contains(QString::number(pending - 1)));
    QVERIFY(!review->banner()->hasMessage());
    m_approved = photo;
}

void TestPhotoReview::flagWithFAndANote()
{
    focusList();
    PhotoReviewPage *review = page();
    const QStringList before = rows();
    const QString photo = review->currentPhotoId();
    const int row = int(before.indexOf(photo));
    QVERIFY(row >= 0 && row + 1 < before.size());

    QTest::keyClick(review->view(), Qt::Key_F);
    QLineEdit *note = review->noteEdit();
    QVERIFY(note->isVisible());
    QTRY_VERIFY(note->hasFocus());
    // While the note is typed, the letters are the note's, not A, F, J or K.
    QTest::keyClicks(note, u"Blurry, just a finger"_s);
    QCOMPARE(review->currentPhotoId(), photo);
    QCOMPARE(review->model()->rowOf(photo), row);
    QTest::keyClick(note, Qt::Key_Return);

    QVERIFY(!note->isVisible());
    QCOMPARE(review->model()->rowOf(photo), -1);
    QCOMPARE(review->currentPhotoId(), before.at(row + 1));
    QTRY_VERIFY(review->view()->hasFocus());
    QTRY_COMPARE_WITH_TIMEOUT(serverState(photo), u"flagged"_s, kAnswerWaitMs);
    QCOMPARE(serverPhoto(photo).value(u"review"_s).toObject().value(u"note"_s).toString(),
             u"Blurry, just a finger"_s);
    m_flagged = photo;
}

void TestPhotoReview::escCancelsTheNote()
{
    focusList();
    PhotoReviewPage *review = page();
    const QString photo = review->currentPhotoId();
    QTest::keyClick(review->view(), Qt::Key_F);
    QTRY_VERIFY(review->noteEdit()->hasFocus());
    QTest::keyClicks(review->noteEdit(), u"never mind"_s);
    QTest::keyClick(review->noteEdit(), Qt::Key_Escape);
    QVERIFY(!review->noteEdit()->isVisible());
    QTRY_VERIFY(review->view()->hasFocus());
    QCOMPARE(review->currentPhotoId(), photo);
    QCOMPARE(serverState(photo), u"pending"_s);
}

void TestPhotoReview::jAndKMove()
{
    focusList();
    PhotoReviewPage *review = page();
    const QStringList ids = rows();
    const int row = int(ids.indexOf(review->currentPhotoId()));
    QVERIFY(row >= 0 && row + 2 < ids.size());
    QTest::keyClick(review->view(), Qt::Key_J);
    QCOMPARE(review->currentPhotoId(), ids.at(row + 1));
    QTest::keyClick(review->view(), Qt::Key_J);
    QCOMPARE(review->currentPhotoId(), ids.at(row + 2));
    QTest::keyClick(review->view(), Qt::Key_K);
    QCOMPARE(review->currentPhotoId(), ids.at(row + 1));
    // From the picture as from the list.
    review->preview()->setFocus(Qt::OtherFocusReason);
    QTRY_VERIFY(review->preview()->hasFocus());
    QTest::keyClick(review->preview(), Qt::Key_K);
    QCOMPARE(review->currentPhotoId(), ids.at(row));
    // Skipping decides nothing.
    QCOMPARE(serverState(ids.at(row + 1)), u"pending"_s);
    QCOMPARE(rows(), ids);
}

void TestPhotoReview::ctrlZUndoes()
{
    focusList();
    PhotoReviewPage *review = page();
    QVERIFY(!m_flagged.isEmpty() && !m_approved.isEmpty());
    const int pending = review->model()->count(PhotoReviewState::Pending);

    // The last decision first: the flag.
    QTest::keyClick(review->view(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(review->currentPhotoId(), m_flagged);
    QVERIFY(review->model()->rowOf(m_flagged) >= 0);
    QCOMPARE(review->model()->count(PhotoReviewState::Pending), pending + 1);
    QTRY_COMPARE_WITH_TIMEOUT(serverState(m_flagged), u"pending"_s, kAnswerWaitMs);

    // Then the approval before it, back at the head of the queue (the oldest).
    QTest::keyClick(review->view(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(review->currentPhotoId(), m_approved);
    QCOMPARE(review->model()->rowOf(m_approved), 0);
    QTRY_COMPARE_WITH_TIMEOUT(serverState(m_approved), u"pending"_s, kAnswerWaitMs);
    QCOMPARE(rows(), serverQueue(u"pending"_s).mid(0, ReviewQueueModel::kPageSize));
    QVERIFY(!review->banner()->hasMessage());
}

void TestPhotoReview::undoBeforeTheAnswer()
{
    focusList();
    PhotoReviewPage *review = page();
    const QString photo = review->currentPhotoId();
    // The undo before has been answered: A goes out at once.
    QTRY_VERIFY_WITH_TIMEOUT(!review->model()->isDeciding(photo), kAnswerWaitMs);
    const int version = serverPhoto(photo).value(u"version"_s).toInt();
    // A then Ctrl+Z at once: the undo waits for the decision's answer (its ETag), then goes.
    QTest::keyClick(review->view(), Qt::Key_A);
    QTest::keyClick(review->view(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(review->currentPhotoId(), photo, kAnswerWaitMs);
    // Two decisions on the server: approved, then pending again.
    QTRY_COMPARE_WITH_TIMEOUT(serverPhoto(photo).value(u"version"_s).toInt(), version + 2,
                              kAnswerWaitMs);
    QCOMPARE(serverState(photo), u"pending"_s);
    QTRY_COMPARE(review->model()->rowOf(photo), 0);
    QVERIFY(!review->banner()->hasMessage());
}

void TestPhotoReview::decisionRightAfterAnUndoWaitsForIt()
{
    focusList();
    PhotoReviewPage *review = page();
    const QString photo = review->currentPhotoId();
    QTRY_VERIFY_WITH_TIMEOUT(!review->model()->isDeciding(photo), kAnswerWaitMs);
    const int version = serverPhoto(photo).value(u"version"_s).toInt();
    QTest::keyClick(review->view(), Qt::Key_A);
    QTRY_VERIFY_WITH_TIMEOUT(!review->model()->isDeciding(photo), kAnswerWaitMs);
    // Ctrl+Z brings it back; A at once, before the undo is answered, goes after it with the
    // ETag the undo returns (not refused as stale).
    QTest::keyClick(review->view(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(review->currentPhotoId(), photo);
    QTest::keyClick(review->view(), Qt::Key_A);
    QTRY_COMPARE_WITH_TIMEOUT(serverPhoto(photo).value(u"version"_s).toInt(), version + 3,
                              kAnswerWaitMs);
    QCOMPARE(serverState(photo), u"approved"_s);
    QTRY_COMPARE(review->model()->rowOf(photo), -1);
    QVERIFY(!review->banner()->hasMessage());
    // Back to waiting for the suites after this one.
    QTRY_VERIFY_WITH_TIMEOUT(!review->model()->isDeciding(photo), kAnswerWaitMs);
    QTest::keyClick(review->view(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(serverState(photo), u"pending"_s, kAnswerWaitMs);
    QTRY_COMPARE(review->currentPhotoId(), photo);
    QTRY_VERIFY_WITH_TIMEOUT(!review->model()->isDeciding(photo), kAnswerWaitMs);
}

void TestPhotoReview::anotherAdminsDecisionArrivesLive()
{
    PhotoReviewPage *review = page();
    const QStringList before = rows();
    QVERIFY(before.size() >= 4);
    const QString current = review->currentPhotoId();
    const QString other = before.at(2) == current ? before.at(3) : before.at(2);
    const int pending = review->model()->count(PhotoReviewState::Pending);
    QSignalSpy reset(review->model(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(review->model(), &QAbstractItemModel::rowsRemoved);

    QVERIFY(otherAdminDecides(other, u"approved"_s));
    QTRY_COMPARE_WITH_TIMEOUT(review->model()->rowOf(other), -1, kAnswerWaitMs);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(review->currentPhotoId(), current); // not the one shown: the admin stays put
    QCOMPARE(review->model()->count(PhotoReviewState::Pending), pending - 1);

    // The one shown: the next takes its place, and the banner says who decided.
    QVERIFY(otherAdminDecides(current, u"approved"_s));
    QTRY_COMPARE_WITH_TIMEOUT(review->model()->rowOf(current), -1, kAnswerWaitMs);
    QVERIFY(!review->currentPhotoId().isEmpty());
    QVERIFY(review->currentPhotoId() != current);
    QVERIFY2(review->banner()->text().contains(m_otherName), qPrintable(review->banner()->text()));
    review->banner()->clear();
}

void TestPhotoReview::staleDecisionSaysWhoAndMovesOn()
{
    focusList();
    PhotoReviewPage *review = page();
    // No event may tell the console before its own decision goes out.
    auto *stream = m_admin->findChild<net::EventStreamClient *>();
    QVERIFY(stream && stream->isRunning());
    stream->stop();

    const QStringList before = rows();
    const QString photo = review->currentPhotoId();
    const int row = int(before.indexOf(photo));
    QVERIFY(row >= 0 && row + 1 < before.size());
    QVERIFY(otherAdminDecides(photo, u"flagged"_s, u"Wrong job"_s));
    QCOMPARE(review->model()->rowOf(photo), row); // the console cannot know yet

    QTest::keyClick(review->view(), Qt::Key_A);
    QCOMPARE(review->currentPhotoId(), before.at(row + 1)); // moved on at once
    QTRY_COMPARE_WITH_TIMEOUT(review->banner()->text(),
                              QStringLiteral("Already reviewed by %1 (flagged)").arg(m_otherName),
                              kAnswerWaitMs);
    QCOMPARE(review->banner()->kind(), NoticeBanner::Kind::Warning);
    QCOMPARE(review->model()->rowOf(photo), -1);
    QCOMPARE(review->currentPhotoId(), before.at(row + 1));
    QCOMPARE(serverState(photo), u"flagged"_s); // the other admin's decision stands
    // The counts follow the server's copy: one flagged more, not one approved more.
    QJsonObject counts;
    serverQueue(u"pending"_s, &counts);
    QTRY_COMPARE(review->model()->count(PhotoReviewState::Flagged),
                 counts.value(u"flagged"_s).toInt());
    QCOMPARE(review->model()->count(PhotoReviewState::Approved),
             counts.value(u"approved"_s).toInt());
    // Nothing to undo from a decision that was refused.
    stream->start(stream->lastAppliedSeq());
    review->banner()->clear();
}

void TestPhotoReview::flaggedFilterListsNotes()
{
    PhotoReviewPage *review = page();
    review->setFilter(PhotoReviewState::Flagged);
    QCOMPARE(review->filter(), PhotoReviewState::Flagged);
    QTRY_VERIFY_WITH_TIMEOUT(review->model()->hasLoaded(), kAnswerWaitMs);
    const QStringList flagged = serverQueue(u"flagged"_s);
    QVERIFY(!flagged.isEmpty());
    QCOMPARE(rows(), flagged.mid(0, ReviewQueueModel::kPageSize));
    // Each row carries its note, as the server has it.
    for (int row = 0; row < review->model()->rowCount(); ++row) {
        const QModelIndex index = review->model()->index(row);
        const QString id = index.data(ReviewQueueModel::PhotoIdRole).toString();
        QCOMPARE(index.data(ReviewQueueModel::NoteRole).toString(),
                 serverPhoto(id).value(u"review"_s).toObject().value(u"note"_s).toString());
    }
    // The other admin's flag, with who and why.
    bool found = false;
    for (const QString &id : rows()) {
        if (serverPhoto(id).value(u"review"_s).toObject().value(u"note"_s).toString() ==
            u"Wrong job"_s) {
            QVERIFY(review->selectPhoto(id));
            found = true;
        }
    }
    QVERIFY(found);
    QVERIFY2(
        review->contextText().contains(QStringLiteral("Flagged by %1: Wrong job").arg(m_otherName)),
        qPrintable(review->contextText()));
    QTRY_VERIFY_WITH_TIMEOUT(review->preview()->isShowingPicture(), kAnswerWaitMs);
    saveScreenshot(m_admin.get(), u"photo-review-flagged.png"_s);

    review->setFilter(PhotoReviewState::Pending);
    QTRY_VERIFY_WITH_TIMEOUT(review->model()->hasLoaded(), kAnswerWaitMs);
    QCOMPARE(rows(), serverQueue(u"pending"_s).mid(0, ReviewQueueModel::kPageSize));
}

void TestPhotoReview::ctrlOneComesBackFromTheBoard()
{
    m_admin->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_admin.get()));
    QTest::keyClick(m_admin.get(), Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(m_admin->workspace()->currentIndex(), 1);
    QCOMPARE(m_admin->board()->tab(), JobFilterProxyModel::Tab::Scheduled);
    QTest::keyClick(m_admin.get(), Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(m_admin->workspace()->currentWidget(), static_cast<QWidget *>(page()));
    QTRY_VERIFY(page()->view()->hasFocus());
}

void TestPhotoReview::everyControlHasAnAccessibleName()
{
    PhotoReviewPage *review = page();
    review->startFlag(); // the note line too
    const auto widgets = review->findChildren<QWidget *>();
    int checked = 0;
    for (QWidget *widget : widgets) {
        if (!widget->isVisible() || !(widget->focusPolicy() & Qt::TabFocus))
            continue;
        ++checked;
        QVERIFY2(!widget->accessibleName().isEmpty(),
                 qPrintable(QString::fromLatin1(widget->metaObject()->className()) + u' ' +
                            widget->objectName()));
    }
    QVERIFY(checked >= 8);
    QTest::keyClick(review->noteEdit(), Qt::Key_Escape);
    QVERIFY(!review->noteEdit()->isVisible());
}

void TestPhotoReview::dispatcherHasNoReviewTab()
{
    const auto dana = signedIn(u"dana"_s, u"demo-password"_s);
    QVERIFY(dana);
    QVERIFY(!dana->photoReview());
    QVERIFY(!dana->findChild<PhotoReviewPage *>());
    QCOMPARE(dana->workspace()->count(), 2); // the board, then Dispatch
    QCOMPARE(dana->workspace()->currentIndex(), 0);
    // Ctrl+1 is the board's Available tab there, as before.
    dana->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dana.get()));
    QTest::keyClick(dana.get(), Qt::Key_3, Qt::ControlModifier);
    QTRY_COMPARE(dana->board()->tab(), JobFilterProxyModel::Tab::InProgress);
    QTest::keyClick(dana.get(), Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(dana->board()->tab(), JobFilterProxyModel::Tab::Available);
}

void TestPhotoReview::screenshot()
{
    // The admin's first view on the demo data, before any decision.
    PhotoReviewPage *review = page();
    QCOMPARE(review->currentPhotoId(), rows().first());
    QTRY_VERIFY_WITH_TIMEOUT(review->preview()->isShowingPicture(), kAnswerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!review->jobPhotosView()->isVisible() ||
                                 !review->jobPhotosView()->item(0)->icon().isNull(),
                             kAnswerWaitMs);
    saveScreenshot(m_admin.get(), u"photo-review.png"_s);
}

void TestPhotoReview::emptyWhenEverythingIsReviewed()
{
    PhotoReviewPage *review = page();
    review->setFilter(PhotoReviewState::Pending);
    QTRY_VERIFY_WITH_TIMEOUT(review->model()->hasLoaded(), kAnswerWaitMs);
    QSignalSpy reset(review->model(), &QAbstractItemModel::modelReset);
    // The other admin approves everything left; each photo leaves this list as it happens.
    const QStringList left = serverQueue(u"pending"_s);
    QVERIFY(!left.isEmpty());
    for (const QString &id : left)
        QVERIFY(otherAdminDecides(id, u"approved"_s));
    QTRY_COMPARE_WITH_TIMEOUT(review->model()->rowCount(), 0, kAnswerWaitMs);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(review->model()->count(PhotoReviewState::Pending), 0);
    QCOMPARE(review->currentPhotoId(), QString());
    QCOMPARE(labelText(review, u"reviewEmptyTitle"_s), u"Nothing waiting for review"_s);
    QVERIFY(!labelText(review, u"reviewEmptyHint"_s).isEmpty());
    QTRY_VERIFY(m_admin->workspace()->tabText(0).contains(u"(0)"_s));
    // Nothing to decide: the keys do nothing.
    QVERIFY(!review->findChild<QAbstractButton *>(u"approveButton"_s)->isEnabled());
}

QTEST_MAIN(TestPhotoReview)
#include "tst_photoreview.moc"
