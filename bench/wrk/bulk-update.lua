-- PATCH BENCH_PREFIX with an array of BENCH_BATCH objects, each its own random id in 1..BENCH_MAX_ID and its
-- own status (bulk-update: a value per row, one transaction). The ids of one request are distinct.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local statuses = { "lead", "won", "lost" }

function init(args)
  common.seed_random()
  local prefix = os.getenv("BENCH_PREFIX")
  local max_id = tonumber(os.getenv("BENCH_MAX_ID"))
  local batch = tonumber(os.getenv("BENCH_BATCH"))
  local headers = { ["Content-Type"] = "application/json" }
  request = common.ring(function()
    local rows, seen = {}, {}
    while #rows < batch do
      local id = math.random(1, max_id)
      if not seen[id] then
        seen[id] = true
        rows[#rows + 1] = string.format('{"id":%d,"status":"%s"}', id, statuses[math.random(1, 3)])
      end
    end
    return wrk.format("PATCH", prefix, headers, "[" .. table.concat(rows, ",") .. "]")
  end, 64)
end
