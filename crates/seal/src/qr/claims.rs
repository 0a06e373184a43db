//! The claims a QR code carries and their compact CBOR form.
//!
//! ```text
//! { 1: number (text)            "NB-2026-7K3M-Q9TX-8"
//!   2: outcome                  0 = negative, 1 = partial
//!   3: [part, …]                only when partial; 0 residence … 6 other
//!   4: issuer office id         "ja-04011"
//!   5: register office id       "ja-03352"
//!   6: issued_at                seconds since 1970 (UTC)
//!   7: register_as_of           seconds since 1970 (UTC)
//!   8: child  [given names, family name at birth, birth date, birth place?]
//!   9: mother [given names, family name, birth date] }
//! ```
//!
//! Dates are days since 1970-01-01 (negative before), three bytes for any date of birth from
//! 1791 to 2149. Unknown keys, duplicates and indefinite lengths are refused: the format is
//! versioned by the `NB1:` prefix, not extended in place.

use certificate::{CertificateContent, Outcome, Person};
use domain::register::CustodyPart;
use minicbor::Decoder;
use time::{Date, OffsetDateTime};

use super::{QrError, cbor};

const NUMBER: u8 = 1;
const OUTCOME: u8 = 2;
const PARTS: u8 = 3;
const ISSUER: u8 = 4;
const REGISTER_OFFICE: u8 = 5;
const ISSUED_AT: u8 = 6;
const REGISTER_AS_OF: u8 = 7;
const CHILD: u8 = 8;
const MOTHER: u8 = 9;

const OUTCOME_NEGATIVE: u8 = 0;
const OUTCOME_PARTIAL: u8 = 1;

/// Julian day number of 1970-01-01.
const EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// What the QR code states: the certificate's facts without office names, addresses or the
/// verification URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrClaims {
    pub number: String,
    pub outcome: Outcome,
    /// The issuing office's id, e.g. `ja-04011`.
    pub issuer: String,
    /// The id of the office keeping the register that was asked.
    pub register_office: String,
    /// Whole seconds, UTC.
    pub issued_at: OffsetDateTime,
    /// Whole seconds, UTC.
    pub register_as_of: OffsetDateTime,
    pub child: Person,
    /// Without a birth place: the certificate prints none for the mother.
    pub mother: Person,
}

impl QrClaims {
    /// The claims for a certificate: its times cut to whole seconds, the mother's birth place
    /// (never printed) left out.
    pub fn from_content(content: &CertificateContent) -> QrClaims {
        QrClaims {
            number: content.number.clone(),
            outcome: content.outcome.clone(),
            issuer: content.issuer.id.clone(),
            register_office: content.register_office.id.clone(),
            issued_at: whole_seconds(content.issued_at),
            register_as_of: whole_seconds(content.register_as_of),
            child: content.child.clone(),
            mother: Person {
                birth_place: None,
                ..content.mother.clone()
            },
        }
    }

    /// The fields in which `content` says something else than these claims, named as in
    /// [`CertificateContent`] (`"child.birth_date"`). Fields the QR code does not carry (office
    /// names and addresses, the verification URL, the mother's birth place) are not compared;
    /// times are compared to the second, the parts of custody regardless of order.
    pub fn differences(&self, content: &CertificateContent) -> Vec<&'static str> {
        let mut differ = Vec::new();
        let mut check = |same: bool, field: &'static str| {
            if !same {
                differ.push(field);
            }
        };
        check(self.number == content.number, "number");
        check(same_outcome(&self.outcome, &content.outcome), "outcome");
        check(self.issuer == content.issuer.id, "issuer.id");
        check(
            self.register_office == content.register_office.id,
            "register_office.id",
        );
        check(
            self.issued_at.unix_timestamp() == content.issued_at.unix_timestamp(),
            "issued_at",
        );
        check(
            self.register_as_of.unix_timestamp() == content.register_as_of.unix_timestamp(),
            "register_as_of",
        );
        let (child, other) = (&self.child, &content.child);
        check(child.given_names == other.given_names, "child.given_names");
        check(child.family_name == other.family_name, "child.family_name");
        check(child.birth_date == other.birth_date, "child.birth_date");
        check(child.birth_place == other.birth_place, "child.birth_place");
        let (mother, other) = (&self.mother, &content.mother);
        check(
            mother.given_names == other.given_names,
            "mother.given_names",
        );
        check(
            mother.family_name == other.family_name,
            "mother.family_name",
        );
        check(mother.birth_date == other.birth_date, "mother.birth_date");
        differ
    }
}

fn whole_seconds(t: OffsetDateTime) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.unix_timestamp()).unwrap_or(t)
}

fn same_outcome(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::NegativeCertificate, Outcome::NegativeCertificate) => true,
        (Outcome::PartialCertificate { parts: a }, Outcome::PartialCertificate { parts: b }) => {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.sort();
            b.sort();
            a == b
        }
        _ => false,
    }
}

fn part_code(part: CustodyPart) -> u8 {
    match part {
        CustodyPart::Residence => 0,
        CustodyPart::Health => 1,
        CustodyPart::Schooling => 2,
        CustodyPart::Assets => 3,
        CustodyPart::Authorities => 4,
        CustodyPart::Religion => 5,
        CustodyPart::Other => 6,
    }
}

fn part_from_code(code: u8) -> Option<CustodyPart> {
    Some(match code {
        0 => CustodyPart::Residence,
        1 => CustodyPart::Health,
        2 => CustodyPart::Schooling,
        3 => CustodyPart::Assets,
        4 => CustodyPart::Authorities,
        5 => CustodyPart::Religion,
        6 => CustodyPart::Other,
        _ => return None,
    })
}

fn day_number(date: Date) -> i32 {
    date.to_julian_day() - EPOCH_JULIAN_DAY
}

pub fn encode(claims: &QrClaims) -> Vec<u8> {
    cbor(|e| {
        let parts = match &claims.outcome {
            Outcome::NegativeCertificate => None,
            Outcome::PartialCertificate { parts } => Some(parts),
        };
        e.map(if parts.is_some() { 9 } else { 8 })?;
        e.u8(NUMBER)?.str(&claims.number)?;
        match parts {
            None => {
                e.u8(OUTCOME)?.u8(OUTCOME_NEGATIVE)?;
            }
            Some(parts) => {
                e.u8(OUTCOME)?.u8(OUTCOME_PARTIAL)?;
                e.u8(PARTS)?.array(parts.len() as u64)?;
                for part in parts {
                    e.u8(part_code(*part))?;
                }
            }
        }
        e.u8(ISSUER)?.str(&claims.issuer)?;
        e.u8(REGISTER_OFFICE)?.str(&claims.register_office)?;
        e.u8(ISSUED_AT)?.i64(claims.issued_at.unix_timestamp())?;
        e.u8(REGISTER_AS_OF)?
            .i64(claims.register_as_of.unix_timestamp())?;
        for (key, person) in [(CHILD, &claims.child), (MOTHER, &claims.mother)] {
            e.u8(key)?
                .array(if person.birth_place.is_some() { 4 } else { 3 })?;
            e.str(&person.given_names)?.str(&person.family_name)?;
            e.i32(day_number(person.birth_date))?;
            if let Some(place) = &person.birth_place {
                e.str(place)?;
            }
        }
        Ok(())
    })
}

fn malformed(what: &'static str) -> impl Fn(minicbor::decode::Error) -> QrError {
    move |_| QrError::Structure(what)
}

pub fn decode(bytes: &[u8]) -> Result<QrClaims, QrError> {
    let mut d = Decoder::new(bytes);
    let entries = match d.map().map_err(malformed("claims are not a map"))? {
        Some(n) if n <= 9 => n,
        _ => return Err(QrError::Structure("claims map has a bad length")),
    };
    let mut number = None;
    let mut outcome = None;
    let mut parts = None;
    let mut issuer = None;
    let mut register_office = None;
    let mut issued_at = None;
    let mut register_as_of = None;
    let mut child = None;
    let mut mother = None;
    for _ in 0..entries {
        let key = d.u8().map_err(malformed("claim key"))?;
        let duplicate = match key {
            NUMBER => number.replace(text(&mut d, "number")?).is_some(),
            OUTCOME => outcome
                .replace(d.u8().map_err(malformed("outcome"))?)
                .is_some(),
            PARTS => parts.replace(decode_parts(&mut d)?).is_some(),
            ISSUER => issuer.replace(text(&mut d, "issuer")?).is_some(),
            REGISTER_OFFICE => register_office
                .replace(text(&mut d, "register office")?)
                .is_some(),
            ISSUED_AT => issued_at.replace(timestamp(&mut d, "issued_at")?).is_some(),
            REGISTER_AS_OF => register_as_of
                .replace(timestamp(&mut d, "register_as_of")?)
                .is_some(),
            CHILD => child.replace(decode_person(&mut d, "child")?).is_some(),
            MOTHER => mother.replace(decode_person(&mut d, "mother")?).is_some(),
            _ => return Err(QrError::Structure("unknown claim")),
        };
        if duplicate {
            return Err(QrError::Structure("duplicate claim"));
        }
    }
    if d.position() != bytes.len() {
        return Err(QrError::Structure("bytes after the claims"));
    }
    let outcome = match (outcome, parts) {
        (Some(OUTCOME_NEGATIVE), None) => Outcome::NegativeCertificate,
        (Some(OUTCOME_PARTIAL), Some(parts)) => Outcome::PartialCertificate { parts },
        _ => return Err(QrError::Structure("outcome and parts do not fit")),
    };
    let missing = QrError::Structure("a claim is missing");
    Ok(QrClaims {
        number: number.ok_or(missing.clone())?,
        outcome,
        issuer: issuer.ok_or(missing.clone())?,
        register_office: register_office.ok_or(missing.clone())?,
        issued_at: issued_at.ok_or(missing.clone())?,
        register_as_of: register_as_of.ok_or(missing.clone())?,
        child: child.ok_or(missing.clone())?,
        mother: mother.ok_or(missing)?,
    })
}

fn text(d: &mut Decoder<'_>, what: &'static str) -> Result<String, QrError> {
    Ok(d.str().map_err(malformed(what))?.to_owned())
}

fn timestamp(d: &mut Decoder<'_>, what: &'static str) -> Result<OffsetDateTime, QrError> {
    let seconds = d.i64().map_err(malformed(what))?;
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| QrError::Structure(what))
}

fn decode_parts(d: &mut Decoder<'_>) -> Result<Vec<CustodyPart>, QrError> {
    let len = match d.array().map_err(malformed("parts"))? {
        Some(n) if n <= 7 => n,
        _ => return Err(QrError::Structure("parts have a bad length")),
    };
    (0..len)
        .map(|_| {
            let code = d.u8().map_err(malformed("part"))?;
            part_from_code(code).ok_or(QrError::Structure("unknown part of custody"))
        })
        .collect()
}

fn decode_person(d: &mut Decoder<'_>, what: &'static str) -> Result<Person, QrError> {
    let len = d.array().map_err(malformed(what))?;
    if !matches!(len, Some(3 | 4)) {
        return Err(QrError::Structure(what));
    }
    let given_names = text(d, what)?;
    let family_name = text(d, what)?;
    let days = d.i32().map_err(malformed(what))?;
    let birth_date = days
        .checked_add(EPOCH_JULIAN_DAY)
        .and_then(|julian| Date::from_julian_day(julian).ok())
        .ok_or(QrError::Structure(what))?;
    let birth_place = if len == Some(4) {
        Some(text(d, what)?)
    } else {
        None
    };
    Ok(Person {
        given_names,
        family_name,
        birth_date,
        birth_place,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn partial() -> CertificateContent {
        CertificateContent {
            outcome: Outcome::PartialCertificate {
                parts: vec![CustodyPart::Health, CustodyPart::Residence],
            },
            ..CertificateContent::example()
        }
    }

    #[test]
    fn round_trip_negative_and_partial() {
        for content in [CertificateContent::example(), partial()] {
            let claims = QrClaims::from_content(&content);
            let decoded = decode(&encode(&claims)).unwrap();
            assert_eq!(decoded, claims);
            assert!(decoded.differences(&content).is_empty());
        }
    }

    #[test]
    fn all_parts_have_distinct_codes() {
        for (i, raw) in CustodyPart::ALL.iter().enumerate() {
            let part = CustodyPart::parse(raw).unwrap();
            assert_eq!(usize::from(part_code(part)), i);
            assert_eq!(part_from_code(part_code(part)), Some(part));
        }
        assert_eq!(part_from_code(7), None);
    }

    #[test]
    fn dates_before_1970_and_without_birth_place() {
        let mut content = CertificateContent::example();
        content.mother.birth_date = date!(1969 - 12 - 31);
        content.child.birth_place = None;
        let claims = QrClaims::from_content(&content);
        assert_eq!(day_number(content.mother.birth_date), -1);
        assert_eq!(decode(&encode(&claims)).unwrap(), claims);
    }

    #[test]
    fn example_is_compact() {
        let bytes = encode(&QrClaims::from_content(&CertificateContent::example()));
        // Text fields alone are 73 bytes; the structure adds little.
        assert!(bytes.len() < 120, "{} bytes", bytes.len());
    }

    #[test]
    fn refuses_bad_claims() {
        let good = encode(&QrClaims::from_content(&CertificateContent::example()));
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode(&trailing).is_err());
        assert!(decode(&good[..good.len() - 1]).is_err());
        // The outcome says partial but no parts follow.
        let mut partial_without_parts = good.clone();
        let outcome_at = good
            .windows(2)
            .position(|w| w == [OUTCOME, OUTCOME_NEGATIVE])
            .unwrap();
        partial_without_parts[outcome_at + 1] = OUTCOME_PARTIAL;
        assert!(matches!(
            decode(&partial_without_parts),
            Err(QrError::Structure("outcome and parts do not fit"))
        ));
    }

    #[test]
    fn differences_ignore_what_the_code_does_not_carry() {
        let content = CertificateContent::example();
        let claims = QrClaims::from_content(&content);
        let mut other = content.clone();
        other.issuer.name = "Anderes Amt".into();
        other.issuer.address.clear();
        other.verify_url = "https://example.org".into();
        other.mother.birth_place = Some("Bremen".into());
        other.issued_at += time::Duration::milliseconds(300);
        assert!(claims.differences(&other).is_empty());

        other.child.birth_date = date!(2024 - 03 - 15);
        other.mother.family_name = "Schaefer".into();
        other.outcome = Outcome::PartialCertificate { parts: vec![] };
        assert_eq!(
            claims.differences(&other),
            ["outcome", "child.birth_date", "mother.family_name"]
        );
    }
}
