#pragma once

#include "database.h"

#include <QString>

namespace dispatch::server {

/// How many passwords anyone may try against one account: at most kMaxGuesses in any rolling
/// minute, counted in the database so that every dispatchd on it shares the count. A guess is
/// reserved before its password is checked (so guesses in flight count too) and given back
/// when the password was right: signing in successfully never uses up the allowance.
class SignInThrottle final {
public:
    static constexpr int kMaxGuesses = 10;
    static constexpr qint64 kWindowMs = 60'000;

    explicit SignInThrottle(Database &db);

    enum class Verdict { Reserved, Limited, Failed };
    struct Reservation {
        Verdict verdict = Verdict::Failed;
        qint64 stamp = 0;          ///< the guess's time, to give it back
        int retryAfterSeconds = 0; ///< when Limited
    };
    /// Reserves one guess for `account` (a lower-cased username, known or not).
    Reservation reserve(const QString &account, qint64 nowMs);
    /// Gives back a guess whose password was right.
    void giveBack(const QString &account, qint64 stamp);
    /// Forgets accounts with no guess in the window.
    void sweep(qint64 nowMs);

private:
    Database &m_db;
};

} // namespace dispatch::server
