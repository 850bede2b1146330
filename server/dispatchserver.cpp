#include "dispatchserver.h"

#include "apiroutes.h"
#include "authenticator.h"
#include "demoseed.h"
#include "draftstore.h"
#include "eventstream.h"
#include "httpfrontend.h"
#include "jobstore.h"
#include "photofiles.h"
#include "photostore.h"
#include "servermetrics.h"
#include "userstore.h"
#include "workerpool.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimer>
#include <QWebSocket>

#include <chrono>

Q_LOGGING_CATEGORY(lcServer, "dispatch.server")

namespace dispatch::server {

namespace {
/// Photo files no row names are removed once they are this old (docs/OPERATIONS.md): younger
/// ones may belong to an upload on its way to its commit.
constexpr std::chrono::hours kOrphanAge{1};
} // namespace

DispatchServer::DispatchServer(QObject *parent)
    : QObject(parent)
{}

DispatchServer::~DispatchServer()
{
    stop();
    // The front end and the event stream use the stores and the database: they go first.
    delete m_frontend;
    m_frontend = nullptr;
    delete m_events;
    m_events = nullptr;
    m_photoWorkers.reset(); // waits for running work; its answers are dropped
    m_routes.reset();
    m_drafts.reset();
    m_photos.reset();
    m_jobs.reset();
}

bool DispatchServer::start(const ServerConfig &config, QString *error)
{
    m_config = config;
    const auto dbConfig = DatabaseConfig::fromUrl(config.databaseUrl, error);
    if (!dbConfig)
        return false;
    if (!config.dataDir.isEmpty() && !QDir().mkpath(config.dataDir)) {
        *error = QStringLiteral("cannot create the data folder %1").arg(config.dataDir);
        return false;
    }
    if (dbConfig->dialect == SqlDialect::Sqlite) {
        const QString folder = QFileInfo(dbConfig->sqlitePath).absolutePath();
        if (!QDir().mkpath(folder)) {
            *error = QStringLiteral("cannot create the database folder %1").arg(folder);
            return false;
        }
    }

    m_db = std::make_unique<Database>();
    const QString connection = QStringLiteral("dispatchd-%1").arg(quintptr(this), 0, 16);
    if (!m_db->open(*dbConfig, connection, error) || !m_db->migrate(error))
        return false;

    Authenticator::Options authOptions;
    authOptions.tokenLifetimeSeconds = config.tokenLifetimeSeconds;
    authOptions.signInWorkers = config.signInWorkers;
    authOptions.trustedProxies = config.trustedProxies;
    m_auth = std::make_unique<Authenticator>(*m_db, authOptions);
    m_users = std::make_unique<UserStore>(*m_db);
    if (!ensureFirstAdmin(config.adminPassword, error))
        return false;

    m_events = new EventStream(*m_db, *m_auth, this);
    m_jobs = std::make_unique<JobStore>(*m_db, [events = m_events] { events->notifyCommitted(); });
    if (dbConfig->dialect == SqlDialect::Postgres &&
        !m_events->listenForNotifications(*dbConfig, error))
        return false;

    const QString photos = photoRoot(*dbConfig, error);
    if (photos.isEmpty())
        return false;
    m_photoFiles = std::make_unique<PhotoFiles>(photos);
    if (!m_photoFiles->prepare(error))
        return false;
    m_photos = std::make_unique<PhotoStore>(*m_db, *m_jobs,
                                            [events = m_events] { events->notifyCommitted(); });
    m_photoWorkers = std::make_unique<WorkerPool>(QStringLiteral("photo workers"),
                                                  config.photoWorkers, config.photoQueue);

    if (config.demo && !seedDemoData(*m_jobs, *m_users, *m_photos, *m_photoFiles, error))
        return false;
    m_drafts = std::make_unique<DraftStore>(*m_db, *m_jobs);
    sweepPhotoFiles();
    sweepDrafts();
    auto *sweepTimer = new QTimer(this);
    connect(sweepTimer, &QTimer::timeout, this, &DispatchServer::sweepPhotoFiles);
    connect(sweepTimer, &QTimer::timeout, this, &DispatchServer::sweepDrafts);
    sweepTimer->start(std::chrono::duration_cast<std::chrono::milliseconds>(kOrphanAge));

    HttpLimits limits;
    limits.idleTimeoutMs = config.idleTimeoutMs;
    limits.maxConnections = config.maxConnections;
    limits.maxConnectionsPerAddress = config.maxConnectionsPerAddress;
    limits.headTimeoutMs = config.headTimeoutMs;
    limits.trustedProxies = config.trustedProxies;
    limits.spoolDir = m_photoFiles->spoolDir();
    m_frontend = new HttpFrontend(limits, this);
    connect(m_frontend, &HttpFrontend::webSocketConnected, m_events, &EventStream::acceptWebSocket);

    ServerMetrics &metrics = m_frontend->metrics();
    metrics.setGauge(QStringLiteral("dispatch_websocket_clients"),
                     QStringLiteral("WebSocket clients connected to /stream"),
                     [events = m_events] { return double(events->clientCount()); });
    metrics.setCounter(QStringLiteral("dispatch_events_sent_total"),
                       QStringLiteral("Change events sent over WebSockets"),
                       [events = m_events] { return double(events->eventsSent()); });

    Database *db = m_db.get();
    m_routes = std::make_unique<ApiRoutes>(
        ApiRoutes::Services{*m_jobs, *m_users, *m_auth, *m_events, metrics, *m_photos,
                            *m_photoFiles, *m_photoWorkers, *m_drafts, [db] {
                                QSqlQuery query(db->connection());
                                return query.exec(QStringLiteral("SELECT 1")) && query.next();
                            }});
    m_routes->registerAll(m_frontend->router());

    if (!m_frontend->listen(config.address, config.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(config.address.toString())
                     .arg(config.port)
                     .arg(m_frontend->errorString());
        return false;
    }
    qCInfo(lcServer) << "serving on" << url().toString();
    return true;
}

bool DispatchServer::ensureFirstAdmin(const QString &password, QString *error)
{
    bool ok = false;
    const bool empty = m_users->isEmpty(&ok);
    if (!ok) {
        *error = QStringLiteral("cannot read the users table");
        return false;
    }
    if (!empty)
        return true;
    if (password.isEmpty()) {
        *error = QStringLiteral("the database has no users: give the first admin's password with "
                                "--admin-password-file FILE or DISPATCHD_ADMIN_PASSWORD");
        return false;
    }
    if (password.size() < 8) {
        *error = QStringLiteral("the admin password must be at least 8 characters");
        return false;
    }
    StoreError storeError;
    UserStore::NewUser admin{QStringLiteral("admin"),
                             password,
                             QStringLiteral("Administrator"),
                             Role::Admin,
                             std::nullopt,
                             {}};
    if (!m_users->create(admin, &storeError)) {
        *error = QStringLiteral("cannot create the admin user: %1").arg(storeError.message);
        return false;
    }
    qCInfo(lcServer) << "created the first admin user";
    return true;
}

QString DispatchServer::photoRoot(const DatabaseConfig &db, QString *error) const
{
    if (!m_config.dataDir.isEmpty())
        return QDir(m_config.dataDir).filePath(QStringLiteral("photos"));
    if (db.dialect == SqlDialect::Sqlite)
        return QFileInfo(db.sqlitePath).absoluteDir().filePath(QStringLiteral("photos"));
    *error = QStringLiteral("--data-dir is needed with PostgreSQL: photos are kept there");
    return {};
}

void DispatchServer::sweepPhotoFiles()
{
    StoreError error;
    auto keep = m_photos->referencedHashes(&error);
    if (!keep) {
        qCWarning(lcServer) << "cannot list the photos' hashes:" << error.message;
        return;
    }
    PhotoFiles *files = m_photoFiles.get();
    m_photoWorkers->run<int>(
        [files, keep = std::move(*keep)] { return files->sweepUnreferenced(keep, kOrphanAge); },
        [](int) {});
}

void DispatchServer::sweepDrafts()
{
    // docs/openapi.yaml "Drafts": untouched for 30 days, a draft is gone (reads already hide
    // it; this frees the rows).
    StoreError error;
    const auto removed = m_drafts->removeUntouchedSince(
        QDateTime::currentDateTimeUtc().addDays(-DraftStore::kExpiryDays), &error);
    if (!removed)
        qCWarning(lcServer) << "cannot remove old drafts:" << error.message;
    else if (*removed > 0)
        qCInfo(lcServer) << "removed" << *removed << "drafts untouched for"
                         << DraftStore::kExpiryDays << "days";
}

void DispatchServer::stop()
{
    if (m_frontend)
        m_frontend->close();
    if (m_events)
        m_events->closeAll();
}

quint16 DispatchServer::port() const
{
    return m_frontend ? m_frontend->serverPort() : 0;
}

QUrl DispatchServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_config.address.toString());
    url.setPort(port());
    return url;
}

} // namespace dispatch::server
