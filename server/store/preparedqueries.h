#pragma once

#include "database.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <memory>

namespace dispatch::server {

/// Prepared statements kept for the life of a connection, so hot reads (a token lookup, a
/// job's version for a 304) are not parsed by the database on every request. Bind with
/// `bindValue(index, …)`, and `finish()` after reading so no snapshot is held open.
class PreparedQueries final {
public:
    explicit PreparedQueries(Database &db)
        : m_db(db)
    {}

    /// The prepared query for `sql`, or nullptr when the database refused to prepare it.
    QSqlQuery *get(const QString &sql)
    {
        auto it = m_queries.find(sql);
        if (it == m_queries.end()) {
            auto query = std::make_unique<QSqlQuery>(m_db.connection());
            query->setForwardOnly(true);
            if (!query->prepare(sql))
                return nullptr;
            it = m_queries.insert(sql, std::shared_ptr<QSqlQuery>(std::move(query)));
        }
        return it.value().get();
    }

    /// Runs the prepared query for `sql` with `values` bound in order: the query to read from
    /// (finish() it after), or nullptr with `error` set when it could not be prepared or run.
    QSqlQuery *run(const QString &sql, const QVariantList &values, QSqlError *error)
    {
        QSqlQuery *query = get(sql);
        if (!query) {
            *error = m_db.connection().lastError();
            return nullptr;
        }
        for (qsizetype i = 0; i < values.size(); ++i)
            query->bindValue(int(i), values[i]);
        if (!query->exec()) {
            *error = query->lastError();
            query->finish();
            return nullptr;
        }
        return query;
    }

private:
    Database &m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
};

} // namespace dispatch::server
