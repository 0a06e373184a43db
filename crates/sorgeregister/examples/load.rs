//! Sequential load against a running platform: N applications one after another, each with its
//! own idempotency key, then latency percentiles. Used for the figures in BENCHMARKS.md.
//!
//! ```text
//! cargo run --release -p sorgeregister --example load -- URL TOKEN [N]
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .expect("URL of the platform, e.g. http://127.0.0.1:8080");
    let token = args.next().expect("an online_service token");
    let n: usize = args.next().map(|n| n.parse().expect("N")).unwrap_or(1000);
    let http = reqwest::Client::new();
    let run = std::process::id();
    let mut latencies: Vec<Duration> = Vec::with_capacity(n);
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    let started = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        let response = http
            .post(format!("{url}/api/v1/applications"))
            .bearer_auth(&token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", format!("load-{run}-{i}"))
            .body(sorgeregister::demo::SOPHIA)
            .send()
            .await
            .expect("request");
        let status = response.status();
        let body: serde_json::Value = response.json().await.expect("JSON");
        latencies.push(t.elapsed());
        let label = format!(
            "{} {}",
            status.as_u16(),
            body["outcome"].as_str().unwrap_or("-")
        );
        *outcomes.entry(label).or_default() += 1;
    }
    let total = started.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    println!(
        "requests: {n} sequential POST /api/v1/applications in {:.2} s",
        total.as_secs_f64()
    );
    println!(
        "latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.90).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3
    );
    for (label, count) in outcomes {
        println!("  {label}: {count}");
    }
}
