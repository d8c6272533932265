//! Court-profile verdicts through the library API, with constructed model scores: no model
//! is loaded, so these pin the decider's rules, not the transformer.

use conferral::find::elements;
use conferral::judge::court::{self, Why};
use conferral::judge::decide::{merge_elements, Decider, Decision};
use conferral::judge::profiles::{Grade, Registry};
use conferral::model::classifier::Scored;
use conferral::report::record::Verdict;

fn reg() -> &'static Registry {
    Registry::embedded().unwrap_or_else(|e| panic!("{e}"))
}

/// A model score: `prob` sufficient, every element head at `elements`.
fn scored(prob: f32, elements: f32) -> Scored {
    Scored {
        margin: 0.0,
        raw_prob: prob,
        prob,
        elements: [elements; 6],
        tokens: 50,
    }
}

const DECIDER: Decider = Decider {
    flag: 0.3,
    pass: 0.7,
    court: None,
};

/// Decides `statement` as the pipeline does: its evidence found once, merged, handed on.
fn judge(d: &Decider, statement: &str, s: &Scored, choice: &court::Choice) -> Decision {
    let ev = elements::detect(statement);
    d.decide_in(reg(), s, &ev, merge_elements(s, &ev), choice)
}

/// Decides `statement` under the profile `id` (as if given with --court).
fn under(id: &str, statement: &str, s: &Scored) -> Decision {
    let d = DECIDER.with_court(id).unwrap();
    let choice = court::choose(reg(), d.court, statement);
    assert_eq!(choice.why, Why::Flag);
    judge(&d, statement, s, &choice)
}

/// Decides a whole document: court detected from its caption.
fn document(doc: &str, statement: &str, s: &Scored) -> Decision {
    let choice = court::choose(reg(), None, doc);
    judge(&DECIDER, statement, s, &choice)
}

fn has_reason(d: &Decision, needle: &str) -> bool {
    d.reasons.iter().any(|r| r.contains(needle))
}

/// Everything any profile asks for: date, time, place, live means, named participants,
/// issues, outcome.
const COMPLETE: &str = "On March 3, 2023, at 2:00 p.m., counsel for Plaintiff, Jane Roe, and \
    counsel for Defendant, John Doe, met in person at the offices of Doe & Lee LLP and \
    discussed Interrogatories Nos. 3-7 and Request for Production No. 9 for about an hour. \
    They narrowed the dispute to RFP 9; Defendant opposes the relief requested in this motion.";

const BOILERPLATE: &str = "Counsel for the movant certifies that he has in good faith conferred \
    with opposing counsel in an effort to resolve the dispute without court action, and was \
    unable to do so.";

#[test]
fn d_nev_email_only_is_insufficient_even_with_a_high_score() {
    let st = "On May 3, 2022, at 10:15 a.m., Mr. Allen, counsel for Plaintiff, emailed \
              Ms. Baker, counsel for Defendant, a detailed letter on Requests 1-5, and the \
              parties exchanged emails discussing each request. Defendant opposes the motion.";
    let d = under("d-nev-ia-1-3-f", st, &scored(0.97, 0.95));
    assert_eq!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
    assert!(
        has_reason(
            &d,
            "D. Nev. LR IA 1-3(f) and LR 26-7(c): only written or recorded contact"
        ),
        "{:?}",
        d.reasons
    );
    assert!(
        d.reasons[0].contains("alone would make it sufficient"),
        "{:?}",
        d.reasons
    );
    // The same exchange by telephone, with its place (the medium), passes.
    let st = st
        .replace("emailed", "telephoned")
        .replace("exchanged emails", "spoke by phone");
    let st = st.replace("a detailed letter on", "about");
    let d = under("d-nev-ia-1-3-f", &st, &scored(0.97, 0.95));
    assert_eq!(d.verdict, Verdict::Sufficient, "{:?} {st}", d.reasons);
    assert!(has_reason(&d, "no requirement found unmet"));
    // Voicemails are not a conference in D. Nev. either.
    let vm = "On May 3, 2022, at 9:00 a.m., Mr. Allen left a voicemail for Ms. Baker about \
              Requests 1-5; she did not respond. Defendant opposes the motion.";
    assert_eq!(
        under("d-nev-ia-1-3-f", vm, &scored(0.9, 0.9)).verdict,
        Verdict::Insufficient
    );
}

#[test]
fn nd_ill_without_time_is_insufficient() {
    let st = "On March 3, 2023, counsel for Plaintiff, Jane Roe, and counsel for Defendant, \
              John Doe, conferred by telephone regarding Interrogatories 3-7. The parties \
              reached an impasse.";
    let d = under("nd-ill-37-2", st, &scored(0.95, 0.9));
    assert_eq!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
    assert!(
        has_reason(&d, "N.D. Ill. L.R. 37.2: no time of the conference"),
        "{:?}",
        d.reasons
    );
    assert_eq!(d.findings.len(), 1, "{:?}", d.findings);
    // With the time it passes.
    let timed = st.replace("2023, counsel", "2023, at 3:30 p.m. CST, counsel");
    let d = under("nd-ill-37-2", &timed, &scored(0.95, 0.9));
    assert_eq!(d.verdict, Verdict::Sufficient, "{:?}", d.reasons);
    // Neither date nor time: one reason, worded as the rule does.
    let undated = "Counsel for Plaintiff, Jane Roe, and counsel for Defendant, John Doe, \
                   conferred by telephone regarding Interrogatories 3-7 and reached an impasse.";
    let d = under("nd-ill-37-2", undated, &scored(0.95, 0.1));
    assert!(
        has_reason(
            &d,
            "N.D. Ill. L.R. 37.2: no date and time of the conference"
        ),
        "{:?}",
        d.reasons
    );
}

#[test]
fn d_kan_single_letter_is_insufficient() {
    let st = "On June 1, 2021, Plaintiff's counsel, Ms. Ortiz, sent a letter to defense \
              counsel identifying the deficiencies in Defendant's responses to Interrogatories \
              2 and 4. Defendant did not respond.";
    let d = under("d-kan-37-2", st, &scored(0.9, 0.8));
    assert_eq!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
    assert!(
        has_reason(&d, "D. Kan. Rule 37.2: a single letter is one-way contact"),
        "{:?}",
        d.reasons
    );
    // Letters followed by a call: the conference happened.
    let st = "Counsel exchanged letters on June 1 and June 8, 2021, then spoke by telephone \
              on June 10, 2021 about Interrogatories 2 and 4; Defendant opposes the motion.";
    let d = under("d-kan-37-2", st, &scored(0.9, 0.8));
    assert_eq!(d.verdict, Verdict::Sufficient, "{:?}", d.reasons);
}

#[test]
fn expected_items_move_sufficient_to_review_only() {
    // D. Kan. case law expects the issues; the rule itself does not list them.
    let st = "On June 10, 2021, counsel for Plaintiff and counsel for Defendant spoke by \
              telephone for thirty minutes. Defendant opposes the motion.";
    let mut s = scored(0.9, 0.9);
    s.elements[4] = 0.1; // issues
    let d = under("d-kan-37-2", st, &s);
    assert_eq!(d.verdict, Verdict::Review, "{:?}", d.reasons);
    let f = &d.findings[0];
    assert_eq!(
        (f.grade, f.rule.as_str()),
        (Grade::Expected, "D. Kan. Rule 37.2")
    );
    assert!(has_reason(
        &d,
        "D. Kan. Rule 37.2 (expected by case law): what was discussed"
    ));
    // An expected item never makes a low score worse than the thresholds did, nor better.
    assert_eq!(
        under("d-kan-37-2", st, &scored(0.5, 0.9)).verdict,
        Verdict::Review
    );
    assert_eq!(
        under("d-kan-37-2", st, &scored(0.1, 0.9)).verdict,
        Verdict::Insufficient
    );
}

#[test]
fn nd_tex_accepts_written_conferral_and_names_only_for_opposed_motions() {
    let st = "On April 4, 2022, counsel for Plaintiff, Ann Lee, conferred by email with \
              counsel for Defendant, Bob Cho, regarding the relief requested. Defendant opposes \
              the motion because it believes the requests are overbroad.";
    let d = under("nd-tex-7-1", st, &scored(0.9, 0.9));
    assert_eq!(d.verdict, Verdict::Sufficient, "{:?}", d.reasons);
    // Opposed, nobody named: the rule demands the identities of the attorneys conferring.
    let anon = "On April 4, 2022, counsel conferred by email regarding the relief requested. \
                Defendant opposes the motion.";
    let d = under("nd-tex-7-1", anon, &scored(0.9, 0.9));
    assert_eq!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
    assert!(has_reason(
        &d,
        "N.D. Tex. L.R. 7.1(a)-(b): no names of the participants"
    ));
    // Unopposed: the date and names are not demanded.
    let unopposed = "Counsel for Defendant has advised that Defendant does not oppose the relief \
                     requested.";
    let d = under("nd-tex-7-1", unopposed, &scored(0.9, 0.9));
    assert_ne!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
}

#[test]
fn court_is_detected_from_the_caption_and_recorded() {
    let doc = format!(
        "IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF ILLINOIS\nEASTERN \
         DIVISION\n\nACME CORP., Plaintiff,\nv.\nWIDGET LLC, Defendant.\n\nMOTION TO COMPEL\n\n\
         LOCAL RULE 37.2 STATEMENT\n{COMPLETE}"
    );
    let d = document(&doc, COMPLETE, &scored(0.95, 0.95));
    assert_eq!(d.profile.id, "nd-ill-37-2");
    assert_eq!(d.profile.rule, "N.D. Ill. L.R. 37.2");
    assert_eq!(
        d.profile.why,
        "detected from caption: UNITED STATES DISTRICT COURT FOR THE NORTHERN DISTRICT OF ILLINOIS"
    );
    assert_eq!(d.verdict, Verdict::Sufficient, "{:?}", d.reasons);
    let json = d.profile_json();
    assert_eq!(json["id"], "nd-ill-37-2");
    // No caption: the federal baseline, said so.
    let d = document(COMPLETE, COMPLETE, &scored(0.95, 0.95));
    assert_eq!(
        (d.profile.id.as_str(), d.profile.why.as_str()),
        ("frcp-37", "default")
    );
    assert!(has_reason(
        &d,
        "Fed. R. Civ. P. 37(a)(1): no requirement found unmet"
    ));
}

#[test]
fn a_complete_statement_passes_every_profile() {
    for p in reg().profiles() {
        let d = under(&p.id, COMPLETE, &scored(0.95, 0.95));
        assert_eq!(d.verdict, Verdict::Sufficient, "{}: {:?}", p.id, d.reasons);
        assert!(d.findings.is_empty(), "{}", p.id);
        assert!(
            d.reasons.iter().any(|r| r.contains(&p.rule)),
            "{}: {:?}",
            p.id,
            d.reasons
        );
    }
}

#[test]
fn boilerplate_fails_every_profile_that_requires_particulars() {
    // The model is fooled (high score, elements low); the rules find no date, means or name.
    for p in reg().profiles() {
        let d = under(&p.id, BOILERPLATE, &scored(0.95, 0.2));
        let (reqs, _) = reg().requirements(p);
        let strict = reqs.iter().any(|r| {
            r.grade == Grade::Required
                && matches!(
                    r.check.as_str(),
                    "date"
                        | "time"
                        | "place"
                        | "method"
                        | "names"
                        | "participants"
                        | "dialogue"
                        | "issues"
                )
        });
        if strict {
            assert_eq!(
                d.verdict,
                Verdict::Insufficient,
                "{}: {:?}",
                p.id,
                d.reasons
            );
        } else {
            assert_ne!(d.verdict, Verdict::Sufficient, "{}: {:?}", p.id, d.reasons);
        }
        // Every reason from the profile cites a rule of the profile's stack.
        for f in &d.findings {
            assert!(d.reasons.contains(&f.reason()));
            assert!(reg().stack(p).iter().any(|q| q.rule == f.rule), "{}", p.id);
        }
    }
}

#[test]
fn timing_and_attempts() {
    let late = "On May 3, 2022, two hours before filing this motion, Mr. Kim, counsel for \
                Plaintiff, called Ms. Diaz, counsel for Defendant, and discussed the relief \
                requested. Defendant opposes the motion.";
    let d = under("ddc-lcvr-7-m", late, &scored(0.9, 0.9));
    assert_eq!(d.verdict, Verdict::Review, "{:?}", d.reasons);
    assert!(has_reason(
        &d,
        "(expected by case law): the contact came after filing or too close"
    ));
    // Grimes County: three attempts before certifying no response.
    let two = "Counsel for Movant called counsel for Respondent on May 1, 2023 and emailed on \
               May 2, 2023 regarding the hearing on the motion; counsel did not respond.";
    let d = under("tex-grimes-ccl", two, &scored(0.8, 0.8));
    assert_eq!(d.verdict, Verdict::Insufficient, "{:?}", d.reasons);
    assert!(has_reason(
        &d,
        "2 attempt(s) described before certifying no response; at least 3"
    ));
    let three = two.replace(
        "and emailed on May 2, 2023",
        "emailed on May 2, 2023, and left a voicemail on May 4, 2023",
    );
    let d = under("tex-grimes-ccl", &three, &scored(0.8, 0.8));
    assert_eq!(d.verdict, Verdict::Sufficient, "{:?}", d.reasons);
}

#[test]
fn elements_merge_model_and_rules() {
    // The model doubts every element; the rules find a date and a means.
    let st = "On May 3, 2022, counsel spoke by telephone.";
    let d = under("frcp-37", st, &scored(0.5, 0.1));
    let get = |k: &str| &d.elements.iter().find(|(n, _)| *n == k).unwrap().1;
    assert!(get("when").present && get("means").present);
    assert_eq!(get("when").spans[0].text, "May 3, 2022");
    assert_eq!(get("when").spans[0].start, 3);
    // Participants are not rule-reliable: a role span is evidence, not presence.
    assert!(!get("participants").present);
    assert_eq!(get("when").p, 0.1);
    let json = d.elements_json();
    assert_eq!(json["means"]["spans"][0]["cue"], "phone");
    // "spoke" is dialogue evidence, and dialogue's rule evidence counts on its own (head or
    // rules measured better than the head alone; model card).
    assert_eq!(json["dialogue"]["present"], true);
    assert_eq!(json["dialogue"]["spans"][0]["cue"], "spoke");
    // Issues are not rule-reliable either, and there are no issue words here anyway.
    assert_eq!(json["issues"]["present"], false);
}

#[test]
fn unknown_court_is_an_error() {
    let e = DECIDER.with_court("d-atlantis").unwrap_err().to_string();
    assert!(
        e.contains("unknown court profile") && e.contains("nd-ill-37-2"),
        "{e}"
    );
    assert!(DECIDER.with_court("D-KAN-37-2").is_ok());
}
