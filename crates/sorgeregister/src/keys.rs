//! `sorgeregister keys …`: the operator's view of the seal key folder.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use time::OffsetDateTime;

use seal::ca::DEFAULT_CA_NAME;
use seal::keystore::KeyStore;

fn open(dir: &Path, now: OffsetDateTime) -> Result<KeyStore> {
    KeyStore::open_or_create(dir, now, DEFAULT_CA_NAME)
        .with_context(|| format!("cannot open the seal key folder {}", dir.display()))
}

/// A table of all keys, and the CA fingerprint to publish for pinning.
pub fn list(dir: &Path, now: OffsetDateTime) -> Result<String> {
    let keys = open(dir, now)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "CA: {} (SHA-256 fingerprint {})",
        keys.ca_name(),
        keys.ca_fingerprint()
    );
    let _ = writeln!(
        out,
        "{:<16} {:<10} {:<26} {:<26} state",
        "key id", "office", "valid from", "seals until"
    );
    for key in keys.list() {
        let state = match key.retired_at() {
            Some(at) => format!("retired {at}"),
            None if key.may_seal_at(now) => "current".to_owned(),
            None => "expired".to_owned(),
        };
        let _ = writeln!(
            out,
            "{:<16} {:<10} {:<26} {:<26} {state}",
            key.key_id(),
            key.office(),
            key.valid_from().to_string(),
            key.sealing_until().to_string()
        );
    }
    if keys.list().is_empty() {
        let _ = writeln!(
            out,
            "(no office keys yet: an office's first key is made when it first issues)"
        );
    }
    Ok(out)
}

/// Retires the office's current key and makes the next; what the old key sealed stays valid.
pub fn rotate(dir: &Path, office: &str, now: OffsetDateTime) -> Result<String> {
    let mut keys = open(dir, now)?;
    let key = keys
        .rotate(office, now)
        .with_context(|| format!("cannot rotate the key of {office}"))?;
    Ok(format!(
        "{} is now the seal key of {office}; the previous key seals nothing from now on, and \
         what it sealed stays valid. Running servers pick the new key up by themselves.",
        key.key_id()
    ))
}

/// Makes an office's first seal key (named `name`), e.g. before copying the key folder to a
/// register node; an office that has a current key keeps it.
pub fn create(dir: &Path, office: &str, name: &str, now: OffsetDateTime) -> Result<String> {
    let mut keys = open(dir, now)?;
    let existed = keys.current(office).is_some();
    let key = keys
        .ensure_office(office, name, now)
        .with_context(|| format!("cannot create a key for {office}"))?;
    Ok(if existed {
        format!("{office} already has the seal key {}", key.key_id())
    } else {
        format!("{} is the new seal key of {office}", key.key_id())
    })
}

/// The signed trust list, for publishing or for offline checks.
pub fn trust_list(dir: &Path, now: OffsetDateTime) -> Result<String> {
    let keys = open(dir, now)?;
    Ok(keys.trust_list(now)?.to_json())
}

/// How long a node's TLS certificate is valid unless `--days` says otherwise.
pub const DEFAULT_TLS_VALIDITY_DAYS: u32 = 90;

/// Issues a TLS server certificate from the platform CA for a node reachable as `hosts`, with
/// a new key, into `out`.
pub fn tls_certificate(
    dir: &Path,
    hosts: &[String],
    out: &Path,
    days: u32,
    now: OffsetDateTime,
) -> Result<String> {
    let keys = open(dir, now)?;
    let files = keys
        .issue_tls_server_certificate(hosts, now, days, out)
        .context("cannot issue the TLS certificate")?;
    Ok(format!(
        "TLS certificate for {} from {} valid until {}:\n  certificate {}\n  key         {} \
         (keep it secret)\nOn the node: [server] tls_certificate and tls_key; the platform \
         reaches it as https://{}:<port>. Issue a new one before it expires.",
        hosts.join(", "),
        keys.ca_name(),
        files.not_after,
        files.certificate.display(),
        files.key.display(),
        hosts.first().map_or("", String::as_str),
    ))
}
