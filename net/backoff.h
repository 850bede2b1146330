#pragma once

#include <QRandomGenerator>

#include <algorithm>
#include <chrono>

namespace dispatch::net {

/// How long to wait before retry number `attempt` (0-based): exponential backoff with full
/// jitter, uniform in [0, min(cap, base * 2^attempt)] (AWS "Exponential Backoff And Jitter"),
/// so clients cut at the same moment do not all come back at the same moment.
inline std::chrono::milliseconds fullJitterDelay(int attempt, std::chrono::milliseconds base,
                                                 std::chrono::milliseconds cap)
{
    const int exponent = std::clamp(attempt, 0, 20);
    const qint64 window = std::min<qint64>(cap.count(), base.count() << exponent);
    return std::chrono::milliseconds(window > 0 ? QRandomGenerator::global()->bounded(window + 1)
                                                : 0);
}

} // namespace dispatch::net
