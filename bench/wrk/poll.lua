-- GET /connect/credentials/{id}: the component's status poll, cycling through
-- credentials submitted beforehand, each with the token that submitted it.
local next_line = 0
function request()
  next_line = next_line % #lines + 1
  local token, id = lines[next_line]:match("^(%S+) (%S+)$")
  return wrk.format("GET", "/connect/credentials/" .. id, { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" })
end
