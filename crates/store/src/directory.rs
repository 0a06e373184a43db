//! The directory of Jugendämter and municipalities: import and routing lookups.

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::{Store, StoreError};
use domain::{Ags, OfficeId, PostalCode};

/// A Jugendamt as the platform knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRecord {
    pub id: OfficeId,
    pub name: String,
    pub abroad_register: bool,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DirectoryCounts {
    pub offices: i64,
    pub municipalities: i64,
    pub postal_codes: i64,
}

/// Rows per multi-row INSERT; well below both backends' bind-parameter limits.
const BATCH: usize = 500;

impl Store {
    /// Replaces the directory by `dir` in one transaction: offices are added or renamed (never
    /// removed, since applications and entries refer to them), municipalities and postal codes
    /// are replaced. A failure changes nothing.
    pub async fn import_directory(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        dir: &directory::Directory,
    ) -> Result<DirectoryCounts, StoreError> {
        let mut tx = self.begin().await?;
        for chunk in dir.offices.chunks(BATCH) {
            let sql = insert_sql(
                "INSERT INTO offices (id, name, district_key, abroad_register) VALUES ",
                4,
                chunk.len(),
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
                 district_key = excluded.district_key, abroad_register = excluded.abroad_register",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for office in chunk {
                query = query
                    .bind(office.id.as_str().to_owned())
                    .bind(office.name.clone())
                    .bind(office.district.as_str().to_owned())
                    .bind(i64::from(office.abroad_register));
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM postal_codes")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM municipalities")
            .execute(&mut *tx)
            .await?;
        for chunk in dir.municipalities.chunks(BATCH) {
            let sql = insert_sql(
                "INSERT INTO municipalities (ags, name, office_id, name_key) VALUES ",
                4,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for m in chunk {
                query = query
                    .bind(m.ags.as_str().to_owned())
                    .bind(m.name.clone())
                    .bind(m.office.as_str().to_owned())
                    .bind(crate::places::name_key(&m.name));
            }
            query.execute(&mut *tx).await?;
        }
        for chunk in dir.postal_codes.chunks(BATCH) {
            let sql = insert_sql(
                "INSERT INTO postal_codes (postal_code, ags) VALUES ",
                2,
                chunk.len(),
                " ON CONFLICT DO NOTHING",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (code, ags) in chunk {
                query = query
                    .bind(code.as_str().to_owned())
                    .bind(ags.as_str().to_owned());
            }
            query.execute(&mut *tx).await?;
        }
        let counts = DirectoryCounts {
            offices: dir.offices.len() as i64,
            municipalities: dir.municipalities.len() as i64,
            postal_codes: dir.postal_codes.len() as i64,
        };
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            None,
            "directory.imported",
            "directory",
            json!({
                "offices": counts.offices,
                "municipalities": counts.municipalities,
                "postal_codes": counts.postal_codes,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(counts)
    }

    pub async fn directory_counts(&self) -> Result<DirectoryCounts, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM offices) AS o, (SELECT COUNT(*) FROM municipalities) AS m, \
             (SELECT COUNT(*) FROM postal_codes) AS p",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(DirectoryCounts {
            offices: row.try_get("o")?,
            municipalities: row.try_get("m")?,
            postal_codes: row.try_get("p")?,
        })
    }

    pub async fn office(&self, id: &OfficeId) -> Result<Option<OfficeRecord>, StoreError> {
        let row = sqlx::query("SELECT id, name, abroad_register FROM offices WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(office_record).transpose()
    }

    /// Every office of the directory, by id (about 560 in Germany; bounded by `limit`).
    pub async fn offices(&self, limit: i64) -> Result<Vec<OfficeRecord>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, abroad_register FROM offices ORDER BY id LIMIT $1")
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(office_record).collect()
    }

    /// The Jugendamt responsible for a municipality, if the municipality is known.
    pub async fn office_for_municipality(
        &self,
        ags: Ags,
    ) -> Result<Option<OfficeRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT o.id, o.name, o.abroad_register FROM municipalities m \
             JOIN offices o ON o.id = m.office_id WHERE m.ags = $1",
        )
        .bind(ags.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(office_record).transpose()
    }

    /// The official name of a municipality, if it is known.
    pub async fn municipality_name(&self, ags: Ags) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT name FROM municipalities WHERE ags = $1")
            .bind(ags.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.try_get("name")).transpose()?)
    }

    /// The office that keeps the register for children born abroad (the Land Berlin).
    pub async fn abroad_register_office(&self) -> Result<Option<OfficeRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, abroad_register FROM offices WHERE abroad_register = 1 \
             ORDER BY id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(office_record).transpose()
    }

    /// The postal codes known for a municipality (empty when the directory has none for it).
    pub async fn postal_codes_of(&self, ags: Ags) -> Result<Vec<PostalCode>, StoreError> {
        let rows = sqlx::query("SELECT postal_code FROM postal_codes WHERE ags = $1")
            .bind(ags.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let code: String = row.try_get("postal_code")?;
                PostalCode::parse(&code).map_err(|_| StoreError::Corrupt(code))
            })
            .collect()
    }
}

fn office_record(row: &sqlx::any::AnyRow) -> Result<OfficeRecord, StoreError> {
    let id: String = row.try_get("id")?;
    Ok(OfficeRecord {
        id: OfficeId::parse(&id).map_err(|_| StoreError::Corrupt(id))?,
        name: row.try_get("name")?,
        abroad_register: row.try_get::<i64, _>("abroad_register")? != 0,
    })
}

/// `head ($1, $2), ($3, $4) tail` for `rows` rows of `columns` values.
pub(crate) fn insert_sql(head: &str, columns: usize, rows: usize, tail: &str) -> String {
    let mut sql = String::from(head);
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}
