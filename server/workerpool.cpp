#include "workerpool.h"

#include <algorithm>

namespace dispatch::server {

WorkerPool::WorkerPool(const QString &name, int workers, int maxQueued, QObject *parent)
    : QObject(parent)
    , m_workers(std::max(1, workers))
    , m_maxQueued(std::max(0, maxQueued))
{
    m_pool.setMaxThreadCount(m_workers);
    m_pool.setObjectName(name);
}

WorkerPool::~WorkerPool()
{
    m_pool.waitForDone();
}

bool WorkerPool::submit(std::function<void()> work)
{
    if (m_pending >= capacity())
        return false;
    ++m_pending;
    m_pool.start(std::move(work));
    return true;
}

} // namespace dispatch::server
