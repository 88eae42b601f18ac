//! Request counters and their Prometheus text rendering for `/metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// (method, route pattern, status).
type RequestKey = (String, String, u16);

/// A gauge: metric name, help text, and (labels, value) samples.
pub type Gauge<'a> = (&'a str, &'a str, Vec<(String, f64)>);

/// Counts requests by route pattern, method and status, with total time.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<RequestKey, (u64, f64)>>,
}

/// The label of a route no resource matched.
pub const UNMATCHED: &str = "unmatched";

/// The method label: the standard methods by name, every other one (clients may send any token)
/// as `OTHER`, so a client cannot grow the label set.
pub fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

impl Metrics {
    /// Record one finished request; `route` is the matched pattern (never the raw path) or
    /// [`UNMATCHED`], and the method is folded by [`method_label`].
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        if let Ok(mut map) = self.requests.lock() {
            let entry = map
                .entry((method_label(method).to_string(), route.to_string(), status))
                .or_insert((0, 0.0));
            entry.0 += 1;
            entry.1 += elapsed.as_secs_f64();
        }
    }

    /// Render the counters plus the given gauges in the Prometheus text format.
    pub fn render(&self, gauges: &[Gauge<'_>]) -> String {
        let mut out = String::new();
        out.push_str("# HELP juxian_http_requests_total HTTP requests by route, method and status.\n");
        out.push_str("# TYPE juxian_http_requests_total counter\n");
        let snapshot = self.requests.lock().map(|m| m.clone()).unwrap_or_default();
        for ((method, route, status), (count, _)) in &snapshot {
            let _ = writeln!(
                out,
                "juxian_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        out.push_str("# HELP juxian_http_request_duration_seconds_sum Time spent answering, by route.\n");
        out.push_str("# TYPE juxian_http_request_duration_seconds_sum counter\n");
        for ((method, route, status), (_, secs)) in &snapshot {
            let _ = writeln!(out, "juxian_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {secs:.6}", escape(route));
        }
        for (name, help, values) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            for (labels, value) in values {
                if labels.is_empty() {
                    let _ = writeln!(out, "{name} {value}");
                } else {
                    let _ = writeln!(out, "{name}{{{labels}}} {value}");
                }
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_gauges() {
        let m = Metrics::default();
        m.observe("GET", "/healthz", 200, Duration::from_millis(5));
        m.observe("GET", "/healthz", 200, Duration::from_millis(5));
        let text = m.render(&[(
            "juxian_outbox_messages",
            "Mail by status.",
            vec![("status=\"dead\"".into(), 1.0)],
        )]);
        assert!(text.contains("juxian_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"));
        assert!(text.contains("juxian_outbox_messages{status=\"dead\"} 1"));
    }

    #[test]
    fn unknown_methods_share_one_label() {
        let m = Metrics::default();
        for method in ["FOOBAR", "BAZ", "get", "PROPFIND"] {
            m.observe(method, UNMATCHED, 404, Duration::from_millis(1));
        }
        let text = m.render(&[]);
        assert!(text.contains("juxian_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 4"));
        assert!(!text.contains("FOOBAR"));
    }
}
