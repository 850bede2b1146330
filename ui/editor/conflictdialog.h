#pragma once

#include <jobeditsession.h>
#include <threewaymerge.h>
#include <userdirectory.h>
#include <versionedjob.h>

#include <QDialog>
#include <QHash>
#include <QList>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QPushButton;
class QWidget;

namespace dispatch::ui {

/// Shows what happened when a save met someone else's newer version and collects the user's
/// choice per conflicting field (docs/ARCHITECTURE.md). Thin on purpose: the merge is
/// models/threewaymerge.h, what each outcome does is net::JobEditSession::resolve(); this only
/// shows and asks, and hands back a resolution().
///
/// Above, the changes that merged without conflict (mine re-applied, theirs kept). Then one row
/// per conflicting field with the original value, "Yours" and "Theirs (changed by NAME at
/// TIME)" (TIME in local time), a word diff for long text, and a choice: keep mine, take
/// theirs, or edit a value of one's own. The buttons end the dialog with an outcome:
/// "Re-apply my changes" (accept; with the choices), "Discard mine", "Back to editing" (also
/// Esc).
class ConflictDialog final : public QDialog {
    Q_OBJECT
public:
    using Outcome = net::JobEditSession::Outcome;

    /// `directory` names the user for "changed by NAME".
    ConflictDialog(const MergeResult &merge, const net::VersionedJob &theirs,
                   const net::UserDirectory *directory = nullptr, QWidget *parent = nullptr);

    Outcome outcome() const { return m_outcome; }
    /// The choice per conflicting field, as JobEditSession::resolve() takes them.
    net::JobEditSession::Choices choices() const;
    /// The outcome with its choices, for JobEditSession::resolve().
    net::JobEditSession::Resolution resolution() const;
    /// The merge and the version the dialog shows.
    const MergeResult &merge() const { return m_merge; }
    const net::VersionedJob &theirs() const { return m_theirs; }
    /// "Theirs (changed by NAME at TIME)", as every row's header shows it.
    QString theirsHeader() const { return m_theirsHeader; }

    /// The header text for a version: NAME from the directory, TIME local, short format.
    static QString theirsHeaderFor(const net::VersionedJob &theirs,
                                   const net::UserDirectory *directory);

private:
    struct Row {
        QString key;
        QJsonValue mine;
        QButtonGroup *choice = nullptr;
        QWidget *customEditor = nullptr;
        QLabel *customError = nullptr;
    };
    enum ChoiceId { KeepMineId = 1, TakeTheirsId = 2, CustomId = 3 };

    QWidget *buildRow(const MergeConflict &conflict);
    QString customText(const Row &row) const;
    void updateButtons();
    void finishWith(Outcome outcome);

    MergeResult m_merge;
    net::VersionedJob m_theirs;
    QString m_theirsName;
    QString m_theirsHeader;
    QList<Row> m_rows;
    Outcome m_outcome = Outcome::BackToEditing;
    QPushButton *m_reapply = nullptr;
};

} // namespace dispatch::ui
