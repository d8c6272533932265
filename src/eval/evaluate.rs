//! Evaluation, calibration and cross-validation on labeled statements: the glue between the
//! model, the metrics, the baselines and the calibration maths.

use serde::Serialize;

use crate::corpus::dataset::{Example, ELEMENTS};
use crate::eval::baselines::{Checklist, TfidfLogReg};
use crate::eval::metrics::{compute_metrics, evaluate, EvalReport, Metrics};
use crate::model::calibrate::{choose_thresholds, fit_temperature, Thresholds};
use crate::model::classifier::Model;
use crate::model::error::ModelError;

/// Model outputs for labeled examples, aligned with them.
pub struct Predictions {
    /// Logit margins (sufficient minus insufficient), before temperature.
    pub margins: Vec<f32>,
    /// Calibrated probabilities of sufficient (the model's own temperature).
    pub probs: Vec<f32>,
    /// Element probabilities.
    pub elements: Vec<[f32; 6]>,
}

pub fn predict(
    model: &Model,
    examples: &[Example],
    batch: usize,
) -> Result<Predictions, ModelError> {
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let scored = model.score_texts(&texts, batch)?;
    Ok(Predictions {
        margins: scored.iter().map(|s| s.margin).collect(),
        probs: scored.iter().map(|s| s.prob).collect(),
        elements: scored.iter().map(|s| s.elements).collect(),
    })
}

pub fn labels(examples: &[Example]) -> Vec<bool> {
    examples.iter().map(|e| e.label.is_sufficient()).collect()
}

/// The full report with breakdowns by court and by label source.
pub fn report(examples: &[Example], probs: &[f32], flag: f32, pass: f32) -> EvalReport {
    let ids: Vec<String> = examples.iter().map(|e| e.id.clone()).collect();
    let texts: Vec<String> = examples.iter().map(|e| e.text.clone()).collect();
    let groups = vec![
        (
            "court",
            examples.iter().map(|e| e.court().to_string()).collect(),
        ),
        (
            "label_source",
            examples
                .iter()
                .map(|e| e.label_source().to_string())
                .collect(),
        ),
    ];
    evaluate(&ids, probs, &labels(examples), &groups, &texts, flag, pass)
}

/// Precision and recall of one element detector against annotated examples.
#[derive(Debug, Serialize)]
pub struct ElementScore {
    pub element: &'static str,
    pub support: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

/// Element-head quality on the examples that carry element annotations.
pub fn element_scores(examples: &[Example], elements: &[[f32; 6]]) -> Vec<ElementScore> {
    (0..ELEMENTS.len())
        .map(|k| {
            let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
            for (ex, p) in examples.iter().zip(elements) {
                let Some(truth) = ex.elements() else { continue };
                match (p[k] >= 0.5, truth[k]) {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fneg += 1,
                    _ => {}
                }
            }
            let ratio = |a: usize, b: usize| (a + b > 0).then(|| a as f64 / (a + b) as f64);
            ElementScore {
                element: ELEMENTS[k],
                support: tp + fneg,
                precision: ratio(tp, fp),
                recall: ratio(tp, fneg),
            }
        })
        .collect()
}

/// Baseline metrics on `test`, fitted on `train`.
#[derive(Debug, Serialize)]
pub struct BaselineResults {
    pub tfidf_logreg: Metrics,
    pub checklist: Metrics,
    /// The statement's length alone (a monotone score, so only its ranking, the AUC, is
    /// meaningful): the reference any model must beat.
    pub word_count: Metrics,
}

/// Word count as a score in (0, 1): longer statements rank as more likely sufficient.
pub fn word_counts(examples: &[Example]) -> Vec<f32> {
    examples
        .iter()
        .map(|e| {
            let n = e.text.split_whitespace().count() as f32;
            n / (n + 100.0)
        })
        .collect()
}

/// Probabilities of both baselines, fitted on `train`, for `test`.
pub fn baseline_probs(train: &[Example], test: &[Example]) -> (Vec<f32>, Vec<f32>) {
    let tfidf = TfidfLogReg::fit(train);
    let checklist = Checklist::new();
    (
        test.iter().map(|e| tfidf.predict_proba(&e.text)).collect(),
        test.iter()
            .map(|e| checklist.predict_proba(&e.text))
            .collect(),
    )
}

pub fn baselines(train: &[Example], test: &[Example], flag: f32, pass: f32) -> BaselineResults {
    let (t, c) = baseline_probs(train, test);
    let l = labels(test);
    BaselineResults {
        tfidf_logreg: compute_metrics(&t, &l, flag, pass),
        checklist: compute_metrics(&c, &l, flag, pass),
        word_count: compute_metrics(&word_counts(test), &l, flag, pass),
    }
}

/// Fits temperature scaling on the margins and chooses thresholds on the calibrated
/// probabilities: `pass` keeps `target_recall` of insufficient statements from passing,
/// `flag` keeps `insufficient` verdicts at `target_precision`.
pub fn calibrate(
    margins: &[f32],
    labels: &[bool],
    target_recall: f32,
    target_precision: f32,
    fitted_on: &str,
) -> Thresholds {
    let t = fit_temperature(margins, labels);
    let probs: Vec<f32> = margins
        .iter()
        .map(|m| crate::model::calibrate::apply_temperature(*m, t))
        .collect();
    let mut th = choose_thresholds(&probs, labels, target_recall, target_precision);
    th.temperature = t;
    th.fitted_on = fitted_on.to_string();
    th.n = labels.len();
    th
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::dataset::Label;

    fn ex(text: &str, label: Label, elements: [bool; 6]) -> Example {
        let m: serde_json::Map<String, serde_json::Value> = ELEMENTS
            .iter()
            .zip(elements)
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        let mut extra = serde_json::Map::new();
        extra.insert("elements".into(), m.into());
        Example {
            id: text.into(),
            text: text.into(),
            label,
            extra,
        }
    }

    #[test]
    fn element_scores_count_only_annotated_examples() {
        let data = vec![
            ex("a", Label::Sufficient, [true; 6]),
            ex("b", Label::Insufficient, [false; 6]),
        ];
        let preds = [[0.9; 6], [0.9, 0.1, 0.1, 0.1, 0.1, 0.1]];
        let s = element_scores(&data, &preds);
        assert_eq!(s[0].support, 1);
        assert_eq!(s[0].precision, Some(0.5));
        assert_eq!(s[0].recall, Some(1.0));
        assert_eq!(s[1].precision, Some(1.0));
    }

    #[test]
    fn calibration_keeps_the_recall_target() {
        let margins: Vec<f32> = (0..40).map(|i| i as f32 / 4.0 - 5.0).collect();
        let labels: Vec<bool> = (0..40).map(|i| i >= 20).collect();
        let th = calibrate(&margins, &labels, 0.95, 0.9, "toy");
        assert_eq!(th.n, 40);
        let caught = margins
            .iter()
            .zip(&labels)
            .filter(|(m, l)| !**l && th.prob(**m) < th.pass)
            .count();
        assert!(caught as f32 >= 0.95 * 20.0, "{caught}");
        assert!(th.flag <= th.pass);
    }
}
