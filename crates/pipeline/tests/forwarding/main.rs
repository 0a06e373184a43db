//! Forwarding a notification to the register office's node when the node does not answer: the
//! notification is kept, the request comes back, and the worker's retry is scheduled.
//!
//! The node here is a socket on loopback that takes connections and never answers (a hung
//! peer); the transport is the real HTTP one.

use std::collections::BTreeMap;
use std::sync::Arc;

use time::macros::date;

use domain::clock::{Clock, SystemClock};
use domain::matching::MatchPolicy;
use domain::register::{EntryKind, Notification, Parent, Scope, Source, SourceKind};
use domain::{OfficeId, PersonName};
use federation::{
    HttpTransport, InProcessTransport, RegisterResponder, RoutingTransport, SealerKeys,
    SealerSigner,
};
use pipeline::{Pipeline, PipelineConfig, Recorded};
use seal::issue::Sealer;
use store::Actor;

fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).expect("name")
}

fn notification() -> Notification {
    Notification {
        child: domain::application::ChildIdentity {
            given_names: name("Ida"),
            family_name_at_birth: name("Rosenbrock"),
            birth_date: date!(2022 - 02 - 02),
            birth_place: domain::application::BirthPlace::Municipality(
                domain::Ags::parse("03352011").expect("AGS"),
            ),
        },
        mother: Parent {
            given_names: name("Merle"),
            family_name: name("Rosenbrock"),
            birth_name: None,
        },
        father: Some(Parent {
            given_names: name("Jens"),
            family_name: name("Kuhlmann"),
            birth_name: None,
        }),
        kind: EntryKind::CustodyDeclarations,
        scope: Scope::Whole,
        effective_date: date!(2022 - 03 - 01),
        source: Source {
            kind: SourceKind::Notary,
            name: "Notariat am Hafen".into(),
            reference: "UR 12/2022".into(),
        },
    }
}

#[tokio::test]
async fn a_node_that_hangs_leaves_the_notification_waiting_not_lost() {
    // A "node" that accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });

    let dir = tempfile::tempdir().unwrap();
    let store = store::testing::fresh_store("sqlite", dir.path())
        .await
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    store
        .import_directory(
            &Actor::system("test-setup"),
            clock.now(),
            &directory::demo_sample(),
        )
        .await
        .unwrap();
    let sealer = Arc::new(Sealer::open(&dir.path().join("keys"), clock.now()).unwrap());
    let cuxhaven = OfficeId::parse("ja-03352").unwrap();
    let remote = HttpTransport::new(
        BTreeMap::from([(
            cuxhaven.clone(),
            format!("http://{address}").parse().unwrap(),
        )]),
        &sealer.ca_certificate_der().unwrap(),
        Arc::new(SealerSigner::new(sealer.clone(), store.clone())),
        Arc::new(SealerKeys::new(sealer.clone(), clock.clone())),
        Arc::new(store.clone()),
        clock.clone(),
    )
    .unwrap();
    let local = Arc::new(InProcessTransport::new(RegisterResponder::new(
        store.clone(),
        clock.clone(),
        MatchPolicy::default(),
    )));
    let pipeline = Pipeline::new(
        store.clone(),
        Arc::new(RoutingTransport::new(local, remote)),
        clock,
        sealer,
        PipelineConfig::default(),
    );

    let office = store.office(&cuxhaven).await.unwrap().unwrap();
    let recorded = pipeline
        .record_or_forward_entry(&Actor::system("test"), &office, &notification())
        .await
        .unwrap();
    let Recorded::Forwarded { state, delivered } = recorded else {
        panic!("recorded here: {recorded:?}");
    };
    assert!(!delivered);
    // The request gave up on the receipt within its budget, before the transport's timeout,
    // and the notification is kept for the worker's next try.
    let kept = store.entry_forward(&state.id).await.unwrap().unwrap();
    assert_eq!(kept.attempts, 1, "{kept:?}");
    assert_eq!(
        kept.last_error.as_deref(),
        Some("no receipt within the request's budget"),
        "{kept:?}"
    );
    assert_eq!(kept.delivered_at, None);
    assert_eq!(
        store.entry_forwards_waiting_by_office(10).await.unwrap(),
        [(cuxhaven.clone(), 1)]
    );
    assert_eq!(store.entry_owner(&state.id).await.unwrap(), None);
}
