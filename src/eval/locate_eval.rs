//! How well the locator finds statements in whole motions (`conferral locate-eval`): the
//! share of true statements located (token F1 >= 0.8 against the body), the share of
//! motions without a statement recognised as such, headings found, and the misses.

use std::collections::HashMap;

use serde::Serialize;

use crate::corpus::motions::Motion;
use crate::find::locate::{locate_all_rescored, Candidate, Rescore, Tagger};

/// A located statement counts when its body's token F1 against the true body reaches this.
pub const MIN_F1: f64 = 0.8;

/// Figures over a set of motions.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct LocateFigures {
    pub motions: usize,
    pub statements: usize,
    /// True statements matched by a located one with token F1 >= [`MIN_F1`].
    pub located: usize,
    pub located_share: f64,
    /// Mean over true statements of the best token F1 of any located statement (0 if none).
    pub mean_f1: f64,
    /// True statements with a heading, and those whose located heading matches it.
    pub headings: usize,
    pub headings_found: usize,
    pub without_statement: usize,
    /// Motions without a statement for which nothing was located.
    pub recognised_none: usize,
    pub recognised_none_share: f64,
    /// Located statements that match no true statement (F1 < [`MIN_F1`] against all).
    pub spurious: usize,
    /// Per placement (headed, inline, declaration, ...): `[statements, located]`.
    pub by_placement: HashMap<String, [usize; 2]>,
    /// What went wrong, one line each (motion id, the truth and what was found).
    pub failures: Vec<String>,
}

/// Lower-case alphanumeric tokens.
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Token-multiset F1 of a predicted against a true text (0 when either is empty).
pub fn token_f1(pred: &str, gold: &str) -> f64 {
    let (p, g) = (tokens(pred), tokens(gold));
    if p.is_empty() || g.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for t in &g {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0;
    for t in &p {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if common == 0 {
        return 0.0;
    }
    let (pr, rc) = (
        common as f64 / p.len() as f64,
        common as f64 / g.len() as f64,
    );
    2.0 * pr * rc / (pr + rc)
}

/// Locates every motion with `tagger` (`None`: rules only) and compares with the truth.
pub fn evaluate(motions: &[Motion], tagger: Option<&Tagger>) -> LocateFigures {
    evaluate_rescored(motions, tagger, None)
}

/// [`evaluate`] with a [`Rescore`] stage after the tagger.
pub fn evaluate_rescored(
    motions: &[Motion],
    tagger: Option<&Tagger>,
    rescore: Option<&dyn Rescore>,
) -> LocateFigures {
    let mut f = LocateFigures {
        motions: motions.len(),
        ..Default::default()
    };
    let mut f1_sum = 0.0;
    for m in motions {
        let found: Vec<Candidate> = locate_all_rescored(&m.text, tagger, rescore);
        let bodies: Vec<&str> = found.iter().map(|c| &m.text[c.start..c.end]).collect();
        let short = |s: &str| -> String {
            let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if one.chars().count() > 120 {
                format!("{}…", one.chars().take(119).collect::<String>())
            } else {
                one
            }
        };
        if m.statements.is_empty() {
            f.without_statement += 1;
            if found.is_empty() {
                f.recognised_none += 1;
            } else {
                f.spurious += found.len();
                f.failures.push(format!(
                    "{}: no statement, located \"{}\"",
                    m.id,
                    short(bodies[0])
                ));
            }
            continue;
        }
        let placement = m.placement.clone().unwrap_or_default();
        let mut matched = vec![false; found.len()];
        for g in &m.statements {
            f.statements += 1;
            let entry = f.by_placement.entry(placement.clone()).or_default();
            entry[0] += 1;
            let gold = m.chars(g.start, g.end).unwrap_or_default();
            let (best, k) = bodies
                .iter()
                .enumerate()
                .map(|(k, b)| (token_f1(b, &gold), k))
                .fold((0.0, usize::MAX), |a, b| if b.0 > a.0 { b } else { a });
            f1_sum += best;
            if best >= MIN_F1 {
                f.located += 1;
                entry[1] += 1;
                matched[k] = true;
            } else {
                f.failures.push(format!(
                    "{} ({placement}): F1 {best:.2}; true \"{}\"; located {}",
                    m.id,
                    short(&gold),
                    if bodies.is_empty() {
                        "nothing".to_string()
                    } else {
                        format!("\"{}\"", short(bodies[if k == usize::MAX { 0 } else { k }]))
                    }
                ));
            }
            if let Some(h) = g.heading {
                f.headings += 1;
                let want = m.chars(h.start, h.end).unwrap_or_default();
                let got = (k != usize::MAX)
                    .then(|| found[k].heading)
                    .flatten()
                    .map(|(s, e)| &m.text[s..e]);
                if got.is_some_and(|g| token_f1(g, &want) >= MIN_F1) {
                    f.headings_found += 1;
                } else if best >= MIN_F1 {
                    f.failures.push(format!(
                        "{} ({placement}): heading \"{}\" not found (got {:?})",
                        m.id,
                        short(&want),
                        got.map(short)
                    ));
                }
            }
        }
        f.spurious += matched.iter().filter(|m| !**m).count();
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    f.located_share = share(f.located, f.statements);
    f.recognised_none_share = share(f.recognised_none, f.without_statement);
    f.mean_f1 = if f.statements == 0 {
        0.0
    } else {
        f1_sum / f.statements as f64
    };
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::motions::GoldStatement;

    #[test]
    fn token_f1_by_hand() {
        assert_eq!(token_f1("a b c", "a b c"), 1.0);
        // 2 common of 3 predicted and 4 true: P 2/3, R 1/2, F1 = 2PR/(P+R) = 4/7.
        assert!((token_f1("a b x", "a b c d") - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(token_f1("", "a"), 0.0);
    }

    #[test]
    fn counts_located_missed_and_recognised_none() {
        let text = "MOTION\n\nPlease grant it.\n\nCERTIFICATE OF CONFERENCE\n\nOn May 2, 2024, counsel for Plaintiff conferred with counsel for Defendant by telephone; Defendant opposes.\n\n/s/ A. Person\n";
        let body_start = text.find("On May").unwrap();
        let body_end = text.find("opposes.").unwrap() + "opposes.".len();
        let head_start = text.find("CERTIFICATE").unwrap();
        let with = Motion {
            id: "a".into(),
            writer: "w".into(),
            placement: Some("headed".into()),
            style: None,
            text: text.into(),
            statements: vec![GoldStatement {
                start: body_start,
                end: body_end,
                heading: Some(crate::corpus::motions::CharRange {
                    start: head_start,
                    end: head_start + "CERTIFICATE OF CONFERENCE".len(),
                }),
            }],
        };
        let without = Motion {
            id: "b".into(),
            writer: "w".into(),
            placement: Some("none".into()),
            style: None,
            text: "MOTION\n\nPlease grant the extension for good cause.\n".into(),
            statements: vec![],
        };
        let f = evaluate(&[with, without], None);
        assert_eq!((f.statements, f.located, f.headings_found), (1, 1, 1));
        assert_eq!((f.without_statement, f.recognised_none), (1, 1));
        assert_eq!(f.by_placement["headed"], [1, 1]);
        assert!(f.failures.is_empty(), "{:?}", f.failures);
    }
}
