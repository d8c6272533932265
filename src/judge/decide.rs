//! The threshold decider: calibrated probability of *sufficient* -> verdict and reasons.
//!
//! Below `flag` the statement is `insufficient`, at or above `pass` it is `sufficient`, in
//! between a person should `review` it. Thresholds come from the model's `calibration.json`
//! and can be overridden per run.
//!
//! [`Decider::decide_in`] then applies a court profile ([`crate::judge::profiles`]) to the rule
//! evidence ([`crate::find::elements`]) merged with the model's element head: a missing *required*
//! item or a forbidden means makes the statement `insufficient`, a missing *expected* item
//! adds a reason and turns `sufficient` into `review`. Every reason from a profile cites its
//! rule.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::corpus::dataset::ELEMENTS;
use crate::find::elements::{Evidence, Hit, Means};
use crate::judge::court::Choice;
use crate::judge::profiles::{Check, Grade, Profile, ProfileError, Registry, Requirement};
use crate::model::classifier::Scored;
use crate::report::record::Verdict;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decider {
    pub flag: f32,
    pub pass: f32,
    /// The court profile given with `--court`; `None`: detect it from each document.
    pub court: Option<&'static Profile>,
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
        Decider {
            flag,
            pass,
            court: None,
        }
    }

    /// The same thresholds, with the court profile `id` (an embedded profile) applied to every
    /// document instead of the detected one.
    pub fn with_court(mut self, id: &str) -> Result<Decider, ProfileError> {
        self.court = Some(Registry::embedded()?.get(id)?);
        Ok(self)
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

    /// The reason that states the score against the thresholds.
    fn score_reason(&self, verdict: Verdict, prob: f32) -> String {
        match verdict {
            Verdict::Sufficient => format!(
                "score {:.2} >= pass threshold {:.2}: the statement shows a particular effort to confer",
                prob, self.pass
            ),
            Verdict::Insufficient => format!(
                "score {:.2} < flag threshold {:.2}: the statement does not show a particular effort to confer",
                prob, self.flag
            ),
            _ => format!(
                "score {:.2} is between the thresholds {:.2} and {:.2}: needs a person's review",
                prob, self.flag, self.pass
            ),
        }
    }

    /// Verdict plus short reasons a clerk can act on, without a court profile: the score
    /// against the thresholds, and, for anything not sufficient, the rubric elements the
    /// model did not find.
    pub fn decide(&self, scored: &Scored) -> (Verdict, Vec<String>) {
        let verdict = self.verdict(scored.prob);
        let mut reasons = vec![self.score_reason(verdict, scored.prob)];
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

/// Elements whose rule evidence is reliable enough to count on its own: a date, a means, an
/// exchange or an outcome found by the rules is there even when the element head doubts it.
/// Measured against annotated elements (`scripts/element_sources.py`): for these four, head
/// or rules has a higher F1 than the head alone on written and on real statements; for
/// participants and issues it does not.
pub const RULE_RELIABLE: [&str; 4] = ["when", "means", "dialogue", "outcome"];

/// One rubric element in the record: the element head's probability, whether it counts as
/// shown, and the rule evidence (character offsets into the statement).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ElementView {
    pub p: f64,
    pub present: bool,
    pub spans: Vec<Hit>,
}

/// The model's element probabilities merged with the rule evidence, in [`ELEMENTS`] order:
/// present = p >= 0.5, or a rule span for the [`RULE_RELIABLE`] elements.
pub fn merge_elements(scored: &Scored, ev: &Evidence) -> Vec<(&'static str, ElementView)> {
    ELEMENTS
        .iter()
        .zip(scored.elements)
        .map(|(&name, p)| {
            let rule = ev.element(name).cloned().unwrap_or_default();
            let p = if p.is_finite() { p } else { 0.0 };
            let present = p >= ELEMENT_PRESENT || (RULE_RELIABLE.contains(&name) && rule.present);
            let view = ElementView {
                p: (f64::from(p) * 1000.0).round() / 1000.0,
                present,
                spans: rule.spans,
            };
            (name, view)
        })
        .collect()
}

/// A court-profile requirement the statement does not meet.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub grade: Grade,
    /// The rule cited.
    pub rule: String,
    /// What is missing or wrong, without the citation.
    pub finding: String,
    /// The rule demands it, but the rules found words for it that the element head doubts:
    /// graded `expected` (review), not a hard failure.
    pub uncertain: bool,
}

impl Finding {
    /// The reason as written into the record, citing the rule.
    pub fn reason(&self) -> String {
        if self.grade == Grade::Required || self.uncertain {
            format!("{}: {}", self.rule, self.finding)
        } else {
            format!("{} (expected by case law): {}", self.rule, self.finding)
        }
    }
}

/// The profile a record was judged under, for the record's `profile` field.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ProfileRef {
    pub id: String,
    pub rule: String,
    pub why: String,
}

/// A verdict under a court profile, with everything the record shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub elements: Vec<(&'static str, ElementView)>,
    pub findings: Vec<Finding>,
    pub profile: ProfileRef,
}

impl Decision {
    /// `{"participants": {"p": .., "present": .., "spans": [..]}, ...}`
    pub fn elements_json(&self) -> Value {
        let m: Map<String, Value> = self
            .elements
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    serde_json::to_value(v).unwrap_or(Value::Null),
                )
            })
            .collect();
        Value::Object(m)
    }

    /// `{"id": .., "rule": .., "why": ..}`
    pub fn profile_json(&self) -> Value {
        json!({"id": self.profile.id, "rule": self.profile.rule, "why": self.profile.why})
    }
}

fn means_list(ms: &[Means]) -> String {
    let words: Vec<&str> = ms
        .iter()
        .map(|m| match m {
            Means::InPerson => "in person",
            Means::Phone => "telephone",
            Means::Video => "video",
            Means::Letter => "letter",
            Means::Email => "email",
            Means::Voicemail => "voicemail",
            Means::TextMessage => "text message",
            Means::Fax => "fax",
        })
        .collect();
    words.join(", ")
}

/// Checks one requirement: `Some(finding)` when the statement does not meet it.
fn unmet(
    check: Check,
    min_attempts: u32,
    present: &dyn Fn(&str) -> bool,
    ev: &Evidence,
) -> Option<String> {
    let missing = |name: &str, what: &str| (!present(name)).then(|| what.to_string());
    match check {
        Check::Date => missing("when", "no date of the conference"),
        Check::Time => (!ev.time.present).then(|| "no time of the conference".into()),
        Check::Place => missing("means", "no place or medium of the conference"),
        Check::Method => missing(
            "means",
            "no manner of the conference (in person, telephone, video, letter, email)",
        ),
        Check::Participants => missing("participants", "the participants are not identified"),
        Check::Names => (!ev.names.present).then(|| "no names of the participants".into()),
        Check::Dialogue => missing("dialogue", "no two-way exchange (an actual conference) is described"),
        Check::Issues => missing(
            "issues",
            "what was discussed (the requests or relief in dispute) is not stated",
        ),
        Check::Outcome => missing(
            "outcome",
            "the outcome (opposed, unopposed, narrowed, impasse) is not stated",
        ),
        Check::LiveContact => ev.written_only().then(|| {
            format!(
                "only written or recorded contact ({}), no conference in person, by telephone or by video",
                means_list(&ev.means_used)
            )
        }),
        Check::SingleContact => (ev.written_only()
            && ev.attempts <= 1
            && (ev.one_way.present || !present("dialogue")))
        .then(|| {
            format!(
                "a single {} is one-way contact, not a conference",
                means_list(&ev.means_used)
            )
        }),
        Check::Timely => ev.late.spans.first().map(|h| {
            format!(
                "the contact came after filing or too close to it (\"{}\")",
                h.text
            )
        }),
        Check::Attempts => {
            let no_conference =
                ev.no_conference.present || ev.one_way.has_cue(&["no_response"]);
            (min_attempts > 0 && no_conference && ev.attempts < min_attempts as usize).then(|| {
                format!(
                    "{} attempt(s) described before certifying no response; at least {} are needed",
                    ev.attempts, min_attempts
                )
            })
        }
    }
}

/// The element a check is about, to avoid repeating it as a plain missing element.
fn element_of(check: Check) -> Option<&'static str> {
    Some(match check {
        Check::Date => "when",
        Check::Place | Check::Method => "means",
        Check::Participants | Check::Names => "participants",
        Check::Dialogue => "dialogue",
        Check::Issues => "issues",
        Check::Outcome => "outcome",
        _ => return None,
    })
}

/// Joins pairs that read better as one finding ("no date and time of the conference").
fn combine(mut findings: Vec<Finding>) -> Vec<Finding> {
    for (a, b, joined) in [
        (
            Check::Date,
            Check::Time,
            "no date and time of the conference",
        ),
        (
            Check::Place,
            Check::Method,
            "no place or manner of the conference (in person, telephone, video)",
        ),
        (
            Check::Participants,
            Check::Names,
            "the participants are not named",
        ),
    ] {
        let ia = findings.iter().position(|f| f.check == a);
        let ib = findings.iter().position(|f| f.check == b);
        if let (Some(ia), Some(ib)) = (ia, ib) {
            if findings[ia].grade == findings[ib].grade && findings[ia].rule == findings[ib].rule {
                findings[ia].finding = joined.to_string();
                findings.remove(ib);
            }
        }
    }
    findings
}

/// The unmet requirements of a profile (required first), and the rule evidence behind them.
pub fn check_profile(
    reqs: &[Requirement],
    min_attempts: u32,
    elements: &[(&'static str, ElementView)],
    ev: &Evidence,
) -> Vec<Finding> {
    let present = |name: &str| elements.iter().any(|(k, v)| *k == name && v.present);
    let unopposed = ev.outcome.has_cue(&["unopposed"]) && !ev.outcome.has_cue(&["opposed"]);
    let mut findings: Vec<Finding> = Vec::new();
    for r in reqs {
        if r.opposed_only && unopposed {
            continue;
        }
        // A single written contact is already covered by "only written contact".
        if r.check == Check::SingleContact
            && findings
                .iter()
                .any(|f| f.check == Check::LiveContact && f.grade >= r.grade)
        {
            continue;
        }
        let Some(mut finding) = unmet(r.check, min_attempts, &present, ev) else {
            continue;
        };
        // The element head doubts an element the rules found words for: not a confident
        // absence, so never a hard failure; a person should look.
        let (mut grade, mut uncertain) = (r.grade, false);
        if let Some((name, view)) = element_of(r.check)
            .filter(|_| {
                matches!(
                    r.check,
                    Check::Participants | Check::Dialogue | Check::Issues | Check::Outcome
                )
            })
            .and_then(|name| elements.iter().find(|(k, _)| *k == name))
        {
            if let Some(hit) = view.spans.first() {
                uncertain = grade == Grade::Required;
                grade = grade.min(Grade::Expected);
                finding = format!(
                    "{finding} (uncertain: the element head gives {} {:.2}, the text says \"{}\")",
                    name, view.p, hit.text
                );
            }
        }
        findings.push(Finding {
            check: r.check,
            grade,
            rule: r.rule.clone(),
            finding,
            uncertain,
        });
    }
    let mut findings = combine(findings);
    findings.sort_by_key(|f| std::cmp::Reverse(f.grade));
    findings
}

impl Decider {
    /// Verdict under a court profile: thresholds on the model score first, then the
    /// profile's requirements checked against the element evidence, which the caller
    /// computed once: the rule evidence `ev` and its merge with the element head
    /// (`elements`, from [`merge_elements`]).
    pub fn decide_in(
        &self,
        reg: &Registry,
        scored: &Scored,
        ev: &Evidence,
        elements: Vec<(&'static str, ElementView)>,
        choice: &Choice,
    ) -> Decision {
        let (reqs, min_attempts) = reg.requirements(choice.profile);
        let findings = check_profile(&reqs, min_attempts, &elements, ev);
        let by_score = self.verdict(scored.prob);
        let verdict = if findings.iter().any(|f| f.grade == Grade::Required) {
            Verdict::Insufficient
        } else if by_score == Verdict::Sufficient && !findings.is_empty() {
            Verdict::Review
        } else {
            by_score
        };
        let mut reasons = Vec::new();
        if verdict == by_score {
            reasons.push(self.score_reason(by_score, scored.prob));
        } else {
            reasons.push(format!(
                "score {:.2} alone would make it {by_score} (thresholds {:.2} / {:.2}); the court's rule makes it {verdict}",
                scored.prob, self.flag, self.pass
            ));
        }
        reasons.extend(findings.iter().map(Finding::reason));
        if verdict != Verdict::Sufficient {
            let covered: Vec<&str> = findings
                .iter()
                .filter_map(|f| element_of(f.check))
                .collect();
            for (name, v) in &elements {
                if !v.present && !covered.contains(name) {
                    reasons.push(missing_phrase(name).to_string());
                }
            }
        }
        if findings.is_empty() {
            reasons.push(format!(
                "{}: no requirement found unmet",
                choice.profile.rule
            ));
        }
        Decision {
            verdict,
            reasons,
            elements,
            findings,
            profile: ProfileRef {
                id: choice.profile.id.clone(),
                rule: choice.profile.rule.clone(),
                why: choice.why.to_string(),
            },
        }
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

    fn decide_under(id: &str, text: &str, s: &Scored) -> Decision {
        let reg = Registry::embedded().unwrap();
        let choice = Choice {
            profile: reg.get(id).unwrap(),
            why: crate::judge::court::Why::Flag,
        };
        let ev = crate::find::elements::detect(text);
        Decider::new(0.3, 0.7).decide_in(reg, s, &ev, merge_elements(s, &ev), &choice)
    }

    #[test]
    fn rule_reliable_elements_count_without_the_model() {
        let ev = crate::find::elements::detect("On May 3, 2022, counsel discussed it by phone.");
        let m = merge_elements(&scored(0.9, [0.1; 6]), &ev);
        let present: Vec<(&str, bool)> = m.iter().map(|(k, v)| (*k, v.present)).collect();
        assert_eq!(
            present,
            [
                ("participants", false),
                ("when", true),
                ("means", true),
                // "discussed": an exchange in words counts even when the head doubts it.
                ("dialogue", true),
                ("issues", false),
                ("outcome", false)
            ]
        );
        assert_eq!(m[1].1.p, 0.1);
        // A NaN from a broken model is absent, not a panic.
        let m = merge_elements(&scored(0.9, [f32::NAN; 6]), &ev);
        assert_eq!(m[0].1.p, 0.0);
    }

    #[test]
    fn a_doubted_but_worded_required_element_is_review_not_insufficient() {
        let text = "On March 3, 2023, at 2:00 p.m., Ms. Roe and Mr. Doe discussed RFP 9 by \
                    telephone; Defendant opposes the motion.";
        let mut s = scored(0.9, [0.9; 6]);
        // Participants doubted by the head (not an element whose rule evidence counts on
        // its own), but "Ms. Roe" is there.
        s.elements[0] = 0.2;
        let d = decide_under("nd-ill-37-2", text, &s);
        assert_eq!(d.verdict, Verdict::Review, "{:?}", d.reasons);
        let f = &d.findings[0];
        assert!(f.uncertain && f.grade == Grade::Expected, "{f:?}");
        assert!(
            d.reasons[1].starts_with("N.D. Ill. L.R. 37.2: the participants are not identified")
        );
        assert!(d.reasons[1].contains("\"Ms. Roe"), "{:?}", d.reasons);
        // No words for them either: a hard failure.
        let bare = text.replace("Ms. Roe and Mr. Doe", "the parties");
        let d = decide_under("nd-ill-37-2", &bare, &s);
        assert_eq!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
    }

    #[test]
    fn legacy_decide_is_unchanged_by_profiles() {
        let d = Decider::new(0.3, 0.7);
        assert_eq!(d.court, None);
        let (v, r) = d.decide(&scored(0.9, [0.1; 6]));
        assert_eq!((v, r.len()), (Verdict::Sufficient, 1));
    }
}
