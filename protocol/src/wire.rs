//! Request and response bodies of the Connect API.
//!
//! Types carrying a secret implement `Debug` by hand so that a stray `{:?}`
//! in a log line can never print it.

use serde::{Deserialize, Serialize};

/// What a connect token is for (its claims say which; the session repeats it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A new connection for `client_user_id`.
    Create,
    /// New login details for an existing `utility_credential_id`.
    Update,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UtilityRef {
    /// EIA utility id.
    pub id: u32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utility {
    /// EIA utility id.
    pub id: u32,
    /// The registry (legal) name, e.g. "Consolidated Edison Co-NY Inc".
    pub name: String,
    /// The name customers know, e.g. "Con Edison"; equal to `name` when no
    /// better one is known. Older servers omit it (then empty).
    #[serde(default)]
    pub display_name: String,
    /// Two-letter state of the utility's records (the first, if several).
    pub state: String,
    /// "Investor Owned", "Cooperative", "Municipal", ...
    pub ownership: String,
    /// "Bundled", "Delivery" or "Energy" for this zip; the best one when searched by name.
    pub service_type: String,
    /// The login form also asks for the account number.
    #[serde(default)]
    pub needs_account_number: bool,
    /// The utility's own https password-reset page, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reset_url: Option<String>,
}

impl Utility {
    /// The name to show a person: the display name, else the legal name.
    pub fn shown_name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.name
        } else {
            &self.display_name
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UtilitiesResponse {
    pub utilities: Vec<Utility>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenRequest {
    pub client_id: String,
    pub client_secret: String,
}

impl core::fmt::Debug for AccessTokenRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AccessTokenRequest")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    /// Unix seconds.
    pub created_at: i64,
}

/// Exactly one of the two fields: `client_user_id` (create) or `utility_credential_id` (update).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectTokenRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_user_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json_integer::optional"
    )]
    pub utility_credential_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectTokenResponse {
    pub connect_token: String,
    /// RFC 3339.
    pub expires_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectUrlResponse {
    pub connect_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    Pending,
    Verified,
    Rejected,
    Error,
    Revoked,
}

impl VerificationStatus {
    pub const ALL: [VerificationStatus; 5] = [
        VerificationStatus::Pending,
        VerificationStatus::Verified,
        VerificationStatus::Rejected,
        VerificationStatus::Error,
        VerificationStatus::Revoked,
    ];

    /// `None` for a word that is not a status: the caller decides how loud to be.
    pub fn parse(text: &str) -> Option<VerificationStatus> {
        VerificationStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Pending => "pending",
            VerificationStatus::Verified => "verified",
            VerificationStatus::Rejected => "rejected",
            VerificationStatus::Error => "error",
            VerificationStatus::Revoked => "revoked",
        }
    }
}

/// A connection as the host's backend sees it; never a username, password or code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UtilityCredential {
    pub id: i64,
    pub client_user_id: String,
    pub utility: UtilityRef,
    pub verification_status: VerificationStatus,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    pub verification_updated_at: String,
    pub sandboxed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UtilityCredentialList {
    pub utility_credentials: Vec<UtilityCredential>,
}

/// Whether a client logo may be shown: https or an inline image only, since
/// any other URL could leak the visit to a third party or mix insecure
/// content into the host page. Both the CLI (on registering) and the
/// component (before showing) apply it.
pub fn is_usable_logo_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("data:image/"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"')
}

/// What the component learns about its session from `GET /connect/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub mode: Mode,
    pub client_name: String,
    /// The client's logo (https or `data:` URL) as registered; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(default)]
    pub utility: Option<UtilityRef>,
    #[serde(default)]
    pub utility_credential_id: Option<i64>,
    /// Credential submissions left on this token.
    pub submissions_left: u8,
    pub terms_url: String,
    pub privacy_url: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitCredentialsRequest {
    /// Required in create mode; ignored in update mode (the token names it).
    #[serde(default, deserialize_with = "crate::json_integer::optional")]
    pub utility_id: Option<u32>,
    #[serde(default)]
    pub zip: Option<String>,
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub account_number: Option<String>,
}

impl core::fmt::Debug for SubmitCredentialsRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SubmitCredentialsRequest")
            .field("utility_id", &self.utility_id)
            .field("zip", &self.zip)
            .field("username", &"[redacted]")
            .field("password", &"[redacted]")
            .field(
                "account_number",
                &self.account_number.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaMethod {
    Sms,
    Email,
}

impl MfaMethod {
    /// The wire spelling, also used for the host's `mfa_method_selected` event.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaMethod::Sms => "sms",
            MfaMethod::Email => "email",
        }
    }
}

/// One offered way to receive a code and its masked destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaDestination {
    pub method: MfaMethod,
    pub destination: String,
}

/// A utility asking for a one-time code before it lets us in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaChallenge {
    pub methods: Vec<MfaMethod>,
    /// `None` until the user picks one; then the code is on its way.
    #[serde(default)]
    pub method: Option<MfaMethod>,
    /// Where the code went, masked ("***-***-0142", "j***@example.com").
    #[serde(default)]
    pub destination: Option<String>,
    /// Where each offered method would send the code, masked, so that the
    /// person can tell the choices apart before picking one.
    #[serde(default)]
    pub destinations: Vec<MfaDestination>,
    pub code_attempts_left: u8,
    /// The last code sent was wrong.
    #[serde(default)]
    pub last_code_rejected: bool,
}

/// The component's view of a submission in flight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectStatus {
    pub utility_credential_id: i64,
    pub verification_status: VerificationStatus,
    /// Present while the utility waits for a one-time code.
    #[serde(default)]
    pub mfa: Option<MfaChallenge>,
    pub submissions_left: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChooseMfaMethodRequest {
    pub method: MfaMethod,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitCodeRequest {
    pub code: String,
}

impl core::fmt::Debug for SubmitCodeRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SubmitCodeRequest { code: [redacted] }")
    }
}

/// Standard Webhooks envelope; `data` is the credential as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created_at: String,
    pub data: UtilityCredential,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let submit = SubmitCredentialsRequest {
            utility_id: Some(1),
            zip: None,
            username: "canary-user".into(),
            password: "canary-pass".into(),
            account_number: Some("canary-acct".into()),
        };
        let code = SubmitCodeRequest {
            code: "canary-code".into(),
        };
        let access = AccessTokenRequest {
            client_id: "id".into(),
            client_secret: "canary-secret".into(),
        };
        let printed = format!("{submit:?}{code:?}{access:?}");
        assert!(!printed.contains("canary"), "{printed}");
    }

    #[test]
    fn logos_come_from_https_or_inline_images_only() {
        assert!(is_usable_logo_url("https://cdn.example.com/a.svg"));
        assert!(is_usable_logo_url("data:image/png;base64,AAAA"));
        for bad in [
            "http://cdn.example.com/a.svg",
            "javascript:alert(1)",
            "data:text/html,<b>",
            "//cdn.example.com/a.svg",
            "https://x.example/a b.png",
        ] {
            assert!(!is_usable_logo_url(bad), "{bad}");
        }
    }

    #[test]
    fn statuses_use_the_documented_names() {
        let json = serde_json::to_string(&VerificationStatus::Revoked).unwrap();
        assert_eq!(json, "\"revoked\"");
        assert_eq!(VerificationStatus::Pending.as_str(), "pending");
    }
}
