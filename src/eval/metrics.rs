//! Evaluation metrics for the binary verdict "sufficient" vs "insufficient".
//!
//! Conventions used throughout:
//! - `probs[i]` is the model's probability that statement `i` is **sufficient**;
//!   `labels[i]` is `true` when it is sufficient.
//! - At a single decision threshold `t`, an item is predicted sufficient when `prob >= t`.
//! - With the review band (`flag`, `pass`): `prob < flag` -> insufficient,
//!   `prob >= pass` -> sufficient, otherwise -> review (a human looks at it).
//! - Undefined quantities (AUC with one class absent, precision with no predictions, ...)
//!   are `None`, which serialises as JSON `null`: no report ever contains NaN.
//! - Non-finite probabilities are read as 0.5 and all probabilities are clamped to [0, 1].

use std::collections::BTreeMap;

use serde::Serialize;

/// Number of equal-width bins for the expected calibration error and reliability diagram.
pub const CALIBRATION_BINS: usize = 10;

/// A threshold above every (clamped) score: the start of a ROC curve.
pub const ABOVE_ALL: f64 = 1.000_001;

/// Length of the text snippet kept for each disagreement, in characters.
pub const SNIPPET_CHARS: usize = 240;

fn clean(p: f32) -> f64 {
    if p.is_finite() {
        f64::from(p).clamp(0.0, 1.0)
    } else {
        0.5
    }
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn check_lengths(probs: &[f32], labels: &[bool]) {
    assert_eq!(
        probs.len(),
        labels.len(),
        "metrics: {} probabilities but {} labels",
        probs.len(),
        labels.len()
    );
}

/// Three-way decision with the review band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Insufficient,
    Review,
    Sufficient,
}

/// `prob < flag` -> insufficient, `prob >= pass` -> sufficient, otherwise review.
/// (If `flag > pass`, the insufficient rule wins for items in between.)
pub fn verdict(prob: f32, flag: f32, pass: f32) -> Verdict {
    let p = clean(prob);
    if p < f64::from(flag) {
        Verdict::Insufficient
    } else if p >= f64::from(pass) {
        Verdict::Sufficient
    } else {
        Verdict::Review
    }
}

/// Area under the ROC curve via the Mann-Whitney U statistic, with tied scores given their
/// average rank (a tie between a positive and a negative counts one half).
/// `None` when either class is absent.
pub fn auc_roc(probs: &[f32], labels: &[bool]) -> Option<f64> {
    check_lengths(probs, labels);
    let n_pos = labels.iter().filter(|&&l| l).count();
    let n_neg = labels.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut idx: Vec<usize> = (0..probs.len()).collect();
    idx.sort_by(|&a, &b| clean(probs[a]).total_cmp(&clean(probs[b])));
    let mut rank_sum_pos = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let v = clean(probs[idx[i]]);
        let mut j = i;
        while j < idx.len() && clean(probs[idx[j]]) == v {
            j += 1;
        }
        // ranks i+1 ..= j share the average rank
        let avg_rank = (i + 1 + j) as f64 / 2.0;
        let pos_in_group = idx[i..j].iter().filter(|&&k| labels[k]).count();
        rank_sum_pos += avg_rank * pos_in_group as f64;
        i = j;
    }
    let u = rank_sum_pos - (n_pos * (n_pos + 1)) as f64 / 2.0;
    Some(u / (n_pos as f64 * n_neg as f64))
}

/// Items sorted by descending score, grouped by distinct score:
/// returns cumulative (true positives, false positives, score) after each group.
fn cumulative_by_threshold(scores: &[f64], positive: &[bool]) -> Vec<(usize, usize, f64)> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0, 0);
    let mut i = 0;
    while i < idx.len() {
        let v = scores[idx[i]];
        while i < idx.len() && scores[idx[i]] == v {
            if positive[idx[i]] {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        out.push((tp, fp, v));
    }
    out
}

/// Average precision (area under the precision-recall curve, step-wise as in scikit-learn):
/// `sum_k (R_k - R_{k-1}) * P_k` over distinct score thresholds, tied scores entering
/// together. `scores` rank items by how strongly they are predicted `positive`.
/// `None` when there are no positives.
pub fn average_precision(scores: &[f32], positive: &[bool]) -> Option<f64> {
    check_lengths(scores, positive);
    let n_pos = positive.iter().filter(|&&l| l).count();
    if n_pos == 0 {
        return None;
    }
    let s: Vec<f64> = scores.iter().map(|&p| clean(p)).collect();
    let mut ap = 0.0;
    let mut prev_recall = 0.0;
    for (tp, fp, _) in cumulative_by_threshold(&s, positive) {
        let recall = tp as f64 / n_pos as f64;
        let precision = tp as f64 / (tp + fp) as f64;
        ap += (recall - prev_recall) * precision;
        prev_recall = recall;
    }
    Some(ap)
}

/// PR-AUC (average precision) with "sufficient" as the positive class.
pub fn pr_auc_sufficient(probs: &[f32], labels: &[bool]) -> Option<f64> {
    average_precision(probs, labels)
}

/// PR-AUC (average precision) with "insufficient" as the positive class (score `1 - prob`).
pub fn pr_auc_insufficient(probs: &[f32], labels: &[bool]) -> Option<f64> {
    let s: Vec<f32> = probs.iter().map(|&p| 1.0 - clean(p) as f32).collect();
    let neg: Vec<bool> = labels.iter().map(|&l| !l).collect();
    average_precision(&s, &neg)
}

/// A point on a ROC curve (`x` = false-positive rate, `y` = true-positive rate) or on a PR
/// curve (`x` = recall, `y` = precision); `threshold` is the score at or above which items
/// are called positive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub threshold: f64,
    pub x: f64,
    pub y: f64,
}

/// ROC curve for "sufficient" as positive, one point per distinct score, from (0, 0) to
/// (1, 1). The first point, (0, 0), means "nothing called sufficient" and carries
/// [`ABOVE_ALL`] as its threshold (scores are clamped to [0, 1]). Empty when a class is
/// absent.
pub fn roc_curve(probs: &[f32], labels: &[bool]) -> Vec<CurvePoint> {
    check_lengths(probs, labels);
    let n_pos = labels.iter().filter(|&&l| l).count();
    let n_neg = labels.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return Vec::new();
    }
    let s: Vec<f64> = probs.iter().map(|&p| clean(p)).collect();
    let mut out = vec![CurvePoint {
        threshold: ABOVE_ALL,
        x: 0.0,
        y: 0.0,
    }];
    for (tp, fp, t) in cumulative_by_threshold(&s, labels) {
        out.push(CurvePoint {
            threshold: t,
            x: fp as f64 / n_neg as f64,
            y: tp as f64 / n_pos as f64,
        });
    }
    out
}

/// Precision-recall curve with `positive` as the positive class and `scores` ranking it,
/// one point per distinct score (recall increasing). Empty when there are no positives.
pub fn pr_curve(scores: &[f32], positive: &[bool]) -> Vec<CurvePoint> {
    check_lengths(scores, positive);
    let n_pos = positive.iter().filter(|&&l| l).count();
    if n_pos == 0 {
        return Vec::new();
    }
    let s: Vec<f64> = scores.iter().map(|&p| clean(p)).collect();
    cumulative_by_threshold(&s, positive)
        .into_iter()
        .map(|(tp, fp, t)| CurvePoint {
            threshold: t,
            x: tp as f64 / n_pos as f64,
            y: tp as f64 / (tp + fp) as f64,
        })
        .collect()
}

/// PR curve for the sufficient class (score = prob).
pub fn pr_curve_sufficient(probs: &[f32], labels: &[bool]) -> Vec<CurvePoint> {
    pr_curve(probs, labels)
}

/// PR curve for the insufficient class (score = 1 - prob; `threshold` is in that score).
pub fn pr_curve_insufficient(probs: &[f32], labels: &[bool]) -> Vec<CurvePoint> {
    let s: Vec<f32> = probs.iter().map(|&p| 1.0 - clean(p) as f32).collect();
    let neg: Vec<bool> = labels.iter().map(|&l| !l).collect();
    pr_curve(&s, &neg)
}

/// One bin of a reliability diagram: items with `lo <= prob < hi` (the last bin includes 1.0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ReliabilityBin {
    pub lo: f64,
    pub hi: f64,
    pub count: usize,
    /// Mean predicted probability of sufficient in the bin (`None` when empty).
    pub mean_prob: Option<f64>,
    /// Observed share of sufficient items in the bin (`None` when empty).
    pub frac_sufficient: Option<f64>,
}

/// `n_bins` equal-width bins over [0, 1].
pub fn reliability_bins(probs: &[f32], labels: &[bool], n_bins: usize) -> Vec<ReliabilityBin> {
    check_lengths(probs, labels);
    let n_bins = n_bins.max(1);
    let mut count = vec![0usize; n_bins];
    let mut sum_p = vec![0.0f64; n_bins];
    let mut pos = vec![0usize; n_bins];
    for (&p, &l) in probs.iter().zip(labels) {
        let p = clean(p);
        let b = ((p * n_bins as f64) as usize).min(n_bins - 1);
        count[b] += 1;
        sum_p[b] += p;
        pos[b] += usize::from(l);
    }
    (0..n_bins)
        .map(|b| ReliabilityBin {
            lo: b as f64 / n_bins as f64,
            hi: (b + 1) as f64 / n_bins as f64,
            count: count[b],
            mean_prob: (count[b] > 0).then(|| sum_p[b] / count[b] as f64),
            frac_sufficient: ratio(pos[b], count[b]),
        })
        .collect()
}

/// Expected calibration error over `n_bins` equal-width bins: the count-weighted mean of
/// |mean prob - observed frequency|. `None` for an empty set.
pub fn expected_calibration_error(probs: &[f32], labels: &[bool], n_bins: usize) -> Option<f64> {
    if probs.is_empty() {
        return None;
    }
    let n = probs.len() as f64;
    let e = reliability_bins(probs, labels, n_bins)
        .iter()
        .filter_map(|b| Some(b.count as f64 / n * (b.mean_prob? - b.frac_sufficient?).abs()))
        .sum();
    Some(e)
}

/// Mean squared error of the probability against the 0/1 label. `None` for an empty set.
pub fn brier_score(probs: &[f32], labels: &[bool]) -> Option<f64> {
    check_lengths(probs, labels);
    if probs.is_empty() {
        return None;
    }
    let s: f64 = probs
        .iter()
        .zip(labels)
        .map(|(&p, &l)| (clean(p) - f64::from(u8::from(l))).powi(2))
        .sum();
    Some(s / probs.len() as f64)
}

/// Confusion matrix with "sufficient" as the positive class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// label sufficient, predicted sufficient
    pub tp: usize,
    /// label insufficient, predicted sufficient
    pub fp: usize,
    /// label insufficient, predicted insufficient
    pub tn: usize,
    /// label sufficient, predicted insufficient
    pub fn_: usize,
}

impl Confusion {
    /// Predicted sufficient when `prob >= threshold`.
    pub fn at_threshold(probs: &[f32], labels: &[bool], threshold: f32) -> Self {
        check_lengths(probs, labels);
        let mut c = Confusion::default();
        for (&p, &l) in probs.iter().zip(labels) {
            c.add(l, clean(p) >= f64::from(threshold));
        }
        c
    }
    fn add(&mut self, label: bool, predicted: bool) {
        match (label, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    pub fn total(&self) -> usize {
        self.tp + self.fp + self.tn + self.fn_
    }
    /// Mean of the two class recalls; `None` if a class is absent.
    pub fn balanced_accuracy(&self) -> Option<f64> {
        Some((ratio(self.tp, self.tp + self.fn_)? + ratio(self.tn, self.tn + self.fp)?) / 2.0)
    }
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.tp + self.tn, self.total())
    }
}

/// Precision, recall and F1 for one class.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClassMetrics {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    /// Number of items whose label is this class.
    pub support: usize,
}

impl ClassMetrics {
    /// `hits` = items of the class predicted as it, `predicted` = items predicted as the
    /// class, `support` = items of the class.
    fn new(hits: usize, predicted: usize, support: usize) -> Self {
        let precision = ratio(hits, predicted);
        let recall = ratio(hits, support);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        ClassMetrics {
            precision,
            recall,
            f1,
            support,
        }
    }
}

/// Metrics at a single decision threshold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThresholdMetrics {
    pub threshold: f64,
    pub confusion: Confusion,
    pub accuracy: Option<f64>,
    pub balanced_accuracy: Option<f64>,
    pub sufficient: ClassMetrics,
    pub insufficient: ClassMetrics,
}

pub fn threshold_metrics(probs: &[f32], labels: &[bool], threshold: f32) -> ThresholdMetrics {
    let c = Confusion::at_threshold(probs, labels, threshold);
    ThresholdMetrics {
        threshold: f64::from(threshold),
        confusion: c,
        accuracy: c.accuracy(),
        balanced_accuracy: c.balanced_accuracy(),
        sufficient: ClassMetrics::new(c.tp, c.tp + c.fp, c.tp + c.fn_),
        insufficient: ClassMetrics::new(c.tn, c.tn + c.fn_, c.tn + c.fp),
    }
}

/// Counts of verdicts for items of one label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    pub insufficient: usize,
    pub review: usize,
    pub sufficient: usize,
}

/// Metrics with the review band.
///
/// Precision is over the items given that verdict (review items are in neither class's
/// predictions); recall is over **all** items of the class, so an item sent to review counts
/// as not recalled automatically. `insufficient_caught` is the share of insufficient items
/// that were not passed (verdict insufficient or review), the quantity the `pass` threshold
/// is chosen to keep high. `decided_confusion`/`decided_balanced_accuracy` cover only the
/// non-review items.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BandMetrics {
    pub flag: f64,
    pub pass: f64,
    pub n_review: usize,
    pub review_share: Option<f64>,
    /// Verdict counts for items labelled sufficient.
    pub label_sufficient: VerdictCounts,
    /// Verdict counts for items labelled insufficient.
    pub label_insufficient: VerdictCounts,
    pub sufficient: ClassMetrics,
    pub insufficient: ClassMetrics,
    pub insufficient_caught: Option<f64>,
    /// Balanced accuracy with review counted as flagged (a clerk looks at it): the mean of
    /// the share of sufficient items passed and the share of insufficient items caught.
    pub balanced_accuracy_review_flagged: Option<f64>,
    pub decided_confusion: Confusion,
    pub decided_balanced_accuracy: Option<f64>,
}

pub fn band_metrics(probs: &[f32], labels: &[bool], flag: f32, pass: f32) -> BandMetrics {
    check_lengths(probs, labels);
    let mut ls = VerdictCounts::default();
    let mut li = VerdictCounts::default();
    let mut decided = Confusion::default();
    for (&p, &l) in probs.iter().zip(labels) {
        let v = verdict(p, flag, pass);
        let counts = if l { &mut ls } else { &mut li };
        match v {
            Verdict::Insufficient => counts.insufficient += 1,
            Verdict::Review => counts.review += 1,
            Verdict::Sufficient => counts.sufficient += 1,
        }
        if v != Verdict::Review {
            decided.add(l, v == Verdict::Sufficient);
        }
    }
    let n_suff = ls.insufficient + ls.review + ls.sufficient;
    let n_insuff = li.insufficient + li.review + li.sufficient;
    let n_review = ls.review + li.review;
    BandMetrics {
        flag: f64::from(flag),
        pass: f64::from(pass),
        n_review,
        review_share: ratio(n_review, probs.len()),
        label_sufficient: ls,
        label_insufficient: li,
        sufficient: ClassMetrics::new(ls.sufficient, ls.sufficient + li.sufficient, n_suff),
        insufficient: ClassMetrics::new(
            li.insufficient,
            li.insufficient + ls.insufficient,
            n_insuff,
        ),
        insufficient_caught: ratio(li.insufficient + li.review, n_insuff),
        balanced_accuracy_review_flagged: ratio(ls.sufficient, n_suff)
            .zip(ratio(li.insufficient + li.review, n_insuff))
            .map(|(a, b)| (a + b) / 2.0),
        decided_confusion: decided,
        decided_balanced_accuracy: decided.balanced_accuracy(),
    }
}

/// Summary metrics of one set of items (overall or one group).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    pub n: usize,
    pub n_sufficient: usize,
    pub n_insufficient: usize,
    pub auc_roc: Option<f64>,
    pub pr_auc_sufficient: Option<f64>,
    pub pr_auc_insufficient: Option<f64>,
    pub brier: Option<f64>,
    pub ece: Option<f64>,
    /// Single decision threshold 0.5.
    pub at_half: ThresholdMetrics,
    /// With the review band.
    pub band: BandMetrics,
}

pub fn compute_metrics(probs: &[f32], labels: &[bool], flag: f32, pass: f32) -> Metrics {
    check_lengths(probs, labels);
    let n_sufficient = labels.iter().filter(|&&l| l).count();
    Metrics {
        n: labels.len(),
        n_sufficient,
        n_insufficient: labels.len() - n_sufficient,
        auc_roc: auc_roc(probs, labels),
        pr_auc_sufficient: pr_auc_sufficient(probs, labels),
        pr_auc_insufficient: pr_auc_insufficient(probs, labels),
        brier: brier_score(probs, labels),
        ece: expected_calibration_error(probs, labels, CALIBRATION_BINS),
        at_half: threshold_metrics(probs, labels, 0.5),
        band: band_metrics(probs, labels, flag, pass),
    }
}

/// Curve data for plots.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Curves {
    pub roc: Vec<CurvePoint>,
    pub pr_sufficient: Vec<CurvePoint>,
    pub pr_insufficient: Vec<CurvePoint>,
    pub reliability: Vec<ReliabilityBin>,
}

pub fn curves(probs: &[f32], labels: &[bool]) -> Curves {
    Curves {
        roc: roc_curve(probs, labels),
        pr_sufficient: pr_curve_sufficient(probs, labels),
        pr_insufficient: pr_curve_insufficient(probs, labels),
        reliability: reliability_bins(probs, labels, CALIBRATION_BINS),
    }
}

/// An item whose prediction at 0.5 disagrees with its label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub id: String,
    /// "sufficient" or "insufficient"
    pub label: &'static str,
    pub prob: f64,
    /// Verdict with the review band.
    pub verdict: Verdict,
    /// The first [`SNIPPET_CHARS`] characters of the text, whitespace collapsed.
    pub snippet: String,
}

/// Everything `conferral eval` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvalReport {
    pub flag: f64,
    pub pass: f64,
    pub overall: Metrics,
    /// group key (e.g. "court") -> group value (e.g. "D. Kan.") -> metrics.
    pub by_group: BTreeMap<String, BTreeMap<String, Metrics>>,
    pub curves: Curves,
    /// Misclassified at 0.5, most confident errors first.
    pub disagreements: Vec<Disagreement>,
}

/// Collapses whitespace and keeps the first `max_chars` characters (with "…" if cut).
pub fn snippet(text: &str, max_chars: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        collapsed
    } else {
        let mut s: String = collapsed.chars().take(max_chars).collect();
        s.push('…');
        s
    }
}

/// Builds the full evaluation report.
///
/// `groups` holds, for each breakdown key, one value per item (e.g.
/// `("court", courts)`, `("label_source", sources)`). All slices must have the same length
/// (panics otherwise: a caller bug).
pub fn evaluate(
    ids: &[String],
    probs: &[f32],
    labels: &[bool],
    groups: &[(&str, Vec<String>)],
    texts: &[String],
    flag: f32,
    pass: f32,
) -> EvalReport {
    check_lengths(probs, labels);
    assert_eq!(
        ids.len(),
        labels.len(),
        "evaluate: ids and labels differ in length"
    );
    assert_eq!(
        texts.len(),
        labels.len(),
        "evaluate: texts and labels differ in length"
    );
    let mut by_group = BTreeMap::new();
    for (key, values) in groups {
        assert_eq!(
            values.len(),
            labels.len(),
            "evaluate: group {key:?} has {} values for {} items",
            values.len(),
            labels.len()
        );
        let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            members.entry(v.as_str()).or_default().push(i);
        }
        let per_value = members
            .into_iter()
            .map(|(v, idx)| {
                let p: Vec<f32> = idx.iter().map(|&i| probs[i]).collect();
                let l: Vec<bool> = idx.iter().map(|&i| labels[i]).collect();
                (v.to_string(), compute_metrics(&p, &l, flag, pass))
            })
            .collect();
        by_group.insert(key.to_string(), per_value);
    }
    let mut disagreements: Vec<Disagreement> = (0..labels.len())
        .filter(|&i| (clean(probs[i]) >= 0.5) != labels[i])
        .map(|i| Disagreement {
            id: ids[i].clone(),
            label: if labels[i] {
                "sufficient"
            } else {
                "insufficient"
            },
            prob: clean(probs[i]),
            verdict: verdict(probs[i], flag, pass),
            snippet: snippet(&texts[i], SNIPPET_CHARS),
        })
        .collect();
    let error = |d: &Disagreement| {
        if d.label == "sufficient" {
            1.0 - d.prob
        } else {
            d.prob
        }
    };
    disagreements.sort_by(|a, b| error(b).total_cmp(&error(a)).then(a.id.cmp(&b.id)));
    EvalReport {
        flag: f64::from(flag),
        pass: f64::from(pass),
        overall: compute_metrics(probs, labels, flag, pass),
        by_group,
        curves: curves(probs, labels),
        disagreements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calibrate::choose_thresholds;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn auc_perfect_reversed_ties() {
        let labels = [false, false, true, true];
        assert_eq!(auc_roc(&[0.1, 0.2, 0.8, 0.9], &labels), Some(1.0));
        assert_eq!(auc_roc(&[0.9, 0.8, 0.2, 0.1], &labels), Some(0.0));
        assert_eq!(auc_roc(&[0.5, 0.5, 0.5, 0.5], &labels), Some(0.5));
        // one tie between a positive and a negative counts a half: pairs (n,p):
        // (0.1,0.4)=1 (0.1,0.9)=1 (0.4,0.4)=.5 (0.4,0.9)=1 -> 3.5/4
        let a = auc_roc(&[0.1, 0.4, 0.4, 0.9], &labels).unwrap();
        assert!(close(a, 0.875), "{a}");
        assert_eq!(auc_roc(&[0.1, 0.2], &[true, true]), None);
        assert_eq!(auc_roc(&[], &[]), None);
    }

    #[test]
    fn auc_matches_pairwise_count() {
        let probs = [0.3, 0.7, 0.7, 0.2, 0.9, 0.3, 0.5, 0.7];
        let labels = [false, true, false, false, true, true, false, true];
        let mut num = 0.0;
        let mut den = 0.0;
        for i in 0..8 {
            for j in 0..8 {
                if labels[i] && !labels[j] {
                    den += 1.0;
                    num += if probs[i] > probs[j] {
                        1.0
                    } else if probs[i] == probs[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        assert!(close(auc_roc(&probs, &labels).unwrap(), num / den));
    }

    #[test]
    fn average_precision_cases() {
        let labels = [false, false, true, true];
        assert_eq!(pr_auc_sufficient(&[0.1, 0.2, 0.8, 0.9], &labels), Some(1.0));
        assert_eq!(
            pr_auc_insufficient(&[0.1, 0.2, 0.8, 0.9], &labels),
            Some(1.0)
        );
        // all tied: precision = prevalence
        assert_eq!(pr_auc_sufficient(&[0.5; 4], &labels), Some(0.5));
        // ranking p, n, p, n -> (1/2)*1 + (1/2)*(2/3)
        let ap = average_precision(&[0.9, 0.8, 0.7, 0.6], &[true, false, true, false]).unwrap();
        assert!(close(ap, 0.5 + 1.0 / 3.0), "{ap}");
        assert_eq!(pr_auc_insufficient(&[0.1, 0.9], &[true, true]), None);
    }

    #[test]
    fn curves_end_points() {
        let probs = [0.1, 0.4, 0.35, 0.8];
        let labels = [false, false, true, true];
        let roc = roc_curve(&probs, &labels);
        assert_eq!((roc[0].x, roc[0].y), (0.0, 0.0));
        let last = roc.last().unwrap();
        assert_eq!((last.x, last.y), (1.0, 1.0));
        let pr = pr_curve_sufficient(&probs, &labels);
        assert_eq!(pr.last().unwrap().x, 1.0);
        assert!(roc_curve(&[0.2], &[true]).is_empty());
    }

    #[test]
    fn ece_of_calibrated_bins_is_zero() {
        // bin [0.2,0.3): 10 items at 0.25, 2.5 sufficient is impossible -> use 0.2 / 0.8
        let mut probs = Vec::new();
        let mut labels = Vec::new();
        for i in 0..10 {
            probs.push(0.2);
            labels.push(i < 2);
            probs.push(0.8);
            labels.push(i < 8);
            probs.push(0.5);
            labels.push(i < 5);
        }
        let e = expected_calibration_error(&probs, &labels, 10).unwrap();
        assert!(e < 1e-6, "{e}");
        // maximally wrong
        let e = expected_calibration_error(&[1.0, 0.0], &[false, true], 10).unwrap();
        assert!(close(e, 1.0));
        assert_eq!(expected_calibration_error(&[], &[], 10), None);
        let bins = reliability_bins(&probs, &labels, 10);
        assert_eq!(bins.len(), 10);
        assert_eq!(bins[2].count, 10);
        assert_eq!(bins[0].mean_prob, None);
    }

    #[test]
    fn brier_and_threshold_metrics() {
        assert!(close(
            brier_score(&[1.0, 0.0], &[true, false]).unwrap(),
            0.0
        ));
        assert!(close(
            brier_score(&[0.5, 0.5], &[true, false]).unwrap(),
            0.25
        ));
        let probs = [0.1, 0.6, 0.4, 0.9];
        let labels = [false, false, true, true];
        let m = threshold_metrics(&probs, &labels, 0.5);
        assert_eq!(
            m.confusion,
            Confusion {
                tp: 1,
                fp: 1,
                tn: 1,
                fn_: 1
            }
        );
        assert_eq!(m.sufficient.precision, Some(0.5));
        assert_eq!(m.insufficient.recall, Some(0.5));
        assert_eq!(m.balanced_accuracy, Some(0.5));
        // nothing predicted sufficient: precision undefined, f1 undefined
        let m = threshold_metrics(&[0.1, 0.2], &[true, false], 0.5);
        assert_eq!(m.sufficient.precision, None);
        assert_eq!(m.sufficient.recall, Some(0.0));
    }

    #[test]
    fn band_counts_review_separately() {
        let probs = [0.05, 0.3, 0.5, 0.7, 0.95, 0.2];
        let labels = [false, false, true, true, true, true];
        let b = band_metrics(&probs, &labels, 0.25, 0.6);
        assert_eq!(b.n_review, 2);
        assert!(close(b.review_share.unwrap(), 2.0 / 6.0));
        assert_eq!(
            b.label_insufficient,
            VerdictCounts {
                insufficient: 1,
                review: 1,
                sufficient: 0
            }
        );
        assert_eq!(b.insufficient_caught, Some(1.0));
        assert_eq!(b.sufficient.precision, Some(1.0));
        assert_eq!(b.sufficient.recall, Some(0.5));
        assert_eq!(b.insufficient.precision, Some(0.5));
        assert_eq!(b.decided_confusion.total(), 4);
        assert_eq!(verdict(0.25, 0.25, 0.6), Verdict::Review);
        assert_eq!(verdict(0.6, 0.25, 0.6), Verdict::Sufficient);
    }

    #[test]
    fn evaluate_groups_disagreements_and_json_without_nan() {
        let ids: Vec<String> = (0..5).map(|i| format!("x{i}")).collect();
        let probs = [0.9, 0.2, 0.8, f32::NAN, 0.1];
        let labels = [true, false, false, true, true];
        let courts: Vec<String> = ["A", "A", "B", "B", "C"].map(String::from).to_vec();
        let sources: Vec<String> = ["court"; 5].map(String::from).to_vec();
        let texts: Vec<String> = (0..5).map(|i| format!("text  number\n{i}")).collect();
        let r = evaluate(
            &ids,
            &probs,
            &labels,
            &[("court", courts), ("label_source", sources)],
            &texts,
            0.3,
            0.7,
        );
        assert_eq!(r.by_group["court"].len(), 3);
        assert_eq!(r.by_group["court"]["C"].auc_roc, None);
        assert_eq!(r.by_group["label_source"]["court"].n, 5);
        // errors: x4 (suff at 0.1, err .9), x2 (insuff at .8, err .8); NaN reads 0.5 -> suff ok
        let d: Vec<&str> = r.disagreements.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(d, ["x4", "x2"]);
        assert_eq!(r.disagreements[0].snippet, "text number 4");
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("NaN") && !json.contains("nan"), "{json}");
        assert!(json.contains("\"auc_roc\":null"));
    }

    #[test]
    fn snippet_cuts_on_char_boundary() {
        assert_eq!(snippet("é é é", 3), "é é…");
        assert_eq!(snippet("a\n\tb", 10), "a b");
    }

    #[test]
    /// The review band that calibration chooses meets its targets when measured here.
    fn thresholds_meet_recall_target() {
        // 20 insufficient spread over [0.02, 0.78], 20 sufficient over [0.30, 0.99]
        let mut probs = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20 {
            probs.push(0.02 + 0.04 * i as f32);
            labels.push(false);
            probs.push(0.30 + 0.0345 * i as f32);
            labels.push(true);
        }
        let th = choose_thresholds(&probs, &labels, 0.95, 0.9);
        assert!(th.flag <= th.pass);
        let b = band_metrics(&probs, &labels, th.flag, th.pass);
        assert!(b.insufficient_caught.unwrap() >= 0.95, "{th:?} {b:?}");
        // k = 19: the 19th insufficient score is 0.74; pass sits just above it
        assert!(th.pass > 0.74 && th.pass < 0.76, "{th:?}");
        // insufficient verdicts are precise enough
        if let Some(p) = b.insufficient.precision {
            assert!(p >= 0.9, "{th:?} {b:?}");
        }
        // flag is the largest such cut: below 0.28 only insufficient items (0.02..0.26);
        // any cut above 0.30 lets the sufficient 0.30, 0.3345, ... in at precision < 0.9
        assert!((th.flag - 0.28).abs() < 1e-6, "{th:?}");
        let above = band_metrics(&probs, &labels, 0.31, th.pass);
        assert!(above.insufficient.precision.unwrap() < 0.9);
        assert_eq!(th.n, 40);
    }
}
