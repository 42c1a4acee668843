-- GET of the fixed URL given on wrk's command line (list, count, deep pages, cursor pages).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done
