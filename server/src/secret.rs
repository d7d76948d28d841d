//! Plaintext secrets in memory: wiped on drop, never printed, never serialized.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// A utility username, password, account number or one-time code.
///
/// No `Serialize` and a redacted `Debug`, so that neither a log line nor a
/// JSON response can carry one by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(text: String) -> Secret {
        Secret(Zeroizing::new(text))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// What a user typed to log in to their utility.
#[derive(Clone, Debug)]
pub struct Login {
    pub utility_id: u32,
    pub username: Secret,
    pub password: Secret,
    pub account_number: Option<Secret>,
}

/// The on-disk (before encryption) form; borrowed so no extra copy lingers.
#[derive(Serialize)]
struct SealedFormOut<'a> {
    username: &'a str,
    password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_number: Option<&'a str>,
}

#[derive(Deserialize)]
struct SealedFormIn {
    username: String,
    password: String,
    #[serde(default)]
    account_number: Option<String>,
}

impl Login {
    pub fn to_plaintext(&self) -> Zeroizing<Vec<u8>> {
        let form = SealedFormOut {
            username: self.username.expose(),
            password: self.password.expose(),
            account_number: self.account_number.as_ref().map(Secret::expose),
        };
        Zeroizing::new(serde_json::to_vec(&form).expect("strings serialize"))
    }

    pub fn from_plaintext(utility_id: u32, bytes: &[u8]) -> Option<Login> {
        let form: SealedFormIn = serde_json::from_slice(bytes).ok()?;
        Some(Login {
            utility_id,
            username: Secret::new(form.username),
            password: Secret::new(form.password),
            account_number: form.account_number.map(Secret::new),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_is_redacted() {
        let login = Login {
            utility_id: 1,
            username: Secret::new("canary-user".into()),
            password: Secret::new("canary-pass".into()),
            account_number: Some(Secret::new("canary-acct".into())),
        };
        let printed = format!("{login:?}");
        assert!(!printed.contains("canary"), "{printed}");
    }

    #[test]
    fn plaintext_round_trips() {
        let login = Login {
            utility_id: 7,
            username: Secret::new("u\"ser".into()),
            password: Secret::new("p\\ass ✓".into()),
            account_number: None,
        };
        let back = Login::from_plaintext(7, &login.to_plaintext()).unwrap();
        assert_eq!(back.username, login.username);
        assert_eq!(back.password, login.password);
        assert!(back.account_number.is_none());
    }
}
