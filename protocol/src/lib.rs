//! Wire types shared by the Utility Connect component and its API server.
//!
//! Both sides compile against this crate so a renamed field or a new status
//! breaks the build instead of a user's session.

mod base64url;
pub mod claims;
pub mod error;
pub mod json;
pub mod json_integer;
pub mod routes;
pub mod wire;
pub mod zip;

pub use base64url::{decode as base64url_decode, encode as base64url_encode};
pub use claims::{ConnectClaims, Mode, TokenError};
pub use error::{error_types, ApiError, ErrorBody, ErrorType};
pub use wire::*;
