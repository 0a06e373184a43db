//! The `[federation]` section: which register offices keep their register on a node of their
//! own (the platform asks them over HTTP), and which offices this instance answers signed
//! register queries for at `/federation/v1/register-queries`.
//!
//! ```toml
//! [federation]
//! # on the platform: the Landkreis Cuxhaven keeps its register on its own node
//! nodes = { "ja-03352" = "https://sorgeregister.landkreis-cuxhaven.example" }
//! # on that node: it answers for the Landkreis Cuxhaven only
//! represents = ["ja-03352"]
//! ```

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

use domain::OfficeId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationSettings {
    /// Register offices whose register is kept on their own node, with the node's address
    /// (`https://host[:port]`, without a path); queries to them go over HTTPS, signed, and the
    /// node's TLS certificate must come from the platform CA. `http://` only to loopback
    /// addresses (tests, demo).
    pub nodes: BTreeMap<String, String>,
    /// Offices this instance answers federation queries for; empty: every office whose
    /// register it keeps itself (every office not in `nodes`).
    pub represents: Vec<String>,
    /// On an office's node: the platform's address (`https://host[:port]`), whose signed trust
    /// list at `/api/v1/trust-list` names the keys queries are checked with.
    pub platform_url: Option<String>,
    /// On a node: how often the platform's trust list is fetched again, in seconds.
    pub trust_list_refresh_seconds: u64,
}

impl Default for FederationSettings {
    fn default() -> Self {
        FederationSettings {
            nodes: BTreeMap::new(),
            represents: Vec::new(),
            platform_url: None,
            trust_list_refresh_seconds: 300,
        }
    }
}

/// The checked section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Federation {
    pub nodes: BTreeMap<OfficeId, String>,
    pub represents: BTreeSet<OfficeId>,
    pub platform_url: Option<String>,
}

impl FederationSettings {
    pub(crate) fn validate(&self) -> Result<()> {
        self.parse().map(|_| ())
    }

    /// The section as typed values; refuses bad office ids, bad node addresses, and an office
    /// both kept on a node and answered for here.
    pub fn parse(&self) -> Result<Federation> {
        let mut nodes = BTreeMap::new();
        for (office, url) in &self.nodes {
            let office = parse_office("federation.nodes", office)?;
            check_address(&format!("federation.nodes.{office}"), url)?;
            nodes.insert(office, url.trim_end_matches('/').to_owned());
        }
        if let Some(url) = &self.platform_url {
            check_address("federation.platform_url", url)?;
        }
        if !(10..=86_400).contains(&self.trust_list_refresh_seconds) {
            bail!("federation.trust_list_refresh_seconds must be between 10 and 86400");
        }
        let mut represents = BTreeSet::new();
        for office in &self.represents {
            let office = parse_office("federation.represents", office)?;
            if nodes.contains_key(&office) {
                bail!(
                    "{office} is both in federation.nodes and in federation.represents: an \
                     office's register is kept either on its node or here"
                );
            }
            represents.insert(office);
        }
        Ok(Federation {
            nodes,
            represents,
            platform_url: self
                .platform_url
                .as_ref()
                .map(|url| url.trim_end_matches('/').to_owned()),
        })
    }
}

/// An https address without path (http to loopback addresses only), for the setting `key`.
fn check_address(key: &str, url: &str) -> Result<()> {
    if !is_node_url(url) {
        bail!(
            "{key} must be an http(s) address without path, query or spaces (e.g. \
             https://node.example:8443), not {url:?}"
        );
    }
    if url.starts_with("http://") && !federation::tls::is_loopback_host(&host_of(url)) {
        bail!(
            "{key}: plain http is allowed to loopback addresses only; use https:// with a \
             certificate from the platform CA, not {url:?}"
        );
    }
    Ok(())
}

fn parse_office(key: &str, raw: &str) -> Result<OfficeId> {
    OfficeId::parse(raw)
        .map_err(|_| anyhow::anyhow!("{key}: {raw:?} is not an office id (e.g. ja-03352)"))
}

fn is_node_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    url.len() <= 200
        && !authority.is_empty()
        && authority
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// The host of a checked node address (`[v6]` with its brackets, no port).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.trim_end_matches('/');
    if authority.starts_with('[') {
        return authority
            .split_once(']')
            .map_or(authority.to_owned(), |(host, _)| format!("{host}]"));
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
        .to_owned()
}

impl Federation {
    /// Which offices the federation endpoint answers for.
    pub fn answers_for(&self) -> web::federation::Represents {
        if self.represents.is_empty() {
            web::federation::Represents::AllHostedExcept(self.nodes.keys().cloned().collect())
        } else {
            web::federation::Represents::Only(self.represents.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(nodes: &[(&str, &str)], represents: &[&str]) -> FederationSettings {
        FederationSettings {
            nodes: nodes
                .iter()
                .map(|(o, u)| ((*o).to_owned(), (*u).to_owned()))
                .collect(),
            represents: represents.iter().map(|o| (*o).to_owned()).collect(),
            ..FederationSettings::default()
        }
    }

    #[test]
    fn nodes_and_represents_are_checked() {
        let parsed = settings(&[("ja-03352", "http://127.0.0.2:9000/")], &[])
            .parse()
            .expect("valid");
        assert_eq!(
            parsed.nodes.values().next().map(String::as_str),
            Some("http://127.0.0.2:9000")
        );
        assert!(
            settings(&[("ja-03352", "https://node.example:8443")], &["ja-04011"])
                .parse()
                .is_ok()
        );
        assert!(settings(&[("ja-3352", "http://x")], &[]).parse().is_err());
        assert!(
            settings(&[("ja-03352", "ftp://node.example")], &[])
                .parse()
                .is_err()
        );
        assert!(
            settings(&[("ja-03352", "http://node.example/path")], &[])
                .parse()
                .is_err()
        );
        assert!(settings(&[("ja-03352", "http://")], &[]).parse().is_err());
        // Plain http to anything but loopback is a configuration error.
        for url in [
            "http://node.example",
            "http://10.0.0.5:9000",
            "http://localhost.example",
        ] {
            assert!(
                settings(&[("ja-03352", url)], &[]).parse().is_err(),
                "{url}"
            );
        }
        for url in [
            "http://127.0.0.1:9000",
            "http://localhost:9000",
            "http://[::1]:9000",
            "https://10.0.0.5:9000",
        ] {
            assert!(settings(&[("ja-03352", url)], &[]).parse().is_ok(), "{url}");
        }
        assert!(settings(&[], &["04011"]).parse().is_err());
        assert!(
            settings(&[("ja-03352", "https://node.example")], &["ja-03352"])
                .parse()
                .is_err(),
            "an office cannot be both on a node and answered for here"
        );
    }

    #[test]
    fn an_empty_represents_means_every_office_not_on_a_node() {
        let parsed = settings(&[("ja-03352", "https://node.example")], &[])
            .parse()
            .expect("valid");
        let answers = parsed.answers_for();
        let cux = OfficeId::parse("ja-03352").expect("id");
        let bremen = OfficeId::parse("ja-04011").expect("id");
        assert!(!answers.includes(&cux));
        assert!(answers.includes(&bremen));
        let node = settings(&[], &["ja-03352"]).parse().expect("valid");
        assert!(node.answers_for().includes(&cux));
        assert!(!node.answers_for().includes(&bremen));
    }

    #[test]
    fn the_platform_address_and_the_refresh_are_checked() {
        let mut node = settings(&[], &["ja-03352"]);
        node.platform_url = Some("https://platform.example:8443/".into());
        assert_eq!(
            node.parse().expect("valid").platform_url.as_deref(),
            Some("https://platform.example:8443")
        );
        for bad in [
            "http://platform.example",
            "https://platform.example/api",
            "ftp://x",
        ] {
            node.platform_url = Some(bad.into());
            let error = node.parse().expect_err(bad).to_string();
            assert!(error.contains("federation.platform_url"), "{bad}: {error}");
        }
        node.platform_url = None;
        node.trust_list_refresh_seconds = 5;
        assert!(node.parse().is_err());
    }
}
