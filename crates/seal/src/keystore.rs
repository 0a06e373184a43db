//! The key store: the CA and every office's seal keys in a directory (e.g. `<data>/keys`).
//!
//! ```text
//! <dir>/                      mode 0700
//!   index.json                what keys exist (see below); written last, so it is the commit point
//!   ca.key.pem                CA private key, PKCS#8 PEM, mode 0600
//!   ca.cert.pem               CA certificate, PEM
//!   offices/<key id>.key.pem  seal private key, PKCS#8 PEM, mode 0600 (e.g. ja-04011.2.key.pem)
//!   offices/<key id>.cert.pem seal certificate, PEM
//!   audit.key                 the audit log's secret key, mode 0600 (see crate::audit_key)
//! ```
//!
//! `index.json`:
//!
//! ```json
//! { "format": 1,
//!   "ca": { "name": "Sorgeregister Plattform-CA" },
//!   "keys": [ { "key_id": "ja-04011.1", "office": "ja-04011", "office_name": "Jugendamt Bremen",
//!               "version": 1, "valid_from": "2026-11-02T10:15:30Z",
//!               "valid_until": "2029-11-01T10:15:30Z", "retired_at": null } ] }
//! ```
//!
//! Every file is written to a temporary file first and renamed into place, so a crash leaves
//! either the old or the new file, never half a key; a key whose files exist but which the index
//! does not name yet is ignored. Private keys are created with mode 0600, and a private key file
//! that group or others may read is refused at load. The store expects a single writer process.
//!
//! This module owns the files and the rotation rules; signing is [`crate::keys`], the trust
//! list format is [`crate::trust`].

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use p256::ecdsa::SigningKey;
use p256::elliptic_curve::Generate as _;
use p256::elliptic_curve::zeroize::Zeroizing;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::ca::CertificateAuthority;
use crate::keys::{OfficeKey, check_office_id, key_id, parse_key_id};
use crate::trust::SignedTrustList;
use crate::{SealError, x509};

pub mod provisioning;
pub mod tls_request;

/// Seal certificates are valid for three years (3 × 365 days) unless configured otherwise.
pub const DEFAULT_SEAL_VALIDITY_DAYS: u32 = 3 * 365;

/// The longest a node's TLS server certificate may be valid, in days.
pub const MAX_TLS_VALIDITY_DAYS: u32 = 397;
/// The file names [`KeyStore::issue_tls_server_certificate`] writes.
pub const TLS_CERT_FILE: &str = "tls.cert.pem";
pub const TLS_KEY_FILE: &str = "tls.key.pem";

/// Where a TLS server certificate and its key were written.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub certificate: PathBuf,
    pub key: PathBuf,
    pub not_after: OffsetDateTime,
}

const INDEX_FORMAT: u32 = 1;
const INDEX_FILE: &str = "index.json";
const CA_KEY_FILE: &str = "ca.key.pem";
const CA_CERT_FILE: &str = "ca.cert.pem";
const OFFICES_DIR: &str = "offices";
const PRIVATE_MODE: u32 = 0o600;
const PUBLIC_MODE: u32 = 0o644;

/// The CA and all office keys, kept in a directory.
#[derive(Debug)]
pub struct KeyStore {
    dir: PathBuf,
    authority: Authority,
    /// Sorted by office, then version.
    keys: Vec<OfficeKey>,
    seal_validity: Duration,
}

/// Who holds the CA's private key.
#[derive(Debug)]
enum Authority {
    /// The platform's folder: the CA is here, it certifies every key.
    Own(CertificateAuthority),
    /// An office node's folder: only the platform CA's certificate, pinned; the node's keys are
    /// certified by the platform ([`provisioning`]).
    Pinned {
        name: String,
        certificate_der: Vec<u8>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Index {
    format: u32,
    ca: CaEntry,
    keys: Vec<IndexEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaEntry {
    name: String,
    /// True in a node's folder: the CA's private key is the platform's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    held_elsewhere: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexEntry {
    key_id: String,
    office: String,
    office_name: String,
    version: u32,
    #[serde(with = "time::serde::rfc3339")]
    valid_from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    valid_until: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    retired_at: Option<OffsetDateTime>,
    /// True for a key the platform certified for an office's node: no private key file here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    held_elsewhere: bool,
}

impl KeyStore {
    /// Opens the store in `dir`, creating the directory and the CA (named `ca_name`, valid from
    /// `now`) on first use. On later opens `ca_name` is not used: the CA is what was stored.
    pub fn open_or_create(
        dir: impl AsRef<Path>,
        now: OffsetDateTime,
        ca_name: &str,
    ) -> Result<Self, SealError> {
        let dir = dir.as_ref().to_path_buf();
        let seal_validity = default_seal_validity();
        if dir.join(INDEX_FILE).exists() {
            return Self::load(dir, seal_validity);
        }
        create_private_dir(&dir)?;
        create_private_dir(&dir.join(OFFICES_DIR))?;
        if dir.join(CA_KEY_FILE).exists() {
            // A CA key without an index is not a fresh store: never overwrite a CA.
            return Err(SealError::KeyStore(format!(
                "{} exists but {} does not; restore the index or move the key away",
                dir.join(CA_KEY_FILE).display(),
                dir.join(INDEX_FILE).display()
            )));
        }
        let ca = CertificateAuthority::generate(ca_name, now)?;
        write_private_key(&dir.join(CA_KEY_FILE), ca.signing_key())?;
        write_certificate(&dir.join(CA_CERT_FILE), ca.certificate_der())?;
        let store = KeyStore {
            dir,
            authority: Authority::Own(ca),
            keys: Vec::new(),
            seal_validity,
        };
        store.write_index()?;
        Ok(store)
    }

    /// How long newly issued seal certificates are valid, in days (must be at least 1).
    pub fn set_seal_validity_days(&mut self, days: u32) -> Result<(), SealError> {
        if days == 0 {
            return Err(SealError::KeyStore(
                "seal certificate validity must be at least one day".to_owned(),
            ));
        }
        self.seal_validity = Duration::days(i64::from(days));
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CA, with its private key: in the platform's folder only.
    pub fn ca(&self) -> Result<&CertificateAuthority, SealError> {
        match &self.authority {
            Authority::Own(ca) => Ok(ca),
            Authority::Pinned { .. } => Err(SealError::KeyStore(format!(
                "{} is an office node's key folder: only the platform can certify keys and sign \
                 the trust list",
                self.dir.display()
            ))),
        }
    }

    /// Whether this is an office node's folder (the platform CA pinned, not held).
    pub fn is_node(&self) -> bool {
        matches!(self.authority, Authority::Pinned { .. })
    }

    /// The platform CA's certificate (DER).
    pub fn ca_certificate_der(&self) -> &[u8] {
        match &self.authority {
            Authority::Own(ca) => ca.certificate_der(),
            Authority::Pinned {
                certificate_der, ..
            } => certificate_der,
        }
    }

    pub fn ca_name(&self) -> &str {
        match &self.authority {
            Authority::Own(ca) => ca.name(),
            Authority::Pinned { name, .. } => name,
        }
    }

    /// SHA-256 of the CA certificate, as operators pin it.
    pub fn ca_fingerprint(&self) -> String {
        x509::sha256_hex(self.ca_certificate_der())
    }

    /// The CA certificate's file (PEM): what federation clients trust, and nothing else.
    pub fn ca_certificate_path(dir: &Path) -> PathBuf {
        dir.join(CA_CERT_FILE)
    }

    /// Makes a new P-256 key and a TLS server certificate from the CA for `hosts`, valid from
    /// `now` for `days` (1 to [`MAX_TLS_VALIDITY_DAYS`], cut back to the CA's end), and writes
    /// them to `out` as [`TLS_CERT_FILE`] (PEM) and [`TLS_KEY_FILE`] (PKCS#8 PEM, mode 0600).
    /// `out` is created (0700) if missing. Existing files there are replaced.
    pub fn issue_tls_server_certificate(
        &self,
        hosts: &[String],
        now: OffsetDateTime,
        days: u32,
        out: &Path,
    ) -> Result<TlsFiles, SealError> {
        let key = SigningKey::try_generate()
            .map_err(|e| SealError::KeyStore(format!("no randomness for the TLS key: {e}")))?;
        let der = self.tls_certificate_for(hosts, key.verifying_key(), now, days)?;
        if !out.exists() {
            create_private_dir(out)?;
        }
        let files = TlsFiles {
            certificate: out.join(TLS_CERT_FILE),
            key: out.join(TLS_KEY_FILE),
            not_after: certificate_end(&der)?,
        };
        write_private_key(&files.key, &key)?;
        write_certificate(&files.certificate, &der)?;
        Ok(files)
    }

    /// A TLS server certificate (DER) from the CA for `public_key` and `hosts`, valid from
    /// `now` for `days` (1 to [`MAX_TLS_VALIDITY_DAYS`], cut back to the CA's end).
    fn tls_certificate_for(
        &self,
        hosts: &[String],
        public_key: &p256::ecdsa::VerifyingKey,
        now: OffsetDateTime,
        days: u32,
    ) -> Result<Vec<u8>, SealError> {
        if !(1..=MAX_TLS_VALIDITY_DAYS).contains(&days) {
            return Err(SealError::KeyStore(format!(
                "a TLS certificate is valid for 1 to {MAX_TLS_VALIDITY_DAYS} days, not {days}"
            )));
        }
        self.ca()?
            .issue_tls_server_certificate(&crate::ca::TlsServerCertificateRequest {
                hosts,
                public_key,
                not_before: now,
                not_after: now + Duration::days(i64::from(days)),
            })
    }

    /// Makes sure `office` has a key that is not retired, creating the next version (1 for a new
    /// office) if not, and returns the current key. An existing key keeps its recorded name.
    pub fn ensure_office(
        &mut self,
        office: &str,
        office_name: &str,
        now: OffsetDateTime,
    ) -> Result<&OfficeKey, SealError> {
        check_office_id(office)?;
        if self.current_index(office).is_none() {
            self.add_key(office, office_name, now)?;
        }
        self.current(office)
            .ok_or_else(|| SealError::KeyStore(format!("office {office} has no current key")))
    }

    /// Creates the next key version of `office` and retires the keys before it at `now`. The
    /// old keys stay in the trust list: what they sealed before `now` stays valid.
    pub fn rotate(&mut self, office: &str, now: OffsetDateTime) -> Result<&OfficeKey, SealError> {
        check_office_id(office)?;
        let name = self
            .keys
            .iter()
            .rfind(|k| k.office() == office)
            .map(|k| k.office_name().to_owned())
            .ok_or_else(|| {
                SealError::KeyStore(format!(
                    "office {office} has no key to rotate; create one first"
                ))
            })?;
        self.add_key(office, &name, now)?;
        self.current(office)
            .ok_or_else(|| SealError::KeyStore(format!("office {office} has no current key")))
    }

    /// The office's newest key that is not retired.
    pub fn current(&self, office: &str) -> Option<&OfficeKey> {
        self.current_index(office).map(|i| &self.keys[i])
    }

    /// The office's newest key that may seal at `now` (not retired, certificate valid).
    pub fn current_at(&self, office: &str, now: OffsetDateTime) -> Option<&OfficeKey> {
        self.keys
            .iter()
            .rfind(|k| k.office() == office && k.may_seal_at(now))
    }

    /// A key by key id.
    pub fn key(&self, key_id: &str) -> Option<&OfficeKey> {
        self.keys.iter().find(|k| k.key_id() == key_id)
    }

    /// All keys, sorted by office and version.
    pub fn list(&self) -> &[OfficeKey] {
        &self.keys
    }

    /// The trust list of all keys, retired and expired ones included, signed by the CA.
    pub fn trust_list(&self, now: OffsetDateTime) -> Result<SignedTrustList, SealError> {
        let keys: Vec<_> = self.keys.iter().map(OfficeKey::trusted_key).collect();
        SignedTrustList::sign(self.ca()?, &keys, now)
    }

    fn current_index(&self, office: &str) -> Option<usize> {
        self.keys
            .iter()
            .rposition(|k| k.office() == office && k.retired_at().is_none())
    }

    /// Creates the next version for `office`, retiring the ones before at `now`. The key files
    /// are written before the index, and memory is changed only once the index is written.
    fn add_key(
        &mut self,
        office: &str,
        office_name: &str,
        now: OffsetDateTime,
    ) -> Result<(), SealError> {
        let version = self.next_version(office);
        let key = OfficeKey::generate(
            self.ca()?,
            office,
            office_name,
            version,
            now,
            self.seal_validity,
        )?;
        if let Some(private) = key.signing_key() {
            write_private_key(&self.key_path(key.key_id()), private)?;
        }
        write_certificate(&self.cert_path(key.key_id()), key.certificate_der())?;
        self.commit_key(key, now)
    }

    /// Adds `key` (its files written) as its office's current key, retiring the ones before
    /// at `now`; memory is changed only once the index is written.
    fn commit_key(&mut self, key: OfficeKey, now: OffsetDateTime) -> Result<(), SealError> {
        let office = key.office().to_owned();
        let mut retired = Vec::new();
        for k in self.keys.iter_mut() {
            if k.office() == office && k.retired_at().is_none() {
                k.retire(now);
                retired.push(k.key_id().to_owned());
            }
        }
        let new_key_id = key.key_id().to_owned();
        self.keys.push(key);
        self.sort();
        if let Err(e) = self.write_index() {
            // Undo in memory so that memory and disk agree.
            self.keys.retain(|k| k.key_id() != new_key_id);
            for k in self.keys.iter_mut() {
                if retired.iter().any(|id| id == k.key_id()) {
                    k.unretire();
                }
            }
            return Err(e);
        }
        Ok(())
    }

    /// The version the office's next key gets.
    fn next_version(&self, office: &str) -> u32 {
        self.keys
            .iter()
            .filter(|k| k.office() == office)
            .map(OfficeKey::version)
            .max()
            .unwrap_or(0)
            + 1
    }

    fn sort(&mut self) {
        self.keys
            .sort_by(|a, b| (a.office(), a.version()).cmp(&(b.office(), b.version())));
    }

    fn key_path(&self, key_id: &str) -> PathBuf {
        self.dir.join(OFFICES_DIR).join(format!("{key_id}.key.pem"))
    }

    fn cert_path(&self, key_id: &str) -> PathBuf {
        self.dir
            .join(OFFICES_DIR)
            .join(format!("{key_id}.cert.pem"))
    }

    fn write_index(&self) -> Result<(), SealError> {
        let index = Index {
            format: INDEX_FORMAT,
            ca: CaEntry {
                name: self.ca_name().to_owned(),
                held_elsewhere: self.is_node(),
            },
            keys: self
                .keys
                .iter()
                .map(|k| IndexEntry {
                    key_id: k.key_id().to_owned(),
                    office: k.office().to_owned(),
                    office_name: k.office_name().to_owned(),
                    version: k.version(),
                    valid_from: k.valid_from(),
                    valid_until: k.valid_until(),
                    retired_at: k.retired_at(),
                    held_elsewhere: !k.is_held_here(),
                })
                .collect(),
        };
        let mut json = serde_json::to_string_pretty(&index)
            .map_err(|e| SealError::Encoding(format!("cannot write the key index: {e}")))?;
        json.push('\n');
        write_atomically(&self.dir.join(INDEX_FILE), json.as_bytes(), PUBLIC_MODE)
    }

    fn load(dir: PathBuf, seal_validity: Duration) -> Result<Self, SealError> {
        let index_path = dir.join(INDEX_FILE);
        let json = fs::read_to_string(&index_path).map_err(|e| io_error(&index_path, &e))?;
        let index: Index = serde_json::from_str(&json).map_err(|e| {
            SealError::KeyStore(format!("{} is not a key index: {e}", index_path.display()))
        })?;
        if index.format != INDEX_FORMAT {
            return Err(SealError::KeyStore(format!(
                "{} has format {}, this version reads {INDEX_FORMAT}",
                index_path.display(),
                index.format
            )));
        }
        let authority = if index.ca.held_elsewhere {
            Authority::Pinned {
                name: index.ca.name.clone(),
                certificate_der: read_certificate(&dir.join(CA_CERT_FILE))?,
            }
        } else {
            Authority::Own(CertificateAuthority::from_parts(
                read_private_key(&dir.join(CA_KEY_FILE))?,
                read_certificate(&dir.join(CA_CERT_FILE))?,
            )?)
        };
        let mut store = KeyStore {
            dir,
            authority,
            keys: Vec::with_capacity(index.keys.len()),
            seal_validity,
        };
        let ca_cert = x509::parse(store.ca_certificate_der()).map_err(SealError::KeyStore)?;
        for entry in index.keys {
            let key = store.load_key(&entry, &ca_cert)?;
            if store.key(key.key_id()).is_some() {
                return Err(SealError::KeyStore(format!(
                    "{} names key {} twice",
                    index_path.display(),
                    entry.key_id
                )));
            }
            store.keys.push(key);
        }
        store.sort();
        Ok(store)
    }

    fn load_key(
        &self,
        entry: &IndexEntry,
        ca_cert: &x509_cert::Certificate,
    ) -> Result<OfficeKey, SealError> {
        let inconsistent = |why: &str| {
            SealError::KeyStore(format!(
                "key {} in {}: {why}",
                entry.key_id,
                self.dir.join(INDEX_FILE).display()
            ))
        };
        // The key id becomes a file name: only accept the exact form we write.
        if parse_key_id(&entry.key_id) != Some((entry.office.as_str(), entry.version))
            || entry.key_id != key_id(&entry.office, entry.version)
        {
            return Err(inconsistent("malformed key id"));
        }
        let cert_path = self.cert_path(&entry.key_id);
        let certificate_der = read_certificate(&cert_path)?;
        let cert = x509::parse(&certificate_der).map_err(SealError::KeyStore)?;
        if x509::check_issued_by(&cert, ca_cert).is_err() {
            return Err(SealError::KeyStore(format!(
                "{} was not issued by this store's CA",
                cert_path.display()
            )));
        }
        let key = if entry.held_elsewhere {
            OfficeKey::held_elsewhere(
                &entry.office_name,
                entry.version,
                certificate_der,
                entry.retired_at,
            )?
        } else {
            OfficeKey::from_parts(
                &entry.office_name,
                entry.version,
                read_private_key(&self.key_path(&entry.key_id))?,
                certificate_der,
                entry.retired_at,
            )?
        };
        if key.office() != entry.office {
            return Err(inconsistent("certificate is for another office"));
        }
        if key.valid_from() != entry.valid_from || key.valid_until() != entry.valid_until {
            return Err(inconsistent("validity differs from its certificate"));
        }
        Ok(key)
    }
}

/// When a certificate (DER) ends.
fn certificate_end(der: &[u8]) -> Result<OffsetDateTime, SealError> {
    Ok(
        x509::validity(&x509::parse(der).map_err(SealError::Encoding)?)
            .map_err(SealError::Encoding)?
            .1,
    )
}

fn default_seal_validity() -> Duration {
    Duration::days(i64::from(DEFAULT_SEAL_VALIDITY_DAYS))
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> SealError {
    SealError::KeyStore(format!("{}: {e}", path.display()))
}

pub(crate) fn create_private_dir(dir: &Path) -> Result<(), SealError> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| io_error(dir, &e))?;
    // The directory may have existed already (created by an operator or a test harness); a new
    // store is nobody else's business.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(|e| io_error(dir, &e))
}

/// Writes `contents` to a temporary file created with `mode` next to `path`, flushes it to disk
/// and renames it over `path`.
fn write_atomically(path: &Path, contents: &[u8], mode: u32) -> Result<(), SealError> {
    let parent = path
        .parent()
        .ok_or_else(|| SealError::KeyStore(format!("{} has no directory", path.display())))?;
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| SealError::KeyStore(format!("{} has no file name", path.display())))?;
    let tmp = parent.join(format!(".{file_name}.tmp"));
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(&tmp, &e)),
    }
    let write = || -> std::io::Result<()> {
        // create_new: never follow a planted symlink, never reuse a file with wider permissions.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(&tmp, &e));
    }
    fs::rename(&tmp, path).map_err(|e| io_error(path, &e))?;
    // Make the rename itself durable.
    File::open(parent)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(parent, &e))
}

fn write_private_key(path: &Path, key: &SigningKey) -> Result<(), SealError> {
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| SealError::Encoding(format!("cannot encode private key: {e}")))?;
    write_atomically(path, pem.as_bytes(), PRIVATE_MODE)
}

/// Writes a file anyone may read (a certificate, a trust list), atomically.
pub(crate) fn write_public_file(path: &Path, contents: &[u8]) -> Result<(), SealError> {
    write_atomically(path, contents, PUBLIC_MODE)
}

fn write_certificate(path: &Path, der: &[u8]) -> Result<(), SealError> {
    let pem = x509::to_pem(der).map_err(SealError::Encoding)?;
    write_atomically(path, pem.as_bytes(), PUBLIC_MODE)
}

/// Refuses a secret file that group or others may read.
pub(crate) fn refuse_if_readable_by_others(path: &Path) -> Result<(), SealError> {
    let mode = fs::metadata(path)
        .map_err(|e| io_error(path, &e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(SealError::InsecureKeyFile {
            path: path.to_path_buf(),
            mode: mode & 0o777,
        });
    }
    Ok(())
}

fn read_private_key(path: &Path) -> Result<SigningKey, SealError> {
    refuse_if_readable_by_others(path)?;
    let pem = Zeroizing::new(fs::read_to_string(path).map_err(|e| io_error(path, &e))?);
    SigningKey::from_pkcs8_pem(&pem).map_err(|e| {
        SealError::KeyStore(format!(
            "{} is not a PKCS#8 P-256 private key: {e}",
            path.display()
        ))
    })
}

fn read_certificate(path: &Path) -> Result<Vec<u8>, SealError> {
    let pem = fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    x509::from_pem(&pem).map_err(|e| SealError::KeyStore(format!("{}: {e}", path.display())))
}
