//! Configuration: defaults, then a TOML file, then `SORGEREGISTER_<SECTION>_<KEY>` environment
//! variables, then command-line flags. Unknown keys are reported; bad values stop the start.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub pipeline: PipelineSettings,
    pub http: HttpConfig,
    pub log: LogConfig,
    /// Thresholds of the matcher (see `domain::matching::MatchPolicy`); the defaults are safe.
    pub matching: domain::matching::MatchPolicy,
    pub certificates: CertificatesConfig,
    pub workbench: WorkbenchSettings,
    /// The citizen portal's login (the citizen account) and limits.
    pub portal: crate::portal::PortalSettings,
    /// Registers kept on offices' own nodes, and the offices this instance answers for.
    pub federation: crate::federation::FederationSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CertificatesConfig {
    /// The folder of the platform CA, the offices' seal keys and the audit key (created on
    /// first use, 0700; private keys 0600). Back it up: a lost CA key means a new trust list
    /// for everyone, a lost audit key an audit log that can no longer be verified.
    pub keys_dir: PathBuf,
    /// The platform's public address; certificates print `<public_url>/pruefen` for checking.
    pub public_url: String,
    /// Checks per minute one client address may make at the public verification API and page.
    pub verify_per_minute: u32,
}

/// The Jugendamt workbench: sessions, lockout, and the cost of password hashes. Its cookies
/// are `Secure` (and `__Host-` prefixed) whenever `certificates.public_url` is https.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkbenchSettings {
    /// Minutes without a request after which a staff session ends.
    pub idle_timeout_minutes: u32,
    /// Hours after login at which a staff session ends, however active.
    pub max_session_hours: u32,
    /// Failed logins in a row (password or code) that lock an account.
    pub lockout_failures: u32,
    /// Minutes a locked account stays locked (an admin's `users reset` unlocks it at once).
    pub lockout_minutes: u32,
    /// Login attempts one client address may make per minute.
    pub login_per_minute: u32,
    /// argon2id memory of new password hashes, in KiB.
    pub argon2_memory_kib: u32,
    /// argon2id iterations of new password hashes.
    pub argon2_iterations: u32,
    /// argon2id lanes of new password hashes.
    pub argon2_parallelism: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address and port to listen on; port 0 picks a free port.
    pub bind: String,
    /// Serve HTTPS with this certificate chain (PEM, the server's certificate first), e.g. one
    /// from `sorgeregister keys tls-certificate`. Needs `tls_key`; without both, plain HTTP.
    pub tls_certificate: Option<PathBuf>,
    /// The private key of `tls_certificate` (PEM; refused if group or others may read it).
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH?mode=rwc` or `postgres://user@host/db`.
    pub url: String,
    /// A file holding the URL (for URLs with passwords); wins over `url`.
    pub url_file: Option<PathBuf>,
    pub max_connections: u32,
    /// Page cache of each SQLite connection in MiB (ignored on PostgreSQL).
    pub sqlite_cache_mib: u32,
    /// How much of the SQLite file each connection reads memory-mapped, in MiB (0: none;
    /// ignored on PostgreSQL).
    pub sqlite_mmap_mib: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PipelineSettings {
    /// How long one process owns an application's next step before another may take it over.
    pub lease_seconds: u64,
    /// How often the worker looks for unfinished applications.
    pub poll_interval_ms: u64,
    /// The wait before a register office that did not answer is asked again; it doubles with
    /// each try that gets no answer (less a random part of up to half).
    pub retry_first_seconds: u64,
    /// The longest wait between two tries.
    pub retry_max_seconds: u64,
    /// How often a register office's node is asked for the result of its review of a case.
    pub node_review_poll_seconds: u64,
    /// After this long waiting for another office (its register unanswered, or a possible
    /// match still with a person at its node), an application is flagged to the issuing
    /// office's staff on the workbench.
    pub flag_waiting_after_minutes: u32,
    /// Test aid only: abort the process at `after_received`, `after_query_sent` or
    /// `after_decided`.
    pub failpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Largest accepted request body in bytes.
    pub body_limit_bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `human` or `json`.
    pub format: String,
    /// A `tracing` filter, e.g. `info` or `sorgeregister=debug,info`.
    pub level: String,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: "127.0.0.1:8080".to_owned(),
            tls_certificate: None,
            tls_key: None,
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: "sqlite://./data/sorgeregister.sqlite?mode=rwc".to_owned(),
            url_file: None,
            max_connections: 8,
            sqlite_cache_mib: 64,
            sqlite_mmap_mib: 0,
        }
    }
}

impl Default for PipelineSettings {
    fn default() -> Self {
        PipelineSettings {
            lease_seconds: 30,
            poll_interval_ms: 1000,
            retry_first_seconds: 5,
            retry_max_seconds: 600,
            node_review_poll_seconds: 60,
            flag_waiting_after_minutes: 60,
            failpoint: None,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            body_limit_bytes: 64 * 1024,
        }
    }
}

impl Default for CertificatesConfig {
    fn default() -> Self {
        CertificatesConfig {
            keys_dir: PathBuf::from("./data/keys"),
            public_url: "http://127.0.0.1:8080".to_owned(),
            verify_per_minute: 30,
        }
    }
}

impl Default for WorkbenchSettings {
    fn default() -> Self {
        let argon2 = credentials::PasswordParams::default();
        WorkbenchSettings {
            idle_timeout_minutes: 30,
            max_session_hours: 12,
            lockout_failures: 5,
            lockout_minutes: 15,
            login_per_minute: 10,
            argon2_memory_kib: argon2.memory_kib,
            argon2_iterations: argon2.iterations,
            argon2_parallelism: argon2.parallelism,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "human".to_owned(),
            level: "info".to_owned(),
        }
    }
}

impl WorkbenchSettings {
    fn validate(&self) -> Result<()> {
        if !(1..=1440).contains(&self.idle_timeout_minutes) {
            bail!("workbench.idle_timeout_minutes must be between 1 and 1440");
        }
        if !(1..=24).contains(&self.max_session_hours) {
            bail!("workbench.max_session_hours must be between 1 and 24");
        }
        if !(1..=100).contains(&self.lockout_failures) {
            bail!("workbench.lockout_failures must be between 1 and 100");
        }
        if !(1..=1440).contains(&self.lockout_minutes) {
            bail!("workbench.lockout_minutes must be between 1 and 1440");
        }
        if !(1..=10_000).contains(&self.login_per_minute) {
            bail!("workbench.login_per_minute must be between 1 and 10000");
        }
        if !(1..=64).contains(&self.argon2_parallelism)
            || !(1..=100).contains(&self.argon2_iterations)
            || !(8 * self.argon2_parallelism..=4 * 1024 * 1024).contains(&self.argon2_memory_kib)
        {
            bail!(
                "workbench.argon2_*: parallelism 1 to 64, iterations 1 to 100, memory_kib from \
                 8 × parallelism to 4194304"
            );
        }
        Ok(())
    }

    /// The cost of new password hashes.
    pub fn password_params(&self) -> credentials::PasswordParams {
        credentials::PasswordParams {
            memory_kib: self.argon2_memory_kib,
            iterations: self.argon2_iterations,
            parallelism: self.argon2_parallelism,
        }
    }
}

/// The loaded configuration and what was noticed on the way.
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
}

const ENV_PREFIX: &str = "SORGEREGISTER_";

impl Config {
    /// Defaults, overlaid by `file` (if given) and by the environment.
    pub fn load(file: Option<&Path>) -> Result<Loaded> {
        Config::load_from(file, std::env::vars())
    }

    pub fn load_from(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Loaded> {
        let mut warnings = Vec::new();
        let mut value = toml::Value::try_from(Config::default())?;
        let known = known_keys(&value);
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config file {}", path.display()))?;
            let overlay: toml::Table = toml::from_str(&text)
                .with_context(|| format!("config file {} is not valid TOML", path.display()))?;
            for (section, entries) in overlay {
                let Some(entries) = entries.as_table() else {
                    warnings.push(format!("unknown config key `{section}` (ignored)"));
                    continue;
                };
                for (key, v) in entries {
                    if known.contains(&(section.clone(), key.clone())) {
                        set(&mut value, &section, key, v.clone());
                    } else {
                        warnings.push(format!("unknown config key `{section}.{key}` (ignored)"));
                    }
                }
            }
        }
        for (name, raw) in env {
            let Some(rest) = name.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            let rest = rest.to_ascii_lowercase();
            let Some((section, key)) = rest.split_once('_') else {
                continue;
            };
            if known.contains(&(section.to_owned(), key.to_owned())) {
                set(&mut value, section, key, env_value(&raw));
            } else {
                warnings.push(format!("unknown environment setting {name} (ignored)"));
            }
        }
        let mut config: Config = value.try_into().context("invalid configuration value")?;
        if let Some(path) = &config.database.url_file {
            config.database.url = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read database.url_file {}", path.display()))?
                .trim()
                .to_owned();
        }
        config.validate()?;
        Ok(Loaded { config, warnings })
    }

    fn validate(&self) -> Result<()> {
        if self.server.bind.parse::<std::net::SocketAddr>().is_err() {
            bail!(
                "server.bind must be an address like 127.0.0.1:8080, not {:?}",
                self.server.bind
            );
        }
        if self.server.tls_certificate.is_some() != self.server.tls_key.is_some() {
            bail!("server.tls_certificate and server.tls_key go together: set both or neither");
        }
        if !(self.database.url.starts_with("sqlite:")
            || self.database.url.starts_with("postgres://")
            || self.database.url.starts_with("postgresql://"))
        {
            bail!("database.url must start with sqlite: or postgres://");
        }
        if !(1..=512).contains(&self.database.max_connections) {
            bail!("database.max_connections must be between 1 and 512");
        }
        if !(1..=65_536).contains(&self.database.sqlite_cache_mib) {
            bail!("database.sqlite_cache_mib must be between 1 and 65536");
        }
        if self.database.sqlite_mmap_mib > 1_048_576 {
            bail!("database.sqlite_mmap_mib must be between 0 and 1048576 (1 TiB)");
        }
        if !(1..=3600).contains(&self.pipeline.lease_seconds) {
            bail!("pipeline.lease_seconds must be between 1 and 3600");
        }
        if !(10..=60_000).contains(&self.pipeline.poll_interval_ms) {
            bail!("pipeline.poll_interval_ms must be between 10 and 60000");
        }
        let p = &self.pipeline;
        if !(1..=3600).contains(&p.retry_first_seconds) {
            bail!("pipeline.retry_first_seconds must be between 1 and 3600");
        }
        if !(p.retry_first_seconds..=86_400).contains(&p.retry_max_seconds) {
            bail!(
                "pipeline.retry_max_seconds must be between pipeline.retry_first_seconds and \
                 86400"
            );
        }
        if !(1..=3600).contains(&p.node_review_poll_seconds) {
            bail!("pipeline.node_review_poll_seconds must be between 1 and 3600");
        }
        if !(1..=43_200).contains(&p.flag_waiting_after_minutes) {
            bail!("pipeline.flag_waiting_after_minutes must be between 1 and 43200 (30 days)");
        }
        if let Some(point) = &self.pipeline.failpoint {
            point
                .parse::<pipeline::Failpoint>()
                .map_err(anyhow::Error::msg)?;
        }
        if !(1024..=16 * 1024 * 1024).contains(&self.http.body_limit_bytes) {
            bail!("http.body_limit_bytes must be between 1024 and 16777216");
        }
        if !(self.certificates.public_url.starts_with("https://")
            || self.certificates.public_url.starts_with("http://"))
            || self.certificates.public_url.len() > 200
        {
            bail!("certificates.public_url must be an http(s) address of at most 200 characters");
        }
        if !(1..=10_000).contains(&self.certificates.verify_per_minute) {
            bail!("certificates.verify_per_minute must be between 1 and 10000");
        }
        self.workbench.validate()?;
        self.portal.validate(&self.certificates.public_url)?;
        self.federation.validate()?;
        if !matches!(self.log.format.as_str(), "human" | "json") {
            bail!("log.format must be human or json");
        }
        Ok(())
    }

    /// The configuration as TOML with the database password masked, for `config check`.
    pub fn redacted(&self) -> String {
        let mut shown = self.clone();
        shown.database.url = redact_url(&shown.database.url);
        toml::to_string_pretty(&shown).unwrap_or_default()
    }
}

fn known_keys(defaults: &toml::Value) -> BTreeSet<(String, String)> {
    let mut keys = BTreeSet::new();
    if let Some(sections) = defaults.as_table() {
        for (section, entries) in sections {
            if let Some(entries) = entries.as_table() {
                for key in entries.keys() {
                    keys.insert((section.clone(), key.clone()));
                }
            }
        }
    }
    // Optional keys are absent from the serialised defaults.
    keys.insert(("database".into(), "url_file".into()));
    keys.insert(("server".into(), "tls_certificate".into()));
    keys.insert(("server".into(), "tls_key".into()));
    keys.insert(("pipeline".into(), "failpoint".into()));
    keys.insert(("federation".into(), "platform_url".into()));
    keys.insert(("portal".into(), "client_secret_file".into()));
    keys
}

fn set(value: &mut toml::Value, section: &str, key: &str, v: toml::Value) {
    if let Some(table) = value.as_table_mut() {
        let entry = table
            .entry(section.to_owned())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let Some(entries) = entry.as_table_mut() {
            entries.insert(key.to_owned(), v);
        }
    }
}

/// Environment values are text; numbers and booleans are recognised.
fn env_value(raw: &str) -> toml::Value {
    if let Ok(n) = raw.parse::<i64>() {
        toml::Value::Integer(n)
    } else if let Ok(b) = raw.parse::<bool>() {
        toml::Value::Boolean(b)
    } else {
        toml::Value::String(raw.to_owned())
    }
}

/// Hides the password of a database URL.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end], &rest[at..]),
                None => url.to_owned(),
            }
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_then_file_then_environment() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            file,
            "[server]\nbind = \"0.0.0.0:9000\"\n[pipeline]\nlease_seconds = 5"
        )
        .unwrap();
        let loaded = Config::load_from(
            Some(file.path()),
            env(&[
                ("SORGEREGISTER_PIPELINE_LEASE_SECONDS", "7"),
                ("OTHER", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(loaded.config.server.bind, "0.0.0.0:9000");
        assert_eq!(loaded.config.pipeline.lease_seconds, 7);
        assert_eq!(loaded.config.database.max_connections, 8);
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn unknown_keys_warn_and_bad_values_fail() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(file, "[server]\nbinds = \"x\"").unwrap();
        let loaded = Config::load_from(
            Some(file.path()),
            env(&[("SORGEREGISTER_SERVER_PORTS", "1")]),
        )
        .unwrap();
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
        assert!(
            Config::load_from(
                None,
                env(&[("SORGEREGISTER_PIPELINE_LEASE_SECONDS", "zero")])
            )
            .is_err()
        );
        assert!(Config::load_from(None, env(&[("SORGEREGISTER_SERVER_BIND", "nowhere")])).is_err());
        assert!(
            Config::load_from(None, env(&[("SORGEREGISTER_PIPELINE_FAILPOINT", "later")])).is_err()
        );
        for minutes in ["0", "43201"] {
            let refused = Config::load_from(
                None,
                env(&[("SORGEREGISTER_PIPELINE_FLAG_WAITING_AFTER_MINUTES", minutes)]),
            );
            assert!(
                refused.is_err_and(|e| e.to_string().contains("flag_waiting_after_minutes")),
                "{minutes}"
            );
        }
        let refused = Config::load_from(
            None,
            env(&[("SORGEREGISTER_DATABASE_SQLITE_MMAP_MIB", "1048577")]),
        );
        assert!(refused.is_err_and(|e| e.to_string().contains("sqlite_mmap_mib")));
        let mapped = Config::load_from(
            None,
            env(&[("SORGEREGISTER_DATABASE_SQLITE_MMAP_MIB", "16384")]),
        )
        .unwrap();
        assert_eq!(mapped.config.database.sqlite_mmap_mib, 16_384);
    }

    #[test]
    fn the_federation_section_is_read_and_checked() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            file,
            "[federation]\nnodes = {{ \"ja-03352\" = \"http://127.0.0.2:9000\" }}\nrepresents = [\"ja-04011\"]"
        )
        .unwrap();
        let loaded = Config::load_from(Some(file.path()), env(&[])).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let federation = loaded.config.federation.parse().unwrap();
        assert_eq!(federation.nodes.len(), 1);
        assert_eq!(federation.represents.len(), 1);

        let mut both = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            both,
            "[federation]\nnodes = {{ \"ja-03352\" = \"http://127.0.0.2:9000\" }}\nrepresents = [\"ja-03352\"]"
        )
        .unwrap();
        assert!(Config::load_from(Some(both.path()), env(&[])).is_err());

        let mut plain = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            plain,
            "[federation]\nnodes = {{ \"ja-03352\" = \"http://node.example:9000\" }}"
        )
        .unwrap();
        let refused = Config::load_from(Some(plain.path()), env(&[]))
            .err()
            .unwrap();
        assert!(format!("{refused:#}").contains("loopback"), "{refused:#}");
    }

    #[test]
    fn tls_certificate_and_key_go_together() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            file,
            "[server]\ntls_certificate = \"tls/tls.cert.pem\"\ntls_key = \"tls/tls.key.pem\""
        )
        .unwrap();
        let loaded = Config::load_from(Some(file.path()), env(&[])).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(
            loaded.config.server.tls_key.as_deref(),
            Some(Path::new("tls/tls.key.pem"))
        );
        let only_certificate = env(&[("SORGEREGISTER_SERVER_TLS_CERTIFICATE", "tls/c.pem")]);
        let refused = Config::load_from(None, only_certificate).err().unwrap();
        assert!(
            format!("{refused:#}").contains("go together"),
            "{refused:#}"
        );
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact_url("postgres://app:secret@db:5432/sr"),
            "postgres://app:***@db:5432/sr"
        );
        assert_eq!(redact_url("postgres://app@db/sr"), "postgres://app@db/sr");
        assert_eq!(redact_url("sqlite://./x.sqlite"), "sqlite://./x.sqlite");
    }
}
