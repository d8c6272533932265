//! `conferral locate-train` and `conferral locate-eval`: the locator's sentence tagger,
//! trained and measured on the locate corpus (data/locate/).

use anyhow::{Context, Result};

use conferral::corpus::motions::{self, Motion};
use conferral::eval::locate_eval::{evaluate, LocateFigures};
use conferral::find::locate::{training_examples, Tagger, TrainOptions};

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
    let f = evaluate(&data, tagger);
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
