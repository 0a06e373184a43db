//! What classifying a lookup's candidate rows costs, without a database.
//!
//! A register of `--entries` children (default 1,900,000, Berlin's share of the 5,000,000-entry
//! evaluation), all born in one place (look-alikes "born elsewhere" in a second), is generated with the `corpus` crate; for each of
//! `--queries` queries the rows the store's candidate search would return are picked in memory
//! with [`Retrieval::admits`], then timed as the store handles them: the row's child data parsed
//! from JSON, prepared, and classified against the query.
//!
//! ```sh
//! cargo run --release -p domain --example classify_bench -- --entries 1900000 --queries 20000
//! ```

use std::collections::HashMap;
use std::time::{Duration, Instant};

use domain::application::{BirthPlace, ChildIdentity};
use domain::matching::{MatchPolicy, Prepared, classify_prepared, retrieval};
use domain::{Ags, PersonName};

fn main() {
    let mut entries = 1_900_000;
    let mut queries = 20_000;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (flag.as_str(), value) {
            ("--entries", Some(v)) => entries = v,
            ("--queries", Some(v)) => queries = v,
            _ => {
                eprintln!("usage: classify_bench [--entries N] [--queries M]");
                std::process::exit(2);
            }
        }
    }
    let today = time::OffsetDateTime::now_utc().date();
    let places = ["11000000"];
    let started = Instant::now();
    let population = corpus::population(58, entries, &places, today.year() - 18, today);
    // Look-alikes born elsewhere need a second place.
    let asked = corpus::queries(59, &population, queries, &["11000000", "02000000"], today);
    eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());

    let rows: Vec<(ChildIdentity, String, Vec<String>)> = population
        .entries
        .iter()
        .map(|child| {
            let identity = identity(child);
            let json = serde_json::to_string(&identity).expect("serialisable");
            let keys = Prepared::new(&identity).keys();
            (identity, json, keys)
        })
        .collect();
    let mut by_date: HashMap<time::Date, Vec<usize>> = HashMap::new();
    for (n, (identity, _, _)) in rows.iter().enumerate() {
        by_date.entry(identity.birth_date).or_default().push(n);
    }
    eprintln!("indexed in {:.1} s", started.elapsed().as_secs_f64());

    let policy = MatchPolicy::default();
    let mut per_query: Vec<Duration> = Vec::with_capacity(asked.len());
    let mut compared: Vec<usize> = Vec::with_capacity(asked.len());
    let (mut parse, mut prepare, mut classify) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut kept = 0usize;
    for query in &asked {
        let wanted = Prepared::new(&identity(&query.child));
        let search = retrieval(&wanted, &policy);
        let found: Vec<&str> = search
            .dates
            .iter()
            .filter_map(|d| by_date.get(d))
            .flatten()
            .filter(|&&n| search.admits(&rows[n].2, rows[n].0.birth_date))
            .map(|&n| rows[n].1.as_str())
            .collect();
        let lap = Instant::now();
        for json in &found {
            let a = Instant::now();
            let child: ChildIdentity = serde_json::from_str(json).expect("valid row");
            let b = Instant::now();
            let record = Prepared::new(&child);
            let c = Instant::now();
            if classify_prepared(&wanted, &record, &policy).0 != domain::matching::MatchClass::None
            {
                kept += 1;
            }
            parse += b - a;
            prepare += c - b;
            classify += c.elapsed();
        }
        per_query.push(lap.elapsed());
        compared.push(found.len());
    }
    let rows_compared: usize = compared.iter().sum();
    let ns = |d: Duration| d.as_nanos() as f64 / rows_compared.max(1) as f64;
    per_query.sort();
    compared.sort();
    let at = |q: f64| ((per_query.len() as f64 - 1.0) * q).round() as usize;
    println!(
        "{} queries, {} rows compared ({:.1} per query, p50 {}, p99 {}, max {}), {} kept",
        asked.len(),
        rows_compared,
        rows_compared as f64 / asked.len().max(1) as f64,
        compared[at(0.5)],
        compared[at(0.99)],
        compared.last().copied().unwrap_or(0),
        kept
    );
    println!(
        "per row: parse {:.0} ns, prepare {:.0} ns, classify {:.0} ns",
        ns(parse),
        ns(prepare),
        ns(classify)
    );
    println!(
        "per query: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        per_query[at(0.5)].as_secs_f64() * 1e3,
        per_query[at(0.99)].as_secs_f64() * 1e3,
        per_query.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}

fn identity(child: &corpus::Child) -> ChildIdentity {
    ChildIdentity {
        given_names: PersonName::parse(&child.given_names).expect("corpus names are valid"),
        family_name_at_birth: PersonName::parse(&child.family_name)
            .expect("corpus names are valid"),
        birth_date: child.birth_date,
        birth_place: BirthPlace::Municipality(
            Ags::parse(&child.birth_place).expect("corpus places are valid"),
        ),
    }
}
