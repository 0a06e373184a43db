//! The command line as an operator uses it: help, configuration check, directory import of the
//! full official files (SQLite and PostgreSQL), and a bad file that changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use domain::{Ags, OfficeId};
use store::Store;

fn sorgeregister(args: &[&str], env: &[(&str, &str)]) -> Output {
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

fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("gemeindeverzeichnis-auszug-gv4q.csv").exists() {
        Some(dir)
    } else {
        eprintln!("../shared/data is missing: full-file import test skipped");
        None
    }
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["serve", "--help"],
        vec!["directory", "import", "--help"],
        vec!["clients", "add", "--help"],
        vec!["config", "check", "--help"],
    ] {
        let output = sorgeregister(&args, &[]);
        assert!(output.status.success(), "{args:?}");
        assert!(text(&output).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn config_check_reports_bad_values_and_masks_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sorgeregister.toml");
    std::fs::write(
        &file,
        "[database]\nurl = \"postgres://app:geheim@db/sr\"\n[server]\nport = 1\n",
    )
    .unwrap();
    let output = sorgeregister(
        &["config", "check", "--config", file.to_str().unwrap()],
        &[],
    );
    let out = text(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("postgres://app:***@db/sr"), "{out}");
    assert!(!out.contains("geheim"));
    assert!(out.contains("unknown config key `server.port`"), "{out}");

    let output = sorgeregister(
        &["config", "check"],
        &[("SORGEREGISTER_PIPELINE_LEASE_SECONDS", "0")],
    );
    assert!(!output.status.success());
    assert!(text(&output).contains("lease_seconds"));
}

async fn import_full_files(database_url: &str, data: &Path) {
    let output = sorgeregister(
        &[
            "directory",
            "import",
            "--municipalities",
            data.join("gemeindeverzeichnis-auszug-gv4q.csv")
                .to_str()
                .unwrap(),
            "--postal-codes",
            data.join("plz-ort-landkreis.csv").to_str().unwrap(),
        ],
        &[("SORGEREGISTER_DATABASE_URL", database_url)],
    );
    let out = text(&output);
    assert!(output.status.success(), "{out}");
    assert!(
        out.contains("imported 401 offices, 11002 municipalities"),
        "{out}"
    );
}

#[tokio::test]
async fn the_full_official_files_import_and_route_on_both_backends() {
    let Some(data) = shared_data() else { return };
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let url = store::testing::fresh_database_url(backend, dir.path())
            .await
            .unwrap();
        import_full_files(&url, &data).await;
        let store = Store::connect(&url, 2).await.unwrap();
        let counts = store.directory_counts().await.unwrap();
        assert_eq!(
            (counts.offices, counts.municipalities),
            (401, 11_002),
            "{backend}"
        );
        let route = |ags: &str| {
            let store = store.clone();
            let ags = Ags::parse(ags).unwrap();
            async move { store.office_for_municipality(ags).await.unwrap().unwrap() }
        };
        assert_eq!(
            route("03352011").await.id,
            OfficeId::parse("ja-03352").unwrap()
        );
        assert_eq!(
            route("04012000").await.id,
            OfficeId::parse("ja-04012").unwrap()
        );
        assert_eq!(route("09162000").await.name, "Jugendamt München");
        assert_eq!(
            store
                .abroad_register_office()
                .await
                .unwrap()
                .unwrap()
                .id
                .as_str(),
            "ja-11000"
        );

        // A broken copy of the file is refused with its line number, and changes nothing.
        let original =
            std::fs::read_to_string(data.join("gemeindeverzeichnis-auszug-gv4q.csv")).unwrap();
        let mut lines: Vec<&str> = original.lines().collect();
        let broken_line = lines.len() - 1;
        lines[broken_line] = "60,61,99,x,broken";
        let broken = dir.path().join("broken.csv");
        std::fs::write(&broken, lines.join("\n")).unwrap();
        let output = sorgeregister(
            &[
                "directory",
                "import",
                "--municipalities",
                broken.to_str().unwrap(),
            ],
            &[("SORGEREGISTER_DATABASE_URL", &url)],
        );
        let out = text(&output);
        assert!(!output.status.success(), "{out}");
        assert!(out.contains(&format!("line {}", broken_line + 1)), "{out}");
        assert!(out.contains("nothing was imported"), "{out}");
        assert_eq!(store.directory_counts().await.unwrap(), counts, "{backend}");
        store.close().await;
    }
}
