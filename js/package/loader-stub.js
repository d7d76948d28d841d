// The one queue behind both entries. It defines `window.UtilityConnect` before
// the wasm module has loaded, so that `UtilityConnect.create(config).open()`
// can be called at any time: calls are queued and replayed on the real handle
// once the module starts (its start function calls `__ready`). The script tag
// runs this file first; the npm entry (index.js) imports it and creates every
// handle through it, found under a registry symbol once the real factory has
// taken the global's place.
(function (global) {
  // Nothing to define during server-side rendering, or twice.
  if (!global) return;
  var key = Symbol.for("utility-connect.queue");
  if (global[key]) return;
  var pending = [];
  // The real factory once the module has started (it may have started first).
  var started = global.UtilityConnect && !global.UtilityConnect.__ready ? global.UtilityConnect : null;

  function report(config, type, error) {
    var onError = config && config.callbacks && config.callbacks.onError;
    var message = String((error && error.message) || error);
    if (typeof onError === "function") onError({ error: { type: type, message: message } });
    else console.error("UtilityConnect:", message);
  }

  function attachAll() {
    pending.splice(0).forEach(function (entry) {
      var handle;
      try {
        handle = started.create(entry.config);
      } catch (error) {
        report(entry.config, "invalid_config", error);
        return;
      }
      entry.attach(handle);
    });
  }

  var queue = {
    create: function (config) {
      var real = null;
      var queued = [];
      var entry = {
        config: config,
        attach: function (handle) {
          real = handle;
          queued.splice(0).forEach(function (method) { handle[method](); });
        },
      };
      pending.push(entry);
      // Already started: still answer asynchronously, as before the load.
      if (started) Promise.resolve().then(attachAll);
      function forward(method) {
        return function () {
          if (real) real[method]();
          // Destroyed before the module loaded: it is never created.
          else if (method === "destroy") pending = pending.filter(function (other) { return other !== entry; });
          else queued.push(method);
        };
      }
      return { open: forward("open"), close: forward("close"), destroy: forward("destroy") };
    },
    // Called by a loader when the module cannot be fetched or started.
    __failed: function (error) {
      pending.splice(0).forEach(function (entry) { report(entry.config, "load_failed", error); });
    },
    // Called by the wasm module's start function with the real factory.
    __ready: function (factory) {
      started = factory;
      attachAll();
    },
  };
  global[key] = queue;
  if (!global.UtilityConnect) global.UtilityConnect = queue;
})(typeof window !== "undefined" ? window : undefined);
