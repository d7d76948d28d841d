//! Property tests: the connect-token parser answers every input with a
//! value or a `TokenError`, never a panic, and only well-formed tokens parse.

use proptest::prelude::*;
use protocol::claims::split_token;
use protocol::{base64url_decode, base64url_encode, ConnectClaims, Mode, TokenError};

fn claims(client_user_id: String, exp: i64) -> ConnectClaims {
    ConnectClaims {
        v: protocol::claims::TOKEN_VERSION,
        typ: protocol::claims::TOKEN_TYPE.into(),
        mode: Mode::Create,
        client_id: "cl_x".into(),
        client_name: "App".into(),
        client_user_id: Some(client_user_id),
        utility_credential_id: None,
        utility: None,
        iat: 0,
        exp,
        jti: "j".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(token in ".{0,600}") {
        let _ = split_token(&token);
        let _ = ConnectClaims::decode_unverified(&token);
        let _ = ConnectClaims::decode_payload(&token);
        let _ = base64url_decode(&token);
    }

    #[test]
    fn token_shaped_text_never_panics(
        payload in "[A-Za-z0-9_=+/.-]{0,300}",
        signature in "[A-Za-z0-9_=+/.-]{0,80}",
    ) {
        let token = format!("{payload}.{signature}");
        let _ = ConnectClaims::decode_unverified(&token);
    }

    #[test]
    fn arbitrary_json_payloads_never_panic(json in "\\{.{0,300}\\}") {
        let payload = base64url_encode(json.as_bytes());
        let _ = ConnectClaims::decode_payload(&payload);
    }

    #[test]
    fn claims_round_trip_and_mutations_are_refused_or_parsed(
        user in ".{1,80}",
        exp in any::<i64>(),
        flip_at in any::<prop::sample::Index>(),
        flip_bit in 0u8..8,
    ) {
        let original = claims(user, exp);
        let payload = original.encode_payload();
        prop_assert_eq!(ConnectClaims::decode_payload(&payload), Ok(original.clone()));
        let signature = base64url_encode(&[7u8; 32]);
        let token = format!("{payload}.{signature}");
        prop_assert!(split_token(&token).is_ok());

        let mut bytes = token.into_bytes();
        let at = flip_at.index(bytes.len());
        bytes[at] ^= 1 << flip_bit;
        if let Ok(mutated) = String::from_utf8(bytes) {
            match ConnectClaims::decode_unverified(&mutated) {
                Ok(parsed) => prop_assert_eq!(parsed.v, protocol::claims::TOKEN_VERSION),
                Err(error) => prop_assert_eq!(error, TokenError::Malformed),
            }
        }
    }

    #[test]
    fn expiry_is_a_plain_comparison(exp in any::<i64>(), now in any::<i64>()) {
        let result = claims("u".into(), exp).check_expiry(now);
        prop_assert_eq!(result.is_err(), now >= exp);
    }
}
