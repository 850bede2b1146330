#include "testdatabase.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

Q_LOGGING_CATEGORY(lcTestDatabase, "dispatch.test.database")

namespace dispatch::test {

namespace {
int g_connections = 0;
}

TestDatabase::TestDatabase(const QString &dbUrl)
    : m_connection(QStringLiteral("test-database-%1").arg(++g_connections))
{
    const bool sqlite = dbUrl.startsWith(QLatin1String("sqlite:"));
    QSqlDatabase db = QSqlDatabase::addDatabase(
        sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), m_connection);
    if (sqlite) {
        db.setDatabaseName(dbUrl.mid(7));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        const QUrl url(dbUrl);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
    }
    if (!db.open())
        qCWarning(lcTestDatabase) << "cannot open" << dbUrl << db.lastError().text();
}

TestDatabase::~TestDatabase()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool TestDatabase::isOpen() const
{
    return QSqlDatabase::database(m_connection, false).isOpen();
}

bool TestDatabase::exec(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (query.exec())
        return true;
    qCWarning(lcTestDatabase) << sql << "failed:" << query.lastError().text();
    return false;
}

QVariant TestDatabase::value(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcTestDatabase) << sql << "failed:" << query.lastError().text();
        return {};
    }
    return query.next() ? query.value(0) : QVariant();
}

} // namespace dispatch::test
