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
        vec!["keys", "list", "--help"],
        vec!["keys", "rotate", "--help"],
        vec!["keys", "create", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "trail", "--help"],
        vec!["verify", "--help"],
        vec!["certificates", "revoke", "--help"],
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

async fn import_full_files(database_url: &str, keys_dir: &str, data: &Path) {
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
        &[
            ("SORGEREGISTER_DATABASE_URL", database_url),
            ("SORGEREGISTER_CERTIFICATES_KEYS_DIR", keys_dir),
        ],
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
        // Every command that writes keeps the audit key in the key folder.
        let keys_dir = dir.path().join("keys").display().to_string();
        import_full_files(&url, &keys_dir, &data).await;
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
            &[
                ("SORGEREGISTER_DATABASE_URL", &url),
                ("SORGEREGISTER_CERTIFICATES_KEYS_DIR", &keys_dir),
            ],
        );
        let out = text(&output);
        assert!(!output.status.success(), "{out}");
        assert!(out.contains(&format!("line {}", broken_line + 1)), "{out}");
        assert!(out.contains("nothing was imported"), "{out}");
        assert_eq!(store.directory_counts().await.unwrap(), counts, "{backend}");
        store.close().await;
    }
}

/// An operator's key folder, a certificate sealed with it, and a recipient who checks it
/// offline with the published trust list: genuine, tampered, rotated, untrusted.
#[test]
fn keys_and_offline_verification() {
    let dir = tempfile::tempdir().unwrap();
    let keys_dir = dir.path().join("keys");
    let keys_env = keys_dir.to_str().unwrap().to_owned();
    let env = [("SORGEREGISTER_CERTIFICATES_KEYS_DIR", keys_env.as_str())];

    // The platform issues Sophia's certificate (a content fixed for the test).
    let now = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
    let content = certificate::CertificateContent {
        issued_at: now,
        register_as_of: now,
        ..certificate::CertificateContent::example()
    };
    let sealer = seal::issue::Sealer::open(&keys_dir, content.issued_at).unwrap();
    let issued = sealer.issue(&content, content.issued_at).unwrap();
    let pdf = dir.path().join("sophia.pdf");
    std::fs::write(&pdf, &issued.pdf).unwrap();
    let qr = dir.path().join("sophia-qr.txt");
    std::fs::write(&qr, &issued.qr_payload).unwrap();

    let listed = sorgeregister(&["keys", "list"], &env);
    assert!(listed.status.success(), "{}", text(&listed));
    assert!(text(&listed).contains("ja-04011.1"), "{}", text(&listed));
    let fingerprint = text(&listed)
        .split("fingerprint ")
        .nth(1)
        .and_then(|rest| rest.get(..64))
        .unwrap()
        .to_owned();

    let publish = |name: &str| {
        let out = sorgeregister(&["keys", "trust-list"], &env);
        assert!(out.status.success(), "{}", text(&out));
        let path = dir.path().join(name);
        std::fs::write(&path, &out.stdout).unwrap();
        path
    };
    let trust = publish("trust.json");
    let check = |file: &Path, trust: &Path, pin: Option<&str>| {
        let mut args = vec![
            "verify",
            file.to_str().unwrap(),
            "--trust-list",
            trust.to_str().unwrap(),
        ];
        if let Some(pin) = pin {
            args.extend(["--ca-fingerprint", pin]);
        }
        sorgeregister(&args, &[])
    };

    let genuine = check(&pdf, &trust, Some(&fingerprint));
    assert!(genuine.status.success(), "{}", text(&genuine));
    assert!(text(&genuine).contains("ECHT / GENUINE"));
    assert!(text(&genuine).contains("Sophia Marie Schäfer"));
    let genuine_qr = check(&qr, &trust, None);
    assert!(genuine_qr.status.success(), "{}", text(&genuine_qr));

    // One changed byte in the PDF; one changed character in the QR text.
    let mut bytes = issued.pdf.clone();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let altered = dir.path().join("altered.pdf");
    std::fs::write(&altered, &bytes).unwrap();
    let out = check(&altered, &trust, None);
    assert!(!out.status.success());
    assert!(text(&out).contains("NICHT GÜLTIG"), "{}", text(&out));
    let mut chars: Vec<char> = issued.qr_payload.chars().collect();
    let at = chars.len() / 2;
    chars[at] = if chars[at] == 'Q' { 'R' } else { 'Q' };
    let altered_qr = dir.path().join("altered-qr.txt");
    std::fs::write(&altered_qr, chars.into_iter().collect::<String>()).unwrap();
    let out = check(&altered_qr, &trust, None);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("QR-Code wurde verändert"),
        "{}",
        text(&out)
    );

    // A trust list of another platform CA is refused when the CA is pinned.
    let other = tempfile::tempdir().unwrap();
    let other_env = other.path().to_str().unwrap().to_owned();
    let out = sorgeregister(
        &["keys", "trust-list"],
        &[("SORGEREGISTER_CERTIFICATES_KEYS_DIR", other_env.as_str())],
    );
    let foreign = dir.path().join("foreign.json");
    std::fs::write(&foreign, &out.stdout).unwrap();
    let out = check(&pdf, &foreign, Some(&fingerprint));
    assert!(!out.status.success());
    assert!(
        text(&out).contains("untrusted trust list"),
        "{}",
        text(&out)
    );

    // Rotation: a new key for Bremen; the old certificate stays genuine.
    let out = sorgeregister(&["keys", "rotate", "--office", "ja-04011"], &env);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ja-04011.2"));
    let rotated = publish("trust-rotated.json");
    let out = check(&pdf, &rotated, Some(&fingerprint));
    assert!(out.status.success(), "{}", text(&out));
    let out = sorgeregister(&["keys", "rotate", "--office", "ja-99999"], &env);
    assert!(!out.status.success(), "an office without key cannot rotate");
}

#[test]
fn revoking_names_unknown_and_malformed_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("db.sqlite").display()
    );
    let keys_dir = dir.path().join("keys").display().to_string();
    let env = [
        ("SORGEREGISTER_DATABASE_URL", url.as_str()),
        ("SORGEREGISTER_CERTIFICATES_KEYS_DIR", keys_dir.as_str()),
    ];
    let unknown = domain::CertificateNumber::new(2026, 77).to_string();
    let out = sorgeregister(
        &[
            "certificates",
            "revoke",
            "--number",
            &unknown,
            "--reason",
            "Irrtum",
        ],
        &env,
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains(&format!("no certificate {unknown}")),
        "{}",
        text(&out)
    );
    let out = sorgeregister(
        &[
            "certificates",
            "revoke",
            "--number",
            "NB-1",
            "--reason",
            "Irrtum",
        ],
        &env,
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("is not a certificate number"),
        "{}",
        text(&out)
    );
}
