// The job store's conditional write on SQLite. A write there runs in BEGIN IMMEDIATE, so no
// other writer can commit between the store's read and its UPDATE, and the version check in
// that UPDATE (`WHERE id = ? AND version = ?`) never gets to refuse anything: only the
// PostgreSQL race suite would notice it missing. This test takes the UPDATE statement the
// store really prepared and runs it from a second connection the way a writer that read the
// job before another one committed would, so a machine without PostgreSQL notices too.

#include "database.h"
#include "jobstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace dispatch;
using namespace dispatch::server;

namespace {

AuthUser makeUser(const QString &id, Role role)
{
    AuthUser user;
    user.id = id;
    user.username = id;
    user.name = id;
    user.role = role;
    return user;
}

const AuthUser kDispatcher = makeUser(QStringLiteral("u-dispatcher"), Role::Dispatcher);
const AuthUser kPro = makeUser(QStringLiteral("u-pro"), Role::Pro);

const QString kTitle = QStringLiteral("Fix the sink");
const QString kStaleTitle = QStringLiteral("Fix the sink (written from a stale read)");

/// The jobs row as one connection reads it now.
QSqlRecord readJobRow(const QSqlDatabase &connection, const QString &id)
{
    QSqlQuery query(connection);
    query.prepare(QStringLiteral("SELECT * FROM jobs WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return {};
    return query.record();
}

/// Every SQL text `connection` holds prepared that starts with `prefix` (SQLite's sqlite_stmt
/// table, SQLITE_ENABLE_STMTVTAB); empty with `available` false when SQLite lacks that table.
QStringList preparedStatements(const QSqlDatabase &connection, const QString &prefix,
                               bool *available)
{
    QSqlQuery query(connection);
    query.prepare(QStringLiteral("SELECT sql FROM sqlite_stmt WHERE sql LIKE ? || '%'"));
    query.addBindValue(prefix);
    *available = query.exec();
    QStringList statements;
    while (*available && query.next())
        statements.append(query.value(0).toString());
    return statements;
}

/// Runs the store's `UPDATE jobs SET a = ?, … WHERE id = ? AND …` on `connection` as a writer
/// that read `basis` and changed the title would: every column is set from `basis` except the
/// title and the version (one up, as the store bumps it), and each WHERE placeholder gets
/// `basis`'s value, so the version the writer read. The rows it changed, or -1 with `error`.
int runStoreUpdateFrom(const QSqlDatabase &connection, const QString &sql, const QSqlRecord &basis,
                       const QString &title, QString *error)
{
    const qsizetype where = sql.indexOf(QLatin1String(" WHERE "), 0, Qt::CaseInsensitive);
    // Qt's SQLite driver hands SQLite `?` as `:0`, `:1`, …: that is the text sqlite_stmt shows.
    static const QRegularExpression placeholder(QStringLiteral(R"(\?|:\w+)"));
    static const QRegularExpression assignment(QStringLiteral(R"((\w+)\s*=\s*(?:\?|:\w+))"));
    QVariantList values;
    for (const QRegularExpressionMatch &match : assignment.globalMatch(sql)) {
        const QString column = match.captured(1);
        const bool set = match.capturedStart() < where;
        QVariant value = basis.value(column);
        if (set && column == u"version") {
            value = value.toLongLong() + 1;
        } else if (set && column == u"fields") {
            QJsonObject fields = QJsonDocument::fromJson(value.toString().toUtf8()).object();
            fields.insert(QStringLiteral("title"), title);
            value = QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
        }
        values.append(value);
    }
    // Every placeholder must be a `column = ?` this function understood, or the run proves
    // nothing about the statement.
    if (where < 0 || values.isEmpty() || values.size() != sql.count(placeholder)) {
        *error = QStringLiteral("cannot bind every placeholder of: ") + sql;
        return -1;
    }
    QSqlQuery query(connection);
    if (!query.prepare(sql)) {
        *error = query.lastError().text();
        return -1;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    if (!query.exec()) {
        *error = query.lastError().text();
        return -1;
    }
    return query.numRowsAffected();
}

} // namespace

class TestJobStore final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void updateFromStaleVersionChangesNothing();

private:
    QTemporaryDir m_dir;
    Database m_storeDb; ///< the store's own connection
    Database m_otherDb; ///< a second writer on the same file
};

void TestJobStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DatabaseConfig config;
    config.dialect = SqlDialect::Sqlite;
    config.sqlitePath = m_dir.filePath(QStringLiteral("jobs.sqlite"));
    QString error;
    QVERIFY2(m_storeDb.open(config, QStringLiteral("tst_jobstore.store"), &error),
             qPrintable(error));
    QVERIFY2(m_storeDb.migrate(&error), qPrintable(error));
    QVERIFY2(m_otherDb.open(config, QStringLiteral("tst_jobstore.other"), &error),
             qPrintable(error));

    // jobs.assigned_to references users: the pro who accepts must exist.
    QSqlQuery insert(m_storeDb.connection());
    insert.prepare(QStringLiteral("INSERT INTO users (id, username, name, role, password_hash, "
                                  "created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QVariant &value : {QVariant(kPro.id), QVariant(kPro.username), QVariant(kPro.name),
                                  QVariant(toWire(kPro.role)), QVariant(QStringLiteral("unused")),
                                  QVariant(QStringLiteral("2026-01-01T00:00:00Z"))})
        insert.addBindValue(value);
    QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
}

void TestJobStore::updateFromStaleVersionChangesNothing()
{
    JobStore store(m_storeDb, {});
    const WriteResult created = store.create(kDispatcher, {{QStringLiteral("title"), kTitle}}, {});
    QVERIFY(created.job);
    const QString id = created.job->id;

    // The other writer reads the job while it is still an open offer ...
    const QSqlRecord staleRow = readJobRow(m_otherDb.connection(), id);
    QVERIFY(!staleRow.isEmpty());
    const qint64 staleVersion = staleRow.value(QStringLiteral("version")).toLongLong();

    // ... then the store commits a pro's acceptance on top of it.
    const WriteResult accepted = store.accept(kPro, id, {});
    QVERIFY2(accepted.changed && accepted.job,
             qPrintable(accepted.error.value_or(StoreError{}).message));
    QCOMPARE(accepted.job->version, staleVersion + 1);

    bool available = false;
    const QStringList updates =
        preparedStatements(m_storeDb.connection(), QStringLiteral("UPDATE jobs SET "), &available);
    if (!available)
        QSKIP("this SQLite has no sqlite_stmt table (SQLITE_ENABLE_STMTVTAB) to read the "
              "store's statement from");
    QCOMPARE(updates.size(), 1); // the one conditional write every store operation goes through
    const QString update = updates.constFirst();

    // The other writer now writes what it based on the old version: the statement must match
    // no row, or the acceptance is silently lost.
    QString error;
    const int staleRows =
        runStoreUpdateFrom(m_otherDb.connection(), update, staleRow, kStaleTitle, &error);
    QVERIFY2(staleRows >= 0, qPrintable(error));
    StoreError findError;
    const auto afterStale = store.find(id, &findError);
    QVERIFY2(afterStale, qPrintable(findError.message));
    QVERIFY2(staleRows == 0,
             qPrintable(QStringLiteral("the store's UPDATE, run with version %1 while the job is "
                                       "at %2, changed %3 row(s): the acceptance was lost "
                                       "(assignedTo now \"%4\", version %5)\n%6")
                            .arg(staleVersion)
                            .arg(staleVersion + 1)
                            .arg(staleRows)
                            .arg(afterStale->assignedTo)
                            .arg(afterStale->version)
                            .arg(update)));
    QCOMPARE(afterStale->version, staleVersion + 1);
    QCOMPARE(afterStale->assignedTo, kPro.id);
    QCOMPARE(afterStale->status, JobStatus::Scheduled);
    QCOMPARE(afterStale->fields.value(QStringLiteral("title")).toString(), kTitle);

    // Control: the same statement from a fresh read does write, so the refusal above came
    // from the version check and not from a statement this test ran wrongly.
    const QSqlRecord freshRow = readJobRow(m_otherDb.connection(), id);
    QCOMPARE(runStoreUpdateFrom(m_otherDb.connection(), update, freshRow, kStaleTitle, &error), 1);
    const auto afterFresh = store.find(id, &findError);
    QVERIFY2(afterFresh, qPrintable(findError.message));
    QCOMPARE(afterFresh->version, staleVersion + 2);
    QCOMPARE(afterFresh->assignedTo, kPro.id);
    QCOMPARE(afterFresh->fields.value(QStringLiteral("title")).toString(), kStaleTitle);
}

QTEST_GUILESS_MAIN(TestJobStore)
#include "tst_jobstore.moc"
