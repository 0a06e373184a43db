//! The audit log's secret key and the three values computed with it: a record's MAC, a chain
//! link, and the key's check value.
//!
//! Everything is HMAC-SHA256, written as lowercase hex. Each input starts with a purpose tag and
//! gives every field as a presence byte and a length before its bytes, so that no two different
//! records (or a record and a chain link) share an encoding. This module owns the encoding only;
//! where the values are written and checked is [`crate::audit`] and [`crate::audit_chain`].
//! It never reveals the key: not through `Debug`, not in errors.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const RECORD_TAG: &str = "sorgeregister/audit-record/v1";
const CHAIN_TAG: &str = "sorgeregister/audit-chain/v1";
const CHECK_TAG: &str = "sorgeregister/audit-key-check/v1";

/// The chain hash "before" the first record (chain position 0).
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The platform's secret audit key: 32 random bytes, kept in the key folder next to the seal
/// keys. Whoever holds it can write audit records that pass verification, so it never goes
/// into the database, a log or an error message.
#[derive(Clone)]
pub struct AuditKey {
    /// The keyed HMAC state, cloned for each value (cheaper than keying again).
    hmac: HmacSha256,
    test: bool,
}

/// The fields of an audit record that its MAC covers, exactly as stored.
pub(crate) struct RecordFields<'a> {
    pub record_id: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub office: Option<&'a str>,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a str,
}

impl AuditKey {
    /// Length of a key in bytes.
    pub const LEN: usize = 32;

    /// The platform's key, as read from its file.
    pub fn from_bytes(bytes: &[u8; AuditKey::LEN]) -> AuditKey {
        AuditKey {
            hmac: keyed(bytes),
            test: false,
        }
    }

    /// A fixed key that anyone can read in this source file: for tests and benchmarks only.
    /// A store opened with it neither registers nor checks its key in the database and gives
    /// legacy records no MAC, so that a test that opens a real database changes nothing there;
    /// records it writes fail verification under the platform's key.
    pub fn insecure_test_key() -> AuditKey {
        AuditKey {
            hmac: keyed(b"sorgeregister insecure test key!"),
            test: true,
        }
    }

    /// Whether this is [`AuditKey::insecure_test_key`].
    pub fn is_test_key(&self) -> bool {
        self.test
    }

    /// The MAC of one record.
    pub(crate) fn record_mac(&self, record: &RecordFields<'_>) -> String {
        let mut mac = self.hmac.clone();
        field(&mut mac, Some(RECORD_TAG));
        for value in [
            Some(record.record_id),
            Some(record.at),
            Some(record.actor),
            record.office,
            Some(record.action),
            Some(record.subject),
            Some(record.detail),
        ] {
            field(&mut mac, value);
        }
        hex(&mac.finalize().into_bytes())
    }

    /// The chain hash at `pos` of a record with MAC `mac` whose predecessor's chain hash is
    /// `previous` ([`GENESIS_HASH`] for position 1). The position is part of the input, so that
    /// a record moved to another position breaks its link.
    pub(crate) fn chain_hash(&self, pos: i64, previous: &str, mac: &str) -> String {
        let mut hmac = self.hmac.clone();
        field(&mut hmac, Some(CHAIN_TAG));
        hmac.update(&pos.to_be_bytes());
        field(&mut hmac, Some(previous));
        field(&mut hmac, Some(mac));
        hex(&hmac.finalize().into_bytes())
    }

    /// A value that identifies the key without revealing it: the store keeps it, and refuses a
    /// key whose value differs.
    pub(crate) fn check_value(&self) -> String {
        let mut mac = self.hmac.clone();
        field(&mut mac, Some(CHECK_TAG));
        hex(&mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.test {
            f.write_str("AuditKey(insecure test key)")
        } else {
            f.write_str("AuditKey(…)")
        }
    }
}

fn keyed(bytes: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; the error arm cannot happen.
    HmacSha256::new_from_slice(bytes).unwrap_or_else(|_| unreachable!("HMAC accepts any key"))
}

/// Absent: one zero byte. Present: a one byte, the length as eight bytes big-endian, the bytes.
fn field(mac: &mut HmacSha256, value: Option<&str>) {
    match value {
        None => mac.update(&[0]),
        Some(value) => {
            mac.update(&[1]);
            mac.update(&(value.len() as u64).to_be_bytes());
            mac.update(value.as_bytes());
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(detail: &'a str, office: Option<&'a str>) -> RecordFields<'a> {
        RecordFields {
            record_id: "r-1",
            at: "2026-03-02T09:30:00.000000000Z",
            actor: "client:x",
            office,
            action: "register.read",
            subject: "entry-1",
            detail,
        }
    }

    #[test]
    fn the_mac_covers_every_field_and_the_key() {
        let key = AuditKey::from_bytes(&[7; 32]);
        let base = key.record_mac(&fields("{}", Some("ja-04011")));
        assert_eq!(base.len(), 64);
        assert_eq!(base, key.record_mac(&fields("{}", Some("ja-04011"))));
        assert_ne!(base, key.record_mac(&fields("{ }", Some("ja-04011"))));
        assert_ne!(base, key.record_mac(&fields("{}", None)));
        assert_ne!(
            base,
            AuditKey::from_bytes(&[8; 32]).record_mac(&fields("{}", Some("ja-04011")))
        );
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let key = AuditKey::from_bytes(&[7; 32]);
        // The same concatenated text, split differently between office and action.
        let a = RecordFields {
            office: Some("ja-0401"),
            action: "1x",
            ..fields("{}", None)
        };
        let b = RecordFields {
            office: Some("ja-04011"),
            action: "x",
            ..fields("{}", None)
        };
        assert_ne!(key.record_mac(&a), key.record_mac(&b));
        // An absent office differs from an empty one.
        assert_ne!(
            key.record_mac(&fields("{}", None)),
            key.record_mac(&fields("{}", Some("")))
        );
    }

    #[test]
    fn a_link_depends_on_position_predecessor_and_mac() {
        let key = AuditKey::from_bytes(&[7; 32]);
        let link = key.chain_hash(1, GENESIS_HASH, "aa");
        assert_ne!(link, key.chain_hash(2, GENESIS_HASH, "aa"));
        assert_ne!(link, key.chain_hash(1, &link, "aa"));
        assert_ne!(link, key.chain_hash(1, GENESIS_HASH, "ab"));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let shown = format!("{:?}", AuditKey::from_bytes(&[0xab; 32]));
        assert_eq!(shown, "AuditKey(…)");
        assert!(AuditKey::insecure_test_key().is_test_key());
        assert!(!AuditKey::from_bytes(&[0xab; 32]).is_test_key());
        assert_ne!(
            AuditKey::insecure_test_key().check_value(),
            AuditKey::from_bytes(&[0xab; 32]).check_value()
        );
    }
}
