//! Place search for the citizen portal: municipalities by postal code or by the start of their
//! name, each with its postal codes and its Jugendamt, so that a citizen can tell the many
//! "Neustadt"s apart and a postal code spanning several municipalities apart.
//!
//! Names are compared in a folded form kept beside them (`municipalities.name_key`): SQLite's
//! `lower()` folds ASCII only, and PostgreSQL's depends on the server's locale. The store writes
//! the key with every municipality and fills it on connect for rows that lack it. This module
//! only reads the directory; importing it is [`crate::directory`].

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, Row};

use crate::directory::OfficeRecord;
use crate::{Store, StoreError};
use domain::{Ags, OfficeId, PostalCode};

/// The most hits a name search returns, whatever the caller asks for.
pub const MAX_NAME_HITS: u32 = 50;

/// A municipality as the portal offers it for choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub ags: Ags,
    /// The official name, e.g. "Cuxhaven, Stadt".
    pub name: String,
    /// All postal codes of the municipality, ascending (empty when the directory has none).
    pub postal_codes: Vec<PostalCode>,
    /// The Jugendamt responsible for it.
    pub office: OfficeRecord,
}

/// The search form of a municipality's name, and of what a citizen types: lower case, umlauts
/// spelt out (ü → ue), ß → ss, other accents dropped, punctuation as single spaces. So
/// "München", "Muenchen" and "MÜNCHEN" meet.
pub(crate) fn name_key(name: &str) -> String {
    domain::matching::normal::fold(name)
}

const PLACE_QUERY: &str = "SELECT m.ags, m.name, m.office_id, o.name AS office_name, \
    o.abroad_register FROM municipalities m JOIN offices o ON o.id = m.office_id";

impl Store {
    /// Municipalities having exactly this postal code, ordered by name.
    pub async fn places_by_postal_code(&self, code: &PostalCode) -> Result<Vec<Place>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{PLACE_QUERY} WHERE m.ags IN (SELECT p.ags FROM postal_codes p \
             WHERE p.postal_code = $1) ORDER BY m.name_key, m.ags"
        )))
        .bind(code.as_str())
        .fetch_all(&self.pool)
        .await?;
        self.places_from_rows(&rows).await
    }

    /// Municipalities whose name starts with `prefix`, compared case-insensitively and with
    /// umlauts and ß folded ("ober" finds "Oberhausen", "muenchen" and "münchen" find
    /// "München"), ordered by folded name, at most `limit` (and never more than
    /// [`MAX_NAME_HITS`]). An exact folded match sorts first: a name sorts before every name it
    /// is the beginning of. A prefix that folds to nothing finds nothing.
    pub async fn places_by_name(&self, prefix: &str, limit: u32) -> Result<Vec<Place>, StoreError> {
        let key = name_key(prefix);
        let limit = limit.min(MAX_NAME_HITS);
        if key.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        // A range instead of LIKE: no wildcards to escape, and the index serves it on both
        // backends (byte order; PostgreSQL's column is COLLATE "C"). No folded name contains
        // U+10FFFF, so everything starting with the key sorts below `key + U+10FFFF`.
        let upper = format!("{key}\u{10FFFF}");
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{PLACE_QUERY} WHERE m.name_key >= $1 AND m.name_key < $2 \
             ORDER BY m.name_key, m.ags LIMIT $3"
        )))
        .bind(key)
        .bind(upper)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        self.places_from_rows(&rows).await
    }

    /// One municipality with its postal codes and office; `None` if the directory lacks it.
    pub async fn place(&self, ags: Ags) -> Result<Option<Place>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!("{PLACE_QUERY} WHERE m.ags = $1")))
            .bind(ags.as_str())
            .fetch_all(&self.pool)
            .await?;
        Ok(self.places_from_rows(&rows).await?.into_iter().next())
    }

    /// Places for municipality rows of [`PLACE_QUERY`], in their order, with their postal codes.
    async fn places_from_rows(&self, rows: &[sqlx::any::AnyRow]) -> Result<Vec<Place>, StoreError> {
        let mut places = rows.iter().map(place_row).collect::<Result<Vec<_>, _>>()?;
        if places.is_empty() {
            return Ok(places);
        }
        let placeholders = (1..=places.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut query = sqlx::query(AssertSqlSafe(format!(
            "SELECT ags, postal_code FROM postal_codes WHERE ags IN ({placeholders}) \
             ORDER BY postal_code"
        )));
        for place in &places {
            query = query.bind(place.ags.as_str().to_owned());
        }
        let mut codes: HashMap<String, Vec<PostalCode>> = HashMap::new();
        for row in query.fetch_all(&self.pool).await? {
            let ags: String = row.try_get("ags")?;
            let code: String = row.try_get("postal_code")?;
            let code = PostalCode::parse(&code).map_err(|_| StoreError::Corrupt(code))?;
            codes.entry(ags).or_default().push(code);
        }
        for place in &mut places {
            place.postal_codes = codes.remove(place.ags.as_str()).unwrap_or_default();
        }
        Ok(places)
    }

    /// Fills the folded name of municipalities written before the column existed (or behind
    /// the store's back). Cheap when there are none.
    pub(crate) async fn backfill_place_keys(&self) -> Result<(), StoreError> {
        let rows = sqlx::query("SELECT ags, name FROM municipalities WHERE name_key IS NULL")
            .fetch_all(&self.pool)
            .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        for row in &rows {
            let ags: String = row.try_get("ags")?;
            let name: String = row.try_get("name")?;
            sqlx::query("UPDATE municipalities SET name_key = $1 WHERE ags = $2")
                .bind(name_key(&name))
                .bind(ags)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(
            municipalities = rows.len(),
            "filled folded municipality names"
        );
        Ok(())
    }
}

fn place_row(row: &sqlx::any::AnyRow) -> Result<Place, StoreError> {
    let ags: String = row.try_get("ags")?;
    let office: String = row.try_get("office_id")?;
    Ok(Place {
        ags: Ags::parse(&ags).map_err(|_| StoreError::Corrupt(ags))?,
        name: row.try_get("name")?,
        postal_codes: Vec::new(),
        office: OfficeRecord {
            id: OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))?,
            name: row.try_get("office_name")?,
            abroad_register: row.try_get::<i64, _>("abroad_register")? != 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn name_keys_fold_case_umlauts_and_sharp_s() {
        assert_eq!(
            name_key("München, Landeshauptstadt"),
            "muenchen landeshauptstadt"
        );
        assert_eq!(name_key("MUENCHEN"), "muenchen");
        assert_eq!(name_key("Gießen"), "giessen");
        assert_eq!(
            name_key("Neustadt a.d. Weinstraße"),
            "neustadt a d weinstrasse"
        );
        assert_eq!(name_key("Île"), "ile");
    }
}
