-- POST /connect/credentials: one submission per connect token (a token with a
-- submission being checked is refused, 409), a distinct login each time
-- (per-login limits), sandbox password `verified`. A thread stops when its
-- tokens are spent.
local used = 0
function request()
  used = used + 1
  if used > #lines then
    wrk.thread:stop()
    used = #lines
  end
  local body = string.format('{"utility_id":4110,"zip":"60601","username":"bench-%d-%d","password":"verified"}', index, used)
  return wrk.format("POST", "/connect/credentials", {
    ["Authorization"] = "Bearer " .. lines[used],
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }, body)
end
