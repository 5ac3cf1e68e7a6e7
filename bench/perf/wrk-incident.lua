-- wrk script for bench/perf/wrk.ts: POSTs the JSON file named by BODY_FILE to the
-- URL given on the command line and prints one "BENCH {json}" summary line
-- (microseconds) that bench/perf/wrk.ts parses.
local path = os.getenv("BODY_FILE")
local f = assert(io.open(path, "rb"), "BODY_FILE not readable")
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
