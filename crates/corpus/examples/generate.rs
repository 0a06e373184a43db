//! Generates a population and a query set, prints how long it took and a sample of each kind.
//!
//! `cargo run --release -p corpus --example generate -- [entries] [queries] [seed]`

use std::collections::BTreeMap;
use std::time::Instant;

use corpus::{QueryKind, population, queries};
use time::macros::date;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>());
    let entries = args.next().and_then(Result::ok).unwrap_or(1_000_000) as usize;
    let wanted = args.next().and_then(Result::ok).unwrap_or(100_000) as usize;
    let seed = args.next().and_then(Result::ok).unwrap_or(1);
    let places = [
        "03352011", "03352012", "03352015", "03352020", "03352050", "03352059", "04011000",
        "04012000",
    ];
    let today = date!(2025 - 06 - 30);

    let started = Instant::now();
    let population = population(seed, entries, &places, 1998, today);
    let population_time = started.elapsed();
    let queries = queries(seed, &population, wanted, &places, today);
    let total = started.elapsed();
    println!(
        "{entries} entries in {population_time:?}; {wanted} queries in {:?}; total {total:?}",
        total - population_time
    );

    let mut samples: BTreeMap<QueryKind, Vec<String>> = BTreeMap::new();
    for query in &queries {
        let shown = samples.entry(query.kind).or_default();
        if shown.len() < 3 {
            let q = &query.child;
            let line = match query.entry {
                Some(at) => {
                    let e = &population.entries[at];
                    format!(
                        "{} {} {} {}  →  {} {} {}",
                        e.given_names,
                        e.family_name,
                        e.birth_date,
                        e.birth_place,
                        q.given_names,
                        q.family_name,
                        q.birth_date
                    )
                }
                None => format!(
                    "{} {} {} {}",
                    q.given_names, q.family_name, q.birth_date, q.birth_place
                ),
            };
            shown.push(line);
        }
    }
    for (kind, lines) in samples {
        println!("{kind:?}");
        for line in lines {
            println!("    {line}");
        }
    }
}
