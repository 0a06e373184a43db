//! Putting the three inputs together into one consistent [`Directory`]: municipalities and
//! district offices first, then the towns with their own Jugendamt, then the postal codes of
//! the municipalities that exist.

use std::collections::{HashMap, HashSet};

use domain::{Ags, OfficeId};

use crate::destatis;
use crate::error::{Collector, ImportError};
use crate::model::{Directory, Municipality, Office};
use crate::overrides::{self, Override};
use crate::postal_codes::parse_postal_codes;

/// Builds the directory from the Destatis extract, optionally the postal-code file and
/// optionally the overrides file.
///
/// Fails with the first input that has problems, naming it in [`ImportError::file`]. An
/// override for a municipality that is not in the extract is an error. Postal-code rows for
/// unknown municipalities are skipped and listed in [`Directory::skipped_postal_rows`], as are
/// the uninhabited areas outside any district in [`Directory::skipped_municipality_rows`].
pub fn build(
    municipalities: &str,
    postal_codes: Option<&str>,
    overrides: Option<&str>,
) -> Result<Directory, ImportError> {
    let destatis::Parsed {
        mut offices,
        mut municipalities,
        skipped: skipped_municipality_rows,
    } = destatis::parse(municipalities)?;
    if let Some(text) = overrides {
        let overrides = overrides::parse_with_lines(text)?;
        apply_overrides(&mut offices, &mut municipalities, overrides)?;
    }
    let (postal_codes, skipped_postal_rows) = match postal_codes {
        Some(text) => {
            let known: HashSet<Ags> = municipalities.iter().map(|m| m.ags).collect();
            parse_postal_codes(text, &known)?
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(Directory {
        offices,
        municipalities,
        postal_codes,
        skipped_municipality_rows,
        skipped_postal_rows,
    })
}

/// Gives each overridden town an office of its own and routes the town to it.
fn apply_overrides(
    offices: &mut Vec<Office>,
    municipalities: &mut [Municipality],
    overrides: Vec<(usize, Override)>,
) -> Result<(), ImportError> {
    let positions: HashMap<Ags, usize> = municipalities
        .iter()
        .enumerate()
        .map(|(position, m)| (m.ags, position))
        .collect();
    let mut errors = Collector::default();
    for (line, town) in overrides {
        let Some(municipality) = positions
            .get(&town.ags)
            .and_then(|&position| municipalities.get_mut(position))
        else {
            errors.push(
                line,
                format!(
                    "municipality {} is not in the municipality directory",
                    town.ags
                ),
            );
            continue;
        };
        let id = OfficeId::for_municipality(town.ags);
        municipality.office = id.clone();
        offices.push(Office {
            id,
            name: town.office_name,
            district: town.ags.district(),
            abroad_register: false,
        });
    }
    errors.finish(overrides::FILE, ())
}
