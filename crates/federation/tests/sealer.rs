//! Envelopes signed and verified with the platform's real seal keys: [`SealerSigner`] creates
//! an office's key on first use, [`SealerKeys`] finds it in the trust list.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod support;

use std::sync::Arc;

use federation::envelope::{self, EnvelopeError};
use federation::{RegisterQuery, SealerKeys, SealerSigner, Signed};
use seal::issue::Sealer;
use support::{TestClock, bremen, cuxhaven, now, query};

#[tokio::test]
async fn an_envelope_sealed_with_an_office_seal_key_opens_with_the_trust_list() {
    let dir = tempfile::tempdir().unwrap();
    let sealer = Arc::new(Sealer::open(&dir.path().join("keys"), now()).unwrap());
    let store = store::testing::fresh_store("sqlite", dir.path())
        .await
        .unwrap();
    let signer = SealerSigner::new(sealer.clone(), store.clone());
    let keys = SealerKeys::new(sealer.clone(), TestClock::at(now()));

    let message = Signed::new(bremen(), query("q-1"), now());
    let sealed = envelope::seal(&signer, &message, now()).await.unwrap();
    assert_eq!(
        envelope::open::<RegisterQuery>(&sealed, &keys, now()),
        Ok(message)
    );
    let header = sealed.split('.').next().unwrap();
    use base64::Engine as _;
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .unwrap();
    let header: serde_json::Value = serde_json::from_slice(&header).unwrap();
    assert_eq!(header["kid"], "ja-04011.1");
    assert_eq!(header["alg"], "ES256");

    // Bremen's key cannot speak for Cuxhaven.
    let forged = Signed::new(cuxhaven(), query("q-2"), now());
    let payload = serde_json::to_vec(&forged).unwrap();
    let signed = sealer
        .sign_federation("ja-04011", "Jugendamt Bremen", now(), |kid| {
            envelope::signing_input(kid, &payload).into_bytes()
        })
        .unwrap();
    let sealed = envelope::compact(
        std::str::from_utf8(&signed.message).unwrap(),
        &signed.signature,
    );
    assert_eq!(
        envelope::open::<RegisterQuery>(&sealed, &keys, now()),
        Err(EnvelopeError::WrongOffice)
    );
}
