-- Shared by the token-carrying scripts: each wrk thread reads its own share
-- of the lines of the file named by the script's first argument (a token, or
-- "token credential_id"), so no two threads use the same token.
local thread_count = 0
function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
end

lines = {}
function init(args)
  local threads = tonumber(args[2])
  local n = 0
  for line in io.lines(args[1]) do
    if n % threads == index then lines[#lines + 1] = line end
    n = n + 1
  end
end
