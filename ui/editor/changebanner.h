#pragma once

#include <userdirectory.h>

#include <QFrame>
#include <QHash>
#include <QPointer>

class QLabel;
class QPushButton;

namespace dispatch::net {
class JobEditSession;
struct VersionedJob;
} // namespace dispatch::net

namespace dispatch::ui {

/// The strip at the top of the job editor that says when someone else changed the job
/// (docs/ARCHITECTURE.md): after the session merged their version without conflicts,
/// "NAME changed this job; your edits were re-applied on top"; when a newer version arrives
/// while the user has unsaved edits, "Changed by NAME just now" with "Merge now", which calls
/// JobEditSession::mergeRemote() (the same merge, and the conflict dialog when needed).
/// It follows the session's signals by itself; the editor only hands it user names.
class ChangeBanner final : public QFrame {
    Q_OBJECT
public:
    enum class Mode { Hidden, Reapplied, ChangedRemotely, Message };
    Q_ENUM(Mode)

    explicit ChangeBanner(net::JobEditSession *session, QWidget *parent = nullptr);

    /// Who is who, for "NAME".
    void setDirectory(const net::UserDirectory *directory) { m_directory = directory; }

    Mode mode() const { return m_mode; }
    QString text() const;

    void showReapplied(const QString &userId);
    void showChangedRemotely(const QString &userId);
    /// Any other notice, without an action.
    void showMessage(const QString &text);
    void dismiss();

private:
    QString nameOf(const QString &userId) const;
    void setMode(Mode mode, const QString &text);

    QPointer<net::JobEditSession> m_session;
    QPointer<const net::UserDirectory> m_directory;
    Mode m_mode = Mode::Hidden;
    QLabel *m_text = nullptr;
    QPushButton *m_merge = nullptr;
    QPushButton *m_dismiss = nullptr;
};

} // namespace dispatch::ui
