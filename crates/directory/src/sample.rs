//! The small directory the product ships for its demo: real districts, municipalities and
//! postal codes around the seed's example (Bremen, Bremerhaven, Landkreis Cuxhaven) plus a few
//! large cities and Berlin, which keeps the register for children born abroad.
//!
//! The data lives in `sample/` next to this crate's manifest, in the importer's own formats, so
//! the demo goes through the same parser as a real import.

use crate::assemble::build;
use crate::model::Directory;

const MUNICIPALITIES: &str = include_str!("../sample/gemeindeverzeichnis.csv");
const POSTAL_CODES: &str = include_str!("../sample/postleitzahlen.csv");

/// The demo directory: 8 district offices and 12 municipalities, no overrides.
pub fn demo_sample() -> Directory {
    // The text is compiled in and checked by the tests below; failing here is a build defect,
    // not an input problem.
    build(MUNICIPALITIES, Some(POSTAL_CODES), None).expect("the embedded demo sample is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Ags, OfficeId, PostalCode};

    fn ags(key: &str) -> Ags {
        Ags::parse(key).expect("test key is valid")
    }

    fn office_of(directory: &Directory, key: &str) -> String {
        directory
            .municipality(ags(key))
            .map(|m| m.office.to_string())
            .unwrap_or_else(|| panic!("{key} is in the sample"))
    }

    #[test]
    fn builds_with_all_offices_and_municipalities() {
        let directory = demo_sample();
        assert_eq!(directory.offices.len(), 8);
        assert_eq!(directory.municipalities.len(), 12);
        assert!(directory.skipped_postal_rows.is_empty());
        for municipality in &directory.municipalities {
            assert!(directory.office(&municipality.office).is_some());
            let has_code = directory
                .postal_codes
                .iter()
                .any(|(_, a)| *a == municipality.ags);
            assert!(has_code, "{} has no postal code", municipality.name);
        }
    }

    #[test]
    fn cuxhaven_city_is_served_by_the_landkreis() {
        let directory = demo_sample();
        assert_eq!(office_of(&directory, "03352011"), "ja-03352");
        let office = directory
            .office_for(ags("03352011"))
            .expect("Cuxhaven has an office");
        assert_eq!(office.name, "Jugendamt Landkreis Cuxhaven");
        for member in ["03352032", "03352050", "03352062", "03352046"] {
            assert_eq!(office_of(&directory, member), "ja-03352", "{member}");
        }
    }

    #[test]
    fn routes_the_cities_to_their_own_offices() {
        let directory = demo_sample();
        for (key, office) in [
            ("04011000", "ja-04011"),
            ("04012000", "ja-04012"),
            ("02000000", "ja-02000"),
            ("09162000", "ja-09162"),
            ("05315000", "ja-05315"),
            ("14713000", "ja-14713"),
            ("11000000", "ja-11000"),
        ] {
            assert_eq!(office_of(&directory, key), office, "{key}");
        }
        let berlin = OfficeId::parse("ja-11000").expect("valid id");
        assert_eq!(directory.abroad_register().map(|o| &o.id), Some(&berlin));
        let bremen = directory
            .office_for(ags("04011000"))
            .expect("Bremen has an office");
        assert_eq!(bremen.name, "Jugendamt Bremen");
    }

    #[test]
    fn postal_codes_lead_to_their_municipalities() {
        let directory = demo_sample();
        let code = |raw: &str| PostalCode::parse(raw).expect("test code is valid");
        let found: Vec<Ags> = directory
            .municipalities_with_postal_code(code("28195"))
            .collect();
        assert_eq!(found, [ags("04011000")]);
        let found: Vec<Ags> = directory
            .municipalities_with_postal_code(code("27472"))
            .collect();
        assert_eq!(found, [ags("03352011")]);
        let found: Vec<Ags> = directory
            .municipalities_with_postal_code(code("27568"))
            .collect();
        assert_eq!(found, [ags("04011000"), ags("04012000")]);
        assert_eq!(
            directory
                .municipalities_with_postal_code(code("99999"))
                .count(),
            0
        );
    }
}
