import { useState } from "react";
import type { CloseStatus, Isolation, UtilityConnectConfig, UtilityConnectEventName } from "@utility-connect/web";
import { useUtilityConnect } from "@utility-connect/web/react";

// ?isolation=inline runs the component in this page; the default is frame mode.
const isolation: Isolation = new URLSearchParams(location.search).get("isolation") === "inline" ? "inline" : "frame";

/** This app's own backend mints the connect token (see server.mjs). */
async function fetchConnectToken(utilityCredentialId?: number): Promise<{ connectToken: string; apiBaseUrl: string }> {
  const response = await fetch("/api/connect_token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(utilityCredentialId === undefined ? {} : { utility_credential_id: utilityCredentialId }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  return response.json();
}

export function App() {
  const { open, close, ready, error, preload } = useUtilityConnect({ isolation });
  const [lines, setLines] = useState<string[]>([]);
  const [credentialId, setCredentialId] = useState<number | null>(null);
  const record = (line: string) => setLines((old) => [...old, line]);

  async function start(utilityCredentialId?: number) {
    const { connectToken, apiBaseUrl } = await fetchConnectToken(utilityCredentialId);
    const config: UtilityConnectConfig = {
      connectToken,
      apiBaseUrl,
      isolation,
      theme: { primaryColor: "#0b6e4f", borderRadius: 6 },
      callbacks: {
        onOpen: () => record("onOpen"),
        onCredentialsSubmitted: ({ utilityCredentialId }) => {
          setCredentialId(utilityCredentialId);
          record(`onCredentialsSubmitted ${JSON.stringify({ utilityCredentialId })}`);
        },
        onClose: (data: { status: CloseStatus; utilityCredentialId?: number }) => record(`onClose ${JSON.stringify(data)}`),
        onError: ({ error }) => record(`onError ${JSON.stringify(error)}`),
        onEvent: (name: UtilityConnectEventName) => {
          if (name === "closed") record("onEvent closed");
        },
      },
    };
    await open(config);
  }

  return (
    <main>
      <h1>React host ({isolation} mode)</h1>
      <p>Ready: {String(ready)}</p>
      <button type="button" onClick={() => void start()}>
        Connect utility account
      </button>
      <button type="button" disabled={credentialId === null} onClick={() => void start(credentialId ?? undefined)}>
        Update connection
      </button>
      <button type="button" onClick={preload}>
        Preload
      </button>
      <button type="button" onClick={close}>
        Close from the host
      </button>
      <button type="button" onClick={() => void open({ connectToken: "" })}>
        Open with a mistake
      </button>
      {error ? <p role="alert">Error: {error.type}</p> : null}
      <ol role="log" aria-label="Callback log">
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
