//! `sorgeregister demo`: a seeded platform on embedded SQLite, ready to try in a minute.
//!
//! The data folder holds the database and `tokens.txt` (the demo's bearer tokens, readable by
//! the owner only). Seeding happens once; a restart reuses the folder and prints the same
//! tokens.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use time::OffsetDateTime;
use time::macros::date;

use domain::application::{BirthPlace, ChildIdentity};
use domain::prenatal::PrenatalNotification;
use domain::register::{CustodyPart, EntryKind, Notification, Parent, Scope, Source, SourceKind};
use domain::{Ags, CountryCode, OfficeId, PersonName};
use store::clients::Role;
use store::staff::{LoginName, StaffRole};
use store::{Actor, Store};

/// One demo client: id, name, role, office.
const CLIENTS: &[(&str, &str, Role, Option<&str>)] = &[
    (
        "demo-online-service",
        "Demo-Onlinedienst",
        Role::OnlineService,
        None,
    ),
    (
        "demo-notary",
        "Demo-Notariat Bremen",
        Role::RecordingOffice,
        None,
    ),
    (
        "demo-staff-cuxhaven",
        "Demo-Sachbearbeitung Landkreis Cuxhaven",
        Role::OfficeStaff,
        Some("ja-03352"),
    ),
    (
        "demo-staff-bremen",
        "Demo-Sachbearbeitung Bremen",
        Role::OfficeStaff,
        Some("ja-04011"),
    ),
    (
        "demo-staff-berlin",
        "Demo-Sachbearbeitung Berlin",
        Role::OfficeStaff,
        Some("ja-11000"),
    ),
    ("demo-admin", "Demo-Administration", Role::Admin, None),
];

/// A demo token as written to `tokens.txt`.
#[derive(Debug, Clone)]
pub struct DemoToken {
    pub client: String,
    pub role: String,
    pub office: Option<String>,
    pub token: String,
}

pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sorgeregister.sqlite")
}

fn tokens_path(data_dir: &Path) -> PathBuf {
    data_dir.join("tokens.txt")
}

/// Seeds directory, register and clients on first use; returns the demo tokens.
pub async fn seed(store: &Store, data_dir: &Path) -> Result<Vec<DemoToken>> {
    let actor = Actor::system("demo");
    let now = OffsetDateTime::now_utc();
    if store.directory_counts().await?.municipalities == 0 {
        store
            .import_directory(&actor, now, &directory::demo_sample())
            .await
            .context("cannot import the demo directory")?;
    }
    for (id, office, notification) in demo_entries()? {
        if store.entry_owner(id).await?.is_none() {
            store
                .insert_entry(&actor, now, id, &office, &notification)
                .await?;
        }
    }
    let (id, holder, prenatal) = demo_prenatal()?;
    if store.prenatal_owner(id).await?.is_none() {
        store
            .insert_prenatal(&actor, now, id, &holder, &prenatal)
            .await?;
    }
    let path = tokens_path(data_dir);
    if store.client_count().await? > 0 {
        return read_tokens(&path).with_context(|| {
            format!(
                "the demo database has clients but {} is unreadable; delete the folder {} to start afresh",
                path.display(),
                data_dir.display()
            )
        });
    }
    let mut tokens = Vec::new();
    for (id, name, role, office) in CLIENTS {
        let office = office
            .map(OfficeId::parse)
            .transpose()
            .map_err(|_| anyhow::anyhow!("bad demo office"))?;
        let token =
            crate::tokens::create_client(store, &actor, id, name, *role, office.clone()).await?;
        tokens.push(DemoToken {
            client: (*id).to_owned(),
            role: role.as_str().to_owned(),
            office: office.map(|o| o.to_string()),
            token,
        });
    }
    write_tokens(&path, &tokens)?;
    Ok(tokens)
}

fn write_tokens(path: &Path, tokens: &[DemoToken]) -> Result<()> {
    let mut text = String::from("# client\trole\toffice\ttoken (demo only; never reuse these)\n");
    for t in tokens {
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}",
            t.client,
            t.role,
            t.office.as_deref().unwrap_or("-"),
            t.token
        );
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

fn read_tokens(path: &Path) -> Result<Vec<DemoToken>> {
    let text = std::fs::read_to_string(path)?;
    let tokens: Vec<DemoToken> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (client, role, office, token) =
                (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
            Some(DemoToken {
                client: client.to_owned(),
                role: role.to_owned(),
                office: (office != "-").then(|| office.to_owned()),
                token: token.to_owned(),
            })
        })
        .collect();
    if tokens.len() != CLIENTS.len() {
        bail!("expected {} tokens, found {}", CLIENTS.len(), tokens.len());
    }
    Ok(tokens)
}

fn name(text: &str) -> Result<PersonName> {
    PersonName::parse(text).map_err(|_| anyhow::anyhow!("bad demo name {text}"))
}

fn parent(given: &str, family: &str) -> Result<Parent> {
    Ok(Parent {
        given_names: name(given)?,
        family_name: name(family)?,
        birth_name: None,
    })
}

fn municipality(key: &str) -> Result<BirthPlace> {
    Ok(BirthPlace::Municipality(
        Ags::parse(key).map_err(|_| anyhow::anyhow!("bad demo AGS {key}"))?,
    ))
}

fn office(id: &str) -> Result<OfficeId> {
    OfficeId::parse(id).map_err(|_| anyhow::anyhow!("bad demo office {id}"))
}

/// The demo register: fixed ids, so that seeding twice adds nothing.
/// Marie Schulz and Tim Becker declared joint custody before their child's birth; the
/// declaration waits at Bremen, the Jugendamt of her residence, for the child's data.
fn demo_prenatal() -> Result<(&'static str, OfficeId, PrenatalNotification)> {
    Ok((
        "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5b01",
        office("ja-04011")?,
        PrenatalNotification {
            mother: parent("Marie", "Schulz")?,
            mother_birth_date: date!(1996 - 04 - 09),
            father: parent("Tim", "Becker")?,
            declared_on: date!(2026 - 03 - 10),
            expected_birth_date: Some(date!(2026 - 11 - 20)),
            source: Source {
                kind: SourceKind::YouthOffice,
                name: "Jugendamt Bremen – Beurkundungen".into(),
                reference: "UR 402/2026".into(),
            },
        },
    ))
}

fn demo_entries() -> Result<Vec<(&'static str, OfficeId, Notification)>> {
    Ok(vec![
        (
            // Emil, born in Köln: both parents declared joint custody at a notary.
            "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a01",
            office("ja-05315")?,
            Notification {
                child: ChildIdentity {
                    given_names: name("Emil")?,
                    family_name_at_birth: name("Schneider")?,
                    birth_date: date!(2019 - 08 - 12),
                    birth_place: municipality("05315000")?,
                },
                mother: parent("Laura", "Schneider")?,
                father: Some(parent("Jonas", "Wagner")?),
                kind: EntryKind::CustodyDeclarations,
                scope: Scope::Whole,
                effective_date: date!(2019 - 10 - 01),
                source: Source {
                    kind: SourceKind::Notary,
                    name: "Notariat am Dom, Köln".into(),
                    reference: "UR-Nr. 512/2019".into(),
                },
            },
        ),
        (
            // Mia, born in Leipzig: the family court gave both parents health care only.
            "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a02",
            office("ja-14713")?,
            Notification {
                child: ChildIdentity {
                    given_names: name("Mia")?,
                    family_name_at_birth: name("Hoffmann")?,
                    birth_date: date!(2021 - 03 - 15),
                    birth_place: municipality("14713000")?,
                },
                mother: parent("Anna", "Hoffmann")?,
                father: Some(parent("David", "Krüger")?),
                kind: EntryKind::CourtJointCustody,
                scope: Scope::Partial([CustodyPart::Health].into()),
                effective_date: date!(2022 - 09 - 01),
                source: Source {
                    kind: SourceKind::Court,
                    name: "Amtsgericht Leipzig – Familiengericht".into(),
                    reference: "335 F 1234/22".into(),
                },
            },
        ),
        (
            // Lukas, born in Vienna: declarations recorded in the Berlin register for births abroad.
            "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a03",
            office("ja-11000")?,
            Notification {
                child: ChildIdentity {
                    given_names: name("Lukas")?,
                    family_name_at_birth: name("Gruber")?,
                    birth_date: date!(2018 - 11 - 02),
                    birth_place: BirthPlace::Abroad {
                        country: CountryCode::parse_foreign("AT")
                            .map_err(|_| anyhow::anyhow!("AT"))?,
                        place: "Wien".into(),
                    },
                },
                mother: parent("Katharina", "Gruber")?,
                father: Some(parent("Stefan", "Huber")?),
                kind: EntryKind::CustodyDeclarations,
                scope: Scope::Whole,
                effective_date: date!(2019 - 02 - 20),
                source: Source {
                    kind: SourceKind::YouthOffice,
                    name: "Jugendamt Berlin".into(),
                    reference: "SE 77/2019".into(),
                },
            },
        ),
        (
            // Another child in the Cuxhaven register, so that Charlotte's register is not empty.
            "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04",
            office("ja-03352")?,
            Notification {
                child: ChildIdentity {
                    given_names: name("Paul")?,
                    family_name_at_birth: name("Meyer")?,
                    birth_date: date!(2017 - 01 - 23),
                    birth_place: municipality("03352011")?,
                },
                mother: parent("Julia", "Meyer")?,
                father: Some(parent("Tim", "Becker")?),
                kind: EntryKind::CustodyDeclarations,
                scope: Scope::Whole,
                effective_date: date!(2017 - 03 - 02),
                source: Source {
                    kind: SourceKind::YouthOffice,
                    name: "Jugendamt Landkreis Cuxhaven".into(),
                    reference: "UR 19/2017".into(),
                },
            },
        ),
    ])
}

/// The text `demo` prints at start: URL, tokens, workbench logins and a walk-through.
pub fn banner(url: &str, tokens: &[DemoToken], staff: &[DemoLogin], data_dir: &Path) -> String {
    let token = |role: &str, office: Option<&str>| {
        tokens
            .iter()
            .find(|t| t.role == role && (office.is_none() || t.office.as_deref() == office))
            .map(|t| t.token.clone())
            .unwrap_or_default()
    };
    let mut out = String::new();
    let _ = writeln!(out, "\nSorgeregister demo is running at {url}");
    let _ = writeln!(
        out,
        "\nCitizen portal: {url}/ — \"Antrag stellen\", then log in at the built-in TEST identity \
         provider as Sophia Berger (Bremen) and apply for Charlotte Berger, born 04.05.2020 in \
         Cuxhaven: her certificate is issued at once. Marie Schulz's application (for Ella Schulz, \
         born 18.11.2026 in Cuxhaven) goes to review instead."
    );
    let _ = writeln!(
        out,
        "Data folder: {} (tokens also in tokens.txt there)\n",
        data_dir.display()
    );
    let _ = writeln!(out, "Bearer tokens (demo only):");
    for t in tokens {
        let _ = writeln!(
            out,
            "  {:<17} {:<9} {}",
            t.role,
            t.office.as_deref().unwrap_or(""),
            t.token
        );
    }
    let online = token("online_service", None);
    let _ = writeln!(
        out,
        "\nSophia Berger (Bremen) applies for Charlotte, born 2020-05-04 in Cuxhaven:\n"
    );
    let _ = writeln!(
        out,
        "  curl -s -X POST {url}/api/v1/applications \\\n    -H 'Authorization: Bearer {online}' -H 'Content-Type: application/json' \\\n    -H 'Idempotency-Key: sophia-1' -d '{}'",
        SOPHIA
    );
    let _ = writeln!(
        out,
        "\nThe answer names her certificate (NB-…); fetch the sealed PDF and check it, online at \
         {url}/pruefen or offline against the trust list:\n"
    );
    let _ = writeln!(
        out,
        "  curl -s {url}/api/v1/certificates/NB-…/pdf -H 'Authorization: Bearer {online}' -o charlotte.pdf\n  \
         curl -s {url}/api/v1/trust-list -o trust.json\n  \
         cargo run -- verify charlotte.pdf --trust-list trust.json"
    );
    let _ = writeln!(
        out,
        "\nOther seeded cases: Emil Schneider (Köln, 2019-08-12) has Sorgeerklärungen; Mia Hoffmann \
         (Leipzig, 2021-03-15) a court decision on health care only; Lukas Gruber (Wien, AT, \
         2018-11-02) is in the Berlin register. Staff of Cuxhaven can list their register:\n"
    );
    let _ = writeln!(
        out,
        "  curl -s {url}/api/v1/register-entries -H 'Authorization: Bearer {}'",
        token("office_staff", Some("ja-03352"))
    );
    let _ = writeln!(
        out,
        "\nMarie Schulz and Tim Becker declared joint custody before the birth; the declaration \
         waits at Bremen without the child's data ({url}/amt/vorgeburtlich). An application of \
         Marie Schulz (born 1996-04-09) for a child born up to 310 days after 2026-03-10 (say \
         Ella Schulz, born 2026-11-18 in Cuxhaven) goes to review at the register office instead \
         of getting a certificate."
    );
    let _ = writeln!(
        out,
        "\nWorkbench for Jugendamt staff: {url}/amt (demo password of every login: {DEMO_STAFF_PASSWORD})"
    );
    for login in staff {
        let _ = writeln!(
            out,
            "  {:<17} {:<9} {}",
            login.role, login.office, login.login
        );
    }
    let _ = writeln!(
        out,
        "\nAPI description: {url}/api/v1/openapi.json   Stop with Ctrl-C."
    );
    out
}

/// Sophia's application as JSON, as in the README.
pub const SOPHIA: &str = r#"{"applicant":{"given_names":"Sophia","family_name":"Berger","birth_name":null,"birth_date":"1993-02-17","address":{"street":"Am Markt 1","postal_code":"28195","municipality_key":"04011000"}},"child":{"given_names":"Charlotte","family_name_at_birth":"Berger","birth_date":"2020-05-04","birth_place":{"municipality_key":"03352011"}},"declarations":{"applicant_is_mother":true,"married_to_father":false,"married_to_other_man_at_birth":false,"custody_by_court_to_one_parent":false}}"#;

/// One demo member of staff: login, display name, office, role. A clerk and a supervisor for
/// each office that has demo staff tokens.
const STAFF: &[(&str, &str, &str, StaffRole)] = &[
    ("sb-cuxhaven", "Svenja Brandt", "ja-03352", StaffRole::Clerk),
    (
        "sl-cuxhaven",
        "Stefan Lüders",
        "ja-03352",
        StaffRole::Supervisor,
    ),
    ("sb-bremen", "Birte Hansen", "ja-04011", StaffRole::Clerk),
    (
        "sl-bremen",
        "Jan Petersen",
        "ja-04011",
        StaffRole::Supervisor,
    ),
    ("sb-berlin", "Aylin Demir", "ja-11000", StaffRole::Clerk),
    (
        "sl-berlin",
        "Tobias Krause",
        "ja-11000",
        StaffRole::Supervisor,
    ),
];

/// The password of every demo login (the demo's data are public anyway).
pub const DEMO_STAFF_PASSWORD: &str = "demo-passwort-58";

/// A demo workbench login, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub login: String,
    pub role: String,
    pub office: String,
}

/// Creates the demo staff accounts that do not exist yet (so a restart adds nothing) and
/// returns all demo logins. The one demo password is hashed once, and only when needed.
pub async fn seed_staff(
    store: &Store,
    hasher: &credentials::PasswordHasher,
) -> Result<Vec<DemoLogin>> {
    let actor = Actor::system("demo");
    let mut hash = None;
    let mut logins = Vec::new();
    for (login, name, office, role) in STAFF {
        let login = LoginName::parse(login).ok_or_else(|| anyhow::anyhow!("bad demo login"))?;
        let office = self::office(office)?;
        if store.staff_user(&login).await?.is_none() {
            if hash.is_none() {
                let hasher = hasher.clone();
                hash = Some(
                    tokio::task::spawn_blocking(move || hasher.hash(DEMO_STAFF_PASSWORD)).await??,
                );
            }
            let hash = hash.as_deref().unwrap_or_default();
            crate::staff::create_with_hash(store, &actor, &login, name, &office, *role, hash)
                .await?;
        }
        logins.push(DemoLogin {
            login: login.to_string(),
            role: role.as_str().to_owned(),
            office: office.to_string(),
        });
    }
    Ok(logins)
}
