//! The audit log's secret key as a file in the key folder: `audit.key`, 32 random bytes written
//! as 64 hex digits and a newline, mode 0600.
//!
//! This module only keeps the file; what the key signs is the store's business
//! (`store::AuditKey`). The file is created once and atomically: it appears complete or not at
//! all, and never replaces a key that exists, so two processes starting at once end up with the
//! same key. Like a seal key, it is refused when group or others may read it. Without it no
//! audit record can be verified, and with it anyone can forge records: back it up with the
//! folder, and keep it away from whoever administers the database.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use p256::elliptic_curve::zeroize::Zeroizing;

use crate::SealError;
use crate::keystore::{create_private_dir, io_error, refuse_if_readable_by_others};

/// The key's file name in the key folder.
pub const AUDIT_KEY_FILE: &str = "audit.key";
/// The key's length in bytes.
pub const AUDIT_KEY_LEN: usize = 32;

/// The key, wiped from memory when dropped.
pub type AuditKeyBytes = Zeroizing<[u8; AUDIT_KEY_LEN]>;

/// Where the key of the folder `dir` lives.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(AUDIT_KEY_FILE)
}

/// Reads the key in `dir`; fails when there is none.
pub fn load(dir: &Path) -> Result<AuditKeyBytes, SealError> {
    let path = path(dir);
    if !path.exists() {
        return Err(SealError::KeyStore(format!(
            "{} does not exist: the audit key is made when the platform first starts (serve \
             or demo); restore it from the backup of the key folder if it was lost",
            path.display()
        )));
    }
    read(&path)
}

/// Reads the key in `dir`, first creating the folder (0700) and a new random key if there is
/// none. Returns the key and whether it was created now.
pub fn load_or_create(dir: &Path) -> Result<(AuditKeyBytes, bool), SealError> {
    let path = path(dir);
    if path.exists() {
        return Ok((read(&path)?, false));
    }
    create_private_dir(dir)?;
    let mut key = Zeroizing::new([0u8; AUDIT_KEY_LEN]);
    getrandom::fill(key.as_mut())
        .map_err(|e| SealError::KeyStore(format!("no randomness for the audit key: {e}")))?;
    let mut text = Zeroizing::new(hex(key.as_ref()));
    text.push('\n');
    let created = create_new(&path, text.as_bytes())?;
    // Whoever lost a race reads the winner's key.
    Ok((read(&path)?, created))
}

fn read(path: &Path) -> Result<AuditKeyBytes, SealError> {
    refuse_if_readable_by_others(path)?;
    let text = Zeroizing::new(fs::read_to_string(path).map_err(|e| io_error(path, &e))?);
    let digits = text.trim().as_bytes();
    let mut key = Zeroizing::new([0u8; AUDIT_KEY_LEN]);
    let malformed = || {
        SealError::KeyStore(format!(
            "{} is not an audit key ({} hex digits expected)",
            path.display(),
            AUDIT_KEY_LEN * 2
        ))
    };
    if digits.len() != AUDIT_KEY_LEN * 2 {
        return Err(malformed());
    }
    for (byte, pair) in key.iter_mut().zip(digits.chunks_exact(2)) {
        let high = hex_value(pair[0]).ok_or_else(malformed)?;
        let low = hex_value(pair[1]).ok_or_else(malformed)?;
        *byte = (high << 4) | low;
    }
    Ok(key)
}

/// Writes `contents` to a temporary file of its own, flushes it, and links it to `path` unless
/// `path` exists; returns whether it did. The link is the commit point: a crash leaves no key
/// or a whole one.
fn create_new(path: &Path, contents: &[u8]) -> Result<bool, SealError> {
    let parent = path
        .parent()
        .ok_or_else(|| SealError::KeyStore(format!("{} has no directory", path.display())))?;
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce)
        .map_err(|e| SealError::KeyStore(format!("no randomness for a file name: {e}")))?;
    let tmp = parent.join(format!(".{AUDIT_KEY_FILE}.{}.tmp", hex(&nonce)));
    let write = || -> std::io::Result<()> {
        // create_new: never follow a planted symlink, never reuse a file with wider permissions.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(&tmp, &e));
    }
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    let created = match linked {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
        Err(e) => return Err(io_error(path, &e)),
    };
    File::open(parent)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(parent, &e))?;
    Ok(created)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        assert!(load(&keys).is_err(), "no key yet");
        let (first, created) = load_or_create(&keys).unwrap();
        assert!(created);
        assert_ne!(*first, [0u8; AUDIT_KEY_LEN], "random, not zero");
        let (again, created) = load_or_create(&keys).unwrap();
        assert!(!created, "an existing key is never replaced");
        assert_eq!(*first, *again);
        assert_eq!(*load(&keys).unwrap(), *first);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path(&keys)), 0o600);
        assert_eq!(mode(&keys), 0o700);
        let leftovers: Vec<_> = fs::read_dir(&keys)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != AUDIT_KEY_FILE)
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_key_others_may_read_or_a_damaged_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let file = path(dir.path());
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            load(dir.path()),
            Err(SealError::InsecureKeyFile { .. })
        ));
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        fs::write(&file, "abc\n").unwrap();
        assert!(load(dir.path()).is_err());
        fs::write(&file, format!("{}\n", "g".repeat(64))).unwrap();
        assert!(load(dir.path()).is_err());
        fs::write(&file, format!("{}\n", "Ab".repeat(32))).unwrap();
        assert_eq!(*load(dir.path()).unwrap(), [0xab; AUDIT_KEY_LEN]);
    }

    #[test]
    fn concurrent_first_starts_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| load_or_create(dir.path()).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(keys.iter().filter(|(_, created)| *created).count(), 1);
        assert!(keys.iter().all(|(key, _)| **key == *keys[0].0));
    }
}
