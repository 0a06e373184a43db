//! CMS SignedData (RFC 5652) for the PAdES seal inside the certificate PDF: a detached signature
//! over the PDF's signed byte ranges, in the shape ETSI EN 319 142-1 asks of a PAdES baseline B-B
//! signature (SubFilter `ETSI.CAdES.detached`).
//!
//! Signed attributes: content-type (id-data), message-digest (SHA-256 of the byte ranges) and
//! ESS signing-certificate-v2 (SHA-256 of the seal certificate, with its issuer and serial).
//! PAdES baseline forbids the CMS signing-time attribute: the claimed time of signing belongs in
//! the signature dictionary's `/M` entry, so [`sign_detached`] adds the attribute only when asked
//! for a plain CMS signature.
//!
//! This module owns building and checking the CMS structure with its one signer. It does not
//! touch the PDF (byte ranges, signature dictionary) and does not decide whether the signer's
//! certificate is trusted: [`verify_detached`] hands the certificate back for the caller to
//! match against the trust list. Only DER input is read, not BER.

use ::cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use ::cms::content_info::{CmsVersion, ContentInfo};
use ::cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use ::cms::spki::AlgorithmIdentifierOwned;
use ::cms::x509_cert::Certificate;
use ::cms::x509_cert::attr::Attribute;
use ::cms::x509_cert::ext::pkix::name::GeneralName;
use ::cms::x509_cert::serial_number::SerialNumber;
use ::cms::x509_cert::time::Time;
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::oid::db::{rfc5911, rfc5912};
use der::{Any, Decode, Encode, EncodeValue, Sequence, Tagged};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::{SealError, Signer};

/// What [`verify_detached`] found out about a valid signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsSigner {
    /// DER of the certificate whose key made the signature, to be matched against the trust list.
    pub certificate_der: Vec<u8>,
    /// The signing-time attribute, if the signature has one (PAdES signatures have none; their
    /// time is the signature dictionary's `/M`).
    pub signing_time: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmsError {
    #[error("not a DER-encoded CMS SignedData: {0}")]
    NotCms(String),
    #[error("CMS signature not in the supported form: {0}")]
    Unsupported(&'static str),
    #[error("CMS signature malformed: {0}")]
    Malformed(&'static str),
    #[error("the CMS signature carries no certificate for its signer")]
    NoCertificate,
    #[error("the signed bytes do not match the signature's message digest: they were altered")]
    DigestMismatch,
    #[error("the CMS signature value does not verify with the signer's certificate")]
    BadSignature,
    #[error("the signing-certificate attribute names another certificate than the one embedded")]
    CertificateMismatch,
}

/// ESS `SigningCertificateV2` (RFC 5035, section 3).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// `ESSCertIDv2`. Its hash algorithm defaults to SHA-256 and is then left out (DER omits
/// defaults), which is the only algorithm written and accepted here.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

fn algorithm(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    }
}

fn attribute(oid: ObjectIdentifier, value: &(impl Tagged + EncodeValue)) -> der::Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![Any::encode_from(value)?])?,
    })
}

fn encoding(e: der::Error) -> SealError {
    SealError::Encoding(format!("CMS: {e}"))
}

/// A detached CMS signature (DER of a ContentInfo with SignedData) over content whose SHA-256
/// is `content_digest`, sealed by `signer`.
///
/// `signing_time` adds the CMS signing-time attribute. Pass `None` for a PAdES signature (and
/// write the time into the signature dictionary's `/M`); PAdES baseline validators reject the
/// attribute.
pub fn sign_detached(
    content_digest: &[u8; 32],
    signer: &dyn Signer,
    signing_time: Option<OffsetDateTime>,
) -> Result<Vec<u8>, SealError> {
    let certificate_der = signer.certificate_der();
    let certificate = Certificate::from_der(certificate_der).map_err(encoding)?;
    let tbs = certificate.tbs_certificate();

    let signing_certificate = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(Sha256::digest(certificate_der).to_vec())
                .map_err(encoding)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
        policies: None,
    };
    let message_digest = OctetString::new(content_digest.to_vec()).map_err(encoding)?;
    let mut attributes = vec![
        attribute(rfc5911::ID_CONTENT_TYPE, &rfc5911::ID_DATA),
        attribute(rfc5911::ID_MESSAGE_DIGEST, &message_digest),
        attribute(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2, &signing_certificate),
    ];
    if let Some(time) = signing_time {
        attributes.push(attribute(rfc5911::ID_SIGNING_TIME, &x509_time(time)?));
    }
    let signed_attrs: SignedAttributes = attributes
        .into_iter()
        .collect::<der::Result<Vec<_>>>()
        .and_then(SetOfVec::try_from)
        .map_err(encoding)?;

    // RFC 5652, 5.4: the signature covers the DER of the attributes with an explicit SET tag.
    let attrs_digest: [u8; 32] = Sha256::digest(signed_attrs.to_der().map_err(encoding)?).into();
    let signature = Signature::from_slice(&signer.sign_digest(&attrs_digest)?)
        .map_err(|_| SealError::Signing("the signer returned an invalid ES256 signature".into()))?;
    // A signer whose key does not match its certificate (a misconfigured HSM slot, say) would
    // produce seals nobody can verify: catch that here rather than at the reader.
    let key = certificate_key(&certificate)
        .map_err(|e| SealError::Signing(format!("seal certificate: {e}")))?;
    key.verify_prehash(&attrs_digest, &signature).map_err(|_| {
        SealError::Signing(format!(
            "key {} does not match its certificate",
            signer.key_id()
        ))
    })?;

    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: algorithm(rfc5912::ID_SHA_256),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: algorithm(rfc5912::ECDSA_WITH_SHA_256),
        signature: OctetString::new(signature.to_der().as_bytes().to_vec()).map_err(encoding)?,
        unsigned_attrs: None,
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm(rfc5912::ID_SHA_256)])
            .map_err(encoding)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: rfc5911::ID_DATA,
            econtent: None,
        },
        certificates: Some(
            CertificateSet::try_from(vec![CertificateChoices::Certificate(certificate.clone())])
                .map_err(encoding)?,
        ),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![signer_info]).map_err(encoding)?,
    };
    ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(encoding)?,
    }
    .to_der()
    .map_err(encoding)
}

/// Checks a detached CMS signature over `signed_bytes`: the message digest, then the signature
/// with the embedded certificate's key, then that the signing-certificate attribute names that
/// certificate. Whether the certificate is trusted is the caller's question.
pub fn verify_detached(cms_der: &[u8], signed_bytes: &[u8]) -> Result<CmsSigner, CmsError> {
    let not_cms = |e: der::Error| CmsError::NotCms(e.to_string());
    let content_info = ContentInfo::from_der(cms_der).map_err(not_cms)?;
    if content_info.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(CmsError::NotCms("content type is not signed-data".into()));
    }
    let signed_data: SignedData = content_info.content.decode_as().map_err(not_cms)?;
    if signed_data.encap_content_info.econtent.is_some() {
        return Err(CmsError::Unsupported("content is attached, not detached"));
    }
    if signed_data.encap_content_info.econtent_type != rfc5911::ID_DATA {
        return Err(CmsError::Unsupported("content type is not id-data"));
    }
    let [signer_info] = signed_data.signer_infos.0.as_slice() else {
        return Err(CmsError::Unsupported("not exactly one signer"));
    };
    if signer_info.digest_alg.oid != rfc5912::ID_SHA_256 {
        return Err(CmsError::Unsupported("digest algorithm is not SHA-256"));
    }
    if signer_info.signature_algorithm.oid != rfc5912::ECDSA_WITH_SHA_256 {
        return Err(CmsError::Unsupported(
            "signature algorithm is not ecdsa-with-SHA256",
        ));
    }
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &signer_info.sid else {
        return Err(CmsError::Unsupported(
            "signer is not identified by issuer and serial number",
        ));
    };
    let certificate = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .find_map(|choice| match choice {
            CertificateChoices::Certificate(cert)
                if cert.tbs_certificate().issuer() == &sid.issuer
                    && cert.tbs_certificate().serial_number() == &sid.serial_number =>
            {
                Some(cert)
            }
            _ => None,
        })
        .ok_or(CmsError::NoCertificate)?;
    let Some(attrs) = &signer_info.signed_attrs else {
        return Err(CmsError::Malformed("no signed attributes"));
    };

    let content_type = single_value(attrs, rfc5911::ID_CONTENT_TYPE)?
        .ok_or(CmsError::Malformed("content-type attribute missing"))?
        .decode_as::<ObjectIdentifier>()
        .map_err(|_| CmsError::Malformed("content-type attribute"))?;
    if content_type != rfc5911::ID_DATA {
        return Err(CmsError::Malformed("content-type attribute is not id-data"));
    }
    let message_digest = single_value(attrs, rfc5911::ID_MESSAGE_DIGEST)?
        .ok_or(CmsError::Malformed("message-digest attribute missing"))?
        .decode_as::<OctetString>()
        .map_err(|_| CmsError::Malformed("message-digest attribute"))?;
    if message_digest.as_bytes() != &Sha256::digest(signed_bytes)[..] {
        return Err(CmsError::DigestMismatch);
    }

    let key = certificate_key(certificate)?;
    let attrs_der = attrs
        .to_der()
        .map_err(|_| CmsError::Malformed("signed attributes"))?;
    let signature = Signature::from_der(signer_info.signature.as_bytes())
        .map_err(|_| CmsError::BadSignature)?;
    key.verify_prehash(&Sha256::digest(attrs_der), &signature)
        .map_err(|_| CmsError::BadSignature)?;

    let certificate_der = certificate
        .to_der()
        .map_err(|_| CmsError::Malformed("certificate"))?;
    check_signing_certificate(attrs, &certificate_der)?;
    let signing_time = match single_value(attrs, rfc5911::ID_SIGNING_TIME)? {
        None => None,
        Some(value) => {
            let time: Time = value
                .decode_as()
                .map_err(|_| CmsError::Malformed("signing-time attribute"))?;
            let seconds = i64::try_from(time.to_unix_duration().as_secs())
                .map_err(|_| CmsError::Malformed("signing-time attribute"))?;
            Some(
                OffsetDateTime::from_unix_timestamp(seconds)
                    .map_err(|_| CmsError::Malformed("signing-time attribute"))?,
            )
        }
    };
    Ok(CmsSigner {
        certificate_der,
        signing_time,
    })
}

/// The value of an attribute that may occur at most once with exactly one value.
fn single_value(attrs: &SignedAttributes, oid: ObjectIdentifier) -> Result<Option<&Any>, CmsError> {
    let mut found = attrs.iter().filter(|attr| attr.oid == oid);
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(attr), None) if attr.values.len() == 1 => Ok(attr.values.get(0)),
        _ => Err(CmsError::Malformed(
            "an attribute occurs twice or with several values",
        )),
    }
}

/// The ESS signing-certificate-v2 attribute must be present and its first entry must be the
/// SHA-256 of the certificate that verified the signature.
fn check_signing_certificate(
    attrs: &SignedAttributes,
    certificate_der: &[u8],
) -> Result<(), CmsError> {
    let value = single_value(attrs, rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2)?.ok_or(
        CmsError::Malformed("signing-certificate-v2 attribute missing"),
    )?;
    let signing_certificate: SigningCertificateV2 = value
        .decode_as()
        .map_err(|_| CmsError::Malformed("signing-certificate-v2 attribute"))?;
    let first = signing_certificate
        .certs
        .first()
        .ok_or(CmsError::Malformed(
            "signing-certificate-v2 names no certificate",
        ))?;
    if first
        .hash_algorithm
        .as_ref()
        .is_some_and(|alg| alg.oid != rfc5912::ID_SHA_256)
    {
        return Err(CmsError::Unsupported(
            "signing-certificate-v2 hash is not SHA-256",
        ));
    }
    if first.cert_hash.as_bytes() != &Sha256::digest(certificate_der)[..] {
        return Err(CmsError::CertificateMismatch);
    }
    Ok(())
}

/// The P-256 public key of a certificate.
fn certificate_key(certificate: &Certificate) -> Result<VerifyingKey, CmsError> {
    let spki = certificate.tbs_certificate().subject_public_key_info();
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|params| params.decode_as::<ObjectIdentifier>().ok());
    if spki.algorithm.oid != rfc5912::ID_EC_PUBLIC_KEY || curve != Some(rfc5912::SECP_256_R_1) {
        return Err(CmsError::Unsupported("certificate key is not ECDSA P-256"));
    }
    spki.subject_public_key
        .as_bytes()
        .and_then(|point| VerifyingKey::from_sec1_bytes(point).ok())
        .ok_or(CmsError::Malformed("certificate public key"))
}

/// UTCTime up to 2049, GeneralizedTime from 2050 on (RFC 5652, 11.3).
fn x509_time(time: OffsetDateTime) -> Result<Time, SealError> {
    let seconds = u64::try_from(time.unix_timestamp())
        .map_err(|_| SealError::Encoding("signing time before 1970".into()))?;
    let date_time = der::DateTime::from_unix_duration(std::time::Duration::from_secs(seconds))
        .map_err(encoding)?;
    Ok(Time::from(date_time))
}

#[cfg(test)]
mod tests;
