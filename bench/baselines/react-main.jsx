// The React 19 baseline's entry: the host's open()/close(), as the script tag offers.
import { createRoot } from "react-dom/client";
import { Widget } from "./app.jsx";

let root = null;
const close = () => {
  if (root) root.unmount();
  root = null;
};
window.BenchWidget = {
  open(token) {
    close();
    const host = document.body.appendChild(document.createElement("div"));
    root = createRoot(host);
    root.render(<Widget token={token} onClose={close} />);
  },
  close,
};
