#pragma once

#include <draft.h>
#include <draftsaver.h>
#include <versionedjob.h>

#include <QHash>
#include <QPointer>
#include <QWizard>

class QComboBox;
class QLabel;
class QPushButton;

namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class ConflictDialog;
class DraftField;
class FieldsPage;
class NoticeBanner;
class ReviewPage;
class SaveIndicator;
class WhenPage;

/// The new-job wizard (docs/ARCHITECTURE.md "The new-job wizard"): Where (country and state,
/// which start the draft on the server and lock it to that jurisdiction, then the address and
/// its time zone), Customer, The work, Price, When (optional), Review, Publish.
///
/// Every field, the When included, is saved to the server's draft as the user types
/// (net::DraftSaver: about half a second after the last keystroke, one field at a time, with the
/// version it is based on); the indicator at the side says Saved only once the server did. Pages
/// keep their values going Back (IndependentPages). Another window's change to the same draft is
/// merged as a job's is; a field both changed opens the conflict dialog. A country or state other
/// than the draft's is refused in words with an offer to start a new draft.
///
/// Publish is one click, disabled while in flight; a publish whose answer was lost is sent
/// again, and the server answers it with the same job, so one draft never shows or makes two
/// jobs. Closing the wizard loses nothing: the last changes still go out, and Drafts… resumes
/// the draft here or on another machine.
class NewJobWizard final : public QWizard {
    Q_OBJECT
public:
    enum PageId { WherePageId, CustomerPageId, WorkPageId, PricePageId, WhenPageId, ReviewPageId };

    /// A new draft: nothing is on the server until the country and state are given.
    NewJobWizard(net::ApiClient *api, const QString &userId, QWidget *parent = nullptr);
    /// Resumes `draft` (from Drafts…) with every value it holds.
    NewJobWizard(net::ApiClient *api, const QString &userId, const Draft &draft,
                 QWidget *parent = nullptr);
    ~NewJobWizard() override;

    /// Prefills the country and state (a new draft for another jurisdiction).
    void setJurisdiction(const Jurisdiction &jurisdiction);

    /// Null until the draft exists.
    net::DraftSaver *saver() const { return m_saver; }
    SaveIndicator *saveIndicator() const { return m_indicator; }
    NoticeBanner *banner() const { return m_banner; }
    ConflictDialog *conflictDialog() const;
    ReviewPage *reviewPage() const { return m_review; }
    DraftField *field(const QString &key) const { return m_fields.value(key); }
    /// The published job; invalid until Publish succeeded.
    const net::VersionedJob &publishedJob() const { return m_job; }

    bool validateCurrentPage() override;
    void done(int result) override;

Q_SIGNALS:
    void draftStarted(const dispatch::Draft &draft);
    /// The job exists (once, also when a retried publish found it already made).
    void published(const dispatch::net::VersionedJob &job);
    /// The user asked for a new draft for another country or state.
    void newDraftRequested(const dispatch::Jurisdiction &jurisdiction);

private:
    NewJobWizard(net::ApiClient *api, const QString &userId, QWidget *parent, bool);
    void buildPages();
    QWidget *buildSide();
    /// The Where page's Next: creates the draft (once), then moves on.
    bool startDraft();
    void attach(const Draft &draft);
    void showValues(const QJsonObject &values);
    void onConflicts(const MergeResult &merge, const Draft &theirs);
    void onMismatch(const QString &key, const Jurisdiction &expected, const Jurisdiction &got);
    void publish();
    void sendPublish();
    void onPublished(const net::VersionedJob &job);
    void finishPublishing(const QString &error);
    /// Keeps the saver running after the window closes, until what is typed is on the server.
    void handOverSaver();

    net::ApiClient *m_api;
    QString m_userId;
    QPointer<net::DraftSaver> m_saver;
    QHash<QString, DraftField *> m_fields;
    FieldsPage *m_where = nullptr;
    WhenPage *m_when = nullptr;
    ReviewPage *m_review = nullptr;
    QComboBox *m_zone = nullptr;
    SaveIndicator *m_indicator = nullptr;
    NoticeBanner *m_banner = nullptr;
    QPushButton *m_newDraft = nullptr;
    QLabel *m_steps = nullptr;
    QPointer<ConflictDialog> m_dialog;
    Jurisdiction m_offered; ///< the jurisdiction "Start a new draft" would use
    bool m_creating = false;
    bool m_publishing = false;
    int m_publishAttempt = 0;
    net::VersionedJob m_job;
};

} // namespace dispatch::ui
