//! Standard Webhooks v1 signatures (symmetric): `webhook-signature:
//! v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>`, with the
//! secret given as `whsec_<base64>`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SECRET_PREFIX: &str = "whsec_";

/// The key bytes of a `whsec_…` secret.
pub fn secret_bytes(secret: &str) -> Option<Vec<u8>> {
    let encoded = secret.strip_prefix(SECRET_PREFIX)?;
    STANDARD.decode(encoded).ok().filter(|key| !key.is_empty())
}

pub fn sign(key: &[u8], msg_id: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(msg_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_specification_test_vector() {
        let key = secret_bytes("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
        assert_eq!(
            sign(
                &key,
                "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                1649367553,
                r#"{"email":"test@example.com","username":"test_user"}"#
            ),
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
        );
    }

    #[test]
    fn any_change_changes_the_signature() {
        let key = secret_bytes("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
        let base = sign(&key, "msg_1", 1, "{}");
        assert_ne!(base, sign(&key, "msg_2", 1, "{}"));
        assert_ne!(base, sign(&key, "msg_1", 2, "{}"));
        assert_ne!(base, sign(&key, "msg_1", 1, "{ }"));
        assert_ne!(base, sign(b"other", "msg_1", 1, "{}"));
    }

    #[test]
    fn secrets_need_the_prefix_and_base64() {
        assert!(secret_bytes("C2FVsBQIhrscChlQIMV+b5sSYspob7oD").is_none());
        assert!(secret_bytes("whsec_").is_none());
        assert!(secret_bytes("whsec_***").is_none());
    }
}
