//! How a district office is named: from the district's official name and type (the Destatis
//! `textkennzeichen` of a satzart-40 row) to a readable German name such as
//! "Jugendamt Landkreis Cuxhaven" or "Jugendamt Bremen".
//!
//! Names are for people; nothing may route by them. Offices are identified by [`domain::OfficeId`].

use domain::DistrictKey;

/// The district whose Jugendamt keeps the central register for children born abroad or whose
/// birthplace is unknown (§ 87c Abs. 6 SGB VIII): the Land Berlin.
pub const ABROAD_REGISTER_DISTRICT: &str = "11000";

/// The type of a district, as coded in `textkennzeichen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictType {
    /// 41
    KreisfreieStadt,
    /// 42 (Baden-Württemberg's name for a kreisfreie Stadt)
    Stadtkreis,
    /// 43
    Kreis,
    /// 44
    Landkreis,
    /// 45 (Saarbrücken)
    Regionalverband,
}

impl DistrictType {
    pub fn from_code(code: &str) -> Option<DistrictType> {
        match code {
            "41" => Some(DistrictType::KreisfreieStadt),
            "42" => Some(DistrictType::Stadtkreis),
            "43" => Some(DistrictType::Kreis),
            "44" => Some(DistrictType::Landkreis),
            "45" => Some(DistrictType::Regionalverband),
            _ => None,
        }
    }
}

/// Whether the office of `district` keeps the register for children born abroad.
pub fn is_abroad_register(district: DistrictKey) -> bool {
    district.as_str() == ABROAD_REGISTER_DISTRICT
}

/// The office name for a district with the official name `official` (e.g. "Bremen, Stadt",
/// "Cuxhaven", "Region Hannover").
pub fn office_name(district: DistrictKey, kind: DistrictType, official: &str) -> String {
    // Destatis appends the town's title after a comma ("Köln, Stadt", "Kiel,
    // Landeshauptstadt", "Hamburg, Freie und Hansestadt"); the title adds nothing to the name.
    let place = official
        .split_once(", ")
        .map_or(official, |(place, _title)| place)
        .trim();
    let name = match kind {
        DistrictType::KreisfreieStadt | DistrictType::Stadtkreis => format!("Jugendamt {place}"),
        DistrictType::Kreis | DistrictType::Landkreis | DistrictType::Regionalverband
            if names_its_type(place) =>
        {
            format!("Jugendamt {place}")
        }
        DistrictType::Kreis => format!("Jugendamt Kreis {place}"),
        DistrictType::Landkreis => format!("Jugendamt Landkreis {place}"),
        DistrictType::Regionalverband => format!("Jugendamt Regionalverband {place}"),
    };
    if is_abroad_register(district) {
        format!("{name} (zentrales Sorgeregister)")
    } else {
        name
    }
}

/// Names like "Rhein-Sieg-Kreis", "Landkreis Rostock", "Region Hannover" or "Städteregion
/// Aachen" already say what they are; prefixing "Landkreis" would read wrong.
fn names_its_type(place: &str) -> bool {
    let lower = place.to_lowercase();
    ["kreis", "region", "verband"]
        .iter()
        .any(|word| lower.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(key: &str, code: &str, official: &str) -> String {
        let district = DistrictKey::parse(key).expect("test key is valid");
        let kind = DistrictType::from_code(code).expect("test code is valid");
        office_name(district, kind, official)
    }

    #[test]
    fn towns_lose_their_title() {
        assert_eq!(name("04011", "41", "Bremen, Stadt"), "Jugendamt Bremen");
        assert_eq!(
            name("02000", "41", "Hamburg, Freie und Hansestadt"),
            "Jugendamt Hamburg"
        );
        assert_eq!(
            name("09162", "41", "München, Landeshauptstadt"),
            "Jugendamt München"
        );
        assert_eq!(
            name("03403", "41", "Oldenburg (Oldenburg), Stadt"),
            "Jugendamt Oldenburg (Oldenburg)"
        );
        assert_eq!(
            name("08111", "42", "Stuttgart, Stadtkreis"),
            "Jugendamt Stuttgart"
        );
    }

    #[test]
    fn districts_say_what_they_are_once() {
        assert_eq!(
            name("03352", "44", "Cuxhaven"),
            "Jugendamt Landkreis Cuxhaven"
        );
        assert_eq!(
            name("01051", "43", "Dithmarschen"),
            "Jugendamt Kreis Dithmarschen"
        );
        assert_eq!(
            name("05382", "43", "Rhein-Sieg-Kreis"),
            "Jugendamt Rhein-Sieg-Kreis"
        );
        assert_eq!(
            name("13072", "44", "Landkreis Rostock"),
            "Jugendamt Landkreis Rostock"
        );
        assert_eq!(
            name("03241", "44", "Region Hannover"),
            "Jugendamt Region Hannover"
        );
        assert_eq!(
            name("05334", "43", "Städteregion Aachen"),
            "Jugendamt Städteregion Aachen"
        );
        assert_eq!(
            name("10041", "45", "Regionalverband Saarbrücken"),
            "Jugendamt Regionalverband Saarbrücken"
        );
    }

    #[test]
    fn berlin_keeps_the_abroad_register() {
        assert_eq!(
            name("11000", "41", "Berlin, Stadt"),
            "Jugendamt Berlin (zentrales Sorgeregister)"
        );
        assert!(is_abroad_register(
            DistrictKey::parse("11000").expect("valid")
        ));
        assert!(!is_abroad_register(
            DistrictKey::parse("04011").expect("valid")
        ));
    }

    #[test]
    fn unknown_type_codes_are_rejected() {
        for code in ["", "40", "46", "x"] {
            assert_eq!(DistrictType::from_code(code), None, "{code:?}");
        }
    }
}
