//! One module per screen; each renders the data of its step and dispatches events.

mod consent;
mod credentials;
mod failed;
mod header;
mod icons;
mod mfa_code;
mod mfa_method;
mod timed_out;
mod utility_picker;
mod verified;
mod verifying;

pub use consent::Consent;
pub use credentials::Credentials;
pub use failed::Failed;
pub use mfa_code::MfaCode;
pub use mfa_method::MfaMethod;
pub use timed_out::TimedOut;
pub use utility_picker::UtilityPicker;
pub use verified::Verified;
pub use verifying::Verifying;

use crate::flow::Step;

/// The host app's name, as every screen words it.
fn client_name(step: &Step) -> String {
    step.ctx()
        .map(|ctx| ctx.client_name.clone())
        .unwrap_or_default()
}

/// The chosen utility's name, as people know it.
fn utility_name(step: &Step) -> String {
    step.choice()
        .map(|choice| choice.utility.shown_name().to_string())
        .unwrap_or_default()
}
