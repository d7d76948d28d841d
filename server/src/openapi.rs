//! The OpenAPI 3.1 document served at `/openapi.json`, written by hand: it is
//! the contract integrators read, so it is worded for them, and the
//! integration tests check that every documented route exists and every
//! route is documented.

use protocol::routes::*;
use protocol::zip::ZIP_PATTERN;
use serde_json::{json, Value};

/// Both submit routes: the token is spent, or the login is capped (the
/// description then says roughly when to try again).
const LOCKED_OR_EXHAUSTED: &str =
    "`attempts_exhausted`, or `login_temporarily_locked`: this login failed too often recently (through this app, or through all apps together); the description says roughly when to try again, and `Retry-After` exactly";

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn ok(schema: &str, description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn body(schema: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn id_param(description: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": description, "schema": { "type": "integer", "format": "int64" } })
}

fn access() -> Value {
    json!([{ "accessToken": [] }])
}

fn connect() -> Value {
    json!([{ "connectToken": [] }])
}

fn paths() -> Value {
    let credential_id = id_param("`utility_credential_id`");
    json!({
        AUTH_ACCESS_TOKEN: { "post": {
            "tags": ["host"], "operationId": "createAccessToken",
            "summary": "Trade the client id and secret for an access token (valid 2 hours)",
            "requestBody": body("AccessTokenRequest"),
            "responses": { "200": ok("AccessTokenResponse", "Access token"), "401": error_response("Wrong client id or secret") }
        }},
        AUTH_CONNECT_TOKEN: { "post": {
            "tags": ["host"], "operationId": "createConnectToken", "security": access(),
            "summary": "Mint a connect token (valid 2 hours) for the component",
            "description": "Exactly one of `client_user_id` (create mode) or `utility_credential_id` (update mode). The token is `base64url(claims).base64url(HMAC)`: the component reads its mode, client name, credential and utility from the claims; the server checks signature and expiry on every call.",
            "requestBody": body("ConnectTokenRequest"),
            "responses": {
                "200": ok("ConnectTokenResponse", "Connect token"),
                "401": error_response("No or expired access token"),
                "404": error_response("Unknown credential, or another client's"),
                "422": error_response("Neither or both parameters")
            }
        }},
        AUTH_CONNECT_URL: { "post": {
            "tags": ["host"], "operationId": "createConnectUrl", "security": access(),
            "summary": "A hosted page running the component full-page (the token is in the URL fragment)",
            "requestBody": body("ConnectUrlRequest"),
            "responses": {
                "200": ok("ConnectUrlResponse", "Connect URL"),
                "401": error_response("No or expired access token"),
                "404": error_response("Unknown credential, or another client's"),
                "422": error_response("Neither or both parameters, or an unknown variant")
            }
        }},
        UTILITY_CREDENTIALS: { "get": {
            "tags": ["host"], "operationId": "listUtilityCredentials", "security": access(),
            "summary": "A user's utility credentials",
            "parameters": [{ "name": "client_user_id", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1, "pattern": "\\S" } }],
            "responses": {
                "200": ok("UtilityCredentialList", "Credentials, oldest first"),
                "401": error_response("No or expired access token"),
                "422": error_response("client_user_id missing")
            }
        }},
        UTILITY_CREDENTIAL: { "get": {
            "tags": ["host"], "operationId": "getUtilityCredential", "security": access(),
            "summary": "One utility credential (never its username, password or codes)",
            "parameters": [credential_id],
            "responses": {
                "200": ok("UtilityCredential", "The credential"),
                "401": error_response("No or expired access token"),
                "404": error_response("Unknown credential, or another client's")
            }
        }},
        UTILITIES: { "get": {
            "tags": ["host", "component"], "operationId": "findUtilities", "security": [{ "accessToken": [] }, { "connectToken": [] }],
            "summary": "Utilities serving a zip (the one to pre-select first), or matching a name",
            "parameters": [
                { "name": "zip", "in": "query", "schema": { "type": "string", "pattern": ZIP_PATTERN }, "description": "Five digits. Exactly one of zip or q." },
                { "name": "q", "in": "query", "schema": { "type": "string" }, "description": "Part of a name, any case and punctuation; nicknames such as \"con ed\" work." },
                { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 }, "description": "Name search only." }
            ],
            "responses": {
                "200": ok("UtilitiesResponse", "Matches; an uncovered zip gives an empty list"),
                "400": error_response("Malformed zip, `limit` out of range, or neither/both of zip and q"),
                "401": error_response("No valid token"),
                "429": error_response("Connect token out of attempts")
            }
        }},
        SANDBOX_SUBMIT_TEST_CREDENTIALS: { "post": {
            "tags": ["sandbox"], "operationId": "submitTestCredentials", "security": connect(),
            "summary": "Submit credentials as the component does, for automated tests",
            "description": "Same rules, attempt limit and per-login cap as `POST /connect/credentials`. See the sandbox passwords in the README.",
            "requestBody": body("SubmitCredentialsRequest"),
            "responses": {
                "201": ok("ConnectStatus", "Submitted; poll the credential"),
                "401": error_response("Invalid or expired connect token"),
                "409": error_response("The previous submission is still being checked"),
                "422": error_response("Missing or invalid field"),
                "429": error_response(LOCKED_OR_EXHAUSTED)
            }
        }},
        SANDBOX_CHANGE_PASSWORD: { "post": {
            "tags": ["sandbox"], "operationId": "sandboxChangePassword", "security": access(),
            "summary": "Act as if the user changed their password at the utility",
            "description": "The stored password stops working; the credential's next re-check (within 5 s, or the re-check interval if shorter) marks it `revoked` and sends `utility_credential_revoked`.",
            "parameters": [credential_id],
            "responses": {
                "200": ok("UtilityCredential", "The credential, unchanged so far"),
                "401": error_response("No or expired access token"),
                "404": error_response("Unknown credential, or another client's")
            }
        }},
        WEBHOOK_EVENTS: { "get": {
            "tags": ["host"], "operationId": "listWebhookEvents", "security": access(),
            "summary": "Webhook events with their delivery state, newest first; `status=dead` is the dead-letter list",
            "parameters": [
                { "name": "status", "in": "query", "schema": { "type": "string", "enum": ["pending", "delivered", "dead", "no_endpoint"] } },
                { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 100 } }
            ],
            "responses": { "200": ok("WebhookEventList", "Events"), "400": error_response("Unknown status, or `limit` out of range"), "401": error_response("No or expired access token") }
        }},
        WEBHOOK_EVENT: { "get": {
            "tags": ["host"], "operationId": "getWebhookEvent", "security": access(),
            "summary": "One webhook event with its delivery state",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "description": "The `webhook-id`" }],
            "responses": { "200": ok("WebhookEventRecord", "Event"), "401": error_response("No or expired access token"), "404": error_response("No such event") }
        }},
        WEBHOOK_EVENT_REPLAY: { "post": {
            "tags": ["host"], "operationId": "replayWebhookEvent", "security": access(),
            "summary": "Queue a dead (or delivered) event again, with a fresh set of attempts",
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": {
                "200": ok("WebhookEventRecord", "Queued"),
                "401": error_response("No or expired access token"),
                "404": error_response("No such event"),
                "409": error_response("Already queued, or the client has no webhook URL")
            }
        }},
        CONNECT_SESSION: { "get": {
            "tags": ["component"], "operationId": "getSession", "security": connect(),
            "summary": "What the component needs to start: mode, client name, update target, attempts left",
            "responses": {
                "200": ok("SessionInfo", "Session"),
                "401": error_response("`invalid_connect_token` or `connect_token_expired`"),
                "429": error_response("`attempts_exhausted`: the token is spent")
            }
        }},
        CONNECT_CREDENTIALS: { "post": {
            "tags": ["component"], "operationId": "submitCredentials", "security": connect(),
            "summary": "Submit a login (create mode: utility + username + password [+ account number]; update mode: new username/password for the token's credential)",
            "description": "At most 5 submissions per token; the 6th answers 429 `attempts_exhausted`. A create token's later submissions retry the credential it created (same id). Every kind of wrong login ends as `verification_status: rejected`, with no detail. Per login (utility + username, normalised as SECURITY.md describes): after 3 `rejected` verifications within 24 hours through one client (`--login-failure-limit`), or 5 through all clients together (`--login-failure-global-limit`), submissions for that login answer 429 `login_temporarily_locked` (with `Retry-After`) and are not sent to the utility, until the oldest of those failures leaves the window; such a refusal spends none of the token's submissions. A `verified` login clears its own client's count and the global one.",
            "requestBody": body("SubmitCredentialsRequest"),
            "responses": {
                "201": ok("ConnectStatus", "Submitted; poll `GET /connect/credentials/{id}`"),
                "401": error_response("Invalid or expired connect token"),
                "404": error_response("Update mode: the credential no longer exists"),
                "409": error_response("`verification_in_progress`, or `already_verified` (create mode)"),
                "422": error_response("`validation_error`: missing utility, unknown utility, empty username or password, missing account number"),
                "429": error_response(LOCKED_OR_EXHAUSTED)
            }
        }},
        CONNECT_CREDENTIAL: { "get": {
            "tags": ["component"], "operationId": "getConnectStatus", "security": connect(),
            "summary": "Poll a submission. `pending` + `mfa.method: null`: choose a method; `pending` + `mfa.method`: enter the code",
            "parameters": [credential_id],
            "responses": {
                "200": ok("ConnectStatus", "Status"),
                "401": error_response("Invalid or expired connect token"),
                "404": error_response("Not a credential this token may see"),
                "429": error_response("`attempts_exhausted`")
            }
        }},
        CONNECT_MFA_METHOD: { "post": {
            "tags": ["component"], "operationId": "chooseMfaMethod", "security": connect(),
            "summary": "Choose how the utility sends the one-time code (sends it)",
            "parameters": [credential_id],
            "requestBody": body("ChooseMfaMethodRequest"),
            "responses": {
                "200": ok("ConnectStatus", "Code sent; `mfa.destination` is masked"),
                "404": error_response("Not a credential this token may see"),
                "409": error_response("No code is being asked for, or another step is in progress"),
                "422": error_response("A method the utility did not offer"),
                "429": error_response("`attempts_exhausted`, or `too_many_codes_sent`: 5 codes were sent for this credential or token in 15 minutes; the description says roughly when another may be asked for, `Retry-After` exactly")
            }
        }},
        CONNECT_MFA_CODE: { "post": {
            "tags": ["component"], "operationId": "submitMfaCode", "security": connect(),
            "summary": "Submit the one-time code. Wrong: 200 with `mfa.last_code_rejected`; the 5th wrong code rejects the credential and spends the token",
            "parameters": [credential_id],
            "requestBody": body("SubmitCodeRequest"),
            "responses": {
                "200": ok("ConnectStatus", "Right code: `pending` until verified (poll); wrong code: attempts left decremented"),
                "404": error_response("Not a credential this token may see"),
                "409": error_response("No code is being asked for"),
                "422": error_response("Empty or overlong code"),
                "429": error_response("`attempts_exhausted`, or `login_temporarily_locked`: 5 wrong codes for this login in 24 hours, over every token (`Retry-After`)")
            }
        }},
        CONNECT_MFA_RESEND: { "post": {
            "tags": ["component"], "operationId": "resendMfaCode", "security": connect(),
            "summary": "Send the code again by the chosen method (3 times per challenge; at most 5 codes per credential or token in 15 minutes, counting method choices)",
            "parameters": [credential_id],
            "responses": {
                "200": ok("ConnectStatus", "Sent again"),
                "404": error_response("Not a credential this token may see"),
                "409": error_response("No code is being asked for"),
                "429": error_response("`resend_limit_reached`, `too_many_codes_sent` (`Retry-After`) or `attempts_exhausted`")
            }
        }},
        CONNECT_PAGE: { "get": {
            "tags": ["component"], "operationId": "connectPage",
            "summary": "The hosted Connect page; the connect token goes in the fragment: `/connect#token=…`",
            "responses": { "200": { "description": "HTML", "content": { "text/html": {} } } }
        }},
        LEGAL_TERMS: { "get": {
            "tags": ["component"], "operationId": "terms", "summary": "Terms of service linked from the consent screen (`SessionInfo.terms_url`)",
            "responses": { "200": { "description": "HTML", "content": { "text/html": {} } } }
        }},
        LEGAL_PRIVACY: { "get": {
            "tags": ["component"], "operationId": "privacy", "summary": "Privacy policy linked from the consent screen (`SessionInfo.privacy_url`)",
            "responses": { "200": { "description": "HTML", "content": { "text/html": {} } } }
        }},
        OPENAPI: { "get": {
            "tags": ["meta"], "operationId": "openapi", "summary": "This document",
            "responses": { "200": { "description": "OpenAPI 3.1", "content": { "application/json": {} } } }
        }},
        PING: { "get": {
            "tags": ["meta"], "operationId": "ping", "summary": "Liveness",
            "responses": { "200": { "description": "`{\"status\": \"ok\"}`", "content": { "application/json": {} } } }
        }},
        HEALTHZ: { "get": {
            "tags": ["meta"], "operationId": "healthz", "summary": "Liveness probe: the process answers",
            "responses": { "200": { "description": "`{\"status\": \"ok\"}`", "content": { "application/json": {} } } }
        }},
        READYZ: { "get": {
            "tags": ["meta"], "operationId": "readyz", "summary": "Readiness probe: the store is reachable and every migration applied",
            "responses": {
                "200": { "description": "`{\"status\": \"ready\"}`", "content": { "application/json": {} } },
                "503": { "description": "`{\"status\": \"not_ready\"}`; the reason is in the log", "content": { "application/json": {} } }
            }
        }},
        METRICS: { "get": {
            "tags": ["meta"], "operationId": "metrics", "summary": "Prometheus metrics (text exposition format 0.0.4): requests by route template and status with latency histograms, verifications by outcome, webhook outbox depth and oldest pending age, deliveries by result, dead letters. Expose it to your scraper only",
            "responses": { "200": { "description": "Prometheus text", "content": { "text/plain; version=0.0.4": {} } } }
        }}
    })
}

fn schemas() -> Value {
    let status = json!({ "type": "string", "enum": ["pending", "verified", "rejected", "error", "revoked"] });
    let method = json!({ "type": "string", "enum": ["sms", "email"] });
    let time = json!({ "type": "string", "format": "date-time" });
    json!({
        "Error": { "type": "object", "required": ["error"], "properties": { "error": {
            "type": "object", "required": ["type", "description"],
            "properties": { "type": { "type": "string", "description": "Stable, snake_case: e.g. invalid_connect_token, connect_token_expired, attempts_exhausted, login_temporarily_locked, too_many_codes_sent, rate_limited, validation_error, invalid_request, not_found, unauthorized" }, "description": { "type": "string" } }
        }}},
        "AccessTokenRequest": { "type": "object", "required": ["client_id", "client_secret"],
            "properties": { "client_id": { "type": "string" }, "client_secret": { "type": "string" } } },
        "AccessTokenResponse": { "type": "object", "required": ["access_token", "token_type", "expires_in", "created_at"],
            "properties": { "access_token": { "type": "string" }, "token_type": { "const": "Bearer" }, "expires_in": { "const": 7200 }, "created_at": { "type": "integer", "description": "Unix seconds" } } },
        "ConnectTokenRequest": { "type": "object", "description": "Exactly one of the two (a `null` counts as absent).",
            "properties": {
                "client_user_id": { "type": ["string", "null"], "minLength": 1, "maxLength": 255, "pattern": "\\S", "description": "1 to 255 characters (not bytes), not only spaces" },
                "utility_credential_id": { "type": ["integer", "null"], "format": "int64" }
            },
            "oneOf": [
                { "required": ["client_user_id"], "properties": { "client_user_id": { "type": "string" } } },
                { "required": ["utility_credential_id"], "properties": { "utility_credential_id": { "type": "integer" } } }
            ] },
        "ConnectUrlRequest": { "allOf": [{ "$ref": "#/components/schemas/ConnectTokenRequest" }, { "type": "object", "properties": { "variant": { "const": "connect" } } }] },
        "ConnectTokenResponse": { "type": "object", "required": ["connect_token", "expires_at"],
            "properties": { "connect_token": { "type": "string" }, "expires_at": time.clone() } },
        "ConnectUrlResponse": { "type": "object", "required": ["connect_url"], "properties": { "connect_url": { "type": "string", "format": "uri" } } },
        "UtilityRef": { "type": "object", "required": ["id", "name"],
            "properties": { "id": { "type": "integer", "description": "EIA utility id" }, "name": { "type": "string" } } },
        "Utility": { "type": "object", "required": ["id", "name", "display_name", "state", "ownership", "service_type", "needs_account_number"],
            "properties": {
                "id": { "type": "integer", "description": "EIA utility id" },
                "name": { "type": "string", "description": "Registry (legal) name, e.g. Consolidated Edison Co-NY Inc; show it as secondary text" },
                "display_name": { "type": "string", "description": "The name customers know, e.g. Con Edison; the registry name when none is known. `q` searches both" },
                "password_reset_url": { "type": "string", "format": "uri", "description": "The utility's own https password-reset page; absent when unknown" },
                "state": { "type": "string", "description": "Two-letter state" },
                "ownership": { "type": "string", "description": "Investor Owned, Cooperative, Municipal, ..." },
                "service_type": { "type": "string", "enum": ["Bundled", "Delivery", "Energy"] },
                "needs_account_number": { "type": "boolean", "description": "The login form also asks for the account number" }
            } },
        "UtilitiesResponse": { "type": "object", "required": ["utilities"],
            "properties": { "utilities": { "type": "array", "items": { "$ref": "#/components/schemas/Utility" } } } },
        "UtilityCredential": { "type": "object",
            "required": ["id", "client_user_id", "utility", "verification_status", "created_at", "updated_at", "verification_updated_at", "sandboxed"],
            "properties": {
                "id": { "type": "integer", "format": "int64" }, "client_user_id": { "type": "string" },
                "utility": { "$ref": "#/components/schemas/UtilityRef" }, "verification_status": status.clone(),
                "created_at": time.clone(), "updated_at": time.clone(), "verification_updated_at": time.clone(),
                "sandboxed": { "type": "boolean" }
            } },
        "UtilityCredentialList": { "type": "object", "required": ["utility_credentials"],
            "properties": { "utility_credentials": { "type": "array", "items": { "$ref": "#/components/schemas/UtilityCredential" } } } },
        "SessionInfo": { "type": "object", "required": ["mode", "client_name", "submissions_left", "terms_url", "privacy_url"],
            "properties": {
                "mode": { "type": "string", "enum": ["create", "update"] }, "client_name": { "type": "string" },
                "logo_url": { "type": "string", "description": "The client's registered logo (https or data:image/ URL); absent when none" },
                "utility": { "oneOf": [{ "$ref": "#/components/schemas/UtilityRef" }, { "type": "null" }] },
                "utility_credential_id": { "type": ["integer", "null"] },
                "submissions_left": { "type": "integer", "minimum": 0, "maximum": 5 },
                "terms_url": { "type": "string" }, "privacy_url": { "type": "string" }
            } },
        "SubmitCredentialsRequest": { "type": "object", "required": ["utility_id", "username", "password"],
            "properties": {
                "utility_id": { "type": "integer", "description": "A utility from `GET /utilities`. In update mode the credential keeps its utility and this is ignored (the server tolerates its absence there)" },
                "zip": { "type": "string", "pattern": ZIP_PATTERN },
                "username": { "type": "string", "minLength": 1, "maxLength": 512, "pattern": "\\S" },
                "password": { "type": "string", "minLength": 1, "maxLength": 512, "format": "password" },
                "account_number": { "type": "string", "description": "Required when the utility's needs_account_number is true" }
            } },
        "MfaChallenge": { "type": "object", "required": ["methods", "code_attempts_left", "last_code_rejected"],
            "properties": {
                "methods": { "type": "array", "items": method.clone() },
                "method": { "oneOf": [method.clone(), { "type": "null" }] },
                "destination": { "type": ["string", "null"], "description": "Masked, e.g. •••-•••-0142" },
                "destinations": { "type": "array", "description": "Each offered method with its masked destination, to choose by",
                    "items": { "type": "object", "required": ["method", "destination"],
                        "properties": { "method": method.clone(), "destination": { "type": "string" } } } },
                "code_attempts_left": { "type": "integer" }, "last_code_rejected": { "type": "boolean" }
            } },
        "ConnectStatus": { "type": "object", "required": ["utility_credential_id", "verification_status", "submissions_left"],
            "properties": {
                "utility_credential_id": { "type": "integer", "format": "int64" }, "verification_status": status,
                "mfa": { "oneOf": [{ "$ref": "#/components/schemas/MfaChallenge" }, { "type": "null" }] },
                "submissions_left": { "type": "integer" }
            } },
        "ChooseMfaMethodRequest": { "type": "object", "required": ["method"], "properties": { "method": method } },
        "SubmitCodeRequest": { "type": "object", "required": ["code"], "properties": { "code": { "type": "string", "minLength": 1, "maxLength": 32, "pattern": "\\S", "description": "Surrounding spaces are ignored" } } },
        "WebhookEvent": { "type": "object", "required": ["id", "type", "created_at", "data"],
            "properties": {
                "id": { "type": "string", "description": "Also the webhook-id header; the same on every retry" },
                "type": { "type": "string", "enum": ["utility_credential_verified", "utility_credential_rejected", "utility_credential_verification_error", "utility_credential_revoked"] },
                "created_at": time.clone(), "data": { "$ref": "#/components/schemas/UtilityCredential" }
            } },
        "WebhookEventRecord": { "type": "object", "required": ["id", "type", "created_at", "data", "delivery"],
            "properties": {
                "id": { "type": "string" }, "type": { "type": "string" }, "created_at": time.clone(),
                "data": { "$ref": "#/components/schemas/UtilityCredential" },
                "delivery": { "type": "object", "properties": {
                    "status": { "type": "string", "enum": ["pending", "delivered", "dead", "no_endpoint"] },
                    "attempts": { "type": "integer" }, "last_attempt_at": { "type": ["string", "null"] },
                    "next_attempt_at": { "type": ["string", "null"] }, "last_response_status": { "type": ["integer", "null"] },
                    "last_error": { "type": ["string", "null"] }, "delivered_at": { "type": ["string", "null"] }
                } }
            } },
        "WebhookEventList": { "type": "object", "required": ["webhook_events"],
            "properties": { "webhook_events": { "type": "array", "items": { "$ref": "#/components/schemas/WebhookEventRecord" } } } }
    })
}

fn webhooks() -> Value {
    let event = |kind: &str, summary: &str| {
        json!({ "post": {
            "summary": summary,
            "description": format!("`type: {kind}`. Signed per Standard Webhooks: headers `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`, with the client's `whsec_` secret. Retried with exponential back-off for about 18 hours until a 2xx; a 410 stops at once. Deduplicate on `webhook-id`."),
            "parameters": [
                { "name": "webhook-id", "in": "header", "required": true, "schema": { "type": "string" } },
                { "name": "webhook-timestamp", "in": "header", "required": true, "schema": { "type": "integer" } },
                { "name": "webhook-signature", "in": "header", "required": true, "schema": { "type": "string" } }
            ],
            "requestBody": body("WebhookEvent"),
            "responses": { "2XX": { "description": "Received" } }
        }})
    };
    json!({
        "utility_credential_verified": event("utility_credential_verified", "The utility accepted the login"),
        "utility_credential_rejected": event("utility_credential_rejected", "The utility refused the login (or too many wrong codes)"),
        "utility_credential_verification_error": event("utility_credential_verification_error", "The utility could not be checked, or a code was never entered"),
        "utility_credential_revoked": event("utility_credential_revoked", "A once-verified login stopped working (e.g. password changed): send the user back in update mode")
    })
}

/// Every operation a connect token may call can be refused for its origin;
/// added here so that no route's entry can forget it.
fn with_origin_refusal(mut paths: Value) -> Value {
    let refusal = error_response(
        "`origin_not_allowed`: the page's `Origin` is not registered for the token's client",
    );
    for operation in paths
        .as_object_mut()
        .expect("paths is an object")
        .values_mut()
        .flat_map(|item| item.as_object_mut().expect("path item").values_mut())
    {
        let takes_connect_token = operation["security"]
            .as_array()
            .is_some_and(|schemes| schemes.iter().any(|s| s.get("connectToken").is_some()));
        if takes_connect_token {
            operation["responses"]["403"] = refusal.clone();
        }
    }
    paths
}

/// Answers that every operation of a kind can give, added here so that no
/// route's entry can forget them: 400 for a body that is not JSON, 401 for
/// a missing or bad token, 429 for throttled host authentication and minting.
fn with_common_responses(mut paths: Value) -> Value {
    for (path, item) in paths.as_object_mut().expect("paths is an object") {
        for operation in item.as_object_mut().expect("path item").values_mut() {
            let has_body = operation.get("requestBody").is_some();
            let secured = operation
                .get("security")
                .is_some_and(|schemes| schemes.as_array().is_some_and(|s| !s.is_empty()));
            let responses = operation["responses"].as_object_mut().expect("responses");
            if has_body {
                responses
                    .entry("400")
                    .or_insert_with(|| error_response("`invalid_request`: the body is not JSON"));
                responses.entry("422").or_insert_with(|| {
                    error_response("`invalid_request`: the body is not an object, or a field is missing or has the wrong type")
                });
            }
            if secured || path == "/auth/access_token" {
                responses
                    .entry("401")
                    .or_insert_with(|| error_response("No token, or an invalid or expired one"));
            }
            if path.starts_with("/auth/") {
                responses.insert(
                    "429".into(),
                    error_response("`rate_limited`: too many authentication attempts from this address, or tokens minted for this client; wait for `Retry-After` seconds"),
                );
            }
        }
    }
    paths
}

pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Utility Connect API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Host-facing routes follow Arcadia's legacy Connect API (access token → connect token → component → webhooks). Component-facing routes take the connect token. Every error is `{\"error\": {\"type\", \"description\"}}`. With `--demo-host` the server also mounts `/demo/*`, the demo page's backend for the sandbox client; it is not part of the API."
        },
        "tags": [
            { "name": "host", "description": "Called by the host app's backend with an access token" },
            { "name": "component", "description": "Called by the Connect component with a connect token. CORS answers any origin, but when the token's client registered origins (`clients add --allowed-origin`), a browser request from any other page gets 403 `origin_not_allowed`. Requests without an `Origin` header, and the server's own `/connect` page, are not restricted; a client without registered origins accepts every origin." },
            { "name": "sandbox", "description": "Test helpers (sandbox utility only)" },
            { "name": "meta" }
        ],
        "components": {
            "securitySchemes": {
                "accessToken": { "type": "http", "scheme": "bearer", "description": "From POST /auth/access_token" },
                "connectToken": { "type": "http", "scheme": "bearer", "description": "From POST /auth/connect_token" }
            },
            "schemas": schemas()
        },
        "paths": with_common_responses(with_origin_refusal(paths())),
        "webhooks": webhooks()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` points at a schema that exists.
    #[test]
    fn references_resolve() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        let mut rest = text.as_str();
        let mut count = 0;
        while let Some(at) = rest.find("#/components/schemas/") {
            rest = &rest[at + "#/components/schemas/".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(schemas.contains_key(&name), "dangling $ref {name}");
            count += 1;
        }
        assert!(count > 20);
    }

    #[test]
    fn both_submit_routes_document_the_login_lock() {
        let doc = document();
        for path in [CONNECT_CREDENTIALS, SANDBOX_SUBMIT_TEST_CREDENTIALS] {
            let text = doc["paths"][path]["post"]["responses"]["429"].to_string();
            assert!(text.contains("login_temporarily_locked"), "{path}");
        }
    }

    #[test]
    fn connect_token_operations_document_the_origin_refusal() {
        let doc = document();
        let documented: Vec<&str> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .values()
                    .filter(|op| op["responses"]["403"].is_object())
                    .map(move |_| path.as_str())
            })
            .collect();
        assert_eq!(documented.len(), 8, "{documented:?}");
        assert!(documented.contains(&UTILITIES));
        assert!(documented.contains(&SANDBOX_SUBMIT_TEST_CREDENTIALS));
        assert!(!documented.contains(&AUTH_CONNECT_TOKEN));
    }
}
