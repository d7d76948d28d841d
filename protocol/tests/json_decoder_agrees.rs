//! The component reads the API's bodies with `protocol::json` instead of
//! serde_json (see its module docs). Both must read every body the same way:
//! the same value where serde_json reads one, a refusal where it refuses.

use proptest::prelude::*;
use protocol::{ConnectClaims, ConnectStatus, ErrorBody, SessionInfo, UtilitiesResponse};
use serde::de::DeserializeOwned;

fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(body: &str) {
    let expected = serde_json::from_str::<T>(body).ok();
    let decoded = protocol::json::from_str::<T>(body).ok();
    assert_eq!(
        decoded,
        expected,
        "{} from {body:?}",
        std::any::type_name::<T>()
    );
}

fn agree_on_all(body: &str) {
    agree::<SessionInfo>(body);
    agree::<UtilitiesResponse>(body);
    agree::<ConnectStatus>(body);
    agree::<ErrorBody>(body);
    agree::<ConnectClaims>(body);
    agree::<Vec<u32>>(body);
    agree::<Option<String>>(body);
}

/// Bodies as the server writes them, one per type the component reads.
const FIXTURES: &[&str] = &[
    r#"{"mode":"create","client_name":"Demo Energy App","logo_url":"https://example.com/l.png","submissions_left":3,"terms_url":"https://x/terms","privacy_url":"https://x/privacy"}"#,
    r#"{"mode":"update","client_name":"A \"quoted\" name \u00e9\ud83d\ude00","utility":{"id":14328,"name":"Pacific Gas & Electric Co."},"utility_credential_id":42,"submissions_left":0,"terms_url":"t","privacy_url":"p"}"#,
    r#"{"utilities":[{"id":4176,"name":"Consolidated Edison Co-NY Inc","display_name":"Con Edison","state":"NY","ownership":"Investor Owned","service_type":"Bundled","needs_account_number":true,"password_reset_url":"https://www.coned.com/reset"},{"id":7,"name":"X","state":"CA","ownership":"Municipal","service_type":"Delivery"}]}"#,
    r#"{"utilities":[]}"#,
    r#"{"utility_credential_id":12,"verification_status":"pending","mfa":null,"submissions_left":2}"#,
    r#"{"utility_credential_id":12,"verification_status":"pending","submissions_left":2,"mfa":{"methods":["sms","email"],"method":"sms","destination":"***-***-0142","destinations":[{"method":"sms","destination":"***-***-0142"},{"method":"email","destination":"j***@example.com"}],"code_attempts_left":3,"last_code_rejected":true}}"#,
    r#"{"utility_credential_id":-5,"verification_status":"revoked","submissions_left":255}"#,
    r#"{"error":{"type":"too_many_codes_sent","description":"Several codes were sent already.\nTry later.\t\\ \/"}}"#,
    r#"{"v":1,"typ":"connect","mode":"create","client_id":"cl_x","client_name":"App","client_user_id":"user-42","iat":1700000000,"exp":1700003600,"jti":"j"}"#,
    r#"{"v":1,"typ":"connect","mode":"update","client_id":"cl_x","client_name":"App","utility_credential_id":9,"utility":{"id":1,"name":"U"},"iat":0,"exp":-1,"jti":"j"}"#,
    r#"[1, 2 ,3]"#,
    r#""text""#,
    "null",
];

/// Bodies that must be refused, or read, exactly as serde_json does.
const EDGES: &[&str] = &[
    "",
    " ",
    "{",
    "{}",
    "[]",
    "[1,]",
    "[1 2]",
    "{\"utilities\":[],}",
    "{\"utilities\":[]} x",
    "{\"utilities\":[]}\n",
    "{\"utilities\":[],\"utilities\":[]}",
    "{\"utilities\":[], \"extra\": {\"deep\": [null, true, false, 1.5e-3, -0, 1E+2]}}",
    "{utilities:[]}",
    "{'utilities':[]}",
    "[01]",
    "[-]",
    "[1.]",
    "[.5]",
    "[1e]",
    "[1e+]",
    "[4294967295]",
    "[4294967296]",
    "[-1]",
    "[7.0]",
    "[7e2]",
    "[18446744073709551616]",
    "[-9223372036854775809]",
    "[NaN]",
    "[Infinity]",
    "\"\\ud83d\"",
    "\"\\udc00\"",
    "\"\\ud83d\\u0041\"",
    "\"\\u00zz\"",
    "\"\\x\"",
    "\"tab\there\"",
    "\"é\"",
    "nul",
    "truex",
    "[true false]",
    "{\"error\":{\"type\":\"x\"}}",
    "{\"error\":{\"type\":1,\"description\":\"d\"}}",
    "{\"mode\":\"Create\",\"client_name\":\"A\",\"submissions_left\":1,\"terms_url\":\"t\",\"privacy_url\":\"p\"}",
    "{\"mode\":\"create\",\"client_name\":\"A\",\"submissions_left\":256,\"terms_url\":\"t\",\"privacy_url\":\"p\"}",
    "{\"mode\":\"create\",\"client_name\":\"A\",\"submissions_left\":1.0,\"terms_url\":\"t\",\"privacy_url\":\"p\"}",
    "{\"mode\":\"create\",\"client_name\":\"A\",\"submissions_left\":1,\"terms_url\":\"t\",\"privacy_url\":\"p\",\"utility\":null}",
    "{\"mode\":{\"create\":null},\"client_name\":\"A\",\"submissions_left\":1,\"terms_url\":\"t\",\"privacy_url\":\"p\"}",
];

#[test]
fn the_decoders_agree_on_the_servers_bodies() {
    for body in FIXTURES {
        agree_on_all(body);
    }
    // Every fixture is read by at least one type: they are real bodies.
    for body in FIXTURES {
        let read = serde_json::from_str::<serde_json::Value>(body).is_ok();
        assert!(read, "{body}");
    }
}

#[test]
fn the_decoders_agree_on_edge_cases() {
    for body in EDGES {
        agree_on_all(body);
    }
}

/// The one deliberate difference: serde_json also reads a struct from an
/// array of its fields in order, a shape the server never writes; the
/// component's decoder refuses it (see `deserialize_struct` there).
#[test]
fn a_struct_written_as_an_array_is_refused() {
    let body = r#"[12,"pending",null,2]"#;
    assert!(serde_json::from_str::<ConnectStatus>(body).is_ok());
    assert!(protocol::json::from_str::<ConnectStatus>(body).is_err());
    let error = r#"[["too_many_codes_sent","later"]]"#;
    assert!(serde_json::from_str::<ErrorBody>(error).is_ok());
    assert!(protocol::json::from_str::<ErrorBody>(error).is_err());
}

#[test]
fn nesting_deeper_than_serde_json_allows_is_refused_without_overflowing() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(protocol::json::from_str::<serde_json::Value>(&deep).is_err());
    agree::<Vec<Vec<u32>>>("[[1],[2,3]]");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// One character of a real body replaced, inserted or removed.
    #[test]
    fn the_decoders_agree_on_damaged_bodies(
        which in 0..FIXTURES.len(),
        at in any::<prop::sample::Index>(),
        edit in 0..3u8,
        replacement in prop::sample::select(vec!['"', '\\', '{', '}', '[', ']', ',', ':', '0', '1', '-', '.', 'e', 'n', ' ', 'x', 'u']),
    ) {
        let body: Vec<char> = FIXTURES[which].chars().collect();
        let at = at.index(body.len());
        let mut damaged = body.clone();
        match edit {
            0 => damaged[at] = replacement,
            1 => damaged.insert(at, replacement),
            _ => { damaged.remove(at); }
        }
        let damaged: String = damaged.into_iter().collect();
        agree_on_all(&damaged);
    }

    #[test]
    fn the_decoders_agree_on_any_number(number in "-?[0-9]{1,22}(\\.[0-9]{1,5})?([eE][-+]?[0-9]{1,3})?") {
        agree::<Vec<u32>>(&format!("[{number}]"));
        agree::<Vec<i64>>(&format!("[{number}]"));
        agree::<Vec<u8>>(&format!("[{number}]"));
    }
}
