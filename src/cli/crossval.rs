//! `conferral crossval`: k-fold cross-validation of a training recipe.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};

use conferral::corpus::dataset::{self, Example};
use conferral::eval::evaluate;
use conferral::model::classifier::Model;

use crate::cli::args::*;
use crate::cli::train::{attach_elements, fit, train_config};

/// One held-out prediction of the cross-validation.
#[derive(serde::Serialize, serde::Deserialize)]
struct Oof {
    id: String,
    fold: usize,
    label: dataset::Label,
    margin: f32,
    tfidf: f32,
    checklist: f32,
}

pub(super) fn crossval(a: CrossvalArgs) -> Result<i32> {
    let mut real = dataset::read_many(&a.real)?;
    attach_elements(&mut real, &a.hyper.elements)?;
    let mut synthetic = dataset::read_many(&a.synthetic)?;
    if let Some(n) = a.synthetic_limit {
        synthetic.truncate(n);
    }
    let dev = dataset::read_many(&a.dev)?;
    std::fs::create_dir_all(&a.out)?;
    let cfg = train_config(&a.hyper);
    let folds = dataset::group_folds(&real, a.folds, a.hyper.seed);
    write_plan(&a.out.join("folds.jsonl"), &real, &folds)?;
    if a.plan_only {
        eprintln!("wrote {}", a.out.join("folds.jsonl").display());
        return Ok(0);
    }
    let outside = a
        .margins_from
        .as_deref()
        .map(|p| read_margins(p, &real, &folds))
        .transpose()?;
    let mut oof: Vec<Oof> = Vec::new();
    for k in 0..a.folds {
        let fold_path = a.out.join(format!("fold{k}.jsonl"));
        // Resumable: a finished fold is read back, not retrained.
        if let (None, Ok(done)) = (&outside, std::fs::read_to_string(&fold_path)) {
            let rows: Vec<Oof> = done
                .lines()
                .map(serde_json::from_str)
                .collect::<Result<_, _>>()?;
            eprintln!("fold {k}: reusing {}", fold_path.display());
            oof.extend(rows);
            continue;
        }
        let test: Vec<Example> = real
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f == k)
            .map(|(e, _)| e.clone())
            .collect();
        let mut train: Vec<Example> = real
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f != k)
            .map(|(e, _)| e.clone())
            .collect();
        train.extend(synthetic.iter().cloned());
        eprintln!(
            "fold {k}: train {} (real {}), test {}",
            train.len(),
            train.len() - synthetic.len(),
            test.len()
        );
        let margins: Vec<f32> = match &outside {
            Some(m) => (0..real.len())
                .filter(|&i| folds[i] == k)
                .map(|i| m[i])
                .collect(),
            None => {
                let trainee = fit(&train, &dev, &a.base, &cfg)?;
                let dir = a.out.join(format!("model{k}"));
                trainee.save(&dir)?;
                let model = Model::load_dir(&dir)?;
                let preds = evaluate::predict(&model, &test, 32)?;
                // Fold models are large and reproducible: keep only their predictions.
                std::fs::remove_dir_all(&dir)?;
                preds.margins
            }
        };
        let (tfidf, checklist) = evaluate::baseline_probs(&train, &test);
        let rows: Vec<Oof> = test
            .iter()
            .enumerate()
            .map(|(i, e)| Oof {
                id: e.id.clone(),
                fold: k,
                label: e.label,
                margin: margins[i],
                tfidf: tfidf[i],
                checklist: checklist[i],
            })
            .collect();
        let text = rows
            .iter()
            .map(|r| serde_json::to_string(r).map(|s| s + "\n"))
            .collect::<Result<String, _>>()?;
        // Margins from elsewhere are not this recipe's: never left to be resumed from.
        if outside.is_none() {
            std::fs::write(&fold_path, text)?;
        }
        oof.extend(rows);
    }
    // Each fold's rows are in the order of its statements in `real` (ids are not unique).
    let mut by_fold: Vec<std::collections::VecDeque<&Oof>> = vec![Default::default(); a.folds];
    for o in &oof {
        match by_fold.get_mut(o.fold) {
            Some(rows) => rows.push_back(o),
            None => bail!(
                "{}: a prediction of fold {} in a {}-fold run",
                o.id,
                o.fold,
                a.folds
            ),
        }
    }
    let ordered: Vec<&Oof> = real
        .iter()
        .zip(&folds)
        .map(|(e, &f)| match by_fold[f].pop_front() {
            Some(o) if o.id == e.id => Ok(o),
            _ => bail!(
                "fold {f}'s predictions in {} do not match the data (at {}): remove them to retrain",
                a.out.display(),
                e.id
            ),
        })
        .collect::<Result<_>>()?;
    // Training used `label`; the held-out predictions may be measured against another field.
    let real = dataset::relabel(real, &a.eval_label)?;
    let labels = evaluate::labels(&real);
    let margins: Vec<f32> = ordered.iter().map(|o| o.margin).collect();
    let raw: Vec<f32> = margins
        .iter()
        .map(|m| conferral::model::calibrate::apply_temperature(*m, 1.0))
        .collect();
    // Thresholds chosen on these same held-out predictions (cross-fitted calibration).
    let th = evaluate::calibrate(
        &margins,
        &labels,
        0.95,
        0.9,
        &format!(
            "{}-fold out-of-fold predictions on {}",
            a.folds,
            a.real
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" + ")
        ),
    );
    let cal: Vec<f32> = margins.iter().map(|m| th.prob(*m)).collect();
    let tfidf: Vec<f32> = ordered.iter().map(|o| o.tfidf).collect();
    let checklist: Vec<f32> = ordered.iter().map(|o| o.checklist).collect();
    let words = evaluate::word_counts(&real);
    // Per fold, every scorer on the same statements: fold-to-fold spread is most of the
    // noise, so comparisons between recipes are read fold by fold.
    let per_fold: Vec<_> = (0..a.folds)
        .map(|k| {
            let idx: Vec<usize> = (0..real.len()).filter(|&i| folds[i] == k).collect();
            let l: Vec<bool> = idx.iter().map(|&i| labels[i]).collect();
            let auc = |s: &[f32]| {
                let p: Vec<f32> = idx.iter().map(|&i| s[i]).collect();
                conferral::eval::metrics::auc_roc(&p, &l)
            };
            serde_json::json!({
                "fold": k, "n": idx.len(), "sufficient": l.iter().filter(|&&b| b).count(),
                "auc_roc": auc(&raw), "tfidf_auc_roc": auc(&tfidf),
                "checklist_auc_roc": auc(&checklist), "word_count_auc_roc": auc(&words),
            })
        })
        .collect();
    let summary = serde_json::json!({
        "real": a.real, "folds": a.folds, "synthetic": synthetic.len(),
        // Margins read from elsewhere were trained by that recipe, not by these settings.
        "hyper": a.margins_from.is_none().then_some(&cfg),
        "calibration_from_oof": th,
        "transformer_raw": conferral::eval::metrics::compute_metrics(&raw, &labels, 0.5, 0.5),
        "transformer_calibrated": conferral::eval::metrics::compute_metrics(&cal, &labels, th.flag, th.pass),
        "tfidf_logreg": conferral::eval::metrics::compute_metrics(&tfidf, &labels, 0.5, 0.5),
        "checklist": conferral::eval::metrics::compute_metrics(&checklist, &labels, 0.5, 0.5),
        // A reference, not a scorer: how far length alone ranks the real statements.
        "word_count_auc_roc": conferral::eval::metrics::auc_roc(&words, &labels),
        "per_fold": per_fold,
        "eval_label": a.eval_label,
        "margins_from": a.margins_from,
        "by": a.by.as_deref().map(|f| by_field(&real, f, &[("transformer", &raw), ("tfidf", &tfidf), ("checklist", &checklist), ("word_count", &words)])),
        "report_calibrated": evaluate::report(&real, &cal, th.flag, th.pass),
    });
    th.save(&a.out.join("calibration.json"))?;
    let path = a.out.join("summary.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary)?)?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    eprintln!("wrote {}", path.display());
    Ok(0)
}

/// The n-th time (from 1) each record's id has appeared: a few real statements share an id
/// (two passages of one opinion), so `(id, occurrence)` names a record.
fn occurrences(real: &[Example]) -> Vec<usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    real.iter()
        .map(|e| {
            let n = seen.entry(e.id.as_str()).or_insert(0);
            *n += 1;
            *n
        })
        .collect()
}

/// `folds.jsonl`: which fold holds each real statement, for training the folds elsewhere.
fn write_plan(path: &std::path::Path, real: &[Example], folds: &[usize]) -> Result<()> {
    let text: String = real
        .iter()
        .zip(occurrences(real))
        .zip(folds)
        .map(|((e, occurrence), f)| {
            serde_json::json!({"id": e.id, "occurrence": occurrence, "group": e.group(), "fold": f})
                .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Held-out margins computed elsewhere, one per real statement in order. Each must come from
/// the fold its statement is held out in: a margin from another fold was trained on it.
fn read_margins(path: &std::path::Path, real: &[Example], folds: &[usize]) -> Result<Vec<f32>> {
    #[derive(serde::Deserialize)]
    struct Row {
        id: String,
        #[serde(default = "first")]
        occurrence: usize,
        fold: usize,
        margin: f32,
    }
    fn first() -> usize {
        1
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = HashMap::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let r: Row = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a margin record", path.display(), i + 1))?;
        rows.insert((r.id.clone(), r.occurrence), r);
    }
    real.iter()
        .zip(occurrences(real))
        .zip(folds)
        .map(|((e, n), &f)| match rows.get(&(e.id.clone(), n)) {
            Some(r) if r.fold == f => Ok(r.margin),
            Some(r) => bail!(
                "{}: {} (occurrence {n}) is held out in fold {f}, but its margin comes from fold {}",
                path.display(),
                e.id,
                r.fold
            ),
            None => bail!(
                "{}: no margin for held-out statement {} (occurrence {n})",
                path.display(),
                e.id
            ),
        })
        .collect()
}

/// Pooled out-of-fold AUC of each scorer per value of `field` (e.g. verbatim certificates
/// against court paraphrases), with the counts that say how far to trust it.
fn by_field(real: &[Example], field: &str, scorers: &[(&str, &Vec<f32>)]) -> serde_json::Value {
    let labels = evaluate::labels(real);
    let mut values: Vec<String> = real.iter().map(|e| field_value(e, field)).collect();
    values.sort();
    values.dedup();
    let groups: serde_json::Map<String, serde_json::Value> = values
        .into_iter()
        .map(|v| {
            let idx: Vec<usize> = (0..real.len())
                .filter(|&i| field_value(&real[i], field) == v)
                .collect();
            let l: Vec<bool> = idx.iter().map(|&i| labels[i]).collect();
            let mut row = serde_json::json!({
                "n": idx.len(),
                "sufficient": l.iter().filter(|&&b| b).count(),
            });
            for (name, s) in scorers {
                let p: Vec<f32> = idx.iter().map(|&i| s[i]).collect();
                row[format!("{name}_auc_roc")] = conferral::eval::metrics::auc_roc(&p, &l).into();
            }
            (v, row)
        })
        .collect();
    serde_json::json!({ "field": field, "groups": groups })
}

fn field_value(e: &Example, field: &str) -> String {
    match e.extra.get(field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "(none)".to_string(),
    }
}
