//! The Destatis municipality directory ("Gemeindeverzeichnis, Auszug GV"): districts become
//! offices, municipalities are routed to their district's office.
//!
//! Only satzart 40 (Kreis / kreisfreie Stadt) and 60 (Gemeinde) rows matter; Länder,
//! Regierungsbezirke, regions and Gemeindeverbände are skipped, and so are the numeric columns
//! (area, population, coordinates). Towns with their own Jugendamt are not known here; see
//! [`crate::overrides`].

use std::collections::HashMap;

use domain::{Ags, DistrictKey, OfficeId};

use crate::csv_util::{Row, first_line, locate, rows, wrong_count};
use crate::error::{Collector, ImportError, LineError};
use crate::model::{Municipality, Office};
use crate::office_name::{DistrictType, is_abroad_register, office_name};

/// The name [`ImportError::file`] gives this input.
pub const FILE: &str = "municipalities";

/// Positions of the columns we read.
struct Columns {
    satzart: usize,
    kind: usize,
    land: usize,
    rb: usize,
    kreis: usize,
    gemeinde: usize,
    name: usize,
    /// Fields in the header, which every row must have too.
    count: usize,
}

impl Columns {
    fn locate(header: &Row) -> Result<Columns, LineError> {
        let [satzart, kind, land, rb, kreis, gemeinde, name] = locate(
            header,
            [
                "satzart",
                "textkennzeichen",
                "land",
                "rb",
                "kreis",
                "gemeinde",
                "gemeindename",
            ],
        )?;
        Ok(Columns {
            satzart,
            kind,
            land,
            rb,
            kreis,
            gemeinde,
            name,
            count: header.len(),
        })
    }
}

/// Textkennzeichen of a satzart-60 row for an uninhabited area outside any municipality
/// (*gemeindefreies Gebiet, unbewohnt*).
const UNINHABITED_AREA: &str = "66";

/// Parses a Destatis GV extract into the district offices and the municipalities, each routed to
/// its district's office.
///
/// Every problem is reported with its line: a bad key, a name that is empty, a duplicate
/// district or AGS, a municipality whose district has no satzart-40 row, a row with a different
/// number of fields than the header, and a file without municipalities. Any problem rejects the
/// whole file.
///
/// One exception to the district rule: an uninhabited area (textkennzeichen 66) that lies in no
/// district is left out, since no Jugendamt serves it. The real extract has two, the
/// German-Luxembourg condominium (07000999) and Mecklenburg-Vorpommern's coastal waters
/// (13000999). [`crate::build`] lists them in [`crate::Directory::skipped_municipality_rows`].
pub fn parse_municipalities(text: &str) -> Result<(Vec<Office>, Vec<Municipality>), ImportError> {
    parse(text).map(|parsed| (parsed.offices, parsed.municipalities))
}

/// What [`parse`] yields.
pub(crate) struct Parsed {
    pub offices: Vec<Office>,
    pub municipalities: Vec<Municipality>,
    /// Uninhabited areas outside any district, with the reason they were left out.
    pub skipped: Vec<LineError>,
}

/// [`parse_municipalities`], also returning the rows it left out.
pub(crate) fn parse(text: &str) -> Result<Parsed, ImportError> {
    let mut rows = rows(text);
    let header = match rows.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(ImportError::single(FILE, error)),
        None => {
            return Err(ImportError::single(
                FILE,
                LineError::new(1, "the file is empty"),
            ));
        }
    };
    let columns = Columns::locate(&header).map_err(|error| ImportError::single(FILE, error))?;
    let mut parser = Parser::default();
    for row in rows {
        if parser.errors.is_full() {
            break;
        }
        match row {
            Ok(row) => parser.row(&row, &columns),
            Err(error) => {
                parser.errors.push(error.line, error.message);
                break;
            }
        }
    }
    parser.finish(header.line)
}

/// The state of one parse.
#[derive(Default)]
struct Parser {
    errors: Collector,
    offices: Vec<Office>,
    district_lines: HashMap<DistrictKey, usize>,
    /// With their line and whether they are uninhabited areas.
    municipalities: Vec<(usize, Municipality, bool)>,
    municipality_lines: HashMap<Ags, usize>,
    rows_of_60: usize,
}

impl Parser {
    fn row(&mut self, row: &Row, columns: &Columns) {
        if row.len() != columns.count {
            self.errors
                .push(row.line, wrong_count(columns.count, row.len()));
            return;
        }
        match row.field(columns.satzart) {
            "40" => {
                let Some(office) = district(row, columns, &mut self.errors) else {
                    return;
                };
                match first_line(&mut self.district_lines, office.district, row.line) {
                    Some(first) => self.errors.push(
                        row.line,
                        format!(
                            "duplicate district {} (first on line {first})",
                            office.district
                        ),
                    ),
                    None => self.offices.push(office),
                }
            }
            "60" => {
                self.rows_of_60 += 1;
                let Some(municipality) = municipality(row, columns, &mut self.errors) else {
                    return;
                };
                match first_line(&mut self.municipality_lines, municipality.ags, row.line) {
                    Some(first) => self.errors.push(
                        row.line,
                        format!("duplicate AGS {} (first on line {first})", municipality.ags),
                    ),
                    None => {
                        let uninhabited = row.field(columns.kind) == UNINHABITED_AREA;
                        self.municipalities
                            .push((row.line, municipality, uninhabited));
                    }
                }
            }
            other if !other.is_empty() && other.bytes().all(|b| b.is_ascii_digit()) => {}
            other => self
                .errors
                .push(row.line, format!("satzart {other:?} is not a number")),
        }
    }

    /// Checks what needs the whole file: every municipality's district exists, and there are
    /// municipalities at all.
    fn finish(mut self, header_line: usize) -> Result<Parsed, ImportError> {
        let mut municipalities = Vec::with_capacity(self.municipalities.len());
        let mut skipped = Vec::new();
        for (line, municipality, uninhabited) in self.municipalities {
            let district = municipality.ags.district();
            if self.district_lines.contains_key(&district) {
                municipalities.push(municipality);
            } else if uninhabited {
                let message = format!(
                    "uninhabited area {} {:?} lies in no district, so no Jugendamt serves it; \
                     row skipped",
                    municipality.ags, municipality.name
                );
                skipped.push(LineError::new(line, message));
            } else {
                let message = format!(
                    "municipality {} lies in district {district}, which has no satzart-40 row",
                    municipality.ags
                );
                self.errors.push(line, message);
            }
        }
        if self.rows_of_60 == 0 {
            self.errors.push(
                header_line,
                "the file contains no municipalities (satzart 60)",
            );
        }
        let parsed = Parsed {
            offices: self.offices,
            municipalities,
            skipped,
        };
        self.errors.finish(FILE, parsed)
    }
}

/// A satzart-40 row: a district and its office.
fn district(row: &Row, columns: &Columns, errors: &mut Collector) -> Option<Office> {
    let parts = [
        ("land", columns.land, 2),
        ("rb", columns.rb, 1),
        ("kreis", columns.kreis, 2),
    ];
    let key = digits(row, "district key", &parts)
        .and_then(|key| DistrictKey::parse(&key).map_err(|_| format!("bad district key {key:?}")));
    let code = row.field(columns.kind);
    let kind = DistrictType::from_code(code)
        .ok_or_else(|| format!("textkennzeichen {code:?} is not a district type (41 to 45)"));
    let name = non_empty(row.field(columns.name));
    match (key, kind, name) {
        (Ok(district), Ok(kind), Ok(name)) => Some(Office {
            id: OfficeId::for_district(district),
            name: office_name(district, kind, name),
            district,
            abroad_register: is_abroad_register(district),
        }),
        (key, kind, name) => {
            for message in [key.err(), kind.err(), name.err()].into_iter().flatten() {
                errors.push(row.line, message);
            }
            None
        }
    }
}

/// A satzart-60 row: a municipality, routed to its district's office.
fn municipality(row: &Row, columns: &Columns, errors: &mut Collector) -> Option<Municipality> {
    let parts = [
        ("land", columns.land, 2),
        ("rb", columns.rb, 1),
        ("kreis", columns.kreis, 2),
        ("gemeinde", columns.gemeinde, 3),
    ];
    let ags = digits(row, "AGS", &parts)
        .and_then(|key| Ags::parse(&key).map_err(|_| format!("bad AGS {key:?}")));
    let name = non_empty(row.field(columns.name));
    match (ags, name) {
        (Ok(ags), Ok(name)) => Some(Municipality {
            ags,
            name: name.to_owned(),
            office: OfficeId::for_district(ags.district()),
        }),
        (ags, name) => {
            for message in [ags.err(), name.err()].into_iter().flatten() {
                errors.push(row.line, message);
            }
            None
        }
    }
}

/// Joins key parts, each checked to have exactly its width in ASCII digits, so that a short
/// part cannot be made up for by a long neighbour.
fn digits(row: &Row, what: &str, parts: &[(&str, usize, usize)]) -> Result<String, String> {
    let mut key = String::new();
    for &(label, column, width) in parts {
        let value = row.field(column);
        if value.len() != width || !value.bytes().all(|b| b.is_ascii_digit()) {
            let plural = if width == 1 { "" } else { "s" };
            return Err(format!(
                "bad {what}: {label} {value:?} must be {width} digit{plural}"
            ));
        }
        key.push_str(value);
    }
    Ok(key)
}

fn non_empty(name: &str) -> Result<&str, String> {
    if name.is_empty() {
        Err("empty name".to_owned())
    } else {
        Ok(name)
    }
}
