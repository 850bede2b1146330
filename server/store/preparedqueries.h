#pragma once

#include "database.h"

#include <QHash>
#include <QSqlQuery>
#include <QString>

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

private:
    Database &m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
};

} // namespace dispatch::server
