//! Per-element precision, recall and F1 of an element detector against annotated statements.
//!
//! [`figures`] compares any predicted flags with true flags, one `[bool; 6]` per statement in
//! [`ELEMENTS`] order, so it serves the rule-based detector ([`rule_figures`]) and the
//! model's element head alike (threshold its probabilities first).
//!
//! Human annotations of the real statements live in `data/real_elements.jsonl`, one line per
//! line of `data/real_statements.jsonl`: `id`, `elements` (six booleans), an optional
//! `annotator_note`, and `occurrence` (2, 3, ...) on a later line that repeats an id. A
//! statement's key is its id, or `id#n` for its n-th occurrence ([`statement_keys`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::corpus::dataset::{Example, ELEMENTS};

/// Detector quality on one element. `support` counts statements where the element is
/// truly present; `precision`, `recall` and `f1` are `None` when undefined (no predicted,
/// no true, or neither).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ElementFigure {
    pub element: &'static str,
    pub n: usize,
    pub support: usize,
    pub predicted: usize,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fneg: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

/// Precision, recall and F1 per element of `pred` against `truth` (same length and order).
pub fn figures(pred: &[[bool; 6]], truth: &[[bool; 6]]) -> Vec<ElementFigure> {
    assert_eq!(
        pred.len(),
        truth.len(),
        "predictions and truth must pair up"
    );
    (0..ELEMENTS.len())
        .map(|k| {
            let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
            for (p, t) in pred.iter().zip(truth) {
                match (p[k], t[k]) {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fneg += 1,
                    (false, false) => {}
                }
            }
            let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
            ElementFigure {
                element: ELEMENTS[k],
                n: truth.len(),
                support: tp + fneg,
                predicted: tp + fp,
                tp,
                fp,
                fneg,
                precision: ratio(tp, tp + fp),
                recall: ratio(tp, tp + fneg),
                f1: ratio(2 * tp, 2 * tp + fp + fneg),
            }
        })
        .collect()
}

/// The rule-based detector's `present` flags for a statement, in [`ELEMENTS`] order.
pub fn rule_flags(text: &str) -> [bool; 6] {
    let ev = crate::find::elements::detect(text);
    ELEMENTS.map(|name| ev.element(name).is_some_and(|e| e.present))
}

/// Figures of the rule-based detector on the `examples` whose key ([`statement_keys`]) has
/// an entry in `truth`; the others are skipped.
pub fn rule_figures(
    examples: &[Example],
    truth: &HashMap<String, [bool; 6]>,
) -> Vec<ElementFigure> {
    let (pred, gold): (Vec<_>, Vec<_>) = examples
        .iter()
        .zip(statement_keys(examples))
        .filter_map(|(ex, key)| truth.get(&key).map(|t| (rule_flags(&ex.text), *t)))
        .unzip();
    figures(&pred, &gold)
}

/// The key of the `occurrence`-th (1-based) statement carrying `id`: the id itself for the
/// first, `id#n` for later ones.
pub fn annotation_key(id: &str, occurrence: usize) -> String {
    if occurrence <= 1 {
        id.to_string()
    } else {
        format!("{id}#{occurrence}")
    }
}

/// Keys of the examples in order, numbering repeated ids (see [`annotation_key`]).
pub fn statement_keys(examples: &[Example]) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    examples
        .iter()
        .map(|ex| {
            let n = seen.entry(ex.id.as_str()).or_insert(0);
            *n += 1;
            annotation_key(&ex.id, *n)
        })
        .collect()
}

/// Sets `elements` on each example whose key ([`statement_keys`]) an annotation carries, so
/// that training can use the annotations as element targets. Returns how many were set.
pub fn attach(examples: &mut [Example], notes: &[Annotation]) -> usize {
    let by_key: HashMap<String, &Annotation> = notes.iter().map(|a| (a.key(), a)).collect();
    let keys = statement_keys(examples);
    let mut n = 0;
    for (ex, key) in examples.iter_mut().zip(keys) {
        if let Some(a) = by_key.get(&key) {
            let flags: serde_json::Map<String, serde_json::Value> = a
                .elements
                .iter()
                .map(|(k, v)| (k.clone(), (*v).into()))
                .collect();
            ex.extra.insert("elements".into(), flags.into());
            n += 1;
        }
    }
    n
}

/// One line of `data/real_elements.jsonl`.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Annotation {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<usize>,
    pub elements: HashMap<String, bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator_note: Option<String>,
}

impl Annotation {
    /// The statement key ([`annotation_key`]).
    pub fn key(&self) -> String {
        annotation_key(&self.id, self.occurrence.unwrap_or(1))
    }

    /// The six flags in [`ELEMENTS`] order; `None` when one is missing.
    pub fn flags(&self) -> Option<[bool; 6]> {
        let mut out = [false; 6];
        for (slot, name) in out.iter_mut().zip(ELEMENTS) {
            *slot = *self.elements.get(name)?;
        }
        Some(out)
    }
}

/// Parses annotation JSON Lines (blank lines skipped); an error names the 1-based line.
pub fn parse_annotations(text: &str) -> Result<Vec<Annotation>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let a: Annotation =
                serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            if a.flags().is_none() {
                return Err(format!("line {}: elements must give all six flags", i + 1));
            }
            Ok(a)
        })
        .collect()
}

/// Mean F1 over the elements where it is defined (0 when none is).
pub fn macro_f1(figs: &[ElementFigure]) -> f64 {
    let f1s: Vec<f64> = figs.iter().filter_map(|f| f.f1).collect();
    if f1s.is_empty() {
        0.0
    } else {
        f1s.iter().sum::<f64>() / f1s.len() as f64
    }
}

/// The figures as a markdown table, with a macro-average row.
pub fn markdown_table(figs: &[ElementFigure]) -> String {
    let cell = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
    let mut s = String::from(
        "| element | support | predicted | tp | fp | fn | precision | recall | F1 |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for f in figs {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            f.element,
            f.support,
            f.predicted,
            f.tp,
            f.fp,
            f.fneg,
            cell(f.precision),
            cell(f.recall),
            cell(f.f1)
        ));
    }
    let mean = |g: fn(&ElementFigure) -> Option<f64>| {
        let v: Vec<f64> = figs.iter().filter_map(g).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    s.push_str(&format!(
        "| macro | | | | | | {} | {} | {} |\n",
        cell(mean(|f| f.precision)),
        cell(mean(|f| f.recall)),
        cell(mean(|f| f.f1))
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::dataset::Label;

    #[test]
    fn attach_matches_id_and_occurrence() {
        let mk = |id: &str| Example {
            id: id.into(),
            text: "t".into(),
            label: Label::Insufficient,
            extra: Default::default(),
        };
        let mut data = vec![mk("a"), mk("b"), mk("a")];
        let flags = |on: &[&str]| {
            let m: serde_json::Map<String, serde_json::Value> = ELEMENTS
                .iter()
                .map(|e| (e.to_string(), on.contains(e).into()))
                .collect();
            serde_json::Value::from(m)
        };
        let lines = [
            serde_json::json!({"id": "a", "elements": flags(&["when"])}),
            serde_json::json!({"id": "a", "occurrence": 2, "elements": flags(&["means", "outcome"])}),
            serde_json::json!({"id": "zzz", "elements": flags(&["issues"])}),
        ]
        .map(|v| v.to_string())
        .join("\n");
        let notes = parse_annotations(&lines).unwrap();
        assert_eq!(attach(&mut data, &notes), 2);
        assert_eq!(
            data[0].elements(),
            Some([false, true, false, false, false, false])
        );
        assert_eq!(data[1].elements(), None);
        assert_eq!(
            data[2].elements(),
            Some([false, false, true, false, false, true])
        );
    }
}
