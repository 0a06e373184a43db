//! Prometheus metrics, kept in the application state (not a global registry), so that several
//! differently configured apps can run in one process.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the request-duration histogram buckets.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    durations: Mutex<BTreeMap<String, Histogram>>,
    applications: Mutex<BTreeMap<String, u64>>,
    checks: Mutex<BTreeMap<String, u64>>,
}

impl Metrics {
    pub fn record_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((method.to_owned(), route.to_owned(), status))
                .or_default() += 1;
        }
        if let Ok(mut durations) = self.durations.lock() {
            let histogram = durations.entry(route.to_owned()).or_default();
            let seconds = elapsed.as_secs_f64();
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    histogram.counts[i] += 1;
                }
            }
            histogram.count += 1;
            histogram.sum += seconds;
        }
    }

    /// Counts an application by the state it reached when its request returned.
    pub fn record_application(&self, state: &str) {
        if let Ok(mut applications) = self.applications.lock() {
            *applications.entry(state.to_owned()).or_default() += 1;
        }
    }

    /// Counts a certificate check by its result: `genuine`, or the code of its first finding
    /// (a rise in `pdf_altered` or `unknown_key` is worth a look).
    pub fn record_check(&self, result: &str) {
        if let Ok(mut checks) = self.checks.lock() {
            *checks.entry(result.to_owned()).or_default() += 1;
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP sorgeregister_http_requests_total HTTP requests by route and status.\n",
        );
        out.push_str("# TYPE sorgeregister_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((method, route, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "sorgeregister_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str(
            "# HELP sorgeregister_http_request_duration_seconds Time to answer a request.\n",
        );
        out.push_str("# TYPE sorgeregister_http_request_duration_seconds histogram\n");
        if let Ok(durations) = self.durations.lock() {
            for (route, h) in durations.iter() {
                let route = escape(route);
                for (i, bound) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "sorgeregister_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "sorgeregister_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "sorgeregister_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "sorgeregister_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
        }
        out.push_str("# HELP sorgeregister_applications_total Applications by the state their submission reached.\n");
        out.push_str("# TYPE sorgeregister_applications_total counter\n");
        if let Ok(applications) = self.applications.lock() {
            for (state, n) in applications.iter() {
                let _ = writeln!(
                    out,
                    "sorgeregister_applications_total{{state=\"{state}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP sorgeregister_certificate_checks_total Certificate checks (page and API) by result.\n");
        out.push_str("# TYPE sorgeregister_certificate_checks_total counter\n");
        if let Ok(checks) = self.checks.lock() {
            for (result, n) in checks.iter() {
                let _ = writeln!(
                    out,
                    "sorgeregister_certificate_checks_total{{result=\"{result}\"}} {n}"
                );
            }
        }
        out
    }
}

fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let metrics = Metrics::default();
        metrics.record_request(
            "POST",
            "/api/v1/applications",
            201,
            Duration::from_millis(3),
        );
        metrics.record_application("negative_certificate");
        metrics.record_check("pdf_altered");
        let text = metrics.render();
        assert!(text.contains("sorgeregister_certificate_checks_total{result=\"pdf_altered\"} 1"));
        assert!(text.contains(
            "sorgeregister_http_requests_total{method=\"POST\",route=\"/api/v1/applications\",status=\"201\"} 1"
        ));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.0025\"} 0"));
        assert!(
            text.contains("sorgeregister_applications_total{state=\"negative_certificate\"} 1")
        );
    }
}
