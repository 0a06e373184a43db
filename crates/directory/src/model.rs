//! What an import produces: the offices (Jugendämter), the municipalities each serves, and which
//! postal codes lie in which municipality.

use domain::{Ags, DistrictKey, OfficeId, PostalCode};

use crate::error::LineError;
use crate::postal_codes::PostalCodePairs;

/// A Jugendamt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub id: OfficeId,
    /// A readable German name, e.g. "Jugendamt Landkreis Cuxhaven".
    pub name: String,
    /// The district the office lies in; for a town with its own Jugendamt, the town's district.
    pub district: DistrictKey,
    /// Whether this office keeps the central register for children born abroad or whose
    /// birthplace is unknown (Berlin, § 87c Abs. 6 SGB VIII).
    pub abroad_register: bool,
}

/// A municipality (Gemeinde) and the Jugendamt responsible for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub ags: Ags,
    /// The official name as Destatis writes it, e.g. "Cuxhaven, Stadt".
    pub name: String,
    pub office: OfficeId,
}

/// Everything an import yields, consistent by construction: every municipality's office is in
/// `offices`, and every postal code's municipality is in `municipalities`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    /// District offices in file order, then the offices of towns with their own Jugendamt.
    pub offices: Vec<Office>,
    /// In file order.
    pub municipalities: Vec<Municipality>,
    /// Sorted and without duplicates. A postal code can span several municipalities.
    pub postal_codes: PostalCodePairs,
    /// Rows of the municipality directory that were left out, with the reason (see
    /// [`crate::parse_municipalities`]); for the import's log.
    pub skipped_municipality_rows: Vec<LineError>,
    /// Rows of the postal-code file that were left out, with the reason (see
    /// [`crate::parse_postal_codes`]); for the import's log.
    pub skipped_postal_rows: Vec<LineError>,
}

impl Directory {
    pub fn office(&self, id: &OfficeId) -> Option<&Office> {
        self.offices.iter().find(|office| &office.id == id)
    }

    pub fn municipality(&self, ags: Ags) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.ags == ags)
    }

    /// The office responsible for a municipality.
    pub fn office_for(&self, ags: Ags) -> Option<&Office> {
        self.office(&self.municipality(ags)?.office)
    }

    /// The office that keeps the register for children born abroad.
    pub fn abroad_register(&self) -> Option<&Office> {
        self.offices.iter().find(|office| office.abroad_register)
    }

    /// The municipalities a postal code lies in.
    pub fn municipalities_with_postal_code(
        &self,
        code: PostalCode,
    ) -> impl Iterator<Item = Ags> + '_ {
        let start = self.postal_codes.partition_point(|(c, _)| *c < code);
        self.postal_codes[start..]
            .iter()
            .take_while(move |(c, _)| *c == code)
            .map(|(_, ags)| *ags)
    }
}
