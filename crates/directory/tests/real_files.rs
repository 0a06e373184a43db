//! The full reference files in `/work/shared/data`, when present: the importer must take them
//! whole and route the seed's example correctly. Skipped (with a message) where the folder is
//! missing, e.g. on a machine without the reference data.

use std::path::{Path, PathBuf};

use directory::{Directory, build};
use domain::{Ags, PostalCode};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/");

fn load() -> Option<Directory> {
    let folder = Path::new(DATA);
    if !folder.is_dir() {
        eprintln!("skipping: reference data not found at {DATA}");
        return None;
    }
    let read = |name: &str| {
        let path: PathBuf = folder.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    let municipalities = read("gemeindeverzeichnis-auszug-gv4q.csv");
    let postal_codes = read("plz-ort-landkreis.csv");
    match build(&municipalities, Some(&postal_codes), None) {
        Ok(directory) => Some(directory),
        Err(error) => panic!("the reference files are rejected: {error}"),
    }
}

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
fn the_reference_files_import_whole() {
    let Some(directory) = load() else { return };

    // The extract has 11,004 satzart-60 rows; two are uninhabited areas in no district (the
    // German-Luxembourg condominium and Mecklenburg-Vorpommern's coastal waters), which no
    // Jugendamt serves.
    assert_eq!(directory.municipalities.len(), 11_002);
    let skipped: Vec<(usize, &str)> = directory
        .skipped_municipality_rows
        .iter()
        .map(|row| (row.line, &row.message[..26]))
        .collect();
    assert_eq!(
        skipped,
        [
            (4491, "uninhabited area 07000999 "),
            (13272, "uninhabited area 13000999 ")
        ]
    );
    assert_eq!(
        directory.municipalities.len() + skipped.len(),
        11_004,
        "every satzart-60 row is accounted for"
    );
    assert_eq!(directory.offices.len(), 401);
    for municipality in &directory.municipalities {
        assert!(
            directory.office(&municipality.office).is_some(),
            "{} has no office",
            municipality.ags
        );
    }

    assert_eq!(office_id(&directory, "03352011"), "ja-03352");
    assert_eq!(office_id(&directory, "04011000"), "ja-04011");
    let berlin = directory
        .office_for(ags("11000000"))
        .expect("Berlin has an office");
    assert!(berlin.abroad_register);
    let registers = directory
        .offices
        .iter()
        .filter(|o| o.abroad_register)
        .count();
    assert_eq!(registers, 1, "exactly one office keeps the abroad register");

    let plz = PostalCode::parse("28195").expect("valid code");
    let found: Vec<Ags> = directory.municipalities_with_postal_code(plz).collect();
    assert_eq!(found, [ags("04011000")]);

    let skipped = &directory.skipped_postal_rows;
    eprintln!("{} postal-code rows skipped:", skipped.len());
    for row in skipped {
        eprintln!("  {row}");
    }
    assert!(skipped.len() <= 5, "{} rows skipped", skipped.len());
    assert!(directory.postal_codes.len() > 12_000);
}

#[test]
fn office_names_are_readable() {
    let Some(directory) = load() else { return };
    let name = |key: &str| {
        directory
            .office_for(ags(key))
            .map(|o| o.name.clone())
            .unwrap_or_else(|| panic!("{key} has an office"))
    };
    assert_eq!(name("03352011"), "Jugendamt Landkreis Cuxhaven");
    assert_eq!(name("04011000"), "Jugendamt Bremen");
    assert_eq!(name("02000000"), "Jugendamt Hamburg");
    assert_eq!(
        name("11000000"),
        "Jugendamt Berlin (zentrales Sorgeregister)"
    );
    for office in &directory.offices {
        assert!(!office.name.contains(','), "{}", office.name);
        assert!(!office.name.contains("Kreis Landkreis"), "{}", office.name);
    }
}
