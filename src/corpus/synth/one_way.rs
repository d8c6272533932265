//! Kinds of one-way or untimely contact (`data/synth/one_way.toml`): a detailed email or
//! letter, a draft motion, a voicemail, contact on the eve of filing or after it. Detailed
//! as they may be, none shows a two-way exchange before filing.

use std::fmt::Display;

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::cap;
use super::bank::Texts;
use super::ctx::Ctx;
use super::people::possessive;
use super::phrases::{
    boilerplate_paragraph, clock, confer_with, discussion, duration, exhibit, lead,
    no_response_tail, on, outcome, para_sep, subject_line, with_lead,
};
use super::topics::{concession, issue, requests, short_issue};
use super::Els;

/// A single email or letter, described in detail: one-way, so insufficient.
pub(super) fn k_one_way_detailed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("one_way_detailed_email");
    let body = one_way_detailed_body(r, c, e, v);
    // Now and then the same long recital that precedes real specifics elsewhere.
    let opens = T.list("recital_before");
    let may_follow = opens.iter().any(|s| body.starts_with(s.as_str()));
    if may_follow && r.random_bool(0.3) {
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
