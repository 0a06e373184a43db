//! The cost of the prenatal check on the hot path: a store holding OPEN open prenatal
//! notifications (mothers' names drawn from the generated corpus, declared in the last two
//! years), then QUERIES searches for notifications that could concern a child, as the pipeline
//! runs one for every application whose register answer would certify. One query in ten is the
//! mother of a notification with a child born in its span (it must be found). For a sample of
//! the other searches it also counts how many a rule by the mother's names alone (without her
//! date of birth) would have sent to review. Used for the figures in BENCHMARKS.md.
//!
//! ```text
//! cargo run --release -p sorgeregister --example prenatal_bench -- [OPEN] [QUERIES]
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use domain::matching::MatchPolicy;
use domain::prenatal::{Mother, PrenatalNotification};
use domain::register::{Parent, Source, SourceKind};
use domain::{OfficeId, PersonName};
use store::{Actor, Store};
use time::macros::date;

const PLACES: &[&str] = &["03352011", "04011000", "11000000"];
const OFFICES: &[&str] = &["ja-03352", "ja-04011", "ja-11000"];
const SPAN_DAYS: i64 = 200;
/// Searches checked against the names-only rule by brute force.
const NAMES_ONLY_SAMPLE: usize = 1_000;

/// A mother's date of birth, 1980–2004, fixed by the child's identity.
fn born(child: &corpus::Child) -> time::Date {
    date!(1980 - 01 - 01) + time::Duration::days((child.identity_key() % 9_131) as i64)
}

fn mother(child: &corpus::Child) -> Option<Parent> {
    // The mother's given name: the child's first, as good as any for the name frequencies.
    let given = child.given_names.split(' ').next()?;
    Some(Parent {
        given_names: PersonName::parse(given).ok()?,
        family_name: PersonName::parse(&child.family_name).ok()?,
        birth_name: None,
    })
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let open: usize = args
        .next()
        .map(|n| n.parse().expect("OPEN"))
        .unwrap_or(60_000);
    let queries: usize = args
        .next()
        .map(|n| n.parse().expect("QUERIES"))
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite").display()
    );
    let store = Store::connect(&url, 4).await.expect("store");
    let actor = Actor::system("bench");
    let now = time::OffsetDateTime::now_utc();
    store
        .import_directory(&actor, now, &directory::demo_sample())
        .await
        .expect("directory");

    let today = date!(2026 - 11 - 29);
    let notified = corpus::population(58, open, PLACES, 2025, today);
    let started = Instant::now();
    let mut stored = Vec::new();
    for (i, child) in notified.entries.iter().enumerate() {
        let Some(mother) = mother(child) else {
            continue;
        };
        let declared_on = child.birth_date - time::Duration::days(SPAN_DAYS);
        let notification = PrenatalNotification {
            mother: mother.clone(),
            mother_birth_date: born(child),
            father: Parent {
                given_names: PersonName::parse("Tim").unwrap(),
                family_name: PersonName::parse("Becker").unwrap(),
                birth_name: None,
            },
            declared_on,
            expected_birth_date: None,
            source: Source {
                kind: SourceKind::YouthOffice,
                name: "Jugendamt".into(),
                reference: format!("UR {i}"),
            },
        };
        let office = OfficeId::parse(OFFICES[i % OFFICES.len()]).unwrap();
        store
            .insert_prenatal(&actor, now, &format!("p-{i}"), &office, &notification)
            .await
            .expect("insert");
        stored.push((
            Mother::new(&mother.given_names, &mother.family_name, None, born(child)),
            declared_on,
            child.birth_date,
        ));
    }
    println!(
        "{} open prenatal notifications stored in {:.1} s",
        stored.len(),
        started.elapsed().as_secs_f64()
    );

    let asking = corpus::population(59, queries, PLACES, 2025, today);
    let policy = MatchPolicy::default();
    let mut latencies: Vec<Duration> = Vec::with_capacity(queries);
    let (mut found_queries, mut found_total, mut planted, mut planted_found) = (0, 0, 0, 0);
    let (mut sampled, mut names_only) = (0, 0);
    for (i, child) in asking.entries.iter().enumerate() {
        let (mother, birth, is_planted) = if i % 10 == 0 && !stored.is_empty() {
            let (mother, _, birth) = &stored[i % stored.len()];
            (mother.clone(), *birth, true)
        } else {
            let Some(parent) = mother(child) else {
                continue;
            };
            let mother = Mother::new(&parent.given_names, &parent.family_name, None, born(child));
            (mother, child.birth_date, false)
        };
        if !is_planted && sampled < NAMES_ONLY_SAMPLE {
            sampled += 1;
            let (first, last) = domain::prenatal::declared_between(birth);
            names_only += usize::from(stored.iter().any(|(other, declared_on, _)| {
                (first..=last).contains(declared_on)
                    && other
                        .names
                        .slips(&mother.names, &policy)
                        .is_some_and(|s| s <= 1)
            }));
        }
        let t = Instant::now();
        let found = store
            .prenatals_concerning(&actor, now, &mother, birth, &policy, &format!("q-{i}"))
            .await
            .expect("search");
        latencies.push(t.elapsed());
        if !found.is_empty() {
            found_queries += 1;
            found_total += found.len();
        }
        if is_planted {
            planted += 1;
            planted_found += usize::from(!found.is_empty());
        }
    }
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{} searches: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        latencies.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.90).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
    println!(
        "mothers of a notification found: {planted_found} of {planted}; other searches that \
         found one: {} of {} ({} notifications in all)",
        found_queries - planted_found,
        latencies.len() - planted,
        found_total
    );
    println!(
        "by the names alone (no date of birth), {names_only} of {sampled} sampled other searches \
         would have found one"
    );
    assert_eq!(
        planted_found, planted,
        "a notification's mother was not found"
    );
}
