//! Staff accounts of the workbench from the command line (`sorgeregister users …`), and the
//! workbench's settings from the configuration.
//!
//! Passwords are hashed here with the configured argon2id costs and never stored or logged in
//! clear; a generated initial password and a TOTP key are printed once, to standard output.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use time::OffsetDateTime;

use crate::config::Config;
use credentials::{PasswordHasher, TotpSecret};
use domain::OfficeId;
use store::staff::{LoginName, NewStaffUser, StaffRole, StaffUser, TotpChange};
use store::{Actor, Store, StoreError};

/// The issuer authenticator apps show next to the code.
pub const TOTP_ISSUER: &str = "Sorgeregister";

/// Passwords chosen by an operator must be at least this long (generated ones are 23).
const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_BYTES: usize = 1024;
const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// The workbench's settings from the configuration.
pub fn workbench_config(config: &Config) -> web::workbench::WorkbenchConfig {
    let settings = &config.workbench;
    web::workbench::WorkbenchConfig {
        idle_timeout: time::Duration::minutes(i64::from(settings.idle_timeout_minutes)),
        max_session_age: time::Duration::hours(i64::from(settings.max_session_hours)),
        lockout: store::staff::Lockout {
            max_failures: settings.lockout_failures,
            duration: time::Duration::minutes(i64::from(settings.lockout_minutes)),
        },
        login_per_minute: settings.login_per_minute,
        secure_cookies: config.certificates.public_url.starts_with("https://"),
        password: settings.password_params(),
        flag_waiting_after: time::Duration::minutes(i64::from(
            config.pipeline.flag_waiting_after_minutes,
        )),
    }
}

/// The password hasher with the configured costs.
pub fn hasher(config: &Config) -> Result<PasswordHasher> {
    PasswordHasher::new(config.workbench.password_params())
        .context("invalid workbench.argon2_* settings")
}

#[derive(Args, Clone)]
pub struct ConfigFile {
    /// TOML configuration file (settings can also come from SORGEREGISTER_<SECTION>_<KEY>).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
}

#[derive(Args, Clone)]
pub struct LoginArg {
    #[command(flatten)]
    pub config: ConfigFile,
    /// The account's login name (any case).
    #[arg(long)]
    pub login: String,
}

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Create a staff account of one office. Prints the initial password once (generated,
    /// unless given with --password-stdin) and, with --totp, the otpauth:// URI to scan.
    Add {
        #[command(flatten)]
        config: ConfigFile,
        /// The office the account belongs to, e.g. `ja-03352`.
        #[arg(long)]
        office: String,
        /// clerk, supervisor or admin.
        #[arg(long)]
        role: String,
        /// Login name: 2 to 64 letters, digits, `.`, `_`, `-`, `@`; unique regardless of case.
        #[arg(long)]
        login: String,
        /// The name shown in the workbench, e.g. "Anna Meyer".
        #[arg(long)]
        name: String,
        /// Set up a TOTP second factor (authenticator app) for the account.
        #[arg(long)]
        totp: bool,
        /// Read the initial password from standard input (at least 12 characters).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account; its open sessions end at once. The account and its audit trail stay.
    Disable {
        #[command(flatten)]
        account: LoginArg,
    },
    /// Let a disabled account log in again.
    Enable {
        #[command(flatten)]
        account: LoginArg,
    },
    /// Give an account a new password (printed once), clear its lock and end its sessions.
    Reset {
        #[command(flatten)]
        account: LoginArg,
        /// Give the account a new TOTP key (e.g. after a lost phone) and print its URI.
        #[arg(long)]
        totp: bool,
        /// Remove the account's TOTP second factor.
        #[arg(long, conflicts_with = "totp")]
        no_totp: bool,
        /// Read the new password from standard input (at least 12 characters).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the staff accounts, of one office or of all.
    List {
        #[command(flatten)]
        config: ConfigFile,
        /// Only the accounts of this office, e.g. `ja-03352`.
        #[arg(long)]
        office: Option<String>,
    },
}

impl UsersCommand {
    pub fn config_file(&self) -> Option<PathBuf> {
        match self {
            UsersCommand::Add { config, .. } | UsersCommand::List { config, .. } => {
                config.config.clone()
            }
            UsersCommand::Disable { account }
            | UsersCommand::Enable { account }
            | UsersCommand::Reset { account, .. } => account.config.config.clone(),
        }
    }
}

/// Runs a `users` subcommand; what is shown once goes to standard output.
pub async fn run(config: &Config, command: UsersCommand) -> Result<()> {
    let actor = Actor::system("cli");
    let now = OffsetDateTime::now_utc();
    match command {
        UsersCommand::Add {
            office,
            role,
            login,
            name,
            totp,
            password_stdin,
            ..
        } => {
            let office = parse_office(&office)?;
            let Some(role) = StaffRole::parse(&role) else {
                bail!("unknown role {role:?}: clerk, supervisor or admin");
            };
            let login = parse_login(&login)?;
            let name = display_name(&name)?;
            let (password, generated) = new_password(password_stdin)?;
            let secret = totp.then(TotpSecret::generate).transpose()?;
            let hash = hash(config, password.clone()).await?;
            let store = crate::app::open_store(config).await?;
            if store.office(&office).await?.is_none() {
                bail!("office {office} is not in the directory");
            }
            let id = uuid::Uuid::new_v4().to_string();
            let created = store
                .create_staff_user(
                    &actor,
                    now,
                    &NewStaffUser {
                        id: &id,
                        login: &login,
                        display_name: &name,
                        office: &office,
                        role,
                        password_hash: &hash,
                        totp_secret: secret.as_ref().map(TotpSecret::to_base32).as_deref(),
                    },
                )
                .await;
            store.close().await;
            let created = match created {
                Err(StoreError::Conflict(why)) => bail!("cannot create {login}: {why}"),
                other => other?,
            };
            print_once(
                &created,
                generated.then_some(password.as_str()),
                secret.as_ref(),
            );
            eprintln!(
                "account {} ({}, {}) created{}",
                created.login,
                created.role.as_str(),
                created.office,
                if generated || secret.is_some() {
                    "; what is printed above is shown only once"
                } else {
                    ""
                }
            );
            Ok(())
        }
        UsersCommand::Disable { account } => {
            let login = parse_login(&account.login)?;
            let store = crate::app::open_store(config).await?;
            let user = store.disable_staff_user(&actor, now, &login).await;
            store.close().await;
            let user = found(user, &login)?;
            println!("{} is disabled; its sessions have ended", user.login);
            Ok(())
        }
        UsersCommand::Enable { account } => {
            let login = parse_login(&account.login)?;
            let store = crate::app::open_store(config).await?;
            let user = store.enable_staff_user(&actor, now, &login).await;
            store.close().await;
            let user = found(user, &login)?;
            println!("{} may log in again", user.login);
            Ok(())
        }
        UsersCommand::Reset {
            account,
            totp,
            no_totp,
            password_stdin,
        } => {
            let login = parse_login(&account.login)?;
            let (password, generated) = new_password(password_stdin)?;
            let secret = totp.then(TotpSecret::generate).transpose()?;
            let hash = hash(config, password.clone()).await?;
            let encoded = secret.as_ref().map(TotpSecret::to_base32);
            let change = match (&encoded, no_totp) {
                (Some(key), _) => TotpChange::Renew(key),
                (None, true) => TotpChange::Remove,
                (None, false) => TotpChange::Keep,
            };
            let store = crate::app::open_store(config).await?;
            let user = store
                .reset_staff_password(&actor, now, &login, &hash, change)
                .await;
            store.close().await;
            let user = found(user, &login)?;
            print_once(
                &user,
                generated.then_some(password.as_str()),
                secret.as_ref(),
            );
            eprintln!(
                "{}: new password set, lock cleared, sessions ended{}",
                user.login,
                if user.is_disabled() {
                    " (the account is still disabled: `users enable`)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        UsersCommand::List { office, .. } => {
            let office = office.as_deref().map(parse_office).transpose()?;
            let store = crate::app::open_store(config).await?;
            let users = store.staff_users(office.as_ref()).await;
            store.close().await;
            println!("{}", listing(&users?, now).trim_end());
            Ok(())
        }
    }
}

/// The accounts as a table.
pub fn listing(users: &[StaffUser], now: OffsetDateTime) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "{:<24} {:<10} {:<11} {:<5} {:<30} {}\n",
        "login", "office", "role", "totp", "status", "name"
    );
    for user in users {
        let status = if let Some(at) = user.disabled_at {
            format!("disabled since {}", at.date())
        } else if let Some(until) = user.locked_until.filter(|_| user.is_locked(now)) {
            format!("locked until {} UTC", until.time().truncate_to_minute())
        } else {
            "active".to_owned()
        };
        let _ = writeln!(
            out,
            "{:<24} {:<10} {:<11} {:<5} {:<30} {}",
            user.login.as_str(),
            user.office.as_str(),
            user.role.as_str(),
            if user.has_totp { "yes" } else { "no" },
            status,
            user.display_name
        );
    }
    if users.is_empty() {
        out.push_str("(no accounts)\n");
    }
    out
}

fn print_once(user: &StaffUser, password: Option<&str>, secret: Option<&TotpSecret>) {
    println!("login: {}", user.login);
    if let Some(password) = password {
        println!("password: {password}");
    }
    if let Some(secret) = secret {
        println!("totp-key: {}", secret.to_base32());
        println!(
            "totp-uri: {}",
            secret.otpauth_uri(TOTP_ISSUER, user.login.as_str())
        );
    }
}

fn found(result: Result<StaffUser, StoreError>, login: &LoginName) -> Result<StaffUser> {
    match result {
        Err(StoreError::NotFound) => bail!("no account {login}"),
        other => Ok(other?),
    }
}

fn parse_office(raw: &str) -> Result<OfficeId> {
    OfficeId::parse(raw).map_err(|_| anyhow::anyhow!("bad office id {raw:?} (e.g. ja-03352)"))
}

fn parse_login(raw: &str) -> Result<LoginName> {
    LoginName::parse(raw).ok_or_else(|| {
        anyhow::anyhow!(
            "bad login name {raw:?}: 2 to 64 letters, digits, '.', '_', '-', '@', starting with \
             a letter or digit"
        )
    })
}

fn display_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty()
        || name.chars().count() > MAX_DISPLAY_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        bail!(
            "--name must have 1 to {MAX_DISPLAY_NAME_CHARS} characters and no control characters"
        );
    }
    Ok(name.to_owned())
}

/// A generated password, or the one on standard input; and whether it was generated.
fn new_password(from_stdin: bool) -> Result<(String, bool)> {
    if !from_stdin {
        return Ok((credentials::random::password()?, true));
    }
    let mut text = String::new();
    std::io::stdin()
        .take(MAX_PASSWORD_BYTES as u64 + 3)
        .read_to_string(&mut text)
        .context("cannot read the password from standard input")?;
    let password = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text);
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        bail!(
            "the password on standard input must have at least {MIN_PASSWORD_CHARS} characters \
             (and at most {MAX_PASSWORD_BYTES} bytes)"
        );
    }
    Ok((password.to_owned(), false))
}

async fn hash(config: &Config, password: String) -> Result<String> {
    let hasher = hasher(config)?;
    Ok(tokio::task::spawn_blocking(move || hasher.hash(&password)).await??)
}

/// Creates an account with a password hash made by the caller (the demo hashes its one
/// password once for all its accounts).
pub async fn create_with_hash(
    store: &Store,
    actor: &Actor,
    login: &LoginName,
    name: &str,
    office: &OfficeId,
    role: StaffRole,
    password_hash: &str,
) -> Result<StaffUser> {
    let id = uuid::Uuid::new_v4().to_string();
    store
        .create_staff_user(
            actor,
            OffsetDateTime::now_utc(),
            &NewStaffUser {
                id: &id,
                login,
                display_name: name,
                office,
                role,
                password_hash,
                totp_secret: None,
            },
        )
        .await
        .with_context(|| format!("cannot create account {login}"))
}
