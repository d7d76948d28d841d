//! AES-256-GCM for secrets at rest.
//!
//! Blob layout: `key version (1 byte) || nonce (12 bytes) || ciphertext+tag`.
//! The first master key is version 1 (so blobs written before key rotation
//! existed read as version 1); `keys rotate` adds versions, seals with the
//! newest and rewraps old blobs (`keys_rotate.rs`).
//! Nonces are random: at the volumes of one deployment (far below the 2^32
//! messages NIST allows per key with random nonces) that is safe and needs no
//! counter to persist. The AAD names the row and column a blob belongs to, so
//! a ciphertext copied into another row fails to decrypt instead of lending
//! one user's password to another.

use std::collections::BTreeMap;
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use zeroize::Zeroizing;

const NONCE_LEN: usize = 12;

/// Seals with the current key version; opens any version it holds.
#[derive(Clone)]
pub struct Sealer {
    current: u8,
    cipher: Aes256Gcm,
    older: Arc<BTreeMap<u8, Aes256Gcm>>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct OpenError;

impl Sealer {
    /// One key, version 1.
    pub fn new(key: &[u8; 32]) -> Sealer {
        Sealer::with_versions(&[(1, key)])
    }

    /// Every key version still in use; the highest seals.
    pub fn with_versions(keys: &[(u8, &[u8; 32])]) -> Sealer {
        let (current, newest) = keys
            .iter()
            .max_by_key(|(version, _)| *version)
            .expect("at least one key version");
        let older = keys
            .iter()
            .filter(|(version, _)| version != current)
            .map(|(version, key)| (*version, Aes256Gcm::new((*key).into())))
            .collect();
        Sealer {
            current: *current,
            cipher: Aes256Gcm::new((*newest).into()),
            older: Arc::new(older),
        }
    }

    pub fn current_version(&self) -> u8 {
        self.current
    }

    /// The key version a blob was sealed with, if it is a blob at all.
    pub fn version_of(blob: &[u8]) -> Option<u8> {
        (blob.len() >= 1 + NONCE_LEN + 16).then(|| blob[0])
    }

    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("AES-GCM encryption of in-memory data cannot fail");
        let mut blob = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        blob.push(self.current);
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ciphertext);
        blob
    }

    pub fn open(&self, aad: &[u8], blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        let cipher = match Sealer::version_of(blob) {
            Some(version) if version == self.current => &self.cipher,
            Some(version) => self.older.get(&version).ok_or(OpenError)?,
            None => return Err(OpenError),
        };
        let (nonce, ciphertext) = blob[1..].split_at(NONCE_LEN);
        cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| OpenError)
    }
}

/// The AAD for one encrypted column of one credential row.
pub fn credential_aad(column: &str, credential_id: i64, client_id: &str) -> Vec<u8> {
    format!("utility_credentials.{column}:v1:{credential_id}:{client_id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(byte: u8) -> Sealer {
        Sealer::new(&[byte; 32])
    }

    #[test]
    fn round_trips_and_never_repeats_a_nonce() {
        let s = sealer(1);
        let mut nonces = std::collections::HashSet::new();
        for len in 0..200usize {
            let plaintext = vec![b'x'; len];
            let blob = s.seal(b"aad", &plaintext);
            assert!(nonces.insert(blob[1..13].to_vec()));
            assert!(!blob.windows(3).any(|w| w == b"xxx"), "plaintext visible");
            assert_eq!(*s.open(b"aad", &blob).unwrap(), plaintext);
        }
    }

    #[test]
    fn wrong_key_aad_or_damage_fails_cleanly() {
        let blob = sealer(1).seal(b"row 1", b"secret");
        assert_eq!(sealer(2).open(b"row 1", &blob), Err(OpenError));
        assert_eq!(sealer(1).open(b"row 2", &blob), Err(OpenError));
        let mut flipped = blob.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(sealer(1).open(b"row 1", &flipped), Err(OpenError));
        for cut in 0..blob.len() {
            assert_eq!(sealer(1).open(b"row 1", &blob[..cut]), Err(OpenError));
        }
        let mut wrong_version = blob;
        wrong_version[0] = 9;
        assert_eq!(sealer(1).open(b"row 1", &wrong_version), Err(OpenError));
    }

    #[test]
    fn a_keyring_seals_with_the_newest_and_opens_every_version() {
        let old = Sealer::new(&[1; 32]);
        let ring = Sealer::with_versions(&[(1, &[1; 32]), (2, &[2; 32])]);
        let old_blob = old.seal(b"aad", b"secret");
        let new_blob = ring.seal(b"aad", b"secret");
        assert_eq!(Sealer::version_of(&old_blob), Some(1));
        assert_eq!(Sealer::version_of(&new_blob), Some(2));
        assert_eq!(*ring.open(b"aad", &old_blob).unwrap(), b"secret");
        assert_eq!(*ring.open(b"aad", &new_blob).unwrap(), b"secret");
        assert_eq!(old.open(b"aad", &new_blob), Err(OpenError));
        // A blob whose version byte is changed names another key and fails.
        let mut relabelled = new_blob;
        relabelled[0] = 1;
        assert_eq!(ring.open(b"aad", &relabelled), Err(OpenError));
    }
}
