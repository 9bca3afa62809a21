-- GET /r/<code>, every request a new visitor: its own client address in X-Forwarded-For (the
-- server trusts 127.0.0.1 as its proxy), with a user agent from a few common browsers.
-- Arguments: path, first visitor serial (so that runs against one server never repeat a visitor).
local path
local serial
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
}
local threadSpan = 4194304

function init(args)
  path = args[1]
  serial = tonumber(args[2]) + threadIndex * threadSpan
end

function request()
  serial = serial + 1
  sent = sent + 1
  local address = string.format("10.%d.%d.%d", math.floor(serial / 65536) % 256, math.floor(serial / 256) % 256, serial % 256)
  return wrk.format("GET", path, { ["X-Forwarded-For"] = address, ["User-Agent"] = agents[serial % #agents + 1] })
end
