//! `sorgeregister keys …`: the operator's view of the seal key folder.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use time::OffsetDateTime;

use seal::ca::DEFAULT_CA_NAME;
use seal::keystore::KeyStore;
use seal::keystore::provisioning::{CertifiedKey, KeyRequest};
use seal::keystore::tls_request::TlsRequest;

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
        let mut state = match key.retired_at() {
            Some(at) => format!("retired {at}"),
            None if key.may_seal_at(now) => "current".to_owned(),
            None => "expired".to_owned(),
        };
        if !key.is_held_here() {
            state.push_str(" (private key at the office's node)");
        }
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

/// On the platform: makes a hosted office's first seal key (named `name`) ahead of its first
/// certificate; an office that has a current key keeps it. A node's office gets its key with
/// [`request`], [`certify`] and [`install`] instead.
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

/// The largest request or certified-key file read (they are well under 4 KiB).
const MAX_PROVISIONING_FILE_BYTES: u64 = 64 * 1024;

fn read_small(path: &Path) -> Result<String> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_PROVISIONING_FILE_BYTES {
        anyhow::bail!(
            "{} is {size} bytes; at most 64 KiB expected",
            path.display()
        );
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// On an office's node: makes the office's new key in the node's folder (pinned to the
/// platform CA certificate `platform_ca` on first use) and writes the request for the platform
/// to `out`. The private key stays in the folder.
pub fn request(
    dir: &Path,
    office: &str,
    name: &str,
    platform_ca: &Path,
    out: &Path,
) -> Result<String> {
    let pem = read_small(platform_ca)?;
    let keys = KeyStore::create_node(dir, &pem)
        .with_context(|| format!("cannot open {} as a node's key folder", dir.display()))?;
    let request = keys
        .request_key(office, name)
        .with_context(|| format!("cannot make a key for {office}"))?;
    let json = serde_json::to_string_pretty(&request)?;
    std::fs::write(out, json + "\n").with_context(|| format!("cannot write {}", out.display()))?;
    Ok(format!(
        "A new key of {office} waits in {} for the platform's certificate.\nPlatform CA: {} \
         (SHA-256 fingerprint {}); compare it with the fingerprint the platform publishes.\n\
         Hand {} to the platform's operator (`sorgeregister keys certify`), then install the \
         answer here with `sorgeregister keys install`.",
        dir.display(),
        keys.ca_name(),
        keys.ca_fingerprint(),
        out.display()
    ))
}

/// On the platform: certifies a node's key request, publishes the key in the trust list
/// (held at the node), retires the office's keys before it, and writes the answer to `out`.
pub fn certify(dir: &Path, request: &Path, out: &Path, now: OffsetDateTime) -> Result<String> {
    let request: KeyRequest = serde_json::from_str(&read_small(request)?)
        .with_context(|| format!("{} is not a key request", request.display()))?;
    let mut keys = open(dir, now)?;
    let answer = keys
        .certify(&request, now)
        .with_context(|| format!("cannot certify the key of {}", request.office))?;
    let json = serde_json::to_string_pretty(&answer)?;
    std::fs::write(out, json + "\n").with_context(|| format!("cannot write {}", out.display()))?;
    Ok(format!(
        "{} is now the key of {} ({}), held at its node; the trust list publishes it and the \
         office's earlier keys here seal nothing from now on. Hand {} back to the node's \
         operator (`sorgeregister keys install`).",
        answer.key_id,
        request.office,
        request.office_name,
        out.display()
    ))
}

/// On the node: installs the platform's answer; the key becomes the office's current key.
pub fn install(dir: &Path, certified: &Path, now: OffsetDateTime) -> Result<String> {
    let certified: CertifiedKey = serde_json::from_str(&read_small(certified)?)
        .with_context(|| format!("{} is not a certified key", certified.display()))?;
    let mut keys = KeyStore::open_or_create(dir, now, DEFAULT_CA_NAME)
        .with_context(|| format!("cannot open the key folder {}", dir.display()))?;
    if !keys.is_node() {
        anyhow::bail!(
            "{} is the platform's key folder; install a certified key in the node's",
            dir.display()
        );
    }
    let key = keys
        .install(&certified, now)
        .context("cannot install the certified key")?;
    Ok(format!(
        "{} is now the seal key of {} on this node; running servers pick it up by themselves.",
        key.key_id(),
        key.office()
    ))
}

/// On a node: makes the node's TLS key in `out` (tls.key.pem, 0600) and writes the request
/// for a certificate for `hosts` to `out`/tls-request.json.
pub fn tls_request(hosts: &[String], out: &Path) -> Result<String> {
    let request = TlsRequest::make(hosts, out).context("cannot make the TLS key")?;
    let path = out.join("tls-request.json");
    let json = serde_json::to_string_pretty(&request)?;
    std::fs::write(&path, json + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(format!(
        "A new TLS key for {} waits in {}.\nHand {} to the platform's operator \
         (`sorgeregister keys tls-certify`) and put the certificate they return next to the key \
         as tls.cert.pem.",
        hosts.join(", "),
        out.join("tls.key.pem").display(),
        path.display()
    ))
}

/// On the platform: issues the TLS server certificate a node requested into `out`.
pub fn tls_certify(
    dir: &Path,
    request: &Path,
    out: &Path,
    days: u32,
    now: OffsetDateTime,
) -> Result<String> {
    let request: TlsRequest = serde_json::from_str(&read_small(request)?)
        .with_context(|| format!("{} is not a TLS request", request.display()))?;
    let keys = open(dir, now)?;
    let files = keys
        .certify_tls(&request, now, days, out)
        .context("cannot issue the TLS certificate")?;
    Ok(format!(
        "TLS certificate for {} from {} valid until {}:\n  certificate {}\nHand it back to the \
         node's operator, to sit beside the node's tls.key.pem ([server] tls_certificate). \
         Issue a new one before it expires.",
        request.hosts.join(", "),
        keys.ca_name(),
        files.not_after,
        files.certificate.display(),
    ))
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
