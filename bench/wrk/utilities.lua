-- GET /utilities?zip=60601 with a connect token, as the component asks.
function init(args)
  token = io.lines(args[1])()
end
function request()
  return wrk.format("GET", "/utilities?zip=60601", { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" })
end
