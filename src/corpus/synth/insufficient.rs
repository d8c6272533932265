//! Kinds whose statements fall short of the rubric (`data/synth/insufficient.toml`).

use std::fmt::Display;

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::cap;
use super::ctx::Ctx;
use super::kinds::Texts;
use super::people::possessive;
use super::phrases::{
    boilerplate_paragraph, clock, confer_with, discussion, duration, exhibit, lead,
    no_response_tail, on, opp_vague_or_counsel, outcome, para_sep, position, subject_line,
    with_lead,
};
use super::topics::{concession, issue, requests, short_issue, two_issues};
use super::Els;

/// Short recital of the rule: no who, when, how or what.
pub(super) fn k_boilerplate(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("boilerplate_rule_recital");
    match v {
        0 => {
            let (opp, named) = opp_vague_or_counsel(r, c);
            e.participants = named;
            e.outcome = true;
            c.fill(T.t("v0"), &[("opp", &opp)])
        }
        1 => {
            e.issues = true;
            e.outcome = true;
            let lead = c.fill(T.t("v1_lead"), &[("cite", &c.rule_cite(r))]);
            let end = T.pick(r, "v1_end");
            with_lead(&lead, &c.fill(T.t("v1"), &[("end", &end)]))
        }
        2 => c.fill(
            T.t("v2"),
            &[("cite", &c.rule_cite(r)), ("end", &T.pick(r, "v2_end"))],
        ),
        3 => {
            e.participants = true;
            e.issues = true;
            let aim = T.pick(r, "v3_aim");
            let required = if r.random_bool(0.6) {
                c.fill(T.t("v3_required"), &[("cite", &c.rule_cite(r))])
            } else {
                String::new()
            };
            c.fill(T.t("v3"), &[("aim", &aim), ("required", &required)])
        }
        _ => {
            e.outcome = true;
            e.issues = true;
            c.fill(T.t("v4"), &[("result", &T.pick(r, "v4_result"))])
        }
    }
}

/// Long boilerplate citing rules and case law, still without particulars.
pub(super) fn k_boilerplate_long(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("boilerplate_long");
    let mut p = boilerplate_paragraph(r, c, e);
    match v {
        0 => {}
        1 => {
            e.outcome = true;
            p.push_str(&para_sep(r));
            let narrowed = if r.random_bool(0.4) {
                T.t("v1_narrowed")
            } else {
                ""
            };
            let request = T.pick(r, "v1_request");
            p.push_str(&c.fill(T.t("v1"), &[("narrowed", &narrowed), ("request", &request)]));
        }
        _ => {
            e.outcome = true;
            p.push_str(&c.fill(T.t("v2"), &[]));
        }
    }
    p
}

/// States that the parties conferred by some means, but not who, when or about what exactly.
pub(super) fn k_conclusory_means(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("conclusory_with_means");
    e.means = true;
    e.dialogue = true;
    match v {
        0 => {
            e.issues = true;
            e.outcome = true;
            c.fill(
                T.t("v0"),
                &[
                    ("head", &with_lead(&lead(r, c), T.t("v0_head"))),
                    ("means", &T.pick(r, "v0_means")),
                    ("matters", &T.pick(r, "v0_matters")),
                ],
            )
        }
        1 => {
            e.means = false;
            e.participants = true;
            e.outcome = true;
            let we = &T.list("v1_we")[usize::from(c.first_person)];
            c.fill(T.t("v1"), &[("often", &T.pick(r, "v1_often")), ("we", we)])
        }
        2 => c.fill(
            T.t("v2"),
            &[
                ("required", &T.pick(r, "v2_required")),
                ("cite", &c.rule_cite(r)),
                ("means", &T.pick(r, "v2_means")),
            ],
        ),
        _ => {
            e.participants = true;
            e.issues = true;
            e.outcome = true;
            c.fill(
                T.t("v3"),
                &[
                    ("issue", &issue(r, c)),
                    ("means", &T.pick(r, "v3_means")),
                    ("refused", &T.pick(r, "v3_refused")),
                ],
            )
        }
    }
}

/// A single email or letter, described in detail: one-way, so insufficient.
pub(super) fn k_one_way_detailed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("one_way_detailed_email");
    let body = one_way_detailed_body(r, c, e, v);
    // Now and then the same long recital that precedes real specifics elsewhere.
    if (body.starts_with("On ") || body.starts_with("By ")) && r.random_bool(0.3) {
        let recital = boilerplate_paragraph(r, c, &mut Els::default());
        format!(
            "{}{}{}",
            recital,
            para_sep(r),
            with_lead(T.pick(r, "specifics"), &body)
        )
    } else {
        body
    }
}

fn one_way_detailed_body(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("one_way_detailed_email");
    e.participants = true;
    e.when = true;
    e.means = true;
    e.issues = true;
    let d1 = c.start;
    let d2 = d1.add_bd(r, 3, 10);
    let issue = issue(r, c);
    let end = no_response_tail(r, c, e);
    let vars: [(&str, &dyn Display); 4] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("issue", &issue),
        ("end", &end),
    ];
    match v {
        0 => {
            let lead = lead(r, c);
            let clock = clock(r);
            let copied = if r.random_bool(0.4) {
                c.fill(T.t("v0_copied"), &[])
            } else {
                String::new()
            };
            let subject = subject_line(r, c);
            let head = c.fill_vars(
                T.t("v0_head"),
                &vars,
                &[
                    ("clock", &clock),
                    ("copied", &copied),
                    ("subject", &subject),
                ],
            );
            let ask = T.pick(r, "v0_ask");
            let exhibit = exhibit(r);
            c.fill_vars(
                T.t("v0"),
                &vars,
                &[
                    ("head", &with_lead(&lead, &head)),
                    ("ask", &ask),
                    ("exhibit", &exhibit),
                ],
            )
        }
        1 => {
            let via = T.pick(r, "v1_via");
            let requests = requests(r);
            let days = T.pick(r, "v1_days");
            let exhibit = exhibit(r);
            c.fill_vars(
                T.t("v1"),
                &vars,
                &[
                    ("via", &via),
                    ("requests", &requests),
                    ("days", &days),
                    ("exhibit", &exhibit),
                ],
            )
        }
        2 => c.fill_vars(T.t("v2"), &vars, &[("conc", &concession(r, c))]),
        _ => {
            let pages = r.random_range(2..9);
            let exhibit = exhibit(r);
            c.fill_vars(
                T.t("v3"),
                &vars,
                &[("pages", &pages), ("exhibit", &exhibit)],
            )
        }
    }
}

/// A single demand ("golden rule") letter.
pub(super) fn k_one_way_letter(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("one_way_letter");
    e.when = true;
    e.means = true;
    e.issues = true;
    let d1 = c.start;
    let d2 = d1.add_bd(r, 5, 12);
    let issue = issue(r, c);
    let vars: [(&str, &dyn Display); 3] =
        [("d1", &c.date(d1)), ("d2", &c.date(d2)), ("issue", &issue)];
    match v {
        0 => {
            e.participants = true;
            let mut s = c.fill(T.t("v0"), &vars);
            if r.random_bool(0.6) {
                e.outcome = true;
                s.push_str(&c.fill(T.t("v0_silence"), &[]));
            }
            with_lead(&lead(r, c), &s)
        }
        1 => {
            e.participants = true;
            e.outcome = true;
            c.fill_vars(T.t("v1"), &vars, &[("requests", &requests(r))])
        }
        _ => {
            e.participants = true;
            e.outcome = true;
            c.fill(T.t("v2"), &vars)
        }
    }
}

/// Sending the draft motion and asking for a position.
pub(super) fn k_draft_motion(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("draft_motion_sent");
    e.when = true;
    e.means = true;
    e.issues = true;
    e.participants = true;
    let tail = no_response_tail(r, c, e);
    match v {
        0 => {
            let head = dated_lead(r, c);
            c.fill(T.t("v0"), &[("head", &head), ("tail", &tail)])
        }
        _ => c.fill(T.t("v1"), &[("tail", &tail)]),
    }
}

/// A lead-in and the day of contact: "Pursuant to Local Rule 7.1, on March 3, 2021".
fn dated_lead(r: &mut StdRng, c: &Ctx) -> String {
    let lead = lead(r, c);
    with_lead(&lead, &cap(&on(r, c, c.start)))
}

/// One unreturned voicemail.
pub(super) fn k_single_voicemail(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("single_voicemail");
    e.when = true;
    e.means = true;
    e.issues = true;
    e.participants = true;
    let issue = issue(r, c);
    match v {
        0 => {
            e.outcome = true;
            let head = dated_lead(r, c);
            c.fill(T.t("v0"), &[("head", &head), ("issue", &issue)])
        }
        1 => {
            let head = dated_lead(r, c);
            c.fill(
                T.t("v1"),
                &[
                    ("head", &head),
                    ("o_mid_bare", &c.o_mid.trim_end_matches(',')),
                    ("about", &short_issue(r, c)),
                ],
            )
        }
        _ => c.fill(
            T.t("v2"),
            &[
                ("o_atty_poss", &possessive(&c.o_atty.full(), false)),
                ("issue", &issue),
            ],
        ),
    }
}

/// Conferral only after the motion was filed (or promised for later).
pub(super) fn k_after_filing(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("after_filing");
    let filed = c.start;
    let later = filed.add_bd(r, 2, 15);
    let dates: [(&str, &dyn Display); 2] = [("filed", &c.date(filed)), ("later", &c.date(later))];
    match v {
        0 => {
            e.set_all();
            let confer = confer_with(r, c, &c.o_mid);
            let duration = duration(r);
            let discussion = if r.random_bool(0.4) {
                discussion(r, c) + " "
            } else {
                String::new()
            };
            let outcome = outcome(r, c);
            c.fill_vars(
                T.t("v0"),
                &dates,
                &[
                    ("confer", &confer),
                    ("duration", &duration),
                    ("discussion", &discussion),
                    ("outcome", &outcome),
                ],
            )
        }
        1 => {
            e.participants = true;
            e.issues = true;
            c.fill(T.t("v1"), &[("urgency", &T.pick(r, "v1_urgency"))])
        }
        2 => {
            e.set_all();
            let issue = issue(r, c);
            let outcome = outcome(r, c);
            c.fill_vars(
                T.t("v2"),
                &dates,
                &[("issue", &issue), ("outcome", &outcome)],
            )
        }
        _ => {
            e.participants = true;
            e.when = true;
            e.issues = true;
            c.fill(T.t("v3"), &dates)
        }
    }
}

/// Contact hours before filing, leaving no real time to respond.
pub(super) fn k_eve_of_filing(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("eve_of_filing");
    e.participants = true;
    e.when = true;
    e.means = true;
    e.issues = true;
    let (h1, h2) = (r.random_range(1..5), r.random_range(5..9));
    match v {
        0 => {
            e.outcome = true;
            let m1 = format!("{:02}", 5 * r.random_range(0..12));
            let m2 = format!("{:02}", 5 * r.random_range(0..12));
            c.fill(
                T.t("v0"),
                &[("h1", &h1), ("m1", &m1), ("h2", &h2), ("m2", &m2)],
            )
        }
        1 => c.fill(
            T.t("v1"),
            &[
                ("hours", &T.pick(r, "v1_hours")),
                ("about", &short_issue(r, c)),
            ],
        ),
        _ => {
            e.outcome = true;
            c.fill(
                T.t("v2"),
                &[
                    ("tried", &T.pick(r, "v2_tried")),
                    ("when", &T.pick(r, "v2_when")),
                ],
            )
        }
    }
}

/// A timeline of discovery events, but no conferral at all.
pub(super) fn k_dates_no_conferral(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("dates_no_conferral");
    // The dates are of service and deadlines, not of any contact: `when` stays false.
    e.issues = true;
    let d1 = c.start;
    let d2 = d1.add(30);
    let d3 = d2.add_bd(r, 3, 20);
    let dates: [(&str, &dyn Display); 3] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("d3", &c.date(d3)),
    ];
    match v {
        0 => {
            let served = T.pick(r, "v0_served");
            let requests = requests(r);
            c.fill_vars(
                T.t("v0"),
                &dates,
                &[("served", &served), ("requests", &requests)],
            )
        }
        1 => c.fill_vars(
            T.t("v1"),
            &dates,
            &[
                ("objected", &c.date(d1.add_bd(r, 5, 15))),
                ("deadline", &c.date(d3.add(30))),
            ],
        ),
        _ => c.fill_vars(
            T.t("v2"),
            &dates,
            &[
                ("deadline", &c.date(d3.add(40))),
                ("requests", &requests(r)),
            ],
        ),
    }
}

/// No conference took place, and no adequate reason is given.
pub(super) fn k_no_conference(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("no_conference_no_reason");
    match v {
        0 => c.fill(T.t("v0"), &[("opp", &opp_vague_or_counsel(r, c).0)]),
        1 => {
            e.participants = true;
            e.issues = true;
            c.fill(T.t("v1"), &[])
        }
        2 => {
            let lead = lead(r, c);
            let end = T.pick(r, "v2_end");
            with_lead(&lead, &c.fill(T.t("v2"), &[("end", &end)]))
        }
        _ => c.fill(T.t("v3"), &[]),
    }
}

/// Only the other side's position, with no account of the conferral.
pub(super) fn k_opposed_only(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("opposed_only");
    e.outcome = true;
    match v {
        0 => c.fill(T.pick(r, "v0"), &[]),
        1 => {
            e.participants = true;
            c.fill(T.t("v1"), &[])
        }
        2 => {
            e.participants = true;
            c.fill(T.t("v2"), &[("nth", &T.pick(r, "v2_nth"))])
        }
        3 => {
            e.participants = true;
            e.dialogue = true;
            e.issues = true;
            c.fill(T.t("v3"), &[("pos", &position(r, c))])
        }
        _ => {
            e.participants = true;
            e.dialogue = true;
            e.issues = true;
            c.fill(T.t("v4"), &[])
        }
    }
}

/// "Attempted to confer" without dates or specifics.
pub(super) fn k_attempted_no_specifics(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("attempted_no_specifics");
    match v {
        0 => {
            let (opp, named) = opp_vague_or_counsel(r, c);
            e.participants = named;
            e.issues = true;
            e.outcome = true;
            let lead = lead(r, c);
            with_lead(&lead, &c.fill(T.t("v0"), &[("opp", &opp)]))
        }
        1 => {
            e.participants = true;
            e.issues = true;
            e.outcome = true;
            c.fill(T.t("v1"), &[])
        }
        2 => {
            e.participants = true;
            e.means = true;
            e.outcome = true;
            c.fill(T.t("v2"), &[("means", &T.pick(r, "v2_means"))])
        }
        3 => {
            e.participants = true;
            c.fill(T.t("v3"), &[])
        }
        _ => {
            e.participants = true;
            e.outcome = true;
            c.fill(T.t("v4"), &[("assumed", &T.pick(r, "v4_assumed"))])
        }
    }
}

/// A real conference that is stale (more than a year old) or about a different dispute.
pub(super) fn k_stale_or_unrelated(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("stale_or_unrelated");
    e.set_all();
    match v {
        0 => {
            let filed = c.start.add(r.random_range(380..600));
            c.fill(
                T.t("v0"),
                &[
                    ("how", &T.pick(r, "v0_how")),
                    ("issue", &issue(r, c)),
                    ("result", &T.pick(r, "v0_result")),
                    ("filed", &c.date(filed)),
                ],
            )
        }
        _ => c.fill(T.t("v1"), &[("issue", &issue(r, c))]),
    }
}

/// A real conference, but about only part of what the motion asks for.
pub(super) fn k_incomplete_conference(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("incomplete_conference");
    e.set_all();
    let (i1, i2) = two_issues(r, c);
    let issues: [(&str, &dyn Display); 2] = [("i1", &i1), ("i2", &i2)];
    match v {
        0 => {
            let on = on(r, c, c.start);
            let confer = confer_with(r, c, &c.o_mid);
            let duration = duration(r);
            let outcome = outcome(r, c);
            c.fill_vars(
                T.t("v0"),
                &issues,
                &[
                    ("on", &on),
                    ("confer", &confer),
                    ("duration", &duration),
                    ("outcome", &outcome),
                ],
            )
        }
        _ => {
            let met = T.pick(r, "v1_met");
            let conc = concession(r, c);
            c.fill_vars(T.t("v1"), &issues, &[("met", &met), ("conc", &conc)])
        }
    }
}
