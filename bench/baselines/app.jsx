// The benchmark's baseline: the same widget's first three screens (consent,
// zip picker, credential form) plus the verifying screen, written once with
// hooks and JSX and bundled twice, against React 19 and against Preact 11
// (`baseline-hooks` is aliased to `react` or `preact/hooks` by esbuild). It
// talks to the real Connect API as the component does: GET /connect/session
// before consent, GET /utilities?zip= on five digits, POST
// /connect/credentials, then polls GET /connect/credentials/{id}. Its markup
// reuses the component's class names so one driver walks every variant.
import { useEffect, useRef, useState } from "baseline-hooks";
import { CSS } from "./style.js";

const api = (token) => async (path, body) => {
  const response = await fetch(path, {
    method: body ? "POST" : "GET",
    headers: { Authorization: "Bearer " + token, Accept: "application/json", ...(body && { "Content-Type": "application/json" }) },
    body: body && JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error((json && json.error && json.error.description) || "HTTP " + response.status), { type: json && json.error && json.error.type });
  return json;
};

function Consent({ session, onAgree, onDecline }) {
  const client = session.client_name;
  return (
    <section className="uc-screen uc-screen--consent">
      <h2 className="uc-title">{client} wants to connect to your utility account</h2>
      <p>You'll sign in to your electric utility so that {client} can receive:</p>
      <ul>
        <li>Account details: your name, service address and account number</li>
        <li>Bills and statements</li>
        <li>Energy usage</li>
      </ul>
      <p>Only {client} receives this data, through Utility Connect. You can disconnect at any time in {client}.</p>
      <p>
        By continuing you agree to the <a href={session.terms_url} target="_blank" rel="noopener">Terms of Service</a> and{" "}
        <a href={session.privacy_url} target="_blank" rel="noopener">Privacy Policy</a>.
      </p>
      <div className="uc-actions">
        <button type="button" className="uc-button" onClick={onDecline}>Decline</button>
        <button type="button" className="uc-button uc-button--primary" onClick={onAgree}>Agree and continue</button>
      </div>
    </section>
  );
}

function Picker({ call, onPick }) {
  const [zip, setZip] = useState("");
  const [found, setFound] = useState(null);
  const [chosen, setChosen] = useState(null);
  const [status, setStatus] = useState("");
  const valid = /^\d{5}$/.test(zip);
  useEffect(() => {
    if (!valid) return setFound(null);
    let current = true;
    setStatus("Looking up utilities…");
    call("/utilities?zip=" + zip).then(
      ({ utilities }) => {
        if (!current) return;
        setFound(utilities);
        setChosen(utilities[0] || null);
        const count = utilities.length;
        setStatus(count ? (count === 1 ? "1 utility found." : count + " utilities found.") : "We don't have utility data for " + zip + " yet.");
      },
      (error) => current && setStatus(error.message),
    );
    return () => (current = false);
  }, [zip]);
  return (
    <form className="uc-screen uc-screen--utility uc-form" noValidate onSubmit={(event) => (event.preventDefault(), chosen && onPick(chosen, zip))}>
      <h2 className="uc-title">Find your utility</h2>
      <label className="uc-label" htmlFor="uc-zip">ZIP code</label>
      <input id="uc-zip" className="uc-input uc-input--zip" inputMode="numeric" autoComplete="postal-code" maxLength={5} value={zip} onInput={(event) => setZip(event.target.value)} />
      {zip.length === 5 && !valid && <p className="uc-field-error">Enter a 5-digit ZIP code</p>}
      <p className="uc-status" role="status">{status}</p>
      {found && found.length > 0 && (
        <fieldset className="uc-options">
          <legend>Utilities serving {zip}</legend>
          {found.map((utility) => (
            <label className="uc-option" key={utility.id}>
              <input type="radio" name="utility" value={String(utility.id)} checked={chosen === utility} onChange={() => setChosen(utility)} />
              <span>{utility.display_name || utility.name}</span>
              <small>{utility.name}</small>
            </label>
          ))}
        </fieldset>
      )}
      <div className="uc-actions">
        <button type="submit" className="uc-button uc-button--primary" disabled={!chosen}>Continue</button>
      </div>
    </form>
  );
}

function Credentials({ utility, error, onSubmit, onBack }) {
  const [missing, setMissing] = useState({});
  const form = useRef(null);
  const name = utility.display_name || utility.name;
  const field = (key, label, type, autoComplete) => (
    <div className="uc-field">
      <label className="uc-label" htmlFor={"uc-" + key}>{label}</label>
      <input id={"uc-" + key} className="uc-input" name={key} type={type} autoComplete={autoComplete} aria-invalid={missing[key] ? "true" : undefined} />
      {missing[key] && <p className="uc-field-error">Enter your {label.toLowerCase()}</p>}
    </div>
  );
  const submit = (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form.current));
    const absent = {};
    for (const key of ["username", "password", utility.needs_account_number && "account_number"]) if (key && !values[key]) absent[key] = true;
    setMissing(absent);
    if (!Object.keys(absent).length) onSubmit(values);
  };
  return (
    <form ref={form} className="uc-screen uc-screen--credentials uc-form" noValidate onSubmit={submit}>
      <h2 className="uc-title">Sign in to {name}</h2>
      <p>Use the username and password of your {name} online account.</p>
      {error && <p className="uc-alert uc-alert--error" role="alert">{error}</p>}
      {field("username", "Username", "text", "username")}
      {field("password", "Password", "password", "current-password")}
      {utility.needs_account_number && field("account_number", "Account number", "text", "off")}
      <div className="uc-actions">
        <button type="button" className="uc-button" onClick={onBack}>Back</button>
        <button type="submit" className="uc-button uc-button--primary">Connect</button>
      </div>
    </form>
  );
}

const Message = ({ name, title, body, action, onAction }) => (
  <section className={"uc-screen uc-screen--" + name}>
    <h2 className="uc-title">{title}</h2>
    <p>{body}</p>
    {action && <button type="button" className="uc-button uc-button--primary" onClick={onAction}>{action}</button>}
  </section>
);

export function Widget({ token, onClose }) {
  const call = useRef(api(token)).current;
  const [screen, setScreen] = useState({ name: "starting" });
  const [session, setSession] = useState(null);
  const [pick, setPick] = useState(null);
  const fail = (error) => setScreen({ name: "error", message: error.message });
  useEffect(() => {
    call("/connect/session").then((answer) => (setSession(answer), setScreen({ name: "consent" })), fail);
    const onKey = (event) => event.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (screen.name !== "verifying") return;
    const timer = setInterval(() => {
      call("/connect/credentials/" + screen.id).then((status) => {
        const outcome = status.verification_status;
        if (outcome === "verified") setScreen({ name: "verified" });
        else if (outcome === "rejected") setScreen({ name: "credentials", error: "We couldn't sign in with those details. Check your username and password and try again." });
        else if (outcome !== "pending") fail(new Error("The utility couldn't check your login right now."));
      }, fail);
    }, 1000);
    return () => clearInterval(timer);
  }, [screen]);
  const submit = (values) =>
    call("/connect/credentials", { utility_id: pick.utility.id, zip: pick.zip, ...values }).then(
      (status) => setScreen({ name: "verifying", id: status.utility_credential_id }),
      (error) => setScreen({ name: "credentials", error: error.message }),
    );
  const utilityName = pick && (pick.utility.display_name || pick.utility.name);
  const screens = {
    starting: () => <Message name="starting" title="Connecting securely…" />,
    consent: () => <Consent session={session} onAgree={() => setScreen({ name: "utility" })} onDecline={onClose} />,
    utility: () => <Picker call={call} onPick={(utility, zip) => (setPick({ utility, zip }), setScreen({ name: "credentials" }))} />,
    credentials: () => <Credentials utility={pick.utility} error={screen.error} onSubmit={submit} onBack={() => setScreen({ name: "utility" })} />,
    verifying: () => <Message name="verifying" title={"Checking your login with " + utilityName} body="This usually takes a few seconds." />,
    verified: () => <Message name="verified" title="You're connected" body={session.client_name + " can now receive your " + utilityName + " account details, bills and usage."} action="Done" onAction={onClose} />,
    error: () => <Message name="error" title="Something went wrong" body={screen.message} action="Close" onAction={onClose} />,
  };
  return (
    <div className="uc-root uc-overlay">
      <div className="uc-dialog" role="dialog" aria-modal="true" aria-label="Connect your utility account">
        <style>{CSS}</style>
        <button type="button" className="uc-close" aria-label="Close" onClick={onClose}>×</button>
        {screens[screen.name]()}
      </div>
    </div>
  );
}
