-- POST BENCH_PREFIX with one new contact (create), or with an array of BENCH_BATCH contacts (bulk create).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local statuses = { "lead", "won", "lost" }
local serial = 0

local function contact()
  serial = serial + 1
  local companies = tonumber(os.getenv("BENCH_COMPANIES"))
  return string.format(
    '{"name":"Bench Contact %d","email":"bench.%d.%d@example.com","status":"%s","company_id":%d,"owner_id":%d}',
    serial, thread_number or 1, serial, statuses[math.random(1, 3)], math.random(1, companies), math.random(1, 50))
end

function init(args)
  common.seed_random()
  local prefix = os.getenv("BENCH_PREFIX")
  local batch = tonumber(os.getenv("BENCH_BATCH") or "0")
  local headers = { ["Content-Type"] = "application/json" }
  if batch > 0 then
    request = common.ring(function()
      local rows = {}
      for i = 1, batch do
        rows[i] = contact()
      end
      return wrk.format("POST", prefix, headers, "[" .. table.concat(rows, ",") .. "]")
    end, 64)
  else
    request = common.ring(function()
      return wrk.format("POST", prefix, headers, contact())
    end, 8192)
  end
end
