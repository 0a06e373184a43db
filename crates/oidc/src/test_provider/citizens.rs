//! The demo's test citizens: who can log in at the test provider.
//!
//! The web crate matches these names, birth dates and addresses against the demo's register data
//! (`crates/sorgeregister/src/demo.rs`); change both together.

use super::TestCitizen;

fn citizen(
    sub: &str,
    (given_name, family_name): (&str, &str),
    birthdate: &str,
    (street_address, postal_code, locality): (&str, &str, &str),
    acr: &str,
    label: &str,
) -> TestCitizen {
    TestCitizen {
        sub: sub.to_owned(),
        given_name: given_name.to_owned(),
        family_name: family_name.to_owned(),
        birth_family_name: None,
        birthdate: birthdate.to_owned(),
        street_address: street_address.to_owned(),
        postal_code: postal_code.to_owned(),
        locality: locality.to_owned(),
        acr: acr.to_owned(),
        label: label.to_owned(),
    }
}

/// Sophia Berger, Marie Schulz, Laura Schneider and Anna Hoffmann at assurance "substantial", and "Test Niedrig" at
/// assurance "low" to show the refusal.
pub fn demo_citizens() -> Vec<TestCitizen> {
    vec![
        citizen(
            "demo-sophia-berger",
            ("Sophia", "Berger"),
            "1993-02-17",
            ("Am Markt 1", "28195", "Bremen"),
            "substantial",
            "Sophia Berger, Bremen – Negativbescheinigung (Charlotte, 04.05.2020, Cuxhaven)",
        ),
        citizen(
            "demo-marie-schulz",
            ("Marie", "Schulz"),
            "1996-04-09",
            ("Sögestraße 12", "28195", "Bremen"),
            "substantial",
            "Marie Schulz, Bremen – Prüfung im Register (Ella, 18.11.2026, Cuxhaven)",
        ),
        citizen(
            "demo-laura-schneider",
            ("Laura", "Schneider"),
            "1991-10-03",
            ("Domkloster 4", "50667", "Köln"),
            "substantial",
            "Laura Schneider, Köln – Sorgeerklärungen im Register (Emil, 12.08.2019, Köln)",
        ),
        citizen(
            "demo-anna-hoffmann",
            ("Anna", "Hoffmann"),
            "1994-07-28",
            ("Obernstraße 3", "28195", "Bremen"),
            "substantial",
            "Anna Hoffmann, Bremen – Teilbescheinigung (Mia, 15.03.2021, Leipzig)",
        ),
        citizen(
            "demo-test-niedrig",
            ("Test", "Niedrig"),
            "1990-01-01",
            ("Am Markt 1", "28195", "Bremen"),
            "low",
            "Test Niedrig – Vertrauensniveau niedrig (Anmeldung wird abgelehnt)",
        ),
    ]
}
