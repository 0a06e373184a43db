//! The signed envelope: what it accepts (a fresh message, signed by a trusted key of its
//! sending office, seen once) and each reason it refuses anything else.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod support;

use proptest::prelude::*;
use serde_json::json;
use time::Duration;

use federation::envelope::{self, EnvelopeError, MAX_ENVELOPE_BYTES};
use federation::{MemoryReplayGuard, RegisterQuery, Signed};
use support::{BREMEN_KID, CUXHAVEN_KID, TestKeys, bremen, craft, craft_with_header, now, query};

const MSG_ID: &str = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn sealed_query() -> (Signed<RegisterQuery>, String) {
    let keys = TestKeys::new();
    let message = Signed::new(bremen(), query("q-1"), now());
    let sealed = block_on(envelope::seal(keys.as_ref(), &message, now())).unwrap();
    (message, sealed)
}

fn open(sealed: &str) -> Result<Signed<RegisterQuery>, EnvelopeError> {
    envelope::open(sealed, TestKeys::new().as_ref(), now())
}

/// A payload as Bremen would sign it, with fields to override.
fn payload(overrides: serde_json::Value) -> Vec<u8> {
    let mut value = json!({
        "msg_id": MSG_ID,
        "iat": now().unix_timestamp(),
        "from": "ja-04011",
        "body": query("q-1"),
    });
    for (k, v) in overrides.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::to_vec(&value).unwrap()
}

fn bremen_signs(payload: &[u8]) -> String {
    let keys = TestKeys::new();
    craft(BREMEN_KID, keys.signing_key(BREMEN_KID), payload)
}

#[test]
fn a_sealed_message_opens_to_itself() {
    let (message, sealed) = sealed_query();
    assert_eq!(sealed.split('.').count(), 3);
    assert_eq!(open(&sealed).unwrap(), message);
    assert!(uuid::Uuid::try_parse(&message.msg_id).is_ok());
    assert_eq!(
        envelope::unverified_msg_id(&sealed),
        Some(message.msg_id.clone())
    );
}

#[test]
fn a_crafted_envelope_with_the_right_key_opens() {
    // The control for the refusals below: the same helper with nothing wrong is accepted.
    let opened = open(&bremen_signs(&payload(json!({})))).unwrap();
    assert_eq!(opened.msg_id, MSG_ID);
    assert_eq!(opened.body, query("q-1"));
}

#[test]
fn a_flipped_byte_in_header_payload_or_signature_is_refused() {
    let (_, sealed) = sealed_query();
    let dots: Vec<usize> = sealed.match_indices('.').map(|(i, _)| i).collect();
    // One position inside each part: header, payload, signature.
    for at in [5, dots[0] + 10, dots[1] + 10, sealed.len() - 2] {
        let mut bytes = sealed.clone().into_bytes();
        bytes[at] ^= 0x01;
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(open(&tampered).is_err(), "flipped byte at {at} accepted");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_flipped_bit_is_refused(at in any::<prop::sample::Index>(), bit in 0u8..7) {
        let (_, sealed) = sealed_query();
        let mut bytes = sealed.into_bytes();
        let at = at.index(bytes.len());
        bytes[at] ^= 1 << bit;
        let tampered = String::from_utf8(bytes).unwrap();
        prop_assert!(open(&tampered).is_err(), "bit {} of byte {} flipped, still accepted", bit, at);
    }
}

#[test]
fn garbage_is_malformed() {
    let (_, sealed) = sealed_query();
    let parts: Vec<&str> = sealed.split('.').collect();
    for garbage in [
        String::new(),
        "abc".to_owned(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{sealed}.{}", parts[2]),
        format!("!!.{}.{}", parts[1], parts[2]),
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
    ] {
        assert_eq!(open(&garbage), Err(EnvelopeError::Malformed), "{garbage:?}");
    }
}

#[test]
fn a_payload_that_is_not_a_signed_message_is_malformed() {
    let keys = TestKeys::new();
    let key = keys.signing_key(BREMEN_KID);
    for bad in [
        b"not json".to_vec(),
        payload(json!({ "msg_id": "not-a-uuid" })),
        payload(json!({ "extra": 1 })),
        payload(json!({ "body": { "something": "else" } })),
        serde_json::to_vec(&json!({ "msg_id": MSG_ID, "from": "ja-04011" })).unwrap(),
    ] {
        assert_eq!(
            open(&craft(BREMEN_KID, key, &bad)),
            Err(EnvelopeError::Malformed),
            "{}",
            String::from_utf8_lossy(&bad)
        );
    }
}

#[test]
fn only_es256_is_accepted() {
    let keys = TestKeys::new();
    let key = keys.signing_key(BREMEN_KID);
    let body = payload(json!({}));
    for alg in [json!("none"), json!("HS256"), json!("ES384"), json!(null)] {
        let header = json!({ "alg": alg, "kid": BREMEN_KID, "typ": envelope::TYP });
        assert_eq!(
            open(&craft_with_header(&header, key, &body)),
            Err(EnvelopeError::Algorithm),
            "alg {alg}"
        );
    }
    // alg "none" with an empty signature, as an attacker would send it.
    let sealed = craft_with_header(
        &json!({ "alg": "none", "kid": BREMEN_KID, "typ": envelope::TYP }),
        key,
        &body,
    );
    let unsigned = format!("{}.", &sealed[..sealed.rfind('.').unwrap()]);
    assert_eq!(open(&unsigned), Err(EnvelopeError::Algorithm));
}

#[test]
fn header_fields_that_point_elsewhere_or_a_wrong_typ_are_malformed() {
    let keys = TestKeys::new();
    let key = keys.signing_key(BREMEN_KID);
    let body = payload(json!({}));
    for header in [
        json!({ "alg": "ES256", "kid": BREMEN_KID, "typ": envelope::TYP, "jku": "https://evil.example/keys" }),
        json!({ "alg": "ES256", "kid": BREMEN_KID, "typ": envelope::TYP, "jwk": {} }),
        json!({ "alg": "ES256", "kid": BREMEN_KID, "typ": envelope::TYP, "x5u": "https://evil.example/" }),
        json!({ "alg": "ES256", "kid": BREMEN_KID, "typ": "JWT" }),
        json!({ "alg": "ES256", "typ": envelope::TYP }),
    ] {
        assert_eq!(
            open(&craft_with_header(&header, key, &body)),
            Err(EnvelopeError::Malformed),
            "{header}"
        );
    }
}

#[test]
fn an_unknown_kid_is_refused() {
    let keys = TestKeys::new();
    let sealed = craft(
        "ja-99999.1",
        keys.signing_key(BREMEN_KID),
        &payload(json!({})),
    );
    assert_eq!(open(&sealed), Err(EnvelopeError::UnknownKey));
}

#[test]
fn a_key_of_another_office_is_refused() {
    let keys = TestKeys::new();
    // Cuxhaven signs, correctly under its own kid, a message that claims to come from Bremen.
    let sealed = craft(
        CUXHAVEN_KID,
        keys.signing_key(CUXHAVEN_KID),
        &payload(json!({})),
    );
    assert_eq!(open(&sealed), Err(EnvelopeError::WrongOffice));
    // Cuxhaven's key under Bremen's kid: the signature does not verify.
    let sealed = craft(
        BREMEN_KID,
        keys.signing_key(CUXHAVEN_KID),
        &payload(json!({})),
    );
    assert_eq!(open(&sealed), Err(EnvelopeError::Signature));
}

#[test]
fn a_signature_of_the_wrong_length_is_refused() {
    let (_, sealed) = sealed_query();
    let cut = &sealed[..sealed.len() - 4];
    assert!(matches!(
        open(cut),
        Err(EnvelopeError::Signature | EnvelopeError::Malformed)
    ));
    assert_eq!(
        open(&format!("{}.AAAA", &sealed[..sealed.rfind('.').unwrap()])),
        Err(EnvelopeError::Signature)
    );
}

#[test]
fn expired_and_future_messages_are_refused_at_the_window_edge() {
    let t = now().unix_timestamp();
    let window = envelope::FRESHNESS.whole_seconds();
    for (iat, expected) in [
        (t - window, Ok(())),
        (t + window, Ok(())),
        (t - window - 1, Err(EnvelopeError::OutsideWindow)),
        (t + window + 1, Err(EnvelopeError::OutsideWindow)),
        (t - 86_400, Err(EnvelopeError::OutsideWindow)),
    ] {
        let sealed = bremen_signs(&payload(json!({ "iat": iat })));
        assert_eq!(open(&sealed).map(|_| ()), expected, "iat {iat}");
    }
}

#[test]
fn a_retired_key_is_refused_after_its_retirement() {
    let keys = TestKeys::new();
    // "ja-04011.0" was retired at 09:50; a message it signs at 10:00 is refused …
    let sealed = craft(
        "ja-04011.0",
        keys.signing_key("ja-04011.0"),
        &payload(json!({})),
    );
    assert_eq!(open(&sealed), Err(EnvelopeError::KeyNotValid));
    // … while one it signed at 09:49, opened at 09:53, is still accepted.
    let iat = (now() - Duration::minutes(11)).unix_timestamp();
    let sealed = craft(
        "ja-04011.0",
        keys.signing_key("ja-04011.0"),
        &payload(json!({ "iat": iat })),
    );
    assert!(
        envelope::open::<RegisterQuery>(&sealed, keys.as_ref(), now() - Duration::minutes(7))
            .is_ok()
    );
}

#[test]
fn a_message_is_accepted_once() {
    let (message, sealed) = sealed_query();
    let keys = TestKeys::new();
    let guard = MemoryReplayGuard::default();
    let first = block_on(envelope::open_once::<RegisterQuery>(
        &sealed,
        keys.as_ref(),
        &guard,
        now(),
    ));
    assert_eq!(first, Ok(message));
    let again = block_on(envelope::open_once::<RegisterQuery>(
        &sealed,
        keys.as_ref(),
        &guard,
        now(),
    ));
    assert_eq!(again, Err(EnvelopeError::Replayed));
    // A new message with the same content is not a replay.
    let (_, other) = sealed_query();
    assert!(
        block_on(envelope::open_once::<RegisterQuery>(
            &other,
            keys.as_ref(),
            &guard,
            now()
        ))
        .is_ok()
    );
}

#[test]
fn the_store_guards_against_replay() {
    let (_, sealed) = sealed_query();
    block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = store::testing::fresh_store("sqlite", dir.path())
            .await
            .unwrap();
        let keys = TestKeys::new();
        assert!(
            envelope::open_once::<RegisterQuery>(&sealed, keys.as_ref(), &store, now())
                .await
                .is_ok()
        );
        assert_eq!(
            envelope::open_once::<RegisterQuery>(&sealed, keys.as_ref(), &store, now()).await,
            Err(EnvelopeError::Replayed)
        );
    });
}

#[test]
fn too_large_envelopes_are_refused() {
    let keys = TestKeys::new();
    let mut big = query("q-big");
    big.id = "x".repeat(MAX_ENVELOPE_BYTES);
    let message = Signed::new(bremen(), big, now());
    assert_eq!(
        block_on(envelope::seal(keys.as_ref(), &message, now())),
        Err(EnvelopeError::TooLarge)
    );
    let sealed = bremen_signs(&payload(
        json!({ "body": query(&"y".repeat(MAX_ENVELOPE_BYTES)) }),
    ));
    assert_eq!(open(&sealed), Err(EnvelopeError::TooLarge));
}

#[test]
fn refusals_say_the_reason_and_nothing_of_the_message() {
    let keys = TestKeys::new();
    let sealed = craft(
        "ja-99999.1",
        keys.signing_key(BREMEN_KID),
        &payload(json!({})),
    );
    let error = open(&sealed).unwrap_err();
    assert_eq!(error.reason(), "unknown_key");
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("Charlotte") && !shown.contains(MSG_ID),
        "{shown}"
    );
}
