//! The threshold decider: calibrated probability of *sufficient* -> verdict and reasons.
//!
//! Below `flag` the statement is `insufficient`, at or above `pass` it is `sufficient`, in
//! between a person should `review` it. Thresholds come from the model's `calibration.json`
//! and can be overridden per run.

use crate::dataset::ELEMENTS;
use crate::model::Scored;
use crate::record::Verdict;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decider {
    pub flag: f32,
    pub pass: f32,
}

/// An element counts as shown when the element head is at least this sure.
const ELEMENT_PRESENT: f32 = 0.5;

/// How each missing element is worded in a reason.
fn missing_phrase(element: &str) -> &'static str {
    match element {
        "participants" => "who conferred (participants) is not stated",
        "when" => "when the conference took place is not stated",
        "means" => "how the parties conferred (phone, in person, letter...) is not stated",
        "dialogue" => "no two-way exchange is described",
        "issues" => "what was discussed is not stated",
        "outcome" => "the outcome of the conference is not stated",
        _ => "an element is missing",
    }
}

impl Decider {
    pub fn new(flag: f32, pass: f32) -> Self {
        Decider { flag, pass }
    }

    pub fn verdict(&self, prob: f32) -> Verdict {
        if prob < self.flag {
            Verdict::Insufficient
        } else if prob >= self.pass {
            Verdict::Sufficient
        } else {
            Verdict::Review
        }
    }

    /// Verdict plus short reasons a clerk can act on: the score against the thresholds,
    /// and, for anything not sufficient, the rubric elements the model did not find.
    pub fn decide(&self, scored: &Scored) -> (Verdict, Vec<String>) {
        let verdict = self.verdict(scored.prob);
        let mut reasons = vec![match verdict {
            Verdict::Sufficient => format!(
                "score {:.2} >= pass threshold {:.2}: the statement shows a particular effort to confer",
                scored.prob, self.pass
            ),
            Verdict::Insufficient => format!(
                "score {:.2} < flag threshold {:.2}: the statement does not show a particular effort to confer",
                scored.prob, self.flag
            ),
            _ => format!(
                "score {:.2} is between the thresholds {:.2} and {:.2}: needs a person's review",
                scored.prob, self.flag, self.pass
            ),
        }];
        if verdict != Verdict::Sufficient {
            for (name, p) in ELEMENTS.iter().zip(scored.elements) {
                if p < ELEMENT_PRESENT {
                    reasons.push(missing_phrase(name).to_string());
                }
            }
        }
        (verdict, reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(prob: f32, elements: [f32; 6]) -> Scored {
        Scored {
            margin: 0.0,
            raw_prob: prob,
            prob,
            elements,
            tokens: 10,
        }
    }

    #[test]
    fn thresholds_split_three_ways() {
        let d = Decider::new(0.3, 0.7);
        assert_eq!(d.verdict(0.29), Verdict::Insufficient);
        assert_eq!(d.verdict(0.3), Verdict::Review);
        assert_eq!(d.verdict(0.69), Verdict::Review);
        assert_eq!(d.verdict(0.7), Verdict::Sufficient);
    }

    #[test]
    fn reasons_name_missing_elements_only_when_not_sufficient() {
        let d = Decider::new(0.3, 0.7);
        let (v, r) = d.decide(&scored(0.1, [0.9, 0.1, 0.9, 0.2, 0.9, 0.9]));
        assert_eq!(v, Verdict::Insufficient);
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r[1].contains("when"));
        assert!(r[2].contains("two-way"));
        let (v, r) = d.decide(&scored(0.9, [0.1; 6]));
        assert_eq!(v, Verdict::Sufficient);
        assert_eq!(r.len(), 1);
    }
}
