//! The server's master key and the purpose-bound keys derived from it.
//!
//! One 32-byte master key lives in `<data-dir>/master.key` (created on first
//! start, mode 0600) or in `UTILITY_CONNECT_MASTER_KEY` (64 hex chars). Each
//! use gets its own key via HMAC so that, say, a token MAC can never be
//! replayed as an encryption key.
//!
//! `keys rotate` adds master key versions: `master.key` is version 1 and
//! `master.key.N` version N. Secrets at rest are sealed with the newest
//! version and opened with whichever sealed them; the other purposes (token
//! signing, digests) use the newest only.

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
    /// The newest version's encryption key.
    pub encryption: Zeroizing<[u8; 32]>,
    /// Every version's encryption key, oldest first.
    pub encryption_versions: Vec<(u8, Zeroizing<[u8; 32]>)>,
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
        let masters = match std::env::var(KEY_ENV_VAR) {
            Ok(hex) => vec![(
                1,
                parse_hex_key(&hex).ok_or(format!("{KEY_ENV_VAR} must be 64 hex characters"))?,
            )],
            Err(_) => {
                let found = versions_on_disk(data_dir)?;
                if found.is_empty() {
                    vec![(1, load_or_create_file(&version_path(data_dir, 1))?)]
                } else {
                    found
                        .into_iter()
                        .map(|version| {
                            Ok((version, read_key_file(&version_path(data_dir, version))?))
                        })
                        .collect::<Result<_, String>>()?
                }
            }
        };
        let (_, newest) = masters.last().expect("at least one version");
        Ok(Keys {
            token_signing: derive(newest, b"connect-token-v1"),
            encryption: derive(newest, b"secrets-at-rest-v1"),
            encryption_versions: masters
                .iter()
                .map(|(version, master)| (*version, derive(master, b"secrets-at-rest-v1")))
                .collect(),
            sandbox_digest: derive(newest, b"sandbox-utility-v1"),
            login_limit: derive(newest, b"login-failure-limit-v1"),
        })
    }

    /// Whether `data_dir` holds a master key file (any version).
    pub fn exist_in(data_dir: &Path) -> bool {
        versions_on_disk(data_dir).is_ok_and(|versions| !versions.is_empty())
    }

    /// Seals with the newest version, opens every version.
    pub fn sealer(&self) -> crate::crypto::Sealer {
        let versions: Vec<(u8, &[u8; 32])> = self
            .encryption_versions
            .iter()
            .map(|(version, key)| (*version, &**key))
            .collect();
        crate::crypto::Sealer::with_versions(&versions)
    }

    pub fn versions(&self) -> Vec<u8> {
        self.encryption_versions.iter().map(|(v, _)| *v).collect()
    }

    /// Writes a new master key version, newer than every existing one.
    pub fn add_version(data_dir: &Path) -> Result<u8, String> {
        if std::env::var_os(KEY_ENV_VAR).is_some() {
            return Err(format!(
                "the master key comes from {KEY_ENV_VAR}; rotate it by re-encrypting with key files instead"
            ));
        }
        let newest = versions_on_disk(data_dir)?.last().copied().unwrap_or(1);
        let version = newest
            .checked_add(1)
            .ok_or("255 key versions exist; retire old ones first")?;
        let path = version_path(data_dir, version);
        create_key_file(&path)?;
        Ok(version)
    }

    /// Deletes a version's key file. The caller checks that nothing uses it.
    pub fn remove_version(data_dir: &Path, version: u8) -> Result<(), String> {
        let versions = versions_on_disk(data_dir)?;
        if !versions.contains(&version) {
            return Err(format!("there is no key version {version}"));
        }
        if versions.last() == Some(&version) {
            return Err(format!("key version {version} is the current one"));
        }
        std::fs::remove_file(version_path(data_dir, version))
            .map_err(|error| format!("cannot delete key version {version}: {error}"))
    }
}

fn version_path(data_dir: &Path, version: u8) -> std::path::PathBuf {
    match version {
        1 => data_dir.join(KEY_FILE),
        n => data_dir.join(format!("{KEY_FILE}.{n}")),
    }
}

/// The versions whose key files exist, ascending.
fn versions_on_disk(data_dir: &Path) -> Result<Vec<u8>, String> {
    let entries = match std::fs::read_dir(data_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(format!("cannot read {}: {error}", data_dir.display())),
    };
    let mut versions: Vec<u8> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            match name.strip_prefix(KEY_FILE)? {
                "" => Some(1),
                rest => rest.strip_prefix('.')?.parse().ok().filter(|n| *n >= 2),
            }
        })
        .collect();
    versions.sort_unstable();
    Ok(versions)
}

fn read_key_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, String> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read key file {}: {error}", path.display()))?,
    );
    parse_hex_key(&text).ok_or_else(|| {
        format!(
            "key file {} is damaged: expected 64 hex characters",
            path.display()
        )
    })
}

fn create_key_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, String> {
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    let hex: Zeroizing<String> = Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect());
    write_private(path, hex.as_bytes())
        .map_err(|error| format!("cannot write key file {}: {error}", path.display()))?;
    Ok(key)
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
    if path.exists() {
        read_key_file(path)
    } else {
        // With the store in PostgreSQL, nothing else creates the data dir.
        if let Some(dir) = path.parent() {
            crate::files::private_dir(dir)
                .map_err(|error| format!("cannot create data dir {}: {error}", dir.display()))?;
        }
        create_key_file(path)
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
