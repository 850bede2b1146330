// The history in words (ui/board/historytext.h) and the directory's names behind it
// (net/userdirectory.h): one line per change, people by name, a person nobody named reads
// "a former user", texts in full.
#include <historytext.h>
#include <userdirectory.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(dispatch::net::HistoryEntry)

class TestHistoryText final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void lines_data();
    void lines();
    void unknownPeopleAreFormerUsers();
    void directoryLearnsFromJobsAndHistory();

private:
    UserDirectory m_directory;
};

namespace {

HistoryEntry entry(const QString &type, const QJsonObject &changes, const QString &reason = {})
{
    HistoryEntry e;
    e.seq = 1;
    e.actor = u"u_dana"_s;
    e.type = type;
    e.changes = changes;
    e.reason = reason;
    return e;
}

QJsonArray pair(const QJsonValue &before, const QJsonValue &after)
{
    return QJsonArray{before, after};
}

} // namespace

void TestHistoryText::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    m_directory.learn(u"u_sam"_s, u"Sam Whitaker"_s);
    m_directory.learn(u"u_dana"_s, u"Dana Whitfield"_s);
}

void TestHistoryText::lines_data()
{
    QTest::addColumn<HistoryEntry>("row");
    QTest::addColumn<QStringList>("expected");

    const QJsonObject schedule{{u"date"_s, u"2026-12-01"_s},
                               {u"timezone"_s, u"America/Chicago"_s},
                               {u"window"_s, u"08:00-11:00"_s}};
    QTest::newRow("assigned") << entry(u"JOB_ASSIGNED"_s,
                                       {{u"assignedTo"_s, pair(QJsonValue::Null, u"u_sam"_s)},
                                        {u"status"_s, pair(u"OPEN"_s, u"SCHEDULED"_s)}})
                              << QStringList{u"Assigned to Sam Whitaker"_s,
                                             u"Status: Open → Scheduled"_s};
    QTest::newRow("unassigned") << entry(u"JOB_UNASSIGNED"_s,
                                         {{u"assignedTo"_s, pair(u"u_sam"_s, QJsonValue::Null)},
                                          {u"status"_s, pair(u"SCHEDULED"_s, u"OPEN"_s)}})
                                << QStringList{u"Unassigned (was Sam Whitaker)"_s,
                                               u"Status: Scheduled → Open"_s};
    QTest::newRow("scheduled in the job's zone")
        << entry(u"JOB_SCHEDULED"_s,
                 {{u"schedule"_s, pair(QJsonValue::Null, schedule)},
                  {u"dueAt"_s, pair(QJsonValue::Null, u"2026-12-01T14:00:00Z"_s)}})
        << QStringList{u"Scheduled for Tue 1 Dec 08:00–11:00 CST"_s};
    QTest::newRow("price") << entry(u"PRICE_CHANGED"_s,
                                    {{u"pricing.amountCents"_s, pair(12000, 14000)}})
                           << QStringList{u"Price $120.00 → $140.00"_s};
    const QString longTitle = u"Replace the kitchen faucet and the two shut-off valves under "
                              "the sink, then check the dishwasher's supply line for leaks"_s;
    QTest::newRow("title in full")
        << entry(u"JOB_UPDATED"_s, {{u"title"_s, pair(u"Faucet"_s, longTitle)}})
        << QStringList{u"Title changed from “Faucet” to “"_s + longTitle + u"”"_s};
    QTest::newRow("note")
        << entry(u"NOTE_ADDED"_s, {}, u"Gate code 4411; the dog is friendly."_s)
        << QStringList{u"Note from Dana Whitfield: “Gate code 4411; the dog is friendly.”"_s};
    QTest::newRow("cancelled with a reason")
        << entry(u"JOB_CANCELLED"_s, {{u"status"_s, pair(u"OPEN"_s, u"CANCELLED"_s)}},
                 u"Customer moved out"_s)
        << QStringList{u"Status: Open → Cancelled"_s, u"Reason: “Customer moved out”"_s};
}

void TestHistoryText::lines()
{
    QFETCH(HistoryEntry, row);
    QFETCH(QStringList, expected);
    const auto names = [this](const QString &id) { return m_directory.name(id); };
    QCOMPARE(HistoryText::lines(row, names), expected);
}

void TestHistoryText::unknownPeopleAreFormerUsers()
{
    const auto names = [this](const QString &id) { return m_directory.name(id); };
    const HistoryEntry row = entry(
        u"JOB_UNASSIGNED"_s, {{u"assignedTo"_s, pair(u"u_h19vz1y7bv6c"_s, QJsonValue::Null)}});
    QCOMPARE(HistoryText::lines(row, names).first(), u"Unassigned (was a former user)"_s);
    QCOMPARE(m_directory.name(u"u_h19vz1y7bv6c"_s), u"a former user"_s);
    QCOMPARE(m_directory.name({}), QString());
}

void TestHistoryText::directoryLearnsFromJobsAndHistory()
{
    UserDirectory directory;
    QSignalSpy changed(&directory, &UserDirectory::namesChanged);
    Job job;
    job.updatedBy = u"u_disp"_s;
    job.updatedByName = u"Dana Whitfield"_s;
    job.assignedTo = u"u_pro"_s;
    job.assignedToName = u"Sam Whitaker"_s;
    directory.learn(job);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(directory.name(u"u_disp"_s), u"Dana Whitfield"_s);
    QVERIFY(directory.role(u"u_pro"_s) == Role::Pro);
    directory.learn(job); // nothing new: no repaint
    QCOMPARE(changed.count(), 1);
    HistoryEntry row = entry(u"JOB_UNASSIGNED"_s, {});
    row.actor = u"u_admin"_s;
    row.actorName = u"Ada Admin"_s;
    row.names.insert(u"u_old"_s, u"Old Pro"_s);
    directory.learn(row);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(directory.name(u"u_admin"_s), u"Ada Admin"_s);
    QCOMPARE(directory.name(u"u_old"_s), u"Old Pro"_s);
}

QTEST_GUILESS_MAIN(TestHistoryText)
#include "tst_historytext.moc"
