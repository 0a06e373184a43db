//! `sorgeregister`: the command line.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use sorgeregister::config::Config;
use sorgeregister::{app, demo, tokens};
use store::Actor;
use store::clients::Role;

#[derive(Parser)]
#[command(
    name = "sorgeregister",
    version,
    about = "Negativbescheinigungen (§ 58 SGB VIII) online, between Jugendämter"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct ConfigArgs {
    /// TOML configuration file (settings can also come from SORGEREGISTER_<SECTION>_<KEY>).
    #[arg(long, short)]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a seeded demo on embedded SQLite and print the URL and demo tokens.
    Demo {
        /// Folder for the demo database and tokens; reused when it exists.
        #[arg(long, default_value = "demo-data")]
        data_dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Run the platform with the given configuration.
    Serve {
        #[command(flatten)]
        config: ConfigArgs,
        /// Demo and tests only: seed the database with the demo data on first use (directory,
        /// registers, clients) and write the demo tokens to this folder's tokens.txt.
        #[arg(long)]
        demo_data: Option<PathBuf>,
    },
    /// Run an office's register node: `serve`, once the configuration and key folder are a
    /// node's (represented offices with keys of their own, HTTPS, the platform's address).
    Node {
        #[command(flatten)]
        config: ConfigArgs,
        /// Demo and tests only, as for `serve`: seed the demo data on first use.
        #[arg(long)]
        demo_data: Option<PathBuf>,
    },
    /// Manage the directory of Jugendämter and municipalities.
    Directory {
        #[command(subcommand)]
        command: DirectoryCommand,
    },
    /// Take over an office's existing register.
    Register {
        #[command(subcommand)]
        command: RegisterCommand,
    },
    /// Manage the staff accounts of the Jugendamt workbench.
    Users {
        #[command(subcommand)]
        command: sorgeregister::staff::UsersCommand,
    },
    /// Manage API clients and their tokens.
    Clients {
        #[command(subcommand)]
        command: ClientsCommand,
    },
    /// Check a configuration and print it with secrets masked.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Manage issued certificates.
    Certificates {
        #[command(subcommand)]
        command: CertificatesCommand,
    },
    /// Manage the seal keys of the issuing offices and the platform CA.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Check the audit log for tampering, and show the audit trail of a case.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Check a certificate (PDF, or a file holding its QR text) offline against a trust list.
    /// Exit status 0: genuine; 1: not genuine or not checkable.
    Verify {
        /// The certificate PDF, or a text file with the QR code's text (NB1:…).
        file: PathBuf,
        /// The trust list, as published at /api/v1/trust-list.
        #[arg(long)]
        trust_list: PathBuf,
        /// The platform CA's SHA-256 fingerprint (from `keys list` or the platform's website);
        /// a trust list signed by another CA is refused.
        #[arg(long)]
        ca_fingerprint: Option<String>,
    },
    /// Measure parts of the platform on generated data.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Load a generated register and measure missed entries, automation rate and lookup time.
    Matching {
        #[command(flatten)]
        config: ConfigArgs,
        /// Entries in the generated register.
        #[arg(long, default_value_t = 100_000)]
        entries: usize,
        /// Queries to classify (half for children with an entry, half look-alikes without).
        #[arg(long, default_value_t = 10_000)]
        queries: usize,
        /// Seed of the generator; the same seed gives the same corpus.
        #[arg(long, default_value_t = 58)]
        seed: u64,
        /// The day the corpus is drawn for (YYYY-MM-DD; default today, UTC): children are born
        /// up to it. A kept database loaded on another day must be queried with its day.
        #[arg(long, value_parser = parse_day)]
        today: Option<time::Date>,
        /// Queries of another seed to run first, unmeasured, so that the measured ones meet
        /// warm caches as on a server that has been answering for a while (0: a cold start).
        #[arg(long, default_value_t = 0)]
        warm_up: usize,
        /// Use the configured database instead of a temporary SQLite file. It must hold no
        /// register entries, or exactly those of an earlier run with the same seed and size,
        /// which are then queried without loading them again.
        #[arg(long)]
        use_configured_database: bool,
    },
}

#[derive(Subcommand)]
enum DirectoryCommand {
    /// Import the official municipality directory in one transaction; a bad file changes nothing.
    Import {
        #[command(flatten)]
        config: ConfigArgs,
        /// Destatis "Gemeindeverzeichnis" extract (CSV with satzart levels).
        #[arg(long)]
        municipalities: PathBuf,
        /// Postal code → municipality file (osm_id,ags,ort,plz,landkreis,bundesland).
        #[arg(long)]
        postal_codes: Option<PathBuf>,
        /// Towns with their own Jugendamt (ags,office_name).
        #[arg(long)]
        overrides: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RegisterCommand {
    /// Import an office's existing register from a CSV file, whole or not at all.
    ///
    /// The file: UTF-8, a header row, fields separated by ";", one entry per row; the columns
    /// are listed in the README ("Importing an existing register"). Every row is checked as
    /// the API checks a notification, and the child's birthplace must belong to --office.
    ///
    /// Any bad line: every problem is listed with its line and column, nothing is imported,
    /// and the exit status is 1. A clean file goes in with one transaction and one audit
    /// record. Rows imported before (same kennung, same content) are skipped, so importing a
    /// file again adds only its new rows.
    Import {
        #[command(flatten)]
        config: ConfigArgs,
        /// The register office whose register the file holds, e.g. `ja-03352`.
        #[arg(long)]
        office: String,
        /// The CSV file (at most 2 GiB and 5,000,000 rows).
        #[arg(long)]
        file: PathBuf,
        /// Read and check everything, report, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum ClientsCommand {
    /// Register a client and print its token once.
    Add {
        #[command(flatten)]
        config: ConfigArgs,
        /// Unique client id, e.g. `onlinedienst-bremen`.
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// online_service, recording_office, office_staff or admin.
        #[arg(long)]
        role: String,
        /// The office of office_staff, e.g. `ja-04011`.
        #[arg(long)]
        office: Option<String>,
    },
}

#[derive(Subcommand)]
enum CertificatesCommand {
    /// Revoke a certificate (issued in error, or obtained with false data); online checks then
    /// say so. Audited; revoking again keeps the first revocation.
    Revoke {
        #[command(flatten)]
        config: ConfigArgs,
        /// The certificate number, e.g. NB-2026-7K3M-Q9TX-8.
        #[arg(long)]
        number: String,
        /// Why (kept in the audit log; 1 to 500 characters).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// List every office key with its validity, and the CA fingerprint to publish.
    List {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// On the platform: make a hosted office's first seal key ahead of its first certificate;
    /// an office with a key keeps it. (A node's office: `keys request`, `certify`, `install`.)
    Create {
        #[command(flatten)]
        config: ConfigArgs,
        /// The office, e.g. `ja-03352`.
        #[arg(long)]
        office: String,
        /// The office's name as its key certificate states it, e.g. "Jugendamt Landkreis Cuxhaven".
        #[arg(long)]
        name: String,
    },
    /// Retire an office's current seal key and make the next one (old seals stay valid).
    Rotate {
        #[command(flatten)]
        config: ConfigArgs,
        /// The office, e.g. `ja-04011`.
        #[arg(long)]
        office: String,
    },
    /// Print the signed trust list (JSON), e.g. to hand to offline checkers.
    TrustList {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// On an office's node: make the office's own key (the folder pinned to the platform CA on
    /// first use) and write the request for the platform's operator. The private key stays here.
    Request {
        #[command(flatten)]
        config: ConfigArgs,
        /// The office, e.g. `ja-03352`.
        #[arg(long)]
        office: String,
        /// The office's name as its key certificate states it.
        #[arg(long)]
        name: String,
        /// The platform CA certificate (ca.cert.pem from the platform's key folder).
        #[arg(long)]
        platform_ca: PathBuf,
        /// Where to write the request (JSON, no secret).
        #[arg(long)]
        out: PathBuf,
    },
    /// On the platform: certify a node's key request; the key is published in the trust list
    /// as the office's current key, held at its node.
    Certify {
        #[command(flatten)]
        config: ConfigArgs,
        /// The request the node wrote.
        #[arg(long)]
        request: PathBuf,
        /// Where to write the answer for the node (JSON, no secret).
        #[arg(long)]
        out: PathBuf,
    },
    /// On the node: install the platform's answer to the node's key request.
    Install {
        #[command(flatten)]
        config: ConfigArgs,
        /// The answer `keys certify` wrote.
        #[arg(long)]
        certified: PathBuf,
    },
    /// On a node: make the node's TLS key (tls.key.pem, 0600, in --out) and the request for its
    /// certificate (tls-request.json) for the platform's operator.
    TlsRequest {
        /// The node's host name or IP address as the platform dials it (repeatable).
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        /// The folder for the key and the request (created 0700 if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// On the platform: issue the TLS server certificate a node requested (tls.cert.pem in
    /// --out); the key stays at the node.
    TlsCertify {
        #[command(flatten)]
        config: ConfigArgs,
        /// The node's tls-request.json.
        #[arg(long)]
        request: PathBuf,
        /// The folder to write tls.cert.pem to.
        #[arg(long)]
        out: PathBuf,
        /// Days of validity, 1 to 397.
        #[arg(long, default_value_t = sorgeregister::keys::DEFAULT_TLS_VALIDITY_DAYS)]
        days: u32,
    },
    /// Issue a TLS server certificate from the platform CA with a new key made here, for a node
    /// the platform's operator runs too (otherwise: `tls-request` on the node, `tls-certify` here):
    /// writes tls.cert.pem and tls.key.pem (0600) to --out, for `[server] tls_certificate` and
    /// `tls_key` on that node.
    TlsCertificate {
        #[command(flatten)]
        config: ConfigArgs,
        /// The node's host name or IP address as the platform dials it (repeat for several);
        /// the certificate is valid for exactly these.
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        /// The folder to write the certificate and key to (created 0700 if missing).
        #[arg(long)]
        out: PathBuf,
        /// Days of validity, 1 to 397.
        #[arg(long, default_value_t = sorgeregister::keys::DEFAULT_TLS_VALIDITY_DAYS)]
        days: u32,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check that no audit record was altered, inserted or removed behind the platform's back,
    /// using the audit key in the key folder; the check itself changes nothing. Exit status 0:
    /// intact; 1: not intact (each finding names the record's seq) or not checkable.
    Verify {
        #[command(flatten)]
        config: ConfigArgs,
        /// A chain head recorded earlier, as POS:HASH (printed here and logged by the running
        /// platform): also check that the chain still holds it, which detects the removal of
        /// the newest records.
        #[arg(long)]
        expect_head: Option<String>,
    },
    /// Print every audit record about one subject (an application, register entry or
    /// certificate number), oldest first.
    Trail {
        #[command(flatten)]
        config: ConfigArgs,
        /// The subject's id, e.g. an application id or a certificate number.
        #[arg(long)]
        subject: String,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Load the configuration, report problems and unknown keys, print the result.
    Check {
        #[command(flatten)]
        config: ConfigArgs,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints to standard output; a closed stdout (a pipe whose reader left) must not stop a server.
fn say(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

fn load(args: &ConfigArgs) -> Result<Config> {
    let loaded = Config::load(args.config.as_deref())?;
    init_logging(&loaded.config);
    for warning in &loaded.warnings {
        tracing::warn!("{warning}");
    }
    Ok(loaded.config)
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log.level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if config.log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Demo {
            data_dir,
            port,
            host,
        } => {
            let mut config = Config::load(None)?.config;
            config.server.bind = format!("{host}:{port}");
            std::fs::create_dir_all(&data_dir)
                .with_context(|| format!("cannot create {}", data_dir.display()))?;
            config.database.url = format!(
                "sqlite://{}?mode=rwc",
                demo::database_path(&data_dir).display()
            );
            config.certificates.keys_dir = data_dir.join("keys");
            config.certificates.public_url = format!("http://{host}:{port}");
            // The demo logs citizens in at the built-in test identity provider.
            config.portal.test_identity_provider = true;
            init_logging(&config);
            let store = app::open_store(&config).await?;
            let tokens = demo::seed(&store, &data_dir).await?;
            let staff = demo::seed_staff(&store, &sorgeregister::staff::hasher(&config)?).await?;
            let running = app::start(store, &config).await?;
            say(&demo::banner(&running.url(), &tokens, &staff, &data_dir));
            running.until_signal().await
        }
        Command::Serve { config, demo_data } => {
            let config = load(&config)?;
            let store = app::open_store(&config).await?;
            seed_demo_data(&store, demo_data.as_deref()).await?;
            let running = app::start(store, &config).await?;
            say(&format!("listening on {}", running.url()));
            running.until_signal().await
        }
        Command::Node { config, demo_data } => {
            let config = load(&config)?;
            let offices = sorgeregister::node::check(&config, time::OffsetDateTime::now_utc())?;
            let store = app::open_store(&config).await?;
            seed_demo_data(&store, demo_data.as_deref()).await?;
            let running = app::start(store, &config).await?;
            say(&format!("node for {}", offices.join(", ")));
            say(&format!("listening on {}", running.url()));
            running.until_signal().await
        }
        Command::Directory {
            command:
                DirectoryCommand::Import {
                    config,
                    municipalities,
                    postal_codes,
                    overrides,
                },
        } => {
            let config = load(&config)?;
            let read = |path: &PathBuf| {
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))
            };
            let started = Instant::now();
            let municipalities_text = read(&municipalities)?;
            let postal_text = postal_codes.as_ref().map(read).transpose()?;
            let overrides_text = overrides.as_ref().map(read).transpose()?;
            let directory = directory::build(
                &municipalities_text,
                postal_text.as_deref(),
                overrides_text.as_deref(),
            )
            .map_err(|e| anyhow::anyhow!("{e}\nnothing was imported"))?;
            let parsed = started.elapsed();
            let store = app::open_store(&config).await?;
            let counts = store
                .import_directory(
                    &Actor::system("directory-import"),
                    time::OffsetDateTime::now_utc(),
                    &directory,
                )
                .await?;
            for skipped in directory
                .skipped_municipality_rows
                .iter()
                .chain(&directory.skipped_postal_rows)
            {
                println!("skipped: {skipped}");
            }
            println!(
                "imported {} offices, {} municipalities, {} postal codes in {:.2} s (parsing {:.2} s)",
                counts.offices,
                counts.municipalities,
                counts.postal_codes,
                started.elapsed().as_secs_f64(),
                parsed.as_secs_f64()
            );
            Ok(())
        }
        Command::Register {
            command:
                RegisterCommand::Import {
                    config,
                    office,
                    file,
                    dry_run,
                },
        } => {
            let config = load(&config)?;
            let office = domain::OfficeId::parse(&office)
                .map_err(|_| anyhow::anyhow!("bad office id {office:?} (e.g. ja-03352)"))?;
            let store = app::open_store(&config).await?;
            let report = sorgeregister::register_import::run(&store, &office, &file, dry_run).await;
            store.close().await;
            let report = report?;
            say(&report.text(&file, &office, dry_run));
            if !report.problems.is_empty() {
                bail!(
                    "{} bad lines in {}; nothing was imported",
                    report.bad_lines(),
                    file.display()
                );
            }
            Ok(())
        }
        Command::Users { command } => {
            let config = load(&ConfigArgs {
                config: command.config_file(),
            })?;
            sorgeregister::staff::run(&config, command).await
        }
        Command::Clients {
            command:
                ClientsCommand::Add {
                    config,
                    id,
                    name,
                    role,
                    office,
                },
        } => {
            let config = load(&config)?;
            let Some(role) = Role::parse(&role) else {
                bail!(
                    "unknown role {role:?}: online_service, recording_office, office_staff or admin"
                );
            };
            let office = office
                .map(|o| {
                    domain::OfficeId::parse(&o)
                        .map_err(|_| anyhow::anyhow!("bad office id {o:?} (e.g. ja-04011)"))
                })
                .transpose()?;
            let store = app::open_store(&config).await?;
            if let Some(office) = &office
                && store.office(office).await?.is_none()
            {
                bail!("office {office} is not in the directory");
            }
            let token =
                tokens::create_client(&store, &Actor::system("cli"), &id, &name, role, office)
                    .await?;
            println!("{token}");
            eprintln!("client {id} created; the token above is shown only once");
            Ok(())
        }
        Command::Certificates {
            command:
                CertificatesCommand::Revoke {
                    config,
                    number,
                    reason,
                },
        } => {
            let config = load(&config)?;
            let number = domain::CertificateNumber::parse(&number)
                .map_err(|_| anyhow::anyhow!("{number:?} is not a certificate number"))?;
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > 500 {
                bail!("--reason must have 1 to 500 characters");
            }
            let store = app::open_store(&config).await?;
            let record = store
                .revoke_certificate(
                    &Actor::system("cli"),
                    time::OffsetDateTime::now_utc(),
                    &number,
                    reason,
                )
                .await;
            store.close().await;
            let record = match record {
                Err(store::StoreError::NotFound) => bail!("no certificate {number}"),
                other => other?,
            };
            let at = record
                .revocation
                .map(|r| r.at.to_string())
                .unwrap_or_default();
            say(&format!("{number} is revoked (since {at})"));
            Ok(())
        }
        Command::Keys { command } => {
            let now = time::OffsetDateTime::now_utc();
            let text = match command {
                KeysCommand::List { config } => {
                    sorgeregister::keys::list(&load(&config)?.certificates.keys_dir, now)?
                }
                KeysCommand::Create {
                    config,
                    office,
                    name,
                } => sorgeregister::keys::create(
                    &load(&config)?.certificates.keys_dir,
                    &office,
                    &name,
                    now,
                )?,
                KeysCommand::Rotate { config, office } => sorgeregister::keys::rotate(
                    &load(&config)?.certificates.keys_dir,
                    &office,
                    now,
                )?,
                KeysCommand::TrustList { config } => {
                    sorgeregister::keys::trust_list(&load(&config)?.certificates.keys_dir, now)?
                }
                KeysCommand::Request {
                    config,
                    office,
                    name,
                    platform_ca,
                    out,
                } => sorgeregister::keys::request(
                    &load(&config)?.certificates.keys_dir,
                    &office,
                    &name,
                    &platform_ca,
                    &out,
                )?,
                KeysCommand::Certify {
                    config,
                    request,
                    out,
                } => sorgeregister::keys::certify(
                    &load(&config)?.certificates.keys_dir,
                    &request,
                    &out,
                    now,
                )?,
                KeysCommand::Install { config, certified } => sorgeregister::keys::install(
                    &load(&config)?.certificates.keys_dir,
                    &certified,
                    now,
                )?,
                KeysCommand::TlsRequest { hosts, out } => {
                    sorgeregister::keys::tls_request(&hosts, &out)?
                }
                KeysCommand::TlsCertify {
                    config,
                    request,
                    out,
                    days,
                } => sorgeregister::keys::tls_certify(
                    &load(&config)?.certificates.keys_dir,
                    &request,
                    &out,
                    days,
                    now,
                )?,
                KeysCommand::TlsCertificate {
                    config,
                    hosts,
                    out,
                    days,
                } => sorgeregister::keys::tls_certificate(
                    &load(&config)?.certificates.keys_dir,
                    &hosts,
                    &out,
                    days,
                    now,
                )?,
            };
            say(text.trim_end());
            Ok(())
        }
        Command::Audit {
            command:
                AuditCommand::Verify {
                    config,
                    expect_head,
                },
        } => {
            let config = load(&config)?;
            let expected = expect_head
                .map(|head| {
                    store::audit_chain::ChainHead::parse(&head).ok_or_else(|| {
                        anyhow::anyhow!(
                            "--expect-head must be POS:HASH, as `audit verify` prints it"
                        )
                    })
                })
                .transpose()?;
            let store = sorgeregister::audit::open_store(&config).await?;
            let verification = store.verify_audit(expected.as_ref()).await;
            store.close().await;
            let verification = verification.context("cannot read the audit log")?;
            say(sorgeregister::audit::verification_report(&verification).trim_end());
            if !verification.intact() {
                bail!("the audit log is not intact");
            }
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Trail { config, subject },
        } => {
            let config = load(&config)?;
            let store = sorgeregister::audit::open_store(&config).await?;
            let records = store.audit_of(&subject).await;
            store.close().await;
            say(sorgeregister::audit::trail_report(&subject, &records?).trim_end());
            Ok(())
        }
        Command::Verify {
            file,
            trust_list,
            ca_fingerprint,
        } => {
            let trust =
                sorgeregister::offline::load_trust_list(&trust_list, ca_fingerprint.as_deref())?;
            let verdict = sorgeregister::offline::verify_file(&file, &trust)?;
            say(sorgeregister::offline::report(&verdict, &trust).trim_end());
            if !verdict.genuine() {
                bail!("{} is not a genuine certificate", file.display());
            }
            Ok(())
        }
        Command::Eval {
            command:
                EvalCommand::Matching {
                    config,
                    entries,
                    queries,
                    seed,
                    today,
                    warm_up,
                    use_configured_database,
                },
        } => {
            let mut config = load(&config)?;
            let temporary = std::env::temp_dir()
                .join(format!("sorgeregister-eval-{}.sqlite", std::process::id()));
            let store = if use_configured_database {
                app::open_store(&config).await?
            } else {
                config.database.url = format!("sqlite://{}?mode=rwc", temporary.display());
                // A database thrown away after the run: its audit records need no real key,
                // and the run must not make one in the configured key folder.
                app::open_store_with_key(&config, store::AuditKey::insecure_test_key()).await?
            };
            let options = sorgeregister::eval::Options {
                entries,
                queries,
                seed,
                today: today.unwrap_or_else(|| time::OffsetDateTime::now_utc().date()),
                warm_up,
                policy: config.matching,
            };
            let report = sorgeregister::eval::run(&store, &options).await;
            store.close().await;
            if !use_configured_database {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", temporary.display()));
                }
            }
            let report = report?;
            say(&report.text);
            if report.missed > 0 {
                bail!(
                    "{} queries for children with an entry were answered \"none\"",
                    report.missed
                );
            }
            Ok(())
        }
        Command::Config {
            command: ConfigCommand::Check { config },
        } => {
            let loaded = Config::load(config.config.as_deref())?;
            for warning in &loaded.warnings {
                eprintln!("warning: {warning}");
            }
            print!("{}", loaded.config.redacted());
            eprintln!("configuration is valid");
            Ok(())
        }
    }
}

/// A calendar day as `YYYY-MM-DD`.
fn parse_day(raw: &str) -> std::result::Result<time::Date, String> {
    time::Date::parse(
        raw,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| format!("{raw:?} is not a day as YYYY-MM-DD"))
}

/// `--demo-data`: the demo data seeded on first use, its tokens written to the folder.
async fn seed_demo_data(store: &store::Store, data_dir: Option<&std::path::Path>) -> Result<()> {
    if let Some(data_dir) = data_dir {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        demo::seed(store, data_dir).await?;
    }
    Ok(())
}
