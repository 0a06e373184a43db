//! Staff accounts from the command line, as an operator uses it (`sorgeregister users …`, the
//! real binary on SQLite and PostgreSQL), and the demo's seeded workbench logins.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use credentials::{PasswordHasher, PasswordParams, TotpSecret};
use sorgeregister::config::Config;
use store::Store;
use store::staff::{Lockout, LoginName};

fn sorgeregister(args: &[&str], env: &[(&str, String)], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sorgeregister"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("run sorgeregister");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().expect("output")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The value of a `key: value` line of the output.
fn value<'a>(output: &'a str, key: &str) -> Option<&'a str> {
    output
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}: ")))
}

fn login(raw: &str) -> LoginName {
    LoginName::parse(raw).unwrap()
}

fn cheap() -> PasswordHasher {
    PasswordHasher::new(PasswordParams::insecure_for_tests()).unwrap()
}

#[test]
fn every_users_subcommand_has_help() {
    for sub in ["add", "disable", "enable", "reset", "list"] {
        let output = sorgeregister(&["users", sub, "--help"], &[], None);
        assert!(output.status.success(), "{sub}");
        assert!(
            text(&output).contains("Usage: sorgeregister users"),
            "{sub}"
        );
    }
}

/// A database with the demo directory, opened with the audit key of `keys_dir` as the
/// program does; and the environment that points the program at both.
async fn prepared(backend: &str, dir: &Path) -> (Store, Vec<(&'static str, String)>) {
    let mut config = Config::default();
    config.database.url = store::testing::fresh_database_url(backend, dir)
        .await
        .unwrap();
    config.certificates.keys_dir = dir.join("keys");
    let store = sorgeregister::app::open_store(&config).await.unwrap();
    store
        .import_directory(
            &store::Actor::system("test"),
            time::OffsetDateTime::now_utc(),
            &directory::demo_sample(),
        )
        .await
        .unwrap();
    let env = vec![
        ("SORGEREGISTER_DATABASE_URL", config.database.url.clone()),
        (
            "SORGEREGISTER_CERTIFICATES_KEYS_DIR",
            config.certificates.keys_dir.display().to_string(),
        ),
        ("SORGEREGISTER_WORKBENCH_ARGON2_MEMORY_KIB", "64".to_owned()),
        ("SORGEREGISTER_WORKBENCH_ARGON2_ITERATIONS", "1".to_owned()),
    ];
    (store, env)
}

#[tokio::test]
async fn operators_add_list_reset_disable_and_enable_accounts() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, env) = prepared(backend, dir.path()).await;
        let users = |args: &[&str], stdin: Option<&str>| {
            let mut all = vec!["users"];
            all.extend_from_slice(args);
            sorgeregister(&all, &env, stdin)
        };

        // A generated password, printed once.
        let add = [
            "add",
            "--office",
            "ja-03352",
            "--role",
            "clerk",
            "--login",
            "A.Meyer",
            "--name",
            "Anna Meyer",
        ];
        let out = users(&add, None);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        let printed = stdout(&out);
        assert_eq!(value(&printed, "login"), Some("A.Meyer"), "[{backend}]");
        let password = value(&printed, "password")
            .expect("generated password")
            .to_owned();
        assert_eq!(password.len(), 23, "[{backend}] {password}");
        assert!(value(&printed, "totp-uri").is_none(), "[{backend}]");
        assert!(text(&out).contains("shown only once"), "[{backend}]");
        let (meyer, credentials) = store.staff_login(&login("a.meyer")).await.unwrap().unwrap();
        assert!(
            credentials
                .password_hash
                .starts_with("$argon2id$v=19$m=64,t=1,p=1$"),
            "[{backend}]"
        );
        assert!(
            cheap()
                .verify(&password, &credentials.password_hash)
                .unwrap(),
            "[{backend}]"
        );
        assert_eq!(meyer.display_name, "Anna Meyer", "[{backend}]");

        let again = users(
            &[
                "add", "--office", "ja-04011", "--role", "admin", "--login", "a.meyer", "--name",
                "X",
            ],
            None,
        );
        assert!(!again.status.success(), "[{backend}]");
        assert!(
            text(&again).contains("the login name is taken"),
            "[{backend}] {}",
            text(&again)
        );

        // A chosen password on standard input, and a second factor.
        let out = users(
            &[
                "add",
                "--office",
                "ja-03352",
                "--role",
                "supervisor",
                "--login",
                "b.lange",
                "--name",
                "Ben Lange",
                "--totp",
                "--password-stdin",
            ],
            Some("mein eigenes Passwort\n"),
        );
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        let printed = stdout(&out);
        assert!(
            value(&printed, "password").is_none(),
            "[{backend}] a chosen password is not printed"
        );
        let uri = value(&printed, "totp-uri").expect("otpauth URI");
        assert!(
            uri.starts_with("otpauth://totp/Sorgeregister:b.lange?secret="),
            "[{backend}] {uri}"
        );
        assert!(
            uri.ends_with("&issuer=Sorgeregister&algorithm=SHA1&digits=6&period=30"),
            "[{backend}]"
        );
        let key = value(&printed, "totp-key").unwrap();
        let (lange, credentials) = store.staff_login(&login("b.lange")).await.unwrap().unwrap();
        assert!(lange.has_totp, "[{backend}]");
        assert_eq!(
            credentials
                .totp_secret
                .as_deref()
                .and_then(TotpSecret::from_base32),
            TotpSecret::from_base32(key),
            "[{backend}]"
        );
        assert!(
            cheap()
                .verify("mein eigenes Passwort", &credentials.password_hash)
                .unwrap(),
            "[{backend}]"
        );

        for (args, stdin, expected) in [
            (
                vec![
                    "add",
                    "--office",
                    "ja-03352",
                    "--role",
                    "clerk",
                    "--login",
                    "c.kurz",
                    "--name",
                    "C",
                    "--password-stdin",
                ],
                Some("kurz\n"),
                "at least 12 characters",
            ),
            (
                vec![
                    "add", "--office", "ja-99999", "--role", "clerk", "--login", "c.kurz",
                    "--name", "C",
                ],
                None,
                "office ja-99999 is not in the directory",
            ),
            (
                vec![
                    "add", "--office", "ja-03352", "--role", "chef", "--login", "c.kurz", "--name",
                    "C",
                ],
                None,
                "unknown role",
            ),
            (
                vec![
                    "add", "--office", "ja-03352", "--role", "clerk", "--login", "c kurz",
                    "--name", "C",
                ],
                None,
                "bad login name",
            ),
            (
                vec!["reset", "--login", "niemand"],
                None,
                "no account niemand",
            ),
        ] {
            let out = users(&args, stdin);
            assert!(!out.status.success(), "[{backend}] {args:?}");
            assert!(
                text(&out).contains(expected),
                "[{backend}] {args:?}: {}",
                text(&out)
            );
        }
        assert!(
            store.staff_user(&login("c.kurz")).await.unwrap().is_none(),
            "[{backend}]"
        );

        let out = users(&["list", "--office", "ja-03352"], None);
        assert!(out.status.success(), "[{backend}]");
        let listed = stdout(&out);
        assert!(
            listed.contains("A.Meyer") && listed.contains("b.lange"),
            "[{backend}] {listed}"
        );
        assert!(
            listed
                .lines()
                .any(|l| l.starts_with("b.lange") && l.contains(" yes ")),
            "[{backend}] {listed}"
        );
        let out = users(&["list", "--office", "ja-04011"], None);
        assert!(stdout(&out).contains("(no accounts)"), "[{backend}]");

        // A locked account: listed as such, and a reset unlocks it with a new password.
        let locking = Lockout {
            max_failures: 1,
            duration: time::Duration::minutes(15),
        };
        store
            .record_staff_login_failure(
                time::OffsetDateTime::now_utc(),
                &meyer,
                "password",
                locking,
            )
            .await
            .unwrap();
        assert!(
            stdout(&users(&["list"], None)).contains("locked until"),
            "[{backend}]"
        );
        let out = users(&["reset", "--login", "a.MEYER"], None);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        let new_password = value(&stdout(&out), "password").unwrap().to_owned();
        assert_ne!(new_password, password, "[{backend}]");
        let (meyer, credentials) = store.staff_login(&login("a.meyer")).await.unwrap().unwrap();
        assert_eq!(meyer.locked_until, None, "[{backend}]");
        assert!(
            cheap()
                .verify(&new_password, &credentials.password_hash)
                .unwrap(),
            "[{backend}]"
        );
        assert!(
            !cheap()
                .verify(&password, &credentials.password_hash)
                .unwrap(),
            "[{backend}]"
        );

        let out = users(&["reset", "--login", "b.lange", "--no-totp"], None);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            !store
                .staff_user(&login("b.lange"))
                .await
                .unwrap()
                .unwrap()
                .has_totp,
            "[{backend}]"
        );

        let out = users(&["disable", "--login", "A.Meyer"], None);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            stdout(&users(&["list"], None)).contains("disabled since"),
            "[{backend}]"
        );
        let out = users(&["enable", "--login", "a.meyer"], None);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            !store
                .staff_user(&login("a.meyer"))
                .await
                .unwrap()
                .unwrap()
                .is_disabled(),
            "[{backend}]"
        );

        let trail: Vec<String> = store
            .audit_of(&meyer.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| {
                assert_eq!(r.office.as_deref(), Some("ja-03352"), "[{backend}]");
                format!("{} {} {}", r.action, r.actor, r.detail)
            })
            .collect();
        let actions: Vec<&str> = trail.iter().map(|t| t.split(' ').next().unwrap()).collect();
        assert_eq!(
            actions,
            [
                "staff.created",
                "staff.login_failed",
                "staff.locked",
                "staff.password_reset",
                "staff.disabled",
                "staff.enabled"
            ],
            "[{backend}]"
        );
        assert!(trail[0].contains("system:cli"), "[{backend}] {}", trail[0]);
        for record in &trail {
            assert!(
                !record.contains(&password) && !record.contains(&new_password),
                "[{backend}] {record}"
            );
        }
        store.close().await;
    }
}

/// The demo seeds a clerk and a supervisor per demo office, prints their logins, and seeds
/// them once only; the printed login works.
#[tokio::test]
async fn the_demo_seeds_and_prints_workbench_logins_once() {
    let dir = tempfile::tempdir().unwrap();
    for run in 0..2 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sorgeregister"))
            .args(["demo", "--port", "0", "--data-dir"])
            .arg(dir.path())
            .env("SORGEREGISTER_WORKBENCH_ARGON2_MEMORY_KIB", "64")
            .env("SORGEREGISTER_WORKBENCH_ARGON2_ITERATIONS", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn demo");
        let lines: Vec<String> = {
            let stdout = child.stdout.take().unwrap();
            let mut lines = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let line = line.unwrap();
                let done = line.starts_with("API description:");
                lines.push(line);
                if done {
                    break;
                }
            }
            lines
        };
        let banner = lines.join("\n");
        let url = lines
            .iter()
            .find_map(|l| l.strip_prefix("Sorgeregister demo is running at "))
            .expect("URL")
            .trim()
            .to_owned();
        assert!(
            banner.contains(&format!(
                "Workbench for Jugendamt staff: {url}/amt (demo password of every login: {})",
                sorgeregister::demo::DEMO_STAFF_PASSWORD
            )),
            "run {run}: {banner}"
        );
        for (role, office, login) in [
            ("clerk", "ja-03352", "sb-cuxhaven"),
            ("supervisor", "ja-03352", "sl-cuxhaven"),
            ("clerk", "ja-04011", "sb-bremen"),
            ("supervisor", "ja-04011", "sl-bremen"),
            ("clerk", "ja-11000", "sb-berlin"),
            ("supervisor", "ja-11000", "sl-berlin"),
        ] {
            assert!(
                banner.lines().any(|l| {
                    let words: Vec<&str> = l.split_whitespace().collect();
                    words == [role, office, login]
                }),
                "run {run}: {login}: {banner}"
            );
        }

        // The printed login works (the login form, then its POST).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let form = http
            .get(format!("{url}/amt/anmelden"))
            .send()
            .await
            .unwrap();
        let cookie = form.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let html = form.text().await.unwrap();
        let start = html.find("name=\"csrf\" value=\"").unwrap() + 19;
        let csrf = &html[start..start + 64];
        let response = http
            .post(format!("{url}/amt/anmelden"))
            .header("cookie", cookie)
            .form(&[
                ("csrf", csrf),
                ("login", "sl-bremen"),
                ("password", sorgeregister::demo::DEMO_STAFF_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            reqwest::StatusCode::SEE_OTHER,
            "run {run}"
        );
        assert_eq!(response.headers()["location"], "/amt?lang=de", "run {run}");

        let _ = child.kill();
        let _ = child.wait();
    }
    let store = Store::open_sqlite(&sorgeregister::demo::database_path(dir.path()), 1)
        .await
        .unwrap();
    assert_eq!(
        store.staff_users(None).await.unwrap().len(),
        6,
        "seeded once"
    );
    store.close().await;
}
