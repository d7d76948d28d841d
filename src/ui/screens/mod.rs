//! One module per screen; each renders the data of its step and dispatches events.

mod consent;
mod failed;
mod starting;

pub use consent::Consent;
pub use failed::Failed;
pub use starting::Starting;
