-- POST /v1/track/usage with 100 new events a request (ids unique to the run, the thread and the
-- request). "hot": the same 50 teams in every batch (two events each); "spread": 100 distinct
-- teams a batch, walking over every team. Counts the events each 200 answer says it accepted.
-- Arguments: admin key, run tag, mode (hot | spread), team count.
local headers
local runTag
local hot
local teamCount
local serial = 0
local eventsPerRequest = 100
local hotTeamCount = 50

function init(args)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[1] }
  runTag = args[2] .. "_" .. threadIndex
  hot = args[3] == "hot"
  teamCount = tonumber(args[4])
end

function request()
  local occurredAt = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local events = {}
  for index = 1, eventsPerRequest do
    serial = serial + 1
    local team
    if hot then
      team = (index - 1) % hotTeamCount
    else
      team = (serial * 7919) % teamCount
    end
    events[index] = string.format('{"id":"evt_%s_%d","teamId":"team_%d","apiCalls":%d,"occurredAt":"%s"}',
      runTag, serial, team, 1 + serial % 47, occurredAt)
  end
  sent = sent + 1
  return wrk.format("POST", "/v1/track/usage", headers, '{"events":[' .. table.concat(events, ",") .. "]}")
end

function response(status, headers, body)
  if status ~= 200 then
    failedResponses = failedResponses + 1
    return
  end
  okResponses = okResponses + 1
  accepted = accepted + (tonumber(string.match(body, '"accepted":(%d+)')) or 0)
end
