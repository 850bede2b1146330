// The admins' review queue model (ui/photos/reviewqueuemodel.h), live, without a server: a
// page is given with applyPage(), then change events go through ApiClient::applyEvent() as the
// event stream would deliver them. A photo decided elsewhere leaves with rowsRemoved (never a
// reset), a new one joins at its place in the server's order (the order photos were added), a
// stale copy changes nothing, and the counts per state move with each change.
#include <reviewqueuemodel.h>

#include <apiclient.h>
#include <photoclient.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace dispatch;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kStart(QDate(2025, 3, 1), QTime(9, 0), QTimeZone::utc());

Photo photo(const QString &id, int minute, PhotoReviewState state = PhotoReviewState::Pending,
            int version = 1)
{
    Photo p;
    p.id = id;
    p.jobId = u"job-"_s + id;
    p.sha256 = QString(64, u'a');
    p.filename = id + u".jpg"_s;
    p.contentType = u"image/jpeg"_s;
    p.createdAt = kStart.addSecs(60 * minute);
    p.version = version;
    p.review.state = state;
    if (state != PhotoReviewState::Pending) {
        p.review.by = u"u-ada"_s;
        p.review.byName = u"Ada Admin"_s;
    }
    return p;
}

net::ReviewQueueItem item(const Photo &p)
{
    return {p, u"Title of "_s + p.id, u"Customer"_s, u"1 Main St"_s};
}

net::ChangeEvent changeEvent(const QString &type, const Photo &p)
{
    static qint64 seq = 100;
    net::ChangeEvent e;
    e.seq = ++seq;
    e.type = type;
    e.jobId = p.jobId;
    e.at = QDateTime::currentDateTimeUtc();
    e.actor = u"u-other"_s;
    e.photo = p;
    return e;
}

QStringList ids(const ReviewQueueModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << model.index(row).data(ReviewQueueModel::PhotoIdRole).toString();
    return list;
}

} // namespace

class TestReviewQueueModel final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void decidedElsewhereLeavesWithoutReset();
    void newPhotoJoinsAtItsPlace();
    void staleCopyChangesNothing();
    void undoneElsewhereComesBack();
    void newerThanTheLoadedPagesWaitsForItsPage();
    void flaggedFilterTakesFlaggedPhotos();

private:
    void load(const QList<Photo> &photos, const net::ReviewCounts &counts,
              const QString &nextCursor = {});

    std::unique_ptr<net::ApiClient> m_api;
    std::unique_ptr<ReviewQueueModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestReviewQueueModel::init()
{
    // Nothing listens there: the model's own reads (counts it cannot tell) fail quietly.
    m_api = std::make_unique<net::ApiClient>(QUrl(u"http://127.0.0.1:9"_s));
    m_model = std::make_unique<ReviewQueueModel>(m_api->photos());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestReviewQueueModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_api.reset();
}

void TestReviewQueueModel::load(const QList<Photo> &photos, const net::ReviewCounts &counts,
                                const QString &nextCursor)
{
    net::ReviewQueueResult page;
    for (const Photo &p : photos)
        page.items.append(item(p));
    page.nextCursor = nextCursor;
    page.counts = counts;
    m_model->applyPage(page, true);
}

void TestReviewQueueModel::decidedElsewhereLeavesWithoutReset()
{
    load({photo(u"p1"_s, 1), photo(u"p2"_s, 2), photo(u"p3"_s, 3)}, {3, 5, 1});
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 3);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"p2"_s, 2, PhotoReviewState::Approved, 2)));
    QCOMPARE(ids(*m_model), (QStringList{u"p1"_s, u"p3"_s}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 2);
    QCOMPARE(m_model->count(PhotoReviewState::Approved), 6);
    QCOMPARE(m_model->count(PhotoReviewState::Flagged), 1);
    QCOMPARE(m_model->knownState(u"p2"_s), PhotoReviewState::Approved);
}

void TestReviewQueueModel::newPhotoJoinsAtItsPlace()
{
    load({photo(u"p1"_s, 1), photo(u"p3"_s, 3)}, {2, 0, 0});
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    // The server lists photos in the order they were added: a new one is last, whatever time
    // its copy says (times are whole seconds).
    m_api->applyEvent(changeEvent(u"PHOTO_ADDED"_s, photo(u"p2"_s, 2)));
    QCOMPARE(ids(*m_model), (QStringList{u"p1"_s, u"p3"_s, u"p2"_s}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2);
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 3);
    QCOMPARE(m_model->index(2).data(ReviewQueueModel::JobIdRole).toString(), u"job-p2"_s);

    // A photo never listed here that becomes pending again joins by its time.
    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"px"_s, 2, PhotoReviewState::Pending, 3)));
    QCOMPARE(ids(*m_model), (QStringList{u"p1"_s, u"px"_s, u"p3"_s, u"p2"_s}));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.last().at(1).toInt(), 1);
}

void TestReviewQueueModel::staleCopyChangesNothing()
{
    load({photo(u"p1"_s, 1)}, {1, 0, 0});
    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"p1"_s, 1, PhotoReviewState::Flagged, 3)));
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    // An older copy (version 2, pending) arriving late must not bring it back.
    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"p1"_s, 1, PhotoReviewState::Pending, 2)));
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 0);
    QCOMPARE(m_model->count(PhotoReviewState::Flagged), 1);
}

void TestReviewQueueModel::undoneElsewhereComesBack()
{
    load({photo(u"p1"_s, 1), photo(u"p2"_s, 2), photo(u"p3"_s, 3)}, {3, 0, 0});
    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"p2"_s, 2, PhotoReviewState::Approved, 2)));
    QCOMPARE(ids(*m_model), (QStringList{u"p1"_s, u"p3"_s}));
    // Another admin's undo: pending again, at its old place.
    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"p2"_s, 2, PhotoReviewState::Pending, 3)));
    QCOMPARE(ids(*m_model), (QStringList{u"p1"_s, u"p2"_s, u"p3"_s}));
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 3);
    QCOMPARE(m_model->count(PhotoReviewState::Approved), 0);
}

void TestReviewQueueModel::newerThanTheLoadedPagesWaitsForItsPage()
{
    load({photo(u"p1"_s, 1), photo(u"p2"_s, 2)}, {60, 0, 0}, u"cursor-2"_s);
    QVERIFY(m_model->canFetchMore());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    // After the last loaded row while more pages remain: the next page brings it.
    m_api->applyEvent(changeEvent(u"PHOTO_ADDED"_s, photo(u"p9"_s, 90)));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 61);
    // Before it: joins now.
    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"p0"_s, 0, PhotoReviewState::Pending, 2)));
    QCOMPARE(ids(*m_model), (QStringList{u"p0"_s, u"p1"_s, u"p2"_s}));

    // The next page holds p9 too (it arrived live before its page): listed once.
    net::ReviewQueueResult next;
    next.items = {item(photo(u"p3"_s, 3)), item(photo(u"p9"_s, 90))};
    m_model->applyPage(next, false);
    QCOMPARE(ids(*m_model), (QStringList{u"p0"_s, u"p1"_s, u"p2"_s, u"p3"_s, u"p9"_s}));
    QVERIFY(!m_model->canFetchMore());
}

void TestReviewQueueModel::flaggedFilterTakesFlaggedPhotos()
{
    m_model->setState(PhotoReviewState::Flagged); // its request fails: nothing listens
    Photo flagged = photo(u"f1"_s, 1, PhotoReviewState::Flagged, 2);
    flagged.review.note = u"blurry"_s;
    load({flagged}, {4, 0, 1});
    QCOMPARE(m_model->index(0).data(ReviewQueueModel::NoteRole).toString(), u"blurry"_s);

    m_api->applyEvent(changeEvent(u"PHOTO_ADDED"_s, photo(u"p5"_s, 5)));
    QCOMPARE(m_model->rowCount(), 1); // pending: not this list
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 5);

    Photo now = photo(u"p5"_s, 5, PhotoReviewState::Flagged, 2);
    now.review.note = u"wrong job"_s;
    m_api->applyEvent(changeEvent(u"PHOTO_REVIEWED"_s, now));
    QCOMPARE(ids(*m_model), (QStringList{u"f1"_s, u"p5"_s}));
    QCOMPARE(m_model->count(PhotoReviewState::Pending), 4);
    QCOMPARE(m_model->count(PhotoReviewState::Flagged), 2);

    m_api->applyEvent(
        changeEvent(u"PHOTO_REVIEWED"_s, photo(u"f1"_s, 1, PhotoReviewState::Approved, 3)));
    QCOMPARE(ids(*m_model), (QStringList{u"p5"_s}));
    QCOMPARE(m_model->count(PhotoReviewState::Approved), 1);
}

QTEST_GUILESS_MAIN(TestReviewQueueModel)
#include "tst_reviewqueuemodel.moc"
