//! Staff accounts and workbench sessions: case-insensitive logins per office, lockout after
//! failed logins, session death by idleness, age, logout and disabling, one use per TOTP step,
//! and audit records for every change without a credential in them.

use time::Duration;

use store::staff::{
    FailureOutcome, Lockout, LoginName, NewSession, NewStaffUser, SessionLimits, StaffRole,
    StaffUser, TotpChange,
};
use store::{AuditRecord, Store, StoreError};

use crate::support::{admin, berlin, bremen, cuxhaven, later, seeded_store, t0};

const HASH: &str =
    "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
const TOTP_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

const LIMITS: SessionLimits = SessionLimits {
    idle: Duration::minutes(30),
    max_age: Duration::hours(12),
};

const LOCKOUT: Lockout = Lockout {
    max_failures: 3,
    duration: Duration::minutes(15),
};

fn login(raw: &str) -> LoginName {
    LoginName::parse(raw).expect("valid login")
}

fn actions(records: &[AuditRecord]) -> Vec<&str> {
    records.iter().map(|r| r.action.as_str()).collect()
}

async fn add_user(
    store: &Store,
    id: &str,
    name: &str,
    office: &domain::OfficeId,
    role: StaffRole,
    totp: bool,
) -> StaffUser {
    store
        .create_staff_user(
            &admin(),
            t0(),
            &NewStaffUser {
                id,
                login: &login(name),
                display_name: "Alex Beispiel",
                office,
                role,
                password_hash: HASH,
                totp_secret: totp.then_some(TOTP_KEY),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("[{}] create {name}: {e}", store.backend_name()))
}

async fn start(store: &Store, user: &StaffUser, token: &str, done: bool, at: time::OffsetDateTime) {
    store
        .start_staff_session(
            at,
            user,
            &NewSession {
                token_hash: token,
                csrf_token: &format!("csrf-{token}"),
                second_factor_done: done,
            },
            LIMITS,
        )
        .await
        .unwrap_or_else(|e| panic!("[{}] start session: {e}", store.backend_name()));
}

#[tokio::test]
async fn accounts_belong_to_one_office_and_logins_are_unique_in_any_case() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let meyer = add_user(
            &store,
            "u-1",
            "A.Meyer",
            &cuxhaven(),
            StaffRole::Clerk,
            false,
        )
        .await;
        add_user(
            &store,
            "u-2",
            "b.lange",
            &cuxhaven(),
            StaffRole::Supervisor,
            true,
        )
        .await;
        add_user(&store, "u-3", "c.otto", &bremen(), StaffRole::Admin, false).await;

        assert_eq!(
            meyer.login.as_str(),
            "A.Meyer",
            "[{backend}] shown as created"
        );
        assert_eq!(meyer.office, cuxhaven(), "[{backend}]");
        assert_eq!(meyer.role, StaffRole::Clerk, "[{backend}]");
        assert!(!meyer.has_totp && !meyer.is_disabled(), "[{backend}]");
        assert_eq!(
            store.staff_user(&login("a.MEYER")).await.unwrap(),
            Some(meyer.clone()),
            "[{backend}] found in any case"
        );
        let (found, credentials) = store.staff_login(&login("b.lange")).await.unwrap().unwrap();
        assert!(found.has_totp, "[{backend}]");
        assert_eq!(credentials.password_hash, HASH, "[{backend}]");
        assert_eq!(
            credentials.totp_secret.as_deref(),
            Some(TOTP_KEY),
            "[{backend}]"
        );
        assert_eq!(credentials.totp_last_step, None, "[{backend}]");
        assert!(
            !format!("{credentials:?}").contains(TOTP_KEY)
                && !format!("{credentials:?}").contains(HASH),
            "[{backend}] Debug hides the credentials"
        );

        let logins = |users: Vec<StaffUser>| -> Vec<String> {
            users.into_iter().map(|u| u.login.to_string()).collect()
        };
        assert_eq!(
            logins(store.staff_users(Some(&cuxhaven())).await.unwrap()),
            ["A.Meyer", "b.lange"],
            "[{backend}] one office's accounts"
        );
        assert!(
            store.staff_users(Some(&berlin())).await.unwrap().is_empty(),
            "[{backend}]"
        );
        assert_eq!(
            store.staff_users(None).await.unwrap().len(),
            3,
            "[{backend}] all"
        );

        let taken = store
            .create_staff_user(
                &admin(),
                later(1),
                &NewStaffUser {
                    id: "u-4",
                    login: &login("a.meyer"),
                    display_name: "Someone Else",
                    office: &bremen(),
                    role: StaffRole::Clerk,
                    password_hash: HASH,
                    totp_secret: None,
                },
            )
            .await;
        assert!(
            matches!(taken, Err(StoreError::Conflict(_))),
            "[{backend}] {taken:?}"
        );
        let nowhere = store
            .create_staff_user(
                &admin(),
                later(1),
                &NewStaffUser {
                    id: "u-5",
                    login: &login("d.nowhere"),
                    display_name: "Nobody",
                    office: &domain::OfficeId::parse("ja-99999").unwrap(),
                    role: StaffRole::Clerk,
                    password_hash: HASH,
                    totp_secret: None,
                },
            )
            .await;
        assert!(
            matches!(nowhere, Err(StoreError::Conflict(_))),
            "[{backend}] {nowhere:?}"
        );
        assert_eq!(
            store.staff_users(None).await.unwrap().len(),
            3,
            "[{backend}] nothing written"
        );
        assert!(
            store.audit_of("u-4").await.unwrap().is_empty(),
            "[{backend}]"
        );

        let created = store.audit_of("u-1").await.unwrap();
        assert_eq!(actions(&created), ["staff.created"], "[{backend}]");
        assert_eq!(
            created[0].office.as_deref(),
            Some("ja-03352"),
            "[{backend}]"
        );
        assert_eq!(created[0].actor, admin().id, "[{backend}]");
        assert_eq!(created[0].detail["role"], "clerk", "[{backend}]");
        assert_eq!(
            store.audit_of("u-2").await.unwrap()[0].detail["second_factor"],
            true,
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn failed_logins_lock_the_account_and_a_reset_unlocks_it() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let user = add_user(
            &store,
            "u-1",
            "a.meyer",
            &cuxhaven(),
            StaffRole::Clerk,
            false,
        )
        .await;

        for (minute, expected) in [(1, 1), (2, 2)] {
            let outcome = store
                .record_staff_login_failure(later(minute), &user, "password", LOCKOUT)
                .await
                .unwrap();
            assert_eq!(
                outcome,
                FailureOutcome::Counted { attempts: expected },
                "[{backend}]"
            );
        }
        let outcome = store
            .record_staff_login_failure(later(3), &user, "password", LOCKOUT)
            .await
            .unwrap();
        assert_eq!(
            outcome,
            FailureOutcome::Locked { until: later(18) },
            "[{backend}] the third failure locks for 15 minutes"
        );
        let locked = store.staff_user(&user.login).await.unwrap().unwrap();
        assert_eq!(locked.locked_until, Some(later(18)), "[{backend}]");
        assert_eq!(locked.failed_attempts, 0, "[{backend}] a new count starts");
        assert!(
            locked.is_locked(later(17)) && !locked.is_locked(later(18)),
            "[{backend}]"
        );

        let trail = store.audit_of("u-1").await.unwrap();
        assert_eq!(
            actions(&trail),
            [
                "staff.created",
                "staff.login_failed",
                "staff.login_failed",
                "staff.login_failed",
                "staff.locked"
            ],
            "[{backend}]"
        );
        assert_eq!(trail[3].detail["attempts"], 3, "[{backend}]");
        assert_eq!(trail[3].detail["reason"], "password", "[{backend}]");
        assert_eq!(trail[4].actor, "staff:u-1", "[{backend}]");
        assert_eq!(trail[4].office.as_deref(), Some("ja-03352"), "[{backend}]");

        let reset = store
            .reset_staff_password(
                &admin(),
                later(5),
                &user.login,
                "$argon2id$new",
                TotpChange::Keep,
            )
            .await
            .unwrap();
        assert_eq!(reset.locked_until, None, "[{backend}] unlocked");
        assert_eq!(reset.failed_attempts, 0, "[{backend}]");
        let (_, credentials) = store.staff_login(&user.login).await.unwrap().unwrap();
        assert_eq!(credentials.password_hash, "$argon2id$new", "[{backend}]");
        let last = store.audit_of("u-1").await.unwrap().pop().unwrap();
        assert_eq!(last.action, "staff.password_reset", "[{backend}]");
        assert_eq!(last.detail["second_factor"], "none", "[{backend}]");
    }
}

#[tokio::test]
async fn a_completed_login_clears_the_failure_count() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let user = add_user(
            &store,
            "u-1",
            "a.meyer",
            &cuxhaven(),
            StaffRole::Clerk,
            false,
        )
        .await;
        for minute in [1, 2] {
            store
                .record_staff_login_failure(later(minute), &user, "password", LOCKOUT)
                .await
                .unwrap();
        }
        start(&store, &user, "token-1", true, later(3)).await;
        assert_eq!(
            store
                .staff_user(&user.login)
                .await
                .unwrap()
                .unwrap()
                .failed_attempts,
            0,
            "[{backend}]"
        );
        let outcome = store
            .record_staff_login_failure(later(4), &user, "password", LOCKOUT)
            .await
            .unwrap();
        assert_eq!(
            outcome,
            FailureOutcome::Counted { attempts: 1 },
            "[{backend}] failures count in a row only"
        );
        let login = store.audit_of("u-1").await.unwrap();
        let login = login.iter().find(|r| r.action == "staff.login").unwrap();
        assert_eq!(login.detail["second_factor"], "none", "[{backend}]");
    }
}

#[tokio::test]
async fn sessions_die_when_idle_too_old_ended_or_the_account_is_disabled() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let user = add_user(
            &store,
            "u-1",
            "a.meyer",
            &cuxhaven(),
            StaffRole::Clerk,
            false,
        )
        .await;
        let resume = |token: &'static str, minute: i64| {
            let store = store.clone();
            async move {
                store
                    .resume_staff_session(token, later(minute), LIMITS)
                    .await
                    .unwrap()
            }
        };

        // Idle: each request moves the deadline; 30 minutes without one end the session.
        start(&store, &user, "idle", true, later(0)).await;
        let session = resume("idle", 29).await.expect("alive after 29 minutes");
        assert_eq!(session.user, user, "[{backend}]");
        assert_eq!(session.csrf_token, "csrf-idle", "[{backend}]");
        assert!(session.second_factor_done, "[{backend}]");
        assert_eq!(session.created_at, later(0), "[{backend}]");
        assert!(
            resume("idle", 59).await.is_some(),
            "[{backend}] 30 minutes after the last request"
        );
        assert!(
            resume("idle", 90).await.is_none(),
            "[{backend}] 31 minutes idle"
        );
        assert!(
            resume("idle", 91).await.is_none(),
            "[{backend}] and stays dead"
        );
        assert!(
            resume("unknown", 1).await.is_none(),
            "[{backend}] unknown token"
        );

        // Age: however active, a session ends after 12 hours.
        start(&store, &user, "busy", true, later(100)).await;
        let mut minute = 100;
        while minute < 100 + 12 * 60 {
            assert!(
                resume("busy", minute).await.is_some(),
                "[{backend}] minute {minute}"
            );
            minute += 25;
        }
        assert!(
            resume("busy", 100 + 12 * 60 + 1).await.is_none(),
            "[{backend}] too old"
        );

        // Logout.
        start(&store, &user, "ended", true, later(1000)).await;
        assert!(
            store.end_staff_session(later(1001), "ended").await.unwrap(),
            "[{backend}]"
        );
        assert!(
            resume("ended", 1002).await.is_none(),
            "[{backend}] after logout"
        );
        assert!(
            !store.end_staff_session(later(1003), "ended").await.unwrap(),
            "[{backend}] ending twice finds nothing"
        );

        // Disabling ends every session of the account, and no new one can be resumed.
        start(&store, &user, "a", true, later(1100)).await;
        start(&store, &user, "b", true, later(1100)).await;
        let disabled = store
            .disable_staff_user(&admin(), later(1101), &user.login)
            .await
            .unwrap();
        assert!(disabled.is_disabled(), "[{backend}]");
        assert!(resume("a", 1102).await.is_none(), "[{backend}]");
        assert!(resume("b", 1102).await.is_none(), "[{backend}]");
        start(&store, &user, "c", true, later(1103)).await;
        assert!(
            resume("c", 1104).await.is_none(),
            "[{backend}] a disabled account has no session"
        );
        let enabled = store
            .enable_staff_user(&admin(), later(1105), &user.login)
            .await
            .unwrap();
        assert!(!enabled.is_disabled(), "[{backend}]");
        assert!(
            resume("a", 1106).await.is_none(),
            "[{backend}] ended sessions stay ended"
        );

        let trail = store.audit_of("u-1").await.unwrap();
        let disable = trail.iter().find(|r| r.action == "staff.disabled").unwrap();
        assert_eq!(disable.detail["sessions_ended"], 2, "[{backend}]");
        assert!(actions(&trail).contains(&"staff.logout"), "[{backend}]");
        assert!(actions(&trail).contains(&"staff.enabled"), "[{backend}]");
    }
}

#[tokio::test]
async fn a_second_factor_completes_a_login_once_per_step() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let user = add_user(
            &store,
            "u-1",
            "b.lange",
            &cuxhaven(),
            StaffRole::Supervisor,
            true,
        )
        .await;

        start(&store, &user, "first", false, later(0)).await;
        let pending = store
            .resume_staff_session("first", later(1), LIMITS)
            .await
            .unwrap()
            .unwrap();
        assert!(
            !pending.second_factor_done,
            "[{backend}] waits for the code"
        );
        assert!(
            store
                .complete_staff_second_factor(later(1), "first", 1000, LIMITS)
                .await
                .unwrap(),
            "[{backend}]"
        );
        let done = store
            .resume_staff_session("first", later(2), LIMITS)
            .await
            .unwrap()
            .unwrap();
        assert!(done.second_factor_done, "[{backend}]");
        let (_, credentials) = store.staff_login(&user.login).await.unwrap().unwrap();
        assert_eq!(credentials.totp_last_step, Some(1000), "[{backend}]");
        assert!(
            !store
                .complete_staff_second_factor(later(2), "first", 1001, LIMITS)
                .await
                .unwrap(),
            "[{backend}] a finished login is not finished again"
        );

        start(&store, &user, "second", false, later(3)).await;
        assert!(
            !store
                .complete_staff_second_factor(later(3), "second", 1000, LIMITS)
                .await
                .unwrap(),
            "[{backend}] the same step again"
        );
        assert!(
            !store
                .complete_staff_second_factor(later(3), "second", 999, LIMITS)
                .await
                .unwrap(),
            "[{backend}] an earlier step"
        );
        assert!(
            !store
                .resume_staff_session("second", later(3), LIMITS)
                .await
                .unwrap()
                .unwrap()
                .second_factor_done,
            "[{backend}] still waiting"
        );
        assert!(
            store
                .complete_staff_second_factor(later(3), "second", 1001, LIMITS)
                .await
                .unwrap(),
            "[{backend}] a later step"
        );
        start(&store, &user, "late", false, later(10)).await;
        assert!(
            !store
                .complete_staff_second_factor(later(41), "late", 2000, LIMITS)
                .await
                .unwrap(),
            "[{backend}] a waiting session idles out too"
        );

        // Renewing the key on reset forgets the used steps and ends the sessions.
        store
            .reset_staff_password(
                &admin(),
                later(50),
                &user.login,
                HASH,
                TotpChange::Renew("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"),
            )
            .await
            .unwrap();
        let (_, credentials) = store.staff_login(&user.login).await.unwrap().unwrap();
        assert_eq!(credentials.totp_last_step, None, "[{backend}]");
        assert_eq!(
            credentials.totp_secret.as_deref(),
            Some("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"),
            "[{backend}]"
        );
        assert!(
            store
                .resume_staff_session("second", later(51), LIMITS)
                .await
                .unwrap()
                .is_none(),
            "[{backend}]"
        );
        let removed = store
            .reset_staff_password(&admin(), later(52), &user.login, HASH, TotpChange::Remove)
            .await
            .unwrap();
        assert!(!removed.has_totp, "[{backend}]");

        let trail = store.audit_of("u-1").await.unwrap();
        let logins: Vec<_> = trail
            .iter()
            .filter(|r| r.action == "staff.login" || r.action == "staff.password_accepted")
            .map(|r| {
                (
                    r.action.as_str(),
                    r.detail["second_factor"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            logins,
            [
                ("staff.password_accepted", "pending"),
                ("staff.login", "totp"),
                ("staff.password_accepted", "pending"),
                ("staff.login", "totp"),
                ("staff.password_accepted", "pending"),
            ],
            "[{backend}]"
        );
        let resets: Vec<_> = trail
            .iter()
            .filter(|r| r.action == "staff.password_reset")
            .map(|r| r.detail["second_factor"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(resets, ["renewed", "removed"], "[{backend}]");
    }
}

#[tokio::test]
async fn unknown_logins_and_cross_office_attempts_are_audited_without_credentials() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let user = add_user(
            &store,
            "u-1",
            "a.meyer",
            &cuxhaven(),
            StaffRole::Clerk,
            true,
        )
        .await;
        store.record_unknown_staff_login(later(1)).await.unwrap();
        let unknown = store
            .audit_of(store::staff::UNKNOWN_LOGIN_SUBJECT)
            .await
            .unwrap();
        assert_eq!(actions(&unknown), ["staff.login_failed"], "[{backend}]");
        assert_eq!(unknown[0].detail["reason"], "unknown_login", "[{backend}]");
        assert_eq!(unknown[0].office, None, "[{backend}]");

        store
            .record_cross_office_attempt(later(2), &user.id, &user.office, &bremen(), "entry-7")
            .await
            .unwrap();
        let bremen_trail = store.audit_trail(&bremen(), 100).await.unwrap();
        let refused = bremen_trail
            .iter()
            .find(|r| r.action == "staff.cross_office_refused")
            .expect("in the attempted office's trail");
        assert_eq!(refused.actor, "staff:u-1", "[{backend}]");
        assert_eq!(refused.subject, "entry-7", "[{backend}]");
        assert_eq!(refused.detail["from_office"], "ja-03352", "[{backend}]");

        store
            .record_staff_login_refused(later(3), &user, "locked")
            .await
            .unwrap();
        start(&store, &user, "secret-token-hash", false, later(4)).await;
        store
            .record_staff_login_failure(later(5), &user, "totp", LOCKOUT)
            .await
            .unwrap();
        store
            .end_staff_session(later(6), "secret-token-hash")
            .await
            .unwrap();
        store
            .disable_staff_user(&admin(), later(7), &user.login)
            .await
            .unwrap();

        let mut records = store.audit_trail(&cuxhaven(), 1000).await.unwrap();
        records.extend(unknown);
        assert!(records.len() >= 7, "[{backend}] {}", records.len());
        for record in &records {
            let text = format!("{} {} {}", record.subject, record.actor, record.detail);
            for secret in [
                HASH,
                TOTP_KEY,
                "secret-token-hash",
                "csrf-secret",
                "a.meyer",
                "Alex",
            ] {
                assert!(
                    !text.contains(secret),
                    "[{backend}] {} carries {secret:?}: {text}",
                    record.action
                );
            }
        }
    }
}
