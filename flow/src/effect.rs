//! Work the flow asks for; the component's runner performs it and feeds
//! the answers back as events.

use super::event::Call;
use super::host_event::HostEvent;
use super::step::Failure;

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Call(Call),
    /// Make the call after a pause, if the flow still awaits it then
    /// (`transition::awaits`): polls with back-off, searches as typed.
    CallAfter {
        call: Call,
        delay_ms: u32,
    },
    /// Start the verification window numbered here (its length is config).
    StartWindow(u32),
    /// `onCredentialsSubmitted({utilityCredentialId})`.
    CredentialsSubmitted(i64),
    /// `onEvent(name, metadata)`.
    Emit(HostEvent),
    /// `onError({error: {type, message}})`.
    ReportError(Failure),
    /// `onClose({status, utilityCredentialId?})`, then unmount.
    Close {
        status: CloseStatus,
        utility_credential_id: Option<i64>,
    },
}
