//! Calibration: temperature scaling of the model's logit and the choice of the review band
//! (`flag`, `pass`), stored together in `calibration.json`.
//!
//! Decision rule (applied by the decider, `judge::decide`): `prob < flag` -> insufficient,
//! `prob >= pass` -> sufficient, otherwise review.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::error::ModelError;

/// Default share of insufficient statements that must not be passed automatically.
pub const DEFAULT_TARGET_INSUFFICIENT_RECALL: f32 = 0.95;
/// Default precision required of automatic "insufficient" verdicts.
pub const DEFAULT_TARGET_INSUFFICIENT_PRECISION: f32 = 0.9;

const T_MIN: f64 = 0.05;
const T_MAX: f64 = 20.0;

/// Contents of `calibration.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub temperature: f32,
    pub flag: f32,
    pub pass: f32,
    pub target_insufficient_recall: f32,
    /// What the calibration was fitted on (e.g. the dev file's path); free text.
    pub fitted_on: String,
    /// Number of examples it was fitted on.
    pub n: usize,
}

impl Default for Thresholds {
    /// Uncalibrated: temperature 1, a single cut at 0.5 (no review band).
    fn default() -> Self {
        Thresholds {
            temperature: 1.0,
            flag: 0.5,
            pass: 0.5,
            target_insufficient_recall: DEFAULT_TARGET_INSUFFICIENT_RECALL,
            fitted_on: String::new(),
            n: 0,
        }
    }
}

impl Thresholds {
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::CalibrationIo {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| ModelError::CalibrationJson {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Writes pretty-printed JSON (with a trailing newline).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let mut text =
            serde_json::to_string_pretty(self).map_err(|source| ModelError::CalibrationJson {
                path: path.to_path_buf(),
                source,
            })?;
        text.push('\n');
        std::fs::write(path, text).map_err(|source| ModelError::CalibrationIo {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Calibrated probability of sufficient for a raw logit difference.
    pub fn prob(&self, logit: f32) -> f32 {
        apply_temperature(logit, self.temperature)
    }
}

/// The logistic function, stable for large |x| (no overflow of `exp`).
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 {
        x
    } else if x < -30.0 {
        x.exp()
    } else {
        x.exp().ln_1p()
    }
}

/// `sigmoid(logit / t)`: calibrated probability of sufficient. A non-positive or
/// non-finite `t` is treated as 1.
pub fn apply_temperature(logit: f32, t: f32) -> f32 {
    let t = if t.is_finite() && t > 0.0 { t } else { 1.0 };
    sigmoid(f64::from(logit) / f64::from(t)) as f32
}

/// Mean negative log-likelihood of `labels` under `sigmoid(logit / t)`.
pub fn nll(logits: &[f32], labels: &[bool], t: f64) -> f64 {
    if logits.is_empty() {
        return 0.0;
    }
    let s: f64 = logits
        .iter()
        .zip(labels)
        .map(|(&z, &y)| {
            let z = f64::from(z) / t;
            // -log sigmoid(z) = softplus(-z); -log(1 - sigmoid(z)) = softplus(z)
            if y {
                softplus(-z)
            } else {
                softplus(z)
            }
        })
        .sum();
    s / logits.len() as f64
}

/// Temperature `T` minimising the mean NLL of `labels` under `sigmoid(logit / T)`, by
/// golden-section search on `ln T` over `[ln 0.05, ln 20]` (the NLL is convex in `1/T`, hence
/// unimodal in `ln T`). `logits` are logit(sufficient) - logit(insufficient).
///
/// Returns 1.0 (no change) when there is nothing to fit: no examples, a single class, or
/// non-finite logits. Perfectly separated data drive `T` to the lower bound 0.05.
pub fn fit_temperature(logits: &[f32], labels: &[bool]) -> f32 {
    assert_eq!(
        logits.len(),
        labels.len(),
        "fit_temperature: length mismatch"
    );
    let n_pos = labels.iter().filter(|&&l| l).count();
    if n_pos == 0 || n_pos == labels.len() || logits.iter().any(|z| !z.is_finite()) {
        return 1.0;
    }
    if logits.iter().all(|&z| z == 0.0) {
        return 1.0;
    }
    let f = |u: f64| nll(logits, labels, u.exp());
    let inv_phi = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (T_MIN.ln(), T_MAX.ln());
    let mut c = b - inv_phi * (b - a);
    let mut d = a + inv_phi * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..80 {
        if fc <= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - inv_phi * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + inv_phi * (b - a);
            fd = f(d);
        }
        if b - a < 1e-7 {
            break;
        }
    }
    ((a + b) / 2.0).exp() as f32
}

fn clean(p: f32) -> f32 {
    if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.5
    }
}

/// Chooses the review band from calibrated probabilities on held-out data.
///
/// The rule:
/// 1. **pass** (the bar for an automatic "sufficient"): with `m` insufficient examples and
///    `k = ceil(target_insufficient_recall * m)` (at least 1), let `q` be the k-th smallest
///    insufficient score. `pass` is the midpoint between `q` and the next distinct score
///    observed above it (any label; 1.0 if none), so at least `k` insufficient examples score
///    strictly below `pass` — they are caught (insufficient or review) — and `pass` is the
///    smallest such cut up to that midpoint margin. If `q` is already 1.0, `pass` is 1.0 (the
///    target cannot be met by any cut inside [0, 1]).
/// 2. **flag** (the bar for an automatic "insufficient"): the largest cut `f <= pass`, among
///    `pass` itself and midpoints between consecutive distinct observed scores below it, such
///    that the precision of "insufficient" verdicts (`prob < f`) is at least
///    `target_insufficient_precision`. A cut below every score yields no such verdict and
///    is accepted (everything under `pass` goes to review), so a flag always exists. The
///    review band `[flag, pass)` is thus as narrow as the precision target allows.
///
/// Degenerate sets: with no insufficient examples (or no examples at all) the result is the
/// uncalibrated default (`flag = pass = 0.5`); with no sufficient examples `flag = pass`.
/// Ties are handled by working with distinct scores only. Non-finite scores read as 0.5.
///
/// The returned `temperature` is 1.0 and `fitted_on` is empty: the caller sets them (the
/// probabilities passed here should already be temperature-scaled). `n` is `probs.len()`.
pub fn choose_thresholds(
    probs: &[f32],
    labels: &[bool],
    target_insufficient_recall: f32,
    target_insufficient_precision: f32,
) -> Thresholds {
    assert_eq!(
        probs.len(),
        labels.len(),
        "choose_thresholds: length mismatch"
    );
    let base = Thresholds {
        target_insufficient_recall,
        n: probs.len(),
        ..Thresholds::default()
    };
    let probs: Vec<f32> = probs.iter().map(|&p| clean(p)).collect();
    let mut insuff: Vec<f32> = probs
        .iter()
        .zip(labels)
        .filter(|(_, &l)| !l)
        .map(|(&p, _)| p)
        .collect();
    if insuff.is_empty() {
        return base;
    }
    insuff.sort_by(f32::total_cmp);
    let m = insuff.len();
    let target = f64::from(target_insufficient_recall.clamp(0.0, 1.0));
    let k = ((target * m as f64 - 1e-9).ceil() as usize).clamp(1, m);
    let q = insuff[k - 1];

    let mut distinct = probs.clone();
    distinct.sort_by(f32::total_cmp);
    distinct.dedup();
    let pass = if q >= 1.0 {
        1.0
    } else {
        let next = distinct.iter().copied().find(|&p| p > q).unwrap_or(1.0);
        (q + next) / 2.0
    };

    let precision_ok = |f: f32| {
        let (mut hit, mut total) = (0usize, 0usize);
        for (&p, &l) in probs.iter().zip(labels) {
            if p < f {
                total += 1;
                hit += usize::from(!l);
            }
        }
        total == 0 || hit as f64 / total as f64 >= f64::from(target_insufficient_precision)
    };
    let below: Vec<f32> = distinct.iter().copied().filter(|&p| p < pass).collect();
    let mut candidates = vec![pass];
    candidates.extend(below.windows(2).rev().map(|w| (w[0] + w[1]) / 2.0));
    candidates.push(0.0);
    let flag = candidates
        .into_iter()
        .find(|&f| precision_ok(f))
        .unwrap_or(0.0);
    Thresholds { flag, pass, ..base }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    #[test]
    fn temperature_recovers_known_value() {
        let mut rng = StdRng::seed_from_u64(7);
        let t0 = 2.5f64;
        let mut logits = Vec::new();
        let mut labels = Vec::new();
        for _ in 0..20_000 {
            let z: f64 = rng.random_range(-12.0..12.0);
            let y = rng.random::<f64>() < sigmoid(z / t0);
            logits.push(z as f32);
            labels.push(y);
        }
        let t = fit_temperature(&logits, &labels);
        assert!((f64::from(t) - t0).abs() < 0.15, "fitted {t}, true {t0}");
        assert!(nll(&logits, &labels, f64::from(t)) <= nll(&logits, &labels, 1.0));
    }

    #[test]
    fn temperature_degenerate_cases() {
        assert_eq!(fit_temperature(&[], &[]), 1.0);
        assert_eq!(fit_temperature(&[1.0, 2.0], &[true, true]), 1.0);
        assert_eq!(fit_temperature(&[0.0, 0.0], &[true, false]), 1.0);
        // perfectly separated: as sharp as allowed
        let t = fit_temperature(&[-3.0, 3.0], &[false, true]);
        assert!(t < 0.06, "{t}");
        // overconfident wrong-ish data: flatten
        let t = fit_temperature(&[-5.0, 5.0, -5.0, 5.0], &[false, true, true, false]);
        assert!(t > 19.0, "{t}");
    }

    #[test]
    fn apply_temperature_basics() {
        assert_eq!(apply_temperature(0.0, 3.0), 0.5);
        assert!((apply_temperature(2.0, 2.0) - 0.731_058_6).abs() < 1e-6);
        assert!(apply_temperature(-100.0, 1.0) < 1e-6);
        assert_eq!(apply_temperature(1.0, 0.0), apply_temperature(1.0, 1.0));
    }

    #[test]
    fn thresholds_ties_and_one_class() {
        // all tied
        let th = choose_thresholds(
            &[0.5; 6],
            &[true, false, true, false, true, false],
            0.95,
            0.9,
        );
        assert_eq!(th.pass, 0.75);
        assert_eq!(th.flag, 0.0);
        // only insufficient: everything flagged, no band
        let th = choose_thresholds(&[0.1, 0.2, 0.3], &[false; 3], 0.95, 0.9);
        assert!(th.pass > 0.3 && th.flag == th.pass, "{th:?}");
        // only sufficient / empty: default
        let th = choose_thresholds(&[0.7, 0.9], &[true, true], 0.95, 0.9);
        assert_eq!((th.flag, th.pass), (0.5, 0.5));
        let th = choose_thresholds(&[], &[], 0.95, 0.9);
        assert_eq!((th.flag, th.pass, th.n), (0.5, 0.5, 0));
        // insufficient at 1.0: pass cannot exceed 1
        let th = choose_thresholds(&[1.0, 0.2], &[false, true], 0.95, 0.9);
        assert_eq!(th.pass, 1.0);
        // perfectly separated: empty band between the classes
        let th = choose_thresholds(
            &[0.1, 0.2, 0.8, 0.9],
            &[false, false, true, true],
            0.95,
            0.9,
        );
        assert_eq!(th.pass, 0.5);
        assert_eq!(th.flag, 0.5);
    }

    #[test]
    fn save_load_round_trip_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("calibration.json");
        let th = Thresholds {
            temperature: 1.7,
            flag: 0.2,
            pass: 0.8,
            target_insufficient_recall: 0.95,
            fitted_on: "dev.jsonl".into(),
            n: 120,
        };
        th.save(&p).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "fitted_on",
                "flag",
                "n",
                "pass",
                "target_insufficient_recall",
                "temperature"
            ]
        );
        assert_eq!(Thresholds::load(&p).unwrap(), th);
        let missing = dir.path().join("nope.json");
        let e = Thresholds::load(&missing).unwrap_err().to_string();
        assert!(e.contains("nope.json"), "{e}");
        std::fs::write(&p, "{").unwrap();
        let e = Thresholds::load(&p).unwrap_err().to_string();
        assert!(e.contains("calibration.json"), "{e}");
    }
}
