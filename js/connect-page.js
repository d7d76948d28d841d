// The hosted "Connect URL" page (POST /auth/connect_url): runs the component
// full-page with the token from the URL fragment, which browsers never send
// to servers, and then removes it from the address bar and history.
(function () {
  var token = new URLSearchParams(window.location.hash.slice(1)).get("token") || "";
  history.replaceState(null, "", window.location.pathname);
  var root = document.getElementById("connect-root");
  window.UtilityConnect.create({
    // Already on the Connect server's own page: no frame needed.
    isolation: "inline",
    connectToken: token,
    container: root,
    callbacks: {
      onClose: function () {
        root.textContent = "";
        var done = document.createElement("p");
        done.className = "connect-page-done";
        done.setAttribute("role", "status");
        done.textContent = "You can close this tab now.";
        root.appendChild(done);
      },
    },
  }).open();
})();
