//! Kinds whose statements fall short of the rubric without a one-way contact
//! (`data/synth/insufficient.toml`): recitals, bare positions, no conference, a stale or
//! partial one.

use std::fmt::Display;

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::Texts;
use super::ctx::Ctx;
use super::phrases::{
    boilerplate_paragraph, confer_with, duration, lead, on, opp_vague_or_counsel, outcome,
    para_sep, position, with_lead,
};
use super::topics::{concession, issue, requests, two_issues};
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
