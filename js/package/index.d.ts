/** How the flow ended, as reported to `onClose`. */
export type CloseStatus = "verified" | "rejected" | "timed_out" | "pending" | "no_submit" | "error";

/**
 * Every `onError` type (see the README's table):
 * - `invalid_connect_token`: the token cannot be read or the server refused it; mint a new one.
 * - `connect_token_expired`: mint a new token and open again.
 * - `origin_not_allowed`: this page's origin is not registered for the token's client.
 * - `attempts_exhausted`: too many submissions or wrong codes; the token is spent.
 * - `login_temporarily_locked`: this login failed too often recently; try later.
 * - `network_error`: the Connect server could not be reached.
 * - `server_error`: the server answered with something unusable.
 * - `validation_error`: the server refused a request's content.
 * - `verification_error`: the utility could not check the login.
 * - `invalid_config`: a mistake in the config passed to create()/open().
 * - `load_failed`: the component (wasm) or the frame could not be loaded.
 * - `already_open`: frame mode allows one modal at a time; the open one stays.
 */
export type UtilityConnectErrorType =
  | "invalid_connect_token"
  | "connect_token_expired"
  | "origin_not_allowed"
  | "attempts_exhausted"
  | "login_temporarily_locked"
  | "network_error"
  | "server_error"
  | "validation_error"
  | "verification_error"
  | "invalid_config"
  | "load_failed"
  | "already_open";

export interface UtilityConnectError {
  /** Stable and machine-readable. */
  type: UtilityConnectErrorType;
  /** For developers; never contains a password or code. */
  message: string;
}

/** The stable `onEvent` names (metadata per name in the README). */
export type UtilityConnectEventName =
  | "screen_viewed"
  | "consent_accepted"
  | "consent_declined"
  | "utility_search_opened"
  | "utility_selected"
  | "credentials_submitted"
  | "mfa_requested"
  | "mfa_method_selected"
  | "mfa_code_submitted"
  | "mfa_code_rejected"
  | "mfa_code_resent"
  | "verification_succeeded"
  | "verification_rejected"
  | "verification_timed_out"
  | "verification_error"
  | "closed";

/**
 * "frame" (default): the component runs in an iframe of the Connect server's
 * own page, out of reach of the host page's scripts. "inline": it runs in the
 * host page (loads the wasm there; the host's scripts can read what is typed).
 */
export type Isolation = "frame" | "inline";

export interface UtilityConnectCallbacks {
  /** The component is on screen. */
  onOpen?: () => void;
  /** The user submitted their login; verification may still be running. */
  onCredentialsSubmitted?: (data: { utilityCredentialId: number }) => void;
  /** The component closed; `utilityCredentialId` is present once one exists. */
  onClose?: (data: { status: CloseStatus; utilityCredentialId?: number }) => void;
  onError?: (data: { error: UtilityConnectError }) => void;
  /** Analytics: see the documented event names (screen_viewed, utility_selected, ...). */
  onEvent?: (name: UtilityConnectEventName, metadata: Record<string, string | number | boolean>) => void;
}

export interface UtilityConnectConfig {
  /** From your backend's `POST /auth/connect_token`. */
  connectToken: string;
  /** Default "frame". */
  isolation?: Isolation;
  /** Where the Connect API (and, in frame mode, the frame page) lives; default: the page's own origin. */
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
  /** Inline mode: nonce put on the component's injected <style>, for pages whose CSP allows styles by nonce only. */
  cspNonce?: string;
  /** How long the verifying screen waits before showing the timeout screen (default 30000). */
  verificationTimeoutMs?: number;
  callbacks?: UtilityConnectCallbacks;
}

export interface UtilityConnectHandle {
  /** Never throws: mistakes go to onError. */
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

/**
 * Loads and starts the wasm once. `wasmUrl` moves the main module only: the
 * later screens' chunk (`split_*.wasm`) is always fetched from beside
 * `__wasm_split.js`, which bundlers copy along (`new URL(…, import.meta.url)`).
 */
export function loadUtilityConnect(options?: { wasmUrl?: string | URL }): Promise<UtilityConnectFactory>;
export function create(config: UtilityConnectConfig, options?: { wasmUrl?: string | URL }): UtilityConnectHandle;
/**
 * Loads ahead of the first open() what `create(config)` needs: inline mode the
 * wasm; frame mode (the default) the modal's frame, hidden, for the app named by
 * `clientId` or `connectToken` on `apiBaseUrl`. Never throws.
 */
export function preload(
  config?: Partial<Pick<UtilityConnectConfig, "isolation" | "apiBaseUrl" | "connectToken">> & { clientId?: string },
  options?: { wasmUrl?: string | URL },
): void;
