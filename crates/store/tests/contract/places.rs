//! Place search for the citizen portal: by postal code, by folded name prefix, one by AGS.

use domain::PostalCode;
use store::Store;
use store::places::Place;

use crate::support::{admin, ags, bremen, cuxhaven, empty_store, office, seeded_store, t0};

fn code(raw: &str) -> PostalCode {
    PostalCode::parse(raw).expect("valid postal code")
}

fn names(places: &[Place]) -> Vec<&str> {
    places.iter().map(|p| p.name.as_str()).collect()
}

/// The demo directory plus several "Neustadt"s in the Landkreis Cuxhaven, the exact name with
/// the highest AGS so that only a name order puts it first.
fn directory_with_neustadts() -> directory::Directory {
    let mut dir = directory::demo_sample();
    for (key, name) in [
        ("03352901", "Neustadtl"),
        ("03352902", "Neustadt a.d. Weinstraße, Stadt"),
        ("03352903", "Neustädt"),
        ("03352909", "Neustadt"),
    ] {
        dir.municipalities.push(directory::Municipality {
            ags: ags(key),
            name: name.to_owned(),
            office: cuxhaven(),
        });
    }
    dir.postal_codes.push((code("27999"), ags("03352909")));
    dir.postal_codes.push((code("27999"), ags("03352901")));
    dir
}

async fn store_with_neustadts(backend: &str, dir: &std::path::Path) -> Store {
    let store = empty_store(backend, dir).await;
    store
        .import_directory(&admin(), t0(), &directory_with_neustadts())
        .await
        .unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    store
}

#[tokio::test]
async fn a_postal_code_spanning_two_municipalities_finds_both_with_their_offices() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;

        // 27568 lies partly in Bremen and partly in Bremerhaven.
        let found = store.places_by_postal_code(&code("27568")).await.unwrap();
        assert_eq!(
            names(&found),
            ["Bremen, Stadt", "Bremerhaven, Stadt"],
            "[{backend}] both, by name"
        );
        assert_eq!(found[0].ags, ags("04011000"), "[{backend}]");
        assert_eq!(found[0].office.id, bremen(), "[{backend}]");
        assert_eq!(found[0].office.name, "Jugendamt Bremen", "[{backend}]");
        assert_eq!(found[1].ags, ags("04012000"), "[{backend}]");
        assert_eq!(found[1].office.id, office("ja-04012"), "[{backend}]");
        // Each hit carries all its codes, so the citizen sees which place is which.
        assert_eq!(
            found[0].postal_codes.len(),
            34,
            "[{backend}] Bremen's codes"
        );
        assert!(
            found[0].postal_codes.contains(&code("28195")),
            "[{backend}]"
        );
        assert_eq!(
            found[1].postal_codes,
            [
                "27568", "27570", "27572", "27574", "27576", "27578", "27580"
            ]
            .map(code)
            .to_vec(),
            "[{backend}] Bremerhaven's codes, ascending"
        );

        let cux = store.places_by_postal_code(&code("27474")).await.unwrap();
        assert_eq!(names(&cux), ["Cuxhaven, Stadt"], "[{backend}]");
        assert_eq!(cux[0].office.id, cuxhaven(), "[{backend}]");
        assert!(
            store
                .places_by_postal_code(&code("99999"))
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] an unknown code finds nothing"
        );
    }
}

#[tokio::test]
async fn names_are_found_by_prefix_regardless_of_case_umlauts_and_sharp_s() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        for typed in ["münchen", "muenchen", "MÜNCHEN", "Muen", "mü"] {
            let found = store.places_by_name(typed, 10).await.unwrap();
            assert_eq!(
                names(&found),
                ["München, Landeshauptstadt"],
                "[{backend}] {typed:?}"
            );
            assert_eq!(found[0].office.id, office("ja-09162"), "[{backend}]");
            assert!(
                found[0].postal_codes.contains(&code("80331")),
                "[{backend}]"
            );
        }
        assert_eq!(
            names(&store.places_by_name("Köln", 10).await.unwrap()),
            ["Köln, Stadt"],
            "[{backend}]"
        );
        assert_eq!(
            names(&store.places_by_name("koeln, st", 10).await.unwrap()),
            ["Köln, Stadt"],
            "[{backend}] punctuation folds as in the name"
        );
        assert_eq!(
            names(&store.places_by_name("brem", 10).await.unwrap()),
            ["Bremen, Stadt", "Bremerhaven, Stadt"],
            "[{backend}] ordered by name"
        );
        assert_eq!(
            names(&store.places_by_name("bremer", 10).await.unwrap()),
            ["Bremerhaven, Stadt"],
            "[{backend}] a prefix, not a substring or a fuzzy match"
        );
        assert!(
            store.places_by_name("stadt", 10).await.unwrap().is_empty(),
            "[{backend}] only the start of the name counts"
        );
        // Wildcards are plain characters.
        for typed in ["%", "br_men", "b%", "_"] {
            assert!(
                store.places_by_name(typed, 10).await.unwrap().is_empty(),
                "[{backend}] {typed:?} is no pattern"
            );
        }
        for typed in ["", "  ", "-"] {
            assert!(
                store.places_by_name(typed, 10).await.unwrap().is_empty(),
                "[{backend}] {typed:?} folds to nothing and finds nothing"
            );
        }
    }
}

#[tokio::test]
async fn an_exact_name_sorts_first_and_the_limit_applies_after_ordering() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_neustadts(backend, dir.path()).await;

        let found = store.places_by_name("NEUSTADT", 10).await.unwrap();
        assert_eq!(
            names(&found),
            ["Neustadt", "Neustadt a.d. Weinstraße, Stadt", "Neustadtl"],
            "[{backend}] exact first, then by name; Neustädt is no Neustadt"
        );
        assert_eq!(found[0].ags, ags("03352909"), "[{backend}]");
        assert_eq!(found[0].postal_codes, [code("27999")], "[{backend}]");

        let first = store.places_by_name("neustadt", 1).await.unwrap();
        assert_eq!(names(&first), ["Neustadt"], "[{backend}] limit 1");
        assert!(
            store
                .places_by_name("neustadt", 0)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] limit 0"
        );

        assert_eq!(
            names(&store.places_by_name("Neustä", 10).await.unwrap()),
            ["Neustädt"],
            "[{backend}] ä folds to ae"
        );
        assert_eq!(
            names(&store.places_by_name("neustadt a. d. w", 10).await.unwrap()),
            ["Neustadt a.d. Weinstraße, Stadt"],
            "[{backend}]"
        );
        assert_eq!(
            names(
                &store
                    .places_by_name("neustadt a d weinstrasse", 10)
                    .await
                    .unwrap()
            ),
            ["Neustadt a.d. Weinstraße, Stadt"],
            "[{backend}] ß folds to ss"
        );

        let shared = store.places_by_postal_code(&code("27999")).await.unwrap();
        assert_eq!(
            names(&shared),
            ["Neustadt", "Neustadtl"],
            "[{backend}] by name, not by AGS"
        );
    }
}

#[tokio::test]
async fn the_name_search_never_returns_more_than_fifty() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;
        let mut directory = directory::demo_sample();
        for i in 0..60 {
            directory.municipalities.push(directory::Municipality {
                ags: ags(&format!("03352{:03}", 100 + i)),
                name: format!("Musterdorf {i:02}"),
                office: cuxhaven(),
            });
        }
        store
            .import_directory(&admin(), t0(), &directory)
            .await
            .unwrap();
        let found = store.places_by_name("musterdorf", 500).await.unwrap();
        assert_eq!(found.len(), 50, "[{backend}]");
        assert_eq!(found[0].name, "Musterdorf 00", "[{backend}]");
        assert_eq!(found[49].name, "Musterdorf 49", "[{backend}]");
        assert!(found[0].postal_codes.is_empty(), "[{backend}] none known");
    }
}

#[tokio::test]
async fn one_place_by_its_key() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let place = store
            .place(ags("03352011"))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] Cuxhaven is known"));
        assert_eq!(place.name, "Cuxhaven, Stadt", "[{backend}]");
        assert_eq!(place.office.id, cuxhaven(), "[{backend}]");
        assert_eq!(
            place.office.name, "Jugendamt Landkreis Cuxhaven",
            "[{backend}]"
        );
        assert!(!place.office.abroad_register, "[{backend}]");
        assert_eq!(
            place.postal_codes,
            ["27472", "27474", "27476", "27478"].map(code).to_vec(),
            "[{backend}]"
        );
        let berlin = store.place(ags("11000000")).await.unwrap();
        assert!(
            berlin.is_some_and(|p| p.office.abroad_register),
            "[{backend}] Berlin keeps the abroad register"
        );
        assert_eq!(
            store.place(ags("03352999")).await.unwrap(),
            None,
            "[{backend}] unknown"
        );
    }
}

#[tokio::test]
async fn folded_names_missing_from_older_rows_are_filled_on_connect() {
    use sqlx::AnyPool;
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let url = store::testing::fresh_database_url(backend, dir.path())
            .await
            .unwrap();
        let store = Store::connect(&url, 4).await.unwrap();
        store
            .import_directory(&admin(), t0(), &directory::demo_sample())
            .await
            .unwrap();
        assert_eq!(
            store.places_by_name("otterndorf", 5).await.unwrap().len(),
            1,
            "[{backend}] found after the import"
        );
        // A database whose municipalities were written before migration 0013.
        let raw = AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE municipalities SET name_key = NULL")
            .execute(&raw)
            .await
            .unwrap();
        raw.close().await;
        assert!(
            store
                .places_by_name("otterndorf", 5)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] without keys nothing is found"
        );
        store.close().await;

        let store = Store::connect(&url, 4).await.unwrap();
        assert_eq!(
            names(&store.places_by_name("otterndorf", 5).await.unwrap()),
            ["Otterndorf, Stadt"],
            "[{backend}] connecting fills the keys"
        );
        assert_eq!(
            names(&store.places_by_name("münch", 5).await.unwrap()),
            ["München, Landeshauptstadt"],
            "[{backend}] folded as on import"
        );
        store.close().await;
    }
}
