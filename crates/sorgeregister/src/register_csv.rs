//! The CSV format of an existing register that an office brings along (see the README,
//! "Bestehendes Register übernehmen"): its columns, and one row read into a notification.
//!
//! A row is validated by the very parser the JSON API uses (`domain::input`); this module only
//! maps columns to the API's fields, accepts the German spellings an office's own software
//! writes (`04.05.2020`, `Sorgeerklärungen`, `teilweise`), and names problems by column. What
//! needs the whole file or the database (duplicate references, jurisdiction, entries already
//! there) is `register_import`'s.

use std::borrow::Cow;

use time::Date;

use directory::csv_util::Row;
use domain::input::{
    AbroadInput, BirthPlaceInput, ChildInput, NotificationInput, ParentInput, SourceInput,
    parse_notification,
};
use domain::register::{CustodyPart, EntryKind, Notification, SourceKind};
use domain::validation::{Rule, bounded_text};
use domain::{FieldError, Problem};

/// Fields are separated by semicolons, as spreadsheet programs save CSV in German locales.
pub const DELIMITER: u8 = b';';
/// Separates the parts of custody within the `teilbereiche` field.
pub const PART_SEPARATOR: char = '|';
/// Longest `kennung` (the office's own reference of an entry).
pub const MAX_KENNUNG: usize = 100;

/// The columns of the format. The header names them; their order is free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Kennung,
    Art,
    Umfang,
    Teilbereiche,
    KindVornamen,
    KindFamilienname,
    KindGeburtsdatum,
    GeburtsortAgs,
    Geburtsland,
    GeburtsortAusland,
    MutterVornamen,
    MutterFamilienname,
    MutterGeburtsname,
    VaterVornamen,
    VaterFamilienname,
    VaterGeburtsname,
    WirksamAb,
    QuelleArt,
    QuelleName,
    QuelleAktenzeichen,
}

/// Every column with its header name and whether the header must have it (an optional column
/// may be left out when a register has no such data, e.g. no births abroad).
pub const COLUMNS: [(Column, &str, bool); 20] = [
    (Column::Kennung, "kennung", true),
    (Column::Art, "art", true),
    (Column::Umfang, "umfang", true),
    (Column::Teilbereiche, "teilbereiche", false),
    (Column::KindVornamen, "kind_vornamen", true),
    (Column::KindFamilienname, "kind_familienname", true),
    (Column::KindGeburtsdatum, "kind_geburtsdatum", true),
    (Column::GeburtsortAgs, "geburtsort_ags", true),
    (Column::Geburtsland, "geburtsland", false),
    (Column::GeburtsortAusland, "geburtsort_ausland", false),
    (Column::MutterVornamen, "mutter_vornamen", true),
    (Column::MutterFamilienname, "mutter_familienname", true),
    (Column::MutterGeburtsname, "mutter_geburtsname", false),
    (Column::VaterVornamen, "vater_vornamen", false),
    (Column::VaterFamilienname, "vater_familienname", false),
    (Column::VaterGeburtsname, "vater_geburtsname", false),
    (Column::WirksamAb, "wirksam_ab", true),
    (Column::QuelleArt, "quelle_art", true),
    (Column::QuelleName, "quelle_name", true),
    (Column::QuelleAktenzeichen, "quelle_aktenzeichen", true),
];

impl Column {
    pub fn name(self) -> &'static str {
        COLUMNS[self as usize].1
    }
}

/// German words accepted beside the API's codes: (German, code).
pub const KIND_WORDS: &[(&str, &str)] = &[
    ("sorgeerklaerungen", "custody_declarations"),
    ("gemeinsame_sorge_gericht", "court_joint_custody"),
    ("sorgeentzug_gericht", "court_custody_withdrawn"),
    ("ersetzung_art224", "court_replacement_art224"),
];
pub const SCOPE_WORDS: &[(&str, &str)] = &[("gesamt", "whole"), ("teilweise", "partial")];
pub const PART_WORDS: &[(&str, &str)] = &[
    ("aufenthalt", "residence"),
    ("gesundheit", "health"),
    ("schule", "schooling"),
    ("vermoegen", "assets"),
    ("behoerden", "authorities"),
    ("religion", "religion"),
    ("sonstiges", "other"),
];
pub const SOURCE_WORDS: &[(&str, &str)] = &[
    ("notar", "notary"),
    ("gericht", "court"),
    ("jugendamt", "youth_office"),
];

/// Where each column sits in the file.
#[derive(Debug, Clone)]
pub struct Header {
    positions: [Option<usize>; COLUMNS.len()],
    /// Fields every row must have.
    pub width: usize,
}

impl Header {
    /// Reads the header row; the problems name every unknown, repeated or missing column.
    pub fn parse(row: &Row) -> Result<Header, Vec<String>> {
        if row.len() == 1 && row.field(0).contains(',') {
            return Err(vec![format!(
                "the header has one column only: fields must be separated by \"{}\", not \",\"",
                char::from(DELIMITER)
            )]);
        }
        let mut positions = [None; COLUMNS.len()];
        let mut problems = Vec::new();
        for index in 0..row.len() {
            let name = row.field(index).to_lowercase();
            match COLUMNS.iter().position(|(_, known, _)| *known == name) {
                Some(slot) if positions[slot].is_some() => {
                    problems.push(format!("column {name} appears twice"));
                }
                Some(slot) => positions[slot] = Some(index),
                None => problems.push(format!("unknown column {:?}", row.field(index))),
            }
        }
        let missing: Vec<&str> = COLUMNS
            .iter()
            .zip(&positions)
            .filter(|((_, _, required), at)| *required && at.is_none())
            .map(|((_, name, _), _)| *name)
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "the header lacks the column(s) {}",
                missing.join(", ")
            ));
        }
        if problems.is_empty() {
            Ok(Header {
                positions,
                width: row.len(),
            })
        } else {
            Err(problems)
        }
    }

    /// The field of `column` in `row`, trimmed; `None` when empty or when the file has no such
    /// column.
    fn cell<'r>(&self, row: &'r Row, column: Column) -> Option<&'r str> {
        self.positions[column as usize]
            .map(|index| row.field(index))
            .filter(|value| !value.is_empty())
    }
}

/// One problem in one field of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The column's header name.
    pub column: &'static str,
    pub message: String,
}

/// One row, read: its `kennung` when that is usable, and either the notification or what is
/// wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    pub kennung: Option<String>,
    pub notification: Result<Notification, Vec<CellProblem>>,
}

/// Reads one data row with the API's validation of a notification (`today` bounds the dates).
pub fn parse_row(header: &Header, row: &Row, today: Date) -> ParsedRow {
    let cell = |column| header.cell(row, column);
    let mut problems = Vec::new();
    let kennung = match cell(Column::Kennung).map(|raw| bounded_text(raw, MAX_KENNUNG)) {
        Some(Ok(kennung)) => Some(kennung),
        Some(Err(problem)) => {
            problems.push(cell_problem(Column::Kennung.name(), &problem));
            None
        }
        None => {
            problems.push(cell_problem(Column::Kennung.name(), &Problem::Missing));
            None
        }
    };

    // The text the shared parser reads: German words and dates turned into the API's forms.
    let kind = cell(Column::Art).map(|v| code(v, KIND_WORDS));
    let scope = cell(Column::Umfang).map(|v| code(v, SCOPE_WORDS));
    let parts: Option<Vec<Cow<str>>> = cell(Column::Teilbereiche).map(|v| {
        v.split(PART_SEPARATOR)
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| code(part, PART_WORDS))
            .collect()
    });
    let birth_date = cell(Column::KindGeburtsdatum).map(iso_date);
    let effective_date = cell(Column::WirksamAb).map(iso_date);
    let source_kind = cell(Column::QuelleArt).map(|v| code(v, SOURCE_WORDS));

    let country = cell(Column::Geburtsland);
    let place_abroad = cell(Column::GeburtsortAusland);
    let father = [
        Column::VaterVornamen,
        Column::VaterFamilienname,
        Column::VaterGeburtsname,
    ]
    .iter()
    .any(|c| cell(*c).is_some())
    .then(|| ParentInput {
        given_names: cell(Column::VaterVornamen),
        family_name: cell(Column::VaterFamilienname),
        birth_name: cell(Column::VaterGeburtsname),
    });
    let input = NotificationInput {
        child: Some(ChildInput {
            given_names: cell(Column::KindVornamen),
            family_name_at_birth: cell(Column::KindFamilienname),
            birth_date: birth_date.as_deref(),
            birth_place: Some(BirthPlaceInput {
                municipality_key: cell(Column::GeburtsortAgs),
                abroad: (country.is_some() || place_abroad.is_some()).then_some(AbroadInput {
                    country,
                    place: place_abroad,
                }),
            }),
        }),
        mother: Some(ParentInput {
            given_names: cell(Column::MutterVornamen),
            family_name: cell(Column::MutterFamilienname),
            birth_name: cell(Column::MutterGeburtsname),
        }),
        father,
        kind: kind.as_deref(),
        scope: scope.as_deref(),
        parts: parts
            .as_ref()
            .map(|parts| parts.iter().map(|p| p.as_ref()).collect()),
        effective_date: effective_date.as_deref(),
        source: Some(SourceInput {
            kind: source_kind.as_deref(),
            name: cell(Column::QuelleName),
            reference: cell(Column::QuelleAktenzeichen),
        }),
    };
    let notification = match parse_notification(&input, today) {
        Ok(notification) if problems.is_empty() => Ok(notification),
        Ok(_) => Err(problems),
        Err(errors) => {
            problems.extend(errors.iter().map(|e| field_problem(e, parts.as_deref())));
            Err(problems)
        }
    };
    ParsedRow {
        kennung,
        notification,
    }
}

/// The API's code for a value given as a code or a German word, in any case, with umlauts or
/// their transcriptions, spaces or hyphens for underscores. Anything else is passed on for
/// the parser to refuse.
fn code<'a>(raw: &'a str, words: &[(&str, &'static str)]) -> Cow<'a, str> {
    let folded: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'ä' => "ae".chars().collect::<Vec<_>>(),
            'ö' => "oe".chars().collect(),
            'ü' => "ue".chars().collect(),
            'ß' => "ss".chars().collect(),
            ' ' | '-' => vec!['_'],
            other => vec![other],
        })
        .collect();
    if let Some((_, code)) = words.iter().find(|(german, _)| *german == folded) {
        return Cow::Borrowed(code);
    }
    if folded == raw {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(folded)
    }
}

/// A German date (`4.5.2020`, `04.05.2020`) as `2020-05-04`; anything else unchanged, for the
/// parser to accept (ISO) or refuse.
fn iso_date(raw: &str) -> Cow<'_, str> {
    let mut pieces = raw.split('.');
    let (Some(day), Some(month), Some(year), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Cow::Borrowed(raw);
    };
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if digits(day, &[1, 2]) && digits(month, &[1, 2]) && digits(year, &[4]) {
        Cow::Owned(format!("{year}-{month:0>2}-{day:0>2}"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// A problem of the shared parser, named by the column it concerns.
fn field_problem(error: &FieldError, parts: Option<&[Cow<str>]>) -> CellProblem {
    let column = match error.field.as_str() {
        "child.given_names" => Column::KindVornamen,
        "child.family_name_at_birth" => Column::KindFamilienname,
        "child.birth_date" => Column::KindGeburtsdatum,
        "child.birth_place" | "child.birth_place.municipality_key" => Column::GeburtsortAgs,
        "child.birth_place.abroad.country" => Column::Geburtsland,
        "child.birth_place.abroad.place" => Column::GeburtsortAusland,
        "mother" | "mother.given_names" => Column::MutterVornamen,
        "mother.family_name" => Column::MutterFamilienname,
        "mother.birth_name" => Column::MutterGeburtsname,
        "father" | "father.given_names" => Column::VaterVornamen,
        "father.family_name" => Column::VaterFamilienname,
        "father.birth_name" => Column::VaterGeburtsname,
        "kind" => Column::Art,
        "scope" => Column::Umfang,
        "effective_date" => Column::WirksamAb,
        "source" | "source.kind" => Column::QuelleArt,
        "source.name" => Column::QuelleName,
        "source.reference" => Column::QuelleAktenzeichen,
        field if field.starts_with("parts") => {
            let mut problem = cell_problem(Column::Teilbereiche.name(), &error.problem);
            let index = field
                .strip_prefix("parts[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok());
            if let Some(part) = index.and_then(|i| parts.and_then(|p| p.get(i))) {
                problem.message = format!("{part:?}: {}", problem.message);
            }
            return problem;
        }
        // Every path the parser names is mapped above; an unknown one still reaches the user.
        other => {
            return CellProblem {
                column: "-",
                message: format!(
                    "{other}: {}",
                    web::problem_message(&error.problem, web::Lang::En)
                ),
            };
        }
    };
    cell_problem(column.name(), &error.problem)
}

/// The message for a problem in `column`: the API's English text, except where that names the
/// API's own fields or spellings.
fn cell_problem(column: &'static str, problem: &Problem) -> CellProblem {
    let words = |codes: &[&str], words: &[(&str, &str)]| {
        let german: Vec<&str> = words.iter().map(|(german, _)| *german).collect();
        format!(
            "Allowed values: {} (or in German: {}).",
            codes.join(", "),
            german.join(", ")
        )
    };
    let message = match problem {
        Problem::InvalidDate => "Not a valid date (YYYY-MM-DD or DD.MM.YYYY).".to_owned(),
        Problem::OneOf { .. } if column == Column::Art.name() => words(&EntryKind::ALL, KIND_WORDS),
        Problem::OneOf { .. } if column == Column::Umfang.name() => {
            words(&["whole", "partial"], SCOPE_WORDS)
        }
        Problem::OneOf { .. } if column == Column::Teilbereiche.name() => {
            words(&CustodyPart::ALL, PART_WORDS)
        }
        Problem::OneOf { .. } if column == Column::QuelleArt.name() => {
            words(&SourceKind::ALL, SOURCE_WORDS)
        }
        Problem::NotAllowed {
            rule: Rule::PartsOnlyWhenPartial,
        } => "Parts of custody are given only with umfang \"partial\" (\"teilweise\").".to_owned(),
        Problem::NotAllowed {
            rule: Rule::EitherMunicipalityOrAbroad,
        } => "Give either geburtsort_ags, or geburtsland and geburtsort_ausland.".to_owned(),
        other => web::problem_message(other, web::Lang::En),
    };
    CellProblem { column, message }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use directory::csv_util::rows_separated_by;
    use domain::application::BirthPlace;
    use domain::register::Scope;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 01 - 15);
    const HEADER: &str = "kennung;art;umfang;teilbereiche;kind_vornamen;kind_familienname;\
        kind_geburtsdatum;geburtsort_ags;geburtsland;geburtsort_ausland;mutter_vornamen;\
        mutter_familienname;mutter_geburtsname;vater_vornamen;vater_familienname;\
        vater_geburtsname;wirksam_ab;quelle_art;quelle_name;quelle_aktenzeichen";
    const GOOD: &str = "SR-2019-001;Sorgeerklärungen;gesamt;;Paula Marie;Lange;04.05.2019;\
        03352011;;;Sandra;Lange;;Thomas;Brandt;;15.06.2019;Jugendamt;\
        Jugendamt Landkreis Cuxhaven;UR 101/2019";

    fn read(text: &str) -> (Header, Vec<Row>) {
        let mut rows = rows_separated_by(text, DELIMITER).map(|row| row.expect("valid CSV"));
        let header = Header::parse(&rows.next().expect("header")).expect("valid header");
        (header, rows.collect())
    }

    fn parse(line: &str) -> ParsedRow {
        let (header, rows) = read(&format!("{HEADER}\n{line}\n"));
        parse_row(&header, &rows[0], TODAY)
    }

    fn problems(row: &ParsedRow) -> Vec<(&'static str, String)> {
        match &row.notification {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|p| (p.column, p.message.clone()))
                .collect(),
        }
    }

    #[test]
    fn a_row_with_german_words_and_dates_becomes_a_notification() {
        let row = parse(GOOD);
        assert_eq!(row.kennung.as_deref(), Some("SR-2019-001"));
        let n = row.notification.expect("valid row");
        assert_eq!(n.kind, EntryKind::CustodyDeclarations);
        assert_eq!(n.scope, Scope::Whole);
        assert_eq!(n.child.birth_date, date!(2019 - 05 - 04));
        assert_eq!(n.child.given_names.as_str(), "Paula Marie");
        assert_eq!(
            n.child.birth_place,
            BirthPlace::Municipality(domain::Ags::parse("03352011").unwrap())
        );
        assert_eq!(n.effective_date, date!(2019 - 06 - 15));
        assert_eq!(n.source.kind, SourceKind::YouthOffice);
        assert_eq!(
            n.father.map(|f| f.family_name.to_string()).as_deref(),
            Some("Brandt")
        );
    }

    #[test]
    fn the_api_codes_and_iso_dates_work_as_well() {
        let row = parse(
            "7;court_joint_custody;partial;health | Schule;Ben;Ahrens;2018-02-01;;AT;Wien;\
             Lena;Ahrens;Berg;Kai;Vogt;;2019-03-01;court;Amtsgericht Cuxhaven;5 F 12/19",
        );
        let n = row.notification.expect("valid row");
        assert_eq!(n.kind, EntryKind::CourtJointCustody);
        assert_eq!(
            n.scope.parts(),
            [CustodyPart::Health, CustodyPart::Schooling]
        );
        assert!(matches!(n.child.birth_place, BirthPlace::Abroad { .. }));
        assert_eq!(
            n.mother.birth_name.map(|b| b.to_string()).as_deref(),
            Some("Berg")
        );
    }

    #[test]
    fn every_problem_of_a_row_is_named_by_its_column() {
        let row = parse(
            "9;Sorgeerklaerung;gesamt;;Anna;Meyer;31.02.2020;03352011;;;Eva;Meyer;;;;;\
             2020-06-01;notar;Notariat Otterndorf;",
        );
        assert_eq!(row.kennung.as_deref(), Some("9"));
        let found = problems(&row);
        let columns: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            columns,
            ["kind_geburtsdatum", "art", "quelle_aktenzeichen"],
            "{found:?}"
        );
        assert!(found[0].1.contains("DD.MM.YYYY"), "{found:?}");
        assert!(found[1].1.contains("sorgeerklaerungen"), "{found:?}");
    }

    #[test]
    fn declarations_without_the_father_are_refused() {
        let row = parse(
            "10;sorgeerklaerungen;gesamt;;Anna;Meyer;2020-02-03;03352011;;;Eva;Meyer;;;;;\
             2020-06-01;notar;Notariat Otterndorf;UR 1/2020",
        );
        assert_eq!(
            problems(&row),
            [(
                "vater_vornamen",
                "This kind of entry names both parents; give the father.".to_owned()
            )]
        );
    }

    #[test]
    fn lengths_birthplaces_parts_and_the_kennung_are_checked() {
        let long = "x".repeat(201);
        let row = parse(&format!(
            ";gemeinsame_sorge_gericht;teilweise;Garten;Anna;Meyer;2020-02-03;;;;Eva;Meyer;;\
             Tom;Kurz;;2021-06-01;gericht;{long};7 F 3/21"
        ));
        assert_eq!(row.kennung, None);
        let found = problems(&row);
        let columns: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            columns,
            ["kennung", "geburtsort_ags", "teilbereiche", "quelle_name"],
            "{found:?}"
        );
        assert!(found[2].1.starts_with("\"garten\": "), "{found:?}");
        assert_eq!(found[3].1, "At most 200 characters.");
    }

    #[test]
    fn the_header_names_unknown_repeated_and_missing_columns() {
        let mut rows = rows_separated_by("kennung;art;art;vater_vorname\n", DELIMITER);
        let problems = Header::parse(&rows.next().unwrap().unwrap()).expect_err("bad header");
        assert_eq!(problems[0], "column art appears twice");
        assert_eq!(problems[1], "unknown column \"vater_vorname\"");
        assert!(
            problems[2].contains("umfang, kind_vornamen"),
            "{problems:?}"
        );
        assert!(!problems[2].contains("teilbereiche"), "{problems:?}");

        let mut rows = rows_separated_by("kennung,art,umfang\n", DELIMITER);
        let problems = Header::parse(&rows.next().unwrap().unwrap()).expect_err("commas");
        assert!(problems[0].contains("separated by \";\""), "{problems:?}");
    }

    #[test]
    fn optional_columns_may_be_left_out() {
        let (header, rows) = read(
            "KENNUNG;art;umfang;kind_vornamen;kind_familienname;kind_geburtsdatum;\
             geburtsort_ags;mutter_vornamen;mutter_familienname;wirksam_ab;quelle_art;\
             quelle_name;quelle_aktenzeichen\n\
             11;court_custody_withdrawn;whole;Mila;Schulz;2019-01-02;03352011;Jana;Schulz;\
             2020-01-01;youth_office;Jugendamt Landkreis Cuxhaven;SB 4/2020\n",
        );
        let row = parse_row(&header, &rows[0], TODAY);
        let n = row.notification.expect("valid row");
        assert_eq!(n.father, None);
        assert_eq!(n.kind, EntryKind::CourtCustodyWithdrawn);
    }

    #[test]
    fn german_dates_are_only_rewritten_when_they_look_german() {
        assert_eq!(iso_date("4.5.2020"), "2020-05-04");
        assert_eq!(iso_date("04.05.2020"), "2020-05-04");
        assert_eq!(iso_date("2020-05-04"), "2020-05-04");
        assert_eq!(iso_date("04.05.20"), "04.05.20");
        assert_eq!(iso_date("1.2.3.2020"), "1.2.3.2020");
        assert_eq!(
            code("Gemeinsame Sorge-Gericht", KIND_WORDS),
            "court_joint_custody"
        );
        assert_eq!(code("Vermögen", PART_WORDS), "assets");
        assert_eq!(code("whole", SCOPE_WORDS), "whole");
    }
}
