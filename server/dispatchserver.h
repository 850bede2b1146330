#pragma once

#include "database.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace dispatch::server {

class ApiRoutes;
class Authenticator;
class DraftStore;
class EventStream;
class HttpFrontend;
class JobStore;
class PhotoFiles;
class PhotoStore;
class WorkerPool;
class UserStore;

/// How one dispatchd runs: what `app/dispatchd` parses from its flags, and what the
/// console's embedded mode fills in.
struct ServerConfig {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; ///< 0: a free port
    QString databaseUrl;
    QString dataDir;
    QString adminPassword; ///< for the first admin on an empty database
    bool demo = false;
    int idleTimeoutMs = 30000;
    int maxConnections = 1024;
    int maxConnectionsPerAddress = 128;
    int headTimeoutMs = 10000;
    /// Proxies whose X-Forwarded-For is believed (and that the per-address cap exempts).
    QList<QHostAddress> trustedProxies;
    /// One core is left to the event loop: with every core hashing, /healthz waited up to
    /// 130 ms behind argon2id (docs/BENCHMARKS.md "Under attack").
    int signInWorkers = std::max(1, QThread::idealThreadCount() - 1);
    /// Threads that check uploads and render thumbnails; one core is left to the event loop,
    /// as for sign-ins.
    int photoWorkers = std::max(1, QThread::idealThreadCount() - 1);
    /// Photo work that may wait for a worker; beyond it, 503 with Retry-After. Enough for a
    /// crew sending a job's twelve photos at once, several times.
    int photoQueue = 64;
    int tokenLifetimeSeconds = 12 * 3600;
};

/// dispatchd as one object: opens and migrates the database, creates the first admin, seeds
/// demo data when asked, and serves the protocol on one port (HTTP and the /stream
/// WebSocket). Lives on one thread: the console's embedded mode moves it to a worker thread.
class DispatchServer final : public QObject {
    Q_OBJECT

public:
    explicit DispatchServer(QObject *parent = nullptr);
    ~DispatchServer() override;

    /// Everything up to a listening socket. On failure `error` is one line for people.
    bool start(const ServerConfig &config, QString *error);
    /// Stops accepting, closes WebSockets (1001) and the database.
    void stop();

    quint16 port() const;
    QUrl url() const;

private:
    bool ensureFirstAdmin(const QString &password, QString *error);
    /// <data-dir>/photos (or beside the SQLite file); empty with `error` when there is none.
    QString photoRoot(const DatabaseConfig &db, QString *error) const;
    /// Removes photo files no photo names (docs/OPERATIONS.md), the folder walk on a worker.
    void sweepPhotoFiles();
    void sweepDrafts();

    ServerConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<JobStore> m_jobs;
    std::unique_ptr<PhotoFiles> m_photoFiles;
    std::unique_ptr<PhotoStore> m_photos;
    std::unique_ptr<DraftStore> m_drafts;
    std::unique_ptr<WorkerPool> m_photoWorkers;
    EventStream *m_events = nullptr;
    HttpFrontend *m_frontend = nullptr;
    std::unique_ptr<ApiRoutes> m_routes;
};

} // namespace dispatch::server
