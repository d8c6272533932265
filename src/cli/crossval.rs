//! `conferral crossval`: k-fold cross-validation of a training recipe.

use anyhow::Result;

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
    let mut oof: Vec<Oof> = Vec::new();
    for k in 0..a.folds {
        let fold_path = a.out.join(format!("fold{k}.jsonl"));
        // Resumable: a finished fold is read back, not retrained.
        if let Ok(done) = std::fs::read_to_string(&fold_path) {
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
        let trainee = fit(&train, &dev, &a.base, &cfg)?;
        let dir = a.out.join(format!("model{k}"));
        trainee.save(&dir)?;
        let model = Model::load_dir(&dir)?;
        let preds = evaluate::predict(&model, &test, 32)?;
        let (tfidf, checklist) = evaluate::baseline_probs(&train, &test);
        let rows: Vec<Oof> = test
            .iter()
            .enumerate()
            .map(|(i, e)| Oof {
                id: e.id.clone(),
                fold: k,
                label: e.label,
                margin: preds.margins[i],
                tfidf: tfidf[i],
                checklist: checklist[i],
            })
            .collect();
        let text = rows
            .iter()
            .map(|r| serde_json::to_string(r).map(|s| s + "\n"))
            .collect::<Result<String, _>>()?;
        std::fs::write(&fold_path, text)?;
        // Fold models are large and reproducible: keep only their predictions.
        std::fs::remove_dir_all(&dir)?;
        oof.extend(rows);
    }
    let by_id: std::collections::HashMap<&str, &Oof> =
        oof.iter().map(|o| (o.id.as_str(), o)).collect();
    let ordered: Vec<&Oof> = real.iter().map(|e| by_id[e.id.as_str()]).collect();
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
        "real": a.real, "folds": a.folds, "synthetic": synthetic.len(), "hyper": cfg,
        "calibration_from_oof": th,
        "transformer_raw": conferral::eval::metrics::compute_metrics(&raw, &labels, 0.5, 0.5),
        "transformer_calibrated": conferral::eval::metrics::compute_metrics(&cal, &labels, th.flag, th.pass),
        "tfidf_logreg": conferral::eval::metrics::compute_metrics(&tfidf, &labels, 0.5, 0.5),
        "checklist": conferral::eval::metrics::compute_metrics(&checklist, &labels, 0.5, 0.5),
        // A reference, not a scorer: how far length alone ranks the real statements.
        "word_count_auc_roc": conferral::eval::metrics::auc_roc(&words, &labels),
        "per_fold": per_fold,
        "report_calibrated": evaluate::report(&real, &cal, th.flag, th.pass),
    });
    th.save(&a.out.join("calibration.json"))?;
    let path = a.out.join("summary.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary)?)?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    eprintln!("wrote {}", path.display());
    Ok(0)
}
