//! The server's master key and the purpose-bound keys derived from it.
//!
//! One 32-byte master key lives in `<data-dir>/master.key` (created on first
//! start, mode 0600) or in `UTILITY_CONNECT_MASTER_KEY` (64 hex chars). Each
//! use gets its own key via HMAC so that, say, a token MAC can never be
//! replayed as an encryption key.

use std::path::Path;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

pub const KEY_ENV_VAR: &str = "UTILITY_CONNECT_MASTER_KEY";
const KEY_FILE: &str = "master.key";

#[derive(Clone)]
pub struct Keys {
    pub token_signing: Zeroizing<[u8; 32]>,
    pub encryption: Zeroizing<[u8; 32]>,
    /// Keys the sandbox utility's record of changed passwords, so that table
    /// holds no plain hash of a password that could be brute-forced offline.
    pub sandbox_digest: Zeroizing<[u8; 32]>,
    /// Keys the per-login failure counters (`login_limit`), so the database
    /// never holds a username, nor a plain hash that a list of likely
    /// usernames would reverse.
    pub login_limit: Zeroizing<[u8; 32]>,
}

impl Keys {
    pub fn load_or_create(data_dir: &Path) -> Result<Keys, String> {
        let master = match std::env::var(KEY_ENV_VAR) {
            Ok(hex) => {
                parse_hex_key(&hex).ok_or(format!("{KEY_ENV_VAR} must be 64 hex characters"))?
            }
            Err(_) => load_or_create_file(&data_dir.join(KEY_FILE))?,
        };
        Ok(Keys {
            token_signing: derive(&master, b"connect-token-v1"),
            encryption: derive(&master, b"secrets-at-rest-v1"),
            sandbox_digest: derive(&master, b"sandbox-utility-v1"),
            login_limit: derive(&master, b"login-failure-limit-v1"),
        })
    }
}

fn derive(master: &[u8; 32], purpose: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut mac = Hmac::<Sha256>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(purpose);
    Zeroizing::new(mac.finalize().into_bytes().into())
}

fn parse_hex_key(text: &str) -> Option<Zeroizing<[u8; 32]>> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
}

fn load_or_create_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_hex_key(&text).ok_or_else(|| {
            format!(
                "key file {} is damaged: expected 64 hex characters",
                path.display()
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut key = Zeroizing::new([0u8; 32]);
            rand::rngs::OsRng.fill_bytes(key.as_mut());
            let hex: Zeroizing<String> =
                Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect());
            write_private(path, hex.as_bytes())
                .map_err(|error| format!("cannot write key file {}: {error}", path.display()))?;
            Ok(key)
        }
        Err(error) => Err(format!("cannot read key file {}: {error}", path.display())),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keys::load_or_create(dir.path()).unwrap();
        let second = Keys::load_or_create(dir.path()).unwrap();
        assert_eq!(*first.token_signing, *second.token_signing);
        assert_ne!(*first.token_signing, *first.encryption);
    }

    #[test]
    fn a_damaged_key_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), "not hex").unwrap();
        let error = Keys::load_or_create(dir.path()).err().unwrap();
        assert!(error.contains("damaged"), "{error}");
    }
}
