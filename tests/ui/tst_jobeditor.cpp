// The job editor, the conflict dialog and the change banner against the real dispatchd,
// driven offscreen with QTest: typing and clicking, widgets found by object name. A second
// user changes the same job over plain HTTP (HttpTestClient) while the editor holds its copy.
#include "dispatchdprocess.h"
#include "httptestclient.h"
#include "testhelpers.h"
#include "testoffice.h"
#include "uitesthelpers.h"

#include <apiclient.h>
#include <changebanner.h>
#include <conflictdialog.h>
#include <fieldkeys.h>
#include <jobeditor.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace dispatch;
using namespace dispatch::net;
using namespace dispatch::test;
using namespace dispatch::ui;

namespace {

/// retype() for a line edit is in uitesthelpers.h.
void retype(QPlainTextEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

} // namespace

class TestJobEditor final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void editAndSave();
    void invalidValueShownInline_data();
    void invalidValueShownInline();
    void conflictDialogShowsBothSidesAndResolves();
    void discardMineTakesTheirs();
    void backToEditingKeepsMyEdits();
    void nonOverlappingEditsShowBanner();
    void changedRemotelyBannerMergesNow();
    void statusLocksFieldsWithReason();
    void failedSaveIsToldInWordsAndKeepsEdits();
    void screenshots();

private:
    /// A job made by the dispatcher, read through the editor's client (so it has an ETag).
    VersionedJob createJob(const QJsonObject &fields);
    std::unique_ptr<JobEditor> openEditor(const VersionedJob &job);
    /// The other dispatcher changes the job over HTTP, based on the version it reads now.
    QJsonObject patchAsOther(const QString &id, const QJsonObject &changes);
    QJsonObject serverJob(const QString &id);
    bool waitSaved(JobEditor &editor);

    DispatchdProcess m_server;
    std::unique_ptr<TestOffice> m_office;
    TestUser m_other; // a second dispatcher
    std::unique_ptr<ApiClient> m_api;
};

void TestJobEditor::initTestCase()
{
    QVERIFY2(!DispatchdProcess::binaryPath().isEmpty(),
             "DISPATCHD_BINARY is not set; run through ctest");
    QVERIFY(m_server.start());
    m_office = std::make_unique<TestOffice>(m_server);
    QVERIFY(m_office->setUp(1));
    QVERIFY(m_office->addUser(QStringLiteral("dora"), QStringLiteral("dispatcher"),
                              QJsonValue::Null, &m_other));
    m_api = std::make_unique<ApiClient>(m_server.baseUrl());
    m_api->setToken(m_office->dispatcher.token);
}

void TestJobEditor::cleanupTestCase()
{
    m_api.reset();
    m_office.reset();
    QVERIFY(m_server.stop());
}

VersionedJob TestJobEditor::createJob(const QJsonObject &fields)
{
    const QJsonObject created = m_office->createJob(fields);
    const QString id = created.value(QLatin1String("id")).toString();
    if (id.isEmpty())
        return {};
    std::optional<JobResult> result;
    QObject context;
    m_api->getJob(id, &context, [&result](const JobResult &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, kAnswerWaitMs) || !result->ok())
        return {};
    return result->job;
}

std::unique_ptr<JobEditor> TestJobEditor::openEditor(const VersionedJob &job)
{
    auto editor = std::make_unique<JobEditor>(m_api.get(), job);
    editor->resize(700, 720);
    editor->show();
    return editor;
}

QJsonObject TestJobEditor::patchAsOther(const QString &id, const QJsonObject &changes)
{
    HttpTestClient http = m_office->client(m_other);
    const HttpResult current = http.get(QStringLiteral("/jobs/") + id);
    const HttpResult patched = http.patchJson(QStringLiteral("/jobs/") + id,
                                              QJsonObject{{QStringLiteral("changes"), changes}},
                                              {{"If-Match", current.header("ETag")}});
    if (patched.status != 200)
        qWarning("PATCH as other: %s", patched.describe().constData());
    return patched.json();
}

QJsonObject TestJobEditor::serverJob(const QString &id)
{
    HttpTestClient http = m_office->client(m_office->admin);
    const HttpResult result = http.get(QStringLiteral("/jobs/") + id);
    if (result.status != 200)
        qWarning("GET job: %s", result.describe().constData());
    return result.json();
}

bool TestJobEditor::waitSaved(JobEditor &editor)
{
    return QTest::qWaitFor(
        [&editor] {
            return editor.session() &&
                   editor.session()->state() == JobEditSession::State::Editing &&
                   !editor.session()->hasUnsavedEdits();
        },
        kAnswerWaitMs);
}

void TestJobEditor::editAndSave()
{
    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Fix sink")},
                                        {QStringLiteral("details"), QJsonValue::Null}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    auto *title = child<QLineEdit>(editor.get(), QStringLiteral("field_title"));
    auto *details = child<QPlainTextEdit>(editor.get(), QStringLiteral("field_details"));
    auto *price = child<QLineEdit>(editor.get(), QStringLiteral("field_pricing.amountCents"));
    auto *kind = child<QComboBox>(editor.get(), QStringLiteral("field_pricing.kind"));
    auto *save = child<QPushButton>(editor.get(), QStringLiteral("saveButton"));
    QVERIFY(title && details && price && kind && save);
    QCOMPARE(title->text(), QStringLiteral("Fix sink"));
    QVERIFY(details->toPlainText().isEmpty());
    QVERIFY(!details->placeholderText().isEmpty()); // null details: a clear placeholder
    QVERIFY(!save->isEnabled());                    // nothing to save yet
    QVERIFY(editor->statusText().startsWith(QStringLiteral("Saved")));

    retype(title, QStringLiteral("Fix kitchen sink"));
    retype(details, QStringLiteral("Under the window"));
    retype(price, QStringLiteral("125.50"));
    kind->setFocus();
    QTest::keyClick(kind, Qt::Key_Down); // Not set -> Flat rate
    QVERIFY(editor->hasUnsavedEdits());
    QVERIFY(save->isEnabled());
    QCOMPARE(editor->statusText(), QStringLiteral("Unsaved changes"));

    QSignalSpy saved(editor.get(), &JobEditor::saved);
    QTest::mouseClick(save, Qt::LeftButton);
    // The write is in flight until the event loop runs: Save is off and the editor says so.
    QVERIFY(!save->isEnabled());
    QCOMPARE(editor->statusText(), QStringLiteral("Saving…"));
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(saved.count(), 1);
    QVERIFY(!save->isEnabled());
    QVERIFY2(editor->statusText().startsWith(
                 QStringLiteral("Saved · version %1").arg(job.job.version + 1)),
             qPrintable(editor->statusText()));
    QVERIFY(!editor->hasUnsavedEdits());

    const QJsonObject stored = serverJob(job.id());
    const QJsonObject fields = stored.value(QLatin1String("fields")).toObject();
    QCOMPARE(fields.value(QLatin1String("title")).toString(), QStringLiteral("Fix kitchen sink"));
    QCOMPARE(fields.value(QLatin1String("details")).toString(), QStringLiteral("Under the window"));
    QCOMPARE(fields.value(QLatin1String("pricing.amountCents")).toInteger(), 12550);
    QCOMPARE(fields.value(QLatin1String("pricing.kind")).toString(), QStringLiteral("flat"));
    QCOMPARE(stored.value(QLatin1String("version")).toInteger(), job.job.version + 1);

    // Ctrl+S saves too; Esc asks the host to close.
    retype(title, QStringLiteral("Fix kitchen sink now"));
    QVERIFY(QTest::qWaitForWindowActive(editor.get()));
    QTest::keyClick(title, Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(editor->statusText(), QStringLiteral("Saving…"));
    QVERIFY(saved.wait(kAnswerWaitMs));
    QCOMPARE(serverJob(job.id())
                 .value(QLatin1String("fields"))
                 .toObject()
                 .value(QLatin1String("title"))
                 .toString(),
             QStringLiteral("Fix kitchen sink now"));
    QSignalSpy closeRequested(editor.get(), &JobEditor::closeRequested);
    QTest::keyClick(title, Qt::Key_Escape);
    QCOMPARE(closeRequested.count(), 1);
}

void TestJobEditor::invalidValueShownInline_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("good");
    QTest::addColumn<QJsonValue>("stored");
    QTest::newRow("email") << QStringLiteral("customer.email") << QStringLiteral("ada@")
                           << QStringLiteral("ada@example.com")
                           << QJsonValue(QStringLiteral("ada@example.com"));
    QTest::newRow("phone") << QStringLiteral("customer.phone") << QStringLiteral("call me")
                           << QStringLiteral("+1 512 555 0100")
                           << QJsonValue(QStringLiteral("+1 512 555 0100"));
    QTest::newRow("money") << QStringLiteral("pricing.hourlyRateCents") << QStringLiteral("12.345")
                           << QStringLiteral("$80") << QJsonValue(8000);
    QTest::newRow("geo") << QStringLiteral("geo") << QStringLiteral("30.2")
                         << QStringLiteral("30.25, -97.75")
                         << QJsonValue(QJsonObject{{QStringLiteral("lat"), 30.25},
                                                   {QStringLiteral("lng"), -97.75}});
    QTest::newRow("title required")
        << QStringLiteral("title") << QString() << QStringLiteral("Mow lawn")
        << QJsonValue(QStringLiteral("Mow lawn"));
}

void TestJobEditor::invalidValueShownInline()
{
    QFETCH(QString, key);
    QFETCH(QString, bad);
    QFETCH(QString, good);
    QFETCH(QJsonValue, stored);

    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Lawn")}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    auto *field = child<QLineEdit>(editor.get(), QStringLiteral("field_") + key);
    auto *error = child<QLabel>(editor.get(), QStringLiteral("error_") + key);
    auto *save = child<QPushButton>(editor.get(), QStringLiteral("saveButton"));
    QVERIFY(field && error && save);

    retype(field, bad);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(fieldLabel(key)), qPrintable(error->text()));
    QVERIFY(!save->isEnabled());
    QVERIFY(editor->hasUnsavedEdits());

    retype(field, good);
    QVERIFY(!error->isVisible());
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(waitSaved(*editor));
    const QJsonValue value =
        serverJob(job.id()).value(QLatin1String("fields")).toObject().value(key);
    QVERIFY2(sameFieldValue(value, stored), qPrintable(key));
}

void TestJobEditor::conflictDialogShowsBothSidesAndResolves()
{
    const VersionedJob job =
        createJob({{QStringLiteral("title"), QStringLiteral("Fix sink")},
                   {QStringLiteral("details"), QStringLiteral("Leaks under the sink")},
                   {QStringLiteral("customer.name"), QStringLiteral("Ada")},
                   {QStringLiteral("stateCode"), QStringLiteral("TX")}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);

    // The other dispatcher saves first: title, details (both also edited below) and a phone.
    const QJsonObject theirs = patchAsOther(
        job.id(),
        {{QStringLiteral("title"), QStringLiteral("Fix kitchen sink")},
         {QStringLiteral("details"), QStringLiteral("Leaks under the sink, bring towels")},
         {QStringLiteral("customer.phone"), QStringLiteral("+15125550100")}});
    QCOMPARE(theirs.value(QLatin1String("version")).toInteger(), job.job.version + 1);

    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_title")),
           QStringLiteral("Fix sink today"));
    retype(child<QPlainTextEdit>(editor.get(), QStringLiteral("field_details")),
           QStringLiteral("Leaks under the sink; bring a wrench"));
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.name")),
           QStringLiteral("Ada Lovelace"));
    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return editor->conflictDialog() != nullptr; }, kAnswerWaitMs));
    ConflictDialog *dialog = editor->conflictDialog();
    QVERIFY(dialog->isVisible());
    QVERIFY(!child<QPushButton>(editor.get(), QStringLiteral("saveButton"))->isEnabled());

    // The labels, checked against what the server says about their version.
    const QString expectedTheirs =
        QStringLiteral("Theirs (changed by Test dora at %1)")
            .arg(QLocale().toString(
                QDateTime::fromString(theirs.value(QLatin1String("updatedAt")).toString(),
                                      Qt::ISODate)
                    .toLocalTime(),
                QLocale::ShortFormat));
    for (const QString &key : {QStringLiteral("title"), QStringLiteral("details")}) {
        QVERIFY2(child<QWidget>(dialog, QStringLiteral("conflictRow_") + key), qPrintable(key));
        QCOMPARE(labelText(dialog, QStringLiteral("originalHeader_") + key),
                 QStringLiteral("Original"));
        QCOMPARE(labelText(dialog, QStringLiteral("yoursHeader_") + key), QStringLiteral("Yours"));
        QCOMPARE(labelText(dialog, QStringLiteral("theirsHeader_") + key), expectedTheirs);
    }
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("conflictRow_customer.name")));
    QCOMPARE(labelText(dialog, QStringLiteral("originalLabel_title")), QStringLiteral("Fix sink"));
    QCOMPARE(labelText(dialog, QStringLiteral("yoursLabel_title")),
             QStringLiteral("Fix sink today"));
    QCOMPARE(labelText(dialog, QStringLiteral("theirsLabel_title")),
             QStringLiteral("Fix kitchen sink"));
    QCOMPARE(labelText(dialog, QStringLiteral("originalLabel_details")),
             QStringLiteral("Leaks under the sink"));
    QCOMPARE(labelText(dialog, QStringLiteral("yoursLabel_details")),
             QStringLiteral("Leaks under the sink; bring a wrench"));
    QCOMPARE(labelText(dialog, QStringLiteral("theirsLabel_details")),
             QStringLiteral("Leaks under the sink, bring towels"));
    // Word diff, theirs -> yours: their ", bring towels" out, my "; bring a wrench" in.
    auto *diff = child<QLabel>(dialog, QStringLiteral("diff_details"));
    QVERIFY(diff);
    QCOMPARE(diff->textFormat(), Qt::RichText);
    QVERIFY2(diff->text().contains(QStringLiteral("<del")) &&
                 diff->text().contains(QStringLiteral("towels")) &&
                 diff->text().contains(QStringLiteral("<ins")) &&
                 diff->text().contains(QStringLiteral("wrench")),
             qPrintable(diff->text()));

    // What merged by itself is listed above the rows.
    auto *autoList = child<QListWidget>(dialog, QStringLiteral("autoChangesList"));
    QVERIFY(autoList);
    QStringList items;
    for (int i = 0; i < autoList->count(); ++i)
        items << autoList->item(i)->text();
    QCOMPARE(items.size(), 2);
    QVERIFY2(items.filter(QStringLiteral("Ada Lovelace")).size() == 1,
             qPrintable(items.join(u'|')));
    QVERIFY2(items.filter(QStringLiteral("+15125550100")).size() == 1,
             qPrintable(items.join(u'|')));

    // Title: take theirs. Details: my own words.
    QTest::mouseClick(child<QRadioButton>(dialog, QStringLiteral("takeTheirs_title")),
                      Qt::LeftButton);
    QTest::mouseClick(child<QRadioButton>(dialog, QStringLiteral("edit_details")), Qt::LeftButton);
    auto *custom = child<QPlainTextEdit>(dialog, QStringLiteral("customValue_details"));
    QVERIFY(custom && custom->isEnabled());
    retype(custom, QStringLiteral("Leaks under the sink; bring a wrench and towels"));

    QSignalSpy saved(editor.get(), &JobEditor::saved);
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("reapplyButton")), Qt::LeftButton);
    QVERIFY(saved.wait(kAnswerWaitMs));
    QVERIFY(!editor->conflictDialog());
    QVERIFY(waitSaved(*editor));

    const QJsonObject stored = serverJob(job.id());
    const QJsonObject fields = stored.value(QLatin1String("fields")).toObject();
    QCOMPARE(stored.value(QLatin1String("version")).toInteger(), job.job.version + 2);
    QCOMPARE(fields.value(QLatin1String("title")).toString(), QStringLiteral("Fix kitchen sink"));
    QCOMPARE(fields.value(QLatin1String("details")).toString(),
             QStringLiteral("Leaks under the sink; bring a wrench and towels"));
    QCOMPARE(fields.value(QLatin1String("customer.name")).toString(),
             QStringLiteral("Ada Lovelace"));
    QCOMPARE(fields.value(QLatin1String("customer.phone")).toString(),
             QStringLiteral("+15125550100"));
    QCOMPARE(fields.value(QLatin1String("stateCode")).toString(), QStringLiteral("TX"));
    // The form shows what the server holds.
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_title"))->text(),
             QStringLiteral("Fix kitchen sink"));
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.phone"))->text(),
             QStringLiteral("+15125550100"));
}

void TestJobEditor::discardMineTakesTheirs()
{
    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Paint")},
                                        {QStringLiteral("customer.name"), QStringLiteral("Bo")}});
    QVERIFY(job.isValid());
    // No user list: "changed by" names Dora from the name the server sends with her version.
    auto editor = std::make_unique<JobEditor>(m_api.get(), job);
    editor->show();
    patchAsOther(job.id(), {{QStringLiteral("title"), QStringLiteral("Paint fence")}});
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_title")),
           QStringLiteral("Paint the shed"));
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.name")),
           QStringLiteral("Bo Diddley"));
    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return editor->conflictDialog() != nullptr; }, kAnswerWaitMs));
    QVERIFY2(labelText(editor->conflictDialog(), QStringLiteral("theirsHeader_title"))
                 .startsWith(QStringLiteral("Theirs (changed by Test dora at ")),
             qPrintable(labelText(editor->conflictDialog(), QStringLiteral("theirsHeader_title"))));
    QTest::mouseClick(child<QPushButton>(editor->conflictDialog(), QStringLiteral("discardButton")),
                      Qt::LeftButton);
    QVERIFY(!editor->conflictDialog());
    QVERIFY(!editor->hasUnsavedEdits());
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_title"))->text(),
             QStringLiteral("Paint fence"));
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.name"))->text(),
             QStringLiteral("Bo"));
    QCOMPARE(editor->banner()->text(),
             QStringLiteral("Your edits were discarded; the form shows Test dora's version."));
    QCOMPARE(editor->directory()->name(m_other.id), QStringLiteral("Test dora"));
    const QJsonObject stored = serverJob(job.id());
    QCOMPARE(stored.value(QLatin1String("version")).toInteger(), job.job.version + 1);
}

void TestJobEditor::backToEditingKeepsMyEdits()
{
    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Roof")},
                                        {QStringLiteral("address"), QStringLiteral("1 Elm St")}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    patchAsOther(job.id(), {{QStringLiteral("title"), QStringLiteral("Roof leak")},
                            {QStringLiteral("orderId"), QStringLiteral("ORD-77")}});
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_title")),
           QStringLiteral("Roof repair"));
    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return editor->conflictDialog() != nullptr; }, kAnswerWaitMs));
    QTest::mouseClick(child<QPushButton>(editor->conflictDialog(), QStringLiteral("backButton")),
                      Qt::LeftButton);
    QVERIFY(!editor->conflictDialog());

    // My title stays, their order id came in, and nothing was written.
    auto *title = child<QLineEdit>(editor.get(), QStringLiteral("field_title"));
    QCOMPARE(title->text(), QStringLiteral("Roof repair"));
    QVERIFY(title->isEnabled());
    QVERIFY(title->toolTip().contains(QStringLiteral("Roof leak")));
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_orderId"))->text(),
             QStringLiteral("ORD-77"));
    QVERIFY(editor->hasUnsavedEdits());
    QCOMPARE(serverJob(job.id()).value(QLatin1String("version")).toInteger(), job.job.version + 1);

    // Saving now is based on their version: no second conflict, my title lands.
    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(waitSaved(*editor));
    const QJsonObject fields = serverJob(job.id()).value(QLatin1String("fields")).toObject();
    QCOMPARE(fields.value(QLatin1String("title")).toString(), QStringLiteral("Roof repair"));
    QCOMPARE(fields.value(QLatin1String("orderId")).toString(), QStringLiteral("ORD-77"));
}

void TestJobEditor::nonOverlappingEditsShowBanner()
{
    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Gutters")},
                                        {QStringLiteral("customer.name"), QStringLiteral("Cy")}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    patchAsOther(job.id(), {{QStringLiteral("customer.phone"), QStringLiteral("+15125550199")}});

    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.name")),
           QStringLiteral("Cy Young"));
    QSignalSpy saved(editor.get(), &JobEditor::saved);
    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(saved.wait(kAnswerWaitMs));
    QVERIFY(!editor->conflictDialog()); // nothing truly conflicted: no dialog
    QCOMPARE(editor->findChildren<ConflictDialog *>().size(), 0);

    ChangeBanner *banner = editor->banner();
    QVERIFY(banner && banner->isVisible());
    QCOMPARE(banner->mode(), ChangeBanner::Mode::Reapplied);
    QCOMPARE(labelText(banner, QStringLiteral("bannerText")),
             QStringLiteral("Test dora changed this job; your edits were re-applied on top"));
    QVERIFY(!child<QPushButton>(banner, QStringLiteral("mergeNowButton"))->isVisible());

    const QJsonObject stored = serverJob(job.id());
    const QJsonObject fields = stored.value(QLatin1String("fields")).toObject();
    QCOMPARE(fields.value(QLatin1String("customer.name")).toString(), QStringLiteral("Cy Young"));
    QCOMPARE(fields.value(QLatin1String("customer.phone")).toString(),
             QStringLiteral("+15125550199"));
    QCOMPARE(stored.value(QLatin1String("version")).toInteger(), job.job.version + 2);
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.phone"))->text(),
             QStringLiteral("+15125550199"));

    QTest::mouseClick(child<QPushButton>(banner, QStringLiteral("dismissBannerButton")),
                      Qt::LeftButton);
    QVERIFY(!banner->isVisible());
}

void TestJobEditor::changedRemotelyBannerMergesNow()
{
    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Fence")},
                                        {QStringLiteral("address"), QStringLiteral("2 Oak St")}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_address")),
           QStringLiteral("2 Oak Street"));
    patchAsOther(job.id(), {{QStringLiteral("title"), QStringLiteral("Fence, back yard")}});

    // The client learns of the new version (here by a read; in the app, by an event).
    QObject context;
    bool read = false;
    m_api->getJob(job.id(), &context, [&read](const JobResult &) { read = true; });
    QVERIFY(QTest::qWaitFor([&read] { return read; }, kAnswerWaitMs));

    ChangeBanner *banner = editor->banner();
    QVERIFY(QTest::qWaitFor([banner] { return banner->isVisible(); }, kAnswerWaitMs));
    QCOMPARE(banner->mode(), ChangeBanner::Mode::ChangedRemotely);
    QCOMPARE(labelText(banner, QStringLiteral("bannerText")),
             QStringLiteral("Changed by Test dora just now"));
    auto *mergeNow = child<QPushButton>(banner, QStringLiteral("mergeNowButton"));
    QVERIFY(mergeNow && mergeNow->isVisible());
    // Nothing is merged before the user asks.
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_title"))->text(),
             QStringLiteral("Fence"));

    QTest::mouseClick(mergeNow, Qt::LeftButton);
    QCOMPARE(banner->mode(), ChangeBanner::Mode::Reapplied);
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_title"))->text(),
             QStringLiteral("Fence, back yard"));
    QCOMPARE(child<QLineEdit>(editor.get(), QStringLiteral("field_address"))->text(),
             QStringLiteral("2 Oak Street"));
    QVERIFY(editor->hasUnsavedEdits());

    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(waitSaved(*editor));
    const QJsonObject stored = serverJob(job.id());
    const QJsonObject fields = stored.value(QLatin1String("fields")).toObject();
    QCOMPARE(fields.value(QLatin1String("title")).toString(), QStringLiteral("Fence, back yard"));
    QCOMPARE(fields.value(QLatin1String("address")).toString(), QStringLiteral("2 Oak Street"));
    QCOMPARE(stored.value(QLatin1String("version")).toInteger(), job.job.version + 2);
}

void TestJobEditor::statusLocksFieldsWithReason()
{
    const QJsonObject created =
        m_office->createJob({{QStringLiteral("title"), QStringLiteral("Deck")},
                             {QStringLiteral("pricing.kind"), QStringLiteral("flat")},
                             {QStringLiteral("pricing.amountCents"), 40000}});
    const QString id = created.value(QLatin1String("id")).toString();
    QVERIFY(!id.isEmpty());
    HttpTestClient http = m_office->client(m_office->dispatcher);
    const HttpResult current = http.get(QStringLiteral("/jobs/") + id);
    const HttpResult assigned =
        http.postJson(QStringLiteral("/jobs/") + id + QStringLiteral("/assign"),
                      QJsonObject{{QStringLiteral("proId"), m_office->pros.first().id}},
                      {{"If-Match", current.header("ETag")}});
    QCOMPARE(assigned.status, 200);

    // A job without an ETag (as from a list): the editor reads it first.
    VersionedJob fromList;
    fromList.job.id = id;
    auto editor = openEditor(fromList);
    auto *price = child<QLineEdit>(editor.get(), QStringLiteral("field_pricing.amountCents"));
    auto *title = child<QLineEdit>(editor.get(), QStringLiteral("field_title"));
    QVERIFY(price && title);
    QVERIFY(QTest::qWaitFor([&] { return editor->session() != nullptr; }, kAnswerWaitMs));
    QCOMPARE(price->text(), QStringLiteral("400.00"));
    QVERIFY(!price->isEnabled());
    QVERIFY2(price->toolTip().contains(QStringLiteral("price is fixed")),
             qPrintable(price->toolTip()));
    QVERIFY(!child<QComboBox>(editor.get(), QStringLiteral("field_pricing.kind"))->isEnabled());
    QVERIFY(title->isEnabled());
    QVERIFY(title->toolTip().isEmpty());
    QVERIFY(child<QLabel>(editor.get(), QStringLiteral("lockNotice"))->isVisible());
}

void TestJobEditor::failedSaveIsToldInWordsAndKeepsEdits()
{
    const VersionedJob job = createJob({{QStringLiteral("title"), QStringLiteral("Windows")}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    auto *title = child<QLineEdit>(editor.get(), QStringLiteral("field_title"));
    auto *save = child<QPushButton>(editor.get(), QStringLiteral("saveButton"));
    retype(title, QStringLiteral("Wash windows"));

    // An admin deletes the job meanwhile: the save meets a 404.
    HttpTestClient http = m_office->client(m_office->admin);
    const HttpResult current = http.get(QStringLiteral("/jobs/") + job.id());
    const HttpResult deleted =
        http.del(QStringLiteral("/jobs/") + job.id(), {{"If-Match", current.header("ETag")}});
    QCOMPARE(deleted.status, 204);

    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(QTest::qWaitFor(
        [&] { return editor->session()->state() == JobEditSession::State::Editing; },
        kAnswerWaitMs));
    const QString status = editor->statusText();
    QVERIFY2(status.contains(QStringLiteral("no longer exists")) &&
                 status.contains(QStringLiteral("Close the editor")),
             qPrintable(status));
    QVERIFY(!status.contains(QStringLiteral("404"))); // words, not a status code
    QCOMPARE(title->text(), QStringLiteral("Wash windows"));
    QVERIFY(editor->hasUnsavedEdits());
    QVERIFY(save->isEnabled()); // the user may try again
    QVERIFY(editor->banner()->isVisible());
    QVERIFY(editor->banner()->text().contains(QStringLiteral("deleted")));
}

// Not a check: with DISPATCH_SCREENSHOT_DIR set (run under Xvfb with the xcb platform), saves
// editor.png and conflict-dialog.png of a realistic job for docs/screenshots.
void TestJobEditor::screenshots()
{
    const QString dir = qEnvironmentVariable("DISPATCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set DISPATCH_SCREENSHOT_DIR to capture the screenshots");
    const VersionedJob job = createJob(
        {{QStringLiteral("title"), QStringLiteral("Replace kitchen faucet")},
         {QStringLiteral("details"),
          QStringLiteral("Old faucet drips from the base. Customer bought a Moen 7594 pull-down "
                         "faucet; it is under the sink.")},
         {QStringLiteral("orderId"), QStringLiteral("ORD-20418")},
         {QStringLiteral("customer.name"), QStringLiteral("Maria Alvarez")},
         {QStringLiteral("customer.phone"), QStringLiteral("+1 512 555 0142")},
         {QStringLiteral("customer.email"), QStringLiteral("maria.alvarez@example.com")},
         {QStringLiteral("address"), QStringLiteral("4012 Speedway, Austin, TX 78751")},
         {QStringLiteral("geo"),
          QJsonObject{{QStringLiteral("lat"), 30.3072}, {QStringLiteral("lng"), -97.7301}}},
         {QStringLiteral("countryCode"), QStringLiteral("US")},
         {QStringLiteral("stateCode"), QStringLiteral("TX")},
         {QStringLiteral("pricing.kind"), QStringLiteral("flat")},
         {QStringLiteral("pricing.amountCents"), 18500}});
    QVERIFY(job.isValid());
    auto editor = openEditor(job);
    editor->setWindowTitle(QStringLiteral("Edit job — Dispatch Console"));
    editor->resize(640, 600);
    QVERIFY(QTest::qWaitForWindowExposed(editor.get()));

    patchAsOther(
        job.id(),
        {{QStringLiteral("title"), QStringLiteral("Replace kitchen faucet and supply lines")},
         {QStringLiteral("details"),
          QStringLiteral("Old faucet drips from the base. Customer bought a Moen 7594 "
                         "pull-down faucet; supply lines are corroded, bring new ones.")},
         {QStringLiteral("customer.phone"), QStringLiteral("+1 512 555 0199")}});

    retype(child<QPlainTextEdit>(editor.get(), QStringLiteral("field_details")),
           QStringLiteral("Old faucet drips from the base. Customer bought a Moen 7594 pull-down "
                          "faucet; it is in the garage. Call before arriving."));
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.email")),
           QStringLiteral("maria.alvarez@"));
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_address")),
           QStringLiteral("4012 Speedway, Unit B, Austin, TX 78751"));
    // The client learns of their version: the banner offers to merge before saving.
    QObject context;
    bool read = false;
    m_api->getJob(job.id(), &context, [&read](const JobResult &) { read = true; });
    QVERIFY(QTest::qWaitFor([&read] { return read; }, kAnswerWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return editor->banner()->isVisible(); }, kAnswerWaitMs));
    QTest::qWait(200);
    QVERIFY(editor->grab().save(dir + QStringLiteral("/editor.png")));

    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_customer.email")),
           QStringLiteral("maria.alvarez@example.org"));
    retype(child<QLineEdit>(editor.get(), QStringLiteral("field_title")),
           QStringLiteral("Replace kitchen faucet (customer supplied)"));
    QTest::mouseClick(child<QPushButton>(editor.get(), QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return editor->conflictDialog() != nullptr; }, kAnswerWaitMs));
    ConflictDialog *dialog = editor->conflictDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::mouseClick(child<QRadioButton>(dialog, QStringLiteral("takeTheirs_title")),
                      Qt::LeftButton);
    QTest::qWait(200);
    QVERIFY(dialog->grab().save(dir + QStringLiteral("/conflict-dialog.png")));
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("reapplyButton")), Qt::LeftButton);
    QVERIFY(waitSaved(*editor));
    QTest::qWait(200);
    QVERIFY(editor->grab().save(dir + QStringLiteral("/editor-after-merge.png")));
}

QTEST_MAIN(TestJobEditor)
#include "tst_jobeditor.moc"
