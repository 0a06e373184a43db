//! Fixtures shared by the contract tests: a fresh store per backend, the demo directory, a client,
//! a sample application and notification, actors and fixed instants.
//!
//! The personal names used here are deliberately rare, so that the audit test can search every
//! serialized audit record for them without false alarms.

use std::collections::BTreeSet;

use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

use domain::application::{
    Address, Applicant, Application, BirthPlace, ChildIdentity, Declarations,
};
use domain::register::{CustodyPart, EntryKind, Notification, Parent, Scope, Source, SourceKind};
use domain::{Ags, CertificateNumber, OfficeId, PersonName, PostalCode};
use store::applications::{Inserted, NewApplication};
use store::certificates::{NewCertificate, SealedDocument};
use store::clients::{Client, Role};
use store::{Actor, Store};

pub const CHILD_GIVEN: &str = "Charlotte Amalie";
pub const CHILD_FAMILY: &str = "Quastenberg";
pub const MOTHER_GIVEN: &str = "Sophia";
pub const MOTHER_FAMILY: &str = "Wendeborn";
pub const FATHER_GIVEN: &str = "Jonas";
pub const FATHER_FAMILY: &str = "Feldmüller";
/// Every personal name the fixtures write, for "no personal data in the audit log".
pub const PERSONAL_NAMES: [&str; 6] = [
    CHILD_GIVEN,
    CHILD_FAMILY,
    MOTHER_GIVEN,
    MOTHER_FAMILY,
    FATHER_GIVEN,
    FATHER_FAMILY,
];
pub const CHILD_BIRTH: Date = date!(2020 - 05 - 04);

/// The client that submits applications in these tests.
pub const ONLINE_SERVICE: &str = "online-service";

/// A fixed instant; tests derive later instants with [`later`].
pub fn t0() -> OffsetDateTime {
    datetime!(2026-03-02 09:30:00 UTC)
}

/// `t0` plus `minutes`.
pub fn later(minutes: i64) -> OffsetDateTime {
    t0() + Duration::minutes(minutes)
}

pub fn office(id: &str) -> OfficeId {
    OfficeId::parse(id).expect("valid office id")
}

pub fn ags(key: &str) -> Ags {
    Ags::parse(key).expect("valid AGS")
}

pub fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).expect("valid name")
}

/// Jugendamt Bremen: the issuing office (mother's residence).
pub fn bremen() -> OfficeId {
    office("ja-04011")
}

/// Jugendamt Landkreis Cuxhaven: the register office (child's birthplace).
pub fn cuxhaven() -> OfficeId {
    office("ja-03352")
}

/// Land Berlin: the register for births abroad; here simply "another register office".
pub fn berlin() -> OfficeId {
    office("ja-11000")
}

pub fn admin() -> Actor {
    Actor::system("contract-test")
}

pub fn online_service() -> Actor {
    Actor::client(ONLINE_SERVICE, None)
}

pub fn staff(office: &OfficeId) -> Actor {
    Actor::client(&format!("staff-{office}"), Some(office.clone()))
}

/// A migrated store on a new database of `backend`, without any data.
pub async fn empty_store(backend: &str, dir: &std::path::Path) -> Store {
    store::testing::fresh_store(backend, dir)
        .await
        .unwrap_or_else(|e| panic!("[{backend}] fresh store: {e}"))
}

/// A fresh store with the demo directory imported and the online-service client registered,
/// which is what applications and register entries refer to.
pub async fn seeded_store(backend: &str, dir: &std::path::Path) -> Store {
    let store = empty_store(backend, dir).await;
    store
        .import_directory(&admin(), t0(), &directory::demo_sample())
        .await
        .unwrap_or_else(|e| panic!("[{backend}] import demo directory: {e}"));
    create_client(&store, ONLINE_SERVICE, Role::OnlineService, None).await;
    store
}

pub fn client(id: &str, role: Role, office: Option<OfficeId>) -> Client {
    Client {
        id: id.to_owned(),
        name: format!("Test client {id}"),
        role,
        office,
    }
}

pub fn token_hash(id: &str) -> String {
    format!("sha256-of-token-of-{id}")
}

pub async fn create_client(store: &Store, id: &str, role: Role, office: Option<OfficeId>) {
    store
        .create_client(&admin(), t0(), &client(id, role, office), &token_hash(id))
        .await
        .unwrap_or_else(|e| panic!("[{}] create client {id}: {e}", store.backend_name()));
}

/// Sophia, living in Bremen, applies for her daughter Charlotte, born in Cuxhaven.
pub fn sample_application() -> Application {
    Application {
        applicant: Applicant {
            given_names: name(MOTHER_GIVEN),
            family_name: name(MOTHER_FAMILY),
            birth_name: None,
            birth_date: date!(1994 - 08 - 17),
            address: Address {
                street: "Am Wall 12".into(),
                postal_code: PostalCode::parse("28195").expect("valid postal code"),
                municipality: ags("04011000"),
            },
        },
        child: child(),
        declarations: Declarations {
            applicant_is_mother: true,
            married_to_father: false,
            married_to_other_man_at_birth: false,
            custody_by_court_to_one_parent: false,
        },
    }
}

pub fn child() -> ChildIdentity {
    ChildIdentity {
        given_names: name(CHILD_GIVEN),
        family_name_at_birth: name(CHILD_FAMILY),
        birth_date: CHILD_BIRTH,
        birth_place: BirthPlace::Municipality(ags("03352011")),
    }
}

/// Custody declarations of both parents for the sample child, notified by a notary.
pub fn notification() -> Notification {
    Notification {
        child: child(),
        mother: Parent {
            given_names: name(MOTHER_GIVEN),
            family_name: name(MOTHER_FAMILY),
            birth_name: None,
        },
        father: Some(Parent {
            given_names: name(FATHER_GIVEN),
            family_name: name(FATHER_FAMILY),
            birth_name: None,
        }),
        kind: EntryKind::CustodyDeclarations,
        scope: Scope::Whole,
        effective_date: date!(2020 - 06 - 10),
        source: Source {
            kind: SourceKind::Notary,
            name: "Notariat am Markt, Cuxhaven".into(),
            reference: "UR 1234/2020".into(),
        },
    }
}

/// The sample notification for a child born on another day.
pub fn notification_born(birth_date: Date) -> Notification {
    let mut n = notification();
    n.child.birth_date = birth_date;
    n
}

/// A court decision on parts of custody for the sample child.
pub fn partial_notification(parts: &[CustodyPart]) -> Notification {
    let mut n = notification();
    n.kind = EntryKind::CourtJointCustody;
    n.scope = Scope::Partial(parts.iter().copied().collect::<BTreeSet<_>>());
    n.source = Source {
        kind: SourceKind::Court,
        name: "Amtsgericht Cuxhaven".into(),
        reference: "52 F 77/21".into(),
    };
    n
}

/// A certificate record as the pipeline would write it; the data names no one on purpose, since
/// the store must not care what it holds.
pub fn new_certificate(random: u64) -> NewCertificate {
    NewCertificate {
        number: CertificateNumber::new(2026, random),
        data: serde_json::json!({"outcome": "negative_certificate", "fixture": random}),
        issued_at: later(5),
        register_as_of: later(4),
        document: SealedDocument {
            key_id: "ja-04011.1".into(),
            qr_payload: format!("NB1:FIXTURE{random}"),
            pdf: format!("%PDF-1.7 fixture {random}").into_bytes(),
        },
    }
}

/// Where an application goes: issued in Bremen, registered in Cuxhaven.
pub struct Offices {
    pub issuing: OfficeId,
    pub register: OfficeId,
}

impl Offices {
    pub fn sample() -> Offices {
        Offices {
            issuing: bremen(),
            register: cuxhaven(),
        }
    }
}

/// Everything that varies between the applications the tests insert.
#[derive(Clone, Copy)]
pub struct Submit<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub key: Option<&'a str>,
    pub hash: &'a str,
    pub refused: Option<domain::eligibility::Ineligibility>,
    pub lease_until_ms: i64,
    pub at: OffsetDateTime,
    /// The citizen applying through the portal, if any.
    pub citizen: Option<&'a str>,
}

impl<'a> Submit<'a> {
    /// A fresh eligible application by the online service, without idempotency key.
    pub fn new(id: &'a str) -> Submit<'a> {
        Submit {
            id,
            client_id: ONLINE_SERVICE,
            key: None,
            hash: "hash-a",
            refused: None,
            lease_until_ms: 0,
            at: t0(),
            citizen: None,
        }
    }

    pub async fn insert(self, store: &Store) -> Inserted {
        self.try_insert(store).await.unwrap_or_else(|e| {
            panic!(
                "[{}] insert application {}: {e}",
                store.backend_name(),
                self.id
            )
        })
    }

    pub async fn try_insert(self, store: &Store) -> Result<Inserted, store::StoreError> {
        let offices = Offices::sample();
        let application = sample_application();
        store
            .insert_application(
                &Actor::client(self.client_id, None),
                self.at,
                NewApplication {
                    id: self.id,
                    client_id: self.client_id,
                    idempotency_key: self.key,
                    request_hash: self.hash,
                    issuing_office: &offices.issuing,
                    register_office: &offices.register,
                    application: &application,
                    refused: self.refused,
                    lease_until_ms: self.lease_until_ms,
                    citizen: self.citizen,
                },
            )
            .await
    }
}

/// Moves an application from `received` to `waiting_for_register`; panics unless it moved.
pub async fn send_query(store: &Store, application_id: &str) {
    let moved = store
        .send_register_query(
            &admin(),
            later(1),
            application_id,
            &format!("query-{application_id}"),
            &bremen(),
            &cuxhaven(),
            r#"{"message":"0801"}"#,
        )
        .await
        .unwrap_or_else(|e| panic!("[{}] send query: {e}", store.backend_name()));
    assert!(
        moved,
        "[{}] the first send_register_query of {application_id} must move it",
        store.backend_name()
    );
}

/// Records the sample notification (or `n`) in `office`'s register.
pub async fn insert_entry(
    store: &Store,
    id: &str,
    office: &OfficeId,
    n: &Notification,
    at: OffsetDateTime,
) -> store::register::EntryRecord {
    store
        .insert_entry(&staff(office), at, id, office, n)
        .await
        .unwrap_or_else(|e| panic!("[{}] insert entry {id}: {e}", store.backend_name()))
}

/// The register office's search, as the responder runs it, for the sample child born on `day`.
pub async fn search(
    store: &Store,
    actor: &Actor,
    at: OffsetDateTime,
    office: &OfficeId,
    day: Date,
    query_id: &str,
) -> Result<Vec<store::register::EntryRecord>, store::StoreError> {
    let wanted = domain::matching::Prepared::new(&ChildIdentity {
        birth_date: day,
        ..child()
    });
    let retrieval = domain::matching::retrieval(&wanted, &domain::matching::MatchPolicy::default());
    store
        .find_candidates(actor, at, office, &retrieval, query_id)
        .await
}
