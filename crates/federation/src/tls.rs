//! TLS between nodes: rustls with the ring provider, certificates from the platform CA.
//!
//! A client trusts the platform CA's certificate and nothing else (no web PKI roots, no
//! operating system store), with host name verification; a node serves a certificate the CA
//! issued for its host name or IP address (`sorgeregister keys tls-certificate`). Plain HTTP is
//! allowed to loopback addresses only (tests, demo).

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore, ServerConfig};

/// Why TLS could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TlsSetupError(String);

/// ALPN: the federation endpoint speaks HTTP/1.1.
const HTTP_1_1: &[u8] = b"http/1.1";

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A client configuration that trusts only `ca_der` (the platform CA's certificate, DER).
pub fn client_config(ca_der: &[u8]) -> Result<ClientConfig, TlsSetupError> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from(ca_der.to_vec()))
        .map_err(|e| TlsSetupError(format!("the platform CA certificate: {e}")))?;
    let mut config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError(format!("TLS versions: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![HTTP_1_1.to_vec()];
    Ok(config)
}

/// [`client_config`] from a PEM file holding the CA certificate (the key folder's
/// `ca.cert.pem`).
pub fn client_config_from_pem_file(ca_pem: &Path) -> Result<ClientConfig, TlsSetupError> {
    let ca = CertificateDer::from_pem_file(ca_pem)
        .map_err(|e| TlsSetupError(format!("cannot read {}: {e}", ca_pem.display())))?;
    client_config(&ca)
}

/// A server configuration from a certificate chain (PEM, the node's certificate first) and its
/// private key (PKCS#8, SEC1 or PKCS#1 PEM; refused if group or others may read it).
pub fn server_config_from_pem_files(
    certificate: &Path,
    key: &Path,
) -> Result<ServerConfig, TlsSetupError> {
    let chain = CertificateDer::pem_file_iter(certificate)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsSetupError(format!("cannot read {}: {e}", certificate.display())))?;
    if chain.is_empty() {
        return Err(TlsSetupError(format!(
            "{} holds no certificate",
            certificate.display()
        )));
    }
    refuse_if_readable_by_others(key)?;
    let key_der = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsSetupError(format!("cannot read {}: {e}", key.display())))?;
    server_config(chain, key_der)
}

/// A server configuration from DER parts.
pub fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<ServerConfig, TlsSetupError> {
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError(format!("TLS versions: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsSetupError(format!("certificate and key do not fit: {e}")))?;
    config.alpn_protocols = vec![HTTP_1_1.to_vec()];
    Ok(config)
}

fn refuse_if_readable_by_others(path: &Path) -> Result<(), TlsSetupError> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path)
        .map_err(|e| TlsSetupError(format!("cannot read {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(TlsSetupError(format!(
            "{} may be read by group or others (mode {:o}); chmod 600 it",
            path.display(),
            mode & 0o777
        )));
    }
    Ok(())
}

/// Whether `host` (a URL's host, IPv6 without brackets or with) is a loopback address or
/// `localhost`, where plain HTTP is allowed.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a failed request failed because the peer's certificate was not accepted (not from
/// the platform CA, another host name, expired, …), and why.
pub fn certificate_error(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    match find_rustls_error(error, 0)? {
        rustls::Error::InvalidCertificate(why) => Some(format!("{why:?}")),
        _ => None,
    }
}

/// The rustls error in `error`'s chain. `io::Error::source` skips the error it wraps, so
/// wrapped errors are looked into with `get_ref`; `depth` stops a pathological chain.
fn find_rustls_error<'a>(
    error: &'a (dyn std::error::Error + 'static),
    depth: usize,
) -> Option<&'a rustls::Error> {
    if depth > 16 {
        return None;
    }
    if let Some(found) = error.downcast_ref::<rustls::Error>() {
        return Some(found);
    }
    if let Some(inner) = error
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
        && let Some(found) = find_rustls_error(inner, depth + 1)
    {
        return Some(found);
    }
    find_rustls_error(error.source()?, depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "10.0.0.1",
            "node.example",
            "192.168.1.1",
            "localhost.example",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
