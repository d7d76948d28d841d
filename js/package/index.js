// ES module entry for bundlers and React hosts. `create(config)` returns a
// handle at once. Frame mode (the default) needs only the small loader;
// inline mode loads the wasm, and `open()` before it has loaded is queued.
import { createFrame } from "./frame-loader.js";

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
  let real = null;
  let destroyed = false;
  const queued = [];
  loadUtilityConnect(options).then(
    (factory) => {
      if (destroyed) return;
      try {
        real = factory.create(config);
      } catch (error) {
        report(config, "invalid_config", error);
        return;
      }
      queued.splice(0).forEach((method) => real[method]());
    },
    (error) => report(config, "load_failed", error),
  );
  const forward = (method) => () => {
    if (method === "destroy") destroyed = true;
    if (real) real[method]();
    else if (method !== "destroy") queued.push(method);
  };
  return { open: forward("open"), close: forward("close"), destroy: forward("destroy") };
}

function report(config, type, error) {
  const onError = config && config.callbacks && config.callbacks.onError;
  const message = String((error && error.message) || error);
  if (typeof onError === "function") onError({ error: { type, message } });
  else console.error("UtilityConnect:", message);
}

/** Loads ahead of the first `open()` what `create(config)` will need (inline mode: the wasm). */
export function preload(config, options) {
  if (config && config.isolation === "inline") loadUtilityConnect(options).catch(() => {});
}
