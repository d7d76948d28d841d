//! The component's session: the claims of its connect token and that
//! token's attempt counters, as the extractor loaded them.

use protocol::{ConnectClaims, Mode};

use crate::credentials::Row;
use crate::token_usage::Usage;

/// The component, by its connect token: signature and expiry checked, the
/// calling page's origin checked against the client's registered origins,
/// and the token's attempt counters loaded (see `routes::extract`).
pub struct ConnectSession {
    pub claims: ConnectClaims,
    pub usage: Usage,
}

impl ConnectSession {
    /// Create tokens see their user's credentials; update tokens only theirs.
    pub fn may_see(&self, row: &Row) -> bool {
        row.client_id == self.claims.client_id
            && match self.claims.mode {
                Mode::Create => {
                    self.claims.client_user_id.as_deref() == Some(row.client_user_id.as_str())
                }
                Mode::Update => self.claims.utility_credential_id == Some(row.id),
            }
    }
}
