//! `sorgeregister verify`: checks a certificate PDF or QR text entirely offline, against a
//! trust list file (as published at `/api/v1/trust-list`), optionally pinned to the platform
//! CA's fingerprint.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use seal::trust::{SignedTrustList, TrustList};
use seal::verify::{Verdict, verify_pdf, verify_qr};

/// Largest trust list file read.
const MAX_TRUST_LIST_BYTES: u64 = 4 * 1024 * 1024;

/// Reads and checks a trust list: its signature by the CA it names and, when a fingerprint is
/// given, that this CA is the expected one.
pub fn load_trust_list(path: &Path, ca_fingerprint: Option<&str>) -> Result<TrustList> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read trust list {}", path.display()))?
        .len();
    if size > MAX_TRUST_LIST_BYTES {
        return Err(anyhow!(
            "trust list {} is {size} bytes, more than a trust list can be",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read trust list {}", path.display()))?;
    let signed = SignedTrustList::from_json(&text)
        .map_err(|e| anyhow!("untrusted trust list {}: {e}", path.display()))?;
    let list = signed
        .verify(None)
        .map_err(|e| anyhow!("untrusted trust list {}: {e}", path.display()))?;
    if let Some(expected) = ca_fingerprint {
        let expected: String = expected
            .chars()
            .filter(|c| c.is_ascii_hexdigit())
            .collect::<String>()
            .to_ascii_lowercase();
        if list.ca_fingerprint() != expected {
            return Err(anyhow!(
                "untrusted trust list {}: signed by the CA {}, not by the expected {}",
                path.display(),
                list.ca_fingerprint(),
                expected
            ));
        }
    }
    Ok(list)
}

/// Checks a file: a PDF (by its `%PDF-` start) or a text file holding the QR text.
pub fn verify_file(path: &Path, trust: &TrustList) -> Result<Verdict> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > certificate::MAX_PDF_BYTES as u64 {
        return Err(anyhow!(
            "{} is {size} bytes; a certificate PDF has at most {}",
            path.display(),
            certificate::MAX_PDF_BYTES
        ));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(if bytes.starts_with(b"%PDF-") {
        verify_pdf(&bytes, trust)
    } else {
        let text = String::from_utf8_lossy(&bytes);
        verify_qr(text.trim(), trust)
    })
}

/// The report printed for a check, in German and English.
pub fn report(verdict: &Verdict, trust: &TrustList) -> String {
    let mut out = String::new();
    if verdict.genuine() {
        let _ = writeln!(out, "ECHT / GENUINE");
    } else {
        let _ = writeln!(out, "NICHT GÜLTIG / NOT VALID");
        for finding in &verdict.findings {
            let _ = writeln!(out, "  - {}", finding.german());
            let _ = writeln!(out, "    {}", finding.english());
        }
    }
    if let Some(claims) = &verdict.claims {
        let _ = writeln!(out, "Bescheinigung / certificate: {}", claims.number);
        let kind = match &claims.outcome {
            certificate::Outcome::NegativeCertificate => "Negativbescheinigung".to_owned(),
            certificate::Outcome::PartialCertificate { parts } => format!(
                "Teilbescheinigung (Eintragungen nur für: {})",
                parts
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let _ = writeln!(out, "Art / kind: {kind}");
        let _ = writeln!(
            out,
            "Ausgestellt von / issued by: {} ({})",
            verdict.issuer_name.as_deref().unwrap_or("?"),
            claims.issuer
        );
        let _ = writeln!(out, "Ausgestellt am / issued at: {}", utc(claims.issued_at));
        let _ = writeln!(
            out,
            "Stand des Sorgeregisters / register as of: {}",
            utc(claims.register_as_of)
        );
        let _ = writeln!(
            out,
            "Kind / child: {} {}, geboren / born {}{}",
            claims.child.given_names,
            claims.child.family_name,
            claims.child.birth_date,
            claims
                .child
                .birth_place
                .as_deref()
                .map(|p| format!(" in {p}"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "Mutter / mother: {} {}, geboren / born {}",
            claims.mother.given_names, claims.mother.family_name, claims.mother.birth_date
        );
    }
    if let Some(key) = &verdict.key_id {
        let _ = writeln!(out, "Siegelschlüssel / seal key: {key}");
    }
    let _ = writeln!(
        out,
        "Vertrauensliste / trust list: {} (CA {})",
        utc(trust.issued_at()),
        trust.ca_fingerprint()
    );
    let _ = writeln!(
        out,
        "Offline geprüft: ein Widerruf wird nur online unter /pruefen erkannt. / Checked offline: \
         a revocation shows only in the online check."
    );
    out
}

/// A moment as `2026-11-29 06:17:21 UTC`.
fn utc(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}
