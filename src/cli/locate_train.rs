//! `conferral locate-train` and `conferral locate-eval`: the locator's sentence tagger,
//! trained and measured on the locate corpus (data/locate/).

use std::collections::HashMap;

use anyhow::{Context, Result};

use conferral::corpus::motions::{self, Motion};
use conferral::eval::locate_eval::{evaluate, evaluate_rescored, LocateFigures};
use conferral::find::locate::{sentence_scores, training_examples, Rescore, Tagger, TrainOptions};
use conferral::model::bert::Precision;
use conferral::model::unit_encoder::UnitEncoder;

use crate::cli::args::{LocateEvalArgs, LocateTrainArgs};

pub(super) fn train(a: LocateTrainArgs) -> Result<i32> {
    let train = motions::load(&a.train)?;
    let mut examples = Vec::new();
    for m in &train {
        let bodies: Vec<(usize, usize)> = m
            .statements
            .iter()
            .filter_map(|s| m.byte_range(s.start, s.end))
            .collect();
        examples.push(training_examples(&m.text, &bodies));
    }
    let units: usize = examples.iter().map(|m| m.labels.len()).sum();
    let positives: usize = examples
        .iter()
        .map(|m| m.labels.iter().filter(|y| **y).count())
        .sum();
    eprintln!(
        "training on {} motions: {units} sentences, {positives} in statements",
        train.len(),
    );
    let opts = TrainOptions {
        epochs: a.epochs,
        seed: a.seed,
        positive_weight: a.positive_weight,
        l2: a.l2,
        shuffles: a.shuffles,
        bags: a.bags,
        ..TrainOptions::default()
    };
    let tagger = Tagger::train(&examples, &opts);
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&a.out, tagger.to_bytes())
        .with_context(|| format!("writing {}", a.out.display()))?;
    // Figures with the weights as written (f16), on train and on dev.
    let written = Tagger::from_bytes(&std::fs::read(&a.out)?)?;
    let mut report = serde_json::json!({
        "train": summary(&evaluate(&train, Some(&written))),
    });
    if !a.dev.is_empty() {
        let dev = motions::load(&a.dev)?;
        report["dev"] = summary(&evaluate(&dev, Some(&written)));
    }
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(0)
}

pub(super) fn eval(a: LocateEvalArgs) -> Result<i32> {
    let data: Vec<Motion> = motions::load(&a.data)?;
    let own;
    let tagger = if a.rules_only {
        None
    } else if let Some(p) = &a.tagger {
        own = Tagger::from_bytes(
            &std::fs::read(p).with_context(|| format!("reading {}", p.display()))?,
        )
        .with_context(|| format!("{}", p.display()))?;
        Some(&own)
    } else {
        Some(Tagger::embedded().context("the embedded locator weights do not parse")?)
    };
    if let (Some(path), Some(t)) = (&a.dump_units, tagger) {
        dump_units(path, &data, t)?;
    }
    let given = a
        .unit_probs
        .as_deref()
        .map(|p| GivenProbs::read(p, &data))
        .transpose()?;
    let own_encoder = a
        .unit_encoder
        .as_deref()
        .map(|p| {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            UnitEncoder::load(&bytes, &p.display().to_string(), Precision::auto())
                .map_err(anyhow::Error::from)
        })
        .transpose()?;
    let rescore: Option<&dyn Rescore> = match (&given, &own_encoder) {
        (Some(g), _) => Some(g),
        _ if a.no_encoder || tagger.is_none() => None,
        (None, Some(e)) => Some(e),
        (None, None) => Some(
            UnitEncoder::embedded().context("the embedded unit encoder's weights do not load")?,
        ),
    };
    let f = evaluate_rescored(&data, tagger, rescore);
    for line in f.failures.iter().take(a.failures) {
        eprintln!("{line}");
    }
    println!("{}", serde_json::to_string_pretty(&summary(&f))?);
    Ok(0)
}

/// The figures without the failure lines.
fn summary(f: &LocateFigures) -> serde_json::Value {
    let mut v = serde_json::to_value(f).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("failures");
        o.insert("misses".into(), f.failures.len().into());
    }
    v
}

/// `--dump-units`: each motion's units with the tagger's probability and the gold label.
fn dump_units(path: &std::path::Path, data: &[Motion], tagger: &Tagger) -> Result<()> {
    let mut out = String::new();
    for m in data {
        let bodies: Vec<(usize, usize)> = m
            .statements
            .iter()
            .filter_map(|s| m.byte_range(s.start, s.end))
            .collect();
        let labels = training_examples(&m.text, &bodies).labels;
        let units: Vec<serde_json::Value> = sentence_scores(&m.text, tagger)
            .into_iter()
            .zip(labels)
            .map(|((s, e, p), y)| serde_json::json!({"start": s, "end": e, "text": &m.text[s..e], "p": p, "label": y}))
            .collect();
        out += &serde_json::json!({"id": m.id, "writer": m.writer, "units": units}).to_string();
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// `--unit-probs`: unit probabilities computed elsewhere, looked up by the motion's text.
struct GivenProbs(HashMap<String, Vec<f32>>);

impl GivenProbs {
    fn read(path: &std::path::Path, data: &[Motion]) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Row {
            id: String,
            probs: Vec<f32>,
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut by_id = HashMap::new();
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let r: Row = serde_json::from_str(line).with_context(|| {
                format!("{}:{}: not a unit-probs record", path.display(), i + 1)
            })?;
            by_id.insert(r.id, r.probs);
        }
        let mut by_text = HashMap::new();
        for m in data {
            let probs = by_id.remove(&m.id).with_context(|| {
                format!("{}: no probabilities for motion {}", path.display(), m.id)
            })?;
            by_text.insert(m.text.clone(), probs);
        }
        Ok(GivenProbs(by_text))
    }
}

impl Rescore for GivenProbs {
    fn rescore(&self, text: &str, units: &[(usize, usize)], p: &mut [f32]) {
        if let Some(given) = self.0.get(text).filter(|g| g.len() == units.len()) {
            p.copy_from_slice(given);
        }
    }
}
