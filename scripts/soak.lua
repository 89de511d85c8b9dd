-- wrk workload for scripts/soak.sh: a facility administrator's mixed reads and writes.
-- 3 of 4 requests read a list (roles, employees, departments, the audit log) or the onboarding
-- checklist (eleven grouped counts); 1 of 4 creates a
-- department or an employee (unique names and passport numbers). Roles are read, not created: a
-- facility has tens of them (a first version of this workload made thousands while their list was
-- not yet paged, and measured that instead). Environment: EKROV_TOKEN, EKROV_FACILITY.
local token = os.getenv("EKROV_TOKEN")
local base = "/api/v1/facilities/" .. os.getenv("EKROV_FACILITY")
local threads = {}
local counter = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  writes = 0
  math.randomseed(tid * 7919)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

local lists = { "/roles", "/employees", "/departments", "/audit", "/onboarding" }

function request()
  counter = counter + 1
  local r = math.random(4)
  if r <= 3 then
    return wrk.format("GET", base .. lists[math.random(#lists)])
  end
  writes = writes + 1
  local name = string.format("soak-%d-%d", tid, counter)
  if math.random(2) == 1 then
    return wrk.format("POST", base .. "/departments", nil,
      '{"name":"Відділ ' .. name .. '","short_name":"В","type":"logistics_inventory_center","parent_id":null}')
  end
  -- A passport number (two Cyrillic letters, six digits) unique to this thread and request.
  local passport = string.format("КВ%06d", (tid * 400000 + counter) % 1000000)
  return wrk.format("POST", base .. "/employees", nil,
    '{"surname":"Бондар","given_name":"Ольга","patronymic":"Петрівна","rnokpp":"' .. passport ..
    '","email":"' .. name .. '@okl.example.ua","phone":"050 111 22 33"}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all, w = {}, 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do all[k] = (all[k] or 0) + v end
    w = w + t:get("writes")
  end
  local parts = {}
  for k, v in pairs(all) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write(string.format("SOAK requests=%d writes=%d statuses=%s socket_errors=%d/%d/%d/%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f\n",
    summary.requests, w, table.concat(parts, ","), summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
