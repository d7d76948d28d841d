// Script-tag entry: `<script src=".../utility-connect.js"></script>` defines
// window.UtilityConnect at once (the queueing stub above). The wasm module
// beside this file loads on the first inline create() or preload (frame mode
// never needs it on the host page); its start function takes over the global.
(function () {
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : window.location.href);
  var started = false;
  window.UtilityConnect.__load = function () {
    if (started) return;
    started = true;
    var wasmUrl = new URL("utility_connect_bg.wasm", base);
    // Compiled as it downloads, while the glue module loads; a failure
    // leaves the glue to fetch it again and report.
    var wasm = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(function () { return wasmUrl; });
    import(new URL("utility_connect.js", base).href)
      .then(function (module) {
        return wasm.then(function (compiled) { return module.default({ module_or_path: compiled }); });
      })
      .catch(function (error) {
        started = false;
        console.error("UtilityConnect: could not load the component:", error);
        var stub = window.UtilityConnect;
        if (stub && stub.__failed) stub.__failed(error);
      });
  };
})();
