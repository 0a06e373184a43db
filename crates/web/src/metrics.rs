//! Prometheus metrics, kept in the application state (not a global registry), so that several
//! differently configured apps can run in one process.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the request-duration histogram buckets.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];
/// Upper bounds (seconds) of the federation-query latency buckets: a query over the network
/// may take up to the transport's 10 s timeout.
const FEDERATION_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];
/// At most this many register offices are read for the outbox gauge.
pub const OUTBOX_OFFICES_LIMIT: i64 = 1000;

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct FederationHistogram {
    counts: [u64; FEDERATION_BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    durations: Mutex<BTreeMap<String, Histogram>>,
    applications: Mutex<BTreeMap<String, u64>>,
    checks: Mutex<BTreeMap<String, u64>>,
    /// (peer office, outcome) → queries this instance sent over HTTP.
    federation_sent: Mutex<BTreeMap<(String, &'static str), u64>>,
    /// peer office → latency of those queries.
    federation_latency: Mutex<BTreeMap<String, FederationHistogram>>,
    /// (sending office or `unknown`, outcome) → messages received on the federation endpoint.
    federation_received: Mutex<BTreeMap<(String, String), u64>>,
    /// On a node: fetches of the platform's trust list by outcome, and the last good one.
    trust_list: Mutex<TrustListFetches>,
    /// On a node: fetches of the platform's directory by outcome, and how many of the offices
    /// the node represents the last good one does not route to a node.
    directory: Mutex<DirectoryFetches>,
}

#[derive(Debug, Default)]
struct DirectoryFetches {
    by_outcome: BTreeMap<&'static str, u64>,
    unrouted: Option<usize>,
}

#[derive(Debug, Default)]
struct TrustListFetches {
    by_outcome: BTreeMap<&'static str, u64>,
    /// Keys in the list in use, and when a fetch last succeeded (Unix seconds).
    last_success: Option<(usize, i64)>,
}

impl federation::ExchangeObserver for Metrics {
    fn query_sent(&self, peer: &domain::OfficeId, outcome: &'static str, elapsed: Duration) {
        if let Ok(mut sent) = self.federation_sent.lock() {
            *sent.entry((peer.to_string(), outcome)).or_default() += 1;
        }
        if let Ok(mut latency) = self.federation_latency.lock() {
            let histogram = latency.entry(peer.to_string()).or_default();
            let seconds = elapsed.as_secs_f64();
            for (i, bound) in FEDERATION_BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    histogram.counts[i] += 1;
                }
            }
            histogram.count += 1;
            histogram.sum += seconds;
        }
    }
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

    /// Counts a message received on the federation endpoint: `peer` is the sending office once
    /// its signature checked out (`unknown` before), `outcome` `answered` or the refusal.
    pub fn record_federation_received(&self, peer: Option<&domain::OfficeId>, outcome: &str) {
        if let Ok(mut received) = self.federation_received.lock() {
            let peer = peer.map_or_else(|| "unknown".to_owned(), ToString::to_string);
            *received.entry((peer, outcome.to_owned())).or_default() += 1;
        }
    }

    /// On a node: counts a fetch of the platform's trust list — `installed` (a changed list
    /// now in use), `unchanged` or `failed` — with the keys the list in use names after a
    /// successful one, at `at_unix`.
    pub fn record_trust_list_fetch(
        &self,
        outcome: &'static str,
        keys: Option<usize>,
        at_unix: i64,
    ) {
        if let Ok(mut fetches) = self.trust_list.lock() {
            *fetches.by_outcome.entry(outcome).or_default() += 1;
            if let Some(keys) = keys {
                fetches.last_success = Some((keys, at_unix));
            }
        }
    }

    /// On a node: counts a fetch of the platform's directory — `ok` or `failed` — with, after a
    /// good one, how many offices this node represents that the directory does not list as kept
    /// on a node (their queries are answered from the platform's copy: a configuration error).
    pub fn record_directory_fetch(&self, outcome: &'static str, unrouted: Option<usize>) {
        if let Ok(mut fetches) = self.directory.lock() {
            *fetches.by_outcome.entry(outcome).or_default() += 1;
            if unrouted.is_some() {
                fetches.unrouted = unrouted;
            }
        }
    }

    fn render_directory(&self, out: &mut String) {
        let Ok(fetches) = self.directory.lock() else {
            return;
        };
        if fetches.by_outcome.is_empty() {
            return;
        }
        out.push_str("# HELP sorgeregister_platform_directory_fetches_total Fetches of the platform's federation directory by this node, by outcome.\n");
        out.push_str("# TYPE sorgeregister_platform_directory_fetches_total counter\n");
        for (outcome, n) in &fetches.by_outcome {
            let _ = writeln!(
                out,
                "sorgeregister_platform_directory_fetches_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        if let Some(unrouted) = fetches.unrouted {
            out.push_str("# HELP sorgeregister_platform_directory_unrouted_offices Offices this node represents that the platform's directory does not list as kept on a node.\n");
            out.push_str("# TYPE sorgeregister_platform_directory_unrouted_offices gauge\n");
            let _ = writeln!(
                out,
                "sorgeregister_platform_directory_unrouted_offices {unrouted}"
            );
        }
    }

    fn render_trust_list(&self, out: &mut String) {
        let Ok(fetches) = self.trust_list.lock() else {
            return;
        };
        if fetches.by_outcome.is_empty() {
            return;
        }
        out.push_str("# HELP sorgeregister_platform_trust_list_fetches_total Fetches of the platform's trust list by this node, by outcome.\n");
        out.push_str("# TYPE sorgeregister_platform_trust_list_fetches_total counter\n");
        for (outcome, n) in &fetches.by_outcome {
            let _ = writeln!(
                out,
                "sorgeregister_platform_trust_list_fetches_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        if let Some((keys, at)) = fetches.last_success {
            out.push_str("# HELP sorgeregister_platform_trust_list_keys Keys named by the platform trust list in use.\n");
            out.push_str("# TYPE sorgeregister_platform_trust_list_keys gauge\n");
            let _ = writeln!(out, "sorgeregister_platform_trust_list_keys {keys}");
            out.push_str("# HELP sorgeregister_platform_trust_list_last_success_timestamp_seconds When a fetch of the platform trust list last succeeded.\n");
            out.push_str(
                "# TYPE sorgeregister_platform_trust_list_last_success_timestamp_seconds gauge\n",
            );
            let _ = writeln!(
                out,
                "sorgeregister_platform_trust_list_last_success_timestamp_seconds {at}"
            );
        }
    }

    /// The outbox gauge: applications waiting for each register office's answer, as read from
    /// the store when `/metrics` is rendered.
    pub fn render_outbox(waiting: &[(domain::OfficeId, i64)]) -> String {
        let mut out = String::new();
        out.push_str("# HELP sorgeregister_applications_waiting_for_register Applications waiting for a register office's answer (the federation outbox).\n");
        out.push_str("# TYPE sorgeregister_applications_waiting_for_register gauge\n");
        for (office, n) in waiting {
            let _ = writeln!(
                out,
                "sorgeregister_applications_waiting_for_register{{register_office=\"{office}\"}} {n}"
            );
        }
        out
    }

    /// The notifications outbox gauge: new entries waiting for each register office's node.
    pub fn render_entry_outbox(waiting: &[(domain::OfficeId, i64)]) -> String {
        let mut out = String::new();
        out.push_str("# HELP sorgeregister_register_entries_waiting_for_node Notifications to the register waiting for the register office's node to confirm them.\n");
        out.push_str("# TYPE sorgeregister_register_entries_waiting_for_node gauge\n");
        for (office, n) in waiting {
            let _ = writeln!(
                out,
                "sorgeregister_register_entries_waiting_for_node{{register_office=\"{office}\"}} {n}"
            );
        }
        out
    }

    fn render_federation(&self, out: &mut String) {
        out.push_str("# HELP sorgeregister_federation_queries_sent_total Register queries sent to other nodes, by peer office and outcome.\n");
        out.push_str("# TYPE sorgeregister_federation_queries_sent_total counter\n");
        if let Ok(sent) = self.federation_sent.lock() {
            for ((peer, outcome), n) in sent.iter() {
                let _ = writeln!(
                    out,
                    "sorgeregister_federation_queries_sent_total{{peer=\"{}\",outcome=\"{outcome}\"}} {n}",
                    escape(peer)
                );
            }
        }
        out.push_str("# HELP sorgeregister_federation_query_duration_seconds Time from sending a register query to another node until its answer was checked (or the failure).\n");
        out.push_str("# TYPE sorgeregister_federation_query_duration_seconds histogram\n");
        if let Ok(latency) = self.federation_latency.lock() {
            for (peer, h) in latency.iter() {
                let peer = escape(peer);
                for (i, bound) in FEDERATION_BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "sorgeregister_federation_query_duration_seconds_bucket{{peer=\"{peer}\",le=\"{bound}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "sorgeregister_federation_query_duration_seconds_bucket{{peer=\"{peer}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "sorgeregister_federation_query_duration_seconds_sum{{peer=\"{peer}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "sorgeregister_federation_query_duration_seconds_count{{peer=\"{peer}\"}} {}",
                    h.count
                );
            }
        }
        out.push_str("# HELP sorgeregister_federation_messages_received_total Messages received on the federation endpoint, by sending office (unknown until its signature checks out) and outcome.\n");
        out.push_str("# TYPE sorgeregister_federation_messages_received_total counter\n");
        if let Ok(received) = self.federation_received.lock() {
            for ((peer, outcome), n) in received.iter() {
                let _ = writeln!(
                    out,
                    "sorgeregister_federation_messages_received_total{{peer=\"{}\",outcome=\"{}\"}} {n}",
                    escape(peer),
                    escape(outcome)
                );
            }
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
        self.render_federation(&mut out);
        self.render_trust_list(&mut out);
        self.render_directory(&mut out);
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

    #[test]
    fn renders_federation_counters_latency_and_outbox() {
        use federation::ExchangeObserver as _;
        let metrics = Metrics::default();
        let cux = domain::OfficeId::parse("ja-03352").expect("id");
        metrics.query_sent(&cux, "answered", Duration::from_millis(30));
        metrics.query_sent(&cux, "unreachable", Duration::from_millis(2));
        metrics.record_federation_received(Some(&cux), "answered");
        metrics.record_federation_received(None, "unauthenticated");
        let text = metrics.render();
        for line in [
            "sorgeregister_federation_queries_sent_total{peer=\"ja-03352\",outcome=\"answered\"} 1",
            "sorgeregister_federation_queries_sent_total{peer=\"ja-03352\",outcome=\"unreachable\"} 1",
            "sorgeregister_federation_query_duration_seconds_bucket{peer=\"ja-03352\",le=\"0.025\"} 1",
            "sorgeregister_federation_query_duration_seconds_bucket{peer=\"ja-03352\",le=\"0.05\"} 2",
            "sorgeregister_federation_query_duration_seconds_count{peer=\"ja-03352\"} 2",
            "sorgeregister_federation_messages_received_total{peer=\"ja-03352\",outcome=\"answered\"} 1",
            "sorgeregister_federation_messages_received_total{peer=\"unknown\",outcome=\"unauthenticated\"} 1",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
        let outbox = Metrics::render_outbox(&[(cux, 3)]);
        assert!(outbox.contains(
            "sorgeregister_applications_waiting_for_register{register_office=\"ja-03352\"} 3"
        ));
    }

    #[test]
    fn renders_the_directory_fetches_on_a_node_only() {
        let metrics = Metrics::default();
        assert!(!metrics.render().contains("platform_directory"));
        metrics.record_directory_fetch("ok", Some(1));
        metrics.record_directory_fetch("failed", None);
        let text = metrics.render();
        for line in [
            "sorgeregister_platform_directory_fetches_total{outcome=\"ok\"} 1",
            "sorgeregister_platform_directory_fetches_total{outcome=\"failed\"} 1",
            "sorgeregister_platform_directory_unrouted_offices 1",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
    }

    #[test]
    fn renders_the_trust_list_fetches_on_a_node_only() {
        let metrics = Metrics::default();
        assert!(
            !metrics.render().contains("platform_trust_list"),
            "not a node"
        );
        metrics.record_trust_list_fetch("installed", Some(3), 1_800_000_000);
        metrics.record_trust_list_fetch("failed", None, 1_800_000_300);
        let text = metrics.render();
        for line in [
            "sorgeregister_platform_trust_list_fetches_total{outcome=\"installed\"} 1",
            "sorgeregister_platform_trust_list_fetches_total{outcome=\"failed\"} 1",
            "sorgeregister_platform_trust_list_keys 3",
            "sorgeregister_platform_trust_list_last_success_timestamp_seconds 1800000000",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
    }
}
