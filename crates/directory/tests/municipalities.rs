//! The Destatis parser over small texts: what it reads, and every problem it must reject with
//! the right line.

use directory::{ImportError, Municipality, Office, parse_municipalities};

const HEADER: &str =
    "satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung";

/// A file of `rows` under the Destatis header; line 1 is the header, so `rows[i]` is on line
/// `i + 2`.
fn file(rows: &[&str]) -> String {
    let mut text = format!("\u{feff}{HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

fn parse(rows: &[&str]) -> (Vec<Office>, Vec<Municipality>) {
    parse_municipalities(&file(rows)).expect("test file is valid")
}

fn reject(rows: &[&str]) -> ImportError {
    parse_municipalities(&file(rows)).expect_err("test file is invalid")
}

fn lines_and_messages(error: &ImportError) -> Vec<(usize, String)> {
    error
        .errors
        .iter()
        .map(|e| (e.line, e.message.clone()))
        .collect()
}

const CUXHAVEN_DISTRICT: &str = "40,44,03,3,52,,,Cuxhaven,,";
const CUXHAVEN_CITY: &str = "60,63,03,3,52,0011,011,\"Cuxhaven, Stadt\", 161.92, 48 164";
const LOXSTEDT: &str = "60,64,03,3,52,0032,032,Loxstedt, 141.74, 16 311";

#[test]
fn reads_districts_and_municipalities_and_skips_other_rows() {
    let (offices, municipalities) = parse(&[
        "10,,03,,,,,Niedersachsen,,",
        "20,,03,3,,,,Statistische Region Lüneburg,,",
        CUXHAVEN_DISTRICT,
        "50,50,03,3,52,0011,,\"Cuxhaven, Stadt\",,",
        CUXHAVEN_CITY,
        LOXSTEDT,
    ]);
    assert_eq!(offices.len(), 1);
    assert_eq!(offices[0].id.as_str(), "ja-03352");
    assert_eq!(offices[0].district.as_str(), "03352");
    assert_eq!(offices[0].name, "Jugendamt Landkreis Cuxhaven");
    assert!(!offices[0].abroad_register);

    let keys: Vec<&str> = municipalities.iter().map(|m| m.ags.as_str()).collect();
    assert_eq!(keys, ["03352011", "03352032"]);
    assert_eq!(
        municipalities[0].name, "Cuxhaven, Stadt",
        "quoted name with a comma"
    );
    assert!(
        municipalities
            .iter()
            .all(|m| m.office.as_str() == "ja-03352")
    );
}

#[test]
fn works_without_byte_order_mark_and_with_crlf_line_ends() {
    let text = format!("{HEADER}\r\n{CUXHAVEN_DISTRICT}\r\n{CUXHAVEN_CITY}\r\n");
    let (offices, municipalities) = parse_municipalities(&text).expect("valid file");
    assert_eq!(offices.len(), 1);
    assert_eq!(municipalities[0].name, "Cuxhaven, Stadt");
}

#[test]
fn the_byte_order_mark_does_not_hide_the_first_column() {
    // Without stripping it, the first header field would be "\u{feff}satzart" and not found.
    let text = file(&[CUXHAVEN_DISTRICT, CUXHAVEN_CITY]);
    assert!(text.starts_with('\u{feff}'));
    assert!(parse_municipalities(&text).is_ok());
}

#[test]
fn berlin_keeps_the_abroad_register() {
    let (offices, _) = parse(&[
        "40,41,04,0,11,,,\"Bremen, Stadt\",,",
        "60,61,04,0,11,0000,000,\"Bremen, Stadt\", 317.84, 567 559",
        "40,41,11,0,00,,,\"Berlin, Stadt\",,",
        "60,61,11,0,00,0000,000,\"Berlin, Stadt\", 891.12,3 669 491",
    ]);
    let flags: Vec<(&str, bool)> = offices
        .iter()
        .map(|o| (o.id.as_str(), o.abroad_register))
        .collect();
    assert_eq!(flags, [("ja-04011", false), ("ja-11000", true)]);
    assert_eq!(offices[0].name, "Jugendamt Bremen");
    assert_eq!(
        offices[1].name,
        "Jugendamt Berlin (zentrales Sorgeregister)"
    );
}

#[test]
fn bad_keys_are_reported_with_their_lines() {
    let error = reject(&[
        CUXHAVEN_DISTRICT,
        "60,64,03,3,52,0032,32,Loxstedt,,",
        "60,64,03,3,5x,0032,032,Loxstedt,,",
        "40,44,03,33,52,,,Cuxhaven,,",
    ]);
    assert_eq!(error.file, "municipalities");
    assert_eq!(
        lines_and_messages(&error),
        [
            (3, "bad AGS: gemeinde \"32\" must be 3 digits".to_owned()),
            (4, "bad AGS: kreis \"5x\" must be 2 digits".to_owned()),
            (5, "bad district key: rb \"33\" must be 1 digit".to_owned()),
        ]
    );
}

#[test]
fn a_municipality_without_its_district_row_is_an_error() {
    let error = reject(&[
        CUXHAVEN_DISTRICT,
        CUXHAVEN_CITY,
        "60,64,03,3,53,0001,001,Asendorf,,",
    ]);
    assert_eq!(
        lines_and_messages(&error),
        [(
            4,
            "municipality 03353001 lies in district 03353, which has no satzart-40 row".to_owned()
        )]
    );
}

#[test]
fn duplicates_are_errors_naming_the_first_line() {
    let error = reject(&[
        CUXHAVEN_DISTRICT,
        CUXHAVEN_CITY,
        LOXSTEDT,
        CUXHAVEN_CITY,
        CUXHAVEN_DISTRICT,
    ]);
    assert_eq!(
        lines_and_messages(&error),
        [
            (5, "duplicate AGS 03352011 (first on line 3)".to_owned()),
            (6, "duplicate district 03352 (first on line 2)".to_owned()),
        ]
    );
}

#[test]
fn wrong_column_counts_are_errors() {
    let error = reject(&[
        CUXHAVEN_DISTRICT,
        CUXHAVEN_CITY,
        "60,64,03,3,52,0032,032,Loxstedt",
        "60,64,03,3,52,0032,032,Lox,stedt,,",
    ]);
    assert_eq!(
        lines_and_messages(&error),
        [
            (4, "expected 10 fields as in the header, found 8".to_owned()),
            (
                5,
                "expected 10 fields as in the header, found 11".to_owned()
            ),
        ]
    );
}

#[test]
fn empty_names_and_unknown_types_are_errors() {
    let error = reject(&[
        "40,44,03,3,52,,,,,",
        "40,49,03,3,53,,,Harburg,,",
        "60,64,03,3,52,0032,032, ,,",
        "x,,,,,,,,,",
    ]);
    assert_eq!(
        lines_and_messages(&error),
        [
            (2, "empty name".to_owned()),
            (
                3,
                "textkennzeichen \"49\" is not a district type (41 to 45)".to_owned()
            ),
            (4, "empty name".to_owned()),
            (5, "satzart \"x\" is not a number".to_owned()),
        ]
    );
}

#[test]
fn all_problems_are_collected_not_just_the_first() {
    let bad = "60,64,03,3,52,0032,03,Loxstedt,,";
    let rows: Vec<&str> = std::iter::once(CUXHAVEN_DISTRICT)
        .chain(std::iter::repeat_n(bad, 150))
        .collect();
    let error = reject(&rows);
    assert_eq!(error.errors.len(), directory::MAX_ERRORS);
    assert_eq!(error.errors[0].line, 3);
    assert_eq!(error.errors[99].line, 102);
    assert!(error.to_string().contains("at least 100 errors"), "{error}");
}

#[test]
fn a_file_without_municipalities_is_an_error() {
    let error = reject(&[CUXHAVEN_DISTRICT, "10,,03,,,,,Niedersachsen,,"]);
    assert_eq!(
        lines_and_messages(&error),
        [(
            1,
            "the file contains no municipalities (satzart 60)".to_owned()
        )]
    );
    let empty = parse_municipalities("").expect_err("empty");
    assert_eq!(
        lines_and_messages(&empty),
        [(1, "the file is empty".to_owned())]
    );
}

#[test]
fn a_header_without_the_needed_columns_is_an_error() {
    let error = parse_municipalities("satzart,land,rb,kreis,gemeinde\n60,03,3,52,011\n")
        .expect_err("columns missing");
    assert_eq!(error.errors.len(), 1);
    assert_eq!(error.errors[0].line, 1);
    assert!(
        error.errors[0]
            .message
            .contains("textkennzeichen, gemeindename"),
        "{}",
        error.errors[0].message
    );
}

#[test]
fn uninhabited_areas_outside_any_district_are_skipped_not_rejected() {
    let rows = [
        CUXHAVEN_DISTRICT,
        CUXHAVEN_CITY,
        "50,50,13,0,00,9999,,Küstengewässer einschl. Anteil am Festlandsockel,,",
        "60,66,13,0,00,9999,999,Küstengewässer einschl. Anteil am Festlandsockel, 1.00,  0",
        // Uninhabited too, but inside its district: routed like any municipality.
        "60,66,03,3,52,9501,501,\"Forst, gemfr. Gebiet\", 1.00,  0",
    ];
    let (_, municipalities) = parse(&rows);
    let keys: Vec<&str> = municipalities.iter().map(|m| m.ags.as_str()).collect();
    assert_eq!(keys, ["03352011", "03352501"]);

    let directory = directory::build(&file(&rows), None, None).expect("valid file");
    assert_eq!(directory.skipped_municipality_rows.len(), 1);
    assert_eq!(directory.skipped_municipality_rows[0].line, 5);

    // An inhabited municipality in the same place is still an error.
    let error = reject(&[CUXHAVEN_DISTRICT, "60,64,13,0,00,9999,999,Irgendwo,,"]);
    assert_eq!(error.errors[0].line, 3);
    assert!(error.errors[0].message.contains("no satzart-40 row"));
}
