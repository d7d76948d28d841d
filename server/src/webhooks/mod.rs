//! Webhooks: an outbox written in the same transaction as the status change
//! it reports, a delivery worker that drains it at least once, and Standard
//! Webhooks signatures.

pub mod delivery;
pub mod outbox;
pub mod secrets;
pub mod signing;
