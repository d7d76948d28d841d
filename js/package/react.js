// React bindings, shaped like Arcadia's connect-react so that its integrators
// feel at home: `const [{ loading, error }, open] = useUtilityConnect()`.
// Plain JS (no JSX) so the package needs no build step.
import { createElement, useCallback, useEffect, useRef, useState } from "react";
import { loadUtilityConnect } from "./index.js";

/** Modal flow: `open(config)` starts it; the handle is destroyed on unmount. */
export function useUtilityConnect(options) {
  const [state, setState] = useState({ loading: true, error: null });
  const handle = useRef(null);
  useEffect(() => {
    let mounted = true;
    loadUtilityConnect(options).then(
      () => mounted && setState({ loading: false, error: null }),
      (error) => mounted && setState({ loading: false, error }),
    );
    return () => {
      mounted = false;
      if (handle.current) handle.current.destroy();
      handle.current = null;
    };
  }, []);
  const open = useCallback(async (config) => {
    const factory = await loadUtilityConnect(options);
    if (handle.current) handle.current.destroy();
    handle.current = factory.create(config);
    handle.current.open();
  }, []);
  return [state, open];
}

/**
 * Inline flow: renders into its own <div>; recreated when the token changes,
 * destroyed on unmount. Other props are the create() config.
 */
export function UtilityConnect(props) {
  const container = useRef(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    let handle = null;
    let cancelled = false;
    loadUtilityConnect().then((factory) => {
      if (cancelled || !container.current) return;
      // Callbacks read the latest props, so re-renders never reopen the flow.
      const { className, ...config } = latest.current;
      const callbacks = {};
      for (const name of ["onOpen", "onCredentialsSubmitted", "onClose", "onError", "onEvent"]) {
        callbacks[name] = (...args) => {
          const callback = latest.current.callbacks && latest.current.callbacks[name];
          if (callback) callback(...args);
        };
      }
      handle = factory.create({ ...config, container: container.current, callbacks });
      handle.open();
    });
    return () => {
      cancelled = true;
      if (handle) handle.destroy();
    };
  }, [props.connectToken]);
  return createElement("div", { ref: container, className: props.className });
}
