#include "servermetrics.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QRegularExpression>

#include <charconv>
#include <cmath>
#include <vector>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcMetrics, "dispatch.server.metrics")

/// Prometheus sample values: integers without a fraction, NaN and infinities spelled out.
QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) // 2^53
        return QByteArray::number(static_cast<qint64>(value));
    // Shortest text that reads back as the same double, in plain notation where that is
    // readable ("0.0005", not "5e-04" nor "0.00050000000000000001").
    char buffer[128];
    const double magnitude = std::fabs(value);
    const auto result =
        magnitude >= 1e-6 && magnitude < 1e15
            ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
            : std::to_chars(buffer, buffer + sizeof buffer, value);
    return QByteArray(buffer, result.ptr - buffer);
}

/// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
QByteArray escapeLabel(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

/// HELP text escapes backslash and line feed only.
QByteArray escapeHelp(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\");
    out.replace('\n', "\\n");
    return out;
}

void appendHeader(QByteArray &out, QByteArrayView name, const QByteArray &help, QByteArrayView type)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}
} // namespace

bool ServerMetrics::isValidMetricName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    return pattern.match(name).hasMatch();
}

void ServerMetrics::observeRequest(const QString &route, int status, double seconds)
{
    QMutexLocker locker(&m_mutex);
    RouteStats &stats = m_routes[route];
    ++stats.byStatus[status];
    ++stats.count;
    stats.sum += seconds;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        if (seconds <= kLatencyBuckets[i]) {
            ++stats.buckets[i];
            break;
        }
    }
}

void ServerMetrics::setGauge(const QString &name, const QString &help, std::function<double()> read)
{
    setReading(name, Reading{help, false, std::move(read)});
}

void ServerMetrics::setCounter(const QString &name, const QString &help,
                               std::function<double()> read)
{
    setReading(name, Reading{help, true, std::move(read)});
}

void ServerMetrics::setReading(const QString &name, Reading reading)
{
    if (!isValidMetricName(name) || !reading.read || name.startsWith(u"dispatch_http_request")) {
        qCWarning(lcMetrics) << "ignoring metric with an invalid or reserved name" << name;
        return;
    }
    QMutexLocker locker(&m_mutex);
    m_readings[name] = std::move(reading);
}

quint64 ServerMetrics::requestCount(const QString &route, int status) const
{
    QMutexLocker locker(&m_mutex);
    const auto routeIt = m_routes.find(route);
    if (routeIt == m_routes.end())
        return 0;
    const auto statusIt = routeIt->second.byStatus.find(status);
    return statusIt == routeIt->second.byStatus.end() ? 0 : statusIt->second;
}

QByteArray ServerMetrics::renderPrometheus() const
{
    // Copy under the lock, render and call the read functions outside it: a read function may
    // take its own locks (or even call requestCount()) without deadlocking.
    std::map<QString, RouteStats> routes;
    std::vector<std::pair<QString, Reading>> readings;
    {
        QMutexLocker locker(&m_mutex);
        routes = m_routes;
        readings.assign(m_readings.begin(), m_readings.end());
    }

    QByteArray out;
    out.reserve(4096);

    appendHeader(out, "dispatch_http_requests_total",
                 QByteArrayLiteral("HTTP requests answered, by route and status."), "counter");
    for (const auto &[route, stats] : routes) {
        const QByteArray label = escapeLabel(route);
        for (const auto &[status, count] : stats.byStatus) {
            out += "dispatch_http_requests_total{route=\"";
            out += label;
            out += "\",status=\"";
            out += QByteArray::number(status);
            out += "\"} ";
            out += QByteArray::number(count);
            out += '\n';
        }
    }

    appendHeader(out, "dispatch_http_request_duration_seconds",
                 QByteArrayLiteral("Time from a complete request to its response, by route."),
                 "histogram");
    for (const auto &[route, stats] : routes) {
        const QByteArray label = escapeLabel(route);
        quint64 cumulative = 0;
        for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            cumulative += stats.buckets[i];
            out += "dispatch_http_request_duration_seconds_bucket{route=\"";
            out += label;
            out += "\",le=\"";
            out += formatValue(kLatencyBuckets[i]);
            if (kLatencyBuckets[i] == std::floor(kLatencyBuckets[i]))
                out += ".0"; // "1.0", like the client libraries, so `le` values sort as text
            out += "\"} ";
            out += QByteArray::number(cumulative);
            out += '\n';
        }
        out += "dispatch_http_request_duration_seconds_bucket{route=\"";
        out += label;
        out += "\",le=\"+Inf\"} ";
        out += QByteArray::number(stats.count);
        out += "\ndispatch_http_request_duration_seconds_sum{route=\"";
        out += label;
        out += "\"} ";
        out += formatValue(stats.sum);
        out += "\ndispatch_http_request_duration_seconds_count{route=\"";
        out += label;
        out += "\"} ";
        out += QByteArray::number(stats.count);
        out += '\n';
    }

    for (const auto &[name, reading] : readings) {
        const QByteArray metric = name.toLatin1();
        appendHeader(out, metric, escapeHelp(reading.help),
                     reading.counter ? QByteArrayView("counter") : QByteArrayView("gauge"));
        out += metric;
        out += ' ';
        out += formatValue(reading.read());
        out += '\n';
    }
    return out;
}

} // namespace dispatch::server
