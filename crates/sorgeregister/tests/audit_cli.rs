//! `sorgeregister audit …` as an operator uses it: the running demo chains its audit log, `audit
//! verify` passes on it, and fails naming the record after a direct change in the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sqlx::{Connection, Row, SqliteConnection};

fn sorgeregister(args: &[&str], env: &[(&str, String)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sorgeregister"));
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run sorgeregister")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Starts `sorgeregister demo` on a free port and waits for its banner.
fn start_demo(dir: &Path) -> Child {
    let log = std::fs::File::create(dir.join("stderr.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sorgeregister"))
        .args(["demo", "--port", "0", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("spawn sorgeregister demo");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.starts_with("Sorgeregister demo is running at "));
    assert!(started, "the demo printed no banner");
    std::thread::spawn(move || for _ in lines {});
    child
}

async fn count(db: &mut SqliteConnection, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&mut *db)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test]
async fn audit_verify_passes_on_the_demo_and_names_a_record_changed_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let database = data.join("sorgeregister.sqlite");
    let env = [
        (
            "SORGEREGISTER_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", database.display()),
        ),
        (
            "SORGEREGISTER_CERTIFICATES_KEYS_DIR",
            data.join("keys").display().to_string(),
        ),
    ];

    // The running platform chains what the seeding wrote.
    let mut demo = start_demo(data);
    let mut db = SqliteConnection::connect(&format!("sqlite://{}", database.display()))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let unchained = count(
            &mut db,
            "SELECT COUNT(*) FROM audit_log WHERE chain_pos IS NULL",
        )
        .await;
        if unchained == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the demo left {unchained} audit records unchained"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = demo.kill();
    let _ = demo.wait();
    let records = count(&mut db, "SELECT COUNT(*) FROM audit_log").await;
    assert!(
        records > 3,
        "the demo seeding wrote audit records: {records}"
    );
    let key = data.join("keys").join("audit.key");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600,
        "the audit key is private"
    );

    let intact = sorgeregister(&["audit", "verify"], &env);
    let out = text(&intact);
    assert!(intact.status.success(), "{out}");
    assert!(out.contains("audit log intact"), "{out}");
    assert!(
        out.contains(&format!("chained records:     {records}")),
        "{out}"
    );
    let head = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("chain head:"))
        .unwrap()
        .trim()
        .to_owned();
    assert!(head.starts_with(&format!("{records}:")), "{head}");
    let with_head = sorgeregister(&["audit", "verify", "--expect-head", &head], &env);
    assert!(with_head.status.success(), "{}", text(&with_head));
    let bad_head = sorgeregister(&["audit", "verify", "--expect-head", "7"], &env);
    assert!(!bad_head.status.success());
    assert!(text(&bad_head).contains("POS:HASH"), "{}", text(&bad_head));

    // The trail of one subject, oldest first, with its place in the chain.
    let subject: String = sqlx::query("SELECT subject FROM audit_log ORDER BY seq LIMIT 1")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let trail = sorgeregister(&["audit", "trail", "--subject", &subject], &env);
    assert!(trail.status.success(), "{}", text(&trail));
    assert!(text(&trail).contains("chain 1]"), "{}", text(&trail));

    // Without its key there is nothing to check against, and no new key is made.
    let elsewhere = tempfile::tempdir().unwrap();
    let no_key = sorgeregister(
        &["audit", "verify"],
        &[
            env[0].clone(),
            (
                "SORGEREGISTER_CERTIFICATES_KEYS_DIR",
                elsewhere.path().display().to_string(),
            ),
        ],
    );
    assert!(!no_key.status.success());
    assert!(text(&no_key).contains("audit.key"), "{}", text(&no_key));
    assert!(!elsewhere.path().join("audit.key").exists());

    // One record changed directly in the database.
    let seq = count(&mut db, "SELECT seq FROM audit_log WHERE chain_pos = 2").await;
    sqlx::query("UPDATE audit_log SET detail = '{\"entries\":0}' WHERE seq = $1")
        .bind(seq)
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    let tampered = sorgeregister(&["audit", "verify"], &env);
    let out = text(&tampered);
    assert!(!tampered.status.success(), "{out}");
    assert!(out.contains("NOT intact: 1 finding"), "{out}");
    assert!(out.contains(&format!("record seq {seq} ")), "{out}");
    assert!(out.contains("does not match its MAC"), "{out}");
}
