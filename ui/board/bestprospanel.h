#pragma once

#include <job.h>

#include <QGroupBox>
#include <QPointer>

class QLabel;
class QPushButton;
class QTableView;

namespace dispatch::net {
class ApiClient;
}

namespace dispatch::ui {

class CandidatesModel;

/// "Best pros for this job" (office only): the pros ranked for the shown job by
/// `GET /jobs/{id}/candidates` (docs/openapi.yaml), best first, with a line saying it is
/// loading, what failed, or that there is no pro. Picking one (double-click, Enter, "Use this
/// pro") only proposes it: the detail pane puts it in its pro box and the user assigns.
class BestProsPanel final : public QGroupBox {
    Q_OBJECT
public:
    explicit BestProsPanel(net::ApiClient *api, QWidget *parent = nullptr);

    /// Loads the ranking for `job` unless it is already shown (or loading) for this version.
    void showJob(const Job &job);
    /// Forgets the job; an answer still on its way is dropped.
    void clear();

    CandidatesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    /// "Loading…", the error in words, "No active pros"; empty once pros are listed.
    QString statusText() const;
    bool isLoading() const { return m_loading; }
    /// The job the ranking is for (empty when none).
    QString jobId() const { return m_job.id; }

Q_SIGNALS:
    /// The user chose this pro for the job.
    void proPicked(const QString &proId, const QString &proName);

private:
    void load();
    void pick(int row);
    void setStatus(const QString &text);

    QPointer<net::ApiClient> m_api;
    CandidatesModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_use = nullptr;
    Job m_job;
    int m_request = 0; ///< which answer is awaited; older ones are dropped
    bool m_loading = false;
};

} // namespace dispatch::ui
