-- PATCH BENCH_PREFIX<id> {"status": …} for random ids in 1..BENCH_MAX_ID (update).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local statuses = { "lead", "won", "lost" }

function init(args)
  common.seed_random()
  local prefix = os.getenv("BENCH_PREFIX")
  local max_id = tonumber(os.getenv("BENCH_MAX_ID"))
  local headers = { ["Content-Type"] = "application/json" }
  request = common.ring(function()
    local body = '{"status":"' .. statuses[math.random(1, 3)] .. '"}'
    return wrk.format("PATCH", prefix .. math.random(1, max_id), headers, body)
  end, 8192)
end
