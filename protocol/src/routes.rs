//! Every path the Connect API server answers, for its router, its OpenAPI
//! document and the component's client. `{id}` is a path parameter: fill it
//! with `with_id`.

pub const AUTH_ACCESS_TOKEN: &str = "/auth/access_token";
pub const AUTH_CONNECT_TOKEN: &str = "/auth/connect_token";
pub const AUTH_CONNECT_URL: &str = "/auth/connect_url";
pub const UTILITY_CREDENTIALS: &str = "/utility_credentials";
pub const UTILITY_CREDENTIAL: &str = "/utility_credentials/{id}";
pub const UTILITIES: &str = "/utilities";
pub const SANDBOX_SUBMIT_TEST_CREDENTIALS: &str = "/sandbox/connect/submit_test_credentials";
pub const SANDBOX_CHANGE_PASSWORD: &str = "/sandbox/utility_credentials/{id}/change_password";
pub const WEBHOOK_EVENTS: &str = "/webhook/events";
pub const WEBHOOK_EVENT: &str = "/webhook/events/{id}";
pub const WEBHOOK_EVENT_REPLAY: &str = "/webhook/events/{id}/replay";
pub const CONNECT_SESSION: &str = "/connect/session";
pub const CONNECT_CREDENTIALS: &str = "/connect/credentials";
pub const CONNECT_CREDENTIAL: &str = "/connect/credentials/{id}";
pub const CONNECT_MFA_METHOD: &str = "/connect/credentials/{id}/mfa/method";
pub const CONNECT_MFA_CODE: &str = "/connect/credentials/{id}/mfa/code";
pub const CONNECT_MFA_RESEND: &str = "/connect/credentials/{id}/mfa/resend";
pub const CONNECT_PAGE: &str = "/connect";
/// The frame page of frame mode. Not in `ALL` (the API document): it is a
/// page for the loader only, whose parameters it makes itself.
pub const CONNECT_FRAME: &str = "/connect/frame";
pub const LEGAL_TERMS: &str = "/legal/terms";
pub const LEGAL_PRIVACY: &str = "/legal/privacy";
pub const OPENAPI: &str = "/openapi.json";
pub const PING: &str = "/ping";
/// The process answers (liveness).
pub const HEALTHZ: &str = "/healthz";
/// The store answers and is migrated (readiness).
pub const READYZ: &str = "/readyz";
/// Prometheus text format.
pub const METRICS: &str = "/metrics";

/// Every route with its method (lower case, as OpenAPI spells it).
pub const ALL: &[(&str, &str)] = &[
    ("post", AUTH_ACCESS_TOKEN),
    ("post", AUTH_CONNECT_TOKEN),
    ("post", AUTH_CONNECT_URL),
    ("get", UTILITY_CREDENTIALS),
    ("get", UTILITY_CREDENTIAL),
    ("get", UTILITIES),
    ("post", SANDBOX_SUBMIT_TEST_CREDENTIALS),
    ("post", SANDBOX_CHANGE_PASSWORD),
    ("get", WEBHOOK_EVENTS),
    ("get", WEBHOOK_EVENT),
    ("post", WEBHOOK_EVENT_REPLAY),
    ("get", CONNECT_SESSION),
    ("post", CONNECT_CREDENTIALS),
    ("get", CONNECT_CREDENTIAL),
    ("post", CONNECT_MFA_METHOD),
    ("post", CONNECT_MFA_CODE),
    ("post", CONNECT_MFA_RESEND),
    ("get", CONNECT_PAGE),
    ("get", LEGAL_TERMS),
    ("get", LEGAL_PRIVACY),
    ("get", OPENAPI),
    ("get", PING),
    ("get", HEALTHZ),
    ("get", READYZ),
    ("get", METRICS),
];

/// `route` with its `{id}` filled in.
pub fn with_id(route: &str, id: impl std::fmt::Display) -> String {
    route.replace("{id}", &id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_fill_in() {
        assert_eq!(
            with_id(CONNECT_MFA_CODE, 7),
            "/connect/credentials/7/mfa/code"
        );
        assert_eq!(with_id(PING, 7), "/ping");
    }

    #[test]
    fn each_route_is_listed_once() {
        let mut seen: Vec<_> = ALL.to_vec();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), ALL.len());
        assert!(ALL.iter().all(|(_, path)| path.starts_with('/')));
    }
}
