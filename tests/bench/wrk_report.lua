-- One machine-readable result line per wrk run, read by http_bench.sh:
--   WRK_RESULT rps=… p50_ms=… p99_ms=… bytes_per_response=… requests=… status_errors=… socket_errors=…
-- status_errors are responses outside 2xx/3xx; 304 counts as success.
function report(summary, latency, extra)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local requests = math.max(summary.requests, 1)
   io.write(string.format(
      "WRK_RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f bytes_per_response=%.0f requests=%d" ..
      " status_errors=%d socket_errors=%d%s\n",
      summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.bytes / requests, summary.requests,
      e.status, e.connect + e.read + e.write + e.timeout,
      extra and (" " .. extra) or ""))
end

function done(summary, latency, requests)
   report(summary, latency)
end
