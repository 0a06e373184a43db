//! The citizen portal: logins in flight, citizen sessions, the applications a citizen owns and
//! their certificates, and the portal's built-in client.

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};
use time::Duration;

use domain::decision::Outcome;
use domain::register::RegisterAnswer;
use store::Store;
use store::applications::Resolution;
use store::clients::Role;

use crate::support::{
    ONLINE_SERVICE, Submit, admin, bremen, client, create_client, later, new_certificate,
    send_query, t0,
};

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Two citizens' subjects, as the OIDC side derives them.
fn anna() -> String {
    sha256_hex("provider|sub-anna")
}

fn berta() -> String {
    sha256_hex("provider|sub-berta")
}

/// The identity a provider hands over; personal data, kept in the session only.
const IDENTITY: &str =
    r#"{"given_name":"Ottilie","family_name":"Zwirnhaus","birthdate":"1990-02-03"}"#;

const IDLE: Duration = Duration::minutes(30);
const ABSOLUTE: Duration = Duration::hours(1);

/// A seeded store (demo directory, online-service client) and its URL, for raw reads.
async fn store_and_url(backend: &str, dir: &std::path::Path) -> (Store, String) {
    let url = store::testing::fresh_database_url(backend, dir)
        .await
        .unwrap_or_else(|e| panic!("[{backend}] database: {e}"));
    let store = Store::connect(&url, 4)
        .await
        .unwrap_or_else(|e| panic!("[{backend}] connect: {e}"));
    store
        .import_directory(&admin(), t0(), &directory::demo_sample())
        .await
        .unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    create_client(&store, ONLINE_SERVICE, Role::OnlineService, None).await;
    (store, url)
}

/// Every text value of every row of `table`, read behind the store's back.
async fn raw_texts(url: &str, table: &str, columns: &str) -> Vec<Vec<String>> {
    let raw = AnyPool::connect(url)
        .await
        .unwrap_or_else(|e| panic!("raw connection: {e}"));
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {columns} FROM {table}"
    )))
    .fetch_all(&raw)
    .await
    .unwrap_or_else(|e| panic!("read {table}: {e}"));
    let texts = rows
        .iter()
        .map(|row| {
            (0..row.len())
                .map(|i| {
                    row.try_get::<String, _>(i)
                        .unwrap_or_else(|e| panic!("{table} column {i} is text: {e}"))
                })
                .collect()
        })
        .collect();
    raw.close().await;
    texts
}

#[tokio::test]
async fn a_pending_login_is_taken_once_and_not_after_it_expired() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, url) = store_and_url(backend, dir.path()).await;
        let ttl = Duration::minutes(10);
        let pending = r#"{"nonce":"n-1","verifier":"v-1","return_to":"/antrag"}"#;
        store
            .begin_citizen_login(t0(), "state-one", pending, ttl)
            .await
            .unwrap();

        let stored = raw_texts(&url, "citizen_logins", "state_hash, pending").await;
        assert_eq!(stored.len(), 1, "[{backend}]");
        assert_eq!(
            stored[0][0],
            sha256_hex("state-one"),
            "[{backend}] only the state's hash is kept"
        );

        assert_eq!(
            store
                .take_citizen_login("state-onf", later(1))
                .await
                .unwrap(),
            None,
            "[{backend}] another state takes nothing"
        );
        assert_eq!(
            store
                .take_citizen_login("state-one", later(1))
                .await
                .unwrap(),
            Some(pending.to_owned()),
            "[{backend}] the first take gets the pending data"
        );
        assert_eq!(
            store
                .take_citizen_login("state-one", later(2))
                .await
                .unwrap(),
            None,
            "[{backend}] single use"
        );

        store
            .begin_citizen_login(t0(), "state-two", "{}", ttl)
            .await
            .unwrap();
        assert_eq!(
            store
                .take_citizen_login("state-two", later(10))
                .await
                .unwrap(),
            None,
            "[{backend}] expired at its end"
        );
        assert!(
            raw_texts(&url, "citizen_logins", "state_hash")
                .await
                .is_empty(),
            "[{backend}] the expired login was deleted by the attempt"
        );

        // Logins never returned to are purged when the next one begins.
        store
            .begin_citizen_login(t0(), "abandoned", "{}", ttl)
            .await
            .unwrap();
        store
            .begin_citizen_login(later(9), "still-running", "{}", ttl)
            .await
            .unwrap();
        store
            .begin_citizen_login(later(11), "latest", "{}", ttl)
            .await
            .unwrap();
        let mut left: Vec<String> = raw_texts(&url, "citizen_logins", "state_hash")
            .await
            .into_iter()
            .map(|row| row[0].clone())
            .collect();
        left.sort();
        let mut expected = vec![sha256_hex("still-running"), sha256_hex("latest")];
        expected.sort();
        assert_eq!(left, expected, "[{backend}] the abandoned login is gone");
        assert_eq!(
            store
                .take_citizen_login("still-running", later(18))
                .await
                .unwrap(),
            Some("{}".to_owned()),
            "[{backend}]"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn a_session_lives_while_used_and_dies_idle_at_its_end_or_at_logout() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, url) = store_and_url(backend, dir.path()).await;
        let anna = anna();
        store
            .start_citizen_session(t0(), "token-a", &anna, IDENTITY, "csrf-a", IDLE, ABSOLUTE)
            .await
            .unwrap();

        let session = store
            .resume_citizen_session("token-a", later(20), IDLE)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] live after 20 minutes"));
        assert_eq!(session.subject, anna, "[{backend}]");
        assert_eq!(session.identity_json, IDENTITY, "[{backend}]");
        assert_eq!(session.csrf, "csrf-a", "[{backend}]");
        assert_eq!(session.created_at, t0(), "[{backend}]");
        assert_eq!(session.last_seen_at, later(20), "[{backend}]");
        assert_eq!(session.expires_at, t0() + ABSOLUTE, "[{backend}]");
        assert!(
            !format!("{session:?}").contains("Zwirnhaus"),
            "[{backend}] no personal data in Debug"
        );

        // 25 minutes after the last use, not 45 after the start: still live.
        assert!(
            store
                .resume_citizen_session("token-a", later(45), IDLE)
                .await
                .unwrap()
                .is_some(),
            "[{backend}] idle time counts from the last use"
        );
        assert!(
            store
                .resume_citizen_session("token-b", later(45), IDLE)
                .await
                .unwrap()
                .is_none(),
            "[{backend}] an unknown token has no session"
        );
        assert!(
            store
                .resume_citizen_session("token-a", later(60), IDLE)
                .await
                .unwrap()
                .is_none(),
            "[{backend}] however active, it ends after the absolute limit"
        );
        assert!(
            raw_texts(&url, "citizen_sessions", "subject")
                .await
                .is_empty(),
            "[{backend}] the dead session was deleted with its identity"
        );

        store
            .start_citizen_session(
                later(100),
                "token-c",
                &anna,
                IDENTITY,
                "csrf-c",
                IDLE,
                ABSOLUTE,
            )
            .await
            .unwrap();
        assert!(
            store
                .resume_citizen_session("token-c", later(131), IDLE)
                .await
                .unwrap()
                .is_none(),
            "[{backend}] idle for 31 minutes is dead"
        );

        store
            .start_citizen_session(
                later(200),
                "token-d",
                &anna,
                IDENTITY,
                "csrf-d",
                IDLE,
                ABSOLUTE,
            )
            .await
            .unwrap();
        assert!(
            store
                .end_citizen_session(later(201), "token-d")
                .await
                .unwrap(),
            "[{backend}] logout ends a session"
        );
        assert!(
            store
                .resume_citizen_session("token-d", later(202), IDLE)
                .await
                .unwrap()
                .is_none(),
            "[{backend}] not after logout"
        );
        assert!(
            !store
                .end_citizen_session(later(203), "token-d")
                .await
                .unwrap(),
            "[{backend}] nothing left to end"
        );
        assert!(
            raw_texts(&url, "citizen_sessions", "subject")
                .await
                .is_empty(),
            "[{backend}] logout deleted the identity"
        );

        let actions: Vec<(String, String)> = store
            .audit_of(&anna)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.action, r.actor))
            .collect();
        let actor = format!("citizen:{anna}");
        assert_eq!(
            actions,
            [
                ("citizen.login".to_owned(), actor.clone()),
                ("citizen.login".to_owned(), actor.clone()),
                ("citizen.login".to_owned(), actor.clone()),
                ("citizen.logout".to_owned(), actor.clone()),
            ],
            "[{backend}] logins and the logout are audited by the citizen"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn only_hashes_of_tokens_are_stored_and_dead_sessions_are_purged_on_start() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, url) = store_and_url(backend, dir.path()).await;
        let token = "tok-9f2c1e7a-unique-session-secret";
        store
            .start_citizen_session(t0(), token, &anna(), IDENTITY, "csrf-a", IDLE, ABSOLUTE)
            .await
            .unwrap();
        let rows = raw_texts(
            &url,
            "citizen_sessions",
            "token_hash, subject, identity, csrf, created_at, last_seen_at, expires_at",
        )
        .await;
        assert_eq!(rows.len(), 1, "[{backend}]");
        assert_eq!(rows[0][0], sha256_hex(token), "[{backend}] the hash");
        assert!(
            rows.iter().flatten().all(|value| !value.contains(token)),
            "[{backend}] the token itself is nowhere: {rows:?}"
        );
        // Finding the session by its hash as a token must not work either.
        assert!(
            store
                .resume_citizen_session(&sha256_hex(token), later(1), IDLE)
                .await
                .unwrap()
                .is_none(),
            "[{backend}]"
        );

        // Anna goes idle; Berta's login much later removes Anna's dead session.
        store
            .start_citizen_session(
                later(31),
                "token-b",
                &berta(),
                "{}",
                "csrf-b",
                IDLE,
                ABSOLUTE,
            )
            .await
            .unwrap();
        let subjects: Vec<String> = raw_texts(&url, "citizen_sessions", "subject")
            .await
            .into_iter()
            .map(|row| row[0].clone())
            .collect();
        assert_eq!(
            subjects,
            [berta()],
            "[{backend}] only the live session is left"
        );

        assert!(
            store
                .start_citizen_session(
                    t0(),
                    "token-x",
                    "sub-raw-from-provider",
                    "{}",
                    "c",
                    IDLE,
                    ABSOLUTE
                )
                .await
                .is_err(),
            "[{backend}] a raw provider sub is no subject"
        );
        store.close().await;
    }
}

/// Decides `id` with a negative certificate carrying the fixture PDF of `random`.
async fn issue(store: &Store, id: &str, random: u64) {
    send_query(store, id).await;
    let moved = store
        .resolve_application(
            &admin(),
            later(3),
            id,
            &RegisterAnswer::None,
            later(2),
            Resolution::Decided {
                outcome: Outcome::NegativeCertificate,
                certificate: Some(new_certificate(random)),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("[{}] decide {id}: {e}", store.backend_name()));
    assert!(moved, "[{}] {id} decided", store.backend_name());
}

#[tokio::test]
async fn a_citizen_reads_her_own_applications_and_certificates_and_no_one_elses() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _url) = store_and_url(backend, dir.path()).await;
        let (anna, berta) = (anna(), berta());
        for (id, minute) in [("anna-1", 0), ("anna-3", 2), ("anna-2", 1)] {
            Submit {
                citizen: Some(&anna),
                at: later(minute),
                ..Submit::new(id)
            }
            .insert(&store)
            .await;
        }
        Submit {
            citizen: Some(&berta),
            ..Submit::new("berta-1")
        }
        .insert(&store)
        .await;
        Submit::new("api-1").insert(&store).await;
        assert!(
            Submit {
                citizen: Some("raw-provider-sub"),
                ..Submit::new("raw-1")
            }
            .try_insert(&store)
            .await
            .is_err(),
            "[{backend}] the store refuses a raw provider sub"
        );

        let ids = |records: Vec<store::applications::ApplicationRecord>| {
            records.into_iter().map(|r| r.id).collect::<Vec<_>>()
        };
        assert_eq!(
            ids(store.citizen_applications(&anna, 10).await.unwrap()),
            ["anna-3", "anna-2", "anna-1"],
            "[{backend}] hers, newest first"
        );
        assert_eq!(
            ids(store.citizen_applications(&anna, 2).await.unwrap()),
            ["anna-3", "anna-2"],
            "[{backend}] limited"
        );
        assert_eq!(
            ids(store.citizen_applications(&berta, 10).await.unwrap()),
            ["berta-1"],
            "[{backend}]"
        );
        assert!(
            store
                .citizen_applications(&sha256_hex("nobody"), 10)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}]"
        );

        let own = store
            .citizen_application(&anna, "anna-2")
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] Anna reads her application"));
        assert_eq!(own.citizen.as_deref(), Some(anna.as_str()), "[{backend}]");
        for (subject, id) in [(&anna, "berta-1"), (&berta, "anna-1"), (&anna, "api-1")] {
            assert_eq!(
                store.citizen_application(subject, id).await.unwrap(),
                None,
                "[{backend}] {id} is not this citizen's"
            );
        }
        assert_eq!(
            store.application("api-1").await.unwrap().map(|r| r.citizen),
            Some(None),
            "[{backend}] an API application belongs to no citizen"
        );

        issue(&store, "berta-1", 71).await;
        issue(&store, "anna-1", 72).await;
        assert_eq!(
            store
                .citizen_certificate_pdf(later(10), &anna, "berta-1")
                .await
                .unwrap(),
            None,
            "[{backend}] Anna cannot fetch Berta's certificate"
        );
        assert_eq!(
            store.citizen_certificate(&anna, "berta-1").await.unwrap(),
            None,
            "[{backend}]"
        );
        let (record, pdf) = store
            .citizen_certificate_pdf(later(11), &berta, "berta-1")
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] Berta fetches hers"));
        assert_eq!(record.application_id, "berta-1", "[{backend}]");
        assert_eq!(pdf, new_certificate(71).document.pdf, "[{backend}]");
        assert_eq!(
            store
                .citizen_certificate(&berta, "berta-1")
                .await
                .unwrap()
                .map(|c| c.number),
            Some(record.number.clone()),
            "[{backend}]"
        );
        assert_eq!(
            store
                .citizen_certificate_pdf(later(12), &anna, "anna-3")
                .await
                .unwrap(),
            None,
            "[{backend}] undecided: no certificate"
        );

        let reads: Vec<(String, Option<String>)> = store
            .audit_of(record.number.as_str())
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "certificate.pdf_read")
            .map(|r| (r.actor, r.office))
            .collect();
        assert_eq!(
            reads,
            [(
                format!("citizen:{berta}"),
                Some(bremen().as_str().to_owned())
            )],
            "[{backend}] one audited read, by Berta, in the issuing office's trail"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn the_portal_client_is_built_in_and_no_token_reaches_it() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let (store, url) = store_and_url(backend, dir.path()).await;
        let portal = store.portal_client().await.unwrap();
        assert_eq!(portal.id, "portal", "[{backend}]");
        assert_eq!(portal.name, "Bürgerportal", "[{backend}]");
        assert_eq!(portal.role, Role::Portal, "[{backend}]");
        assert_eq!(portal.office, None, "[{backend}]");
        assert_eq!(Role::parse("portal"), Some(Role::Portal), "[{backend}]");

        let hashes: Vec<String> = raw_texts(&url, "clients", "token_hash")
            .await
            .into_iter()
            .map(|row| row[0].clone())
            .collect();
        assert!(
            hashes.contains(&"portal:no-token".to_owned()),
            "[{backend}]"
        );
        for hash in hashes.iter().map(String::as_str).chain([
            "",
            "portal",
            "portal:no-token",
            &sha256_hex(""),
        ]) {
            let found = store.client_by_token_hash(hash).await.unwrap();
            assert!(
                found.is_none_or(|c| c.role != Role::Portal),
                "[{backend}] {hash:?} finds no portal client"
            );
        }
        assert!(
            store
                .create_client(
                    &admin(),
                    t0(),
                    &client("portal-2", Role::Portal, None),
                    &sha256_hex("a real token")
                )
                .await
                .is_err(),
            "[{backend}] no second portal client with a token"
        );
        assert_eq!(
            store.client_count().await.unwrap(),
            1,
            "[{backend}] the built-in client is not counted as an API client"
        );
        store.close().await;
    }
}
