//! Labeled examples as JSON Lines: `id`, `text`, `label`, and any other fields, kept as given.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The rubric's elements of a conferral showing, in the order the element head predicts them.
pub const ELEMENTS: [&str; 6] = [
    "participants",
    "when",
    "means",
    "dialogue",
    "issues",
    "outcome",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Insufficient,
    Sufficient,
}

impl Label {
    /// Class index as in the model's `id2label` (0 insufficient, 1 sufficient).
    pub fn index(self) -> usize {
        match self {
            Label::Insufficient => 0,
            Label::Sufficient => 1,
        }
    }
    pub fn is_sufficient(self) -> bool {
        self == Label::Sufficient
    }
}

/// One labeled statement. Fields other than `id`, `text` and `label` survive a read/write
/// round trip unchanged (`court`, `label_source`, `case`, `elements`, ...).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Example {
    pub id: String,
    pub text: String,
    pub label: Label,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Example {
    fn extra_str(&self, key: &str) -> Option<&str> {
        self.extra.get(key).and_then(Value::as_str)
    }
    /// The source case (or, for generated data, the template family): the unit that a
    /// train/dev split must never put on both sides.
    pub fn group(&self) -> &str {
        self.extra_str("group")
            .or_else(|| self.extra_str("case"))
            .unwrap_or(&self.id)
    }
    pub fn court(&self) -> &str {
        self.extra_str("court").unwrap_or("unknown")
    }
    pub fn label_source(&self) -> &str {
        self.extra_str("label_source").unwrap_or("unknown")
    }
    /// Element flags in [`ELEMENTS`] order, when the record carries them
    /// (`"elements": {"participants": true, ...}` or a list of present element names).
    pub fn elements(&self) -> Option<[bool; 6]> {
        let v = self.extra.get("elements")?;
        let mut out = [false; 6];
        match v {
            Value::Object(m) => {
                for (i, name) in ELEMENTS.iter().enumerate() {
                    out[i] = m.get(*name).and_then(Value::as_bool)?;
                }
            }
            Value::Array(a) => {
                for name in a.iter().filter_map(Value::as_str) {
                    if let Some(i) = ELEMENTS.iter().position(|e| *e == name) {
                        out[i] = true;
                    }
                }
            }
            _ => return None,
        }
        Some(out)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a labeled record ({source})")]
    Parse {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
    #[error("{id}: no \"{field}\" label (sufficient or insufficient) to measure against")]
    MissingLabel { id: String, field: String },
    #[error("{path}:{line}: statement span {start}..{end} lies outside the text")]
    BadSpan {
        path: PathBuf,
        line: usize,
        start: usize,
        end: usize,
    },
}

/// The same examples judged by another label field (e.g. `court_label`, the court's ruling
/// kept beside the rubric label): that field becomes `label`, the old label is kept as
/// `rubric_label` when the record has none. `field` = "label" changes nothing.
pub fn relabel(examples: Vec<Example>, field: &str) -> Result<Vec<Example>, DataError> {
    if field == "label" {
        return Ok(examples);
    }
    examples
        .into_iter()
        .map(|mut ex| {
            let label: Label = ex
                .extra
                .get(field)
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .ok_or_else(|| DataError::MissingLabel {
                    id: ex.id.clone(),
                    field: field.to_string(),
                })?;
            let old = serde_json::to_value(ex.label).expect("a label serialises");
            ex.extra.entry("rubric_label").or_insert(old);
            ex.label = label;
            Ok(ex)
        })
        .collect()
}

/// Reads a labeled JSONL file; blank lines are skipped, a malformed line is an error that
/// names the file and line (training data must be clean, unlike screening input).
pub fn read_jsonl(path: &Path) -> Result<Vec<Example>, DataError> {
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let reader = BufReader::new(File::open(path).map_err(io)?);
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let ex = serde_json::from_str(&line).map_err(|source| DataError::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        out.push(ex);
    }
    Ok(out)
}

/// Reads and concatenates several labeled JSONL files.
pub fn read_many(paths: &[PathBuf]) -> Result<Vec<Example>, DataError> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(read_jsonl(p)?);
    }
    Ok(out)
}

pub fn write_jsonl(path: &Path, examples: &[Example]) -> Result<(), DataError> {
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut w = BufWriter::new(File::create(path).map_err(io)?);
    for ex in examples {
        let line = serde_json::to_string(ex).expect("examples always serialise");
        writeln!(w, "{line}").map_err(io)?;
    }
    w.flush().map_err(io)
}

/// Assigns each example a fold in `0..k` so that all examples of a group share a fold.
/// Groups are shuffled with `seed`, then dealt to folds per label of their first example, so
/// that each fold gets a share of the rare class.
pub fn group_folds(examples: &[Example], k: usize, seed: u64) -> Vec<usize> {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let mut groups: Vec<(&str, Label)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for ex in examples {
        if seen.insert(ex.group()) {
            groups.push((ex.group(), ex.label));
        }
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    groups.shuffle(&mut rng);
    let mut fold_of = std::collections::HashMap::new();
    let mut next = [0usize; 2];
    for (g, label) in groups {
        let i = label.index();
        fold_of.insert(g, next[i] % k.max(1));
        next[i] += 1;
    }
    examples.iter().map(|ex| fold_of[ex.group()]).collect()
}

/// Splits into (train, dev) by group: about `dev_frac` of the groups go to dev.
pub fn split_by_group(
    examples: &[Example],
    dev_frac: f64,
    seed: u64,
) -> (Vec<Example>, Vec<Example>) {
    let k = (1.0 / dev_frac.clamp(0.01, 0.5)).round() as usize;
    let folds = group_folds(examples, k, seed);
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (ex, f) in examples.iter().zip(folds) {
        if f == 0 {
            dev.push(ex.clone());
        } else {
            train.push(ex.clone());
        }
    }
    (train, dev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relabel_reads_another_label_field_and_names_a_missing_one() {
        let ex: Example = serde_json::from_str(
            r#"{"id": "a", "text": "t", "label": "insufficient", "court_label": "sufficient"}"#,
        )
        .unwrap();
        let out = relabel(vec![ex.clone()], "court_label").unwrap();
        assert_eq!(out[0].label, Label::Sufficient);
        assert_eq!(out[0].extra["rubric_label"], "insufficient");
        assert_eq!(
            relabel(vec![ex.clone()], "label").unwrap()[0].label,
            Label::Insufficient
        );
        let err = relabel(vec![ex], "other").unwrap_err();
        assert!(err.to_string().contains("a: no \"other\" label"), "{err}");
    }

    #[test]
    fn extra_fields_survive_and_elements_parse() {
        let line = r#"{"id":"a","text":"t","label":"sufficient","court":"D. Kan.","elements":{"participants":true,"when":false,"means":true,"dialogue":true,"issues":false,"outcome":true}}"#;
        let ex: Example = serde_json::from_str(line).unwrap();
        assert_eq!(ex.label, Label::Sufficient);
        assert_eq!(ex.court(), "D. Kan.");
        assert_eq!(ex.group(), "a");
        assert_eq!(ex.elements(), Some([true, false, true, true, false, true]));
        let back = serde_json::to_string(&ex).unwrap();
        assert!(back.contains("\"court\":\"D. Kan.\""));
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        std::fs::write(
            &p,
            "{\"id\":\"a\",\"text\":\"t\",\"label\":\"sufficient\"}\n\nnot json\n",
        )
        .unwrap();
        let err = read_jsonl(&p).unwrap_err().to_string();
        assert!(err.contains("x.jsonl:3"), "{err}");
    }

    fn ex(id: &str, group: &str, label: Label) -> Example {
        let mut extra = Map::new();
        extra.insert("group".into(), Value::String(group.into()));
        Example {
            id: id.into(),
            text: "t".into(),
            label,
            extra,
        }
    }

    #[test]
    fn groups_never_straddle_folds_and_rare_class_spreads() {
        let mut data = Vec::new();
        for g in 0..50 {
            let label = if g % 5 == 0 {
                Label::Sufficient
            } else {
                Label::Insufficient
            };
            for j in 0..3 {
                data.push(ex(&format!("{g}-{j}"), &format!("g{g}"), label));
            }
        }
        let folds = group_folds(&data, 5, 7);
        for g in data.chunks(3) {
            let f: Vec<usize> = g
                .iter()
                .map(|e| folds[data.iter().position(|d| d.id == e.id).unwrap()])
                .collect();
            assert!(f.iter().all(|x| *x == f[0]));
        }
        for k in 0..5 {
            let pos = data
                .iter()
                .zip(&folds)
                .filter(|(e, f)| **f == k && e.label.is_sufficient())
                .count();
            assert_eq!(pos, 6, "fold {k} gets 2 of the 10 sufficient groups");
        }
        assert_eq!(folds, group_folds(&data, 5, 7), "deterministic");
        let (train, dev) = split_by_group(&data, 0.2, 7);
        assert_eq!(train.len() + dev.len(), data.len());
        assert_eq!(dev.len(), 30);
    }
}
