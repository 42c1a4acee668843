-- POST /api/batch with BENCH_BATCH operations run in one transaction (batch-10): PATCH BENCH_PREFIX<id>
-- {"status": …} for distinct random ids in 1..BENCH_MAX_ID, interleaved with POST BENCH_PREFIX of one new
-- contact (PATCH, POST, PATCH, POST, …: half of each when BENCH_BATCH is even).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local statuses = { "lead", "won", "lost" }
local serial = 0

-- One new contact as a batch POST's body; emails are apart from create.lua's ("batch." prefix).
local function contact(companies)
  serial = serial + 1
  return string.format(
    '{"name":"Batch Contact %d","email":"batch.%d.%d@example.com","status":"%s","company_id":%d,"owner_id":%d}',
    serial, thread_number or 1, serial, statuses[math.random(1, 3)], math.random(1, companies), math.random(1, 50))
end

function init(args)
  common.seed_random()
  local prefix = os.getenv("BENCH_PREFIX")
  local max_id = tonumber(os.getenv("BENCH_MAX_ID"))
  local companies = tonumber(os.getenv("BENCH_COMPANIES"))
  local batch = tonumber(os.getenv("BENCH_BATCH"))
  local headers = { ["Content-Type"] = "application/json" }
  request = common.ring(function()
    local ops, seen = {}, {}
    for i = 1, batch do
      if i % 2 == 1 then
        local id = math.random(1, max_id)
        while seen[id] do
          id = math.random(1, max_id)
        end
        seen[id] = true
        ops[i] = string.format('{"method":"PATCH","path":"%s/%d","body":{"status":"%s"}}',
          prefix, id, statuses[math.random(1, 3)])
      else
        ops[i] = string.format('{"method":"POST","path":"%s","body":%s}', prefix, contact(companies))
      end
    end
    return wrk.format("POST", "/api/batch", headers, "[" .. table.concat(ops, ",") .. "]")
  end, 1024)
end
