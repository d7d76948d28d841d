/** How the flow ended, as reported to `onClose`. */
export type CloseStatus = "verified" | "rejected" | "timed_out" | "pending" | "no_submit" | "error";

export interface UtilityConnectError {
  /** Stable, machine-readable: e.g. "invalid_connect_token", "connect_token_expired", "network_error", "server_error", "invalid_config", "load_failed". */
  type: string;
  /** For developers; never contains a password or code. */
  message: string;
}

export interface UtilityConnectCallbacks {
  /** The component is on screen. */
  onOpen?: () => void;
  /** The user submitted their login; verification may still be running. */
  onCredentialsSubmitted?: (data: { utilityCredentialId: number }) => void;
  /** The component closed; `utilityCredentialId` is present once one exists. */
  onClose?: (data: { status: CloseStatus; utilityCredentialId?: number }) => void;
  onError?: (data: { error: UtilityConnectError }) => void;
  /** Analytics: see the documented event names (screen_viewed, utility_selected, ...). */
  onEvent?: (name: string, metadata: Record<string, unknown>) => void;
}

export interface UtilityConnectConfig {
  /** From your backend's `POST /auth/connect_token`. */
  connectToken: string;
  /** Where the Connect API lives; default: the page's own origin. */
  apiBaseUrl?: string;
  /** Render inline in this element; without it the component opens as a modal. */
  container?: HTMLElement;
  /** Create mode only: prefill the zip code and pre-select a utility (EIA id). */
  newCredentialData?: { zipCode?: string; utilityId?: string | number };
  /** "en" (default) or "es". */
  locale?: string;
  /** Design-token overrides, e.g. { primaryColor: "#5b21b6", borderRadius: "4px" }. */
  /** A preset ("auto" follows prefers-color-scheme), or design tokens with an optional preset. */
  theme?: "light" | "dark" | "auto" | ({ preset?: "light" | "dark" | "auto" } & Record<string, string | number>);
  /** Nonce put on the component's injected <style>, for pages whose CSP allows styles by nonce only. */
  cspNonce?: string;
  /** How long the verifying screen waits before showing the timeout screen (default 30000). */
  verificationTimeoutMs?: number;
  callbacks?: UtilityConnectCallbacks;
}

export interface UtilityConnectHandle {
  open(): void;
  /** Closes as if the user did; reports `onClose`. Safe to call twice. */
  close(): void;
  /** Removes the component without reporting. Safe to call twice. */
  destroy(): void;
}

export interface UtilityConnectFactory {
  create(config: UtilityConnectConfig): UtilityConnectHandle;
  version: string;
}

export function loadUtilityConnect(options?: { wasmUrl?: string | URL }): Promise<UtilityConnectFactory>;
export function create(config: UtilityConnectConfig, options?: { wasmUrl?: string | URL }): UtilityConnectHandle;
