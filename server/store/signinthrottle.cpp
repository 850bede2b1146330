#include "signinthrottle.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcThrottle, "dispatch.server.signin")

QList<qint64> parseStamps(const QString &text)
{
    QList<qint64> stamps;
    for (const QStringView piece : QStringView(text).split(u',', Qt::SkipEmptyParts))
        stamps.append(piece.toLongLong());
    return stamps;
}

QString joinStamps(const QList<qint64> &stamps)
{
    QStringList parts;
    parts.reserve(stamps.size());
    for (const qint64 stamp : stamps)
        parts.append(QString::number(stamp));
    return parts.join(u',');
}
} // namespace

SignInThrottle::SignInThrottle(Database &db)
    : m_db(db)
{}

namespace {
/// Inside a write transaction: the account's stamps, its row locked until commit. The row is
/// made first, so two instances reserving the first guess at once still count two.
std::optional<QList<qint64>> lockedStamps(Database &db, const QString &account, qint64 nowMs)
{
    QSqlQuery insert(db.connection());
    insert.prepare(QStringLiteral("INSERT INTO sign_in_guesses (account, stamps, last_at) "
                                  "VALUES (?, '', ?) ON CONFLICT (account) DO NOTHING"));
    insert.addBindValue(account);
    insert.addBindValue(nowMs);
    if (!insert.exec()) {
        qCWarning(lcThrottle) << "sign-in throttle insert failed:" << insert.lastError().text();
        return std::nullopt;
    }
    QSqlQuery select(db.connection());
    select.prepare(db.dialect() == SqlDialect::Postgres
                       ? QStringLiteral("SELECT stamps FROM sign_in_guesses WHERE account = ? FOR "
                                        "UPDATE")
                       : QStringLiteral("SELECT stamps FROM sign_in_guesses WHERE account = ?"));
    select.addBindValue(account);
    if (!select.exec() || !select.next()) {
        qCWarning(lcThrottle) << "sign-in throttle read failed:" << select.lastError().text();
        return std::nullopt;
    }
    return parseStamps(select.value(0).toString());
}

bool storeStamps(Database &db, const QString &account, const QList<qint64> &stamps, qint64 nowMs)
{
    QSqlQuery update(db.connection());
    update.prepare(
        QStringLiteral("UPDATE sign_in_guesses SET stamps = ?, last_at = ? WHERE account = ?"));
    const QString joined = joinStamps(stamps);
    update.addBindValue(joined.isNull() ? QStringLiteral("") : joined); // NOT NULL, even empty
    update.addBindValue(nowMs);
    update.addBindValue(account);
    if (!update.exec()) {
        qCWarning(lcThrottle) << "sign-in throttle write failed:" << update.lastError().text();
        return false;
    }
    return true;
}
} // namespace

SignInThrottle::Reservation SignInThrottle::reserve(const QString &account, qint64 nowMs)
{
    Reservation reservation;
    if (!m_db.beginWrite())
        return reservation;
    auto stamps = lockedStamps(m_db, account, nowMs);
    if (!stamps) {
        m_db.rollback();
        return reservation;
    }
    stamps->removeIf([nowMs](qint64 stamp) { return stamp <= nowMs - kWindowMs; });
    if (stamps->size() >= kMaxGuesses) {
        m_db.rollback();
        const qint64 oldest = *std::min_element(stamps->cbegin(), stamps->cend());
        reservation.verdict = Verdict::Limited;
        reservation.retryAfterSeconds = int((oldest + kWindowMs - nowMs) / 1000) + 1;
        return reservation;
    }
    stamps->append(nowMs);
    if (!storeStamps(m_db, account, *stamps, nowMs) || !m_db.commit()) {
        m_db.rollback();
        return reservation;
    }
    reservation.verdict = Verdict::Reserved;
    reservation.stamp = nowMs;
    return reservation;
}

void SignInThrottle::giveBack(const QString &account, qint64 stamp)
{
    if (!m_db.beginWrite())
        return;
    auto stamps = lockedStamps(m_db, account, stamp);
    if (!stamps || !stamps->removeOne(stamp) || !storeStamps(m_db, account, *stamps, stamp) ||
        !m_db.commit())
        m_db.rollback();
}

void SignInThrottle::sweep(qint64 nowMs)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM sign_in_guesses WHERE last_at <= ?"));
    query.addBindValue(nowMs - kWindowMs);
    if (!query.exec())
        qCWarning(lcThrottle) << "sweeping the sign-in throttle failed:"
                              << query.lastError().text();
}

} // namespace dispatch::server
