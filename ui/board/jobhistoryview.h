#pragma once

#include <apitypes.h>

#include <QList>
#include <QPointer>
#include <QTreeWidget>

namespace dispatch::net {
class ApiClient;
class UserDirectory;
} // namespace dispatch::net

namespace dispatch::ui {

/// One job's history, newest first: When, Who (by name, from the UserDirectory) and What (the
/// changes in words, HistoryText), every row in full, wrapped and as tall as its text. It loads
/// `GET /jobs/{id}/history` itself without blocking and repaints when a name arrives.
class JobHistoryView final : public QTreeWidget {
    Q_OBJECT

public:
    explicit JobHistoryView(net::ApiClient *api, QWidget *parent = nullptr);

    void setDirectory(net::UserDirectory *directory);
    /// Loads the job's history; rows of another job go at once.
    void load(const QString &jobId);
    /// No job: no rows.
    void clearJob();
    QString jobId() const { return m_jobId; }

Q_SIGNALS:
    /// A load finished (rows shown, or the error in words).
    void loaded();

private:
    void showEntries();
    QString nameOf(const QString &userId) const;

    QPointer<net::ApiClient> m_api;
    QPointer<net::UserDirectory> m_directory;
    QString m_jobId;
    QList<net::HistoryEntry> m_entries;
};

} // namespace dispatch::ui
