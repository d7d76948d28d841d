// The Preact 11 baseline's entry: the host's open()/close(), as the script tag offers.
import { render } from "preact";
import { Widget } from "./app.jsx";

let host = null;
const close = () => {
  if (host) render(null, host);
  host = null;
};
window.BenchWidget = {
  open(token) {
    close();
    host = document.body.appendChild(document.createElement("div"));
    render(<Widget token={token} onClose={close} />, host);
  },
  close,
};
