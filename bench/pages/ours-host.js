// The host page of our component, as a script-tag user writes it: create()
// and open() with a connect token the host's backend minted (the benchmark
// hands it over in window.__benchTokens). ?isolation=frame puts the frame on
// the other loopback name, another origin, as the demo page does.
(function () {
  var isolation = new URLSearchParams(location.search).get("isolation") === "frame" ? "frame" : "inline";
  var frameOrigin = new URL(location.href);
  frameOrigin.hostname = frameOrigin.hostname === "127.0.0.1" ? "localhost" : "127.0.0.1";
  var handle = null;
  window.benchOpen = function (token) {
    window.__benchMark("open");
    if (handle) handle.destroy();
    handle = UtilityConnect.create({
      isolation: isolation,
      apiBaseUrl: isolation === "frame" ? frameOrigin.origin : undefined,
      connectToken: token,
      callbacks: { onError: function (data) { console.error("onError " + JSON.stringify(data)); } },
    });
    handle.open();
  };
  // Closed the way a user closes it (not destroyed), so frame mode may keep
  // its frame for the next open(), as it does on a real page.
  window.benchClose = function () {
    if (handle) handle.close();
  };
  window.benchOpen(window.__benchTokens.shift());
})();
