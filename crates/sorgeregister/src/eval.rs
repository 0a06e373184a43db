//! `sorgeregister eval matching`: measures the matcher on a generated register population.
//!
//! A deterministic corpus (see the `corpus` crate) is loaded into a real store as one register
//! office's register; then every query goes through the same retrieval and classification as
//! the register office's responder. Reported: missed entries (queries for children *with* an
//! entry answered "none" — must be 0), the automation rate (queries for children *without* an
//! entry answered "none"), a table per variant kind, and lookup latency.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use time::OffsetDateTime;

use corpus::{Child, QueryKind};
use domain::application::{BirthPlace, ChildIdentity};
use domain::matching::{MatchClass, MatchPolicy};
use domain::register::{EntryKind, Notification, Parent, Scope, Source, SourceKind};
use domain::{Ags, OfficeId, PersonName};
use store::{Actor, Store};

/// Births are spread over the demo directory's municipalities in proportion to their
/// population (inhabitants in thousands, Destatis 2020, rounded), so that each register office
/// holds a realistic share: Berlin's register is the largest, as in reality.
const WEIGHTS: &[(&str, usize)] = &[
    ("11000000", 3664),
    ("02000000", 1847),
    ("09162000", 1484),
    ("05315000", 1088),
    ("14713000", 597),
    ("04011000", 568),
    ("04012000", 114),
    ("03352011", 48),
    ("03352062", 31),
    ("03352032", 16),
    ("03352050", 14),
    ("03352046", 7),
];

pub struct Options {
    pub entries: usize,
    pub queries: usize,
    pub seed: u64,
    /// The day the corpus is drawn for: children are born up to it.
    pub today: time::Date,
    /// Queries of another seed run first and not measured (0: a cold start is measured).
    pub warm_up: usize,
    pub policy: MatchPolicy,
}

#[derive(Default)]
struct Tally {
    queries: usize,
    matched: usize,
    possible: usize,
    none: usize,
}

pub struct Report {
    pub text: String,
    pub missed: usize,
}

/// Runs the evaluation on `store` (which must be empty of register entries for the office).
pub async fn run(store: &Store, options: &Options) -> Result<Report> {
    let actor = Actor::system("eval");
    let now = OffsetDateTime::now_utc();
    let today = options.today;
    if store.directory_counts().await?.municipalities == 0 {
        store
            .import_directory(&actor, now, &directory::demo_sample())
            .await?;
    }
    let known: std::collections::HashSet<String> = directory::demo_sample()
        .municipalities
        .iter()
        .map(|m| m.ags.to_string())
        .collect();
    // One place per 10,000 inhabitants, so that drawing a place uniformly is drawing by population.
    let mut places: Vec<&str> = Vec::new();
    for (ags, thousands) in WEIGHTS {
        if !known.contains(*ags) {
            return Err(anyhow!("eval place {ags} is not in the demo directory"));
        }
        places.extend(std::iter::repeat_n(*ags, (thousands / 10).max(1)));
    }
    let mut offices: BTreeMap<String, OfficeId> = BTreeMap::new();
    for (ags, _) in WEIGHTS {
        let parsed = Ags::parse(ags).map_err(|_| anyhow!("bad AGS {ags}"))?;
        let office = store
            .office_for_municipality(parsed)
            .await?
            .ok_or_else(|| anyhow!("no office for {ags}"))?;
        offices.insert((*ags).to_owned(), office.id);
    }
    let office_of = |ags: &str| {
        offices
            .get(ags)
            .cloned()
            .ok_or_else(|| anyhow!("corpus place {ags} outside the demo directory"))
    };

    let started = Instant::now();
    let population = corpus::population(
        options.seed,
        options.entries,
        &places,
        today.year() - 18,
        today,
    );
    let generated = started.elapsed();
    // A database that already holds this corpus's register (an earlier run with the same seed
    // and size on a kept database) is queried as it is: loading millions of entries takes long.
    let distinct: std::collections::BTreeSet<&OfficeId> = offices.values().collect();
    let mut existing = 0;
    for office in &distinct {
        existing += store.entry_count(office).await?;
    }
    let reused = usize::try_from(existing).ok() == Some(population.entries.len());
    if existing != 0 && !reused {
        return Err(anyhow!(
            "the database holds {existing} register entries; expected none or exactly this corpus's {}",
            population.entries.len()
        ));
    }
    let started = Instant::now();
    let mut by_office: BTreeMap<OfficeId, Vec<(String, Notification)>> = BTreeMap::new();
    for (n, child) in population.entries.iter().enumerate() {
        if reused {
            break;
        }
        let office = office_of(&child.birth_place)?;
        let batch = by_office.entry(office.clone()).or_default();
        batch.push((
            format!("eval-{:016x}-{n:08}", options.seed),
            notification(child)?,
        ));
        if batch.len() >= 50_000 {
            store.import_entries(&actor, now, &office, batch).await?;
            batch.clear();
        }
    }
    for (office, batch) in &by_office {
        if !batch.is_empty() {
            store.import_entries(&actor, now, office, batch).await?;
        }
    }
    let loaded = started.elapsed();
    let mut sizes = Vec::new();
    for office in distinct {
        sizes.push(format!("{office} {}", store.entry_count(office).await?));
    }

    // Queries of another seed first, unmeasured: a register office's server that has been
    // answering for a while has the index it reads in its caches, a fresh process does not.
    // `m` queries of the generator seeded `seed + offset`.
    let draw = |offset: u64, m: usize| {
        corpus::queries(
            options.seed.wrapping_add(offset),
            &population,
            m,
            &places,
            today,
        )
    };
    let started = Instant::now();
    let warm_up = draw(2, options.warm_up);
    for (i, query) in warm_up.iter().enumerate() {
        let office = office_of(&query.child.birth_place)?;
        store
            .assess(
                &actor,
                now,
                &office,
                &identity(&query.child)?,
                &options.policy,
                &format!("eval-w{i}"),
            )
            .await?;
    }
    let warmed = started.elapsed();
    let queries = draw(1, options.queries);
    let mut tallies: BTreeMap<QueryKind, Tally> = BTreeMap::new();
    let mut latencies: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut timings: Vec<(Duration, store::AssessTiming)> = Vec::with_capacity(queries.len());
    let mut candidates_total = 0usize;
    let mut missed_examples = Vec::new();
    for (i, query) in queries.iter().enumerate() {
        let child = identity(&query.child)?;
        let t = Instant::now();
        let office = office_of(&query.child.birth_place)?;
        let assessment = store
            .assess(
                &actor,
                now,
                &office,
                &child,
                &options.policy,
                &format!("eval-q{i}"),
            )
            .await?;
        let mut class = MatchClass::None;
        for candidate in &assessment.candidates {
            match candidate.class {
                MatchClass::Match => {
                    class = MatchClass::Match;
                    break;
                }
                MatchClass::Possible => class = MatchClass::Possible,
                MatchClass::None => {}
            }
        }
        let took = t.elapsed();
        latencies.push(took);
        timings.push((took, assessment.timing));
        candidates_total += assessment.compared;
        let tally = tallies.entry(query.kind).or_default();
        tally.queries += 1;
        match class {
            MatchClass::Match => tally.matched += 1,
            MatchClass::Possible => tally.possible += 1,
            MatchClass::None => {
                tally.none += 1;
                if matches!(query.kind, QueryKind::Variant(_)) && missed_examples.len() < 10 {
                    let entry = query.entry.and_then(|e| population.entries.get(e));
                    missed_examples.push(format!(
                        "{:?}: query {:?} entry {:?}",
                        query.kind, query.child, entry
                    ));
                }
            }
        }
    }

    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let (mut variant_total, mut missed, mut lookalike_total, mut automated) = (0, 0, 0, 0);
    for (kind, tally) in &tallies {
        match kind {
            QueryKind::Variant(_) => {
                variant_total += tally.queries;
                missed += tally.none;
            }
            QueryKind::LookAlike(_) => {
                lookalike_total += tally.queries;
                automated += tally.none;
            }
        }
    }

    let mut text = String::new();
    let _ = writeln!(
        text,
        "registers: {} entries (generated in {:.1} s, {}): {}",
        population.entries.len(),
        generated.as_secs_f64(),
        if reused {
            "already loaded".to_owned()
        } else {
            format!("loaded in {:.1} s", loaded.as_secs_f64())
        },
        sizes.join(", ")
    );
    let _ = writeln!(
        text,
        "queries: {} ({} for children with an entry, {} without), seed {}, after {} unmeasured \
         warm-up queries ({:.1} s)",
        queries.len(),
        variant_total,
        lookalike_total,
        options.seed,
        warm_up.len(),
        warmed.as_secs_f64()
    );
    let _ = writeln!(text, "policy: {:?}\n", options.policy);
    let _ = writeln!(text, "| query kind | queries | match | possible | none |");
    let _ = writeln!(text, "|---|---:|---:|---:|---:|");
    for (kind, t) in &tallies {
        let label = match kind {
            QueryKind::Variant(v) => format!("entry, {v:?}"),
            QueryKind::LookAlike(l) => format!("no entry, {l:?}"),
        };
        let _ = writeln!(
            text,
            "| {label} | {} | {} | {} | {} |",
            t.queries, t.matched, t.possible, t.none
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "missed entries (with entry, answered none): {missed} of {variant_total}"
    );
    let _ = writeln!(
        text,
        "automation rate (without entry, answered none): {:.2} % ({automated} of {lookalike_total})",
        if lookalike_total == 0 {
            0.0
        } else {
            100.0 * automated as f64 / lookalike_total as f64
        }
    );
    let _ = writeln!(
        text,
        "lookup (the register office's assessment: index search, classification, candidates read, audit record): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; {:.1} entries compared per query",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        candidates_total as f64 / queries.len().max(1) as f64
    );
    write_breakdown(&mut text, &timings);
    for example in &missed_examples {
        let _ = writeln!(text, "MISSED {example}");
    }
    Ok(Report { text, missed })
}

fn name(raw: &str) -> Result<PersonName> {
    PersonName::parse(raw).map_err(|p| anyhow!("corpus name {raw:?} is not valid: {p:?}"))
}

fn identity(child: &Child) -> Result<ChildIdentity> {
    Ok(ChildIdentity {
        given_names: name(&child.given_names)?,
        family_name_at_birth: name(&child.family_name)?,
        birth_date: child.birth_date,
        birth_place: BirthPlace::Municipality(
            Ags::parse(&child.birth_place)
                .map_err(|_| anyhow!("corpus place {:?}", child.birth_place))?,
        ),
    })
}

fn notification(child: &Child) -> Result<Notification> {
    Ok(Notification {
        child: identity(child).context("corpus entry")?,
        mother: Parent {
            given_names: name("Maria")?,
            family_name: name(&child.family_name)?,
            birth_name: None,
        },
        father: Some(Parent {
            given_names: name("Thomas")?,
            family_name: name("Neumann")?,
            birth_name: None,
        }),
        kind: EntryKind::CustodyDeclarations,
        scope: Scope::Whole,
        effective_date: child.birth_date,
        source: Source {
            kind: SourceKind::YouthOffice,
            name: "Jugendamt (Korpus)".into(),
            reference: "eval".into(),
        },
    })
}

/// The parts of the lookup (see [`store::AssessTiming`]): p50, p99 and maximum of each over
/// all queries, and their means over the slowest 1 % of lookups, so that a tail can be traced
/// to the part it comes from. Queries are in run order; the run is also split in thirds.
fn write_breakdown(text: &mut String, timings: &[(Duration, store::AssessTiming)]) {
    if timings.is_empty() {
        return;
    }
    type Part = (&'static str, fn(&store::AssessTiming) -> Duration);
    let parts: [Part; 5] = [
        ("connection", |t| t.acquire),
        ("search statement", |t| t.search),
        ("classification", |t| t.classify),
        ("entries read", |t| t.read),
        ("audit record", |t| t.audit),
    ];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let pct = |sorted: &[Duration], p: f64| {
        sorted
            .get(((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let _ = writeln!(text, "\nparts of the lookup (ms):\n");
    let _ = writeln!(
        text,
        "| part | p50 | p99 | max | mean in the slowest 1 % | over 1 ms |"
    );
    let _ = writeln!(text, "|---|---:|---:|---:|---:|---:|");
    let mut by_total: Vec<usize> = (0..timings.len()).collect();
    by_total.sort_by_key(|&i| std::cmp::Reverse(timings[i].0));
    let slowest = &by_total[..timings.len().div_ceil(100)];
    for (label, part) in parts {
        let mut values: Vec<Duration> = timings.iter().map(|(_, t)| part(t)).collect();
        let over = values
            .iter()
            .filter(|d| **d > Duration::from_millis(1))
            .count();
        values.sort();
        let mean = slowest
            .iter()
            .map(|&i| ms(part(&timings[i].1)))
            .sum::<f64>()
            / slowest.len() as f64;
        let _ = writeln!(
            text,
            "| {label} | {:.3} | {:.3} | {:.3} | {mean:.3} | {over} |",
            ms(pct(&values, 0.50)),
            ms(pct(&values, 0.99)),
            ms(values.last().copied().unwrap_or_default()),
        );
    }
    let mean_total = slowest.iter().map(|&i| ms(timings[i].0)).sum::<f64>() / slowest.len() as f64;
    let _ = writeln!(
        text,
        "| whole lookup | | | | {mean_total:.3} | {} |",
        timings
            .iter()
            .filter(|(d, _)| *d > Duration::from_millis(1))
            .count()
    );
    let third = timings.len().div_ceil(3);
    let mut line = String::from("\nwhole lookup by thirds of the run (p50 / p99 ms):");
    for chunk in timings.chunks(third) {
        let mut values: Vec<Duration> = chunk.iter().map(|(d, _)| *d).collect();
        values.sort();
        let _ = write!(
            line,
            " {:.3} / {:.3};",
            ms(pct(&values, 0.50)),
            ms(pct(&values, 0.99))
        );
    }
    let _ = writeln!(text, "{}", line.trim_end_matches(';'));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_small_register_misses_nothing_and_can_be_queried_again_for_its_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("eval.sqlite"), 2)
            .await
            .unwrap();
        let options = Options {
            entries: 2_000,
            queries: 400,
            seed: 7,
            today: time::macros::date!(2026 - 12 - 07),
            warm_up: 50,
            policy: MatchPolicy::default(),
        };
        let first = run(&store, &options).await.unwrap();
        assert_eq!(first.missed, 0, "{}", first.text);
        assert!(
            first
                .text
                .contains("missed entries (with entry, answered none): 0 of")
        );
        assert!(first.text.contains("| entry, "), "{}", first.text);
        // The kept register is queried as it is, for the day it was drawn for.
        let again = run(&store, &options).await.unwrap();
        assert!(again.text.contains("already loaded"), "{}", again.text);
        assert_eq!(again.missed, 0, "{}", again.text);
        // Another size is refused rather than measured against the wrong register.
        let other = Options {
            entries: 1_000,
            ..options
        };
        assert!(run(&store, &other).await.is_err());
        store.close().await;
    }
}
