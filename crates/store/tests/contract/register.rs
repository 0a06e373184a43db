//! Register entries: office scope, listing, candidate search, corrections and cancellations.

use time::macros::date;

use domain::register::CustodyPart;
use store::StoreError;
use store::register::EntryStatus;

use crate::support::{
    CHILD_BIRTH, berlin, cuxhaven, insert_entry, later, notification, notification_born, office,
    partial_notification, search, seeded_store, staff, t0,
};

#[tokio::test]
async fn an_inserted_entry_is_read_back_by_its_office() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();

        let inserted = insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        assert_eq!(inserted.id, "entry-1", "[{backend}]");
        assert_eq!(inserted.register_office, cux, "[{backend}]");
        assert_eq!(inserted.status, EntryStatus::Active, "[{backend}]");
        assert_eq!(inserted.version, 1, "[{backend}]");
        assert_eq!(inserted.notification, notification(), "[{backend}]");
        assert_eq!(
            (inserted.created_at, inserted.updated_at),
            (t0(), t0()),
            "[{backend}]"
        );
        let read = store
            .entry(&staff(&cux), later(1), &cux, "entry-1")
            .await
            .unwrap();
        assert_eq!(read, Some(inserted), "[{backend}] read back unchanged");
        assert_eq!(
            store
                .entry(&staff(&cux), later(1), &cux, "entry-unknown")
                .await
                .unwrap(),
            None,
            "[{backend}] unknown id"
        );
    }
}

#[tokio::test]
async fn a_duplicate_entry_id_is_refused() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        let result = store
            .insert_entry(
                &staff(&cux),
                later(1),
                "entry-1",
                &cux,
                &notification_born(date!(2019 - 01 - 01)),
            )
            .await;

        assert!(result.is_err(), "[{backend}] duplicate id accepted");
        let stored = store
            .entry(&staff(&cux), later(2), &cux, "entry-1")
            .await
            .unwrap();
        assert_eq!(
            stored.map(|e| (e.version, e.notification)),
            Some((1, notification())),
            "[{backend}] the first entry is untouched"
        );
    }
}

#[tokio::test]
async fn another_office_cannot_see_an_entry() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let (cux, ber) = (cuxhaven(), berlin());
        insert_entry(&store, "entry-cux", &cux, &notification(), t0()).await;

        assert_eq!(
            store
                .entry(&staff(&ber), later(1), &ber, "entry-cux")
                .await
                .unwrap(),
            None,
            "[{backend}] Berlin reads Cuxhaven's entry"
        );
        let history = store
            .entry_history(&staff(&ber), later(1), &ber, "entry-cux")
            .await;
        assert!(
            matches!(history, Err(StoreError::NotFound)),
            "[{backend}] Berlin reads Cuxhaven's history: {history:?}"
        );
        assert!(
            store
                .entries(&staff(&ber), later(1), &ber, 100, 0)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] Berlin's register lists Cuxhaven's entry"
        );
        assert!(
            search(&store, &staff(&ber), later(1), &ber, CHILD_BIRTH, "q-1")
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] Berlin's search finds Cuxhaven's entry"
        );
    }
}

#[tokio::test]
async fn entry_owner_names_the_keeping_office() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        insert_entry(&store, "entry-cux", &cuxhaven(), &notification(), t0()).await;
        insert_entry(&store, "entry-ber", &berlin(), &notification(), t0()).await;

        assert_eq!(
            store.entry_owner("entry-cux").await.unwrap(),
            Some(cuxhaven()),
            "[{backend}]"
        );
        assert_eq!(
            store.entry_owner("entry-ber").await.unwrap(),
            Some(berlin()),
            "[{backend}]"
        );
        assert_eq!(
            store.entry_owner("entry-none").await.unwrap(),
            None,
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn entries_lists_one_office_newest_first_in_pages() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let (cux, ber) = (cuxhaven(), berlin());
        insert_entry(&store, "cux-old", &cux, &notification(), t0()).await;
        insert_entry(&store, "ber-1", &ber, &notification(), later(1)).await;
        insert_entry(&store, "cux-new", &cux, &notification(), later(2)).await;

        let ids = |entries: Vec<store::register::EntryRecord>| {
            entries.into_iter().map(|e| e.id).collect::<Vec<_>>()
        };
        let listed = store
            .entries(&staff(&cux), later(3), &cux, 100, 0)
            .await
            .unwrap();
        assert!(
            listed.iter().all(|e| e.register_office == cux),
            "[{backend}] only Cuxhaven's entries"
        );
        assert_eq!(
            ids(listed),
            ["cux-new", "cux-old"],
            "[{backend}] newest first"
        );
        assert_eq!(
            ids(store
                .entries(&staff(&ber), later(3), &ber, 100, 0)
                .await
                .unwrap()),
            ["ber-1"],
            "[{backend}] Berlin's register"
        );
        assert_eq!(
            ids(store
                .entries(&staff(&cux), later(3), &cux, 1, 0)
                .await
                .unwrap()),
            ["cux-new"],
            "[{backend}] first page"
        );
        assert_eq!(
            ids(store
                .entries(&staff(&cux), later(3), &cux, 1, 1)
                .await
                .unwrap()),
            ["cux-old"],
            "[{backend}] second page"
        );
        assert!(
            store
                .entries(&staff(&cux), later(3), &cux, 1, 2)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] past the end"
        );
        assert!(
            store
                .entries(&staff(&cux), later(3), &office("ja-05315"), 100, 0)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] an office without entries"
        );
    }
}

#[tokio::test]
async fn search_candidates_are_the_active_entries_of_that_office_and_birth_date() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let (cux, ber) = (cuxhaven(), berlin());
        let other_day = date!(2021 - 01 - 01);
        insert_entry(&store, "cux-match", &cux, &notification(), t0()).await;
        insert_entry(
            &store,
            "cux-partial",
            &cux,
            &partial_notification(&[CustodyPart::Health]),
            t0(),
        )
        .await;
        insert_entry(&store, "cux-cancelled", &cux, &notification(), t0()).await;
        insert_entry(
            &store,
            "cux-other-day",
            &cux,
            &notification_born(other_day),
            t0(),
        )
        .await;
        insert_entry(&store, "ber-match", &ber, &notification(), t0()).await;
        store
            .cancel_entry(&staff(&cux), later(1), &cux, "cux-cancelled", "wrong child")
            .await
            .unwrap();

        let mut found: Vec<String> =
            search(&store, &staff(&cux), later(2), &cux, CHILD_BIRTH, "q-1")
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect();
        found.sort();
        assert_eq!(
            found,
            ["cux-match", "cux-partial"],
            "[{backend}] active entries of Cuxhaven born on {CHILD_BIRTH}"
        );

        let other: Vec<String> = search(&store, &staff(&cux), later(2), &cux, other_day, "q-2")
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(other, ["cux-other-day"], "[{backend}] the other birth date");
        assert!(
            search(
                &store,
                &staff(&cux),
                later(2),
                &cux,
                date!(2022 - 02 - 02),
                "q-3"
            )
            .await
            .unwrap()
            .is_empty(),
            "[{backend}] a birth date without entries"
        );
    }
}

#[tokio::test]
async fn a_correction_bumps_the_version_and_keeps_the_history() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let actor = staff(&cux);
        let corrected_day = date!(2021 - 06 - 17);
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        let corrected = store
            .correct_entry(
                &actor,
                later(10),
                &cux,
                "entry-1",
                &notification_born(corrected_day),
                "day and month swapped",
            )
            .await
            .unwrap();

        assert_eq!(corrected.version, 2, "[{backend}]");
        assert_eq!(corrected.status, EntryStatus::Active, "[{backend}]");
        assert_eq!(
            corrected.notification,
            notification_born(corrected_day),
            "[{backend}]"
        );
        assert_eq!(corrected.created_at, t0(), "[{backend}] creation time kept");
        assert_eq!(corrected.updated_at, later(10), "[{backend}]");
        assert_eq!(
            store
                .entry(&actor, later(11), &cux, "entry-1")
                .await
                .unwrap(),
            Some(corrected),
            "[{backend}] the correction is the current content"
        );

        let history = store
            .entry_history(&actor, later(11), &cux, "entry-1")
            .await
            .unwrap();
        let summary: Vec<_> = history
            .iter()
            .map(|v| (v.version, v.change.as_str(), v.reason.as_deref(), v.status))
            .collect();
        assert_eq!(
            summary,
            [
                (1, "created", None, EntryStatus::Active),
                (
                    2,
                    "corrected",
                    Some("day and month swapped"),
                    EntryStatus::Active
                ),
            ],
            "[{backend}] both versions with the reason"
        );
        assert_eq!(
            history[0].notification,
            notification(),
            "[{backend}] v1 content"
        );
        assert_eq!(
            history[1].notification,
            notification_born(corrected_day),
            "[{backend}] v2 content"
        );
        assert_eq!(
            (history[0].at, history[1].at),
            (t0(), later(10)),
            "[{backend}]"
        );
        assert!(
            history.iter().all(|v| v.actor == actor.id),
            "[{backend}] versions name the actor"
        );

        // The search key follows the correction.
        assert!(
            search(&store, &actor, later(12), &cux, CHILD_BIRTH, "q-old")
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] no longer found under the old birth date"
        );
        assert_eq!(
            search(&store, &actor, later(12), &cux, corrected_day, "q-new")
                .await
                .unwrap()
                .len(),
            1,
            "[{backend}] found under the corrected birth date"
        );
    }
}

#[tokio::test]
async fn a_cancelled_entry_stays_but_no_longer_counts() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let actor = staff(&cux);
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        let cancelled = store
            .cancel_entry(
                &actor,
                later(10),
                &cux,
                "entry-1",
                "notified for the wrong child",
            )
            .await
            .unwrap();

        assert_eq!(cancelled.status, EntryStatus::Cancelled, "[{backend}]");
        assert_eq!(cancelled.version, 2, "[{backend}]");
        assert_eq!(
            cancelled.notification,
            notification(),
            "[{backend}] content kept"
        );
        assert_eq!(
            store
                .entry(&actor, later(11), &cux, "entry-1")
                .await
                .unwrap()
                .map(|e| e.status),
            Some(EntryStatus::Cancelled),
            "[{backend}] still readable, as cancelled"
        );
        assert!(
            search(&store, &actor, later(11), &cux, CHILD_BIRTH, "q-1")
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] a cancelled entry is no candidate"
        );
        let history = store
            .entry_history(&actor, later(11), &cux, "entry-1")
            .await
            .unwrap();
        assert_eq!(
            history
                .iter()
                .map(|v| (v.version, v.change.as_str(), v.reason.as_deref(), v.status))
                .collect::<Vec<_>>(),
            [
                (1, "created", None, EntryStatus::Active),
                (
                    2,
                    "cancelled",
                    Some("notified for the wrong child"),
                    EntryStatus::Cancelled
                ),
            ],
            "[{backend}] history"
        );

        let again = store
            .cancel_entry(&actor, later(12), &cux, "entry-1", "again")
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{backend}] cancelling twice: {again:?}"
        );
        let correction = store
            .correct_entry(
                &actor,
                later(12),
                &cux,
                "entry-1",
                &notification(),
                "revive",
            )
            .await;
        assert!(
            matches!(correction, Err(StoreError::Conflict(_))),
            "[{backend}] correcting a cancelled entry: {correction:?}"
        );
        let after = store
            .entry(&actor, later(13), &cux, "entry-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (after.version, after.status),
            (2, EntryStatus::Cancelled),
            "[{backend}] the refused changes wrote nothing"
        );
        assert_eq!(
            store
                .entry_history(&actor, later(13), &cux, "entry-1")
                .await
                .unwrap()
                .len(),
            2,
            "[{backend}] no further versions"
        );
    }
}

#[tokio::test]
async fn another_office_cannot_change_an_entry() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let (cux, ber) = (cuxhaven(), berlin());
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        let corrected = store
            .correct_entry(
                &staff(&ber),
                later(1),
                &ber,
                "entry-1",
                &notification_born(date!(2019 - 09 - 09)),
                "not mine",
            )
            .await;
        assert!(
            matches!(corrected, Err(StoreError::NotFound)),
            "[{backend}] Berlin corrects Cuxhaven's entry: {corrected:?}"
        );
        let cancelled = store
            .cancel_entry(&staff(&ber), later(1), &ber, "entry-1", "not mine")
            .await;
        assert!(
            matches!(cancelled, Err(StoreError::NotFound)),
            "[{backend}] Berlin cancels Cuxhaven's entry: {cancelled:?}"
        );
        let unknown = store
            .cancel_entry(
                &staff(&cux),
                later(1),
                &cux,
                "entry-unknown",
                "no such entry",
            )
            .await;
        assert!(
            matches!(unknown, Err(StoreError::NotFound)),
            "[{backend}] cancelling an unknown entry: {unknown:?}"
        );

        let current = store
            .entry(&staff(&cux), later(2), &cux, "entry-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (current.version, current.status, current.notification),
            (1, EntryStatus::Active, notification()),
            "[{backend}] the entry is unchanged"
        );
    }
}

#[tokio::test]
async fn entries_are_newest_first_within_one_second() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "older", &cux, &notification(), t0()).await;
        let half_second_later = t0() + time::Duration::milliseconds(500);
        insert_entry(&store, "newer", &cux, &notification(), half_second_later).await;

        let ids: Vec<String> = store
            .entries(&staff(&cux), later(1), &cux, 10, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, ["newer", "older"], "[{backend}] newest first");
    }
}

#[tokio::test]
async fn the_search_finds_near_dates_and_shared_name_codes_only() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "cux-match", &cux, &notification(), t0()).await;

        // Day and month swapped: still a candidate for the matcher to judge.
        let swapped = search(
            &store,
            &staff(&cux),
            later(1),
            &cux,
            date!(2020 - 04 - 05),
            "q-1",
        )
        .await
        .unwrap();
        assert_eq!(swapped.len(), 1, "[{backend}] a near date is searched");

        // Another child born the same day, sharing no name code, is not even read.
        let wanted = domain::matching::Prepared::new(&domain::application::ChildIdentity {
            given_names: domain::PersonName::parse("Ben").unwrap(),
            family_name_at_birth: domain::PersonName::parse("Schulz").unwrap(),
            ..crate::support::child()
        });
        let retrieval =
            domain::matching::retrieval(&wanted, &domain::matching::MatchPolicy::default());
        let other = store
            .find_candidates(&staff(&cux), later(1), &cux, &retrieval, "q-2")
            .await
            .unwrap();
        assert!(
            other.is_empty(),
            "[{backend}] unrelated names are not candidates"
        );
        assert_eq!(
            store.audit_of("q-2").await.unwrap().len(),
            1,
            "[{backend}] an empty search is audited too"
        );
    }
}

#[tokio::test]
async fn given_names_written_together_and_a_family_typo_are_still_found() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let mut entry = notification();
        entry.child.given_names = domain::PersonName::parse("Sophie Charlotte").unwrap();
        entry.child.family_name_at_birth = domain::PersonName::parse("Günther").unwrap();
        insert_entry(&store, "joined", &cux, &entry, t0()).await;

        // "SophieCharlotte" shares no given-name token with "Sophie Charlotte", and the typo
        // "Dünther" changes the family name's code: only the key of the joined tokens finds it.
        let query = domain::application::ChildIdentity {
            given_names: domain::PersonName::parse("SophieCharlotte").unwrap(),
            family_name_at_birth: domain::PersonName::parse("Dünther").unwrap(),
            ..entry.child.clone()
        };
        let wanted = domain::matching::Prepared::new(&query);
        let policy = domain::matching::MatchPolicy::default();
        let found = store
            .find_candidates(
                &staff(&cux),
                later(1),
                &cux,
                &domain::matching::retrieval(&wanted, &policy),
                "q-joined",
            )
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "[{backend}] found");
        assert_eq!(
            domain::matching::classify(&query, &found[0].notification.child),
            domain::matching::MatchClass::Possible,
            "[{backend}] and a person must look"
        );
    }
}

/// People on each side of each branch of the retrieval rule for [`rule_query`]: (id, given
/// names, family name, birth date).
fn rule_people() -> [(&'static str, &'static str, &'static str, time::Date); 11] {
    let swapped = date!(2020 - 04 - 05);
    let other_day = date!(2019 - 01 - 17);
    [
        ("same", "Charlotte Marie", "Müller", CHILD_BIRTH),
        ("near-both", "Marie", "Mueller", swapped),
        // Only the key of the given names written together is shared.
        ("near-joined", "CharlotteMarie", "Müller", swapped),
        // One part of a double family name.
        ("near-double", "Charlotte", "Schulz-Müller", swapped),
        ("near-family-only", "Paul", "Müller", swapped),
        ("near-given-only", "Charlotte", "Schulz", swapped),
        // The codes of both names, but each on the other name: no pair key.
        ("near-crossed", "Müller", "Charlotte", swapped),
        ("day-given-only", "Charlotte", "Schulz", CHILD_BIRTH),
        ("day-family-only", "Paul", "Müller", CHILD_BIRTH),
        ("day-neither", "Paul", "Schulz", CHILD_BIRTH),
        ("far-both", "Charlotte Marie", "Müller", other_day),
    ]
}

fn rule_query() -> domain::matching::Prepared {
    domain::matching::Prepared::new(&domain::application::ChildIdentity {
        given_names: crate::support::name("Charlotte Marie"),
        family_name_at_birth: crate::support::name("Müller"),
        ..crate::support::child()
    })
}

fn rule_entry(given: &str, family: &str, day: time::Date) -> domain::register::Notification {
    let mut entry = notification_born(day);
    entry.child.given_names = crate::support::name(given);
    entry.child.family_name_at_birth = crate::support::name(family);
    entry
}

#[tokio::test]
async fn the_search_returns_exactly_what_the_retrieval_rule_admits() {
    use domain::matching::{MatchPolicy, Prepared, retrieval};
    let rule = retrieval(&rule_query(), &MatchPolicy::default());
    let query_keys = rule_query().keys();
    let mut admitted_by_rule = Vec::new();
    for (id, given, family, day) in rule_people() {
        let keys = Prepared::new(&rule_entry(given, family, day).child).keys();
        // The rule before the pair keys: on a searched date a family-name key and a
        // given-name key, on the very date any key. The pair keys must admit the same.
        let shared = |prefix: &str| {
            query_keys
                .iter()
                .any(|k| k.starts_with(prefix) && keys.contains(k))
        };
        let before = (day == rule.exact_date && (shared("f:") || shared("g:")))
            || (rule.dates.contains(&day) && shared("f:") && shared("g:"));
        assert_eq!(rule.admits(&keys, day), before, "{id}: pair keys and names");
        if rule.admits(&keys, day) {
            admitted_by_rule.push(id.to_owned());
        }
    }
    admitted_by_rule.sort();
    assert_eq!(
        admitted_by_rule,
        [
            "day-family-only",
            "day-given-only",
            "near-both",
            "near-double",
            "near-joined",
            "same"
        ],
        "the rule itself"
    );
    for backend in store::testing::backends() {
        // Entries written one by one and loaded in bulk: both write the index rows.
        for bulk in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let store = seeded_store(backend, dir.path()).await;
            let cux = cuxhaven();
            let entries: Vec<(String, domain::register::Notification)> = rule_people()
                .into_iter()
                .map(|(id, given, family, day)| (id.to_owned(), rule_entry(given, family, day)))
                .collect();
            if bulk {
                store
                    .import_entries(&staff(&cux), t0(), &cux, &entries)
                    .await
                    .unwrap();
            } else {
                for (id, entry) in &entries {
                    insert_entry(&store, id, &cux, entry, t0()).await;
                }
            }
            let mut found: Vec<String> = store
                .find_candidates(&staff(&cux), later(1), &cux, &rule, "q-rule")
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect();
            found.sort();
            assert_eq!(
                found, admitted_by_rule,
                "[{backend}, bulk: {bulk}] the store runs the rule"
            );
        }
    }
}

#[tokio::test]
async fn index_rows_dropped_by_a_migration_are_derived_again_on_connect() {
    use domain::matching::{MatchPolicy, retrieval};
    use sqlx::{AnyPool, AssertSqlSafe, Executor, Row};
    let rule = retrieval(&rule_query(), &MatchPolicy::default());
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let url = store::testing::fresh_database_url(backend, dir.path())
            .await
            .unwrap();
        let store = store::Store::connect(&url, 4).await.unwrap();
        store
            .import_directory(&crate::support::admin(), t0(), &directory::demo_sample())
            .await
            .unwrap();
        let cux = cuxhaven();
        for (id, given, family, day) in rule_people() {
            insert_entry(&store, id, &cux, &rule_entry(given, family, day), t0()).await;
        }
        // More entries than the store derives keys for at a time.
        let others: Vec<(String, domain::register::Notification)> = (0..2100)
            .map(|i| {
                let day = date!(2010 - 01 - 01) + time::Duration::days(i);
                (format!("other-{i:04}"), rule_entry("Paul", "Schulz", day))
            })
            .collect();
        store
            .import_entries(&staff(&cux), t0(), &cux, &others)
            .await
            .unwrap();
        let search = |store: store::Store, query: &'static str| {
            let (cux, rule) = (cux.clone(), rule.clone());
            async move {
                let mut ids: Vec<String> = store
                    .find_candidates(&staff(&cux), later(1), &cux, &rule, query)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|e| e.id)
                    .collect();
                ids.sort();
                ids
            }
        };
        let before = search(store.clone(), "q-before").await;
        assert_eq!(before.len(), 6, "[{backend}] {before:?}");

        // What migration 0012 does to a database indexed with the earlier keys.
        let raw = AnyPool::connect(&url).await.unwrap();
        let migration = match backend {
            "postgres" => include_str!("../../migrations/postgres/0012_match_pair_keys.sql"),
            _ => include_str!("../../migrations/sqlite/0012_match_pair_keys.sql"),
        };
        raw.execute(AssertSqlSafe(migration)).await.unwrap();
        raw.close().await;
        assert!(
            search(store.clone(), "q-dropped").await.is_empty(),
            "[{backend}] the index is gone"
        );
        store.close().await;

        let store = store::Store::connect(&url, 4).await.unwrap();
        assert_eq!(
            search(store.clone(), "q-after").await,
            before,
            "[{backend}] connecting derives every entry's keys again"
        );
        let raw = AnyPool::connect(&url).await.unwrap();
        let indexed: i64 = sqlx::query("SELECT COUNT(*) FROM register_match_children")
            .fetch_one(&raw)
            .await
            .unwrap()
            .get(0);
        assert_eq!(indexed, 2111, "[{backend}] all of them");
        raw.close().await;
        store.close().await;
    }
}

#[tokio::test]
async fn the_assessment_reads_whole_entries_only_for_candidates_it_keeps() {
    use domain::matching::{MatchClass, MatchPolicy};
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "same", &cux, &notification(), t0()).await;
        // A sibling born the same day: compared (shares the family name), ruled out.
        let mut sibling = notification();
        sibling.child.given_names = crate::support::name("Paul");
        insert_entry(&store, "sibling", &cux, &sibling, t0()).await;
        // Cancelled: neither compared nor kept.
        insert_entry(&store, "cancelled", &cux, &notification(), t0()).await;
        store
            .cancel_entry(
                &staff(&cux),
                later(1),
                &cux,
                "cancelled",
                "recorded in error",
            )
            .await
            .unwrap();

        let assessment = store
            .assess(
                &staff(&cux),
                later(2),
                &cux,
                &notification().child,
                &MatchPolicy::default(),
                "q-assess",
            )
            .await
            .unwrap();
        assert_eq!(
            assessment.compared, 2,
            "[{backend}] same and sibling compared"
        );
        let kept: Vec<(&str, MatchClass)> = assessment
            .candidates
            .iter()
            .map(|c| (c.entry.id.as_str(), c.class))
            .collect();
        assert_eq!(kept, [("same", MatchClass::Match)], "[{backend}]");
        assert_eq!(
            assessment.candidates[0].entry.notification,
            notification(),
            "[{backend}] the whole entry"
        );
        let audit = store.audit_of("q-assess").await.unwrap();
        assert_eq!(audit.len(), 1, "[{backend}] one audited search");
        assert_eq!(
            audit[0].detail,
            serde_json::json!({"compared": 2, "candidates": 1}),
            "[{backend}]"
        );
    }
}
