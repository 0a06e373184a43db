//! `sorgeregister node`: an office's register node, which is `serve` with what a node must
//! have checked before it starts. Its key folder is a node's (the platform CA pinned, see
//! `keys request`), with an installed key of its own for every office it represents; it
//! answers only for the offices in `federation.represents`, over HTTPS only, and fetches the
//! platform's trust list from `federation.platform_url`.

use anyhow::{Context, Result, bail};
use time::OffsetDateTime;

use crate::config::Config;
use seal::keystore::KeyStore;

/// What a node's configuration and key folder must hold; the offices it represents when they do.
pub fn check(config: &Config, now: OffsetDateTime) -> Result<Vec<String>> {
    let federation = config.federation.parse()?;
    if federation.represents.is_empty() {
        bail!("a node answers for the offices in federation.represents; name at least one");
    }
    if federation.platform_url.is_none() {
        bail!("a node fetches the platform's trust list: set federation.platform_url");
    }
    if config.server.tls_certificate.is_none() || config.server.tls_key.is_none() {
        bail!(
            "a node serves HTTPS only: set [server] tls_certificate and tls_key (a certificate \
             from the platform CA, `keys tls-certificate` on the platform)"
        );
    }
    let dir = &config.certificates.keys_dir;
    if !dir.join("index.json").exists() {
        bail!(
            "{} holds no keys yet: make the node's own with `sorgeregister keys request`, have \
             the platform certify it, then `sorgeregister keys install`",
            dir.display()
        );
    }
    let keys = KeyStore::open_or_create(dir, now, seal::ca::DEFAULT_CA_NAME)
        .with_context(|| format!("cannot open the key folder {}", dir.display()))?;
    if !keys.is_node() {
        bail!(
            "{} holds the platform CA: a node's folder holds only its certificate (made by \
             `sorgeregister keys request --platform-ca …`)",
            dir.display()
        );
    }
    let mut offices = Vec::new();
    for office in &federation.represents {
        match keys.current_at(office.as_str(), now) {
            Some(key) if key.is_held_here() => offices.push(office.to_string()),
            _ => bail!(
                "{office} has no installed key valid now in {}: `keys request`, `keys certify` \
                 on the platform, then `keys install`",
                dir.display()
            ),
        }
    }
    Ok(offices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_config(dir: &std::path::Path) -> Config {
        let mut config = Config::default();
        config.certificates.keys_dir = dir.join("keys");
        config.federation.represents = vec!["ja-03352".into()];
        config.federation.platform_url = Some("https://platform.example".into());
        config.server.tls_certificate = Some(dir.join("tls.cert.pem"));
        config.server.tls_key = Some(dir.join("tls.key.pem"));
        config
    }

    fn refusal(config: &Config) -> String {
        format!(
            "{:#}",
            check(config, OffsetDateTime::now_utc()).unwrap_err()
        )
    }

    #[test]
    fn a_node_starts_only_with_its_offices_https_the_platform_and_keys_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let now = OffsetDateTime::now_utc();
        let mut config = node_config(dir.path());
        assert!(
            refusal(&config).contains("keys request"),
            "no key folder yet"
        );

        let mut missing = config.clone();
        missing.federation.represents.clear();
        assert!(refusal(&missing).contains("federation.represents"));
        let mut missing = config.clone();
        missing.federation.platform_url = None;
        assert!(refusal(&missing).contains("federation.platform_url"));
        let mut missing = config.clone();
        missing.server.tls_key = None;
        assert!(refusal(&missing).contains("HTTPS only"));

        // A platform's folder (with the CA) is not a node's.
        let platform = dir.path().join("platform-keys");
        crate::keys::create(&platform, "ja-03352", "Jugendamt Landkreis Cuxhaven", now).unwrap();
        let mut platform_config = config.clone();
        platform_config.certificates.keys_dir = platform.clone();
        assert!(refusal(&platform_config).contains("holds the platform CA"));

        // A node folder with a key only requested: not yet.
        let request = dir.path().join("request.json");
        crate::keys::request(
            &config.certificates.keys_dir,
            "ja-03352",
            "Jugendamt Landkreis Cuxhaven",
            &platform.join("ca.cert.pem"),
            &request,
        )
        .unwrap();
        assert!(refusal(&config).contains("no installed key"));

        // Certified and installed: the node may start.
        let certified = dir.path().join("certified.json");
        crate::keys::certify(&platform, &request, &certified, now).unwrap();
        crate::keys::install(&config.certificates.keys_dir, &certified, now).unwrap();
        assert_eq!(check(&config, now).unwrap(), ["ja-03352"]);

        // ... for the offices it holds keys of, only.
        config.federation.represents.push("ja-11000".into());
        assert!(refusal(&config).contains("ja-11000 has no installed key"));
    }
}
