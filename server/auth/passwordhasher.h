#pragma once

#include "workerpool.h"

#include <QObject>
#include <QString>

#include <functional>

namespace dispatch::server {

/// argon2id off the event loop. Hashing a password costs tens of milliseconds of CPU and 64 MiB
/// on purpose; on the thread that serves every client it would stall them all, so it runs on
/// a WorkerPool of its own (one thread per core but one by default) with a bounded queue. When
/// the queue is full the caller is told at once and answers 503 with Retry-After.
///
/// Results come back on this object's thread; the destructor waits for running work.
class PasswordHasher final : public QObject {
    Q_OBJECT
public:
    PasswordHasher(int workers, int maxQueued, QObject *parent = nullptr);
    ~PasswordHasher() override;

    /// Checks `password` against `hash` (an empty hash checks against a dummy one, so an
    /// unknown user costs the same time and always fails). False, with no call, when full.
    bool verify(const QString &hash, const QString &password, std::function<void(bool)> done);
    /// Hashes `password`; `done` gets the hash, or an empty string if hashing failed.
    bool hash(const QString &password, std::function<void(QString)> done);

    /// Work submitted and not yet answered.
    int pending() const { return m_pool.pending(); }
    int capacity() const { return m_pool.capacity(); }

    /// The libsodium calls themselves, for start-up work that may block.
    static QString hashNow(const QString &password);
    static bool verifyNow(const QString &hash, const QString &password);

private:
    WorkerPool m_pool;
    /// A real hash to verify unknown users against; made at start, so the first unknown user
    /// is not slower than the next (that would tell which usernames exist).
    QString m_dummyHash;
};

} // namespace dispatch::server
