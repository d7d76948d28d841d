-- POST /connect/credentials: one submission per connect token (a token with a
-- submission being checked is refused, 409), a distinct login each time
-- (per-login limits), sandbox password `verified`. Enough tokens are minted
-- for the run; were they to run out, the tokens come round again and their
-- refusals show as non-2xx answers in the result.
local used = 0
function request()
  used = used + 1
  local body = string.format('{"utility_id":4110,"zip":"60601","username":"bench-%d-%d","password":"verified"}', index, used)
  return wrk.format("POST", "/connect/credentials", {
    ["Authorization"] = "Bearer " .. lines[(used - 1) % #lines + 1],
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }, body)
end
