// The demo host page: what an app embedding Utility Connect would write.
// Its "backend" is the server's /demo/connect_token route, standing in for a
// host server that trades its client secret for a connect token.
(function () {
  var log = document.getElementById("callback-log");
  var connectButton = document.getElementById("connect-button");
  var handle = null;

  function record(name, payload) {
    var line = document.createElement("li");
    line.textContent = payload === undefined ? name : name + " " + JSON.stringify(payload);
    log.appendChild(line);
  }

  async function fetchConnectToken(body) {
    var response = await fetch("/demo/connect_token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
    var json = await response.json();
    if (!response.ok) throw new Error(json.error ? json.error.description : "HTTP " + response.status);
    return json.connect_token;
  }

  async function start(body) {
    var token;
    try {
      token = await fetchConnectToken(body);
    } catch (error) {
      record("host: could not get a connect token", { message: String(error.message || error) });
      return;
    }
    if (handle) handle.destroy();
    handle = window.UtilityConnect.create({
      connectToken: token,
      callbacks: {
        onOpen: function () { record("onOpen"); },
        onCredentialsSubmitted: function (data) { record("onCredentialsSubmitted", data); },
        onClose: function (data) { record("onClose", data); },
        onError: function (data) { record("onError", data); },
        onEvent: function (name, metadata) { record("onEvent", { name: name, metadata: metadata }); },
      },
    });
    handle.open();
  }

  connectButton.addEventListener("click", function () { start({}); });
})();
