//! What can happen to the flow: user actions, API answers, timers.

use protocol::{
    ConnectStatus, MfaMethod, SessionInfo, SubmitCodeRequest, SubmitCredentialsRequest, Utility,
};

use super::step::Failure;

/// A utility lookup: by zip, by name, or (update mode) the details of the
/// credential's utility, found by name and matched by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupKey {
    Zip(String),
    Name(String),
    Details { id: u32, name: String },
}

/// A call to the Connect API. Calls that carry a secret print it redacted
/// (the protocol types' `Debug`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    LoadSession,
    Utilities(LookupKey),
    Submit(SubmitCredentialsRequest),
    /// `window` ties the answer to the wait that asked.
    Poll {
        id: i64,
        window: u32,
    },
    ChooseMethod {
        id: i64,
        method: MfaMethod,
    },
    SubmitCode {
        id: i64,
        body: SubmitCodeRequest,
    },
    Resend {
        id: i64,
    },
}

/// Which call a `ConnectStatus` answers (no secret in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Submit,
    Poll { window: u32 },
    ChooseMethod,
    SubmitCode,
    Resend,
}

impl Call {
    /// The origin of a status answer; `None` for calls that answer otherwise.
    pub fn origin(&self) -> Option<Origin> {
        Some(match self {
            Call::Submit(_) => Origin::Submit,
            Call::Poll { window, .. } => Origin::Poll { window: *window },
            Call::ChooseMethod { .. } => Origin::ChooseMethod,
            Call::SubmitCode { .. } => Origin::SubmitCode,
            Call::Resend { .. } => Origin::Resend,
            Call::LoadSession | Call::Utilities(_) => return None,
        })
    }

    /// True when the call carries a password or a code: it is never kept
    /// for "Try again" (the user types it again).
    pub fn carries_secret(&self) -> bool {
        matches!(self, Call::Submit(_) | Call::SubmitCode { .. })
    }
}

/// The credentials form as submitted. `Debug` is written by hand so that the
/// password and account number never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialsInput {
    pub username: String,
    pub password: String,
    pub account_number: String,
}

impl core::fmt::Debug for CredentialsInput {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("CredentialsInput { [redacted] }")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    // Answers.
    SessionLoaded(SessionInfo),
    UtilitiesLoaded {
        lookup: LookupKey,
        utilities: Vec<Utility>,
    },
    Status {
        origin: Origin,
        status: ConnectStatus,
    },
    /// Any call that failed, handed back whole so that it can be retried.
    CallFailed {
        call: Call,
        failure: Failure,
    },
    /// The verification window numbered here has run out.
    WindowElapsed(u32),
    // The user.
    Agree,
    Decline,
    ZipChanged(String),
    SelectUtility(u32),
    OpenSearch,
    CloseSearch,
    SearchChanged(String),
    ContinueWithUtility,
    /// "I can't find my utility": the host hears of it and the flow ends.
    UtilityMissing,
    Back,
    Submit(CredentialsInput),
    ChooseMethod(MfaMethod),
    /// The code is a secret: it goes straight into the call.
    SubmitCode(String),
    ResendCode,
    /// "Retry" on the offline alert.
    Retry,
    /// "Try again" on the error screen.
    TryAgain,
    /// "Done" on a result screen.
    Done,
    Close,
}
