// Names and history as a pro reads them (issue 11), offscreen against the real dispatchd: the
// office assigns, the pro adds a note, the office schedules; the pro, who may not list users,
// reads "Updated … by <the dispatcher's name>" and a history of names and words, not ids.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "signedinwindow.h"
#include "testhelpers.h"
#include "testoffice.h"
#include "uitesthelpers.h"

#include <jobboard.h>
#include <jobdetailpane.h>
#include <mainwindow.h>
#include <userdirectory.h>

#include <QHeaderView>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace dispatch;
using namespace dispatch::test;
using namespace dispatch::ui;
using namespace Qt::StringLiterals;

class TestJobHistory final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void proReadsPeopleByName();
    void historyReadsInWords();

private:
    /// The office's write on the job; the new ETag, or "" on failure.
    QByteArray post(const TestUser &as, const QString &path, const QJsonObject &body,
                    const QByteArray &etag);
    /// The pro's window showing the job, its history loaded.
    bool showJobToPro();

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<MainWindow> m_pro;
    QString m_jobId;
};

QByteArray TestJobHistory::post(const TestUser &as, const QString &path, const QJsonObject &body,
                                const QByteArray &etag)
{
    HttpTestClient http = m_office->client(as);
    const HttpResult result = http.postJson(path, body, {{"If-Match", etag}});
    if (result.status != 200 && result.status != 201) {
        qWarning() << path << result.status << result.body;
        return {};
    }
    return result.header("ETag");
}

void TestJobHistory::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    const TestUser &pro = m_office->pros.first();

    QByteArray etag;
    const QJsonObject job = m_office->createJob({{u"title"_s, u"Replace kitchen faucet"_s},
                                                 {u"customer.name"_s, u"Rosa Diaz"_s},
                                                 {u"address"_s, u"12 Elm St, Austin, TX"_s}},
                                                &etag);
    m_jobId = job.value(u"id"_s).toString();
    QVERIFY(!m_jobId.isEmpty());
    const QString base = u"/jobs/"_s + m_jobId;
    etag = post(m_office->dispatcher, base + u"/assign"_s, {{u"proId"_s, pro.id}}, etag);
    QVERIFY(!etag.isEmpty());
    etag = post(pro, base + u"/notes"_s, {{u"text"_s, u"Gate code 4411; the dog is friendly."_s}},
                etag);
    QVERIFY(!etag.isEmpty());
    etag = post(m_office->dispatcher, base + u"/schedule"_s,
                {{u"date"_s, u"2026-12-01"_s},
                 {u"timezone"_s, u"America/Chicago"_s},
                 {u"window"_s, u"08:00-11:00"_s}},
                etag);
    QVERIFY(!etag.isEmpty());

    m_pro = signedInWindow(m_server.baseUrl(), pro.username, pro.password);
    QVERIFY(m_pro);
    QVERIFY(showJobToPro());
}

void TestJobHistory::cleanupTestCase()
{
    m_pro.reset();
    QVERIFY(m_server.stop());
}

bool TestJobHistory::showJobToPro()
{
    if (!m_pro->board()->selectJob(m_jobId))
        return false;
    auto *history = m_pro->detailPane()->findChild<QTreeWidget *>(u"historyList"_s);
    return history &&
           QTest::qWaitFor([history] { return history->topLevelItemCount() >= 4; }, kAnswerWaitMs);
}

void TestJobHistory::proReadsPeopleByName()
{
    // The last change was the dispatcher's schedule: the pro reads their name, never their id.
    JobDetailPane *pane = m_pro->detailPane();
    const QString updated = labelText(pane, u"detail_updated"_s);
    QVERIFY2(updated.endsWith(u" by Test disp"_s), qPrintable(updated));
    QVERIFY2(!updated.contains(m_office->dispatcher.id), qPrintable(updated));
    QCOMPARE(labelText(pane, u"detail_assigned"_s), u"Test pro1 (you)"_s);
    // The directory learnt the dispatcher from the job; an id nobody named is a former user.
    QCOMPARE(m_pro->userDirectory()->name(m_office->dispatcher.id), u"Test disp"_s);
    QCOMPARE(m_pro->userDirectory()->name(u"u_h19vz1y7bv6c"_s), u"a former user"_s);
}

void TestJobHistory::historyReadsInWords()
{
    auto *history = m_pro->detailPane()->findChild<QTreeWidget *>(u"historyList"_s);
    QVERIFY(history);
    QCOMPARE(history->topLevelItemCount(), 4);
    const auto who = [history](int row) { return history->topLevelItem(row)->text(1); };
    const auto what = [history](int row) { return history->topLevelItem(row)->text(2); };
    // Newest first: schedule, note, assignment, creation.
    QCOMPARE(who(0), u"Test disp"_s);
    QCOMPARE(what(0), u"Scheduled for Tue 1 Dec 08:00–11:00 CST"_s);
    QCOMPARE(who(1), u"Test pro1"_s);
    QCOMPARE(what(1), u"Note from Test pro1: “Gate code 4411; the dog is friendly.”"_s);
    QCOMPARE(who(2), u"Test disp"_s);
    QCOMPARE(what(2), u"Assigned to Test pro1\nStatus: Open → Scheduled"_s);
    QCOMPARE(what(3), u"Created “Replace kitchen faucet”"_s);
    for (int row = 0; row < history->topLevelItemCount(); ++row) {
        const QString text = who(row) + what(row);
        QVERIFY2(!text.contains(u"u_"_s), qPrintable(text));
    }
    // Full text: every row is as tall as its What text wrapped at the column's width (a row
    // measured as one line cuts a long note off).
    m_pro->workspace()->setCurrentIndex(1);
    QTRY_VERIFY(history->isVisible());
    const int width = history->header()->sectionSize(2);
    for (int row = 0; row < history->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = history->topLevelItem(row);
        const int needed =
            history->fontMetrics()
                .boundingRect(QRect(0, 0, width - 8, 10000), Qt::TextWordWrap, item->text(2))
                .height();
        QTRY_VERIFY2(
            history->visualItemRect(item).height() >= needed,
            qPrintable(u"%1 px for %2 px of “%3”"_s.arg(history->visualItemRect(item).height())
                           .arg(needed)
                           .arg(item->text(2))));
    }
    // docs/screenshots/history.png, with DISPATCH_SCREENSHOT_DIR set: the pro's My jobs.
    m_pro->workspace()->setCurrentIndex(1);
    saveScreenshot(m_pro.get(), u"history.png"_s);
}

QTEST_MAIN(TestJobHistory)
#include "tst_jobhistory.moc"
