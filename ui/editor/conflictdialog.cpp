#include "conflictdialog.h"

#include "fieldtext.h"
#include "palette.h"

#include <fieldkeys.h>
#include <worddiffhtml.h>

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace dispatch::ui {

namespace {

QLabel *valueLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setMinimumWidth(160);
    return label;
}

QLabel *headerLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    // A header that wraps ("Theirs (changed by … at …)") must not lift its neighbours.
    label->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
    return label;
}

QString nameFor(const QString &userId, const net::UserDirectory *directory)
{
    if (userId.isEmpty())
        return ConflictDialog::tr("someone");
    return directory ? directory->name(userId) : net::UserDirectory::formerUser();
}

} // namespace

QString ConflictDialog::theirsHeaderFor(const net::VersionedJob &theirs,
                                        const net::UserDirectory *directory)
{
    const QString time =
        QLocale().toString(theirs.job.updatedAt.toLocalTime(), QLocale::ShortFormat);
    return tr("Theirs (changed by %1 at %2)").arg(nameFor(theirs.job.updatedBy, directory), time);
}

ConflictDialog::ConflictDialog(const MergeResult &merge, const net::VersionedJob &theirs,
                               const net::UserDirectory *directory, QWidget *parent)
    : QDialog(parent)
    , m_merge(merge)
    , m_theirs(theirs)
    , m_theirsName(nameFor(theirs.job.updatedBy, directory))
    , m_theirsHeader(theirsHeaderFor(theirs, directory))
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Job changed while you were editing"));
    setModal(true);

    auto *layout = new QVBoxLayout(this);

    const QString title = theirs.job.text(FieldKey::Title);
    auto *intro = new QLabel(
        tr("%1 saved “%2” after you opened it, and changed some of the same fields as you. "
           "Choose which value to keep for each field below, then re-apply your changes.")
            .arg(m_theirsName, title),
        this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    // What merged by itself, so the user sees everything that will be in the job.
    auto *autoList = new QListWidget(this);
    autoList->setObjectName(QStringLiteral("autoChangesList"));
    for (auto it = merge.reapplied.begin(); it != merge.reapplied.end(); ++it) {
        autoList->addItem(tr("Your change, re-applied: %1 → %2")
                              .arg(fieldLabel(it.key()), fieldDisplayText(it.key(), it.value())));
    }
    for (auto it = merge.takenFromTheirs.begin(); it != merge.takenFromTheirs.end(); ++it) {
        autoList->addItem(
            tr("%1's change, kept: %2 → %3")
                .arg(m_theirsName, fieldLabel(it.key()), fieldDisplayText(it.key(), it.value())));
    }
    if (autoList->count() > 0) {
        auto *autoCaption = headerLabel(tr("Changes without conflict (applied automatically)"),
                                        QStringLiteral("autoChangesCaption"), this);
        layout->addWidget(autoCaption);
        const int rowHeight = autoList->sizeHintForRow(0);
        autoList->setMaximumHeight(rowHeight * qMin(autoList->count(), 4) +
                                   2 * autoList->frameWidth() + 8);
        layout->addWidget(autoList);
    } else {
        autoList->hide();
    }

    layout->addWidget(
        headerLabel(tr("Conflicting fields (%n)", nullptr, int(merge.conflicts.size())),
                    QStringLiteral("conflictsCaption"), this));

    auto *rowsHost = new QWidget(this);
    auto *rowsLayout = new QVBoxLayout(rowsHost);
    rowsLayout->setContentsMargins(0, 0, 0, 0);
    for (const MergeConflict &conflict : merge.conflicts)
        rowsLayout->addWidget(buildRow(conflict));
    rowsLayout->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("conflictRows"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(rowsHost);
    layout->addWidget(scroll, 1);

    m_reapply = new QPushButton(tr("&Re-apply my changes"), this);
    m_reapply->setObjectName(QStringLiteral("reapplyButton"));
    m_reapply->setDefault(true);
    m_reapply->setToolTip(
        tr("Save once more on top of %1's version, with the choices above").arg(m_theirsName));
    auto *discard = new QPushButton(tr("&Discard mine"), this);
    discard->setObjectName(QStringLiteral("discardButton"));
    discard->setToolTip(tr("Drop all your unsaved edits and show %1's version").arg(m_theirsName));
    auto *back = new QPushButton(tr("&Back to editing"), this);
    back->setObjectName(QStringLiteral("backButton"));
    back->setToolTip(
        tr("Keep editing on top of %1's version; nothing is saved yet").arg(m_theirsName));

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_reapply, QDialogButtonBox::AcceptRole);
    buttons->addButton(discard, QDialogButtonBox::DestructiveRole);
    buttons->addButton(back, QDialogButtonBox::RejectRole);
    layout->addWidget(buttons);

    connect(m_reapply, &QPushButton::clicked, this, [this] { finishWith(Outcome::Reapply); });
    connect(discard, &QPushButton::clicked, this, [this] { finishWith(Outcome::DiscardMine); });
    connect(back, &QPushButton::clicked, this, [this] { finishWith(Outcome::BackToEditing); });

    resize(880, qMin(760, 250 + 180 * int(merge.conflicts.size())));
    updateButtons();
}

QWidget *ConflictDialog::buildRow(const MergeConflict &conflict)
{
    const QString &key = conflict.field;
    auto *box = new QGroupBox(fieldLabel(key), this);
    box->setObjectName(QStringLiteral("conflictRow_") + key);
    // Bold title, normal contents: the font is set on the box and reset on its children.
    box->setStyleSheet(QStringLiteral("QGroupBox { font-weight: bold; }"));
    auto *grid = new QGridLayout(box);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);

    grid->addWidget(headerLabel(tr("Original"), QStringLiteral("originalHeader_") + key, box), 0,
                    0);
    grid->addWidget(headerLabel(tr("Yours"), QStringLiteral("yoursHeader_") + key, box), 0, 1);
    grid->addWidget(headerLabel(m_theirsHeader, QStringLiteral("theirsHeader_") + key, box), 0, 2);
    grid->addWidget(valueLabel(fieldDisplayText(key, conflict.base),
                               QStringLiteral("originalLabel_") + key, box),
                    1, 0);
    grid->addWidget(
        valueLabel(fieldDisplayText(key, conflict.mine), QStringLiteral("yoursLabel_") + key, box),
        1, 1);
    grid->addWidget(valueLabel(fieldDisplayText(key, conflict.theirs),
                               QStringLiteral("theirsLabel_") + key, box),
                    1, 2);

    int line = 2;
    if (isLongTextField(key)) {
        // Theirs → yours: what keeping mine would change in their text.
        auto *caption = new QLabel(tr("Word by word, theirs → yours (struck out: only in theirs; "
                                      "underlined: only in yours):"),
                                   box);
        caption->setWordWrap(true);
        grid->addWidget(caption, line++, 0, 1, 3);
        auto *diff = new QLabel(box);
        diff->setObjectName(QStringLiteral("diff_") + key);
        diff->setTextFormat(Qt::RichText);
        diff->setWordWrap(true);
        diff->setTextInteractionFlags(Qt::TextSelectableByMouse);
        diff->setText(diffToHtml(
            wordDiff(fieldEditText(key, conflict.theirs), fieldEditText(key, conflict.mine))));
        grid->addWidget(diff, line++, 0, 1, 3);
    }

    Row row;
    row.key = key;
    row.mine = conflict.mine;
    row.choice = new QButtonGroup(box);
    auto *keepMine = new QRadioButton(tr("Keep mine"), box);
    keepMine->setObjectName(QStringLiteral("keepMine_") + key);
    auto *takeTheirs = new QRadioButton(tr("Take theirs"), box);
    takeTheirs->setObjectName(QStringLiteral("takeTheirs_") + key);
    auto *edit = new QRadioButton(tr("Edit:"), box);
    edit->setObjectName(QStringLiteral("edit_") + key);
    row.choice->addButton(keepMine, KeepMineId);
    row.choice->addButton(takeTheirs, TakeTheirsId);
    row.choice->addButton(edit, CustomId);
    // The button says "Re-apply my changes": mine is the starting choice, the others one click.
    keepMine->setChecked(true);

    if (key == QStringView(FieldKey::Details)) {
        auto *text = new QPlainTextEdit(fieldEditText(key, conflict.mine), box);
        text->setTabChangesFocus(true);
        text->setMaximumHeight(80);
        connect(text, &QPlainTextEdit::textChanged, this, &ConflictDialog::updateButtons);
        row.customEditor = text;
    } else {
        auto *text = new QLineEdit(fieldEditText(key, conflict.mine), box);
        connect(text, &QLineEdit::textChanged, this, &ConflictDialog::updateButtons);
        row.customEditor = text;
    }
    row.customEditor->setObjectName(QStringLiteral("customValue_") + key);
    row.customEditor->setAccessibleName(tr("Your own value for %1").arg(fieldLabel(key)));
    row.customEditor->setEnabled(false);
    row.customError = new QLabel(box);
    row.customError->setObjectName(QStringLiteral("customError_") + key);
    row.customError->setStyleSheet(Palette::textStyleSheet(Palette::validationText()));
    row.customError->hide();

    auto *choices = new QHBoxLayout;
    choices->addWidget(keepMine);
    choices->addWidget(takeTheirs);
    choices->addWidget(edit);
    choices->addWidget(row.customEditor, 1);
    grid->addLayout(choices, line++, 0, 1, 3);
    grid->addWidget(row.customError, line++, 0, 1, 3);

    QWidget *editor = row.customEditor;
    connect(row.choice, &QButtonGroup::idToggled, this, [this, editor](int id, bool checked) {
        if (id == CustomId) {
            editor->setEnabled(checked);
            if (checked)
                editor->setFocus();
        }
        updateButtons();
    });
    m_rows.append(row);
    return box;
}

QString ConflictDialog::customText(const Row &row) const
{
    if (auto *line = qobject_cast<QLineEdit *>(row.customEditor))
        return line->text();
    if (auto *text = qobject_cast<QPlainTextEdit *>(row.customEditor))
        return text->toPlainText();
    return {};
}

net::JobEditSession::Choices ConflictDialog::choices() const
{
    net::JobEditSession::Choices result;
    for (const Row &row : m_rows) {
        switch (row.choice->checkedId()) {
        case KeepMineId:
            result.insert(row.key, {ConflictChoice::KeepMine, row.mine});
            break;
        case TakeTheirsId:
            result.insert(row.key, {ConflictChoice::TakeTheirs, QJsonValue()});
            break;
        case CustomId: {
            const FieldCheck check = fieldValueFromText(row.key, customText(row));
            if (check.ok())
                result.insert(row.key, {ConflictChoice::Custom, check.normalized});
            break;
        }
        default:
            break; // no choice: resolveConflicts() keeps theirs
        }
    }
    return result;
}

net::JobEditSession::Resolution ConflictDialog::resolution() const
{
    net::JobEditSession::Resolution result;
    result.outcome = m_outcome;
    if (m_outcome == Outcome::Reapply)
        result.choices = choices();
    return result;
}

void ConflictDialog::updateButtons()
{
    bool allValid = true;
    for (const Row &row : std::as_const(m_rows)) {
        bool valid = true;
        if (row.choice->checkedId() == CustomId) {
            const FieldCheck check = fieldValueFromText(row.key, customText(row));
            valid = check.ok();
            row.customError->setText(valid ? QString() : fieldErrorText(row.key, check.reason));
        }
        row.customError->setVisible(!valid);
        allValid = allValid && valid;
    }
    m_reapply->setEnabled(allValid);
    m_reapply->setToolTip(allValid ? tr("Save once more on top of %1's version, with the choices "
                                        "above")
                                         .arg(m_theirsName)
                                   : tr("Correct the values marked in red first"));
}

void ConflictDialog::finishWith(Outcome outcome)
{
    m_outcome = outcome;
    if (outcome == Outcome::BackToEditing)
        reject();
    else
        accept();
}

} // namespace dispatch::ui
