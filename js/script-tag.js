// Script-tag global: `UtilityConnect.create(config)` opens frame mode unless
// `isolation: "inline"`, which goes to the queueing stub (and loads the
// wasm). The wasm's start function replaces the global with its factory;
// `__ready` puts this one back and keeps the factory for inline handles.
(function (global) {
  var stub = global.UtilityConnect;
  var factory = null;
  var inert = { open: function () {}, close: function () {}, destroy: function () {} };

  function inline(config) {
    return !!config && config.isolation === "inline";
  }

  var api = {
    create: function (config) {
      if (!inline(config)) return createFrame(config);
      if (!factory) {
        stub.__load();
        return stub.create(config);
      }
      try {
        return factory.create(config);
      } catch (error) {
        var onError = config.callbacks && config.callbacks.onError;
        var data = { error: { type: "invalid_config", message: String(error.message || error) } };
        if (typeof onError === "function") onError(data);
        else console.error(error);
        return inert;
      }
    },
    /** Starts loading what `create(config)` will need, ahead of the first open(). */
    preload: function (config) {
      if (inline(config)) stub.__load();
      else preloadFrame(config);
    },
    __ready: function (real) {
      factory = real;
      api.version = real.version;
      global.UtilityConnect = api;
      stub.__ready(real);
    },
    __failed: function (error) {
      stub.__failed(error);
    },
  };
  global.UtilityConnect = api;
})(window);
