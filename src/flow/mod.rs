//! The Connect flow as a pure state machine: `transition(step, event)` returns
//! the next step and the effects to run. Nothing here touches the DOM or the
//! network, so every path is tested with plain `cargo test`.

mod step;
mod transition;

pub use step::{CloseStatus, Effect, Event, Failure, FailureKind, Step};
pub use transition::{start, transition};
