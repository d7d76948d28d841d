//! The Connect flow as a pure state machine: `transition(step, event)` returns
//! the next step and the effects to run. Nothing here touches the DOM or the
//! network, so every path is tested with plain `cargo test`.
//!
//! Data lives inside each `Step` variant; effects are returned, never
//! performed; answers come back as events. The password appears only in the
//! `Event::Submit` that carries it in and the `Call::Submit` that carries it
//! out (kept, unsent, in `Step::Offline` if the connection drops first).

mod effect;
mod event;
mod host_event;
mod status_answer;
mod step;
mod transition;
pub mod validate;

#[cfg(test)]
mod fixtures;

pub use effect::{CloseStatus, Effect};
pub use event::{Call, CredentialsInput, Event, LookupKey, Origin};
pub use host_event::{HostEvent, MetaValue, UtilitySource};
pub use step::{
    Choice, Ctx, Done, Failed, Failure, FailureKind, FieldErrors, Form, Legal, Lookup, Mfa,
    MfaNotice, Notice, Offline, Outcome, Picker, Prefill, Resume, Screen, Search, Step, Wait,
};
pub use transition::{
    awaits, close_status, poll_delay_ms, start, transition, MIN_SEARCH_LEN, SEARCH_PAUSE_MS,
};
