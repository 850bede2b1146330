#pragma once

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace dispatch::server {

/// Work that must not run on the event loop (docs/ARCHITECTURE.md "dispatchd, one request"):
/// a QThreadPool of its own with a bounded queue, whose results come back on this object's
/// thread. When the pool and its queue are full the caller is told at once and answers 503
/// with Retry-After, rather than letting every client wait behind a pile of work. Passwords
/// are hashed on one (auth/PasswordHasher), photos checked, read and thumbnailed on another.
///
/// The destructor waits for running work; answers still queued to this object are dropped
/// with it.
class WorkerPool final : public QObject {
public:
    /// `name` names the pool's threads in a debugger.
    WorkerPool(const QString &name, int workers, int maxQueued, QObject *parent = nullptr);
    ~WorkerPool() override;

    /// Runs `work` on the pool, then `done` with its result on this object's thread. False,
    /// and nothing runs, when the pool and its queue are full.
    template<typename Result>
    bool run(std::function<Result()> work, std::function<void(Result)> done)
    {
        return submit([this, work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<Result>(work());
            QMetaObject::invokeMethod(
                this,
                [this, result, done = std::move(done)] {
                    --m_pending;
                    done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }

    /// Work submitted and not yet answered.
    int pending() const { return m_pending; }
    int capacity() const { return m_workers + m_maxQueued; }

private:
    bool submit(std::function<void()> work);

    QThreadPool m_pool;
    const int m_workers;
    const int m_maxQueued;
    int m_pending = 0; ///< touched on this object's thread only
};

} // namespace dispatch::server
