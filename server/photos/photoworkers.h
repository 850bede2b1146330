#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace dispatch::server {

/// Image work off the event loop (docs/ARCHITECTURE.md "Photos on the server"): checking an
/// upload (sniffing, decoding, hashing, storing its bytes) and rendering thumbnails run on a
/// small pool of their own with a bounded queue, as passwords do on PasswordHasher's. When the
/// queue is full the caller is told at once and answers 503 with Retry-After rather than
/// letting every client wait behind a pile of decodes.
///
/// Results come back on this object's thread; the destructor waits for running work, and
/// answers still queued to this object are dropped with it.
class PhotoWorkers final : public QObject {
public:
    PhotoWorkers(int workers, int maxQueued, QObject *parent = nullptr);
    ~PhotoWorkers() override;

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

    int pending() const { return m_pending; }
    int capacity() const { return m_workers + m_maxQueued; }

private:
    bool submit(std::function<void()> work);

    QThreadPool m_pool;
    const int m_workers;
    const int m_maxQueued;
    int m_pending = 0; ///< submitted and not yet answered; touched on this object's thread only
};

} // namespace dispatch::server
