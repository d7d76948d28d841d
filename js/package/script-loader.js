// Script-tag entry: `<script src=".../utility-connect.js"></script>` defines
// window.UtilityConnect at once (the queueing stub above), then loads the wasm
// module from beside this file; its start function takes over the global.
(function () {
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : window.location.href);
  import(new URL("utility_connect.js", base).href)
    .then(function (module) {
      return module.default({ module_or_path: new URL("utility_connect_bg.wasm", base) });
    })
    .catch(function (error) {
      console.error("UtilityConnect: could not load the component:", error);
      var stub = window.UtilityConnect;
      if (stub && stub.__failed) stub.__failed(error);
    });
})();
