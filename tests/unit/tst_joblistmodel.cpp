// JobListModel and JobFilterProxyModel without widgets: the id -> row index stays right
// through upserts and removals, stale versions never roll a row back, and the proxy's tabs,
// search and sort see the cached keys.
#include <fieldkeys.h>
#include <jobfilterproxymodel.h>
#include <joblistmodel.h>
#include <userdirectory.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace dispatch;
using namespace Qt::StringLiterals;

namespace {

Job makeJob(const QString &id, JobStatus status, const QString &title, qint64 version = 1)
{
    Job job;
    job.id = id;
    job.version = version;
    job.status = status;
    job.fields = emptyJobFields();
    job.fields.insert(FieldKey::Title, title);
    job.fields.insert(FieldKey::CustomerName, QString(QStringLiteral("Customer of ") + title));
    job.fields.insert(FieldKey::Address, QStringLiteral("1 Main St"));
    job.createdAt = QDateTime(QDate(2026, 1, 1), QTime(9, 0), QTimeZone::utc());
    job.updatedAt = job.createdAt.addSecs(version * 60);
    return job;
}

QStringList idsInProxyOrder(const JobFilterProxyModel &proxy)
{
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids << proxy.index(row, 0).data(JobListModel::JobIdRole).toString();
    return ids;
}

} // namespace

class TestJobListModel final : public QObject {
    Q_OBJECT

private slots:
    void modelTester();
    void upsertInsertsThenUpdatesInPlace();
    void staleVersionIsIgnored();
    void removeRenumbersRows();
    void lookupAfterManyOperations();
    void sortValueIsNotDisplayText();
    void assignedNameFromUserMap();
    void overdueIsMarkedInWords();
    void overdueFirstSortsThemFirst();
    void statusesAreExplained();
    void tabs_data();
    void tabs();
    void search_data();
    void search();
    void sortByTitleAndDue();
    void proxyFollowsUpsert();
    void titleRanksSurviveEdits();
};

void TestJobListModel::modelTester()
{
    JobListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetJobs({makeJob(QStringLiteral("a"), JobStatus::Open, QStringLiteral("A")),
                     makeJob(QStringLiteral("b"), JobStatus::Paid, QStringLiteral("B"))});
    model.upsertJob(makeJob(QStringLiteral("c"), JobStatus::Open, QStringLiteral("C")));
    model.upsertJob(makeJob(QStringLiteral("a"), JobStatus::Scheduled, QStringLiteral("A2"), 2));
    model.removeJob(QStringLiteral("b"));
    QCOMPARE(model.rowCount(), 2);
}

void TestJobListModel::upsertInsertsThenUpdatesInPlace()
{
    JobListModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.upsertJob(makeJob(QStringLiteral("j1"), JobStatus::Open, QStringLiteral("Fix"))));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowOf(QStringLiteral("j1")), 0);

    QVERIFY(model.upsertJob(
        makeJob(QStringLiteral("j1"), JobStatus::Requested, QStringLiteral("Fix sink"), 2)));
    QCOMPARE(inserted.count(), 1); // same row, not a new one
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, JobListModel::TitleColumn).data().toString(), u"Fix sink");
    QCOMPARE(model.index(0, JobListModel::StatusColumn).data().toString(), u"Requested");
    const Job job = model.index(0, 0).data(JobListModel::JobRole).value<Job>();
    QCOMPARE(job.version, 2);

    // The same version again changes nothing and says so.
    QVERIFY(!model.upsertJob(
        makeJob(QStringLiteral("j1"), JobStatus::Requested, QStringLiteral("Fix sink"), 2)));
    QCOMPARE(changed.count(), 1);
}

void TestJobListModel::staleVersionIsIgnored()
{
    JobListModel model;
    model.upsertJob(makeJob(QStringLiteral("j1"), JobStatus::Scheduled, QStringLiteral("New"), 5));
    QVERIFY(
        !model.upsertJob(makeJob(QStringLiteral("j1"), JobStatus::Open, QStringLiteral("Old"), 4)));
    QCOMPARE(model.job(QStringLiteral("j1"))->version, 5);
    QCOMPARE(model.job(QStringLiteral("j1"))->status, JobStatus::Scheduled);
}

void TestJobListModel::removeRenumbersRows()
{
    JobListModel model;
    QList<Job> jobs;
    for (int i = 0; i < 5; ++i)
        jobs << makeJob(QStringLiteral("j%1").arg(i), JobStatus::Open,
                        QStringLiteral("T%1").arg(i));
    model.resetJobs(jobs);
    QVERIFY(model.removeJob(QStringLiteral("j1")));
    QVERIFY(!model.removeJob(QStringLiteral("j1")));
    QVERIFY(!model.removeJob(QStringLiteral("nope")));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf(QStringLiteral("j1")), -1);
    for (const QString &id : {u"j0"_s, u"j2"_s, u"j3"_s, u"j4"_s}) {
        const int row = model.rowOf(id);
        QVERIFY2(row >= 0, qPrintable(id));
        QCOMPARE(model.jobAt(row).id, id);
    }
    QVERIFY(!model.job(QStringLiteral("j1")));
}

void TestJobListModel::lookupAfterManyOperations()
{
    // Mixed inserts, updates and removals: every id still maps to the row that holds it.
    JobListModel model;
    for (int i = 0; i < 200; ++i)
        model.upsertJob(makeJob(QString::number(i), JobStatus::Open, QString::number(i)));
    for (int i = 0; i < 200; i += 3)
        model.removeJob(QString::number(i));
    for (int i = 1; i < 200; i += 3)
        model.upsertJob(makeJob(QString::number(i), JobStatus::Paid, QStringLiteral("x"), 2));
    for (int i = 200; i < 220; ++i)
        model.upsertJob(makeJob(QString::number(i), JobStatus::Open, QString::number(i)));
    QCOMPARE(model.rowCount(), 200 - 67 + 20);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.rowOf(model.jobAt(row).id), row);
    QCOMPARE(model.job(QStringLiteral("4"))->status, JobStatus::Paid);
    QVERIFY(!model.contains(QStringLiteral("3")));
}

void TestJobListModel::sortValueIsNotDisplayText()
{
    JobListModel model;
    Job job = makeJob(QStringLiteral("j"), JobStatus::Scheduled, QStringLiteral("T"));
    job.dueAt = QDateTime(QDate(2026, 1, 15), QTime(18, 0), QTimeZone::utc());
    job.schedule = JobSchedule{QStringLiteral("2026-01-15"), QStringLiteral("America/Chicago"),
                               QStringLiteral("12:00-15:00")};
    model.upsertJob(job);
    const QModelIndex due = model.index(0, JobListModel::DueColumn);
    QCOMPARE(due.data(JobListModel::SortRole).toLongLong(), job.dueAt.toMSecsSinceEpoch());
    // The customer's clock is in the text (in any local zone), the whole window in the tooltip.
    QVERIFY2(due.data().toString().contains(u"12:00"), qPrintable(due.data().toString()));
    QVERIFY(due.data(Qt::ToolTipRole).toString().contains(u"12:00-15:00 (America/Chicago)"));
    QCOMPARE(model.index(0, JobListModel::StatusColumn).data(JobListModel::SortRole).toInt(),
             int(JobStatus::Scheduled));
}

void TestJobListModel::assignedNameFromUserMap()
{
    JobListModel model;
    net::UserDirectory directory;
    model.setDirectory(&directory);
    Job job = makeJob(QStringLiteral("j"), JobStatus::Scheduled, QStringLiteral("T"));
    job.assignedTo = QStringLiteral("u_pro1");
    model.upsertJob(job);
    const QModelIndex assigned = model.index(0, JobListModel::AssignedColumn);
    // Nobody named this id (yet): never the bare id.
    QCOMPARE(assigned.data().toString(), net::UserDirectory::formerUser());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    directory.learn(QStringLiteral("u_pro1"), QStringLiteral("Marcus Reyes"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(assigned.data().toString(), u"Marcus Reyes");
    model.upsertJob(makeJob(QStringLiteral("k"), JobStatus::Open, QStringLiteral("T")));
    QCOMPARE(model.index(1, JobListModel::AssignedColumn).data().toString(), u"Unassigned");
}

void TestJobListModel::overdueIsMarkedInWords()
{
    JobListModel model;
    const QDateTime past = QDateTime::currentDateTimeUtc().addDays(-1);
    Job late = makeJob(u"late"_s, JobStatus::Scheduled, u"Late"_s);
    late.dueAt = past;
    Job done = makeJob(u"done"_s, JobStatus::CompletedByPro, u"Done"_s);
    done.dueAt = past;
    Job soon = makeJob(u"soon"_s, JobStatus::Scheduled, u"Soon"_s);
    soon.dueAt = QDateTime::currentDateTimeUtc().addDays(1);
    model.upsertJob(late);
    model.upsertJob(done);
    model.upsertJob(soon);
    const auto due = [&](int row) { return model.index(row, JobListModel::DueColumn); };
    // A word, not a colour: the text and what a screen reader reads say it.
    QVERIFY2(due(0).data().toString().startsWith(u"Overdue: "_s),
             qPrintable(due(0).data().toString()));
    QVERIFY(due(0).data(Qt::ToolTipRole).toString().startsWith(u"Overdue: "_s));
    QVERIFY(due(0).data(JobListModel::OverdueRole).toBool());
    // Finished by the pro, or not due yet: not overdue.
    QVERIFY(!due(1).data().toString().contains(u"Overdue"_s));
    QVERIFY(!due(2).data().toString().contains(u"Overdue"_s));
    QVERIFY(!due(2).data(JobListModel::OverdueRole).toBool());
}

void TestJobListModel::overdueFirstSortsThemFirst()
{
    JobListModel model;
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto add = [&](const QString &id, JobStatus status, const QString &title, int days) {
        Job job = makeJob(id, status, title);
        job.dueAt = now.addDays(days);
        model.upsertJob(job);
    };
    add(u"a"_s, JobStatus::Open, u"A"_s, 2);
    add(u"b"_s, JobStatus::Scheduled, u"B"_s, -3);
    add(u"c"_s, JobStatus::Paid, u"C"_s, -5);
    add(u"d"_s, JobStatus::InProgress, u"D"_s, -1);
    proxy.sort(JobListModel::TitleColumn, Qt::AscendingOrder);
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    proxy.setOverdueFirst(true);
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"b"_s, u"d"_s, u"a"_s, u"c"_s}));
    // Descending by title: still overdue first, each group in the column's order.
    proxy.sort(JobListModel::TitleColumn, Qt::DescendingOrder);
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"d"_s, u"b"_s, u"c"_s, u"a"_s}));
    proxy.setOverdueFirst(false);
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"d"_s, u"c"_s, u"b"_s, u"a"_s}));
}

void TestJobListModel::statusesAreExplained()
{
    JobListModel model;
    model.upsertJob(makeJob(u"r"_s, JobStatus::Requested, u"R"_s));
    const QString tip = model.index(0, JobListModel::StatusColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(u"Requested: a customer asked for a specific pro"_s), qPrintable(tip));
    // The tab's tooltip explains each of its statuses with the same words.
    const QString available =
        JobFilterProxyModel::tabExplanation(JobFilterProxyModel::Tab::Available);
    QVERIFY(available.contains(statusExplanation(JobStatus::Open)));
    QVERIFY(available.contains(tip));
    QVERIFY(!available.contains(statusExplanation(JobStatus::Paid)));
    for (const JobStatus status : allJobStatuses())
        QVERIFY(!statusExplanation(status).isEmpty());
}

void TestJobListModel::tabs_data()
{
    QTest::addColumn<JobFilterProxyModel::Tab>("tab");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("available") << JobFilterProxyModel::Tab::Available
                               << QStringList{u"open"_s, u"requested"_s};
    QTest::newRow("scheduled") << JobFilterProxyModel::Tab::Scheduled
                               << QStringList{u"scheduled"_s};
    QTest::newRow("in progress") << JobFilterProxyModel::Tab::InProgress
                                 << QStringList{u"started"_s, u"awaiting"_s};
    QTest::newRow("done") << JobFilterProxyModel::Tab::Done
                          << QStringList{u"paid"_s, u"cancelled"_s};
    QTest::newRow("all") << JobFilterProxyModel::Tab::All
                         << QStringList{u"open"_s,     u"requested"_s, u"scheduled"_s, u"started"_s,
                                        u"awaiting"_s, u"paid"_s,      u"cancelled"_s};
}

void TestJobListModel::tabs()
{
    QFETCH(JobFilterProxyModel::Tab, tab);
    QFETCH(QStringList, ids);
    JobListModel model;
    model.resetJobs({makeJob(u"open"_s, JobStatus::Open, u"a"_s),
                     makeJob(u"requested"_s, JobStatus::Requested, u"b"_s),
                     makeJob(u"scheduled"_s, JobStatus::Scheduled, u"c"_s),
                     makeJob(u"started"_s, JobStatus::InProgress, u"d"_s),
                     makeJob(u"awaiting"_s, JobStatus::AwaitingCustomerConfirm, u"e"_s),
                     makeJob(u"paid"_s, JobStatus::Paid, u"f"_s),
                     makeJob(u"cancelled"_s, JobStatus::Cancelled, u"g"_s)});
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setTab(tab);
    proxy.sort(JobListModel::TitleColumn);
    QCOMPARE(idsInProxyOrder(proxy), ids);
}

void TestJobListModel::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("title, any case") << u"FAUCET"_s << QStringList{u"f"_s};
    QTest::newRow("customer") << u"of water"_s << QStringList{u"h"_s};
    QTest::newRow("address, both") << u"main st"_s << QStringList{u"f"_s, u"h"_s};
    QTest::newRow("spaces trimmed") << u"  faucet "_s << QStringList{u"f"_s};
    QTest::newRow("nothing") << u"roof"_s << QStringList{};
    QTest::newRow("empty shows all") << QString() << QStringList{u"f"_s, u"h"_s};
}

void TestJobListModel::search()
{
    QFETCH(QString, text);
    QFETCH(QStringList, ids);
    JobListModel model;
    model.resetJobs({makeJob(u"f"_s, JobStatus::Open, u"Leaking faucet"_s),
                     makeJob(u"h"_s, JobStatus::Open, u"Water heater"_s)});
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSearchText(text);
    proxy.sort(JobListModel::TitleColumn);
    QCOMPARE(idsInProxyOrder(proxy), ids);
}

void TestJobListModel::sortByTitleAndDue()
{
    JobListModel model;
    Job late = makeJob(u"late"_s, JobStatus::Scheduled, u"alpha"_s);
    late.dueAt = QDateTime(QDate(2026, 3, 1), QTime(9, 0), QTimeZone::utc());
    Job early = makeJob(u"early"_s, JobStatus::Scheduled, u"Bravo"_s);
    early.dueAt = QDateTime(QDate(2026, 2, 1), QTime(9, 0), QTimeZone::utc());
    Job none = makeJob(u"none"_s, JobStatus::Open, u"charlie"_s);
    model.resetJobs({none, late, early});
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(JobListModel::TitleColumn, Qt::AscendingOrder);
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"late"_s, u"early"_s, u"none"_s}));
    proxy.sort(JobListModel::DueColumn, Qt::AscendingOrder);
    // Undated jobs last, whatever their text would say.
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"early"_s, u"late"_s, u"none"_s}));
    proxy.sort(JobListModel::DueColumn, Qt::DescendingOrder);
    QCOMPARE(idsInProxyOrder(proxy), (QStringList{u"none"_s, u"late"_s, u"early"_s}));
}

void TestJobListModel::proxyFollowsUpsert()
{
    JobListModel model;
    model.resetJobs({makeJob(u"a"_s, JobStatus::Open, u"a"_s)});
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setTab(JobFilterProxyModel::Tab::Available);
    QCOMPARE(proxy.rowCount(), 1);
    // An event moves the job to another tab: it leaves this one at once.
    model.upsertJob(makeJob(u"a"_s, JobStatus::Scheduled, u"a"_s, 2));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setTab(JobFilterProxyModel::Tab::Scheduled);
    QCOMPARE(proxy.rowCount(), 1);
}

void TestJobListModel::titleRanksSurviveEdits()
{
    // The title sort compares precomputed ranks; edits, inserts and removals make them stale
    // and compareRows() must stay right until and after they are rebuilt.
    JobListModel model;
    QList<Job> jobs;
    const QStringList titles{u"delta"_s, u"Alpha"_s, u"charlie"_s, u"bravo"_s,
                             u"echo"_s,  u"alpha"_s, u"Äpfel"_s,   u"zulu"_s};
    for (int i = 0; i < titles.size(); ++i)
        jobs << makeJob(u"j%1"_s.arg(i), JobStatus::Open, titles[i]);
    model.resetJobs(jobs);
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setTab(JobFilterProxyModel::Tab::All);
    proxy.sort(JobListModel::TitleColumn, Qt::AscendingOrder);

    const auto checkSorted = [&] {
        for (int row = 1; row < proxy.rowCount(); ++row) {
            const int a = proxy.mapToSource(proxy.index(row - 1, 0)).row();
            const int b = proxy.mapToSource(proxy.index(row, 0)).row();
            const QString ta = model.jobAt(a).text(FieldKey::Title).toCaseFolded();
            const QString tb = model.jobAt(b).text(FieldKey::Title).toCaseFolded();
            if (ta.toUtf8() > tb.toUtf8())
                return false;
            if (model.compareRows(a, b, JobListModel::TitleColumn) > 0)
                return false;
        }
        return true;
    };
    QVERIFY(checkSorted());

    model.upsertJob(makeJob(u"j4"_s, JobStatus::Open, u"aardvark"_s, 2)); // echo → first
    QVERIFY(checkSorted());
    QCOMPARE(idsInProxyOrder(proxy).constFirst(), u"j4"_s);

    model.upsertJob(makeJob(u"j9"_s, JobStatus::Open, u"mike"_s)); // a new row
    model.removeJob(u"j1"_s);
    model.upsertJob(makeJob(u"j7"_s, JobStatus::Open, u"ALPHA"_s, 2));
    QVERIFY(checkSorted());

    // A fresh full sort after the edits rebuilds the ranks and agrees.
    proxy.sort(JobListModel::TitleColumn, Qt::DescendingOrder);
    proxy.sort(JobListModel::TitleColumn, Qt::AscendingOrder);
    QVERIFY(checkSorted());
    QCOMPARE(proxy.rowCount(), titles.size());
}
QTEST_GUILESS_MAIN(TestJobListModel)
#include "tst_joblistmodel.moc"
