//! Property tests (promise P13): hostile request bodies, query strings and
//! usernames are answered with our errors, never a panic.

use axum::body::Body;
use axum::extract::{FromRequest, Query};
use axum::http::{Request, StatusCode, Uri};
use proptest::prelude::*;
use protocol::{
    AccessTokenRequest, ChooseMfaMethodRequest, SubmitCodeRequest, SubmitCredentialsRequest,
};
use serde::de::DeserializeOwned;

use super::auth::ConnectParams;
use super::utilities::UtilitiesQuery;
use crate::directory::Directory;
use crate::error::{Failure, JsonBody, SecretJsonBody};
use crate::login_identity::normalise;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn request(bytes: &[u8]) -> Request<Body> {
    Request::post("/").body(Body::from(bytes.to_vec())).unwrap()
}

/// Parses `bytes` as both body extractors would; a refusal must be one of
/// the documented client errors.
fn parse_both<T: DeserializeOwned>(runtime: &tokio::runtime::Runtime, bytes: &[u8]) {
    let allowed = |failure: &Failure| {
        [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY].contains(&failure.status)
    };
    if let Err(failure) = runtime.block_on(JsonBody::<T>::from_request(request(bytes), &())) {
        assert!(allowed(&failure), "{failure:?}");
    }
    if let Err(failure) = runtime.block_on(SecretJsonBody::<T>::from_request(request(bytes), &())) {
        assert!(allowed(&failure), "{failure:?}");
    }
}

fn directory() -> &'static Directory {
    static DIRECTORY: std::sync::OnceLock<Directory> = std::sync::OnceLock::new();
    DIRECTORY.get_or_init(Directory::load)
}

/// JSON-ish text: mostly objects with the API's field names, so the
/// parsers get past the first byte.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        "\\{(\"(utility_id|username|password|zip|account_number|code|method|client_id|client_secret|client_user_id|utility_credential_id|variant)\": ?(null|true|-?[0-9]{1,25}(\\.[0-9]+)?(e[0-9]+)?|\"[^\"]{0,40}\"|\\[\\]|\\{\\}),? ?){0,6}\\}"
            .prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn request_bodies_never_panic(bytes in body()) {
        let runtime = runtime();
        parse_both::<SubmitCredentialsRequest>(&runtime, &bytes);
        parse_both::<SubmitCodeRequest>(&runtime, &bytes);
        parse_both::<ChooseMfaMethodRequest>(&runtime, &bytes);
        parse_both::<AccessTokenRequest>(&runtime, &bytes);
        parse_both::<ConnectParams>(&runtime, &bytes);
    }

    #[test]
    fn zip_lookups_accept_exactly_five_digits(zip in "[0-9]{0,7}|.{0,12}") {
        let found = directory().by_zip(&zip);
        let well_formed = zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(found.is_ok(), well_formed);
    }

    #[test]
    fn name_searches_respect_the_limit(query in ".{0,80}", limit in 1usize..=100) {
        prop_assert!(directory().search(&query, limit).len() <= limit);
    }

    #[test]
    fn utilities_query_strings_never_panic(query in "[A-Za-z0-9=&%+._~-]{0,120}") {
        if let Ok(uri) = format!("/utilities?{query}").parse::<Uri>() {
            if let Ok(Query(parsed)) = Query::<UtilitiesQuery>::try_from_uri(&uri) {
                if let Some(zip) = parsed.zip.as_deref() {
                    let _ = directory().by_zip(zip);
                }
                if let Some(q) = parsed.q.as_deref() {
                    let _ = directory().search(q, parsed.limit.unwrap_or(20).clamp(1, 100));
                }
            }
        }
    }

    #[test]
    fn usernames_normalise_without_panicking(username in any::<String>()) {
        prop_assert_eq!(&*normalise(&format!("  {}\u{200B} ", username.to_uppercase())),
            &*normalise(&username.to_uppercase()));
    }
}
