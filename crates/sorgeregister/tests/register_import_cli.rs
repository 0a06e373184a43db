//! Taking over an existing register from CSV as an operator does it (`sorgeregister register
//! import`, the real binary on SQLite and PostgreSQL): the shipped example file imports once,
//! its children are then found by the matcher, a dry run and a repeated import add nothing, and
//! a file with bad lines names each of them and imports nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use domain::application::{BirthPlace, ChildIdentity};
use domain::matching::{MatchClass, MatchPolicy};
use domain::register::{EntryEffect, RegisterAnswer, summarise};
use domain::{Ags, OfficeId, PersonName};
use sorgeregister::config::Config;
use sorgeregister::register_import::entry_id;
use store::{Actor, Store};

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

/// The example file the README shows (five entries of the Cuxhaven register).
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/register-import-example.csv")
}

fn cuxhaven() -> OfficeId {
    OfficeId::parse("ja-03352").unwrap()
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
            &Actor::system("test"),
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
    ];
    (store, env)
}

fn import(env: &[(&str, String)], office: &str, file: &Path, dry_run: bool) -> Output {
    let mut args = vec![
        "register",
        "import",
        "--office",
        office,
        "--file",
        file.to_str().unwrap(),
    ];
    if dry_run {
        args.push("--dry-run");
    }
    sorgeregister(&args, env)
}

/// What the register office would answer about a child, from the candidates the store finds.
async fn answer(
    store: &Store,
    given: &str,
    family: &str,
    born: time::Date,
    ags: &str,
) -> RegisterAnswer {
    let child = ChildIdentity {
        given_names: PersonName::parse(given).unwrap(),
        family_name_at_birth: PersonName::parse(family).unwrap(),
        birth_date: born,
        birth_place: BirthPlace::Municipality(Ags::parse(ags).unwrap()),
    };
    let candidates = store
        .assess_candidates(
            &Actor::system("test"),
            time::OffsetDateTime::now_utc(),
            &cuxhaven(),
            &child,
            &MatchPolicy::default(),
            "test-query",
        )
        .await
        .unwrap();
    let matched: Vec<EntryEffect> = candidates
        .iter()
        .filter(|c| c.class == MatchClass::Match)
        .map(|c| c.entry.notification.effect())
        .collect();
    let possible = candidates.iter().any(|c| c.class == MatchClass::Possible);
    summarise(&matched, possible)
}

#[test]
fn register_import_has_help() {
    let output = sorgeregister(&["register", "import", "--help"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let out = text(&output);
    assert!(
        out.contains("Usage: sorgeregister register import"),
        "{out}"
    );
    assert!(out.contains("--dry-run"), "{out}");
    assert!(out.contains("separated by \";\""), "{out}");
}

#[tokio::test]
async fn the_example_register_imports_once_and_its_children_are_found() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, env) = prepared(backend, dir.path()).await;
        let office = cuxhaven();

        // A dry run checks and reports, and writes no entry.
        let out = import(&env, "ja-03352", &example(), true);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            text(&out).contains("5 rows read, 0 bad lines"),
            "[{backend}] {}",
            text(&out)
        );
        assert!(text(&out).contains("dry run"), "[{backend}] {}", text(&out));
        assert_eq!(store.entry_count(&office).await.unwrap(), 0, "[{backend}]");

        let out = import(&env, "ja-03352", &example(), false);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            text(&out).contains("imported 5 entries into the register of ja-03352"),
            "[{backend}] {}",
            text(&out)
        );
        assert_eq!(store.entry_count(&office).await.unwrap(), 5, "[{backend}]");

        // The matcher finds the imported children: Lina's parents declared joint custody (no
        // certificate), Emma's have joint health care and schooling by court (partial).
        let lina = answer(
            &store,
            "Lina Sophie",
            "Brandt",
            time::macros::date!(2012 - 03 - 14),
            "03352011",
        )
        .await;
        assert_eq!(lina, RegisterAnswer::Entries, "[{backend}]");
        let emma = answer(
            &store,
            "Emma",
            "Dierks",
            time::macros::date!(2016 - 07 - 21),
            "03352032",
        )
        .await;
        assert!(
            matches!(&emma, RegisterAnswer::Partial { parts } if parts.len() == 2),
            "[{backend}] {emma:?}"
        );
        let entry = store
            .entry(
                &Actor::system("test"),
                time::OffsetDateTime::now_utc(),
                &office,
                &entry_id(&office, "CUX-2021-0301"),
            )
            .await
            .unwrap()
            .expect("the entry's id follows from its kennung");
        assert_eq!(
            entry.notification.source.name,
            "Notarin Dr. Ute Behrens; Geestland"
        );

        // Importing the same file again adds nothing; a longer file adds its new rows only.
        let out = import(&env, "ja-03352", &example(), false);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            text(&out).contains("0 new entries, 5 imported before and skipped"),
            "[{backend}] {}",
            text(&out)
        );
        assert_eq!(store.entry_count(&office).await.unwrap(), 5, "[{backend}]");
        let mut longer = std::fs::read_to_string(example()).unwrap();
        longer.push_str(
            "CUX-2022-0017;Sorgeerklärungen;gesamt;;Jonte;Kück;03.02.2022;03352011;;;Merle;\
             Kück;;Hauke;Tietjen;;2022-04-01;Jugendamt;Jugendamt Landkreis Cuxhaven;UR 31/2022\n",
        );
        let longer_file = dir.path().join("longer.csv");
        std::fs::write(&longer_file, &longer).unwrap();
        let out = import(&env, "ja-03352", &longer_file, false);
        assert!(out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            text(&out).contains("imported 1 entries"),
            "[{backend}] {}",
            text(&out)
        );
        assert_eq!(store.entry_count(&office).await.unwrap(), 6, "[{backend}]");

        // A row whose kennung was imported with other content is refused, not added again.
        let changed = longer.replace("UR 31/2022", "UR 32/2022");
        let changed_file = dir.path().join("changed.csv");
        std::fs::write(&changed_file, changed).unwrap();
        let out = import(&env, "ja-03352", &changed_file, false);
        assert!(!out.status.success(), "[{backend}] {}", text(&out));
        assert!(
            text(&out).contains(
                "line 7, kennung: \"CUX-2022-0017\" was imported before with other content"
            ),
            "[{backend}] {}",
            text(&out)
        );
        assert_eq!(store.entry_count(&office).await.unwrap(), 6, "[{backend}]");
        store.close().await;
    }
}

#[tokio::test]
async fn a_file_with_bad_lines_names_each_and_imports_nothing() {
    let header = std::fs::read_to_string(example())
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let good = |kennung: &str, given: &str| {
        format!(
            "{kennung};Sorgeerklärungen;gesamt;;{given};Meyer;2018-04-05;03352011;;;Eva;Meyer;;\
             Tom;Kurz;;2018-06-01;notar;Notariat Otterndorf;UR 5/2018"
        )
    };
    let lines = [
        header,
        good("A-1", "Anna"),
        // 3: a date that does not exist
        good("A-2", "Bruno").replace("2018-04-05", "31.02.2018"),
        // 4: an unknown kind
        good("A-3", "Carla").replace("Sorgeerklärungen", "Vaterschaft"),
        // 5: declarations without the father
        good("A-4", "David").replace("Tom;Kurz", ";"),
        // 6: born in Bremen, which keeps its own register
        good("A-5", "Edda").replace("03352011", "04011000"),
        // 7: the kennung of line 2 again
        good("A-1", "Fritz"),
        // 8: a source name longer than the API allows
        good("A-6", "Greta").replace("Notariat Otterndorf", &"N".repeat(201)),
        good("A-7", "Hanna"),
    ];
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, env) = prepared(backend, dir.path()).await;
        let file = dir.path().join("bad.csv");
        std::fs::write(&file, lines.join("\n")).unwrap();
        for dry_run in [true, false] {
            let out = import(&env, "ja-03352", &file, dry_run);
            let all = text(&out);
            assert!(!out.status.success(), "[{backend}] {all}");
            for expected in [
                "line 3, kind_geburtsdatum: Not a valid date",
                "line 4, art: Allowed values: custody_declarations",
                "line 5, vater_vornamen: This kind of entry names both parents",
                "line 6, geburtsort_ags: the child's birthplace belongs to the register of ja-04011",
                "line 7, kennung: \"A-1\" is used on line 2 already",
                "line 8, quelle_name: At most 200 characters.",
                "8 rows read, 6 bad lines (6 problems)",
                "nothing was imported",
            ] {
                assert!(
                    all.contains(expected),
                    "[{backend}] dry run {dry_run}: {expected}\n{all}"
                );
            }
            assert!(!all.contains("line 2,"), "[{backend}] {all}");
            assert!(!all.contains("line 9,"), "[{backend}] {all}");
            assert_eq!(
                store.entry_count(&cuxhaven()).await.unwrap(),
                0,
                "[{backend}]"
            );
        }
        store.close().await;
    }
}
