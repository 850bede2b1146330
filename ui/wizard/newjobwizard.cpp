#include "newjobwizard.h"

#include "conflictdialog.h"
#include "draftfield.h"
#include "errormessages.h"
#include "fieldspage.h"
#include "fieldtext.h"
#include "noticebanner.h"
#include "reviewpage.h"
#include "saveindicator.h"
#include "whenpage.h"

#include <apiclient.h>
#include <backoff.h>
#include <draftclient.h>
#include <fieldkeys.h>
#include <userdirectory.h>

#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace dispatch::ui {

Q_LOGGING_CATEGORY(lcWizard, "dispatch.ui.wizard")

namespace {
/// Publishes whose answer was lost are sent again this many times by themselves; the server
/// answers a repeat with the job the first one made.
constexpr int kPublishAttempts = 4;

QString jurisdictionText(const Jurisdiction &jurisdiction)
{
    return jurisdiction.stateCode + QStringLiteral(", ") + jurisdiction.countryCode;
}
} // namespace

NewJobWizard::NewJobWizard(net::ApiClient *api, const QString &userId, QWidget *parent, bool)
    : QWizard(parent)
    , m_api(api)
    , m_userId(userId)
{
    setObjectName(QStringLiteral("newJobWizard"));
    setWindowTitle(tr("New job"));
    setWizardStyle(QWizard::ClassicStyle);
    // Back must not reset a page: its values are the draft's (docs/ARCHITECTURE.md).
    setOption(QWizard::IndependentPages);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("&Publish"));
    setButtonText(QWizard::CancelButton, tr("&Close"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("publishButton"));
    button(QWizard::FinishButton)->setAccessibleName(tr("Publish the job"));
    button(QWizard::CancelButton)
        ->setToolTip(tr("Close the wizard; the draft stays saved (Job › Drafts…)"));
    setSideWidget(buildSide());
    buildPages();
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        QStringList lines;
        for (int pageId : pageIds()) {
            const QString title = page(pageId)->title().toHtmlEscaped();
            lines.append(pageId == id ? QString(u"<b>› " + title + u"</b>") : title);
        }
        m_steps->setText(lines.join(QStringLiteral("<br>")));
        if (m_saver)
            m_saver->flush(); // leaving a page: what it holds goes out now
        if (id == ReviewPageId)
            m_review->show(m_saver ? m_saver->values() : QJsonObject());
    });
    resize(760, 560);
}

NewJobWizard::NewJobWizard(net::ApiClient *api, const QString &userId, QWidget *parent)
    : NewJobWizard(api, userId, parent, true)
{
    setJurisdiction({QStringLiteral("US"), QString()});
}

NewJobWizard::NewJobWizard(net::ApiClient *api, const QString &userId, const Draft &draft,
                           QWidget *parent)
    : NewJobWizard(api, userId, parent, true)
{
    setWindowTitle(tr("New job (resumed draft)"));
    setJurisdiction(draft.locked);
    attach(draft);
    showValues(draft.fields);
}

NewJobWizard::~NewJobWizard() = default;

ConflictDialog *NewJobWizard::conflictDialog() const
{
    return m_dialog.data();
}

QWidget *NewJobWizard::buildSide()
{
    auto *side = new QWidget(this);
    side->setMinimumWidth(200);
    side->setMaximumWidth(240);
    m_steps = new QLabel(side);
    m_steps->setObjectName(QStringLiteral("wizardSteps"));
    m_steps->setTextFormat(Qt::RichText);
    m_indicator = new SaveIndicator(side);
    QFont bold = m_indicator->font();
    bold.setBold(true);
    m_indicator->setFont(bold);
    m_banner = new NoticeBanner(side);
    m_banner->setObjectName(QStringLiteral("wizardBanner"));
    m_newDraft = new QPushButton(tr("Start a &new draft"), side);
    m_newDraft->setObjectName(QStringLiteral("newDraftButton"));
    m_newDraft->setAccessibleName(tr("Start a new draft for the country and state typed"));
    m_newDraft->hide();
    connect(m_newDraft, &QPushButton::clicked, this,
            [this] { Q_EMIT newDraftRequested(m_offered); });

    auto *layout = new QVBoxLayout(side);
    layout->addWidget(m_steps);
    layout->addStretch(1);
    layout->addWidget(m_banner);
    layout->addWidget(m_newDraft);
    layout->addWidget(m_indicator);
    return side;
}

void NewJobWizard::buildPages()
{
    m_where = new FieldsPage(tr("Where"),
                             tr("Country and state first: they start the draft, which then "
                                "stays in that jurisdiction. Then the address."),
                             this);
    for (const auto *key :
         {FieldKey::CountryCode, FieldKey::StateCode, FieldKey::Address, FieldKey::Geo})
        m_fields.insert(QString::fromUtf16(key), m_where->addField(QString::fromUtf16(key)));
    // The draft's geo names its jurisdiction, which the server checks against the draft's.
    m_fields.value(QString::fromUtf16(FieldKey::Geo))->setToDraft([this](const QJsonValue &geo) {
        QJsonObject object = geo.toObject();
        object.insert(QStringLiteral("countryCode"),
                      m_fields.value(QString::fromUtf16(FieldKey::CountryCode))->text().trimmed());
        object.insert(QStringLiteral("stateCode"),
                      m_fields.value(QString::fromUtf16(FieldKey::StateCode))->text().trimmed());
        return QJsonValue(object);
    });
    m_zone = new QComboBox(m_where);
    m_zone->setObjectName(QStringLiteral("timeZoneBox"));
    m_zone->setAccessibleName(tr("Time zone of the address"));
    auto *zoneLabel = new QLabel(tr("&Time zone of the address:"), m_where);
    zoneLabel->setBuddy(m_zone);
    m_where->addWidget(zoneLabel);
    m_where->addWidget(m_zone);
    connect(m_fields.value(QString::fromUtf16(FieldKey::CountryCode)), &DraftField::edited, this,
            [this] {
                WhenPage::fillZones(
                    m_zone, m_fields.value(QString::fromUtf16(FieldKey::CountryCode))->text());
            });
    m_where->setValidator([this] { return startDraft(); });
    setPage(WherePageId, m_where);

    auto *customer =
        new FieldsPage(tr("Customer"), tr("Who asked for the job, and how to reach them."), this);
    for (const auto *key :
         {FieldKey::CustomerName, FieldKey::CustomerPhone, FieldKey::CustomerEmail})
        m_fields.insert(QString::fromUtf16(key), customer->addField(QString::fromUtf16(key)));
    setPage(CustomerPageId, customer);

    auto *work =
        new FieldsPage(tr("The work"), tr("What the pro will do, in the customer's words."), this);
    for (const auto *key : {FieldKey::Title, FieldKey::Details})
        m_fields.insert(QString::fromUtf16(key), work->addField(QString::fromUtf16(key)));
    setPage(WorkPageId, work);

    auto *price =
        new FieldsPage(tr("Price"), tr("A flat price or an hourly rate (optional)."), this);
    for (const auto *key :
         {FieldKey::PricingKind, FieldKey::PricingAmountCents, FieldKey::PricingHourlyRateCents})
        m_fields.insert(QString::fromUtf16(key), price->addField(QString::fromUtf16(key)));
    setPage(PricePageId, price);

    m_when = new WhenPage(m_zone, this);
    setPage(WhenPageId, m_when);
    m_review = new ReviewPage(this);
    setPage(ReviewPageId, m_review);
    setStartId(WherePageId);
}

void NewJobWizard::setJurisdiction(const Jurisdiction &jurisdiction)
{
    m_fields.value(QString::fromUtf16(FieldKey::CountryCode))
        ->show(jurisdiction.countryCode.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(jurisdiction.countryCode));
    m_fields.value(QString::fromUtf16(FieldKey::StateCode))
        ->show(jurisdiction.stateCode.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                : QJsonValue(jurisdiction.stateCode));
    WhenPage::fillZones(m_zone, jurisdiction.countryCode);
}

bool NewJobWizard::startDraft()
{
    if (m_saver)
        return true;
    if (m_creating)
        return false;
    DraftField *country = m_fields.value(QString::fromUtf16(FieldKey::CountryCode));
    DraftField *state = m_fields.value(QString::fromUtf16(FieldKey::StateCode));
    bool ok = true;
    for (DraftField *field : {country, state}) {
        if (field->text().trimmed().isEmpty()) {
            field->showError(fieldErrorText(field->key(), tr("is required to start the draft")));
            ok = false;
        }
    }
    if (!ok)
        return false;
    m_creating = true;
    button(QWizard::NextButton)->setEnabled(false);
    m_banner->showMessage(NoticeBanner::Kind::Info, tr("Starting the draft…"));
    const Jurisdiction jurisdiction{country->value().toString(), state->value().toString()};
    m_api->drafts()->createDraft(jurisdiction, this, [this](const net::DraftResult &result) {
        m_creating = false;
        button(QWizard::NextButton)->setEnabled(true);
        if (!result.ok()) {
            if (result.error.is(net::ApiError::Kind::Validation) &&
                m_fields.contains(result.error.field))
                m_fields.value(result.error.field)
                    ->showError(
                        fieldErrorText(result.error.field, rejectedFieldReason(result.error)));
            m_banner->showMessage(NoticeBanner::Kind::Error,
                                  describeError(result.error, tr("start the draft")).combined());
            return;
        }
        m_banner->clear();
        attach(result.draft);
        // What was typed on this page before the draft existed goes to it now.
        for (DraftField *field : m_where->fields()) {
            if (field->key() != QStringView(FieldKey::CountryCode) &&
                field->key() != QStringView(FieldKey::StateCode) && !field->value().isNull())
                m_saver->setField(field->key(), field->value());
        }
        m_saver->flush();
        Q_EMIT draftStarted(result.draft);
        next();
    });
    return false;
}

void NewJobWizard::attach(const Draft &draft)
{
    m_saver = new net::DraftSaver(m_api->drafts(), draft, this);
    for (DraftField *field : std::as_const(m_fields))
        field->setSaver(m_saver);
    m_when->setSaver(m_saver);
    m_indicator->setSaver(m_saver);
    connect(m_saver, &net::DraftSaver::valuesChanged, this, &NewJobWizard::showValues);
    connect(m_saver, &net::DraftSaver::conflictsFound, this, &NewJobWizard::onConflicts);
    connect(m_saver, &net::DraftSaver::autoMerged, this,
            [this](const MergeResult &merge, const Draft &) {
                QStringList labels;
                for (auto it = merge.takenFromTheirs.begin(); it != merge.takenFromTheirs.end();
                     ++it)
                    labels.append(fieldLabel(it.key()));
                m_banner->showMessage(
                    NoticeBanner::Kind::Info,
                    tr("This draft was changed in another window (%1); those values are shown "
                       "and yours were kept.")
                        .arg(QLocale().createSeparatedList(labels)));
            });
    connect(m_saver, &net::DraftSaver::jurisdictionMismatch, this, &NewJobWizard::onMismatch);
    connect(m_saver, &net::DraftSaver::fieldRejected, this,
            [this](const QString &key, const net::ApiError &error) {
                if (DraftField *field = m_fields.value(key))
                    field->showError(fieldErrorText(key, rejectedFieldReason(error)));
                else if (key == QStringView(DraftKey::Schedule))
                    m_when->showError(fieldErrorText(key, rejectedFieldReason(error)));
            });
    connect(m_saver, &net::DraftSaver::failed, this, [this](const net::ApiError &error) {
        m_banner->showMessage(NoticeBanner::Kind::Error,
                              describeError(error, tr("save the draft")).combined());
    });
    if (m_review && currentId() == ReviewPageId)
        m_review->show(m_saver->values());
}

void NewJobWizard::showValues(const QJsonObject &values)
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (DraftField *field = m_fields.value(it.key()))
            field->show(it.value());
        else if (it.key() == QStringView(DraftKey::Schedule))
            m_when->show(it.value());
    }
    if (currentId() == ReviewPageId && m_saver)
        m_review->show(m_saver->values());
}

void NewJobWizard::onConflicts(const MergeResult &merge, const Draft &theirs)
{
    // The dialog of the job editor, on the same merge: the draft stands in for the job.
    net::VersionedJob version;
    version.job.id = theirs.id;
    version.job.version = theirs.version;
    version.job.fields = theirs.fields;
    version.job.updatedAt = theirs.updatedAt;
    version.job.updatedBy = m_userId; // drafts are their owner's own: the other side is them
    version.etag = theirs.etag;
    net::UserDirectory names; // read only while the dialog is made
    names.learn(m_userId, tr("you, in another window,"));
    m_dialog = new ConflictDialog(merge, version, &names, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::finished, this, [this, dialog = m_dialog.data()] {
        if (m_saver)
            m_saver->resolve(dialog->resolution());
    });
    m_dialog->open();
}

void NewJobWizard::onMismatch(const QString &key, const Jurisdiction &expected,
                              const Jurisdiction &got)
{
    const QString text =
        tr("This draft is for %1: a job in %2 needs a new draft. Everything else you typed "
           "is saved.")
            .arg(jurisdictionText(expected), jurisdictionText(got));
    if (DraftField *field = m_fields.value(key))
        field->showError(text);
    m_offered = got;
    m_banner->showMessage(NoticeBanner::Kind::Warning, text);
    m_newDraft->show();
}

bool NewJobWizard::validateCurrentPage()
{
    if (currentId() != ReviewPageId)
        return QWizard::validateCurrentPage();
    if (m_job.isValid())
        return true;
    publish();
    return false;
}

void NewJobWizard::publish()
{
    if (m_publishing || !m_saver)
        return;
    m_publishing = true;
    m_publishAttempt = 0;
    button(QWizard::FinishButton)->setEnabled(false);
    button(QWizard::BackButton)->setEnabled(false);
    m_review->setStatus(tr("Publishing…"), false);
    m_saver->flush();
    if (m_saver->isSaved()) {
        sendPublish();
        return;
    }
    // The last keystrokes first: a job is made from what the server holds.
    auto *wait = new QObject(this);
    connect(m_saver, &net::DraftSaver::stateChanged, wait,
            [this, wait](net::DraftSaver::State state) {
                using State = net::DraftSaver::State;
                if (state == State::Saving || state == State::Retrying)
                    return;
                wait->deleteLater();
                if (state == State::Saved)
                    sendPublish();
                else
                    finishPublishing(tr("Not published: %1").arg(SaveIndicator::textFor(*m_saver)));
            });
}

void NewJobWizard::sendPublish()
{
    const QString draftId = m_saver->draftId();
    m_api->drafts()->publish(
        draftId, m_saver->draft().version, this, [this](const net::PublishResult &result) {
            if (result.ok()) {
                // The When went with the draft: the job is made with its schedule.
                onPublished(result.job);
                return;
            }
            if (result.current) {
                m_saver->mergeFresh(*result.current);
                m_review->show(m_saver->values());
                finishPublishing(tr("This draft was changed in another window just now. Check "
                                    "the values above and publish again."));
                return;
            }
            const net::ApiError &error = result.error;
            if (error.is(net::ApiError::Kind::Network) && error.retryable &&
                ++m_publishAttempt < kPublishAttempts) {
                // The answer may be lost after the job was made: the same publish again is
                // answered with that job, never a second one.
                m_review->setStatus(tr("The server did not answer; trying again…"), true);
                const auto delay = net::fullJitterDelay(m_publishAttempt, std::chrono::seconds(1),
                                                        std::chrono::seconds(8));
                QTimer::singleShot(delay, this, &NewJobWizard::sendPublish);
                return;
            }
            if (error.is(net::ApiError::Kind::Validation) && !error.field.isEmpty()) {
                finishPublishing(tr("Not published: %1.")
                                     .arg(fieldErrorText(error.field, rejectedFieldReason(error))));
                return;
            }
            finishPublishing(describeError(error, tr("publish the job")).combined());
        });
}

void NewJobWizard::onPublished(const net::VersionedJob &job)
{
    qCInfo(lcWizard) << "draft" << m_saver->draftId() << "published as job" << job.id();
    m_job = job;
    m_publishing = false;
    m_review->setStatus(tr("Published."), false);
    Q_EMIT published(job);
    accept();
}

void NewJobWizard::finishPublishing(const QString &error)
{
    m_publishing = false;
    button(QWizard::FinishButton)->setEnabled(true);
    button(QWizard::BackButton)->setEnabled(true);
    m_review->setStatus(error, true);
}

void NewJobWizard::done(int result)
{
    // Accepted goes through validateCurrentPage(), which starts the publish.
    if (result == QDialog::Rejected)
        handOverSaver();
    QWizard::done(result);
}

void NewJobWizard::handOverSaver()
{
    if (!m_saver || m_job.isValid())
        return;
    m_saver->flush();
    if (m_saver->isSaved())
        return;
    net::DraftSaver *saver = m_saver;
    saver->setParent(m_api->drafts());
    m_saver = nullptr;
    qCInfo(lcWizard) << "draft" << saver->draftId() << "still saving after the wizard closed";
    connect(saver, &net::DraftSaver::stateChanged, saver, [saver](net::DraftSaver::State state) {
        if (state != net::DraftSaver::State::Saving && state != net::DraftSaver::State::Retrying)
            saver->deleteLater();
    });
}

} // namespace dispatch::ui
