#pragma once

// Timings of many runs of one step, printed as median, p90 and max: the benchmarks' one way
// of reporting a distribution (figures, never pass/fail).

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

} // namespace dispatch::bench
