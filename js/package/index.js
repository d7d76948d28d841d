// ES module entry for bundlers and React hosts. `create(config)` returns a
// handle at once. Frame mode (the default) needs only the small loader;
// inline mode loads the wasm, and `open()` before it has loaded is queued by
// the same stub the script tag uses (loader-stub.js).
import "./loader-stub.js";
import { createFrame, preloadFrame } from "./frame-loader.js";

let loading = null;

/**
 * Loads and starts the wasm module once; resolves with the factory
 * (`{ create, version }`). `wasmUrl` overrides where the .wasm is fetched from.
 */
export function loadUtilityConnect(options) {
  if (!loading) {
    const wasmUrl = options && options.wasmUrl;
    // Imported on demand, so that frame-mode bundles never fetch the wasm.
    loading = import("./utility_connect.js")
      .then((module) => module.default(wasmUrl ? { module_or_path: wasmUrl } : undefined))
      .then(() => window.UtilityConnect);
    // A failed load may succeed later (e.g. the network came back).
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/**
 * Same contract as `window.UtilityConnect.create`, usable before the module
 * loads: frame mode unless `config.isolation === "inline"`.
 */
export function create(config, options) {
  if (!config || config.isolation !== "inline") return createFrame(config);
  const queue = window[Symbol.for("utility-connect.queue")];
  const handle = queue.create(config);
  loadUtilityConnect(options).catch((error) => queue.__failed(error));
  return handle;
}

/**
 * Loads ahead of the first `open()` what `create(config)` will need: inline
 * mode the wasm; frame mode the modal's frame, hidden (`config.apiBaseUrl`
 * and `config.clientId` or `config.connectToken` name it).
 */
export function preload(config, options) {
  if (config && config.isolation === "inline") loadUtilityConnect(options).catch(() => {});
  else preloadFrame(config);
}
