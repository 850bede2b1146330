#include "jobeditor.h"

#include "changebanner.h"
#include "conflictdialog.h"
#include "errormessages.h"
#include "fieldtext.h"
#include "palette.h"

#include <apiclient.h>
#include <fieldkeys.h>
#include <jobstatus.h>

#include <QComboBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

namespace dispatch::ui {

Q_LOGGING_CATEGORY(lcEditor, "dispatch.ui.editor", QtInfoMsg)

namespace {

/// "Price ($):"; a changed field reads "• Price ($):" (and is bold), so the user sees what
/// Save would send.
QString labelFor(QStringView key, bool changed)
{
    QString label = fieldLabel(key);
    if (key == QStringView(FieldKey::PricingAmountCents) ||
        key == QStringView(FieldKey::PricingHourlyRateCents))
        label += QStringLiteral(" ($)");
    return (changed ? QStringLiteral("• ") : QString()) + label + QLatin1Char(':');
}

} // namespace

JobEditor::JobEditor(net::ApiClient *api, const net::VersionedJob &job, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_jobId(job.id())
{
    setObjectName(QStringLiteral("jobEditor"));
    // Its own directory until the host gives the console's (setDirectory()).
    m_directory = new net::UserDirectory(api, this);
    m_directory->learn(job.job);
    buildForm();

    auto *saveShortcut = new QShortcut(QKeySequence::Save, this);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QShortcut::activated, this, [this] {
        if (m_save->isEnabled())
            save();
    });
    auto *closeShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    closeShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(closeShortcut, &QShortcut::activated, this, &JobEditor::closeRequested);

    if (job.isValid()) {
        startSession(job);
    } else if (m_api) {
        // A job from a list carries no ETag; an edit must start from a version that has one.
        m_status->setText(tr("Loading the job…"));
        m_api->getJob(m_jobId, this, [this](const net::JobResult &result) {
            if (result.ok()) {
                startSession(result.job);
                return;
            }
            m_error = errorInWords(result.error);
            m_status->setText(m_error);
        });
    }
}

JobEditor::~JobEditor() = default;

void JobEditor::buildForm()
{
    auto *layout = new QVBoxLayout(this);

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("headerLabel"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.2);
    m_header->setFont(headerFont);
    layout->addWidget(m_header);

    m_lockNotice = new QLabel(this);
    m_lockNotice->setObjectName(QStringLiteral("lockNotice"));
    m_lockNotice->setWordWrap(true);
    m_lockNotice->hide();
    layout->addWidget(m_lockNotice);

    m_form = new QWidget(this);
    m_form->setObjectName(QStringLiteral("editorForm"));
    // The rows keep their natural height; spare room goes below them, not between them.
    auto *formHost = new QVBoxLayout(m_form);
    auto *form = new QFormLayout;
    formHost->addLayout(form);
    formHost->addStretch(1);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    int labelWidth = 0;
    for (const QString &key : canonicalFieldKeys()) {
        FieldRow row;
        row.key = key;
        if (key == QStringView(FieldKey::Details)) {
            auto *text = new QPlainTextEdit(m_form);
            text->setTabChangesFocus(true);
            text->setPlaceholderText(fieldPlaceholder(key));
            // About six lines: long notes scroll inside, the form stays on one screen.
            text->setFixedHeight(text->fontMetrics().lineSpacing() * 6 + 12);
            row.editor = text;
        } else if (key == QStringView(FieldKey::PricingKind)) {
            auto *combo = new QComboBox(m_form);
            combo->addItem(tr("Not set"), QString());
            combo->addItem(tr("Flat rate"), QStringLiteral("flat"));
            combo->addItem(tr("Hourly"), QStringLiteral("hourly"));
            row.editor = combo;
        } else {
            auto *line = new QLineEdit(m_form);
            line->setPlaceholderText(fieldPlaceholder(key));
            row.editor = line;
        }
        row.editor->setObjectName(QStringLiteral("field_") + key);
        row.label = new QLabel(labelFor(key, false), m_form);
        row.label->setObjectName(QStringLiteral("label_") + key);
        row.label->setBuddy(row.editor);
        row.error = new QLabel(m_form);
        row.error->setObjectName(QStringLiteral("error_") + key);
        row.error->setStyleSheet(Palette::textStyleSheet(Palette::validationText()));
        row.error->setWordWrap(true);
        row.error->hide();

        auto *cell = new QWidget(m_form);
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(row.editor);
        cellLayout->addWidget(row.error);
        // Wide enough for the bold "changed" form of the longest label, so the column
        // does not jump while typing.
        QFont bold = row.label->font();
        bold.setBold(true);
        labelWidth = qMax(labelWidth, QFontMetrics(bold).horizontalAdvance(labelFor(key, true)));
        form->addRow(row.label, cell);
        m_rows.append(row);
    }
    for (FieldRow &row : m_rows)
        row.label->setMinimumWidth(labelWidth + 4);
    // Connect after the list is complete: the slots refer to rows by index.
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        QWidget *editor = m_rows.at(i).editor;
        auto edited = [this, i] { onFieldEdited(m_rows[i]); };
        if (auto *line = qobject_cast<QLineEdit *>(editor))
            connect(line, &QLineEdit::textEdited, this, edited);
        else if (auto *text = qobject_cast<QPlainTextEdit *>(editor))
            connect(text, &QPlainTextEdit::textChanged, this, edited);
        else if (auto *combo = qobject_cast<QComboBox *>(editor))
            connect(combo, &QComboBox::currentIndexChanged, this, edited);
    }

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    layout->addWidget(scroll, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(
        tr("Save your changes (%1)")
            .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    m_revert = new QPushButton(tr("&Revert"), this);
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_revert->setToolTip(tr("Undo every unsaved change"));
    m_close = new QPushButton(tr("&Close"), this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_close->setToolTip(tr("Close the editor (Esc)"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_close);
    buttons->addWidget(m_save);
    layout->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &JobEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &JobEditor::revert);
    connect(m_close, &QPushButton::clicked, this, &JobEditor::closeRequested);

    m_form->setEnabled(false);
    m_save->setEnabled(false);
    m_revert->setEnabled(false);
}

void JobEditor::startSession(const net::VersionedJob &job)
{
    m_session = new net::JobEditSession(m_api, job, this);
    m_banner = new ChangeBanner(m_session, this);
    m_banner->setDirectory(m_directory);
    static_cast<QVBoxLayout *>(layout())->insertWidget(1, m_banner);

    connect(m_session, &net::JobEditSession::stateChanged, this, &JobEditor::updateState);
    connect(m_session, &net::JobEditSession::saved, this, &JobEditor::onSaved);
    connect(m_session, &net::JobEditSession::saveFailed, this, &JobEditor::onSaveFailed);
    connect(m_session, &net::JobEditSession::conflictsFound, this, &JobEditor::onConflicts);
    connect(m_session, &net::JobEditSession::autoMerged, this, [this] {
        loadFromSession();
        updateState();
    });
    connect(m_session, &net::JobEditSession::baseChanged, this, [this] {
        loadFromSession();
        updateState();
    });
    connect(m_session, &net::JobEditSession::changedRemotely, this, &JobEditor::updateState);
    if (m_api) {
        connect(m_api, &net::ApiClient::jobRemoved, this, [this](const QString &id) {
            if (id == m_jobId)
                showRemoved();
        });
    }

    m_form->setEnabled(true);
    loadFromSession();
    updateState();
}

void JobEditor::setDirectory(net::UserDirectory *directory)
{
    if (m_directory && m_directory->parent() == this)
        m_directory->deleteLater();
    m_directory = directory;
    if (m_banner)
        m_banner->setDirectory(directory);
}

bool JobEditor::hasUnsavedEdits() const
{
    if (!m_session)
        return false;
    for (const FieldRow &row : m_rows) {
        if (!row.valid)
            return true; // typed but not acceptable yet: still the user's work
    }
    return m_session->hasUnsavedEdits();
}

QString JobEditor::statusText() const
{
    return m_status->text();
}

QString JobEditor::widgetText(const FieldRow &row) const
{
    if (auto *line = qobject_cast<QLineEdit *>(row.editor))
        return line->text();
    if (auto *text = qobject_cast<QPlainTextEdit *>(row.editor))
        return text->toPlainText();
    if (auto *combo = qobject_cast<QComboBox *>(row.editor))
        return combo->currentData().toString();
    return {};
}

void JobEditor::setWidgetText(FieldRow &row, const QString &text)
{
    const bool wasLoading = std::exchange(m_loading, true);
    if (auto *line = qobject_cast<QLineEdit *>(row.editor)) {
        line->setText(text);
        line->setCursorPosition(0);
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(row.editor)) {
        plain->setPlainText(text);
    } else if (auto *combo = qobject_cast<QComboBox *>(row.editor)) {
        combo->setCurrentIndex(qMax(0, combo->findData(text)));
    }
    row.valid = true;
    row.error->hide();
    m_loading = wasLoading;
}

void JobEditor::onFieldEdited(FieldRow &row)
{
    if (m_loading || !m_session)
        return;
    const FieldCheck check = fieldValueFromText(row.key, widgetText(row));
    row.valid = check.ok();
    if (row.valid) {
        row.error->hide();
        m_session->setField(row.key, check.normalized);
    } else {
        row.error->setText(fieldErrorText(row.key, check.reason));
        row.error->show();
    }
    m_error.clear();
    updateState();
}

void JobEditor::loadFromSession()
{
    if (!m_session)
        return;
    for (FieldRow &row : m_rows) {
        const QJsonValue wanted = m_session->value(row.key);
        const FieldCheck shown = fieldValueFromText(row.key, widgetText(row));
        if (!shown.ok() || !sameFieldValue(shown.normalized, wanted))
            setWidgetText(row, fieldEditText(row.key, wanted));
    }
}

void JobEditor::applyLocks()
{
    const JobStatus status = m_session->base().job.status;
    bool anyLocked = false;
    for (FieldRow &row : m_rows) {
        const EditRule rule = fieldEditRule(status, row.key);
        QString why;
        if (rule == EditRule::PriceLocked)
            why = tr("The price is fixed once a pro has been requested or scheduled.");
        else if (rule == EditRule::JobLocked)
            why = tr("This job is %1: its fields can no longer be changed. Notes can still be "
                     "added from the job's details.")
                      .arg(displayName(status).toLower());
        row.editor->setEnabled(why.isEmpty());
        row.label->setEnabled(why.isEmpty());
        QString tip = why;
        if (!row.conflictNote.isEmpty())
            tip = tip.isEmpty() ? row.conflictNote : tip + QLatin1Char('\n') + row.conflictNote;
        row.editor->setToolTip(tip);
        anyLocked = anyLocked || !why.isEmpty();
    }
    if (fieldEditRule(status, FieldKey::Title) == EditRule::JobLocked) {
        m_lockNotice->setText(
            tr("This job is %1, so its fields are read-only.").arg(displayName(status).toLower()));
    } else if (anyLocked) {
        m_lockNotice->setText(tr("Pricing is read-only: a pro has been requested or scheduled."));
    }
    m_lockNotice->setVisible(anyLocked);
}

void JobEditor::updateState()
{
    if (!m_session)
        return;
    using State = net::JobEditSession::State;
    const net::VersionedJob &base = m_session->base();
    const State state = m_session->state();
    const bool saving = state == State::Saving;
    const bool deciding = state == State::NeedsDecision;

    bool allValid = true;
    for (const FieldRow &row : m_rows)
        allValid = allValid && row.valid;
    const bool edits = m_session->hasUnsavedEdits();

    m_header->setText(
        tr("Edit job: %1 — %2").arg(base.job.text(FieldKey::Title), displayName(base.job.status)));
    applyLocks();

    // A changed field's label is marked, so the user sees what Save would send.
    const QJsonObject changed = m_session->edits();
    for (FieldRow &row : m_rows) {
        QFont font = row.label->font();
        const bool isChanged = changed.contains(row.key) || !row.valid;
        font.setBold(isChanged);
        row.label->setFont(font);
        row.label->setText(labelFor(row.key, isChanged));
    }

    m_form->setEnabled(!deciding);
    m_save->setEnabled(!saving && !deciding && allValid && edits);
    m_revert->setEnabled(!saving && !deciding && (edits || !allValid));

    QString text;
    if (saving)
        text = tr("Saving…");
    else if (deciding)
        text = tr("Your changes overlap with someone else's: choose in the dialog what to keep.");
    else if (!m_error.isEmpty())
        text = m_error;
    else if (!allValid)
        text = tr("Correct the fields marked in red to save.");
    else if (edits)
        text = tr("Unsaved changes");
    else
        text = tr("Saved · version %1, %2")
                   .arg(base.job.version)
                   .arg(QLocale().toString(base.job.updatedAt.toLocalTime(), QLocale::ShortFormat));
    m_status->setText(text);
    m_status->setStyleSheet(!m_error.isEmpty() && !saving
                                ? Palette::textStyleSheet(Palette::validationText())
                                : QString());
}

void JobEditor::save()
{
    if (!m_session)
        return;
    m_error.clear();
    for (FieldRow &row : m_rows)
        row.conflictNote.clear();
    if (m_banner && m_banner->mode() == ChangeBanner::Mode::Message)
        m_banner->dismiss();
    qCDebug(lcEditor) << "saving job" << m_jobId << m_session->edits().keys();
    m_session->save();
    updateState();
}

void JobEditor::revert()
{
    if (!m_session)
        return;
    m_session->discardEdits();
    m_error.clear();
    for (FieldRow &row : m_rows) {
        row.conflictNote.clear();
        row.valid = true;
        row.error->hide();
    }
    loadFromSession();
    updateState();
}

void JobEditor::onSaved(const net::VersionedJob &job)
{
    updateState();
    Q_EMIT saved(job);
}

void JobEditor::onSaveFailed(const net::ApiError &error)
{
    qCInfo(lcEditor) << "save of job" << m_jobId << "failed:" << error.toString();
    m_error = errorInWords(error);
    if (error.is(net::ApiError::Kind::NotFound))
        showRemoved();
    updateState();
}

void JobEditor::showRemoved()
{
    if (m_banner)
        m_banner->showMessage(tr("This job was deleted, or you can no longer see it. Copy "
                                 "anything you need, then close the editor."));
}

void JobEditor::onConflicts(const MergeResult &merge, const net::VersionedJob &theirs)
{
    if (m_dialog)
        m_dialog->deleteLater();
    m_dialog = new ConflictDialog(merge, theirs, m_directory, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::finished, this, &JobEditor::onDialogFinished);
    updateState();
    m_dialog->open();
}

void JobEditor::onDialogFinished()
{
    ConflictDialog *dialog = m_dialog;
    if (!dialog || !m_session)
        return;
    m_dialog = nullptr;
    // The session does what the user chose; the editor only tells them what happened.
    const net::JobEditSession::Resolution resolution = dialog->resolution();
    m_session->resolve(resolution);
    const QString theirName = nameOf(dialog->theirs().job.updatedBy);
    switch (resolution.outcome) {
    case ConflictDialog::Outcome::Reapply:
        break;
    case ConflictDialog::Outcome::DiscardMine:
        m_banner->showMessage(
            tr("Your edits were discarded; the form shows %1's version.").arg(theirName));
        break;
    case ConflictDialog::Outcome::BackToEditing:
        // Their value of each conflicting field, in the field's tooltip.
        for (const MergeConflict &conflict : dialog->merge().conflicts) {
            for (FieldRow &row : m_rows) {
                if (row.key == conflict.field)
                    row.conflictNote =
                        tr("%1's value: %2")
                            .arg(theirName, fieldDisplayText(row.key, conflict.theirs));
            }
        }
        m_banner->showMessage(
            tr("%1 changed this job. Your edits are kept on top of their version; saving keeps "
               "your values (hover a field to see theirs).")
                .arg(theirName));
        break;
    }
    loadFromSession();
    updateState();
}

QString JobEditor::nameOf(const QString &userId) const
{
    return m_directory ? m_directory->name(userId) : net::UserDirectory::formerUser();
}

QString JobEditor::errorInWords(const net::ApiError &error)
{
    // The words are ui/common/errormessages; the editor marks the field the server refused.
    if (error.is(net::ApiError::Kind::Validation) && !error.field.isEmpty() &&
        isCanonicalFieldKey(error.field)) {
        for (FieldRow &row : m_rows) {
            if (row.key == error.field) {
                row.error->setText(fieldErrorText(row.key, rejectedFieldReason(error)));
                row.error->show();
            }
        }
    }
    return describeSaveError(error);
}

} // namespace dispatch::ui
