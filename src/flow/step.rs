use protocol::{Mode, SessionInfo};

/// The screen being shown, with the data that screen needs inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The token's claims are read; the server is confirming the session.
    Starting { mode: Mode, client_name: String },
    Consent { session: SessionInfo },
    Failed(Failure),
    Closed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The token cannot be read or the server refused it.
    InvalidToken,
    ExpiredToken,
    /// The server could not be reached.
    Network,
    /// The server answered with something unusable (5xx, malformed JSON).
    Server,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// For the host's `onError`; screens word their own text from `kind`.
    pub message: String,
}

impl FailureKind {
    /// The `type` handed to the host's `onError`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::InvalidToken => "invalid_connect_token",
            FailureKind::ExpiredToken => "connect_token_expired",
            FailureKind::Network => "network_error",
            FailureKind::Server => "server_error",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    SessionLoaded(SessionInfo),
    SessionFailed(Failure),
    Agree,
    Decline,
    Close,
}

/// How the flow ended, as the host's `onClose` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseStatus {
    Verified,
    Rejected,
    TimedOut,
    Pending,
    NoSubmit,
    Error,
}

impl CloseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CloseStatus::Verified => "verified",
            CloseStatus::Rejected => "rejected",
            CloseStatus::TimedOut => "timed_out",
            CloseStatus::Pending => "pending",
            CloseStatus::NoSubmit => "no_submit",
            CloseStatus::Error => "error",
        }
    }
}

/// Work for the runner in `ui`; results come back as events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    LoadSession,
    ReportError(Failure),
    /// `onEvent(name)` for the host's analytics.
    Emit(&'static str),
    Close(CloseStatus),
}
