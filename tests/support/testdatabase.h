#pragma once

#include <QString>
#include <QVariant>

namespace dispatch::test {

/// A direct connection to a dispatchd's database (the `--db` URL: `sqlite:PATH` or
/// `postgresql://user@host:port/db`), for what a test cannot do through the API, such as
/// making a row look old. Failures are reported with qWarning and an invalid/false return.
class TestDatabase final {
public:
    explicit TestDatabase(const QString &dbUrl);
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    bool isOpen() const;
    /// Runs one statement with `?` placeholders; true when it ran.
    bool exec(const QString &sql, const QVariantList &values = {});
    /// The first column of the first row, or an invalid QVariant.
    QVariant value(const QString &sql, const QVariantList &values = {});

private:
    QString m_connection;
};

} // namespace dispatch::test
