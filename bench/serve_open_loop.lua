-- wrk script for bench/serve_load.sh: POSTs the JSON body in $BODY on every connection with
-- exponentially distributed think times of mean $THINK_MS between a response and the next
-- request (so that many connections approximate an open-loop Poisson arrival rate), counts the
-- responses by status, and prints a summary that serve_load_report.py reads. Think times are
-- capped at $THINK_CAP_MS (4000): a connection idle for longer than the server's keep-alive
-- timeout (5 s) is closed by the server, and a request sent as it closes fails (a client race
-- every keep-alive server has, which is not what this test measures).
local think_ms = tonumber(os.getenv("THINK_MS") or "0")
local think_cap_ms = tonumber(os.getenv("THINK_CAP_MS") or "4000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = assert(io.open(os.getenv("BODY"), "rb")):read("*a")

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(id * 7919 + os.time())
  statuses = {}
end

function delay()
  if think_ms <= 0 then return 0 end
  return math.floor(math.min(-math.log(1 - math.random()) * think_ms, think_cap_ms))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do counts[code] = (counts[code] or 0) + n end
  end
  local e = summary.errors
  io.write(string.format("duration_s %.3f\n", summary.duration / 1e6))
  io.write(string.format("responses %d\n", summary.requests))
  for code, n in pairs(counts) do io.write(string.format("status %d %d\n", code, n)) end
  io.write(string.format("socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("p%d_ms %.3f\n", p, latency:percentile(p) / 1000))
  end
end
