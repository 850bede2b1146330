#include "jobdetailpane.h"

#include "actionnotice.h"
#include "bestprospanel.h"
#include "customernotes.h"
#include "errormessages.h"
#include "jobchangetext.h"
#include "jobhistoryview.h"
#include "moneytext.h"
#include "palette.h"
#include "photostrip.h"
#include "photouploadpanel.h"
#include "schedulecontrols.h"

#include <apiclient.h>
#include <fieldkeys.h>
#include <jobfilterproxymodel.h>
#include <joblistmodel.h>

#include <QComboBox>
#include <QDateEdit>
#include <QDropEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace dispatch::ui {

namespace {

QString statusPhrase(JobStatus status)
{
    return displayName(status).toLower();
}

QString valueText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("—");
    if (value.isString()) {
        // Times in the history arrive as wire times; show them in local time.
        const QString text = value.toString();
        if (text.size() == 20 && text.endsWith(u'Z') && text.at(10) == u'T') {
            if (const QDateTime time = timeFromWire(text); time.isValid())
                return QLocale().toString(time.toLocalTime(), QStringLiteral("d MMM yyyy HH:mm"));
        }
        return text;
    }
    if (value.isDouble())
        return QLocale().toString(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.contains(QLatin1String("date")))
            return object.value(QLatin1String("date")).toString() + u' ' +
                   object.value(QLatin1String("window")).toString() + u' ' +
                   object.value(QLatin1String("timezone")).toString();
        if (object.contains(QLatin1String("lat")))
            return QStringLiteral("%1, %2")
                .arg(object.value(QLatin1String("lat")).toDouble(), 0, 'f', 4)
                .arg(object.value(QLatin1String("lng")).toDouble(), 0, 'f', 4);
    }
    return QStringLiteral("…");
}

} // namespace

JobDetailPane::Availability JobDetailPane::availability(Action action, const Job &job,
                                                        const net::UserInfo &user,
                                                        const net::UserDirectory *directory)
{
    // The rule is models/jobactions.h, the one dispatchd enforces; this only says why not, in
    // the order a user can act on: who may first, except where the status is the reason.
    const JobStatus status = job.status;
    const bool roleMay = roleMayTake(action, user.role, isOwnJob(job, user.id));
    const bool statusMay = statusAllows(action, status);
    const auto no = [](const QString &why) { return Availability{false, why}; };
    const QString statusText = statusPhrase(status);
    // Who may take the action, then what its status allows: the first that says no is why.
    const auto check = [&](const QString &whoWhy, const QString &statusWhy) {
        if (!roleMay)
            return no(whoWhy);
        if (!statusMay)
            return no(statusWhy);
        return Availability{true, {}};
    };

    switch (action) {
    case Action::Edit:
        return check(tr("Only dispatchers and admins can edit a job's details."),
                     tr("This job is %1, so its details can no longer change. Add a note "
                        "instead.")
                         .arg(statusText));
    case Action::Assign:
        return check(tr("Only dispatchers and admins can assign jobs."),
                     status == JobStatus::Scheduled
                         ? tr("Already assigned to %1. Unassign it first.")
                               .arg(directory ? directory->name(job.assignedTo) : tr("a pro"))
                         : tr("Only open or requested jobs can be assigned; this one is %1.")
                               .arg(statusText));
    case Action::Unassign:
        return check(tr("Only dispatchers and admins can unassign jobs."),
                     tr("Only a scheduled job can be unassigned; this one is %1.").arg(statusText));
    case Action::Schedule:
        return check(tr("Only dispatchers and admins can schedule jobs."),
                     tr("This job is %1, so it can no longer be rescheduled.").arg(statusText));
    case Action::Start:
        // The status first: a pro learns when the job can start before who may start it.
        if (!statusMay)
            return no(tr("Only a scheduled job can be started; this one is %1.").arg(statusText));
        return check(tr("Only the assigned pro can start this job, on site, with the "
                        "customer's start code."),
                     {});
    case Action::Complete:
        if (!statusMay)
            return no(
                tr("Only a job in progress can be completed; this one is %1.").arg(statusText));
        return check(tr("Only the assigned pro can complete this job, with the customer's "
                        "completion code."),
                     {});
    case Action::Cancel:
        return check(tr("Only dispatchers and admins can cancel jobs."),
                     tr("A job that is %1 cannot be cancelled.").arg(statusText));
    case Action::AddNote:
        return check(tr("Pros can add notes to their own jobs only."), {});
    case Action::MarkRequested:
        return check(
            tr("Only dispatchers and admins can mark a job requested."),
            tr("Only an open job can be marked requested; this one is %1.").arg(statusText));
    case Action::Decline:
        return check(tr("Only dispatchers and admins can decline a request."),
                     tr("Only a requested job can be declined; this one is %1.").arg(statusText));
    case Action::AskConfirm:
        return check(
            tr("Only dispatchers and admins can ask the customer to confirm."),
            tr("Only a job the pro has completed can go to the customer for confirmation; this "
               "one is %1.")
                .arg(statusText));
    case Action::MarkPaid:
        return check(tr("Only dispatchers and admins can mark a job paid."),
                     tr("Only a job awaiting the customer's confirmation can be marked paid; "
                        "this one is %1.")
                         .arg(statusText));
    case Action::Expire:
        return check(tr("Only dispatchers and admins can expire jobs."),
                     tr("Only an open job can expire; this one is %1.").arg(statusText));
    case Action::Accept:
    case Action::Delete:
        // The pane has no button for these; the rule alone answers.
        return check({}, {});
    }
    return no({});
}

JobDetailPane::JobDetailPane(net::ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("jobDetailPane"));
    auto *placeholder = new QLabel(tr("Select a job on the board to see its details.\n\n"
                                      "Use the arrow keys to move, Enter to edit."),
                                   this);
    placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setStyleSheet(Palette::mutedTextStyleSheet());
    m_stack->addWidget(placeholder);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(buildDetails());
    m_notice = new ActionNotice(content);
    m_notice->setObjectName(QStringLiteral("actionNotice"));
    // After an undo ran out, where the job went is still worth saying.
    connect(m_notice, &ActionNotice::expired, this, &JobDetailPane::updateMovedNotice);
    layout->addWidget(m_notice);
    layout->addWidget(buildActions());
    // After the actions, also in the focus chain: F6 still lands on the first action. The
    // photos, then the uploads that add to them.
    layout->addWidget(buildPhotoStrip());
    layout->addWidget(buildPhotoUploads());
    m_bestPros = new BestProsPanel(m_api, content);
    m_bestPros->hide();
    connect(m_bestPros, &BestProsPanel::proPicked, this, &JobDetailPane::proposePro);
    layout->addWidget(m_bestPros);
    m_history = new JobHistoryView(m_api, content);
    auto *historyBox = new QGroupBox(tr("History"), content);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_history);
    layout->addWidget(historyBox, 1);

    auto *scroll = new QScrollArea(this);
    // Focus goes to the pane's controls, not its frame: F6 lands on the first action (the code
    // field for a pro), and a focused control is scrolled into view.
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // With no horizontal scroll bar the splitter must not squeeze the pane below what its
    // rows need, or the buttons on the right are cut off.
    scroll->setMinimumWidth(content->minimumSizeHint().width() +
                            scroll->verticalScrollBar()->sizeHint().width());
    m_stack->addWidget(scroll);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    if (m_api)
        connect(m_api, &net::ApiClient::jobChanged, this, &JobDetailPane::onJobChanged);
    clearJob();
}

QWidget *JobDetailPane::buildDetails()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(box);
    m_title->setObjectName(QStringLiteral("detailTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("detailStatus"));
    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_status, 0, Qt::AlignTop);
    layout->addLayout(head);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QList<std::pair<QString, QString>> rows = {
        {QStringLiteral("orderId"), tr("Order")},
        {QStringLiteral("customer"), tr("Customer")},
        {QStringLiteral("contact"), tr("Contact")},
        {QStringLiteral("address"), tr("Address")},
        {QStringLiteral("due"), tr("Due")},
        {QStringLiteral("assigned"), tr("Assigned pro")},
        {QStringLiteral("pricing"), tr("Price")},
        {QStringLiteral("codes"), tr("Codes")},
        {QStringLiteral("updated"), tr("Updated")},
    };
    for (const auto &[key, label] : rows) {
        auto *value = new QLabel(box);
        value->setObjectName(QStringLiteral("detail_") + key);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_form->addRow(label + u':', value);
        m_values.insert(key, value);
    }
    layout->addLayout(m_form);

    auto *detailsBox = new QGroupBox(tr("Customer's notes"), box);
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    m_details = new QLabel(detailsBox);
    m_details->setObjectName(QStringLiteral("detailDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailsLayout->addWidget(m_details);
    layout->addWidget(detailsBox);

    m_error = new QLabel(box);
    m_error->setObjectName(QStringLiteral("detailError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(Palette::textStyleSheet(Palette::errorText()));
    m_error->hide();
    layout->addWidget(m_error);
    return box;
}

QWidget *JobDetailPane::buildPhotoStrip()
{
    m_photoStrip = new PhotoStrip(m_api ? m_api->photos() : nullptr, this);
    return m_photoStrip;
}

QWidget *JobDetailPane::buildPhotoUploads()
{
    // Files dropped anywhere on the pane go to the job shown (dragEnterEvent()); over a text
    // field too, which would otherwise take a file as its path (eventFilter()).
    setAcceptDrops(true);
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        edit->installEventFilter(this);
    m_photoUploads = new PhotoUploadPanel(m_api, this);
    return m_photoUploads;
}

bool JobDetailPane::takePhotoDrag(QDropEvent *event)
{
    // Only what can be added now: a pro's offer or a signed-out console shows no drop target.
    const bool may = !m_job.id().isEmpty() && m_photoUploads->acceptsDrop(event->mimeData());
    if (may && (event->type() != QEvent::Drop || m_photoUploads->dropFiles(event->mimeData())))
        event->acceptProposedAction();
    else
        event->ignore();
    return may;
}

bool JobDetailPane::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::DragEnter || type == QEvent::DragMove || type == QEvent::Drop) {
        auto *drag = static_cast<QDropEvent *>(event);
        if (!PhotoUploadPanel::localFiles(drag->mimeData()).isEmpty()) {
            takePhotoDrag(drag);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void JobDetailPane::setPhotoUploadsBlocked(const QString &why)
{
    m_photoUploads->setBlockedReason(why);
}

void JobDetailPane::dragEnterEvent(QDragEnterEvent *event)
{
    takePhotoDrag(event);
}

void JobDetailPane::dragMoveEvent(QDragMoveEvent *event)
{
    takePhotoDrag(event);
}

void JobDetailPane::dropEvent(QDropEvent *event)
{
    takePhotoDrag(event);
}

QWidget *JobDetailPane::buildActions()
{
    auto *box = new QGroupBox(tr("Actions"), this);
    auto *grid = new QFormLayout(box);
    grid->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_actionForm = grid;
    const auto button = [&](Action action, const QString &text, const QString &name) {
        auto *b = new QPushButton(text, box);
        b->setObjectName(name);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, [this, action] {
            if (action == Action::Cancel || action == Action::Expire)
                confirmThenRun(action);
            else
                run(action);
        });
        m_buttons.insert(action, b);
        return b;
    };

    auto *editRow = new QHBoxLayout;
    editRow->addWidget(button(Action::Edit, tr("&Edit job…"), QStringLiteral("editButton")));
    editRow->addWidget(button(Action::Cancel, tr("&Cancel job…"), QStringLiteral("cancelButton")));
    editRow->addWidget(button(Action::Expire, tr("E&xpire…"), QStringLiteral("expireButton")));
    // A scheduled job cannot be cancelled as it is (the machine wants it open first): one
    // button for both steps (models/jobactions.h, unassignAndCancelSteps()).
    m_unassignCancel = new QPushButton(tr("Unassi&gn and cancel…"), box);
    m_unassignCancel->setObjectName(QStringLiteral("unassignCancelButton"));
    m_unassignCancel->setAutoDefault(false);
    connect(m_unassignCancel, &QPushButton::clicked, this,
            [this] { confirmThenRun(Action::Cancel, /*unassignFirst=*/true); });
    editRow->addWidget(m_unassignCancel);
    editRow->addStretch();
    grid->addRow(editRow);
    m_actionRows.append({editRow, {Action::Edit, Action::Cancel, Action::Expire}});

    // The office's moves along the status machine, two per row and without a label column
    // so the pane stays narrow enough for the board to keep most of the window.
    auto *moves = new QGridLayout;
    moves->addWidget(
        button(Action::MarkRequested, tr("Mark re&quested"), QStringLiteral("markRequestedButton")),
        0, 0);
    moves->addWidget(
        button(Action::Decline, tr("&Decline request"), QStringLiteral("declineButton")), 0, 1);
    moves->addWidget(button(Action::AskConfirm, tr("As&k customer to confirm"),
                            QStringLiteral("askConfirmButton")),
                     1, 0);
    moves->addWidget(button(Action::MarkPaid, tr("Mark &paid"), QStringLiteral("markPaidButton")),
                     1, 1);
    grid->addRow(moves);
    m_actionRows.append(
        {moves, {Action::MarkRequested, Action::Decline, Action::AskConfirm, Action::MarkPaid}});

    m_proBox = new QComboBox(box);
    m_proBox->setObjectName(QStringLiteral("proBox"));
    m_proBox->setAccessibleName(tr("Pro to assign"));
    m_proBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_proBox->setMinimumContentsLength(8);
    // Never a pro picked for another job: the job's own pro, or this.
    m_proBox->addItem(tr("Choose a pro"), QString());
    connect(m_proBox, &QComboBox::currentIndexChanged, this, &JobDetailPane::updateActions);
    auto *assignRow = new QHBoxLayout;
    assignRow->addWidget(m_proBox, 1);
    QPushButton *assign = button(Action::Assign, tr("&Assign"), QStringLiteral("assignButton"));
    // Enter assigns once a best pro was picked and focus moved here (BestProsPanel).
    assign->setAutoDefault(true);
    assignRow->addWidget(assign);
    assignRow->addWidget(
        button(Action::Unassign, tr("&Unassign"), QStringLiteral("unassignButton")));
    auto *proLabel = new QLabel(tr("P&ro:"), box);
    proLabel->setBuddy(m_proBox);
    grid->addRow(proLabel, assignRow);
    m_actionRows.append({assignRow, {Action::Assign, Action::Unassign}});

    m_schedule = new ScheduleControls(box);
    // Date and zone on one line, the window and the button under them: on one line the four
    // made the pane wider than its share of a 1280-pixel window.
    auto *scheduleRow = new QHBoxLayout;
    scheduleRow->addWidget(m_schedule->date());
    scheduleRow->addWidget(m_schedule->zone(), 1);
    auto *dateLabel = new QLabel(tr("&When:"), box);
    dateLabel->setBuddy(m_schedule->date());
    grid->addRow(dateLabel, scheduleRow);
    m_actionRows.append({scheduleRow, {Action::Schedule}});
    auto *windowRow = new QHBoxLayout;
    windowRow->addWidget(m_schedule->window());
    windowRow->addWidget(
        button(Action::Schedule, tr("Schedu&le"), QStringLiteral("scheduleButton")));
    windowRow->addStretch();
    auto *windowLabel = new QLabel(tr("W&indow:"), box);
    windowLabel->setBuddy(m_schedule->window());
    grid->addRow(windowLabel, windowRow);
    m_actionRows.append({windowRow, {Action::Schedule}});

    m_code = new QLineEdit(box);
    m_code->setObjectName(QStringLiteral("codeEdit"));
    m_code->setPlaceholderText(tr("6-digit code from the customer"));
    m_code->setMaxLength(6);
    m_code->setAccessibleName(tr("Customer's code"));
    // docs/openapi.yaml "Codes": the start and completion codes are six digits.
    m_code->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,6}")), m_code));
    connect(m_code, &QLineEdit::textChanged, this, &JobDetailPane::updateActions);
    connect(m_code, &QLineEdit::returnPressed, this, [this] {
        for (const Action action : {Action::Start, Action::Complete}) {
            if (m_buttons.value(action)->isEnabled()) {
                run(action);
                return;
            }
        }
    });
    auto *codeRow = new QHBoxLayout;
    codeRow->addWidget(m_code, 1);
    codeRow->addWidget(button(Action::Start, tr("S&tart job"), QStringLiteral("startButton")));
    codeRow->addWidget(
        button(Action::Complete, tr("Co&mplete job"), QStringLiteral("completeButton")));
    auto *codeLabel = new QLabel(tr("C&ode:"), box);
    codeLabel->setBuddy(m_code);
    grid->addRow(codeLabel, codeRow);
    m_actionRows.append({codeRow, {Action::Start, Action::Complete}});

    m_note = new QLineEdit(box);
    m_note->setObjectName(QStringLiteral("noteEdit"));
    m_note->setPlaceholderText(tr("A note for the job's history"));
    m_note->setAccessibleName(tr("Note"));
    connect(m_note, &QLineEdit::returnPressed, this, [this] {
        if (m_buttons.value(Action::AddNote)->isEnabled())
            run(Action::AddNote);
    });
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    // No mnemonic of its own: Alt+N goes to the note and Enter adds it (Alt+T is Start job).
    noteRow->addWidget(button(Action::AddNote, tr("Add note"), QStringLiteral("noteButton")));
    auto *noteLabel = new QLabel(tr("&Note:"), box);
    noteLabel->setBuddy(m_note);
    grid->addRow(noteLabel, noteRow);
    m_actionRows.append({noteRow, {Action::AddNote}});
    return box;
}

void JobDetailPane::setUser(const net::UserInfo &user)
{
    m_user = user;
    updateRows();
    updateActions();
    updateBestPros();
    if (!m_job.id().isEmpty())
        m_photoUploads->setJob(m_job.job, m_user);
}

void JobDetailPane::setPros(const QList<net::UserInfo> &pros)
{
    m_pros = pros;
    const QSignalBlocker blocker(m_proBox);
    while (m_proBox->count() > 1) // the first item is "Choose a pro"
        m_proBox->removeItem(1);
    for (const net::UserInfo &pro : pros) {
        m_proBox->addItem(pro.name, pro.id);
    }
    loadControls(/*force=*/true);
    refresh();
}

void JobDetailPane::setDirectory(net::UserDirectory *directory)
{
    if (m_directory)
        disconnect(m_directory, nullptr, this, nullptr);
    m_directory = directory;
    m_history->setDirectory(directory);
    if (directory)
        connect(directory, &net::UserDirectory::namesChanged, this, &JobDetailPane::refresh);
    refresh();
}

QString JobDetailPane::nameOf(const QString &userId) const
{
    if (userId.isEmpty())
        return {};
    if (userId == m_user.id)
        return tr("%1 (you)").arg(m_user.name);
    return m_directory ? m_directory->name(userId) : net::UserDirectory::formerUser();
}

void JobDetailPane::showJob(const Job &job)
{
    const bool sameJob = job.id == m_job.id();
    if (!sameJob) {
        m_job = {};
        m_error->hide();
        m_history->clearJob();
        m_code->clear();
        m_note->clear();
        m_notice->clear();
        m_moved = false;
        if (m_reasonDialog) // asked about the job shown before
            m_reasonDialog->reject();
    }
    // The cache may already hold this job with its ETag (an earlier visit, an event).
    if (m_api) {
        if (const auto cached = m_api->cachedJob(job.id);
            cached && cached->job.version >= job.version)
            m_job = *cached;
    }
    if (m_job.id() != job.id || m_job.job.version < job.version)
        m_job = net::VersionedJob{job, {}};
    m_stack->setCurrentIndex(1);
    refresh();
    m_photoStrip->setJob(job.id, job.text(FieldKey::Title));
    if (!m_api)
        return;
    const QString id = job.id;
    m_api->getJob(id, this, [this, id](const net::JobResult &result) {
        if (id != m_job.id())
            return;
        if (!result.ok()) {
            showError(describeError(result.error, tr("load the job")).combined());
            m_networkError = result.error.is(net::ApiError::Kind::Network);
            return;
        }
        if (result.job.job.version >= m_job.job.version)
            m_job = result.job;
        refresh();
    });
    loadHistory();
}

void JobDetailPane::clearJob()
{
    m_job = {};
    m_notice->clear();
    m_moved = false;
    if (m_reasonDialog)
        m_reasonDialog->reject();
    m_history->clearJob();
    m_photoStrip->setJob({});
    updateBestPros();
    m_photoUploads->clearJob();
    m_stack->setCurrentIndex(0);
}

QString JobDetailPane::detailsText() const
{
    return m_details->text();
}

QString JobDetailPane::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void JobDetailPane::refresh()
{
    if (m_job.id().isEmpty())
        return;
    const Job &job = m_job.job;
    const QString title = job.text(FieldKey::Title);
    m_title->setText(title.isEmpty() ? tr("(untitled job)") : title);
    m_status->setText(displayName(job.status));
    m_status->setStyleSheet(Palette::statusBadgeStyleSheet(job.status));

    m_values[QStringLiteral("orderId")]->setText(valueText(job.field(FieldKey::OrderId)));
    m_values[QStringLiteral("customer")]->setText(valueText(job.field(FieldKey::CustomerName)));
    QStringList contact;
    for (const auto key : {FieldKey::CustomerPhone, FieldKey::CustomerEmail}) {
        if (!job.text(key).isEmpty())
            contact << job.text(key);
    }
    m_values[QStringLiteral("contact")]->setText(contact.isEmpty() ? QStringLiteral("—")
                                                                   : contact.join(u" · "));
    m_values[QStringLiteral("address")]->setText(valueText(job.field(FieldKey::Address)));
    QString due = JobListModel::formatDue(job);
    if (job.schedule && job.dueAt.isValid()) {
        const QTimeZone zone(job.schedule->timezone.toUtf8());
        if (zone.isValid())
            due = tr("%1 your time\n%2 %3 in %4 (customer's window)")
                      .arg(QLocale().toString(job.dueAt.toLocalTime(),
                                              QStringLiteral("ddd d MMM yyyy HH:mm")),
                           job.schedule->date, job.schedule->window, job.schedule->timezone);
    }
    m_values[QStringLiteral("due")]->setText(due.isEmpty() ? tr("Not scheduled") : due);
    m_values[QStringLiteral("assigned")]->setText(
        job.assignedTo.isEmpty() ? tr("Unassigned") : nameOf(job.assignedTo));
    const QString kind = job.text(FieldKey::PricingKind);
    m_values[QStringLiteral("pricing")]->setText(
        kind == QLatin1String("hourly")
            ? tr("%1 per hour").arg(moneyText(job.field(FieldKey::PricingHourlyRateCents)))
            : (kind == QLatin1String("flat")
                   ? tr("%1 flat").arg(moneyText(job.field(FieldKey::PricingAmountCents)))
                   : QStringLiteral("—")));
    const bool hasCodes = job.codes.has_value();
    m_values[QStringLiteral("codes")]->setText(
        hasCodes ? tr("start %1 · completion %2").arg(job.codes->start, job.codes->completion)
                 : QString());
    m_form->setRowVisible(m_values[QStringLiteral("codes")], hasCodes);
    m_values[QStringLiteral("updated")]->setText(
        tr("%1 by %2")
            .arg(QLocale().toString(job.updatedAt.toLocalTime(), QLocale::ShortFormat),
                 nameOf(job.updatedBy)));

    showCustomerNotes(m_details, job);
    loadControls();
    updateMovedNotice();
    updateActions();
    updateBestPros();
    // An assignment can give a pro the job, or take it away.
    m_photoUploads->setJob(job, m_user);
}

void JobDetailPane::updateActions()
{
    const bool loaded = m_job.isValid();
    // The validator lets only digits in, so six characters are a whole code.
    const bool wholeCode = m_code->text().size() == 6;
    bool codeWanted = false;
    bool assignMay = false;
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it) {
        Availability state = availability(it.key(), m_job.job, m_user, m_directory);
        if (state.allowed && !loaded)
            state = {false, tr("Loading the latest version of this job…")};
        else if (state.allowed && m_busy > 0)
            state = {false, tr("Waiting for the server to confirm the last change…")};
        if (it.key() == Action::Assign) {
            assignMay = state.allowed;
            if (state.allowed && m_proBox->currentData().toString().isEmpty())
                state = {false, tr("Choose the pro to assign first.")};
        }
        if (it.key() == Action::Start || it.key() == Action::Complete) {
            codeWanted = codeWanted || state.allowed;
            if (state.allowed && !wholeCode)
                state = {false, tr("Type the customer's 6-digit code first.")};
        }
        it.value()->setEnabled(state.allowed);
        it.value()->setToolTip(state.allowed ? QString() : state.why);
    }
    m_proBox->setEnabled(assignMay);
    m_schedule->setEnabled(m_buttons.value(Action::Schedule)->isEnabled());
    // The two steps' own rules, each on the status the step before leaves.
    const bool office = isOffice(m_user.role);
    const bool bothMay =
        loaded && m_busy == 0 &&
        mayUnassignAndCancel(m_user.role, m_job.job.status, isOwnJob(m_job.job, m_user.id));
    m_unassignCancel->setVisible(office);
    m_unassignCancel->setEnabled(bothMay);
    QString why;
    if (bothMay)
        why = tr("Unassign the pro, then cancel the job: the status machine needs both.");
    else if (!loaded)
        why = tr("Loading the latest version of this job…");
    else if (m_busy > 0)
        why = tr("Waiting for the server to confirm the last change…");
    else if (m_job.job.status == JobStatus::Scheduled)
        why = availability(Action::Unassign, m_job.job, m_user, m_directory).why;
    else
        why = tr("Only a scheduled job is unassigned before it is cancelled; use Cancel job "
                 "for this one.");
    m_unassignCancel->setToolTip(why);
    m_code->setEnabled(codeWanted);
    m_note->setEnabled(m_buttons.value(Action::AddNote)->isEnabled() || m_busy > 0);
}

void JobDetailPane::updateRows()
{
    // The office keeps the pro's steps in view, disabled with why: dispatchers talk pros
    // through them. A pro sees only what a pro can ever do.
    const auto shown = [this](Action action) {
        return isOffice(m_user.role) || roleMayEverTake(action, m_user.role);
    };
    for (const auto &[row, actions] : std::as_const(m_actionRows)) {
        const bool any = std::any_of(actions.cbegin(), actions.cend(), shown);
        // Showing a row shows all its widgets, so rows first, then single buttons.
        if (m_actionForm->isRowVisible(row) != any)
            m_actionForm->setRowVisible(row, any);
    }
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it)
        it.value()->setVisible(shown(it.key()));
}

void JobDetailPane::updateBestPros()
{
    // Only for a job the user may assign now: GET /jobs/{id}/candidates is the office's.
    const bool wanted = !m_job.id().isEmpty() &&
                        availability(Action::Assign, m_job.job, m_user, m_directory).allowed;
    m_bestPros->setVisible(wanted);
    if (wanted)
        m_bestPros->showJob(m_job.job);
    else
        m_bestPros->clear();
}

void JobDetailPane::proposePro(const QString &proId, const QString &name)
{
    int index = m_proBox->findData(proId);
    if (index < 0) { // the user list has not arrived yet
        m_proBox->addItem(name, proId);
        index = m_proBox->count() - 1;
    }
    m_proBox->setCurrentIndex(index);
    m_buttons.value(Action::Assign)->setFocus(Qt::OtherFocusReason);
}

void JobDetailPane::loadHistory()
{
    if (!m_job.id().isEmpty())
        m_history->load(m_job.id());
}

QInputDialog *JobDetailPane::reasonDialog() const
{
    return m_reasonDialog;
}

void JobDetailPane::confirmThenRun(Action action, bool unassignFirst)
{
    if (!m_job.isValid() || m_reasonDialog)
        return;
    const bool cancel = action == Action::Cancel;
    const QString title = m_job.job.text(FieldKey::Title);
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("reasonDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setInputMode(QInputDialog::TextInput);
    dialog->setWindowTitle(unassignFirst ? tr("Unassign and cancel job")
                           : cancel      ? tr("Cancel job")
                                         : tr("Expire job"));
    const QString shownTitle = title.isEmpty() ? tr("(untitled job)") : title;
    dialog->setLabelText(
        (unassignFirst ? tr("Unassign %1 from “%2” and cancel the job? The cancel cannot be "
                            "undone.")
                             .arg(nameOf(m_job.job.assignedTo), shownTitle)
         : cancel ? tr("Cancel “%1”? This cannot be undone.").arg(shownTitle)
                  : tr("Mark “%1” as expired? This cannot be undone; no pro will be offered it "
                       "again.")
                        .arg(shownTitle)) +
        QStringLiteral("\n\n") + tr("Reason (optional, kept in the job's history):"));
    dialog->setOkButtonText(unassignFirst ? tr("Unassign and cancel")
                            : cancel      ? tr("Cancel job")
                                          : tr("Expire job"));
    dialog->setCancelButtonText(tr("Keep job"));
    const QString id = m_job.id();
    connect(
        dialog, &QInputDialog::textValueSelected, this,
        [this, action, id, unassignFirst](const QString &text) {
            // The job shown may have moved on while the dialog was open: the rule is asked
            // again on the version shown now.
            if (id != m_job.id())
                return;
            if (unassignFirst &&
                mayUnassignAndCancel(m_user.role, m_job.job.status, isOwnJob(m_job.job, m_user.id)))
                unassignAndCancel(text.trimmed());
            else if (!unassignFirst && availability(action, m_job.job, m_user, m_directory).allowed)
                run(action, text.trimmed());
            else
                showError(tr("Nothing was changed: the job is %1 now.")
                              .arg(statusPhrase(m_job.job.status)));
        });
    // Back to the window the dialog came from, whichever way it closed (not every platform
    // hands activation back to a modal dialog's parent by itself, e.g. offscreen).
    connect(dialog, &QDialog::finished, this, [this] {
        window()->activateWindow();
        setFocus(Qt::OtherFocusReason);
    });
    m_reasonDialog = dialog;
    dialog->open();
}

void JobDetailPane::run(Action action, const QString &reason)
{
    if (!m_api || !m_job.isValid())
        return;
    if (action == Action::Edit) {
        Q_EMIT editRequested(m_job.id());
        return;
    }
    if (action == Action::Accept || action == Action::Delete)
        return; // no button for these
    const net::VersionedJob base = m_job;
    const QString id = base.id();
    QString verb;
    QString done;
    const auto finish = [this, base](const QString &doneText, const QString &verbText) {
        return [this, base, doneText, verbText](const net::JobResult &result) {
            if (takeAnswer(base, result, verbText))
                Q_EMIT notice(doneText);
        };
    };
    ++m_busy;
    Q_EMIT writeStarted(id);
    switch (action) {
    case Action::Assign: {
        const QString pro = m_proBox->currentData().toString();
        if (pro.isEmpty()) { // the button is off then; Enter on it must not assign nobody
            --m_busy;
            Q_EMIT writeFinished(id);
            showError(tr("Choose the pro to assign first."));
            m_proBox->setFocus();
            return;
        }
        m_api->assignJob(base, pro, this,
                         finish(tr("Assigned to %1.").arg(nameOf(pro)), tr("assign the job")));
        break;
    }
    case Action::Unassign: {
        const QString pro = base.job.assignedTo;
        m_api->assignJob(base, {}, this, [this, base, pro](const net::JobResult &result) {
            if (!takeAnswer(base, result, tr("unassign the job")))
                return;
            Q_EMIT notice(tr("The job is open again."));
            offerUndoUnassign(result.job, pro);
        });
        break;
    }
    case Action::Schedule: {
        QString why;
        const std::optional<JobSchedule> schedule = m_schedule->schedule(&why);
        if (!schedule) {
            --m_busy;
            Q_EMIT writeFinished(id);
            showError(why);
            return;
        }
        m_api->scheduleJob(base, *schedule, this, finish(tr("Scheduled."), tr("schedule the job")));
        break;
    }
    case Action::Start:
        m_api->transitionJob(base, JobStatus::InProgress, m_code->text().trimmed(), {}, this,
                             finish(tr("Job started."), tr("start the job")));
        break;
    case Action::Complete:
        m_api->transitionJob(base, JobStatus::CompletedByPro, m_code->text().trimmed(), {}, this,
                             finish(tr("Job completed."), tr("complete the job")));
        break;
    case Action::Cancel:
        m_api->transitionJob(base, JobStatus::Cancelled, {}, reason, this,
                             finish(tr("Job cancelled."), tr("cancel the job")));
        break;
    case Action::Expire:
        m_api->transitionJob(base, JobStatus::Expired, {}, reason, this,
                             finish(tr("Job expired."), tr("expire the job")));
        break;
    case Action::MarkRequested:
        m_api->transitionJob(base, JobStatus::Requested, {}, {}, this,
                             finish(tr("Marked as requested."), tr("mark the job requested")));
        break;
    case Action::Decline:
        m_api->transitionJob(
            base, JobStatus::Open, {}, {}, this,
            finish(tr("Request declined; the job is open again."), tr("decline the request")));
        break;
    case Action::AskConfirm:
        m_api->transitionJob(
            base, JobStatus::AwaitingCustomerConfirm, {}, {}, this,
            finish(tr("Waiting for the customer to confirm."), tr("ask the customer to confirm")));
        break;
    case Action::MarkPaid:
        m_api->transitionJob(base, JobStatus::Paid, {}, {}, this,
                             finish(tr("Marked as paid."), tr("mark the job paid")));
        break;
    case Action::AddNote: {
        const QString text = m_note->text().trimmed();
        if (text.isEmpty()) {
            --m_busy;
            Q_EMIT writeFinished(id);
            showError(tr("Type the note first."));
            m_note->setFocus();
            return;
        }
        m_note->clear();
        m_api->addNote(base, text, this, finish(tr("Note added."), tr("add the note")));
        break;
    }
    case Action::Edit:
    case Action::Accept:
    case Action::Delete:
        break; // returned above
    }
    updateActions();
}

bool JobDetailPane::takeAnswer(const net::VersionedJob &sent, const net::JobResult &result,
                               const QString &verb)
{
    const QString id = sent.id();
    --m_busy;
    Q_EMIT writeFinished(id);
    if (id != m_job.id()) {
        updateActions();
        return false;
    }
    if (!result.ok()) {
        if (result.error.is(net::ApiError::Kind::Conflict) && result.error.current) {
            // The write went with the ETag of the version shown; the job had moved on. Show the
            // server's version and say what changed, so the user decides again on what is.
            const net::VersionedJob &current = *result.error.current;
            showError(tr("Could not %1: %2 Your change was not applied; check the job as it is "
                         "now and try again.")
                          .arg(verb, describeJobChange(
                                         sent.job, current.job,
                                         [this](const QString &user) { return nameOf(user); })));
            if (current.job.version >= m_job.job.version)
                m_job = current;
            loadHistory();
        } else {
            showError(describeError(result.error, verb).combined());
            m_networkError = result.error.is(net::ApiError::Kind::Network);
        }
        refresh();
        return false;
    }
    m_error->hide();
    if (result.job.job.version >= m_job.job.version)
        m_job = result.job;
    refresh();
    loadHistory();
    return true;
}

void JobDetailPane::offerUndoUnassign(const net::VersionedJob &answer, const QString &proId)
{
    if (proId.isEmpty() || !undoAction(Action::Unassign))
        return;
    const QString id = answer.id();
    // A real conditional write based on the unassign's answer: if anyone changed the job since,
    // the server refuses it (412) and the pane says so.
    m_notice->showMessage(
        NoticeBanner::Kind::Success, tr("Unassigned from %1.").arg(nameOf(proId)), tr("Undo"),
        [this, answer, proId, id] {
            if (!m_api || id != m_job.id())
                return;
            ++m_busy;
            Q_EMIT writeStarted(id);
            updateActions();
            m_api->assignJob(answer, proId, this,
                             [this, answer, proId](const net::JobResult &result) {
                                 if (takeAnswer(answer, result, tr("undo the unassign")))
                                     Q_EMIT notice(tr("Assigned to %1 again.").arg(nameOf(proId)));
                             });
        },
        std::chrono::seconds(8));
}

void JobDetailPane::unassignAndCancel(const QString &reason)
{
    if (!m_api || !m_job.isValid())
        return;
    const net::VersionedJob base = m_job;
    const QString id = base.id();
    const QString pro = base.job.assignedTo;
    ++m_busy;
    Q_EMIT writeStarted(id);
    m_api->assignJob(base, {}, this, [this, base, pro, reason, id](const net::JobResult &first) {
        if (!takeAnswer(base, first, tr("unassign the job")))
            return;
        // The second step is based on the first one's answer (its ETag), never on what was
        // shown before.
        const net::VersionedJob open = first.job;
        ++m_busy;
        Q_EMIT writeStarted(id);
        updateActions();
        m_api->transitionJob(
            open, JobStatus::Cancelled, {}, reason, this,
            [this, open, pro](const net::JobResult &second) {
                if (takeAnswer(open, second, tr("cancel the job"))) {
                    Q_EMIT notice(tr("Unassigned from %1 and cancelled.").arg(nameOf(pro)));
                    return;
                }
                if (open.id() == m_job.id())
                    showError(tr("%1 is unassigned, but the job is not cancelled: %2")
                                  .arg(nameOf(pro), errorText()));
            });
    });
    updateActions();
}

void JobDetailPane::showMovedNotice()
{
    if (m_job.id().isEmpty())
        return;
    m_moved = true;
    updateMovedNotice();
}

void JobDetailPane::updateMovedNotice()
{
    const QString id = m_job.id();
    if (!m_moved || id.isEmpty() || m_notice->isTimed())
        return;
    const QString tab = JobFilterProxyModel::tabName(JobFilterProxyModel::tabOf(m_job.job.status));
    const QString text = tr("Moved to %1.").arg(tab);
    if (m_notice->hasMessage() && m_notice->text() == text)
        return; // said already; a screen reader would hear it again
    m_notice->showMessage(NoticeBanner::Kind::Info, text, tr("Show it"), [this, id] {
        m_moved = false;
        Q_EMIT revealRequested(id);
    });
}

void JobDetailPane::loadControls(bool force)
{
    const Job &job = m_job.job;
    if (job.id.isEmpty())
        return;
    const bool otherJob = job.id != m_controlsBasis.id;
    if (force || otherJob || job.schedule != m_controlsBasis.schedule)
        m_schedule->showJob(job);
    if (force || otherJob || job.assignedTo != m_controlsBasis.assignedTo) {
        // The job's own pro, or "Choose a pro" (index 0); a pro not in the list yet is added.
        int index = job.assignedTo.isEmpty() ? 0 : m_proBox->findData(job.assignedTo);
        if (index < 0) {
            m_proBox->addItem(nameOf(job.assignedTo), job.assignedTo);
            index = m_proBox->count() - 1;
        }
        m_proBox->setCurrentIndex(index);
    }
    m_controlsBasis = job;
}

void JobDetailPane::onJobChanged(const net::VersionedJob &job)
{
    if (job.id() != m_job.id() || job.job.version < m_job.job.version)
        return;
    const bool newer = job.job.version > m_job.job.version;
    m_job = job;
    refresh();
    if (newer)
        loadHistory();
}

void JobDetailPane::showError(const QString &text)
{
    m_networkError = false;
    m_error->setText(text);
    m_error->show();
}

void JobDetailPane::serverReachable()
{
    if (!m_networkError)
        return;
    m_networkError = false;
    m_error->hide();
    if (!m_job.id().isEmpty())
        showJob(m_job.job); // the same job: fetched again with its ETag
}

} // namespace dispatch::ui
