// Defines `window.UtilityConnect` before the wasm module has loaded, so that
// `UtilityConnect.create(config).open()` can be called at any time: calls are
// queued and replayed on the real handle once the module starts.
(function (global) {
  if (global.UtilityConnect) return;
  var pending = [];
  global.UtilityConnect = {
    create: function (config) {
      var real = null;
      var queued = [];
      pending.push({
        config: config,
        attach: function (handle) {
          real = handle;
          queued.splice(0).forEach(function (method) { handle[method](); });
        },
      });
      function forward(method) {
        return function () {
          if (real) real[method]();
          else queued.push(method);
        };
      }
      return { open: forward("open"), close: forward("close"), destroy: forward("destroy") };
    },
    // Called by the script loader when the module cannot be fetched or started.
    __failed: function (error) {
      pending.splice(0).forEach(function (entry) {
        var onError = entry.config && entry.config.callbacks && entry.config.callbacks.onError;
        if (typeof onError === "function") onError({ error: { type: "load_failed", message: String(error && error.message || error) } });
      });
    },
    // Called by the wasm module's start function with the real factory.
    __ready: function (factory) {
      pending.splice(0).forEach(function (entry) {
        try {
          entry.attach(factory.create(entry.config));
        } catch (error) {
          var onError = entry.config && entry.config.callbacks && entry.config.callbacks.onError;
          if (typeof onError === "function") onError({ error: { type: "invalid_config", message: String(error.message || error) } });
          else console.error(error);
        }
      });
    },
  };
})(window);
