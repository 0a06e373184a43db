//! Benchmark: render + seal one certificate (QR signature, PDF/A rendering, PAdES seal), and
//! check it again, over many runs with a real key folder.
//!
//! `cargo run --release -p seal --example issue_bench -- 1000`

use std::time::{Duration, Instant};

use certificate::CertificateContent;
use seal::issue::Sealer;
use seal::verify::{verify_pdf, verify_qr};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1000);
    let dir = tempfile::tempdir()?;
    let content = CertificateContent::example();
    let sealer = Sealer::open(dir.path(), content.issued_at)?;
    // The office's key is made at its first certificate; the trust list is taken after it.
    let first = sealer.issue(&content, content.issued_at)?;
    let (_, trust) = sealer.trust_list(content.issued_at)?;

    let mut issue = Vec::with_capacity(runs);
    let mut check = Vec::with_capacity(runs);
    let mut check_qr = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let issued = sealer.issue(&content, content.issued_at)?;
        issue.push(t.elapsed());
        let t = Instant::now();
        let verdict = verify_pdf(&issued.pdf, trust.as_ref());
        check.push(t.elapsed());
        assert!(verdict.genuine(), "{:?}", verdict.findings);
        let t = Instant::now();
        let verdict = verify_qr(&issued.qr_payload, trust.as_ref());
        check_qr.push(t.elapsed());
        assert!(verdict.genuine());
    }
    let size = seal::qr::qr_size(&first.qr_payload)?;
    println!("runs: {runs}");
    println!(
        "render + seal (QR signature, PDF/A, PAdES): {}",
        summary(&mut issue)
    );
    println!(
        "check PDF (seal, attachment, QR, agreement): {}",
        summary(&mut check)
    );
    println!("check QR text: {}", summary(&mut check_qr));
    println!("PDF size: {} bytes", first.pdf.len());
    println!(
        "QR payload: {} characters, QR version {} ({}x{} modules, EC level M)",
        first.qr_payload.len(),
        size.version,
        size.modules,
        size.modules
    );
    Ok(())
}

fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let at = |p: f64| {
        samples[((samples.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(samples.len() - 1)]
    };
    format!(
        "median {:.2} ms, p99 {:.2} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    )
}
