//! The sandbox utility: every username works; the password's leading keyword
//! decides what happens (see `keyword` and the README's table).

use std::time::Duration;

use crate::store::{params, OptionalExtension};
use hmac::{Hmac, Mac};
use protocol::MfaMethod;
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{
    BoxFuture, CodeOutcome, LoginOutcome, MfaOffer, ProviderError, ProviderState, UtilityProvider,
};
use crate::clock::{ms, now_ms};
use crate::secret::{Login, Secret};
use crate::store::Db;

/// The one code the sandbox utility ever sends.
pub const SANDBOX_CODE: &str = "123456";

pub struct SandboxUtility {
    db: Db,
    digest_key: Zeroizing<[u8; 32]>,
    delay: Duration,
    timeout: Duration,
}

/// What the sandbox remembers between calls for one submission.
#[derive(Default, Serialize, Deserialize)]
struct State {
    #[serde(default)]
    waiting_until_ms: Option<i64>,
    #[serde(default)]
    challenged: bool,
    #[serde(default)]
    code_sent_by: Option<MfaMethod>,
    #[serde(default)]
    code_accepted: bool,
}

impl State {
    fn load(state: &ProviderState) -> State {
        state
            .as_ref()
            .and_then(|bytes| serde_json::from_slice(bytes).ok())
            .unwrap_or_default()
    }

    fn store(&self, state: &mut ProviderState) {
        *state = Some(Zeroizing::new(
            serde_json::to_vec(self).expect("state serializes"),
        ));
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Keyword {
    Verified,
    Rejected,
    Error,
    Mfa,
    Timeout,
    /// Any other password: a wrong password, as at a real utility.
    Other,
}

/// The letters before the first non-letter (`-`, space, digit, ...),
/// case-insensitively: `verified`, `Verified-7f3a` and `verified 2` all verify,
/// so tests can use unique passwords.
fn keyword(password: &str) -> Keyword {
    let word: String = password
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match word.to_ascii_lowercase().as_str() {
        "verified" => Keyword::Verified,
        "rejected" => Keyword::Rejected,
        "error" => Keyword::Error,
        "mfa" => Keyword::Mfa,
        "timeout" => Keyword::Timeout,
        _ => Keyword::Other,
    }
}

fn offers() -> Vec<MfaOffer> {
    vec![
        MfaOffer {
            method: MfaMethod::Sms,
            destination: "•••-•••-0142".into(),
        },
        MfaOffer {
            method: MfaMethod::Email,
            destination: "d•••@example.com".into(),
        },
    ]
}

impl SandboxUtility {
    pub fn new(
        db: Db,
        digest_key: Zeroizing<[u8; 32]>,
        delay: Duration,
        timeout: Duration,
    ) -> SandboxUtility {
        SandboxUtility {
            db,
            digest_key,
            delay,
            timeout,
        }
    }

    /// A real utility answers in a second or two, never at a fixed pace.
    async fn respond_like_a_utility(&self, fraction: u32) {
        let base = self.delay / fraction;
        if base.is_zero() {
            return;
        }
        let jittered = {
            let low = base * 2 / 3;
            let high = base * 4 / 3;
            rand::thread_rng().gen_range(low..=high)
        };
        tokio::time::sleep(jittered).await;
    }

    /// Keyed so the table never holds a plain hash of a password; length
    /// prefixes keep ("ab","c") and ("a","bc") apart.
    fn digest(&self, login: &Login) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.digest_key.as_ref())
            .expect("HMAC takes any key length");
        mac.update(&login.utility_id.to_be_bytes());
        for part in [login.username.expose(), login.password.expose()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.finalize().into_bytes().to_vec()
    }

    /// The user changed this password at the utility, so it no longer works.
    fn password_was_changed(&self, login: &Login) -> bool {
        let digest = self.digest(login);
        let found = self
            .db
            .lock()
            .query_row(
                "SELECT 1 FROM sandbox_changed_passwords WHERE login_digest = ?1",
                [digest],
                |_| Ok(()),
            )
            .optional();
        match found {
            Ok(found) => found.is_some(),
            Err(error) => {
                tracing::error!("sandbox: cannot read changed passwords: {error}");
                false
            }
        }
    }
}

impl UtilityProvider for SandboxUtility {
    fn sandboxed(&self) -> bool {
        true
    }

    fn log_in<'a>(
        &'a self,
        login: &'a Login,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, LoginOutcome> {
        Box::pin(async move {
            self.respond_like_a_utility(1).await;
            if login.username.expose().trim().is_empty() || self.password_was_changed(login) {
                return LoginOutcome::Rejected;
            }
            let mut current = State::load(state);
            match keyword(login.password.expose()) {
                Keyword::Verified => LoginOutcome::Verified,
                Keyword::Rejected | Keyword::Other => LoginOutcome::Rejected,
                Keyword::Error => LoginOutcome::Error {
                    reason: "sandbox: the utility's site answered with an error".into(),
                },
                Keyword::Mfa if current.code_accepted => LoginOutcome::Verified,
                Keyword::Mfa => {
                    current = State {
                        challenged: true,
                        ..State::default()
                    };
                    current.store(state);
                    LoginOutcome::MfaRequired { offers: offers() }
                }
                Keyword::Timeout => {
                    let now = now_ms();
                    let until = *current
                        .waiting_until_ms
                        .get_or_insert(now + ms(self.timeout));
                    current.store(state);
                    if now >= until {
                        LoginOutcome::Verified
                    } else {
                        LoginOutcome::Pending {
                            retry_after: Duration::from_millis((until - now) as u64),
                        }
                    }
                }
            }
        })
    }

    fn send_code<'a>(
        &'a self,
        _login: &'a Login,
        method: MfaMethod,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async move {
            self.respond_like_a_utility(3).await;
            let mut current = State::load(state);
            if !current.challenged {
                return Err(ProviderError {
                    reason: "sandbox: no code was asked for".into(),
                });
            }
            current.code_sent_by = Some(method);
            current.store(state);
            Ok(())
        })
    }

    fn check_code<'a>(
        &'a self,
        _login: &'a Login,
        code: &'a Secret,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, CodeOutcome> {
        Box::pin(async move {
            self.respond_like_a_utility(3).await;
            let mut current = State::load(state);
            if current.code_sent_by.is_none() {
                return CodeOutcome::Error {
                    reason: "sandbox: no code was sent".into(),
                };
            }
            let right = subtle::ConstantTimeEq::ct_eq(
                code.expose().trim().as_bytes(),
                SANDBOX_CODE.as_bytes(),
            );
            if !bool::from(right) {
                return CodeOutcome::Wrong;
            }
            current.code_accepted = true;
            current.challenged = false;
            current.store(state);
            CodeOutcome::Accepted
        })
    }

    fn recheck<'a>(
        &'a self,
        login: &'a Login,
        _state: &'a mut ProviderState,
    ) -> BoxFuture<'a, LoginOutcome> {
        Box::pin(async move {
            self.respond_like_a_utility(1).await;
            if self.password_was_changed(login) {
                return LoginOutcome::Rejected;
            }
            // A credential only gets here verified; the sandbox keeps the MFA
            // session, as real aggregators keep an MFA token for weeks.
            match keyword(login.password.expose()) {
                Keyword::Verified | Keyword::Mfa | Keyword::Timeout => LoginOutcome::Verified,
                Keyword::Error => LoginOutcome::Error {
                    reason: "sandbox: the utility's site answered with an error".into(),
                },
                Keyword::Rejected | Keyword::Other => LoginOutcome::Rejected,
            }
        })
    }

    fn simulate_password_change<'a>(
        &'a self,
        login: &'a Login,
    ) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async move {
            let digest = self.digest(login);
            self.db
                .lock()
                .execute(
                    "INSERT INTO sandbox_changed_passwords (login_digest, changed_at_ms) VALUES (?1, ?2)
                     ON CONFLICT (login_digest) DO NOTHING",
                    params![digest, now_ms()],
                )
                .map(|_| ())
                .map_err(|error| ProviderError { reason: format!("sandbox: cannot record the change: {error}") })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(timeout: Duration) -> (SandboxUtility, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        (
            SandboxUtility::new(db, Zeroizing::new([3; 32]), Duration::ZERO, timeout),
            dir,
        )
    }

    fn login(password: &str) -> Login {
        Login {
            utility_id: 4110,
            username: Secret::new("someone".into()),
            password: Secret::new(password.into()),
            account_number: None,
        }
    }

    #[test]
    fn keywords_are_the_leading_letters() {
        assert_eq!(keyword("verified"), Keyword::Verified);
        assert_eq!(keyword("verified-7f3a"), Keyword::Verified);
        assert_eq!(keyword("verified 2"), Keyword::Verified);
        assert_eq!(keyword("Verified9"), Keyword::Verified);
        assert_eq!(keyword("verifiedx"), Keyword::Other);
        assert_eq!(keyword("mfa-1"), Keyword::Mfa);
        assert_eq!(keyword(""), Keyword::Other);
        assert_eq!(keyword("hunter2"), Keyword::Other);
        assert_eq!(keyword("-verified"), Keyword::Other);
    }

    #[tokio::test]
    async fn mfa_needs_the_right_code() {
        let (sandbox, _dir) = sandbox(Duration::ZERO);
        let login = login("mfa-x");
        let mut state = None;
        assert!(matches!(
            sandbox.log_in(&login, &mut state).await,
            LoginOutcome::MfaRequired { .. }
        ));
        let code = Secret::new(SANDBOX_CODE.into());
        assert!(matches!(
            sandbox.check_code(&login, &code, &mut state).await,
            CodeOutcome::Error { .. }
        ));
        sandbox
            .send_code(&login, MfaMethod::Sms, &mut state)
            .await
            .unwrap();
        let wrong = Secret::new("654321".into());
        assert_eq!(
            sandbox.check_code(&login, &wrong, &mut state).await,
            CodeOutcome::Wrong
        );
        assert_eq!(
            sandbox.check_code(&login, &code, &mut state).await,
            CodeOutcome::Accepted
        );
        assert_eq!(
            sandbox.log_in(&login, &mut state).await,
            LoginOutcome::Verified
        );
    }

    #[tokio::test]
    async fn timeout_stays_pending_until_its_time() {
        let (sandbox, _dir) = sandbox(Duration::from_millis(300));
        let login = login("timeout");
        let mut state = None;
        assert!(matches!(
            sandbox.log_in(&login, &mut state).await,
            LoginOutcome::Pending { .. }
        ));
        assert!(matches!(
            sandbox.log_in(&login, &mut state).await,
            LoginOutcome::Pending { .. }
        ));
        tokio::time::sleep(Duration::from_millis(320)).await;
        assert_eq!(
            sandbox.log_in(&login, &mut state).await,
            LoginOutcome::Verified
        );
    }

    #[tokio::test]
    async fn a_changed_password_fails_but_a_new_one_works() {
        let (sandbox, _dir) = sandbox(Duration::ZERO);
        let old = login("verified-old");
        assert_eq!(
            sandbox.recheck(&old, &mut None).await,
            LoginOutcome::Verified
        );
        sandbox.simulate_password_change(&old).await.unwrap();
        sandbox.simulate_password_change(&old).await.unwrap();
        assert_eq!(
            sandbox.recheck(&old, &mut None).await,
            LoginOutcome::Rejected
        );
        assert_eq!(
            sandbox.log_in(&old, &mut None).await,
            LoginOutcome::Rejected
        );
        assert_eq!(
            sandbox.log_in(&login("verified-new"), &mut None).await,
            LoginOutcome::Verified
        );
    }
}
