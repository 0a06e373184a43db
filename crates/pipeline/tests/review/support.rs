//! A pipeline on a fresh store with the demo directory, the real in-process register responder
//! and a throw-away seal key folder; applications and register entries for one family.

use std::collections::BTreeSet;
use std::sync::Arc;

use time::Date;
use time::macros::date;

use domain::application::{
    Address, Applicant, Application, BirthPlace, ChildIdentity, Declarations,
};
use domain::clock::{Clock, SystemClock};
use domain::matching::MatchPolicy;
use domain::register::{CustodyPart, EntryKind, Notification, Parent, Scope, Source, SourceKind};
use domain::review::Verdict;
use domain::{Ags, OfficeId, PersonName, PostalCode};
use federation::{InProcessTransport, RegisterResponder};
use pipeline::{Judgement, Pipeline, PipelineConfig};
use seal::issue::Sealer;
use store::applications::ApplicationRecord;
use store::clients::{Client, Role};
use store::register::EntryRecord;
use store::{Actor, Store};

/// The child's family name; rare on purpose, so that the audit check can look for it.
pub const FAMILY: &str = "Brandhorst";
pub const BORN: Date = date!(2021 - 03 - 14);
/// Born in Cuxhaven: the register office is the Landkreis Cuxhaven's Jugendamt.
pub const BIRTHPLACE: &str = "03352011";

pub struct Harness {
    pub backend: &'static str,
    pub pipeline: Pipeline,
    pub store: Store,
    client: Client,
    _dir: tempfile::TempDir,
}

pub async fn harness(backend: &'static str) -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store::testing::fresh_store(backend, dir.path())
        .await
        .unwrap_or_else(|e| panic!("[{backend}] fresh store: {e}"));
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let setup = Actor::system("test-setup");
    store
        .import_directory(&setup, clock.now(), &directory::demo_sample())
        .await
        .unwrap_or_else(|e| panic!("[{backend}] directory: {e}"));
    let client = Client {
        id: "online-service".into(),
        name: "Online-Dienst".into(),
        role: Role::OnlineService,
        office: None,
    };
    store
        .create_client(&setup, clock.now(), &client, "hash-of-the-token")
        .await
        .unwrap_or_else(|e| panic!("[{backend}] client: {e}"));
    let responder = RegisterResponder::new(store.clone(), clock.clone(), MatchPolicy::default());
    let sealer = Sealer::open(&dir.path().join("keys"), clock.now()).expect("seal key folder");
    let pipeline = Pipeline::new(
        store.clone(),
        Arc::new(InProcessTransport::new(responder)),
        clock,
        Arc::new(sealer),
        PipelineConfig::default(),
    );
    Harness {
        backend,
        pipeline,
        store,
        client,
        _dir: dir,
    }
}

impl Harness {
    /// Records `notification` in the Cuxhaven register.
    pub async fn record(&self, id: &str, notification: &Notification) -> EntryRecord {
        let office = cuxhaven();
        self.store
            .insert_entry(
                &staff(&office),
                self.pipeline.clock().now(),
                id,
                &office,
                notification,
            )
            .await
            .unwrap_or_else(|e| panic!("[{}] record {id}: {e}", self.backend))
    }

    /// The mother applies for her child `given` (born in Cuxhaven, living in Bremen); the
    /// application is driven as far as it goes.
    pub async fn apply(&self, given: &str) -> ApplicationRecord {
        self.pipeline
            .submit(
                &self.client,
                None,
                &format!("hash-{given}"),
                application(given),
            )
            .await
            .unwrap_or_else(|e| panic!("[{}] submit: {e}", self.backend))
            .record
    }

    pub async fn application(&self, id: &str) -> ApplicationRecord {
        self.store
            .application(id)
            .await
            .unwrap_or_else(|e| panic!("[{}] read application {id}: {e}", self.backend))
            .unwrap_or_else(|| panic!("[{}] application {id} is stored", self.backend))
    }

    pub async fn certificates(&self, id: &str) -> i64 {
        self.store
            .certificate_count(id)
            .await
            .unwrap_or_else(|e| panic!("[{}] count certificates: {e}", self.backend))
    }
}

pub fn office(id: &str) -> OfficeId {
    OfficeId::parse(id).expect("valid office id")
}

pub fn cuxhaven() -> OfficeId {
    office("ja-03352")
}

pub fn bremen() -> OfficeId {
    office("ja-04011")
}

pub fn berlin() -> OfficeId {
    office("ja-11000")
}

/// A person of `office`'s staff, as the workbench would name them.
pub fn staff(office: &OfficeId) -> Actor {
    Actor {
        id: format!("staff:reviewer-{office}"),
        office: Some(office.clone()),
    }
}

fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).expect("valid name")
}

pub fn child(given: &str) -> ChildIdentity {
    ChildIdentity {
        given_names: name(given),
        family_name_at_birth: name(FAMILY),
        birth_date: BORN,
        birth_place: BirthPlace::Municipality(Ags::parse(BIRTHPLACE).expect("valid AGS")),
    }
}

pub fn application(given: &str) -> Application {
    Application {
        applicant: Applicant {
            given_names: name("Henrike"),
            family_name: name(FAMILY),
            birth_name: None,
            birth_date: date!(1992 - 07 - 01),
            address: Address {
                street: "Am Wall 12".into(),
                postal_code: PostalCode::parse("28195").expect("valid postal code"),
                municipality: Ags::parse("04011000").expect("valid AGS"),
            },
        },
        child: child(given),
        declarations: Declarations {
            applicant_is_mother: true,
            married_to_father: false,
            married_to_other_man_at_birth: false,
            custody_by_court_to_one_parent: false,
        },
    }
}

/// Custody declarations of both parents for the child `given`.
pub fn declarations(given: &str) -> Notification {
    Notification {
        child: child(given),
        mother: Parent {
            given_names: name("Henrike"),
            family_name: name(FAMILY),
            birth_name: None,
        },
        father: Some(Parent {
            given_names: name("Torben"),
            family_name: name("Ellerbrock"),
            birth_name: None,
        }),
        kind: EntryKind::CustodyDeclarations,
        scope: Scope::Whole,
        effective_date: date!(2021 - 06 - 01),
        source: Source {
            kind: SourceKind::Notary,
            name: "Notariat am Hafen".into(),
            reference: "UR 88/2021".into(),
        },
    }
}

/// A court's decision giving both parents joint custody of `parts` of the child `given`.
pub fn court_decision(given: &str, parts: &[CustodyPart]) -> Notification {
    Notification {
        kind: EntryKind::CourtJointCustody,
        scope: Scope::Partial(parts.iter().copied().collect::<BTreeSet<_>>()),
        source: Source {
            kind: SourceKind::Court,
            name: "Amtsgericht Cuxhaven".into(),
            reference: "52 F 12/22".into(),
        },
        ..declarations(given)
    }
}

pub fn judge(entry: &EntryRecord, verdict: Verdict) -> Judgement {
    Judgement {
        entry_id: entry.id.clone(),
        entry_version: entry.version,
        verdict,
    }
}
