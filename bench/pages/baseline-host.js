// The host page of a baseline: the same calls as ours-host.js, on BenchWidget.
(function () {
  window.benchOpen = function (token) {
    window.__benchMark("open");
    BenchWidget.open(token);
  };
  window.benchClose = function () {
    BenchWidget.close();
  };
  window.benchOpen(window.__benchTokens.shift());
})();
