-- wrk script: POSTs the three AdmissionReviews in turn (Pod, Job, JobSet) and prints one summary line.
local bodies = {}
local next_body = 0

init = function(args)
  local dir = os.getenv("REVIEWS_DIR")
  for _, name in ipairs({"pod", "job", "jobset"}) do
    local file = assert(io.open(dir .. "/" .. name .. ".json", "rb"))
    table.insert(bodies, file:read("*a"))
    file:close()
  end
end

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[next_body])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.0f errors=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
