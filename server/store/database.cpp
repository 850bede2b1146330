#include "database.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

Q_LOGGING_CATEGORY(lcDatabase, "dispatch.server.db")

namespace dispatch::server {

namespace {

struct Migration {
    int version;
    const char *sqlite;
    const char *postgres; ///< nullptr: same text as SQLite
};

// Times are stored as UTC ISO-8601 text ("2026-01-15T18:00:00Z"): the same in both dialects,
// and fixed-width, so text order is time order. Never edit a migration that has shipped;
// add the next one.
const Migration kMigrations[] = {
    {1,
     R"sql(
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'pro')),
    password_hash TEXT NOT NULL,
    home_lat DOUBLE PRECISION,
    home_lng DOUBLE PRECISION,
    created_at TEXT NOT NULL
);
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    status TEXT NOT NULL,
    assigned_to TEXT REFERENCES users(id),
    due_at TEXT,
    schedule_date TEXT,
    schedule_timezone TEXT,
    schedule_window TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    fields TEXT NOT NULL,
    order_id TEXT UNIQUE,
    idempotency_key TEXT UNIQUE,
    start_code TEXT,
    completion_code TEXT,
    code_failures INTEGER NOT NULL DEFAULT 0,
    code_locked_until TEXT
);
CREATE INDEX jobs_status ON jobs(status);
CREATE INDEX jobs_assigned_to ON jobs(assigned_to);
CREATE INDEX jobs_updated_at ON jobs(updated_at);
CREATE TABLE history (
    seq BIGINT PRIMARY KEY,
    job_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    changes TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX history_job ON history(job_id, seq);
CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    type TEXT NOT NULL,
    job_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    etag TEXT,
    job TEXT,
    assignee_before TEXT,
    assignee_after TEXT,
    open_before INTEGER NOT NULL,
    open_after INTEGER NOT NULL
);
CREATE TABLE event_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);
INSERT INTO event_counter (id, last_seq) VALUES (1, 0);
)sql",
     nullptr},
    // Sign-in guesses per account (SignInThrottle): the times of the last minute's guesses as
    // comma-separated milliseconds, shared by every dispatchd on the database.
    {2,
     R"sql(
CREATE TABLE sign_in_guesses (
    account TEXT PRIMARY KEY,
    stamps TEXT NOT NULL,
    last_at BIGINT NOT NULL
)
)sql",
     nullptr},
    // Photos of jobs (PhotoStore; docs/ARCHITECTURE.md "Photos on the server"). The bytes live
    // on disk by content hash; a row per (job, hash), so the same bytes twice on one job are
    // one photo. added_seq is the seq of the photo's PHOTO_ADDED event: upload (commit) order,
    // which lists and the review queue page by. Events carry the photo of PHOTO_* types.
    {3,
     R"sql(
CREATE TABLE photos (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    added_seq BIGINT NOT NULL UNIQUE,
    version BIGINT NOT NULL,
    review_state TEXT NOT NULL CHECK (review_state IN ('pending', 'approved', 'flagged')),
    reviewed_by TEXT,
    reviewed_at TEXT,
    review_note TEXT,
    UNIQUE (job_id, sha256)
);
CREATE INDEX photos_job ON photos(job_id, added_seq);
CREATE INDEX photos_review ON photos(review_state, added_seq);
CREATE INDEX photos_sha256 ON photos(sha256);
ALTER TABLE events ADD COLUMN photo TEXT
)sql",
     nullptr},
    // Users are versioned like jobs (If-Match on PATCH /users/{id}) and can be deactivated.
    {4,
     R"sql(
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1
)sql",
     nullptr},
    // Drafts of new jobs (DraftStore; docs/ARCHITECTURE.md "Drafts"): one user's, saved a field
    // at a time. fields holds the values as sent, hashes the SHA-256 of each value's canonical
    // JSON; published_job_id is written in the transaction that makes the job, so one draft
    // never makes two (UNIQUE keeps a second from ever pointing at the same job either).
    {5,
     R"sql(
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL,
    country_code TEXT NOT NULL,
    state_code TEXT NOT NULL,
    fields TEXT NOT NULL,
    hashes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_job_id TEXT UNIQUE
);
CREATE INDEX drafts_owner ON drafts(owner_id, updated_at);
CREATE INDEX drafts_updated_at ON drafts(updated_at)
)sql",
     nullptr},
};

QStringList splitStatements(const char *script)
{
    QStringList statements;
    const QStringList parts = QString::fromUtf8(script).split(u';');
    for (const QString &part : parts) {
        const QString statement = part.trimmed();
        if (!statement.isEmpty())
            statements.append(statement);
    }
    return statements;
}

bool exec(QSqlDatabase db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

} // namespace

std::optional<DatabaseConfig> DatabaseConfig::fromUrl(const QString &url, QString *error)
{
    DatabaseConfig config;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        config.dialect = SqlDialect::Sqlite;
        config.sqlitePath = url.mid(7);
        if (config.sqlitePath.startsWith(QLatin1String("//")))
            config.sqlitePath = QUrl(url).path();
        if (config.sqlitePath.isEmpty()) {
            *error = QStringLiteral(
                "--db sqlite: needs a file path, e.g. sqlite:/var/lib/dispatchd/db.sqlite");
            return std::nullopt;
        }
        return config;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (parsed.isValid() && (parsed.scheme() == QLatin1String("postgresql") ||
                             parsed.scheme() == QLatin1String("postgres"))) {
        config.dialect = SqlDialect::Postgres;
        config.host = parsed.host().isEmpty() ? QStringLiteral("localhost") : parsed.host();
        config.port = parsed.port(5432);
        config.user = parsed.userName();
        config.password = parsed.password();
        if (config.password.isEmpty())
            config.password = qEnvironmentVariable("PGPASSWORD");
        config.databaseName = parsed.path().mid(1);
        if (config.databaseName.isEmpty()) {
            *error =
                QStringLiteral("--db %1 names no database (postgresql://user@host:5432/dbname)")
                    .arg(url);
            return std::nullopt;
        }
        return config;
    }
    *error =
        QStringLiteral("--db must be sqlite:PATH or postgresql://user@host:port/dbname, not \"%1\"")
            .arg(url);
    return std::nullopt;
}

Database::~Database()
{
    close();
}

bool Database::open(const DatabaseConfig &config, const QString &connectionName, QString *error)
{
    m_config = config;
    m_name = connectionName;
    const bool sqlite = config.dialect == SqlDialect::Sqlite;
    QSqlDatabase db = QSqlDatabase::addDatabase(
        sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), connectionName);
    if (!db.isValid()) {
        *error = QStringLiteral("the Qt Sql driver for %1 is not installed")
                     .arg(sqlite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL"));
        return false;
    }
    if (sqlite) {
        db.setDatabaseName(config.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setUserName(config.user);
        if (!config.password.isEmpty())
            db.setPassword(config.password);
        db.setDatabaseName(config.databaseName);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        *error = QStringLiteral("cannot open the database: %1").arg(db.lastError().text());
        return false;
    }
    if (sqlite) {
        for (const char *pragma :
             {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
            if (!exec(db, QString::fromLatin1(pragma), error))
                return false;
        }
    }
    return true;
}

void Database::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

bool Database::migrate(QString *error)
{
    QSqlDatabase db = connection();
    if (!beginWrite()) {
        *error = QStringLiteral("cannot start the migration: %1").arg(db.lastError().text());
        return false;
    }
    if (m_config.dialect == SqlDialect::Postgres) {
        // Two instances starting together must not both migrate.
        if (!exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(7423001)"), error)) {
            rollback();
            return false;
        }
    }
    if (!exec(db,
              QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                             "PRIMARY KEY, applied_at TEXT NOT NULL)"),
              error)) {
        rollback();
        return false;
    }
    int current = 0;
    {
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) &&
            query.next())
            current = query.value(0).toInt();
    }
    for (const Migration &migration : kMigrations) {
        if (migration.version <= current)
            continue;
        const char *script = (m_config.dialect == SqlDialect::Postgres && migration.postgres)
                                 ? migration.postgres
                                 : migration.sqlite;
        for (const QString &statement : splitStatements(script)) {
            if (!exec(db, statement, error)) {
                *error =
                    QStringLiteral("migration %1 failed: %2").arg(migration.version).arg(*error);
                rollback();
                return false;
            }
        }
        QSqlQuery record(db);
        record.prepare(
            QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
        record.addBindValue(migration.version);
        record.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (!record.exec()) {
            *error = record.lastError().text();
            rollback();
            return false;
        }
        qCInfo(lcDatabase) << "applied schema migration" << migration.version;
    }
    if (!commit()) {
        *error = db.lastError().text();
        return false;
    }
    return true;
}

bool Database::beginWrite()
{
    QSqlQuery query(connection());
    // SQLite: take the write lock up front so two writers never deadlock upgrading a read
    // lock; the busy timeout makes the second one wait instead of failing.
    return query.exec(m_config.dialect == SqlDialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                             : QStringLiteral("BEGIN"));
}

bool Database::commit()
{
    QSqlQuery query(connection());
    return query.exec(QStringLiteral("COMMIT"));
}

void Database::rollback()
{
    QSqlQuery query(connection());
    query.exec(QStringLiteral("ROLLBACK"));
}

} // namespace dispatch::server
