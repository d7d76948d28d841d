import type * as React from "react";
import type { UtilityConnectConfig, UtilityConnectError, Isolation } from "./index";

export interface UseUtilityConnectOptions {
  /** "frame" (default): the frame loads on preload(config) or the first open(). "inline": the wasm loads on preload() or the first open(). */
  isolation?: Isolation;
  wasmUrl?: string | URL;
  /** Frame mode: the Connect server and the app whose frame preload() loads ahead of open(). */
  apiBaseUrl?: string;
  clientId?: string;
}

export type OpenUtilityConnect = (config: UtilityConnectConfig) => Promise<void>;

/**
 * Both shapes: `const { open, close, ready, error, preload } = useUtilityConnect()`
 * and the Arcadia-shaped `const [{ loading, error }, open] = useUtilityConnect()`.
 */
export type UseUtilityConnectResult = [
  { loading: boolean; error: UtilityConnectError | null },
  OpenUtilityConnect,
] & {
  /** Never throws or rejects; mistakes go to the config's onError and to `error`. */
  open: OpenUtilityConnect;
  /** Closes as if the user did (onClose is reported). */
  close: () => void;
  /**
   * Starts loading what open() needs: inline mode the wasm; frame mode the
   * modal's frame, hidden, for the options' `apiBaseUrl` and `clientId`.
   */
  preload: () => void;
  ready: boolean;
  loading: boolean;
  /** The last onError of the current open(), or a load failure. */
  error: UtilityConnectError | null;
};

export function useUtilityConnect(options?: UseUtilityConnectOptions): UseUtilityConnectResult;

export function UtilityConnect(
  props: Omit<UtilityConnectConfig, "container"> & { className?: string },
): React.ReactElement;
