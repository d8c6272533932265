//! Baselines the transformer must beat:
//! - [`TfidfLogReg`]: TF-IDF over word unigrams and bigrams + class-balanced, L2-regularised
//!   logistic regression (L-BFGS);
//! - [`Checklist`]: a keyword detector for the rubric's six elements (see RUBRIC.md).
//!
//! Both are deterministic and give the probability that a statement is sufficient.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ndarray::Array1;
use regex::Regex;

use crate::corpus::dataset::{Example, ELEMENTS};
use crate::model::calibrate::sigmoid;

/// Common interface of the baselines (and anything else that scores a statement).
pub trait Scorer {
    fn name(&self) -> &'static str;
    /// Probability that `text` is a sufficient conferral statement.
    fn predict_proba(&self, text: &str) -> f32;
}

// ---------------------------------------------------------------- TF-IDF + logistic regression

/// Hyper-parameters of [`TfidfLogReg`].
#[derive(Clone, Debug, PartialEq)]
pub struct TfidfConfig {
    /// Keep n-grams appearing in at least this many training documents.
    pub min_df: usize,
    /// Inverse regularisation strength, as scikit-learn's `C`: the objective is
    /// `mean_i(w_i * loss_i) + ||w||^2 / (2 * C * n)` (the bias is not penalised).
    pub c: f64,
    pub max_iter: usize,
}

impl Default for TfidfConfig {
    fn default() -> Self {
        TfidfConfig {
            min_df: 2,
            c: 1.0,
            max_iter: 300,
        }
    }
}

/// Lowercased word tokens: maximal runs of alphanumeric characters (apostrophes inside a
/// word are dropped, so "plaintiff's" -> "plaintiffs").
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if (ch == '\'' || ch == '\u{2019}') && !cur.is_empty() {
            // skip apostrophes within words
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Unigrams and bigrams (joined by a space) of a text, with counts.
fn ngram_counts(text: &str) -> BTreeMap<String, usize> {
    let toks = tokenize(text);
    let mut counts = BTreeMap::new();
    for t in &toks {
        *counts.entry(t.clone()).or_insert(0) += 1;
    }
    for w in toks.windows(2) {
        *counts.entry(format!("{} {}", w[0], w[1])).or_insert(0) += 1;
    }
    counts
}

type SparseRow = Vec<(usize, f64)>;

/// An n-gram and its logistic-regression weight.
pub type WeightedTerm = (String, f64);

/// TF-IDF (unigrams + bigrams, lowercase, min df, sublinear tf, smooth idf, l2 norm) and
/// class-balanced L2 logistic regression.
#[derive(Clone, Debug)]
pub struct TfidfLogReg {
    vocab: HashMap<String, usize>,
    idf: Array1<f64>,
    weights: Array1<f64>,
    bias: f64,
}

impl TfidfLogReg {
    pub fn fit(train: &[Example]) -> Self {
        Self::fit_with(train, &TfidfConfig::default())
    }

    pub fn fit_with(train: &[Example], cfg: &TfidfConfig) -> Self {
        let docs: Vec<BTreeMap<String, usize>> =
            train.iter().map(|e| ngram_counts(&e.text)).collect();
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &docs {
            for term in d.keys() {
                *df.entry(term.as_str()).or_insert(0) += 1;
            }
        }
        let n_docs = docs.len() as f64;
        let kept: Vec<(&str, usize)> = df
            .into_iter()
            .filter(|&(_, c)| c >= cfg.min_df.max(1))
            .collect();
        let vocab: HashMap<String, usize> = kept
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (t.to_string(), i))
            .collect();
        // smooth idf as scikit-learn: ln((1 + n) / (1 + df)) + 1
        let idf = Array1::from_iter(
            kept.iter()
                .map(|&(_, c)| ((1.0 + n_docs) / (1.0 + c as f64)).ln() + 1.0),
        );
        let mut model = TfidfLogReg {
            vocab,
            idf,
            weights: Array1::zeros(kept.len()),
            bias: 0.0,
        };
        let rows: Vec<SparseRow> = docs.iter().map(|d| model.vectorize_counts(d)).collect();
        let y: Vec<f64> = train
            .iter()
            .map(|e| f64::from(u8::from(e.label.is_sufficient())))
            .collect();
        model.train(&rows, &y, cfg);
        model
    }

    fn vectorize_counts(&self, counts: &BTreeMap<String, usize>) -> SparseRow {
        let mut row: SparseRow = counts
            .iter()
            .filter_map(|(t, &c)| {
                let j = *self.vocab.get(t)?;
                Some((j, (1.0 + (c as f64).ln()) * self.idf[j]))
            })
            .collect();
        let norm = row.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, v) in &mut row {
                *v /= norm;
            }
        }
        row.sort_by_key(|&(j, _)| j);
        row
    }

    /// The TF-IDF vector of a text, as sorted (feature index, value) pairs.
    pub fn vectorize(&self, text: &str) -> Vec<(usize, f64)> {
        self.vectorize_counts(&ngram_counts(text))
    }

    pub fn vocab_size(&self) -> usize {
        self.idf.len()
    }

    fn decision(&self, row: &SparseRow) -> f64 {
        self.bias + row.iter().map(|&(j, v)| self.weights[j] * v).sum::<f64>()
    }

    /// L-BFGS (memory 10) with backtracking Armijo line search on the class-balanced,
    /// L2-regularised mean log-loss. Parameters: weights then bias (last).
    fn train(&mut self, rows: &[SparseRow], y: &[f64], cfg: &TfidfConfig) {
        let n = rows.len();
        if n == 0 {
            return;
        }
        let n_pos = y.iter().filter(|&&v| v > 0.5).count();
        let n_neg = n - n_pos;
        // balanced class weights n / (2 * n_class), normalised so they sum to n
        let w_pos = if n_pos > 0 {
            n as f64 / (2.0 * n_pos as f64)
        } else {
            0.0
        };
        let w_neg = if n_neg > 0 {
            n as f64 / (2.0 * n_neg as f64)
        } else {
            0.0
        };
        let sw: Vec<f64> = y
            .iter()
            .map(|&v| if v > 0.5 { w_pos } else { w_neg })
            .collect();
        let sw_total: f64 = sw.iter().sum();
        let d = self.idf.len();
        let lambda = 1.0 / (cfg.c.max(1e-12) * n as f64);

        let loss_grad = |theta: &Array1<f64>| -> (f64, Array1<f64>) {
            let mut g = Array1::<f64>::zeros(d + 1);
            let mut loss = 0.0;
            for ((row, &yi), &wi) in rows.iter().zip(y).zip(&sw) {
                let z = theta[d] + row.iter().map(|&(j, v)| theta[j] * v).sum::<f64>();
                // log(1 + e^z) - y z
                let lz = if z > 30.0 { z } else { z.exp().ln_1p() };
                loss += wi * (lz - yi * z);
                let r = wi * (sigmoid(z) - yi);
                for &(j, v) in row {
                    g[j] += r * v;
                }
                g[d] += r;
            }
            loss /= sw_total;
            g /= sw_total;
            let w = theta.slice(ndarray::s![..d]);
            loss += 0.5 * lambda * w.dot(&w);
            let mut gw = g.slice_mut(ndarray::s![..d]);
            gw.scaled_add(lambda, &w);
            (loss, g)
        };

        let mut theta = Array1::<f64>::zeros(d + 1);
        let (mut f, mut g) = loss_grad(&theta);
        let mem = 10;
        let mut s_hist: Vec<Array1<f64>> = Vec::new();
        let mut y_hist: Vec<Array1<f64>> = Vec::new();
        for _ in 0..cfg.max_iter {
            let gnorm = g.dot(&g).sqrt();
            if gnorm < 1e-6 {
                break;
            }
            // two-loop recursion
            let mut q = g.clone();
            let mut alphas = Vec::with_capacity(s_hist.len());
            for (s, yv) in s_hist.iter().zip(&y_hist).rev() {
                let rho = 1.0 / yv.dot(s);
                let a = rho * s.dot(&q);
                q.scaled_add(-a, yv);
                alphas.push((a, rho));
            }
            if let (Some(s), Some(yv)) = (s_hist.last(), y_hist.last()) {
                q *= s.dot(yv) / yv.dot(yv);
            }
            for ((s, yv), (a, rho)) in s_hist.iter().zip(&y_hist).zip(alphas.into_iter().rev()) {
                let b = rho * yv.dot(&q);
                q.scaled_add(a - b, s);
            }
            let mut dir = -q;
            let mut slope = g.dot(&dir);
            if slope >= 0.0 {
                // not a descent direction: reset to steepest descent
                dir = -g.clone();
                slope = -g.dot(&g);
                s_hist.clear();
                y_hist.clear();
            }
            let mut step = 1.0;
            let mut accepted = None;
            for _ in 0..40 {
                let cand = &theta + &(&dir * step);
                let (fc, gc) = loss_grad(&cand);
                if fc <= f + 1e-4 * step * slope {
                    accepted = Some((cand, fc, gc));
                    break;
                }
                step *= 0.5;
            }
            let Some((cand, fc, gc)) = accepted else {
                break;
            };
            let s = &cand - &theta;
            let yv = &gc - &g;
            if s.dot(&yv) > 1e-12 {
                s_hist.push(s);
                y_hist.push(yv);
                if s_hist.len() > mem {
                    s_hist.remove(0);
                    y_hist.remove(0);
                }
            }
            let improvement = f - fc;
            theta = cand;
            f = fc;
            g = gc;
            if improvement.abs() < 1e-10 * f.abs().max(1.0) {
                break;
            }
        }
        self.weights = theta.slice(ndarray::s![..d]).to_owned();
        self.bias = theta[d];
    }

    pub fn predict_proba(&self, text: &str) -> f32 {
        sigmoid(self.decision(&self.vectorize(text))) as f32
    }

    /// The `k` n-grams with the largest positive (towards sufficient) and negative weights.
    pub fn top_features(&self, k: usize) -> (Vec<WeightedTerm>, Vec<WeightedTerm>) {
        let mut terms: Vec<(&String, f64)> = self
            .vocab
            .iter()
            .map(|(t, &j)| (t, self.weights[j]))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let pos = terms
            .iter()
            .take(k)
            .map(|(t, w)| (t.to_string(), *w))
            .collect();
        let neg = terms
            .iter()
            .rev()
            .take(k)
            .map(|(t, w)| (t.to_string(), *w))
            .collect();
        (pos, neg)
    }
}

impl Scorer for TfidfLogReg {
    fn name(&self) -> &'static str {
        "tfidf_logreg"
    }
    fn predict_proba(&self, text: &str) -> f32 {
        TfidfLogReg::predict_proba(self, text)
    }
}

// ---------------------------------------------------------------- keyword checklist

/// Score given to one-way-only statements (written contact, no dialogue) whatever else
/// they contain: below 0.5, so they are called insufficient (RUBRIC: one-way contact
/// presented as conferral is insufficient).
pub const ONE_WAY_CAP: f32 = 2.0 / 6.0;

/// Which rubric elements the checklist found, in [`ELEMENTS`] order, plus the one-way flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChecklistHits {
    pub elements: [bool; 6],
    /// Means are only written/one-way (email, letter, voicemail, fax) and no dialogue.
    pub one_way_only: bool,
}

impl ChecklistHits {
    pub fn count(&self) -> usize {
        self.elements.iter().filter(|&&b| b).count()
    }
    /// Names of the elements found.
    pub fn present(&self) -> Vec<&'static str> {
        ELEMENTS
            .iter()
            .zip(self.elements)
            .filter(|(_, b)| *b)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// Keyword/regex detector of the rubric's elements. Score = elements present / 6, capped at
/// [`ONE_WAY_CAP`] for one-way-only contact. Has no learned parameters.
#[derive(Clone, Debug)]
pub struct Checklist {
    participants: Vec<Regex>,
    when: Regex,
    means_two_way: Regex,
    means_one_way: Regex,
    dialogue: Regex,
    issues: Regex,
    outcome: Regex,
}

impl Default for Checklist {
    fn default() -> Self {
        Self::new()
    }
}

impl Checklist {
    pub fn new() -> Self {
        let re = |s: &str| Regex::new(s).expect("checklist patterns are valid");
        const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
        Checklist {
            participants: vec![
                re(r"(?i)\bcounsel\s+(?:for|of\s+record\s+for)\b"),
                re(
                    r"(?i)\b(?:plaintiffs?|defendants?|movants?|respondents?|petitioners?)(?:'|\u{2019})?s?\s+counsel\b",
                ),
                re(r"(?i)\b(?:opposing|defense|plaintiff|defendant)\s+counsel\b"),
                // honorific + capitalised name is case-sensitive on the name
                re(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z][a-z]"),
                re(r"(?i)\battorneys?\b"),
                re(r"(?i)\b(?:undersigned|the\s+parties(?:'|\u{2019})?)\b"),
            ],
            when: re(&format!(
                r"(?i)\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bon\s+\d{{1,2}}\s+{MONTH}\b"
            )),
            means_two_way: re(
                r"(?i)\b(?:tele(?:phone|phonically|conference)|phone|in[\s-]person|zoom|video(?:conference)?|teams|webex|(?:phone\s+)?calls?|spoke|met)\b",
            ),
            means_one_way: re(
                r"(?i)\b(?:e-?mails?|e-?mailed|letters?|voice\s*-?mails?|fax(?:ed)?)\b",
            ),
            dialogue: re(
                r"(?i)\b(?:discuss(?:ed|ion|ions)?|conferred\s+(?:by|via|over|in[\s-]person|telephonically|for\s+\d|on\s+(?:\d|[a-z]+\s+\d))|spoke|speak|met|conversation|conference\s+call|exchanged|responded|replied|negotiat(?:ed|ions?))\b",
            ),
            issues: re(
                r"(?i)\b(?:interrogator(?:y|ies)|requests?\s+for\s+(?:production|admission)|rfps?|rfas?|depositions?|relief\s+requested|subpoenas?|privilege\s+log|document\s+requests?|requests?\s+nos?\.?|protective\s+order|discovery\s+requests?|the\s+(?:issues|matters)\s+(?:raised|presented)\s+in)\b",
            ),
            outcome: re(
                r"(?i)\b(?:oppos(?:e|es|ed|ing|ition)|unopposed|agree(?:s|d|ment)?|disagree(?:s|d)?|impasse|narrow(?:ed)?|resolv(?:e|ed)|object(?:s|ion)?|consent(?:s|ed)?|take\s+no\s+position)\b",
            ),
        }
    }

    /// The checklist needs no training; `train` is ignored (kept for a uniform API).
    pub fn fit(_train: &[Example]) -> Self {
        Self::new()
    }

    pub fn detect(&self, text: &str) -> ChecklistHits {
        let two_way = self.means_two_way.is_match(text);
        let one_way = self.means_one_way.is_match(text);
        let dialogue = self.dialogue.is_match(text);
        let elements = [
            self.participants.iter().any(|r| r.is_match(text)),
            self.when.is_match(text),
            two_way || one_way,
            dialogue,
            self.issues.is_match(text),
            self.outcome.is_match(text),
        ];
        ChecklistHits {
            elements,
            one_way_only: one_way && !two_way && !dialogue,
        }
    }

    pub fn predict_proba(&self, text: &str) -> f32 {
        let hits = self.detect(text);
        let score = hits.count() as f32 / 6.0;
        if hits.one_way_only {
            score.min(ONE_WAY_CAP)
        } else {
            score
        }
    }
}

impl Scorer for Checklist {
    fn name(&self) -> &'static str {
        "checklist"
    }
    fn predict_proba(&self, text: &str) -> f32 {
        Checklist::predict_proba(self, text)
    }
}

/// Distinct n-grams of a text (for diagnostics).
pub fn ngrams(text: &str) -> BTreeSet<String> {
    ngram_counts(text).into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::dataset::Label;

    fn ex(id: usize, text: &str, sufficient: bool) -> Example {
        Example {
            id: format!("e{id}"),
            text: text.to_string(),
            label: if sufficient {
                Label::Sufficient
            } else {
                Label::Insufficient
            },
            extra: Default::default(),
        }
    }

    fn toy() -> Vec<Example> {
        let good = [
            "Counsel conferred by telephone on March 3 about Interrogatories 3-7; Defendant opposes.",
            "On May 2 counsel met in person and discussed RFP 9; the parties narrowed the dispute.",
            "Counsel for Plaintiff spoke by telephone with counsel for Defendant on June 1; Defendant opposes.",
            "The parties conferred by video on April 4 and discussed the deposition; no agreement was reached.",
            "Counsel met in person on July 9 and discussed the privilege log; Defendant opposes the relief.",
            "On August 1 counsel spoke by telephone about RFP 12 and narrowed the dispute; Plaintiff opposes.",
        ];
        let bad = [
            "Counsel has conferred in good faith and was unable to resolve the dispute.",
            "Movant certifies that counsel has in good faith conferred and was unable to resolve the dispute.",
            "Counsel sent a letter and received no response; counsel certifies good faith.",
            "Counsel certifies that she has conferred in good faith without success.",
            "The undersigned certifies a good faith attempt to confer and was unable to resolve the dispute.",
            "Counsel sent an email in good faith and certifies the motion is necessary.",
        ];
        let mut v = Vec::new();
        for (i, t) in good.iter().enumerate() {
            v.push(ex(2 * i, t, true));
        }
        for (i, t) in bad.iter().enumerate() {
            v.push(ex(2 * i + 1, t, false));
        }
        v
    }

    #[test]
    fn tokenize_lowercases_and_joins_apostrophes() {
        assert_eq!(
            tokenize("Plaintiff's RFP-9, on 3/4."),
            ["plaintiffs", "rfp", "9", "on", "3", "4"]
        );
        let g = ngrams("A b a");
        assert!(g.contains("a b") && g.contains("b a") && g.contains("a"));
    }

    #[test]
    fn tfidf_logreg_separates_toy_data() {
        let train = toy();
        let m = TfidfLogReg::fit(&train);
        assert!(m.vocab_size() > 10);
        for e in &train {
            let p = m.predict_proba(&e.text);
            assert!(p.is_finite());
            assert_eq!(p >= 0.5, e.label.is_sufficient(), "{p} {}", e.text);
        }
        let p_good = m.predict_proba(
            "Counsel spoke by telephone on May 5 and discussed RFP 4; Defendant opposes.",
        );
        let p_bad = m.predict_proba("Counsel has conferred in good faith without success.");
        assert!(p_good > p_bad, "{p_good} {p_bad}");
        // unseen vocabulary: only the bias
        let p = m.predict_proba("zzz qqq");
        assert!((0.0..=1.0).contains(&p));
        // deterministic
        let m2 = TfidfLogReg::fit(&train);
        assert_eq!(
            m.predict_proba(&train[0].text),
            m2.predict_proba(&train[0].text)
        );
        let (pos, neg) = m.top_features(3);
        assert_eq!((pos.len(), neg.len()), (3, 3));
    }

    #[test]
    fn tfidf_degenerate_training_sets() {
        let empty = TfidfLogReg::fit(&[]);
        assert_eq!(empty.predict_proba("anything"), 0.5);
        let one_class = TfidfLogReg::fit(&toy()[..1]);
        assert!(one_class.predict_proba("anything").is_finite());
    }

    #[test]
    fn checklist_complete_beats_boilerplate() {
        let c = Checklist::fit(&[]);
        let complete = "On March 3, 2023, counsel for Plaintiff, Ms. Roe, and counsel for \
            Defendant, Mr. Doe, conferred by telephone for 40 minutes and discussed \
            Interrogatories 3-7 and RFP 9. The parties narrowed the dispute to RFP 9, \
            which Defendant opposes.";
        let boiler = "Counsel certifies that he has conferred in good faith with opposing \
            counsel in an effort to resolve the dispute without court action.";
        let h = c.detect(complete);
        assert_eq!(h.elements, [true; 6], "{:?}", h.present());
        assert_eq!(c.predict_proba(complete), 1.0);
        let pb = c.predict_proba(boiler);
        assert!(pb < 0.5, "{pb} {:?}", c.detect(boiler).present());
        assert!(c.predict_proba(complete) > pb);
    }

    #[test]
    fn checklist_caps_one_way_contact() {
        let c = Checklist::new();
        let one_way = "On March 3, 2023, counsel for Plaintiff sent a detailed letter to counsel \
            for Defendant concerning Interrogatories 3-7 and asking whether Defendant opposes.";
        let h = c.detect(one_way);
        assert!(h.one_way_only);
        assert!(h.count() >= 4);
        assert_eq!(c.predict_proba(one_way), ONE_WAY_CAP);
        let two_way = format!("{one_way} Counsel then spoke by telephone on March 5.");
        assert!(!c.detect(&two_way).one_way_only);
        assert!(c.predict_proba(&two_way) > ONE_WAY_CAP);
    }
}
