#pragma once

// Timings of many runs of one step, printed as median, p90 and max: the benchmarks' one way
// of reporting a distribution (figures, never pass/fail).

#include <QByteArray>
#include <QFile>
#include <QtGlobal>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace dispatch::bench {

struct Figures {
    std::vector<double> us;
    void add(qint64 ns) { us.push_back(double(ns) / 1000.0); }
    void print(const char *what)
    {
        if (us.empty())
            return;
        std::sort(us.begin(), us.end());
        std::printf("%-58s median %8.1f us   p90 %8.1f us   max %8.1f us   (%zu runs)\n", what,
                    us[us.size() / 2], us[us.size() * 9 / 10], us.back(), us.size());
    }
};

/// A figure of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 when it cannot be read.
inline qint64 procStatusKiB(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace dispatch::bench
