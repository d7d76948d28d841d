import type { UtilityConnectConfig } from "./index";

export function useUtilityConnect(options?: { wasmUrl?: string | URL }): [
  { loading: boolean; error: Error | null },
  (config: UtilityConnectConfig) => Promise<void>,
];

export function UtilityConnect(
  props: Omit<UtilityConnectConfig, "container"> & { className?: string },
): JSX.Element;
