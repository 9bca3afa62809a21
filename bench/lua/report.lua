-- Prepended to every bench script: counts per wrk thread, and one JSON line at the end that
-- bench/wrk.ts reads (wrk's own summary text is left for a reader).
threadIndex = 0
sent = 0
okResponses = 0
failedResponses = 0
accepted = 0

local threads = {}
local counterNames = { "sent", "okResponses", "failedResponses", "accepted" }

function setup(thread)
  thread:set("threadIndex", #threads)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local counters = {}
  for _, name in ipairs(counterNames) do
    local total = 0
    for _, thread in ipairs(threads) do
      total = total + (thread:get(name) or 0)
    end
    table.insert(counters, string.format('"%s":%d', name, total))
  end
  local errors = summary.errors
  io.write(string.format(
    '\nWRK_RESULT {"durationUs":%d,"requests":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
      '"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,%s}\n',
    summary.duration, summary.requests, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, latency:percentile(50), latency:percentile(99), latency.max, table.concat(counters, ",")))
end
