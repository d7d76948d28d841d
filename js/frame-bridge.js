// Frame mode, frame side: runs on the Connect server's /connect/frame page.
// Says "ready" to the host's loader, takes the token and config from it, runs
// the component inline in the page, and posts the component's callbacks back.
// When the component has closed, the page says "ready" again: the loader
// keeps it hidden and hands it the next open()'s token, so that the wasm
// started here serves every open of this app in the host page.
//
// Every message in is checked for the parent window, the exact host origin
// the page was opened for (the server checked it against the client's
// registered origins) and the channel id; every message out goes to that
// origin only and carries only the documented callback fields, never what
// the user typed.
(function () {
  var params = new URLSearchParams(location.search);
  var hostOrigin = params.get("origin");
  var channel = params.get("channel");
  var clientId = params.get("client_id");
  var root = document.getElementById("connect-root");
  // The API is this page's own server: everything before /connect/frame.
  var apiBaseUrl = location.href.slice(0, location.href.indexOf("/connect/frame"));
  // The running component's handle; null between opens.
  var handle = null;

  function send(kind, fields) {
    var message = { channel: channel, kind: kind };
    for (var key in fields) message[key] = fields[key];
    window.parent.postMessage(message, hostOrigin);
  }

  function callback(name, payload) {
    send("callback", { name: name, payload: payload });
  }

  function error(type, message) {
    callback("onError", { error: { type: String(type), message: String(message) } });
  }

  // Metadata is documented to hold only fixed words and numbers; keep it so.
  function plain(metadata) {
    var copy = {};
    for (var key in metadata) {
      var value = metadata[key];
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") copy[key] = value;
    }
    return copy;
  }

  // Ready for the next open as soon as the host hears of this one's end.
  function closed(payload) {
    handle = null;
    callback("onClose", payload);
    send("ready", {});
  }

  function clientIdOf(token) {
    try {
      return JSON.parse(atob(String(token).split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).client_id;
    } catch (e) {
      return null;
    }
  }

  function start(message) {
    // The page was allowed for the client in the address; a token of another
    // client would dodge that client's own origin list.
    if (clientIdOf(message.connectToken) !== clientId) {
      error("origin_not_allowed", "The connect token is for another app than the frame was opened for.");
      return;
    }
    var config = message.config || {};
    handle = window.UtilityConnect.create({
      isolation: "inline",
      isolatedFrame: true,
      connectToken: message.connectToken,
      apiBaseUrl: apiBaseUrl,
      container: root,
      locale: config.locale,
      theme: config.theme,
      newCredentialData: config.newCredentialData,
      verificationTimeoutMs: config.verificationTimeoutMs,
      callbacks: {
        onOpen: function () { callback("onOpen", {}); },
        onCredentialsSubmitted: function (data) {
          callback("onCredentialsSubmitted", { utilityCredentialId: data.utilityCredentialId });
        },
        onClose: function (data) {
          var payload = { status: String(data.status) };
          if (typeof data.utilityCredentialId === "number") payload.utilityCredentialId = data.utilityCredentialId;
          closed(payload);
        },
        onError: function (data) { error(data.error.type, data.error.message); },
        onEvent: function (name, metadata) { callback("onEvent", { name: String(name), metadata: plain(metadata) }); },
      },
    });
    handle.open();
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || event.origin !== hostOrigin || !data || data.channel !== channel) return;
    if (data.kind === "config" && !handle) {
      start(data);
    } else if (data.kind === "close") {
      if (handle) handle.close();
      else if (document.documentElement.dataset.refused) callback("onClose", { status: "error" });
      else closed({ status: "no_submit" });
    }
  });

  // Escape anywhere in the frame asks the host's loader to close, which
  // closes the component here with its real status.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
      event.preventDefault();
      send("close", {});
    }
  });

  // Inline hosts size the iframe to the content.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      send("size", { height: root.scrollHeight });
    }).observe(root);
  }

  var refused = document.documentElement.dataset.refused;
  if (refused) {
    error(refused, "This site's origin is not registered for the app's connect tokens.");
    return;
  }
  window.UtilityConnect.preload({ isolation: "inline" });
  send("ready", {});
})();
