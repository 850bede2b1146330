#pragma once

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <array>
#include <functional>
#include <map>

namespace dispatch::server {

/// The numbers behind `GET /metrics`, rendered in the Prometheus text exposition format 0.0.4.
/// The front end counts every routed request (`dispatch_http_requests_total{route,status}`) and
/// its handler latency (`dispatch_http_request_duration_seconds{route}` histogram); other parts
/// register gauges and counters as read functions, evaluated at render time so nothing has to
/// push updates. Route labels come from route names, never from raw paths, to keep the series
/// count bounded. Thread-safe; read functions run on the rendering thread.
class ServerMetrics final {
public:
    /// Upper bounds of the latency buckets, in seconds (`+Inf` is implied).
    static constexpr std::array<double, 14> kLatencyBuckets{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";

    ServerMetrics() = default;
    ServerMetrics(const ServerMetrics &) = delete;
    ServerMetrics &operator=(const ServerMetrics &) = delete;

    /// One answered request: its route label, status and handler time.
    void observeRequest(const QString &route, int status, double seconds);

    /// Registers (or replaces) a gauge read at render time. `name` must match
    /// [a-zA-Z_:][a-zA-Z0-9_:]*; invalid names are ignored with a warning.
    void setGauge(const QString &name, const QString &help, std::function<double()> read);
    /// Like setGauge(), for a value that only grows (rendered with `# TYPE ... counter`).
    void setCounter(const QString &name, const QString &help, std::function<double()> read);

    /// Requests seen so far for a route label and status (for tests and logs).
    quint64 requestCount(const QString &route, int status) const;

    QByteArray renderPrometheus() const;

    static bool isValidMetricName(const QString &name);

private:
    struct RouteStats {
        std::map<int, quint64> byStatus;
        std::array<quint64, kLatencyBuckets.size()> buckets{}; ///< not cumulative
        quint64 count = 0;
        double sum = 0;
    };
    struct Reading {
        QString help;
        bool counter = false;
        std::function<double()> read;
    };

    void setReading(const QString &name, Reading reading);

    mutable QMutex m_mutex;
    std::map<QString, RouteStats> m_routes; // ordered: stable, diffable output
    std::map<QString, Reading> m_readings;
};

} // namespace dispatch::server
