//! The events the component reports through `callbacks.onEvent(name, metadata)`.
//!
//! # Stable event list
//!
//! These names and metadata keys are a public contract: they will not be
//! renamed or removed; new events and new metadata keys may be added.
//! `metadata` is always a plain object and never carries a password, a
//! one-time code, a username or an account number.
//!
//! | name | metadata | when |
//! |---|---|---|
//! | `screen_viewed` | `{screen}` | a new screen is shown; `screen` is one of `consent`, `utility`, `credentials`, `verifying`, `mfa_method`, `mfa_code`, `verified`, `timed_out`, `error`, `session_expired`, `invalid_token`, `attempts_exhausted` |
//! | `consent_accepted` | `{}` | the user pressed "Agree and continue" |
//! | `consent_declined` | `{}` | the user pressed "Decline" (the component then closes with `no_submit`) |
//! | `utility_search_opened` | `{}` | the user opened the search by utility name |
//! | `utility_selected` | `{utility_id, source}` | the user continued with a utility; `source` is `"zip"` or `"search"` |
//! | `utility_not_listed` | `{source}` | the user said their utility is missing (from the zip's list, `"zip"`, or the name search, `"search"`); the component then closes with `no_submit` |
//! | `credentials_submitted` | `{utility_credential_id}` | the Connect API accepted the login details for checking |
//! | `mfa_requested` | `{}` | the utility asks for a one-time code |
//! | `mfa_method_selected` | `{method}` | `"sms"` or `"email"` |
//! | `mfa_code_submitted` | `{}` | a code was sent for checking |
//! | `mfa_code_rejected` | `{attempts_left}` | the code was wrong |
//! | `mfa_code_resent` | `{}` | the user asked for a new code |
//! | `verification_succeeded` | `{}` | the utility accepted the login |
//! | `verification_rejected` | `{}` | the utility refused the login |
//! | `verification_timed_out` | `{}` | no verdict within `verificationTimeoutMs`; checking goes on in the background |
//! | `verification_error` | `{}` | the utility could not be checked |
//! | `closed` | `{status}` | the component closed; same `status` as `onClose` |
//!
//! The flow produces these values as plain Rust (tested natively); the
//! component's host layer (`src/host/callbacks.rs`) turns them into
//! JavaScript objects.

use protocol::MfaMethod;

/// A metadata value: only numbers and short fixed strings, never user input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetaValue {
    Str(&'static str),
    Num(i64),
}

/// Where the chosen utility came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UtilitySource {
    Zip,
    Search,
}

impl UtilitySource {
    pub fn as_str(self) -> &'static str {
        match self {
            UtilitySource::Zip => "zip",
            UtilitySource::Search => "search",
        }
    }
}

/// One `onEvent` call; see the module docs for the stable list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostEvent {
    ScreenViewed(&'static str),
    ConsentAccepted,
    ConsentDeclined,
    UtilitySearchOpened,
    UtilitySelected {
        utility_id: u32,
        source: UtilitySource,
    },
    UtilityNotListed {
        source: UtilitySource,
    },
    CredentialsSubmitted {
        utility_credential_id: i64,
    },
    MfaRequested,
    MfaMethodSelected(MfaMethod),
    MfaCodeSubmitted,
    MfaCodeRejected {
        attempts_left: u8,
    },
    MfaCodeResent,
    VerificationSucceeded,
    VerificationRejected,
    VerificationTimedOut,
    VerificationError,
    Closed(&'static str),
}

impl HostEvent {
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::ScreenViewed(_) => "screen_viewed",
            HostEvent::ConsentAccepted => "consent_accepted",
            HostEvent::ConsentDeclined => "consent_declined",
            HostEvent::UtilitySearchOpened => "utility_search_opened",
            HostEvent::UtilitySelected { .. } => "utility_selected",
            HostEvent::UtilityNotListed { .. } => "utility_not_listed",
            HostEvent::CredentialsSubmitted { .. } => "credentials_submitted",
            HostEvent::MfaRequested => "mfa_requested",
            HostEvent::MfaMethodSelected(_) => "mfa_method_selected",
            HostEvent::MfaCodeSubmitted => "mfa_code_submitted",
            HostEvent::MfaCodeRejected { .. } => "mfa_code_rejected",
            HostEvent::MfaCodeResent => "mfa_code_resent",
            HostEvent::VerificationSucceeded => "verification_succeeded",
            HostEvent::VerificationRejected => "verification_rejected",
            HostEvent::VerificationTimedOut => "verification_timed_out",
            HostEvent::VerificationError => "verification_error",
            HostEvent::Closed(_) => "closed",
        }
    }

    pub fn metadata(&self) -> Vec<(&'static str, MetaValue)> {
        match *self {
            HostEvent::ScreenViewed(screen) => vec![("screen", MetaValue::Str(screen))],
            HostEvent::UtilitySelected { utility_id, source } => vec![
                ("utility_id", MetaValue::Num(i64::from(utility_id))),
                ("source", MetaValue::Str(source.as_str())),
            ],
            HostEvent::UtilityNotListed { source } => {
                vec![("source", MetaValue::Str(source.as_str()))]
            }
            HostEvent::CredentialsSubmitted {
                utility_credential_id,
            } => {
                vec![(
                    "utility_credential_id",
                    MetaValue::Num(utility_credential_id),
                )]
            }
            HostEvent::MfaMethodSelected(method) => {
                vec![("method", MetaValue::Str(method.as_str()))]
            }
            HostEvent::MfaCodeRejected { attempts_left } => {
                vec![("attempts_left", MetaValue::Num(i64::from(attempts_left)))]
            }
            HostEvent::Closed(status) => vec![("status", MetaValue::Str(status))],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_metadata_follow_the_documented_list() {
        let selected = HostEvent::UtilitySelected {
            utility_id: 4226,
            source: UtilitySource::Search,
        };
        assert_eq!(selected.name(), "utility_selected");
        assert_eq!(
            selected.metadata(),
            vec![
                ("utility_id", MetaValue::Num(4226)),
                ("source", MetaValue::Str("search"))
            ]
        );
        assert_eq!(
            HostEvent::MfaMethodSelected(MfaMethod::Sms).metadata(),
            vec![("method", MetaValue::Str("sms"))]
        );
        assert_eq!(
            HostEvent::Closed("pending").metadata(),
            vec![("status", MetaValue::Str("pending"))]
        );
        assert!(HostEvent::MfaCodeSubmitted.metadata().is_empty());
    }
}
