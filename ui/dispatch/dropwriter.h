#pragma once

#include <job.h>

#include <QDateTime>
#include <QObject>

namespace dispatch {
class JobListModel;
}
namespace dispatch::net {
class ApiClient;
struct VersionedJob;
struct JobResult;
} // namespace dispatch::net

namespace dispatch::ui {

/// Sends a drop from the dispatch board as one conditional write, based on the version of the job
/// the dispatcher saw: the ETag the console holds for that version, or, when it holds none, the job
/// read once and used only if it is still that version. A newer version is never written over: the
/// drop is refused as "changed meanwhile", exactly as the server's 412 would refuse it. No
/// widgets: the board shows what it reports. A drop on a pro is one `POST /jobs/{id}/dispatch`
/// (assign and schedule together, docs/openapi.yaml); a drop back on the tray is one
/// `POST /jobs/{id}/assign` with no pro (unassign: SCHEDULED -> OPEN).
class DropWriter final : public QObject {
    Q_OBJECT
public:
    /// One drop: which job onto which pro, from when, and the job as the dispatcher saw it.
    /// No pro: back to the tray (unassigned; no time, no schedule).
    struct Drop {
        QString jobId;
        QString proId;
        QDateTime startUtc;
        JobSchedule schedule;
        Job seen;

        bool unassigns() const { return proId.isEmpty(); }
    };

    struct Outcome {
        enum class Result { Saved, ChangedMeanwhile, TakenFirst, Failed };
        Drop drop;
        Result result = Result::Failed;
        QString message;       ///< what happened, in words
        bool canRetry = false; ///< repeating the drop on the fresh version still makes sense
    };

    DropWriter(net::ApiClient *api, JobListModel *jobs, QObject *parent = nullptr);

    void send(const Drop &drop);

Q_SIGNALS:
    void finished(const dispatch::ui::DropWriter::Outcome &outcome);

private:
    void dispatchOn(const Drop &drop, const net::VersionedJob &base);
    void answered(const Drop &drop, const net::JobResult &result);
    void changedMeanwhile(const Drop &drop, const Job &current);
    Outcome outcome(const Drop &drop, Outcome::Result result, const QString &message,
                    const Job *current = nullptr) const;
    QString nameOf(const QString &userId) const;

    net::ApiClient *m_api = nullptr;
    JobListModel *m_jobs = nullptr;
};

} // namespace dispatch::ui

Q_DECLARE_METATYPE(dispatch::ui::DropWriter::Outcome)
