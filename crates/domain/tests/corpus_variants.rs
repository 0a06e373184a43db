//! Property over the generated corpus: for any entry and any variant of it that the corpus
//! generator makes (every kind DOMAIN.md lists), the matcher never answers "none", and the
//! store's candidate lookup would retrieve the entry.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use time::macros::date;

use corpus::{Child, QueryKind};
use domain::application::{BirthPlace, ChildIdentity};
use domain::matching::{MatchClass, MatchPolicy, Prepared, classify_prepared, retrieval};
use domain::{Ags, PersonName};

const PLACES: &[&str] = &["03352011", "03352032", "03352050", "11000000"];

fn identity(child: &Child) -> ChildIdentity {
    ChildIdentity {
        given_names: PersonName::parse(&child.given_names).unwrap(),
        family_name_at_birth: PersonName::parse(&child.family_name).unwrap(),
        birth_date: child.birth_date,
        birth_place: BirthPlace::Municipality(Ags::parse(&child.birth_place).unwrap()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_generated_variant_of_an_entry_is_none(seed in any::<u64>()) {
        let today = date!(2026 - 11 - 29);
        let population = corpus::population(seed, 2_000, PLACES, 2008, today);
        let queries = corpus::queries(seed ^ 0x5eed, &population, 2_600, PLACES, today);
        let policy = MatchPolicy::default();
        for query in queries.iter().filter(|q| matches!(q.kind, QueryKind::Variant(_))) {
            let entry = &population.entries[query.entry.unwrap()];
            let wanted = Prepared::new(&identity(&query.child));
            let record = Prepared::new(&identity(entry));
            let (class, why) = classify_prepared(&wanted, &record, &policy);
            prop_assert_ne!(class, MatchClass::None, "{:?}: {:?} vs {:?} ({:?})", query.kind, query.child, entry, why);
            // The store finds it (see `Retrieval::admits`).
            let r = retrieval(&wanted, &policy);
            prop_assert!(r.admits(&record.keys(), entry.birth_date), "{:?}: {:?} would not be retrieved for {:?}", query.kind, entry, query.child);
        }
    }
}
