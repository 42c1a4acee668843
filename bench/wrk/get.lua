-- GET BENCH_PREFIX<id> for random ids in 1..BENCH_MAX_ID (get-by-id).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init(args)
  common.seed_random()
  local prefix = os.getenv("BENCH_PREFIX")
  local max_id = tonumber(os.getenv("BENCH_MAX_ID"))
  request = common.ring(function()
    return wrk.format("GET", prefix .. math.random(1, max_id))
  end, 8192)
end
