//! Prometheus metrics in the text exposition format (`GET /metrics`), all named
//! `conferral_*`: requests by route and status, documents by verdict, forward-pass batch
//! sizes, queue depth and request latency.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Upper bounds of the batch-size histogram (statements per forward pass).
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];
/// Upper bounds of the latency histogram, seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

#[derive(Clone, Debug)]
struct Histogram {
    bounds: &'static [f64],
    /// Observations at or below each bound (not cumulative; summed when written).
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            counts: vec![0; bounds.len()],
            sum: 0.0,
            count: 0,
        }
    }

    fn observe(&mut self, v: f64) {
        if let Some(i) = self.bounds.iter().position(|&b| v <= b) {
            self.counts[i] += 1;
        }
        self.sum += v;
        self.count += 1;
    }

    /// The `_bucket`, `_sum` and `_count` lines; `labels` go before `le` (`route="/x",`).
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let mut acc = 0;
        for (b, c) in self.bounds.iter().zip(&self.counts) {
            acc += c;
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{b}\"}} {acc}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels}le=\"+Inf\"}} {}", self.count);
        let plain = labels.trim_end_matches(',');
        let braces = if plain.is_empty() {
            String::new()
        } else {
            format!("{{{plain}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

#[derive(Debug)]
struct Counts {
    requests: BTreeMap<(String, u16), u64>,
    documents: BTreeMap<String, u64>,
    batches: Histogram,
    latency: BTreeMap<String, Histogram>,
}

/// The server's metrics, shared by the handlers and the batch workers.
#[derive(Debug)]
pub struct Metrics {
    counts: Mutex<Counts>,
    /// Statements waiting for a forward pass.
    pub queued_statements: AtomicUsize,
    /// Documents admitted and not yet answered (what `--max-queue` bounds).
    pub queued_documents: AtomicUsize,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            counts: Mutex::new(Counts {
                requests: BTreeMap::new(),
                documents: BTreeMap::new(),
                batches: Histogram::new(BATCH_BUCKETS),
                latency: BTreeMap::new(),
            }),
            queued_statements: AtomicUsize::new(0),
            queued_documents: AtomicUsize::new(0),
        }
    }
}

impl Metrics {
    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        // A panic elsewhere while holding the lock leaves plain numbers: still usable.
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One answered request: its route pattern, status and seconds taken.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        let mut c = self.counts();
        *c.requests.entry((route.to_string(), status)).or_default() += 1;
        c.latency
            .entry(route.to_string())
            .or_insert_with(|| Histogram::new(LATENCY_BUCKETS))
            .observe(seconds);
    }

    pub fn document(&self, verdict: &str) {
        *self
            .counts()
            .documents
            .entry(verdict.to_string())
            .or_default() += 1;
    }

    pub fn batch(&self, size: usize) {
        self.counts().batches.observe(size as f64);
    }

    /// The text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let c = self.counts();
        let mut o = String::with_capacity(4096);
        o.push_str("# HELP conferral_requests_total HTTP requests answered, by route and status.\n# TYPE conferral_requests_total counter\n");
        for ((route, status), n) in &c.requests {
            let _ = writeln!(
                o,
                "conferral_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        o.push_str("# HELP conferral_documents_total Documents answered, by verdict.\n# TYPE conferral_documents_total counter\n");
        for v in crate::report::record::Verdict::ALL {
            let n = c
                .documents
                .get(v.to_string().as_str())
                .copied()
                .unwrap_or(0);
            let _ = writeln!(o, "conferral_documents_total{{verdict=\"{v}\"}} {n}");
        }
        o.push_str("# HELP conferral_batch_size Statements per forward pass.\n# TYPE conferral_batch_size histogram\n");
        c.batches.write(&mut o, "conferral_batch_size", "");
        let _ = write!(
            o,
            "# HELP conferral_queue_depth Statements waiting for a forward pass.\n# TYPE conferral_queue_depth gauge\nconferral_queue_depth {}\n\
             # HELP conferral_queue_documents Documents admitted and not yet answered (bounded by --max-queue).\n# TYPE conferral_queue_documents gauge\nconferral_queue_documents {}\n",
            self.queued_statements.load(Ordering::Relaxed),
            self.queued_documents.load(Ordering::Relaxed),
        );
        o.push_str("# HELP conferral_request_duration_seconds Time from request to answer, by route.\n# TYPE conferral_request_duration_seconds histogram\n");
        for (route, h) in &c.latency {
            let labels = format!("route=\"{}\",", label(route));
            h.write(&mut o, "conferral_request_duration_seconds", &labels);
        }
        o
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labels_escaped() {
        let m = Metrics::default();
        m.batch(1);
        m.batch(3);
        m.batch(8);
        m.batch(500);
        m.request("/v1/score", 200, 0.02);
        m.request("/a\"b", 404, 0.001);
        m.document("review");
        let t = m.render();
        assert!(
            t.contains("conferral_batch_size_bucket{le=\"1\"} 1\n"),
            "{t}"
        );
        assert!(
            t.contains("conferral_batch_size_bucket{le=\"4\"} 2\n"),
            "{t}"
        );
        assert!(
            t.contains("conferral_batch_size_bucket{le=\"8\"} 3\n"),
            "{t}"
        );
        assert!(
            t.contains("conferral_batch_size_bucket{le=\"+Inf\"} 4\n"),
            "{t}"
        );
        assert!(t.contains("conferral_batch_size_sum 512\n"), "{t}");
        assert!(t.contains("conferral_requests_total{route=\"/v1/score\",status=\"200\"} 1"));
        assert!(t.contains("route=\"/a\\\"b\",status=\"404\""), "{t}");
        assert!(t.contains("conferral_documents_total{verdict=\"review\"} 1"));
        assert!(t.contains("conferral_documents_total{verdict=\"sufficient\"} 0"));
        assert!(t.contains(
            "conferral_request_duration_seconds_bucket{route=\"/v1/score\",le=\"0.025\"} 1"
        ));
        assert!(t.contains("conferral_request_duration_seconds_count{route=\"/v1/score\"} 1"));
    }
}
