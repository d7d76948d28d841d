// React bindings. `useUtilityConnect()` returns both shapes:
//   const { open, close, ready, error, preload } = useUtilityConnect();
//   const [{ loading, error }, open] = useUtilityConnect();   // Arcadia-shaped
// Nothing loads at mount: the frame (or, inline, the wasm) loads on the
// first open() or on preload(). open() never throws or rejects: mistakes go
// to the config's onError and to the hook's `error`.
// Plain JS (no JSX) so the package needs no build step.
import { createElement, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { create, loadUtilityConnect, preload as preloadFor } from "./index.js";

const CALLBACKS = ["onOpen", "onCredentialsSubmitted", "onClose", "onError", "onEvent"];

function isInline(options) {
  return !!options && options.isolation === "inline";
}

/** Modal flow; the handle is destroyed on unmount. `options`: `{ isolation, wasmUrl, apiBaseUrl, clientId }`. */
export function useUtilityConnect(options) {
  const inline = isInline(options);
  // Frame mode has nothing to load on the host page beyond this bundle.
  const [state, setState] = useState({ loading: false, ready: !inline, error: null });
  const handle = useRef(null);
  const alive = useRef(false);
  const update = (patch) => {
    if (alive.current) setState((old) => ({ ...old, ...patch }));
  };
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (handle.current) handle.current.destroy();
      handle.current = null;
    };
  }, []);

  // Frame mode: the modal's frame, hidden, for the hook's `{ apiBaseUrl, clientId }`.
  const preload = useCallback(() => {
    if (!inline) return preloadFor(options);
    update({ loading: true });
    loadUtilityConnect(options).then(
      () => update({ loading: false, ready: true }),
      (error) => update({ loading: false, error: { type: "load_failed", message: String(error && error.message || error) } }),
    );
  }, []);

  const open = useCallback((config) => {
    try {
      config = { ...(inline ? { isolation: "inline" } : null), ...config };
      const hostCallbacks = config.callbacks || {};
      const onError = (data) => {
        update({ error: data.error });
        if (typeof hostCallbacks.onError === "function") hostCallbacks.onError(data);
      };
      if (handle.current) handle.current.destroy();
      update({ error: null });
      if (isInline(config)) preload();
      handle.current = create({ ...config, callbacks: { ...hostCallbacks, onError } }, options);
      handle.current.open();
    } catch (error) {
      update({ error: { type: "invalid_config", message: String(error && error.message || error) } });
    }
    return Promise.resolve();
  }, []);

  const close = useCallback(() => {
    if (handle.current) handle.current.close();
  }, []);

  return useMemo(() => {
    const result = [{ loading: state.loading, error: state.error }, open];
    return Object.assign(result, { open, close, preload, ready: state.ready, loading: state.loading, error: state.error });
  }, [state]);
}

/**
 * Inline flow: renders into its own <div> (an iframe of the Connect server
 * in frame mode); recreated when the token changes, destroyed on unmount.
 * Other props are the create() config.
 */
export function UtilityConnect(props) {
  const container = useRef(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    if (!container.current) return undefined;
    // Callbacks read the latest props, so re-renders never reopen the flow.
    const { className, ...config } = latest.current;
    const callbacks = {};
    for (const name of CALLBACKS) {
      callbacks[name] = (...args) => {
        const callback = latest.current.callbacks && latest.current.callbacks[name];
        if (callback) callback(...args);
      };
    }
    const handle = create({ ...config, container: container.current, callbacks });
    handle.open();
    return () => handle.destroy();
  }, [props.connectToken, props.isolation]);
  return createElement("div", { ref: container, className: props.className });
}
