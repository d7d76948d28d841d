// The demo host page: what an app embedding Utility Connect would write.
// Its "backend" is the server's /demo/connect_token route, standing in for a
// host server that trades its client secret for a connect token.
(function () {
  var log = document.getElementById("callback-log");
  var connectButton = document.getElementById("connect-button");
  var updateButton = document.getElementById("update-button");
  var handle = null;
  var lastCredentialId = null;
  // Tests shorten the verifying window with ?verificationTimeoutMs=N and pick
  // the look with ?theme=light|dark|auto and ?locale=en|es.
  var params = new URLSearchParams(window.location.search);
  var verificationTimeoutMs = Number(params.get("verificationTimeoutMs")) || undefined;
  // Frame mode unless ?isolation=inline. The frame is loaded from the other
  // loopback name (127.0.0.1 <-> localhost), a different origin, so that the
  // isolation is as real here as on a customer's site.
  var isolation = params.get("isolation") === "inline" ? "inline" : "frame";
  var frameOrigin = new URL(window.location.href);
  var swap = { "127.0.0.1": "localhost", localhost: "127.0.0.1" }[frameOrigin.hostname];
  if (swap) frameOrigin.hostname = swap;
  var apiBaseUrl = isolation === "frame" ? frameOrigin.origin : undefined;
  document.getElementById("isolation-note").textContent = isolation === "frame"
    ? "Frame mode: Connect runs in an iframe from " + frameOrigin.origin + ", another origin than this page (" +
      window.location.origin + "), so this page's scripts cannot read what you type there."
    : "Inline mode: Connect runs inside this page, so this page's scripts could read what you type.";
  var theme = params.get("theme") || undefined;
  var locale = params.get("locale") || undefined;

  // One line per callback: its name, then its payload as JSON.
  function record(name, payload) {
    var line = document.createElement("li");
    line.textContent = payload === undefined ? name : name + " " + JSON.stringify(payload);
    log.appendChild(line);
  }

  function remember(data) {
    if (data && data.utilityCredentialId != null) {
      lastCredentialId = data.utilityCredentialId;
      updateButton.disabled = false;
    }
  }

  async function fetchConnectToken(body) {
    var response = await fetch("/demo/connect_token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
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
      isolation: isolation,
      apiBaseUrl: apiBaseUrl,
      connectToken: token,
      verificationTimeoutMs: verificationTimeoutMs,
      theme: theme,
      locale: locale,
      callbacks: {
        onOpen: function () { record("onOpen"); },
        onCredentialsSubmitted: function (data) { remember(data); record("onCredentialsSubmitted", data); },
        onClose: function (data) { remember(data); record("onClose", data); },
        onError: function (data) { record("onError", data); },
        onEvent: function (name, metadata) { record("onEvent", { name: name, metadata: metadata }); },
      },
    });
    handle.open();
  }

  connectButton.addEventListener("click", function () { start({}); });
  updateButton.addEventListener("click", function () {
    if (lastCredentialId != null) start({ utility_credential_id: lastCredentialId });
  });
})();
