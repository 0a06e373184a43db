//! `build`: the three inputs together, above all the routing of towns with their own Jugendamt.

use directory::{Directory, build};
use domain::{Ags, OfficeId};

const MUNICIPALITIES: &str =
    "\u{feff}satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename
40,44,03,3,59,,,Stade
60,63,03,3,59,0012,012,\"Stade, Hansestadt\"
60,64,03,3,59,0019,019,Drochtersen
40,41,04,0,11,,,\"Bremen, Stadt\"
60,61,04,0,11,0000,000,\"Bremen, Stadt\"
";

const POSTAL_CODES: &str = "osm_id,ags,ort,plz,landkreis,bundesland
1,03359012,Stade,21680,Landkreis Stade,Niedersachsen
1,03359019,Drochtersen,21706,Landkreis Stade,Niedersachsen
1,04011000,Bremen,28195,,Bremen
2836719,16063094,Moorgrund,36433,Wartburgkreis,Thüringen
";

const OVERRIDES: &str = "ags,office_name\n03359012,\"Jugendamt Stade, Hansestadt\"\n";

fn ags(key: &str) -> Ags {
    Ags::parse(key).expect("test key is valid")
}

fn office_id(directory: &Directory, key: &str) -> String {
    directory
        .municipality(ags(key))
        .map(|m| m.office.to_string())
        .unwrap_or_else(|| panic!("{key} is in the directory"))
}

#[test]
fn an_override_gives_a_town_its_own_office() {
    let directory = build(MUNICIPALITIES, None, Some(OVERRIDES)).expect("valid inputs");
    assert_eq!(office_id(&directory, "03359012"), "ja-03359012");
    assert_eq!(
        office_id(&directory, "03359019"),
        "ja-03359",
        "the rest stays with the district"
    );

    let town = directory
        .office(&OfficeId::parse("ja-03359012").expect("valid id"))
        .expect("the town's office exists");
    assert_eq!(town.name, "Jugendamt Stade, Hansestadt");
    assert_eq!(town.district.as_str(), "03359");
    assert!(!town.abroad_register);
    assert_eq!(directory.offices.len(), 3);
}

#[test]
fn without_overrides_every_town_goes_to_its_district() {
    let directory = build(MUNICIPALITIES, None, None).expect("valid inputs");
    assert_eq!(office_id(&directory, "03359012"), "ja-03359");
    assert_eq!(directory.offices.len(), 2);
    assert!(directory.postal_codes.is_empty());
}

#[test]
fn an_override_for_an_unknown_municipality_is_an_error() {
    let overrides = "ags,office_name\n03359012,Jugendamt Stade\n03359999,Jugendamt Nirgendwo\n";
    let error = build(MUNICIPALITIES, None, Some(overrides)).expect_err("unknown town");
    assert_eq!(error.file, "overrides");
    assert_eq!(error.errors.len(), 1);
    assert_eq!(error.errors[0].line, 3);
    assert!(error.errors[0].message.contains("03359999"));
}

#[test]
fn postal_codes_are_checked_against_the_municipalities() {
    let directory = build(MUNICIPALITIES, Some(POSTAL_CODES), None).expect("valid inputs");
    assert_eq!(directory.postal_codes.len(), 3);
    assert_eq!(directory.skipped_postal_rows.len(), 1);
    assert_eq!(directory.skipped_postal_rows[0].line, 5);
    let bremen: Vec<Ags> = directory
        .municipalities_with_postal_code(domain::PostalCode::parse("28195").expect("valid"))
        .collect();
    assert_eq!(bremen, [ags("04011000")]);
}

#[test]
fn errors_name_the_input_they_come_from() {
    let bad_municipalities = build("satzart\n", None, None).expect_err("bad");
    assert_eq!(bad_municipalities.file, "municipalities");
    let bad_codes = build(MUNICIPALITIES, Some("ags,plz\n04011000,281\n"), None).expect_err("bad");
    assert_eq!(bad_codes.file, "postal_codes");
    assert_eq!(bad_codes.errors[0].line, 2);
    let bad_overrides = build(MUNICIPALITIES, None, Some("ags\n")).expect_err("bad");
    assert_eq!(bad_overrides.file, "overrides");
}
