//! The directory: import, re-import, and the routing lookups built on it.

use domain::PostalCode;
use store::directory::DirectoryCounts;

use crate::support::{admin, ags, empty_store, later, office, t0};

fn sample_counts(dir: &directory::Directory) -> DirectoryCounts {
    DirectoryCounts {
        offices: dir.offices.len() as i64,
        municipalities: dir.municipalities.len() as i64,
        postal_codes: dir.postal_codes.len() as i64,
    }
}

#[tokio::test]
async fn importing_the_demo_sample_stores_every_office_municipality_and_postal_code() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;
        let sample = directory::demo_sample();
        assert_eq!(
            store.directory_counts().await.unwrap(),
            DirectoryCounts::default(),
            "[{backend}] a fresh store has no directory"
        );

        let counts = store
            .import_directory(&admin(), t0(), &sample)
            .await
            .unwrap();

        assert_eq!(counts.offices, 8, "[{backend}] offices written");
        assert_eq!(
            counts.municipalities, 12,
            "[{backend}] municipalities written"
        );
        assert_eq!(
            counts,
            sample_counts(&sample),
            "[{backend}] reported counts"
        );
        assert_eq!(
            store.directory_counts().await.unwrap(),
            counts,
            "[{backend}] stored counts match the reported ones"
        );
    }
}

#[tokio::test]
async fn lookups_route_municipalities_postal_codes_and_births_abroad() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;
        assert_eq!(
            store.abroad_register_office().await.unwrap(),
            None,
            "[{backend}] no abroad register before an import"
        );
        store
            .import_directory(&admin(), t0(), &directory::demo_sample())
            .await
            .unwrap();

        let cuxhaven = store
            .office_for_municipality(ags("03352011"))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] Cuxhaven (03352011) has an office"));
        assert_eq!(
            cuxhaven.id,
            office("ja-03352"),
            "[{backend}] Cuxhaven's office"
        );
        assert_eq!(cuxhaven.name, "Jugendamt Landkreis Cuxhaven", "[{backend}]");
        assert!(
            !cuxhaven.abroad_register,
            "[{backend}] Cuxhaven is no abroad register"
        );

        assert_eq!(
            store
                .office_for_municipality(ags("99999999"))
                .await
                .unwrap(),
            None,
            "[{backend}] an unknown AGS has no office"
        );
        assert_eq!(
            store
                .municipality_name(ags("03352011"))
                .await
                .unwrap()
                .as_deref(),
            Some("Cuxhaven, Stadt"),
            "[{backend}] a municipality's official name"
        );
        assert_eq!(
            store.municipality_name(ags("99999999")).await.unwrap(),
            None,
            "[{backend}] an unknown AGS has no name"
        );

        let abroad = store
            .abroad_register_office()
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] the sample has an abroad register"));
        assert_eq!(abroad.id, office("ja-11000"), "[{backend}] Berlin keeps it");
        assert!(abroad.abroad_register, "[{backend}] flag read back");

        let bremen = store.office(&office("ja-04011")).await.unwrap();
        assert_eq!(
            bremen.map(|o| o.name),
            Some("Jugendamt Bremen".to_owned()),
            "[{backend}] office by id"
        );
        assert_eq!(
            store.office(&office("ja-99999")).await.unwrap(),
            None,
            "[{backend}] unknown office id"
        );

        let codes = store.postal_codes_of(ags("04011000")).await.unwrap();
        for code in ["28195", "27568"] {
            assert!(
                codes.contains(&PostalCode::parse(code).unwrap()),
                "[{backend}] Bremen (04011000) has postal code {code}: {codes:?}"
            );
        }
        assert!(
            !codes.contains(&PostalCode::parse("27472").unwrap()),
            "[{backend}] 27472 is Cuxhaven's, not Bremen's: {codes:?}"
        );
        assert!(
            store
                .postal_codes_of(ags("99999999"))
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] unknown municipality has no postal codes"
        );
    }
}

#[tokio::test]
async fn importing_twice_is_idempotent() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;
        let sample = directory::demo_sample();
        let first = store
            .import_directory(&admin(), t0(), &sample)
            .await
            .unwrap();
        let stored_first = store.directory_counts().await.unwrap();

        let second = store
            .import_directory(&admin(), later(1), &sample)
            .await
            .unwrap_or_else(|e| panic!("[{backend}] second import of the same directory: {e}"));

        assert_eq!(second, first, "[{backend}] reported counts");
        assert_eq!(
            store.directory_counts().await.unwrap(),
            stored_first,
            "[{backend}] stored counts unchanged"
        );
        assert_eq!(
            store
                .office_for_municipality(ags("03352011"))
                .await
                .unwrap()
                .map(|o| o.id),
            Some(office("ja-03352")),
            "[{backend}] routing still works after the re-import"
        );
    }
}

#[tokio::test]
async fn a_reimport_renames_offices_and_replaces_municipalities() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;
        let sample = directory::demo_sample();
        store
            .import_directory(&admin(), t0(), &sample)
            .await
            .unwrap();

        let mut changed = sample.clone();
        let bremen = office("ja-04011");
        changed
            .offices
            .iter_mut()
            .find(|o| o.id == bremen)
            .expect("Bremen is in the sample")
            .name = "Amt für Soziale Dienste Bremen".into();
        // Leipzig's municipality leaves the directory (with its postal codes); its office stays.
        let leipzig = ags("14713000");
        changed.municipalities.retain(|m| m.ags != leipzig);
        changed.postal_codes.retain(|(_, a)| *a != leipzig);
        assert!(
            changed.postal_codes.len() < sample.postal_codes.len(),
            "the fixture removes postal codes"
        );

        let counts = store
            .import_directory(&admin(), later(1), &changed)
            .await
            .unwrap();

        assert_eq!(
            counts,
            sample_counts(&changed),
            "[{backend}] reported counts"
        );
        assert_eq!(
            store.directory_counts().await.unwrap(),
            sample_counts(&changed),
            "[{backend}] municipalities and postal codes are replaced, offices kept"
        );
        assert_eq!(
            store.office(&bremen).await.unwrap().map(|o| o.name),
            Some("Amt für Soziale Dienste Bremen".to_owned()),
            "[{backend}] the office was renamed"
        );
        assert_eq!(
            store
                .office_for_municipality(ags("04011000"))
                .await
                .unwrap()
                .map(|o| o.name),
            Some("Amt für Soziale Dienste Bremen".to_owned()),
            "[{backend}] routing returns the new name"
        );
        assert_eq!(
            store.office_for_municipality(leipzig).await.unwrap(),
            None,
            "[{backend}] a municipality missing from the new import is gone"
        );
        assert!(
            store.postal_codes_of(leipzig).await.unwrap().is_empty(),
            "[{backend}] and so are its postal codes"
        );
        assert!(
            store.office(&office("ja-14713")).await.unwrap().is_some(),
            "[{backend}] offices are never removed"
        );
    }
}

#[tokio::test]
async fn a_failed_import_changes_nothing() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;
        let sample = directory::demo_sample();
        store
            .import_directory(&admin(), t0(), &sample)
            .await
            .unwrap();
        let before = store.directory_counts().await.unwrap();

        // A municipality served by an office the import does not contain: the foreign key
        // fails after offices were upserted and the old municipalities were deleted.
        let mut broken = sample.clone();
        broken.offices[0].name = "Renamed by the failed import".into();
        broken.municipalities[0].office = office("ja-99999");
        let result = store.import_directory(&admin(), later(1), &broken).await;

        assert!(
            result.is_err(),
            "[{backend}] an inconsistent directory is refused"
        );
        assert_eq!(
            store.directory_counts().await.unwrap(),
            before,
            "[{backend}] counts unchanged"
        );
        assert_eq!(
            store
                .office(&sample.offices[0].id)
                .await
                .unwrap()
                .map(|o| o.name),
            Some(sample.offices[0].name.clone()),
            "[{backend}] the rename of the failed import was rolled back"
        );
        assert_eq!(
            store
                .office_for_municipality(ags("03352011"))
                .await
                .unwrap()
                .map(|o| o.id),
            Some(office("ja-03352")),
            "[{backend}] routing still answers"
        );
    }
}
