// 100,000 jobs in the job board's models (docs/BENCHMARKS.md "Console"): load into
// JobListModel, sort and filter through JobFilterProxyModel, one event applied by id, and the
// process's peak memory. Prints figures; never pass/fail. Run a Release build:
//   bench_joblistmodel [jobs] [--built]

#include "benchfigures.h"

#include <fieldkeys.h>
#include <jobfilterproxymodel.h>
#include <joblistmodel.h>
#include <userdirectory.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>

using namespace dispatch;
using dispatch::bench::procStatusKiB;

namespace {

QList<Job> makeJobs(int count, bool fromWire)
{
    static const char *const titles[] = {"Leaking kitchen faucet", "Water heater not heating",
                                         "Install ceiling fan",    "Clogged bathroom drain",
                                         "AC blowing warm air",    "Replace garbage disposal"};
    static const char *const names[] = {"Sophia Kim",    "Liam O'Connor", "Ava Thompson",
                                        "Noah Castillo", "Mia Johansson", "Ethan Brooks"};
    const QList<JobStatus> statuses = allJobStatuses();
    // UTC as timeFromWire() makes it (Qt::UTC, held inline): a QTimeZone-based QDateTime is a
    // heap object in Qt 6.4, which no job read from the wire carries.
    const QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(8, 0)).toUTC();
    QList<Job> jobs;
    jobs.reserve(count);
    for (int i = 0; i < count; ++i) {
        Job job;
        job.id = QStringLiteral("j_%1").arg(i, 8, 36, QLatin1Char('0'));
        job.version = 1 + i % 7;
        job.status = statuses.at(i % statuses.size());
        job.fields = emptyJobFields();
        job.fields.insert(FieldKey::Title,
                          QString(QString::fromLatin1(titles[i % 6]) + u' ' + QString::number(i)));
        job.fields.insert(FieldKey::CustomerName, QString::fromLatin1(names[(i / 6) % 6]));
        job.fields.insert(FieldKey::Address, QStringLiteral("%1 Oak Street, Austin, TX").arg(i));
        job.fields.insert(FieldKey::OrderId, QStringLiteral("ORD-%1").arg(100000 + i));
        if (i % 3 != 0) {
            job.dueAt = start.addSecs(qint64(i % 5000) * 3600);
            job.schedule =
                JobSchedule{job.dueAt.date().toString(Qt::ISODate),
                            QStringLiteral("America/Chicago"), QStringLiteral("12:00-15:00")};
        }
        if (job.status != JobStatus::Open)
            job.assignedTo = QStringLiteral("u_pro%1").arg(i % 8 + 1);
        job.createdAt = start;
        job.updatedAt = start.addSecs(i);
        job.updatedBy = QStringLiteral("u_dana");
        // Through the wire format, as the console gets every job (GET /jobs, events): the
        // fields object is then the parser's compact one, not one grown by inserts.
        if (fromWire) {
            const QByteArray wire = QJsonDocument(toJson(job)).toJson(QJsonDocument::Compact);
            std::optional<Job> parsed = jobFromJson(QJsonDocument::fromJson(wire).object());
            jobs.append(std::move(*parsed));
        } else {
            jobs.append(job);
        }
    }
    return jobs;
}

double ms(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    // "--built": jobs made in memory field by field, without the round trip through JSON.
    const bool fromWire = !(argc > 2 && QByteArray(argv[2]) == "--built");
    const qint64 rssBefore = procStatusKiB("VmRSS");

    QList<Job> jobs = makeJobs(count, fromWire);
    const qint64 rssJobs = procStatusKiB("VmRSS");

    JobListModel model;
    net::UserDirectory names;
    for (int p = 1; p <= 8; ++p)
        names.learn(QStringLiteral("u_pro%1").arg(p), QStringLiteral("Pro number %1").arg(p));
    model.setDirectory(&names);
    JobFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(JobListModel::DueColumn); // the board's default order

    QElapsedTimer timer;
    timer.start();
    model.resetJobs(std::move(jobs));
    const double loadMs = ms(timer); // includes the proxy's sort by due

    timer.restart();
    proxy.sort(JobListModel::TitleColumn);
    const double sortTitleMs = ms(timer);
    timer.restart();
    proxy.sort(JobListModel::UpdatedColumn, Qt::DescendingOrder);
    const double sortUpdatedMs = ms(timer);

    // rowCount() inside the timed step: the proxy may build its mapping lazily, on first use.
    timer.restart();
    proxy.setTab(JobFilterProxyModel::Tab::Scheduled);
    const int scheduled = proxy.rowCount();
    const double tabMs = ms(timer);
    timer.restart();
    proxy.setTab(JobFilterProxyModel::Tab::All);
    proxy.setSearchText(QStringLiteral("faucet 12"));
    const int found = proxy.rowCount();
    const double searchMs = ms(timer);
    proxy.setSearchText({});
    proxy.rowCount(); // as a view would at once: the first event below must not pay for it

    // One event: a job in the middle changes status; the row is found by id and the proxy
    // (sorted, dynamic) moves it. Median of many, each on a different job.
    QList<double> upserts;
    for (int k = 0; k < 201; ++k) {
        const int row = (k * 997 + count / 2) % count;
        Job changed = model.jobAt(row);
        changed.version += 1;
        changed.status = changed.status == JobStatus::Open ? JobStatus::Scheduled : JobStatus::Open;
        changed.updatedAt = changed.updatedAt.addSecs(3600);
        timer.restart();
        model.upsertJob(changed);
        upserts.append(ms(timer));
    }
    std::sort(upserts.begin(), upserts.end());
    timer.restart();
    const int lookups = 100000;
    int hits = 0;
    for (int k = 0; k < lookups; ++k)
        hits += model.rowOf(model.jobAt((k * 7919) % count).id) >= 0 ? 1 : 0;
    const double lookupNs = double(timer.nsecsElapsed()) / lookups;

    std::printf("jobs                      %d (%s)\n", count,
                fromWire ? "read from wire JSON" : "built in memory");
    std::printf("load (reset + sort by due) %.1f ms\n", loadMs);
    std::printf("sort by title             %.1f ms\n", sortTitleMs);
    std::printf("sort by updated (desc)    %.1f ms\n", sortUpdatedMs);
    std::printf("filter tab Scheduled      %.1f ms (%d rows)\n", tabMs, scheduled);
    std::printf("search \"faucet 12\"        %.1f ms (%d rows)\n", searchMs, found);
    std::printf("one event upsert, sorted proxy: median %.3f ms, max %.3f ms (201 runs)\n",
                upserts.at(upserts.size() / 2), upserts.constLast());
    std::printf("lookup by id              %.0f ns (%d hits)\n", lookupNs, hits);
    std::printf("RSS before %lld KiB, with jobs built %lld KiB, peak (VmHWM) %lld KiB\n",
                static_cast<long long>(rssBefore), static_cast<long long>(rssJobs),
                static_cast<long long>(procStatusKiB("VmHWM")));
    return 0;
}
