#pragma once

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace dispatch::server {

enum class SqlDialect { Sqlite, Postgres };

/// Where the data lives, parsed from `--db` (`sqlite:/path/db.sqlite`,
/// `postgresql://user@host:5432/dbname`; the password from PGPASSWORD or .pgpass).
struct DatabaseConfig {
    SqlDialect dialect = SqlDialect::Sqlite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;

    static std::optional<DatabaseConfig> fromUrl(const QString &url, QString *error);
};

/// One Qt Sql connection (Qt allows one per thread) with the pragmas and the write
/// transaction of its dialect. SQLite: WAL, synchronous=NORMAL, busy timeout, writes in
/// `BEGIN IMMEDIATE`. PostgreSQL: READ COMMITTED; preconditions live in the statements.
class Database final {
public:
    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Opens a connection named `connectionName` in the calling thread.
    bool open(const DatabaseConfig &config, const QString &connectionName, QString *error);
    void close();

    QSqlDatabase connection() const { return QSqlDatabase::database(m_name, false); }
    SqlDialect dialect() const { return m_config.dialect; }
    const DatabaseConfig &config() const { return m_config; }

    /// Runs the versioned schema migrations that this database has not seen yet.
    bool migrate(QString *error);

    bool beginWrite();
    bool commit();
    void rollback();

private:
    DatabaseConfig m_config;
    QString m_name;
};

} // namespace dispatch::server
