//! Open prenatal notifications: the search by the mother returns exactly those the rule
//! says could concern the child (`domain::prenatal::could_concern`), on every backend, across
//! offices; completing one is guarded and ends its search.

use time::Date;
use time::macros::date;

use domain::PersonName;
use domain::matching::MatchPolicy;
use domain::prenatal::{Mother, PrenatalNotification, could_concern};
use domain::register::{Parent, Source, SourceKind};
use store::StoreError;

use crate::support::{berlin, bremen, child, cuxhaven, later, seeded_store, staff};

fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).expect("valid name")
}

fn notification(given: &str, family: &str, born: Date, declared_on: Date) -> PrenatalNotification {
    PrenatalNotification {
        mother: Parent {
            given_names: name(given),
            family_name: name(family),
            birth_name: None,
        },
        mother_birth_date: born,
        father: Parent {
            given_names: name("Tim"),
            family_name: name("Becker"),
            birth_name: None,
        },
        declared_on,
        expected_birth_date: None,
        source: Source {
            kind: SourceKind::Notary,
            name: "Notariat".into(),
            reference: "UR 1/2026".into(),
        },
    }
}

const BORN: Date = date!(1996 - 04 - 09);
const CHILD_BORN: Date = date!(2026 - 11 - 18);
const DECLARED: Date = date!(2026 - 03 - 10);

#[tokio::test]
async fn the_search_finds_exactly_the_notifications_that_could_concern_the_child() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = seeded_store(backend, dir.path()).await;
        let cases = [
            // (id, office, notification, could concern)
            (
                "same",
                bremen(),
                notification("Marie", "Schulz", BORN, DECLARED),
            ),
            (
                "elsewhere",
                berlin(),
                notification("Marie", "Schulz", BORN, DECLARED),
            ),
            (
                "name-typo",
                cuxhaven(),
                notification("Marie", "Schultz", BORN, DECLARED),
            ),
            (
                "date-swapped",
                bremen(),
                notification("Marie", "Schulz", date!(1996 - 09 - 04), DECLARED),
            ),
            (
                "date-and-typo",
                bremen(),
                notification("Marie", "Schultz", date!(1996 - 09 - 04), DECLARED),
            ),
            (
                "namesake",
                bremen(),
                notification("Marie", "Schulz", date!(1991 - 12 - 30), DECLARED),
            ),
            (
                "too-early",
                bremen(),
                notification("Marie", "Schulz", BORN, date!(2025 - 12 - 01)),
            ),
            (
                "after-birth",
                bremen(),
                notification("Marie", "Schulz", BORN, date!(2026 - 12 - 20)),
            ),
            (
                "another-woman",
                bremen(),
                notification("Lea", "Wolff", BORN, DECLARED),
            ),
        ];
        let mother = Mother::new(&name("Marie"), &name("Schulz"), None, BORN);
        let policy = MatchPolicy::default();
        let mut expected = Vec::new();
        for (id, office, n) in &cases {
            store
                .insert_prenatal(&staff(office), later(1), id, office, n)
                .await
                .unwrap_or_else(|e| panic!("[{backend}] {id}: {e}"));
            if could_concern(n, &mother, CHILD_BORN, &policy) {
                expected.push((*id).to_owned());
            }
        }
        expected.sort();
        assert_eq!(
            expected,
            ["date-swapped", "elsewhere", "name-typo", "same"],
            "[{backend}] the rule itself"
        );
        let found = store
            .prenatals_concerning(
                &staff(&cuxhaven()),
                later(2),
                &mother,
                CHILD_BORN,
                &policy,
                "app-1",
            )
            .await
            .unwrap_or_else(|e| panic!("[{backend}] search: {e}"));
        let mut ids: Vec<String> = found.iter().map(|r| r.id.clone()).collect();
        ids.sort();
        assert_eq!(ids, expected, "[{backend}] the store's search");

        // Completed, a notification is an entry and no longer searched; twice is refused.
        store
            .complete_prenatal(
                &staff(&bremen()),
                later(3),
                &bremen(),
                "same",
                "entry-1",
                &cuxhaven(),
                &child(),
            )
            .await
            .unwrap_or_else(|e| panic!("[{backend}] complete: {e}"));
        let again = store
            .complete_prenatal(
                &staff(&bremen()),
                later(4),
                &bremen(),
                "same",
                "entry-2",
                &cuxhaven(),
                &child(),
            )
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{backend}] {again:?}"
        );
        let other_office = store
            .complete_prenatal(
                &staff(&cuxhaven()),
                later(4),
                &cuxhaven(),
                "elsewhere",
                "entry-3",
                &cuxhaven(),
                &child(),
            )
            .await;
        assert!(
            matches!(other_office, Err(StoreError::NotFound)),
            "[{backend}] {other_office:?}"
        );
        let found = store
            .prenatals_concerning(
                &staff(&cuxhaven()),
                later(5),
                &mother,
                CHILD_BORN,
                &policy,
                "app-2",
            )
            .await
            .unwrap_or_else(|e| panic!("[{backend}] search: {e}"));
        assert!(found.iter().all(|r| r.id != "same"), "[{backend}]");
        assert_eq!(found.len(), 3, "[{backend}]");
        let audit = store.audit_of("elsewhere").await.expect("audit");
        assert!(
            audit
                .iter()
                .any(|r| r.action == "prenatal.matched" && r.office.as_deref() == Some("ja-11000")),
            "[{backend}] the holding office's trail shows the match: {audit:?}"
        );
    }
}
