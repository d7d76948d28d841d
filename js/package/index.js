// ES module entry for bundlers and React hosts. `create(config)` returns a
// handle at once; `open()` before the wasm has loaded is queued by the same
// stub the script tag uses (loader-stub.js).
import "./loader-stub.js";
import init from "./utility_connect.js";

let loading = null;

/**
 * Loads and starts the wasm module once; resolves with the factory
 * (`{ create, version }`). `wasmUrl` overrides where the .wasm is fetched from.
 */
export function loadUtilityConnect(options) {
  if (!loading) {
    const wasmUrl = options && options.wasmUrl;
    loading = init(wasmUrl ? { module_or_path: wasmUrl } : undefined).then(() => window.UtilityConnect);
    // A failed load may succeed later (e.g. the network came back).
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** Same contract as `window.UtilityConnect.create`, usable before the module loads. */
export function create(config, options) {
  const queue = window[Symbol.for("utility-connect.queue")];
  const handle = queue.create(config);
  loadUtilityConnect(options).catch((error) => queue.__failed(error));
  return handle;
}
