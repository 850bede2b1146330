// The new-job wizard against a real dispatchd (--demo, signed in as the dispatcher Dana):
// New job only for the office; typing into fields until the side says Saved; closing the
// wizard and resuming the draft from Drafts with every value; Publish making one job, selected
// on the board; a country or state other than the draft's refused in words with a new draft
// offered; two wizards on one draft (different fields merged silently, the same field through
// the conflict dialog). With DISPATCH_SCREENSHOT_DIR set it saves
// docs/screenshots/new-job-wizard.png and drafts.png.

#include "conflictdialog.h"
#include "dispatchdprocess.h"
#include "draftfield.h"
#include "draftlistmodel.h"
#include "draftsdialog.h"
#include "droppingrelay.h"
#include "httptestclient.h"
#include "jobboard.h"
#include "joblistmodel.h"
#include "mainwindow.h"
#include "newjobactions.h"
#include "newjobwizard.h"
#include "noticebanner.h"
#include "reviewpage.h"
#include "saveindicator.h"
#include "signedinwindow.h"
#include "testhelpers.h"
#include "uitesthelpers.h"

#include <apiclient.h>
#include <draftclient.h>

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDate>
#include <QGroupBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace dispatch;
using namespace dispatch::ui;
using namespace dispatch::test;
using namespace Qt::StringLiterals;

namespace {

/// Types `text` into the wizard's field for `key`, as a user would (after clearing it).
void typeInto(NewJobWizard *wizard, const QString &key, const QString &text)
{
    QWidget *editor = wizard->field(key)->editor();
    editor->setFocus();
    if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->selectAll();
        QTest::keyClick(line, Qt::Key_Backspace);
    }
    QTest::keyClicks(editor, text);
}

QString indicatorText(NewJobWizard *wizard)
{
    return wizard->saveIndicator()->text();
}

} // namespace

class TestNewJobWizard final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void onlyTheOfficeCanStartAJob();
    void typeSaveCloseResumePublish();
    void invalidValueIsSaidAndNotSaved();
    void otherStateIsRefusedWithANewDraftOffered();
    void twoWizardsOnOneDraft();
    void lostPublishAnswerShowsOneJob();
    void everyControlHasAnAccessibleName();

private:
    std::unique_ptr<MainWindow> signedIn(const QString &user)
    {
        return signedInWindow(m_server.baseUrl(), user, u"demo-password"_s);
    }
    NewJobWizard *openWizard();
    /// Next on the Where page (which creates the draft) and wait for the Customer page.
    bool startDraft(NewJobWizard *wizard);
    /// A new wizard whose draft (US, TX) exists, on the Customer page; null on failure.
    NewJobWizard *openDraftedWizard();
    QJsonObject serverDraft(const QString &id);
    QJsonArray jobsTitled(const QString &title);

    DispatchdProcess m_server;
    std::unique_ptr<HttpTestClient> m_http;
    std::unique_ptr<MainWindow> m_window;
};

void TestNewJobWizard::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(), "DISPATCHD_BINARY is not set");
    DispatchdOptions options;
    options.demo = true;
    QVERIFY(m_server.start(options));
    m_http = std::make_unique<HttpTestClient>(m_server.apiUrl({}));
    QVERIFY(m_http->login(u"dana"_s, u"demo-password"_s));
    m_window = signedIn(u"dana"_s);
    QVERIFY(m_window);
}

void TestNewJobWizard::cleanupTestCase()
{
    m_window.reset();
    QVERIFY(m_server.stop());
}

NewJobWizard *TestNewJobWizard::openWizard()
{
    const int before = int(m_window->newJobActions()->wizards().size());
    m_window->activateWindow();
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    if (m_window->newJobActions()->wizards().size() != before + 1) {
        // Offscreen, the window may not hold the focus the shortcut needs.
        m_window->newJobActions()->newJobAction()->trigger();
    }
    const auto wizards = m_window->newJobActions()->wizards();
    return wizards.isEmpty() ? nullptr : wizards.last();
}

bool TestNewJobWizard::startDraft(NewJobWizard *wizard)
{
    wizard->next();
    return QTest::qWaitFor([&] { return wizard->currentId() == NewJobWizard::CustomerPageId; },
                           kAnswerWaitMs);
}

NewJobWizard *TestNewJobWizard::openDraftedWizard()
{
    NewJobWizard *wizard = openWizard();
    if (!wizard)
        return nullptr;
    typeInto(wizard, u"stateCode"_s, u"TX"_s);
    return startDraft(wizard) ? wizard : nullptr;
}

QJsonObject TestNewJobWizard::serverDraft(const QString &id)
{
    return m_http->get(u"/drafts/"_s + id).json();
}

QJsonArray TestNewJobWizard::jobsTitled(const QString &title)
{
    QJsonArray found;
    const QJsonArray items =
        m_http->get(u"/jobs?limit=1000&q="_s + title).json().value(u"items"_s).toArray();
    for (const QJsonValue &job : items) {
        if (job[u"fields"_s][u"title"_s].toString() == title)
            found.append(job);
    }
    return found;
}

void TestNewJobWizard::onlyTheOfficeCanStartAJob()
{
    NewJobActions *actions = m_window->newJobActions();
    QVERIFY(actions->newJobAction()->isVisible());
    QVERIFY(actions->newJobAction()->isEnabled());
    QCOMPARE(actions->newJobAction()->shortcut(), QKeySequence(u"Ctrl+N"_s));
    QVERIFY(actions->toolBar()->isVisible());
    // Ctrl+N is nobody else's in the window.
    int owners = 0;
    for (QAction *action : m_window->findChildren<QAction *>())
        owners += action->shortcut() == QKeySequence(u"Ctrl+N"_s);
    QCOMPARE(owners, 1);

    auto pro = signedIn(u"pro1"_s);
    QVERIFY(pro);
    QVERIFY(!pro->newJobActions()->newJobAction()->isVisible());
    QVERIFY(!pro->newJobActions()->draftsAction()->isVisible());
    QVERIFY(!pro->newJobActions()->toolBar()->isVisible());
    QVERIFY(!pro->newJobActions()->newJob());
}

void TestNewJobWizard::typeSaveCloseResumePublish()
{
    NewJobWizard *wizard = openWizard();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QCOMPARE(indicatorText(wizard), u"Not saved yet"_s);
    QCOMPARE(wizard->field(u"countryCode"_s)->text(), u"US"_s);
    typeInto(wizard, u"stateCode"_s, u"TX"_s);
    typeInto(wizard, u"address"_s, u"1100 Congress Ave, Austin"_s);
    QVERIFY(startDraft(wizard));
    QVERIFY(wizard->saver());
    const QString draftId = wizard->saver()->draftId();

    typeInto(wizard, u"customer.name"_s, u"Ada Lovelace"_s);
    typeInto(wizard, u"customer.phone"_s, u"+1 512 555 0100"_s);
    QCOMPARE(indicatorText(wizard), u"Saving…"_s); // never Saved before the server said so
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(wizard), u"Saved"_s, kAnswerWaitMs);
    wizard->next();
    const QString title = u"Leaking kitchen tap"_s;
    typeInto(wizard, u"title"_s, title);
    typeInto(wizard, u"details"_s, u"Drips all night. Key under the mat."_s);
    wizard->next();
    auto *kind = qobject_cast<QComboBox *>(wizard->field(u"pricing.kind"_s)->editor());
    QVERIFY(kind);
    kind->setCurrentIndex(kind->findData(u"flat"_s));
    typeInto(wizard, u"pricing.amountCents"_s, u"125.00"_s);
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(wizard), u"Saved"_s, kAnswerWaitMs);
    saveScreenshot(wizard, u"new-job-wizard.png"_s);

    // The When is saved to the draft like every field (it was kept in memory only, and lost
    // on closing): a date without its window is not a value yet, then Saved.
    wizard->next();
    QCOMPARE(wizard->currentId(), int(NewJobWizard::WhenPageId));
    auto *zone = wizard->findChild<QComboBox *>(u"timeZoneBox"_s);
    zone->setCurrentIndex(zone->findText(u"America/Chicago"_s));
    QCOMPARE(zone->currentText(), u"America/Chicago"_s);
    const QString day = QDate::currentDate().addDays(3).toString(Qt::ISODate);
    QTest::keyClicks(wizard->findChild<QLineEdit *>(u"field_schedule.date"_s), day);
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // a date needs its window
    QVERIFY(wizard->findChild<QLabel *>(u"error_schedule"_s)->isVisibleTo(wizard));
    QCOMPARE(indicatorText(wizard), u"Not saved: When needs a valid value"_s);
    QTest::keyClicks(wizard->findChild<QLineEdit *>(u"field_schedule.window"_s), u"12:00-15:00"_s);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    QCOMPARE(indicatorText(wizard), u"Saving…"_s);
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(wizard), u"Saved"_s, kAnswerWaitMs);
    const QJsonObject when{
        {u"date"_s, day}, {u"timezone"_s, u"America/Chicago"_s}, {u"window"_s, u"12:00-15:00"_s}};

    // Every value is on the server before the wizard closes.
    const QJsonObject saved = serverDraft(draftId);
    QCOMPARE(saved[u"fields"_s][u"title"_s].toString(), title);
    QCOMPARE(saved[u"fields"_s][u"customer.name"_s].toString(), u"Ada Lovelace"_s);
    QCOMPARE(saved[u"fields"_s][u"address"_s].toString(), u"1100 Congress Ave, Austin"_s);
    QCOMPARE(saved[u"fields"_s][u"pricing.amountCents"_s].toInteger(), 12500);
    QCOMPARE(saved[u"locked"_s][u"stateCode"_s].toString(), u"TX"_s);
    QCOMPARE(saved[u"fields"_s][u"schedule"_s].toObject(), when);

    QPointer<NewJobWizard> closing = wizard;
    wizard->reject();
    QTRY_VERIFY(!closing);

    // Drafts lists it from the server; Resume brings every value back.
    DraftsDialog *drafts = m_window->newJobActions()->showDrafts();
    QVERIFY(drafts);
    QTRY_VERIFY_WITH_TIMEOUT(drafts->model()->rowOf(draftId) >= 0, kAnswerWaitMs);
    const int row = drafts->model()->rowOf(draftId);
    QCOMPARE(drafts->model()->index(row, DraftListModel::Title).data().toString(), title);
    QCOMPARE(drafts->model()->index(row, DraftListModel::Customer).data().toString(),
             u"Ada Lovelace"_s);
    drafts->view()->selectRow(row);
    saveScreenshot(drafts, u"drafts.png"_s);
    drafts->resumeButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->newJobActions()->wizards().size(), 1, kAnswerWaitMs);
    NewJobWizard *resumed = m_window->newJobActions()->wizards().first();
    QCOMPARE(resumed->saver()->draftId(), draftId);
    QCOMPARE(resumed->field(u"title"_s)->text(), title);
    QCOMPARE(resumed->field(u"customer.name"_s)->text(), u"Ada Lovelace"_s);
    QCOMPARE(resumed->field(u"customer.phone"_s)->text(), u"+1 512 555 0100"_s);
    QCOMPARE(resumed->field(u"details"_s)->text(), u"Drips all night. Key under the mat."_s);
    QCOMPARE(resumed->field(u"pricing.kind"_s)->text(), u"flat"_s);
    QCOMPARE(resumed->field(u"pricing.amountCents"_s)->text(), u"125.00"_s);
    QCOMPARE(resumed->field(u"stateCode"_s)->text(), u"TX"_s);
    // The When is back too: date, window and zone.
    QCOMPARE(resumed->findChild<QLineEdit *>(u"field_schedule.date"_s)->text(), day);
    QCOMPARE(resumed->findChild<QLineEdit *>(u"field_schedule.window"_s)->text(), u"12:00-15:00"_s);
    QCOMPARE(resumed->findChild<QComboBox *>(u"timeZoneBox"_s)->currentText(),
             u"America/Chicago"_s);
    QCOMPARE(resumed->findChild<QLabel *>(u"zoneText"_s)->text(), u"America/Chicago"_s);
    QCOMPARE(indicatorText(resumed), u"Saved"_s);

    // The review shows the draft's When, then Publish: one click, disabled in flight, one job
    // made with its schedule (no second request), selected.
    while (resumed->currentId() != NewJobWizard::WhenPageId)
        resumed->next();
    QVERIFY(resumed->button(QWizard::NextButton)->isEnabled());
    resumed->next();
    QCOMPARE(resumed->currentId(), int(NewJobWizard::ReviewPageId));
    QVERIFY(resumed->reviewPage()
                ->findChild<QLabel *>(u"reviewSummary"_s)
                ->text()
                .contains(u"12:00-15:00"_s));
    QVERIFY(resumed->reviewPage()->isComplete());
    QAbstractButton *publish = resumed->button(QWizard::FinishButton);
    QVERIFY(publish->isEnabled());
    QSignalSpy published(resumed, &NewJobWizard::published);
    publish->click();
    QVERIFY(!publish->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, kAnswerWaitMs);
    const auto job = published.at(0).at(0).value<net::VersionedJob>();
    QCOMPARE(jobsTitled(title).size(), 1);
    const QJsonObject made = jobsTitled(title).first().toObject();
    QCOMPARE(made[u"id"_s].toString(), job.id());
    QCOMPARE(made[u"status"_s].toString(), u"OPEN"_s);
    QCOMPARE(made[u"fields"_s][u"pricing.amountCents"_s].toInteger(), 12500);
    QCOMPARE(made[u"schedule"_s].toObject(), when);
    QCOMPARE(made[u"version"_s].toInteger(), 1); // made scheduled, not scheduled afterwards
    QVERIFY(job.job.schedule);
    QCOMPARE(toJson(*job.job.schedule), when);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->board()->currentJobId(), job.id(), kAnswerWaitMs);
    const Job *onBoard = m_window->board()->model()->job(job.id());
    QVERIFY(onBoard && onBoard->schedule);
    QCOMPARE(toJson(*onBoard->schedule), when);
    // A published draft is gone from Drafts.
    QCOMPARE(m_http->get(u"/drafts/"_s + draftId).json()[u"status"_s].toString(), u"PUBLISHED"_s);
    drafts = m_window->newJobActions()->showDrafts();
    QSignalSpy listed(drafts, &DraftsDialog::loaded);
    QVERIFY(listed.wait(kAnswerWaitMs));
    QCOMPARE(drafts->model()->rowOf(draftId), -1);
    drafts->close();
}

void TestNewJobWizard::invalidValueIsSaidAndNotSaved()
{
    NewJobWizard *wizard = openDraftedWizard();
    QVERIFY(wizard);
    typeInto(wizard, u"customer.email"_s, u"ada at example"_s);
    QVERIFY(wizard->field(u"customer.email"_s)->errorLabel()->isVisibleTo(wizard));
    QCOMPARE(wizard->field(u"customer.email"_s)->errorLabel()->text(),
             u"Customer email is not an email address"_s);
    QVERIFY(indicatorText(wizard).startsWith(u"Not saved"_s));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    typeInto(wizard, u"customer.email"_s, u"ada@example.com"_s);
    QVERIFY(!wizard->field(u"customer.email"_s)->errorLabel()->isVisibleTo(wizard));
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(wizard), u"Saved"_s, kAnswerWaitMs);
    QCOMPARE(serverDraft(wizard->saver()->draftId())[u"fields"_s][u"customer.email"_s].toString(),
             u"ada@example.com"_s);
    wizard->reject();
}

void TestNewJobWizard::otherStateIsRefusedWithANewDraftOffered()
{
    NewJobWizard *wizard = openDraftedWizard();
    QVERIFY(wizard);
    wizard->back();
    typeInto(wizard, u"stateCode"_s, u"CA"_s);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->banner()->hasMessage(), kAnswerWaitMs);
    QCOMPARE(wizard->banner()->kind(), NoticeBanner::Kind::Warning);
    QVERIFY2(wizard->banner()->text().contains(u"This draft is for TX, US"_s),
             qPrintable(wizard->banner()->text()));
    auto *offer = wizard->findChild<QPushButton *>(u"newDraftButton"_s);
    QVERIFY(offer && offer->isVisibleTo(wizard));
    QVERIFY(indicatorText(wizard).startsWith(u"Not saved"_s));
    QCOMPARE(serverDraft(wizard->saver()->draftId())[u"locked"_s][u"stateCode"_s].toString(),
             u"TX"_s);

    const int before = int(m_window->newJobActions()->wizards().size());
    offer->click();
    QCOMPARE(m_window->newJobActions()->wizards().size(), before + 1);
    NewJobWizard *fresh = m_window->newJobActions()->wizards().last();
    QCOMPARE(fresh->field(u"stateCode"_s)->text(), u"CA"_s);
    fresh->reject();
    wizard->reject();
}

void TestNewJobWizard::twoWizardsOnOneDraft()
{
    const HttpResult created = m_http->postJson(
        u"/drafts"_s, QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}});
    QCOMPARE(created.status, 201);
    const auto draft = draftFromJson(created.json());
    QVERIFY(draft);
    const QString userId = m_window->apiClient()->currentUser()->id;
    // Two windows (as on two machines), each with its own session.
    net::ApiClient otherApi(m_server.baseUrl());
    otherApi.setToken(m_window->apiClient()->token());
    NewJobWizard first(m_window->apiClient(), userId, *draft);
    NewJobWizard second(&otherApi, userId, *draft);
    first.show();
    second.show();
    for (NewJobWizard *wizard : {&first, &second}) {
        while (wizard->currentId() != NewJobWizard::WorkPageId)
            wizard->next();
    }

    // Different fields: both land, each window shows the other's.
    typeInto(&first, u"title"_s, u"Gate will not latch"_s);
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(&first), u"Saved"_s, kAnswerWaitMs);
    typeInto(&second, u"details"_s, u"Side gate by the garage."_s);
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(&second), u"Saved"_s, kAnswerWaitMs);
    QCOMPARE(second.field(u"title"_s)->text(), u"Gate will not latch"_s);
    QVERIFY(second.banner()->text().contains(u"another window"_s));
    QJsonObject fields = serverDraft(draft->id)[u"fields"_s].toObject();
    QCOMPARE(fields[u"title"_s].toString(), u"Gate will not latch"_s);
    QCOMPARE(fields[u"details"_s].toString(), u"Side gate by the garage."_s);

    // The same field: the second window's save meets the first's, and the conflict dialog asks.
    typeInto(&first, u"title"_s, u"Repair the side gate"_s);
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(&first), u"Saved"_s, kAnswerWaitMs);
    typeInto(&second, u"title"_s, u"Replace the gate latch"_s);
    QTRY_VERIFY_WITH_TIMEOUT(second.conflictDialog(), kAnswerWaitMs);
    ConflictDialog *dialog = second.conflictDialog();
    QCOMPARE(dialog->merge().conflicts.size(), 1);
    QCOMPARE(dialog->merge().conflicts.first().theirs.toString(), u"Repair the side gate"_s);
    QCOMPARE(dialog->merge().conflicts.first().mine.toString(), u"Replace the gate latch"_s);
    QCOMPARE(indicatorText(&second), u"Not saved — choose which values to keep"_s);
    auto *keepMine = dialog->findChild<QAbstractButton *>(u"keepMine_title"_s);
    QVERIFY(keepMine);
    keepMine->click();
    dialog->findChild<QAbstractButton *>(u"reapplyButton"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(&second), u"Saved"_s, kAnswerWaitMs);
    fields = serverDraft(draft->id)[u"fields"_s].toObject();
    QCOMPARE(fields[u"title"_s].toString(), u"Replace the gate latch"_s);
    QCOMPARE(fields[u"details"_s].toString(), u"Side gate by the garage."_s);

    // The When both changed: the same merge, and the dialog names it in words.
    const auto typeWhen = [](NewJobWizard *wizard, const QString &date, const QString &window) {
        while (wizard->currentId() != NewJobWizard::WhenPageId)
            wizard->next();
        auto *zone = wizard->findChild<QComboBox *>(u"timeZoneBox"_s);
        zone->setCurrentIndex(zone->findText(u"America/Chicago"_s));
        QTest::keyClicks(wizard->findChild<QLineEdit *>(u"field_schedule.date"_s), date);
        QTest::keyClicks(wizard->findChild<QLineEdit *>(u"field_schedule.window"_s), window);
    };
    const QString firstDay = QDate::currentDate().addDays(5).toString(Qt::ISODate);
    const QString secondDay = QDate::currentDate().addDays(6).toString(Qt::ISODate);
    typeWhen(&first, firstDay, u"08:00-10:00"_s);
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(&first), u"Saved"_s, kAnswerWaitMs);
    typeWhen(&second, secondDay, u"13:00-15:00"_s);
    QTRY_VERIFY_WITH_TIMEOUT(second.conflictDialog(), kAnswerWaitMs);
    dialog = second.conflictDialog();
    QCOMPARE(dialog->merge().conflicts.size(), 1);
    QCOMPARE(dialog->merge().conflicts.first().field, u"schedule"_s);
    auto *row = dialog->findChild<QGroupBox *>(u"conflictRow_schedule"_s);
    QVERIFY(row);
    QCOMPARE(row->title(), u"When"_s);
    const QString theirs = dialog->findChild<QLabel *>(u"theirsLabel_schedule"_s)->text();
    QVERIFY2(theirs.contains(u"08:00–10:00"_s), qPrintable(theirs));
    QVERIFY(dialog->findChild<QLabel *>(u"yoursLabel_schedule"_s)->text().contains(u"13:00"_s));
    dialog->findChild<QAbstractButton *>(u"takeTheirs_schedule"_s)->click();
    dialog->findChild<QAbstractButton *>(u"reapplyButton"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(indicatorText(&second), u"Saved"_s, kAnswerWaitMs);
    QCOMPARE(second.findChild<QLineEdit *>(u"field_schedule.date"_s)->text(), firstDay);
    QCOMPARE(second.findChild<QLineEdit *>(u"field_schedule.window"_s)->text(), u"08:00-10:00"_s);
    QCOMPARE(serverDraft(draft->id)[u"fields"_s][u"schedule"_s][u"date"_s].toString(), firstDay);
}

void TestNewJobWizard::lostPublishAnswerShowsOneJob()
{
    // A draft ready to publish, opened through a connection that loses the publish's answer
    // (twice: Qt itself sends once more when a kept-alive connection drops before an answer).
    const QString title = u"Broken window pane"_s;
    const HttpResult created = m_http->postJson(
        u"/drafts"_s, QJsonObject{{u"countryCode"_s, u"US"_s}, {u"stateCode"_s, u"TX"_s}});
    QCOMPARE(created.status, 201);
    const QString id = created.json()[u"id"_s].toString();
    qint64 version = 1;
    for (const auto &[key, value] :
         {std::pair{u"title"_s, title}, std::pair{u"customer.name"_s, u"Alan Kay"_s},
          std::pair{u"address"_s, u"3 Congress Ave, Austin"_s}}) {
        const HttpResult saved = m_http->postJson(u"/drafts/"_s + id + u"/fields"_s,
                                                  QJsonObject{{u"fieldKey"_s, key},
                                                              {u"value"_s, value},
                                                              {u"expectedVersion"_s, version}});
        QCOMPARE(saved.status, 200);
        version = saved.json()[u"draft"_s][u"version"_s].toInteger();
    }
    const auto draft = draftFromJson(m_http->get(u"/drafts/"_s + id).json());
    QVERIFY(draft);
    DroppingRelay relay(m_server.port());
    QVERIFY(relay.listen());
    net::ApiClient api(relay.url());
    api.setToken(m_window->apiClient()->token());
    NewJobWizard wizard(&api, m_window->apiClient()->currentUser()->id, *draft);
    wizard.show();
    while (wizard.currentId() != NewJobWizard::ReviewPageId)
        wizard.next();

    relay.dropAnswers("POST /api/v1/drafts/", 2);
    QSignalSpy published(&wizard, &NewJobWizard::published);
    wizard.button(QWizard::FinishButton)->click();
    QVERIFY(!wizard.button(QWizard::FinishButton)->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, kAnswerWaitMs);
    QCOMPARE(relay.dropped(), 2);
    QTest::qWait(200); // nothing more arrives
    QCOMPARE(published.count(), 1);
    const QJsonArray jobs = jobsTitled(title);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.first()[u"id"_s].toString(),
             published.at(0).at(0).value<net::VersionedJob>().id());
}

void TestNewJobWizard::everyControlHasAnAccessibleName()
{
    NewJobWizard *wizard = openWizard();
    QVERIFY(wizard);
    for (QWidget *widget : wizard->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QLineEdit *>(widget) ||
                             qobject_cast<QPlainTextEdit *>(widget) ||
                             qobject_cast<QComboBox *>(widget);
        if (control && widget->objectName().startsWith(u"field_"_s))
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
    QVERIFY(!wizard->saveIndicator()->accessibleName().isEmpty());
    QVERIFY(!wizard->findChild<QComboBox *>(u"timeZoneBox"_s)->accessibleName().isEmpty());
    wizard->reject();
}

QTEST_MAIN(TestNewJobWizard)
#include "tst_newjobwizard.moc"
