// Frame mode (`isolation: "frame"`), host side: draws the overlay (or uses
// the inline `container`), puts the Connect server's own page in an iframe,
// hands it the token and config by postMessage once it says it is ready, and
// relays its callbacks. What the user types stays on the server's origin.
//
// An ES module for the npm package; the build strips `export` to inline it
// into the script-tag file. Size matters: the host page loads only this.
//
// Rules kept here (also in the README):
// - Every message is checked for the frame's window, the exact origin of
//   `apiBaseUrl` and this instance's random channel id.
// - Only the five callbacks pass, each with only its documented fields;
//   onOpen, onCredentialsSubmitted and onClose at most once per open().
// - One modal at a time: `open()` while another modal is open is refused
//   with `onError({error: {type: "already_open"}})`; the open one is untouched.
// - `open()` never throws: mistakes go to onError (`invalid_config`).
// - The window's message listener holds the instance, so a modal the host
//   kept no handle of lives until it is closed.
// - A modal's frame is kept, hidden, once its component has closed (the
//   frame then says "ready" again), so that the next modal open() for the
//   same app and API, from any handle, is a postMessage away: no page load,
//   no wasm start. It keeps its channel id and origin checks, and holds no
//   handle, token or component while hidden. One is kept at most; nothing
//   is loaded before the first open() or `preload()`, which loads the
//   modal's frame the same way, hidden, ahead of it.

var TITLE = "Connect your utility account";
var ONCE = { onOpen: 1, onCredentialsSubmitted: 1, onClose: 1 };
// Shared by every copy of the loader on the page (script tag and bundles).
var MODAL = "__utilityConnectModal";
// Long enough for a slow network; a frame blocked by frame-ancestors or a
// wrong apiBaseUrl never says ready.
var READY_TIMEOUT_MS = 20000;
var CLOSE_TIMEOUT_MS = 3000;

function css(element, text) {
  element.style.cssText = text;
  return element;
}

function randomId() {
  var bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
}

// The token's claims are signed, not encrypted: the client id is readable.
function clientIdOf(token) {
  var part = String(token).split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
  try {
    return JSON.parse(atob(part)).client_id;
  } catch (error) {
    return null;
  }
}

function number(value) {
  return typeof value === "number" ? value : undefined;
}

// Rebuilds each payload from its documented fields only.
var SHAPES = {
  onOpen: function () { return []; },
  onCredentialsSubmitted: function (p) { return [{ utilityCredentialId: number(p.utilityCredentialId) }]; },
  onClose: function (p) {
    var data = { status: String(p.status) };
    if (number(p.utilityCredentialId) !== undefined) data.utilityCredentialId = p.utilityCredentialId;
    return [data];
  },
  onError: function (p) { return [{ error: { type: String(p.error && p.error.type), message: String(p.error && p.error.message) } }]; },
  onEvent: function (p) {
    var metadata = {};
    for (var key in p.metadata) {
      var value = p.metadata[key];
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") metadata[key] = value;
    }
    return [String(p.name), metadata];
  },
};

// The kept frame: `{key, outer, frame, channel, target, ready}`.
var spare = null;
var listening = false;

function fromFrame(event, frame, target, channel) {
  return frame && event.source === frame.contentWindow && event.origin === target && event.data && event.data.channel === channel;
}

function dropSpare() {
  if (spare) spare.outer.remove();
  spare = null;
}

function onSpareMessage(event) {
  if (spare && fromFrame(event, spare.frame, spare.target, spare.channel) && event.data.kind === "ready") spare.ready = true;
}

function keepSpare(kept) {
  dropSpare();
  spare = kept;
  if (!listening) window.addEventListener("message", onSpareMessage);
  listening = true;
}

function baseOf(config) {
  return String(config.apiBaseUrl || location.origin).replace(/\/+$/, "");
}

function newFrame(base, clientId, channel, modal) {
  var frame = css(document.createElement("iframe"), "display:block;border:0;width:100%;height:" + (modal ? "100%" : "600px"));
  frame.title = TITLE;
  frame.src = base + "/connect/frame?client_id=" + encodeURIComponent(clientId) +
    "&origin=" + encodeURIComponent(location.origin) + "&channel=" + channel;
  return frame;
}

function drawModal(frame) {
  var overlay = css(document.createElement("div"),
    "position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:rgba(15,23,42,.6)");
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-modal", "true");
  overlay.setAttribute("aria-label", TITLE);
  var box = css(document.createElement("div"),
    "position:relative;width:min(480px,100vw);height:min(720px,100vh);background:#fff;border-radius:12px;overflow:hidden");
  var button = css(document.createElement("button"),
    "position:absolute;top:6px;right:6px;width:32px;height:32px;border:0;border-radius:16px;background:#fff;font:20px/1 sans-serif;cursor:pointer");
  button.type = "button";
  button.textContent = "\u00d7";
  button.setAttribute("aria-label", "Close");
  // The overlay outlives this handle: it closes whichever is open.
  button.onclick = function () { window[MODAL].close(); };
  box.append(frame, button);
  overlay.append(box);
  overlay.onclick = function (event) {
    if (event.target === overlay) window[MODAL].close();
  };
  return document.body.appendChild(overlay);
}

// `preload(config)` in frame mode: the modal frame for this app and API,
// loaded hidden now so that the first open() is a postMessage away. Needs
// the app's client id (`clientId`, or read from `connectToken`); a frame
// already kept for them, or a modal open now, is left as it is.
export function preloadFrame(config) {
  config = config || {};
  var base = baseOf(config);
  var clientId = config.clientId || clientIdOf(config.connectToken);
  if (!clientId || config.container || window[MODAL]) return;
  var key = base + " " + clientId;
  if (spare && spare.key === key && spare.outer.isConnected) return;
  var target;
  try {
    target = new URL(base).origin;
  } catch (error) {
    return; // open() reports the bad apiBaseUrl
  }
  var channel = randomId();
  var frame = newFrame(base, clientId, channel, true);
  var outer = drawModal(frame);
  outer.style.display = "none";
  keepSpare({ key: key, outer: outer, frame: frame, channel: channel, target: target });
}

export function createFrame(config) {
  config = config || {};
  var callbacks = config.callbacks || {};
  // idle -> opening (frame loading) -> ready -> idle again after onClose; destroyed is final.
  var state = "idle";
  var fired = {};
  var modal, outer, frame, channel, target, opener, timer, restore, key;

  function call(name, payload) {
    if (ONCE[name] && fired[name]) return;
    fired[name] = 1;
    var callback = callbacks[name];
    if (typeof callback !== "function") {
      if (name === "onError") console.warn("UtilityConnect:", payload.error.type, payload.error.message);
      return;
    }
    try {
      callback.apply(null, SHAPES[name](payload));
    } catch (error) {
      console.error("UtilityConnect: a host callback threw:", error);
    }
  }

  function fail(type, message) {
    call("onError", { error: { type: type, message: message } });
  }

  function post(message) {
    message.channel = channel;
    frame.contentWindow.postMessage(message, target);
  }

  function onMessage(event) {
    var data = event.data;
    if (!fromFrame(event, frame, target, channel)) return;
    if (data.kind === "ready" && state === "opening") configure();
    else if (data.kind === "callback" && SHAPES.hasOwnProperty(data.name) && data.payload) {
      // An error before ready (origin refused) stands for the frame's answer.
      clearTimeout(timer);
      if (data.name === "onClose") finish(data.payload, state === "ready");
      else call(data.name, data.payload);
    } else if (data.kind === "close") {
      close();
    } else if (data.kind === "size" && !modal && number(data.height)) {
      frame.style.height = data.height + "px";
    }
  }

  function configure() {
    state = "ready";
    clearTimeout(timer);
    post({
      kind: "config",
      connectToken: config.connectToken,
      config: {
        locale: config.locale,
        theme: config.theme,
        newCredentialData: config.newCredentialData,
        verificationTimeoutMs: config.verificationTimeoutMs,
      },
    });
    if (modal) frame.focus();
  }

  function onKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  }

  // `keep`: the component in the frame closed cleanly; the frame waits,
  // hidden, for the next modal open().
  function teardown(keep) {
    clearTimeout(timer);
    window.removeEventListener("message", onMessage);
    document.removeEventListener("keydown", onKey);
    var hadFocus = outer && outer.contains(document.activeElement);
    if (keep && modal) {
      outer.style.display = "none";
      keepSpare({ key: key, outer: outer, frame: frame, channel: channel, target: target });
    } else if (outer) outer.remove();
    if (restore) restore();
    if (window[MODAL] === handle) window[MODAL] = null;
    if ((modal || hadFocus) && opener && opener.isConnected && opener.focus) opener.focus();
    outer = frame = restore = null;
  }

  // The page is as it was before onClose runs, which may open again.
  function finish(payload, keep) {
    teardown(keep);
    state = "idle";
    call("onClose", payload);
  }

  function start() {
    var token = config.connectToken;
    if (typeof token !== "string" || !token.trim()) throw new Error('Missing "connectToken" value.');
    var container = config.container;
    if (container != null && !(container instanceof Element)) throw new Error('"container" must be an element');
    var base = baseOf(config);
    target = new URL(base).origin;
    var clientId = clientIdOf(token);
    modal = !container;
    fired = {};
    if (!clientId) return fail("invalid_connect_token", "The connect token cannot be read.");
    if (modal && window[MODAL]) return fail("already_open", "Another Connect modal is open; close it first.");
    opener = document.activeElement;
    key = base + " " + clientId;
    var kept = modal && spare && spare.key === key && spare.outer.isConnected && spare;
    if (kept) spare = null;
    else if (modal) dropSpare();
    window.addEventListener("message", onMessage);
    state = "opening";
    if (kept) {
      outer = kept.outer;
      frame = kept.frame;
      channel = kept.channel;
    } else {
      channel = randomId();
      frame = newFrame(base, clientId, channel, modal);
      outer = modal ? drawModal(frame) : container.appendChild(frame);
    }
    if (modal) showModal();
    if (kept && kept.ready) return configure();
    timer = setTimeout(function () {
      fail("load_failed", "The Connect frame did not load from " + target + ".");
      finish({ status: "error" });
    }, READY_TIMEOUT_MS);
  }

  // The page behind cannot be focused, clicked or scrolled while open.
  function showModal() {
    window[MODAL] = handle;
    outer.style.display = "flex";
    document.addEventListener("keydown", onKey);
    var body = document.body;
    var overflow = body.style.overflow;
    var made = Array.prototype.filter.call(body.children, function (child) { return !child.inert && child !== outer; });
    made.forEach(function (child) { child.inert = true; });
    body.style.overflow = "hidden";
    restore = function () {
      made.forEach(function (child) { child.inert = false; });
      body.style.overflow = overflow;
    };
  }

  function close() {
    if (state === "ready") {
      clearTimeout(timer);
      post({ kind: "close" });
      // A frame that no longer answers must not keep the overlay up.
      timer = setTimeout(function () {
        finish({ status: fired.onCredentialsSubmitted ? "pending" : "no_submit" });
      }, CLOSE_TIMEOUT_MS);
    } else if (state === "opening") {
      finish({ status: fired.onError ? "error" : "no_submit" });
    }
  }

  var handle = {
    open: function () {
      if (state !== "idle") return;
      try {
        start();
      } catch (error) {
        teardown();
        state = "idle";
        fail("invalid_config", String((error && error.message) || error));
      }
    },
    close: close,
    destroy: function () {
      teardown();
      state = "destroyed";
    },
  };
  return handle;
}
