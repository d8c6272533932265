//! Corpus figures from scored records (`conferral report`): records grouped by fields that
//! scoring carried through (`court`, `year`, ...), with per group the count and share of each
//! verdict and its 95% Wilson interval, the mean score, a score histogram and the share of
//! scored statements showing each rubric element.
//!
//! Written as `summary.csv` (one row per group) or JSON; `aggregate_html` draws the charts.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::report::error::ReportError;
use crate::report::record::Verdict;

/// The group value of a record without the field (or with `null` in it).
pub const MISSING: &str = "(missing)";

/// Score histogram bins over [0, 1].
pub const BINS: usize = 10;

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The 95% Wilson score interval of `k` successes in `n` trials; `None` when `n` is 0.
/// Unlike the normal approximation it stays inside [0, 1] and is honest for small groups
/// and shares near 0 or 1, which per-court figures often are.
pub fn wilson(k: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A share with its 95% Wilson interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    pub n: usize,
    pub share: Option<f64>,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
}

impl Share {
    pub fn of(k: usize, total: usize) -> Share {
        let ci = wilson(k, total);
        Share {
            n: k,
            share: (total > 0).then(|| k as f64 / total as f64),
            lo: ci.map(|c| c.0),
            hi: ci.map(|c| c.1),
        }
    }
}

/// What one group's records add up to while they are read.
#[derive(Clone, Debug, Default)]
struct Tally {
    documents: usize,
    verdicts: [usize; Verdict::ALL.len()],
    score_sum: f64,
    scored: usize,
    histogram: [usize; BINS],
    /// Records with an `elements` object, and per element how many show it present.
    with_elements: usize,
    present: BTreeMap<String, usize>,
}

/// The figures of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// The values of the `--by` fields, in their order.
    pub key: Vec<String>,
    pub documents: usize,
    /// Per verdict (every verdict, in [`Verdict::ALL`] order): count, share of documents and
    /// interval.
    pub verdicts: BTreeMap<String, Share>,
    /// Mean calibrated score of the records that have one.
    pub mean_score: Option<f64>,
    pub scored: usize,
    /// Scores in [`BINS`] equal bins over [0, 1] (1.0 in the last).
    pub histogram: Vec<usize>,
    /// Records whose element evidence was reported (scored statements).
    pub with_elements: usize,
    /// Per rubric element: how many of `with_elements` show it present, share and interval.
    pub elements: BTreeMap<String, Share>,
}

/// Every group, sorted by key, and the whole corpus as one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub by: Vec<String>,
    pub groups: Vec<Group>,
    pub total: Group,
    /// The element names, the rubric's first.
    pub element_names: Vec<String>,
}

/// Reads scored records (JSON Lines of `conferral score`) and groups them by the fields `by`.
#[derive(Debug, Default)]
pub struct Aggregator {
    by: Vec<String>,
    groups: BTreeMap<Vec<String>, Tally>,
    total: Tally,
}

impl Aggregator {
    pub fn new(by: Vec<String>) -> Aggregator {
        Aggregator {
            by,
            ..Default::default()
        }
    }

    /// Adds every record of a JSON Lines stream; `name` (the path) names the input in errors.
    pub fn read(&mut self, name: &str, input: impl BufRead) -> Result<usize, ReportError> {
        let mut n = 0;
        for (i, line) in input.lines().enumerate() {
            let line = line.map_err(|source| ReportError::SummaryRead {
                path: name.to_string(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |reason: String| ReportError::SummaryNotRecord {
                path: name.to_string(),
                line: i + 1,
                reason,
            };
            let v: Value = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
            self.add(&v).map_err(bad)?;
            n += 1;
        }
        Ok(n)
    }

    /// Adds one record; says what is wrong with it when it is not a scored record.
    pub fn add(&mut self, v: &Value) -> Result<(), String> {
        let obj = v.as_object().ok_or("not a JSON object")?;
        let verdict: Verdict = match obj.get("verdict") {
            Some(Value::String(s)) => s.parse().map_err(|e: ReportError| e.to_string())?,
            _ => return Err("no \"verdict\" (is it output of `conferral score`?)".into()),
        };
        let score = match obj.get("score") {
            None | Some(Value::Null) => None,
            Some(s) => Some(
                s.as_f64()
                    .filter(|x| (0.0..=1.0).contains(x))
                    .ok_or_else(|| format!("\"score\" {s} is not a number in [0, 1]"))?,
            ),
        };
        let elements: Option<Vec<(String, bool)>> = match obj.get("elements") {
            Some(Value::Object(m)) => Some(
                m.iter()
                    .map(|(k, e)| (k.clone(), e.get("present") == Some(&Value::Bool(true))))
                    .collect(),
            ),
            _ => None,
        };
        let key: Vec<String> = self
            .by
            .iter()
            .map(|f| group_value(obj.get(f.as_str())))
            .collect();
        let tally = self.groups.entry(key).or_default();
        for t in [tally, &mut self.total] {
            t.documents += 1;
            t.verdicts[verdict_index(verdict)] += 1;
            if let Some(s) = score {
                t.score_sum += s;
                t.scored += 1;
                t.histogram[((s * BINS as f64) as usize).min(BINS - 1)] += 1;
            }
            if let Some(els) = &elements {
                t.with_elements += 1;
                for (k, present) in els {
                    *t.present.entry(k.clone()).or_default() += usize::from(*present);
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Summary {
        let mut names: Vec<String> = crate::corpus::dataset::ELEMENTS
            .iter()
            .map(|s| s.to_string())
            .collect();
        for k in self.total.present.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
        let mut groups: Vec<Group> = self
            .groups
            .into_iter()
            .map(|(key, t)| group(key, &t, &names))
            .collect();
        groups.sort_by(|a, b| compare_keys(&a.key, &b.key));
        let total = group(vec![], &self.total, &names);
        Summary {
            by: self.by,
            groups,
            total,
            element_names: names,
        }
    }
}

/// A field's value as a group label: strings as they are, other values as JSON.
fn group_value(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => MISSING.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Numbers in numeric order (years, 9 before 10), text by its characters, missing last.
fn compare_keys(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x == MISSING, y == MISSING) {
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(p), Ok(q)) => p.partial_cmp(&q).unwrap_or(Ordering::Equal),
                _ => x.cmp(y),
            },
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn verdict_index(v: Verdict) -> usize {
    Verdict::ALL.iter().position(|&x| x == v).unwrap_or(0)
}

fn group(key: Vec<String>, t: &Tally, names: &[String]) -> Group {
    Group {
        key,
        documents: t.documents,
        verdicts: Verdict::ALL
            .iter()
            .map(|v| {
                let k = t.verdicts[verdict_index(*v)];
                (v.to_string(), Share::of(k, t.documents))
            })
            .collect(),
        mean_score: (t.scored > 0).then(|| t.score_sum / t.scored as f64),
        scored: t.scored,
        histogram: t.histogram.to_vec(),
        with_elements: t.with_elements,
        elements: names
            .iter()
            .map(|e| {
                let k = t.present.get(e).copied().unwrap_or(0);
                (e.clone(), Share::of(k, t.with_elements))
            })
            .collect(),
    }
}

impl Summary {
    /// The CSV header: the `--by` fields, then the figures (see [`Self::csv`]).
    pub fn csv_header(&self) -> Vec<String> {
        let mut h: Vec<String> = self.by.clone();
        h.push("documents".into());
        for v in Verdict::ALL {
            for part in ["n", "share", "lo95", "hi95"] {
                h.push(format!("{v}_{part}"));
            }
        }
        h.extend(["scored", "mean_score", "with_elements"].map(String::from));
        for e in &self.element_names {
            h.push(format!("{e}_share"));
        }
        h
    }

    /// One row per group; shares and intervals as fractions with 6 decimals, empty where the
    /// denominator is 0.
    pub fn csv(&self) -> Result<String, ReportError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let enc = |e: csv::Error| ReportError::Encode {
            path: "summary.csv".into(),
            reason: e.to_string(),
        };
        w.write_record(self.csv_header()).map_err(enc)?;
        let f = |x: Option<f64>| x.map(|x| format!("{x:.6}")).unwrap_or_default();
        for g in &self.groups {
            let mut row = g.key.clone();
            row.push(g.documents.to_string());
            for v in Verdict::ALL {
                let s = &g.verdicts[v.as_str()];
                row.extend([s.n.to_string(), f(s.share), f(s.lo), f(s.hi)]);
            }
            row.extend([
                g.scored.to_string(),
                f(g.mean_score),
                g.with_elements.to_string(),
            ]);
            for e in &self.element_names {
                row.push(f(g.elements[e].share));
            }
            w.write_record(row).map_err(enc)?;
        }
        let bytes = w.into_inner().map_err(|e| ReportError::Encode {
            path: "summary.csv".into(),
            reason: e.to_string(),
        })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into()) + "\n"
    }
}

/// Reads every input (a path, or `-` for standard input) into one summary grouped by `by`.
pub fn summarize(inputs: &[&Path], by: Vec<String>) -> Result<Summary, ReportError> {
    let mut agg = Aggregator::new(by);
    for p in inputs {
        let name = p.display().to_string();
        if name == "-" {
            agg.read("standard input", std::io::stdin().lock())?;
            continue;
        }
        let file = std::fs::File::open(p).map_err(|source| ReportError::SummaryRead {
            path: name.clone(),
            source,
        })?;
        agg.read(&name, std::io::BufReader::new(file))?;
    }
    Ok(agg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wilson_matches_the_textbook_values() {
        // Agresti & Coull's example values, recomputed: 0 of 10 and 10 of 10 are symmetric,
        // 5 of 10 is centred.
        let (lo, hi) = wilson(0, 10).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.277_532).abs() < 1e-6, "{hi}");
        let (lo, hi) = wilson(10, 10).unwrap();
        assert!((lo - 0.722_468).abs() < 1e-6 && (hi - 1.0).abs() < 1e-12);
        let (lo, hi) = wilson(5, 10).unwrap();
        assert!((lo - 0.236_593).abs() < 1e-6 && (hi - 0.763_407).abs() < 1e-6);
        assert_eq!(wilson(0, 0), None);
    }

    fn rec(verdict: &str, score: Option<f64>, court: Value) -> Value {
        let mut r = json!({"verdict": verdict, "score": score, "court": court});
        if score.is_some() {
            r["elements"] = json!({"when": {"present": true}, "means": {"present": false}});
        }
        r
    }

    #[test]
    fn groups_sort_numbers_numerically_and_missing_last() {
        let mut a = Aggregator::new(vec!["court".into()]);
        for c in [json!(10), json!(9), Value::Null, json!("b"), json!("a")] {
            a.add(&rec("review", Some(0.5), c)).unwrap();
        }
        a.add(&json!({"verdict": "error", "score": null})).unwrap();
        let s = a.finish();
        let keys: Vec<&str> = s.groups.iter().map(|g| g.key[0].as_str()).collect();
        assert_eq!(keys, ["9", "10", "a", "b", MISSING]);
        assert_eq!(s.groups[4].documents, 2);
        assert_eq!(s.total.documents, 6);
        assert_eq!(s.total.elements["when"].n, 5);
        assert_eq!(s.total.elements["means"].n, 0);
        assert_eq!(s.total.histogram[5], 5);
    }

    #[test]
    fn bad_records_are_named_by_file_and_line() {
        let mut a = Aggregator::new(vec![]);
        let input = "{\"verdict\":\"review\",\"score\":0.5}\n\n{\"verdict\":\"maybe\"}\n";
        let e = a.read("x.jsonl", input.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("x.jsonl line 3") && e.contains("maybe"), "{e}");
        let e = a.read("y.jsonl", "not json".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("y.jsonl line 1"), "{e}");
        let e = a
            .add(&json!({"verdict": "review", "score": 2}))
            .unwrap_err();
        assert!(e.contains("[0, 1]"), "{e}");
    }

    #[test]
    fn a_score_of_one_falls_in_the_last_bin() {
        let mut a = Aggregator::new(vec![]);
        a.add(&rec("sufficient", Some(1.0), Value::Null)).unwrap();
        a.add(&rec("insufficient", Some(0.0), Value::Null)).unwrap();
        let s = a.finish();
        assert_eq!(s.total.histogram[BINS - 1], 1);
        assert_eq!(s.total.histogram[0], 1);
        assert_eq!(s.total.mean_score, Some(0.5));
    }
}
