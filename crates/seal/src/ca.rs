//! The platform's certificate authority: an ECDSA P-256 key with a self-signed X.509 CA
//! certificate. It issues the offices' seal certificates and signs the trust list.
//!
//! This module owns the CA key in memory and the shape of the certificates; it does not store
//! anything (that is [`crate::keystore`]) and does not decide who gets a certificate.

use std::fmt;

use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use p256::elliptic_curve::Generate;
use p256::pkcs8::EncodePublicKey;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyUsagePurpose, PublicKeyData, SanType,
    SerialNumber,
};
use time::{Duration, OffsetDateTime};

use crate::SealError;
use crate::x509;

/// The CA's common name unless the operator chooses another.
pub const DEFAULT_CA_NAME: &str = "Sorgeregister Plattform-CA";
/// How long the CA certificate is valid. Seal certificates never outlive it.
pub const CA_VALIDITY_DAYS: i64 = 20 * 365;
/// The organization named in every certificate the platform issues.
const ORGANIZATION: &str = "Sorgeregister";

/// The platform CA. Its `Debug` output never shows the private key.
pub struct CertificateAuthority {
    name: String,
    signing_key: SigningKey,
    certificate_der: Vec<u8>,
    not_after: OffsetDateTime,
}

/// What goes into an office's seal certificate.
#[derive(Debug, Clone)]
pub struct SealCertificateRequest<'a> {
    /// The office id (e.g. `ja-04011`), kept in the subject's OU.
    pub office: &'a str,
    /// The office's name, the subject's CN.
    pub office_name: &'a str,
    pub public_key: &'a VerifyingKey,
    pub not_before: OffsetDateTime,
    /// Cut back to the CA's own end if later.
    pub not_after: OffsetDateTime,
}

/// What goes into a node's TLS server certificate (federation between nodes).
#[derive(Debug, Clone)]
pub struct TlsServerCertificateRequest<'a> {
    /// The node's host names and IP addresses, as clients dial them: each becomes a
    /// subjectAltName (an IP address as an iPAddress entry), the first also the CN.
    pub hosts: &'a [String],
    pub public_key: &'a VerifyingKey,
    pub not_before: OffsetDateTime,
    /// Cut back to the CA's own end if later.
    pub not_after: OffsetDateTime,
}

impl CertificateAuthority {
    /// Generates a new CA key and its self-signed certificate, valid from `now` (to the second)
    /// for [`CA_VALIDITY_DAYS`].
    pub fn generate(name: &str, now: OffsetDateTime) -> Result<Self, SealError> {
        if name.trim().is_empty() {
            return Err(SealError::KeyStore("the CA needs a name".to_owned()));
        }
        let signing_key = SigningKey::try_generate()
            .map_err(|e| SealError::KeyStore(format!("no randomness for the CA key: {e}")))?;
        let not_before = whole_seconds(now);
        let mut params = ca_params(name, signing_key.verifying_key())?;
        params.not_before = not_before;
        params.not_after = not_before + Duration::days(CA_VALIDITY_DAYS);
        params.serial_number = Some(random_serial()?);
        let key = RcgenKey::new(&signing_key);
        let cert = params
            .self_signed(&key)
            .map_err(|e| SealError::Encoding(format!("cannot build the CA certificate: {e}")))?;
        Self::from_parts(signing_key, cert.der().to_vec())
    }

    /// Puts a stored CA back together, checking that the certificate is a self-signed
    /// certificate of this key.
    pub fn from_parts(
        signing_key: SigningKey,
        certificate_der: Vec<u8>,
    ) -> Result<Self, SealError> {
        let bad = |why: String| SealError::KeyStore(format!("CA certificate: {why}"));
        let cert = x509::parse(&certificate_der).map_err(bad)?;
        if x509::verifying_key(&cert).map_err(bad)? != *signing_key.verifying_key() {
            return Err(bad("does not belong to the CA key".to_owned()));
        }
        x509::check_issued_by(&cert, &cert)
            .map_err(|why| bad(format!("not validly self-signed ({why:?})")))?;
        let name = x509::subject_common_name(&cert).ok_or_else(|| bad("no CN".to_owned()))?;
        let (_, not_after) = x509::validity(&cert).map_err(bad)?;
        Ok(CertificateAuthority {
            name,
            signing_key,
            certificate_der,
            not_after,
        })
    }

    /// The CA's common name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    pub fn verifying_key(&self) -> &VerifyingKey {
        self.signing_key.verifying_key()
    }

    /// The end of the CA certificate's validity.
    pub fn not_after(&self) -> OffsetDateTime {
        self.not_after
    }

    /// SHA-256 of the CA certificate's DER, lowercase hex: what operators pin.
    pub fn fingerprint(&self) -> String {
        crate::trust::ca_fingerprint(&self.certificate_der)
    }

    /// Issues an office seal certificate: CN = office name, OU = office id, O = Sorgeregister,
    /// key usage digitalSignature + contentCommitment (nonRepudiation), not a CA. Returns its DER.
    pub fn issue_seal_certificate(
        &self,
        request: &SealCertificateRequest<'_>,
    ) -> Result<Vec<u8>, SealError> {
        let not_before = whole_seconds(request.not_before);
        let not_after = whole_seconds(request.not_after).min(self.not_after);
        if not_after <= not_before {
            return Err(SealError::KeyStore(format!(
                "seal certificate for {} would not be valid at all (until {not_after}, CA ends {})",
                request.office, self.not_after
            )));
        }
        let subject_key = PublicKey::new(request.public_key)?;
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, request.office_name);
        dn.push(DnType::OrganizationalUnitName, request.office);
        dn.push(DnType::OrganizationName, ORGANIZATION);
        dn.push(DnType::CountryName, country()?);
        params.distinguished_name = dn;
        params.not_before = not_before;
        params.not_after = not_after;
        params.serial_number = Some(random_serial()?);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        params.use_authority_key_identifier_extension = true;
        params.key_identifier_method =
            KeyIdMethod::PreSpecified(x509::key_identifier(&subject_key.spki_der));

        self.sign_certificate(&params, &subject_key, "seal")
    }

    /// Issues a TLS server certificate for a node: CN = the first host, O = Sorgeregister,
    /// subjectAltName = every host (DNS name or IP address), key usage digitalSignature,
    /// extended key usage serverAuth, not a CA. Returns its DER.
    pub fn issue_tls_server_certificate(
        &self,
        request: &TlsServerCertificateRequest<'_>,
    ) -> Result<Vec<u8>, SealError> {
        let bad = |why: String| SealError::KeyStore(format!("TLS certificate: {why}"));
        let Some(first) = request.hosts.first() else {
            return Err(bad(
                "at least one host name or IP address is needed".to_owned()
            ));
        };
        let mut names = Vec::new();
        for host in request.hosts {
            names.push(san(host).map_err(bad)?);
        }
        let not_before = whole_seconds(request.not_before);
        let not_after = whole_seconds(request.not_after).min(self.not_after);
        if not_after <= not_before {
            return Err(bad(format!(
                "would not be valid at all (until {not_after}, CA ends {})",
                self.not_after
            )));
        }
        let subject_key = PublicKey::new(request.public_key)?;
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, first.as_str());
        dn.push(DnType::OrganizationName, ORGANIZATION);
        dn.push(DnType::CountryName, country()?);
        params.distinguished_name = dn;
        params.subject_alt_names = names;
        params.not_before = not_before;
        params.not_after = not_after;
        params.serial_number = Some(random_serial()?);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        params.key_identifier_method =
            KeyIdMethod::PreSpecified(x509::key_identifier(&subject_key.spki_der));

        self.sign_certificate(&params, &subject_key, "TLS")
    }

    /// Signs `params` for `subject_key` with the CA's key and returns the DER, after checking
    /// that it chains to the CA: the issuer name is rebuilt from the CA's name rather than
    /// copied from its certificate, so a certificate the trust list check would reject is
    /// refused here. `what` names the kind in errors.
    fn sign_certificate(
        &self,
        params: &CertificateParams,
        subject_key: &PublicKey,
        what: &str,
    ) -> Result<Vec<u8>, SealError> {
        let ca_key = RcgenKey::new(&self.signing_key);
        let issuer = Issuer::new(ca_params(&self.name, self.verifying_key())?, ca_key);
        let cert = params.signed_by(subject_key, &issuer).map_err(|e| {
            SealError::Encoding(format!("cannot build the {what} certificate: {e}"))
        })?;
        let der = cert.der().to_vec();
        let issued = x509::parse(&der).map_err(SealError::Encoding)?;
        let ca_cert = x509::parse(&self.certificate_der).map_err(SealError::Encoding)?;
        x509::check_issued_by(&issued, &ca_cert).map_err(|why| {
            SealError::Encoding(format!(
                "issued certificate does not chain to the CA: {why:?}"
            ))
        })?;
        Ok(der)
    }

    /// An ES256 signature (`r || s`) over `message` (hashed with SHA-256 here).
    pub(crate) fn sign(&self, message: &[u8]) -> Result<[u8; 64], SealError> {
        let signature: Signature = self
            .signing_key
            .try_sign(message)
            .map_err(|e| SealError::Signing(e.to_string()))?;
        Ok(signature.to_bytes().into())
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.signing_key
    }
}

impl fmt::Debug for CertificateAuthority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateAuthority")
            .field("name", &self.name)
            .field("fingerprint", &self.fingerprint())
            .field("not_after", &self.not_after)
            .field("signing_key", &"<redacted>")
            .finish()
    }
}

/// The CA's certificate parameters. Rebuilt, not stored, so they must come out the same from the
/// same name and key every time: the subject becomes the issuer name of every seal certificate.
fn ca_params(name: &str, key: &VerifyingKey) -> Result<CertificateParams, SealError> {
    let spki = key
        .to_public_key_der()
        .map_err(|e| SealError::Encoding(format!("cannot encode the CA key: {e}")))?;
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn.push(DnType::OrganizationName, ORGANIZATION);
    dn.push(DnType::CountryName, country()?);
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.key_identifier_method = KeyIdMethod::PreSpecified(x509::key_identifier(spki.as_bytes()));
    Ok(params)
}

/// A subjectAltName for `host`: an IP address as such, otherwise a DNS name (letters, digits,
/// `-` and `.`, at most 253 characters).
fn san(host: &str) -> Result<SanType, String> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(SanType::IpAddress(ip));
    }
    let valid = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid {
        return Err(format!("{host:?} is neither a host name nor an IP address"));
    }
    let name = rcgen::string::Ia5String::try_from(host.to_ascii_lowercase())
        .map_err(|e| format!("{host:?}: {e}"))?;
    Ok(SanType::DnsName(name))
}

/// RFC 5280 wants countryName as a PrintableString, not rcgen's default UTF8String.
fn country() -> Result<DnValue, SealError> {
    let de = rcgen::string::PrintableString::try_from("DE")
        .map_err(|e| SealError::Encoding(format!("country name: {e}")))?;
    Ok(DnValue::PrintableString(de))
}

/// A positive 128-bit serial number from the operating system's randomness.
fn random_serial() -> Result<SerialNumber, SealError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| SealError::KeyStore(format!("no randomness for a serial number: {e}")))?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    Ok(SerialNumber::from_slice(&bytes))
}

/// X.509 times have whole seconds; keep our own times equal to what the certificate says.
pub(crate) fn whole_seconds(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(0).unwrap_or(t)
}

/// A subject public key in the shape rcgen wants.
struct PublicKey {
    sec1: Vec<u8>,
    spki_der: Vec<u8>,
}

impl PublicKey {
    fn new(key: &VerifyingKey) -> Result<Self, SealError> {
        let spki_der = key
            .to_public_key_der()
            .map_err(|e| SealError::Encoding(format!("cannot encode public key: {e}")))?
            .into_vec();
        Ok(PublicKey {
            sec1: key.to_sec1_point(false).as_bytes().to_vec(),
            spki_der,
        })
    }
}

impl PublicKeyData for PublicKey {
    fn der_bytes(&self) -> &[u8] {
        &self.sec1
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

/// Lets rcgen sign with a p256 key, so no second crypto library is needed.
struct RcgenKey<'a> {
    key: &'a SigningKey,
    sec1: Vec<u8>,
}

impl<'a> RcgenKey<'a> {
    fn new(key: &'a SigningKey) -> Self {
        RcgenKey {
            key,
            sec1: key.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
        }
    }
}

impl PublicKeyData for RcgenKey<'_> {
    fn der_bytes(&self) -> &[u8] {
        &self.sec1
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for RcgenKey<'_> {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        // X.509 carries ECDSA signatures DER-encoded (ECDSA-Sig-Value).
        let signature: DerSignature = self
            .key
            .try_sign(msg)
            .map_err(|_| rcgen::Error::RemoteKeyError)?;
        Ok(signature.as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-02 10:15:30.5 UTC);

    #[test]
    fn ca_certificate_is_self_signed_with_name_and_key() {
        let ca = CertificateAuthority::generate(DEFAULT_CA_NAME, NOW).unwrap();
        let cert = x509::parse(ca.certificate_der()).unwrap();
        assert_eq!(x509::check_issued_by(&cert, &cert), Ok(()));
        assert_eq!(
            x509::subject_common_name(&cert).as_deref(),
            Some(DEFAULT_CA_NAME)
        );
        assert_eq!(x509::verifying_key(&cert).unwrap(), *ca.verifying_key());
        // countryName must decode as a PrintableString (RFC 5280).
        let country = cert.tbs_certificate().subject().country().unwrap();
        assert_eq!(country.map(|c| c.to_string()).as_deref(), Some("DE"));
        let (from, until) = x509::validity(&cert).unwrap();
        assert_eq!(from, datetime!(2026-11-02 10:15:30 UTC));
        assert_eq!(until, from + Duration::days(CA_VALIDITY_DAYS));
        assert_eq!(ca.fingerprint().len(), 64);
        let debug = format!("{ca:?}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn seal_certificate_names_office_and_chains_to_ca() {
        let ca = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let office_key = SigningKey::try_generate().unwrap();
        let der = ca
            .issue_seal_certificate(&SealCertificateRequest {
                office: "ja-04011",
                office_name: "Jugendamt Bremen",
                public_key: office_key.verifying_key(),
                not_before: NOW,
                not_after: NOW + Duration::days(30),
            })
            .unwrap();
        let cert = x509::parse(&der).unwrap();
        let ca_cert = x509::parse(ca.certificate_der()).unwrap();
        assert_eq!(x509::check_issued_by(&cert, &ca_cert), Ok(()));
        assert_eq!(x509::subject_office(&cert).as_deref(), Some("ja-04011"));
        assert_eq!(
            x509::subject_common_name(&cert).as_deref(),
            Some("Jugendamt Bremen")
        );
        assert_eq!(
            x509::verifying_key(&cert).unwrap(),
            *office_key.verifying_key()
        );

        // Key usage: digitalSignature (bit 0) and contentCommitment (bit 1), nothing else.
        let (critical, usage) = cert
            .tbs_certificate()
            .get_extension::<x509_cert::ext::pkix::KeyUsage>()
            .unwrap()
            .unwrap();
        assert!(critical);
        assert!(usage.digital_signature());
        assert!(usage.non_repudiation());
        assert!(!usage.key_cert_sign());

        // A certificate from another CA with the same name does not chain.
        let other = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let other_cert = x509::parse(other.certificate_der()).unwrap();
        assert_eq!(
            x509::check_issued_by(&cert, &other_cert),
            Err(x509::IssuedCheck::Signature)
        );
    }

    #[test]
    fn seal_certificate_never_outlives_the_ca() {
        let ca = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let office_key = SigningKey::try_generate().unwrap();
        let der = ca
            .issue_seal_certificate(&SealCertificateRequest {
                office: "ja-04011",
                office_name: "Jugendamt Bremen",
                public_key: office_key.verifying_key(),
                not_before: NOW,
                not_after: NOW + Duration::days(CA_VALIDITY_DAYS + 100),
            })
            .unwrap();
        let (_, until) = x509::validity(&x509::parse(&der).unwrap()).unwrap();
        assert_eq!(until, ca.not_after());
    }

    #[test]
    fn tls_certificate_names_the_hosts_and_chains_to_ca() {
        let ca = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let key = SigningKey::try_generate().unwrap();
        let hosts = ["node.example".to_owned(), "127.0.0.1".to_owned()];
        let request = TlsServerCertificateRequest {
            hosts: &hosts,
            public_key: key.verifying_key(),
            not_before: NOW,
            not_after: NOW + Duration::days(90),
        };
        let der = ca.issue_tls_server_certificate(&request).unwrap();
        let cert = x509::parse(&der).unwrap();
        let ca_cert = x509::parse(ca.certificate_der()).unwrap();
        assert_eq!(x509::check_issued_by(&cert, &ca_cert), Ok(()));
        assert_eq!(
            x509::subject_common_name(&cert).as_deref(),
            Some("node.example")
        );
        let (_, names) = cert
            .tbs_certificate()
            .get_extension::<x509_cert::ext::pkix::SubjectAltName>()
            .unwrap()
            .unwrap();
        assert_eq!(names.0.len(), 2);
        let (_, until) = x509::validity(&cert).unwrap();
        assert_eq!(until, datetime!(2027-01-31 10:15:30 UTC));

        for bad in [
            vec![],
            vec!["node example".to_owned()],
            vec!["-x.example".to_owned()],
        ] {
            let request = TlsServerCertificateRequest {
                hosts: &bad,
                ..request.clone()
            };
            assert!(
                ca.issue_tls_server_certificate(&request).is_err(),
                "{bad:?}"
            );
        }
    }
}
