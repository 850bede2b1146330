// JobListModel's change highlight (rows that changed are briefly highlighted): only
// marked rows are tracked, the strength fades from 1 to 0, removal and reset forget it, and
// the model says when highlights start (the view's single repaint timer starts then).
#include <fieldkeys.h>
#include <joblistmodel.h>

#include <QSignalSpy>
#include <QTest>

using namespace dispatch;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

Job makeJob(const QString &id)
{
    Job job;
    job.id = id;
    job.version = 1;
    job.status = JobStatus::Open;
    job.fields = emptyJobFields();
    job.fields.insert(FieldKey::Title, QString(u"Job "_s + id));
    return job;
}

QList<Job> makeJobs(int count)
{
    QList<Job> jobs;
    for (int i = 0; i < count; ++i)
        jobs.append(makeJob(QString::number(i)));
    return jobs;
}

} // namespace

class TestJobListModelHighlight final : public QObject {
    Q_OBJECT

private slots:
    void unmarkedRowsAreNotHighlighted();
    void markedRowIsHighlightedAndSignalled();
    void forgottenBy_data();
    void forgottenBy();
    void fadesAndExpires();
};

void TestJobListModelHighlight::unmarkedRowsAreNotHighlighted()
{
    JobListModel model;
    model.resetJobs(makeJobs(3));
    QVERIFY(!model.hasHighlights());
    QCOMPARE(model.index(1, JobListModel::TitleColumn).data(JobListModel::ChangeHighlightRole),
             QVariant(0.0));
    model.markChanged(u"not-on-the-board"_s); // an event for a job this board does not show
    QVERIFY(!model.hasHighlights());
}

void TestJobListModelHighlight::markedRowIsHighlightedAndSignalled()
{
    JobListModel model;
    model.resetJobs(makeJobs(3));
    model.setHighlightDuration(10min); // no race with the fade in this check
    QSignalSpy started(&model, &JobListModel::highlightsStarted);
    QSignalSpy changed(&model, &JobListModel::dataChanged);

    model.markChanged(u"1"_s);
    QCOMPARE(started.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
             QList<int>{JobListModel::ChangeHighlightRole});
    QVERIFY(model.hasHighlights());
    const qreal level =
        model.index(1, JobListModel::StatusColumn).data(JobListModel::ChangeHighlightRole).toReal();
    QVERIFY2(level > 0.0 && level <= 1.0, qPrintable(QString::number(level)));
    QCOMPARE(model.changeHighlight(u"0"_s), 0.0);
    QCOMPARE(model.changeHighlight(u"2"_s), 0.0);

    // A second row while one is active: the timer is running already, no new start.
    model.markChanged(u"2"_s);
    QCOMPARE(started.size(), 1);
    QVERIFY(model.changeHighlight(u"2"_s) > 0.0);
    QVERIFY(model.expireHighlights()); // nothing has faded yet
}

void TestJobListModelHighlight::forgottenBy_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("removeJob") << false;
    QTest::newRow("resetJobs") << true;
}

void TestJobListModelHighlight::forgottenBy()
{
    QFETCH(bool, reset);
    JobListModel model;
    model.resetJobs(makeJobs(3));
    model.setHighlightDuration(10min);
    model.markChanged(u"1"_s);
    if (reset)
        model.resetJobs(makeJobs(3));
    else
        QVERIFY(model.removeJob(u"1"_s));
    QVERIFY(!model.hasHighlights());
    QCOMPARE(model.changeHighlight(u"1"_s), 0.0);
}

void TestJobListModelHighlight::fadesAndExpires()
{
    JobListModel model;
    model.resetJobs(makeJobs(3));
    model.setHighlightDuration(1ms);
    model.markChanged(u"0"_s);
    QVERIFY(model.hasHighlights());
    // Once the duration has passed the strength is 0, and expiring tells the view (dataChanged
    // for the row, so it repaints plain) that nothing is left to animate.
    QTest::qWait(5);
    QCOMPARE(model.changeHighlight(u"0"_s), 0.0);
    QSignalSpy changed(&model, &JobListModel::dataChanged);
    QVERIFY(!model.expireHighlights());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QVERIFY(!model.hasHighlights());
}

QTEST_GUILESS_MAIN(TestJobListModelHighlight)
#include "tst_joblistmodelhighlight.moc"
