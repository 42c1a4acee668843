-- Shared by every benchmark script: deterministic per-thread random seeds, and a done() that writes
-- the run's figures as JSON to the file named by BENCH_OUT (read by bench/harness.py).
-- Latencies are in microseconds, as wrk measures them.
local common = {}

local next_thread = 0

-- Gives each wrk thread its own number, so each seeds its random generator differently but reproducibly.
function common.setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_number", next_thread)
end

function common.seed_random()
  math.randomseed(7919 * (thread_number or 1) + 104729)
end

-- A ring of pre-formatted requests: building them in init() keeps wrk's per-request work (on its own
-- pinned core) to a table lookup, so the load generator is never the bottleneck.
function common.ring(build, size)
  local ring = {}
  for i = 1, size do
    ring[i] = build(i)
  end
  local position = 0
  return function()
    position = position % size + 1
    return ring[position]
  end
end

function common.done(summary, latency, requests)
  local out = os.getenv("BENCH_OUT")
  if not out then
    return
  end
  local f = assert(io.open(out, "w"))
  local e = summary.errors
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
  f:close()
end

return common
