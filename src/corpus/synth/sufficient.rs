//! Kinds whose statements show a reasonable effort to confer
//! (`data/synth/sufficient.toml`).

use std::fmt::Display;

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::Texts;
use super::bank::{cap, pick};
use super::ctx::Ctx;
use super::dates::Date;
use super::phrases::{
    boilerplate_paragraph, clock, confer_with, discussion, duration, exhibit, lead, live_means,
    means_noun, on, outcome, para_sep, position, subject_line, time_at, with_lead,
};
use super::topics::{concession, issue, reason, short_issue, two_issues};
use super::Els;

/// A conference that happened: participants, date, means, issues and outcome.
pub(super) fn k_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("complete_phone");
    e.set_all();
    let d = c.start;
    let issue = issue(r, c);
    match v {
        0 => {
            let mut s = c.fill(
                T.t("v0"),
                &[
                    ("on", &on(r, c, d)),
                    ("confer", &confer_with(r, c, &c.o_mid)),
                    ("duration", &duration(r)),
                    ("issue", &issue),
                ],
            );
            if r.random_bool(0.5) {
                s.push(' ');
                s.push_str(&discussion(r, c));
            }
            format!("{} {}", with_lead(&lead(r, c), &s), outcome(r, c))
        }
        1 => c.fill(
            T.t("v1"),
            &[
                ("on", &on(r, c, d)),
                ("time", &time_at(r)),
                ("confer", &confer_with(r, c, &c.o_mid)),
                ("hyphen", &T.pick(r, "v1_hyphen")),
                ("issue", &issue),
                ("outcome", &outcome(r, c)),
            ],
        ),
        2 => {
            let (means, _) = live_means(r, c);
            let method = means_noun(&means);
            let date = c.date(d);
            if *pick(r, &[0, 1]) == 0 {
                c.fill(
                    T.t("v2_table"),
                    &[
                        ("date", &date),
                        ("clock", &clock(r)),
                        ("method", &method),
                        ("issue", &issue),
                        ("outcome", &outcome(r, c)),
                    ],
                )
            } else {
                c.fill(
                    T.t("v2_list"),
                    &[
                        ("head", &with_lead(&lead(r, c), &c.m_cert)),
                        ("date", &date),
                        ("clock", &clock(r)),
                        ("method", &method.to_lowercase()),
                        ("issue", &issue),
                        ("outcome", &outcome(r, c)),
                    ],
                )
            }
        }
        3 => c.fill(
            T.t("v3"),
            &[
                ("met", &T.pick(r, "v3_met")),
                ("on", &on(r, c, d)),
                ("duration", &duration(r)),
                ("issue", &issue),
                ("outcome", &outcome(r, c)),
            ],
        ),
        _ => c.fill(
            T.t("v4"),
            &[
                (
                    "head",
                    &with_lead(&lead(r, c), &c.fill(T.t("v4_head"), &[])),
                ),
                ("met", &T.pick(r, "v4_met")),
                ("means", &live_means(r, c).0),
                ("on", &on(r, c, d)),
                ("issue", &issue),
                ("discussion", &discussion(r, c)),
                ("outcome", &outcome(r, c)),
            ],
        ),
    }
}

/// One or two sentences that still carry participants, date, means and outcome.
pub(super) fn k_short_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("short_complete");
    e.participants = true;
    e.when = true;
    e.means = true;
    e.dialogue = true;
    e.outcome = true;
    let about = if r.random_bool(0.7) {
        e.issues = true;
        let prep = T.pick(r, "about_prep");
        c.fill(
            T.t("about"),
            &[("prep", &prep), ("issue", &short_issue(r, c))],
        )
    } else {
        String::new()
    };
    let pos = position(r, c);
    let d = c.start;
    let on = |r: &mut StdRng, c: &Ctx, d: Date| {
        if r.random_bool(0.12) {
            T.pick(r, "recent").to_string()
        } else {
            on(r, c, d)
        }
    };
    let (means, _) = live_means(r, c);
    let t = T.t(&format!("v{v}"));
    let vars: [(&str, &dyn Display); 3] = [("about", &about), ("pos", &pos), ("means", &means)];
    match v {
        1 => {
            let head = with_lead(&lead(r, c), &cap(&c.m_subj));
            let confer = confer_with(r, c, &c.o_mid);
            let on = on(r, c, d);
            c.fill_vars(
                t,
                &vars,
                &[("head", &head), ("confer", &confer), ("on", &on)],
            )
        }
        2 => {
            let pos_short = T
                .list("pos_objects")
                .iter()
                .fold(pos.as_str(), |p, object| {
                    p.trim_end_matches(object.as_str())
                });
            let confer = confer_with(r, c, &c.o_mid);
            let on = on(r, c, d);
            c.fill_vars(
                t,
                &vars,
                &[("pos_short", &pos_short), ("confer", &confer), ("on", &on)],
            )
        }
        _ => c.fill_vars(t, &vars, &[("on", &on(r, c, d))]),
    }
}

/// A conference that resolved part of the dispute and left a defined remainder.
pub(super) fn k_narrowed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("narrowed_conference");
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 2, 8);
    let (i1, i2) = two_issues(r, c);
    let conc = concession(r, c);
    let why = reason(r, c);
    let vars: [(&str, &dyn Display); 6] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("i1", &i1),
        ("i2", &i2),
        ("conc", &conc),
        ("reason", &why),
    ];
    match v {
        0 => {
            let head = with_lead(&lead(r, c), &c.fill(T.t("v0_head"), &[]));
            let means = live_means(r, c).0;
            c.fill_vars(T.t("v0"), &vars, &[("head", &head), ("means", &means)])
        }
        1 => {
            let on = on(r, c, d1);
            let confer = confer_with(r, c, &c.o_mid);
            let duration = duration(r);
            let limits = T.pick(r, "v1_limits");
            c.fill_vars(
                T.t("v1"),
                &vars,
                &[
                    ("on", &on),
                    ("confer", &confer),
                    ("duration", &duration),
                    ("limits", &limits),
                ],
            )
        }
        _ => {
            let cert = c.m_cert.trim_end_matches(" that");
            let head = with_lead(&lead(r, c), &c.fill(T.t("v2_head"), &[("cert", &cert)]));
            let means = live_means(r, c).0;
            let on = on(r, c, d1);
            c.fill_vars(
                T.t("v2"),
                &vars,
                &[("head", &head), ("means", &means), ("on", &on)],
            )
        }
    }
}

/// Written contact followed by a live conference.
pub(super) fn k_letter_then_call(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("letter_then_call");
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 3, 12);
    let d3 = d2.add_bd(r, 1, 6);
    let issue = issue(r, c);
    let dates: [(&str, &dyn Display); 4] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("d3", &c.date(d3)),
        ("issue", &issue),
    ];
    match v {
        0 => {
            let lead = lead(r, c);
            let head = c.fill_vars(T.t("v0_head"), &dates, &[("exhibit", &exhibit(r))]);
            let head = with_lead(&lead, &head);
            let by = T.pick(r, "v0_by");
            let conc = concession(r, c);
            let refused = T.pick(r, "v0_refused");
            let outcome = outcome(r, c);
            c.fill_vars(
                T.t("v0"),
                &dates,
                &[
                    ("head", &head),
                    ("by", &by),
                    ("conc", &conc),
                    ("refused", &refused),
                    ("outcome", &outcome),
                ],
            )
        }
        1 => c.fill_vars(T.t("v1"), &dates, &[("outcome", &outcome(r, c))]),
        _ => {
            let minutes = r.random_range(15..70);
            let outcome = outcome(r, c);
            c.fill_vars(
                T.t("v2"),
                &dates,
                &[("minutes", &minutes), ("outcome", &outcome)],
            )
        }
    }
}

/// A two-way written exchange in which each side stated its position.
pub(super) fn k_email_exchange(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("email_exchange_positions");
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 1, 4);
    let d3 = d2.add_bd(r, 1, 4);
    let issue = issue(r, c);
    let conc = concession(r, c);
    let vars: [(&str, &dyn Display); 5] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("d3", &c.date(d3)),
        ("issue", &issue),
        ("conc", &conc),
    ];
    match v {
        0 => c.fill_vars(T.t("v0"), &vars, &[("reason", &reason(r, c))]),
        _ => {
            let subject = if r.random_bool(0.5) {
                let s = subject_line(r, c);
                c.fill(T.t("v1_subject"), &[("subject", &s)])
            } else {
                String::new()
            };
            let why = reason(r, c);
            c.fill_vars(T.t("v1"), &vars, &[("subject", &subject), ("reason", &why)])
        }
    }
}

/// Repeated, dated attempts by several means, all ignored: sufficient under the rubric.
pub(super) fn k_attempts_ignored(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("attempts_ignored_specific");
    e.set_all();
    let issue = issue(r, c);
    let n = r.random_range(3..6);
    let mut d = c.start;
    let mut acts: Vec<(Date, String)> = Vec::new();
    let phone_at = r.random_range(1..n);
    for j in 0..n {
        let a = if j == 0 {
            c.fill(T.t("first_act"), &[("issue", &issue)])
        } else if j == phone_at {
            c.fill(T.pick(r, "phone_acts"), &[])
        } else {
            c.fill(T.pick(r, "acts"), &[])
        };
        acts.push((d, a));
        d = d.add_bd(r, 2, 9);
    }
    let tail = T.pick(r, "tails");
    let x = T.pick(r, "exhibits");
    let tail = c.fill(tail, &[("x", &x)]);
    let why = if r.random_bool(0.5) {
        format!(" {}", c.fill(T.pick(r, "why"), &[]))
    } else {
        String::new()
    };
    match v {
        0 => {
            let mut s = String::new();
            for (j, (d, a)) in acts.iter().enumerate() {
                let who = if j == 0 { &c.m_subj } else { &c.m_ref };
                s += &c.fill(
                    T.t("v0_act"),
                    &[("date", &c.date(*d)), ("who", who), ("act", a)],
                );
            }
            with_lead(&lead(r, c), &format!("{s}{tail}{why}"))
        }
        1 => {
            let mut s = c.fill(T.t("v1_intro"), &[]);
            for (j, (d, a)) in acts.iter().enumerate() {
                s += &c.fill(
                    T.t("v1_act"),
                    &[("n", &(j + 1)), ("date", &c.date(*d)), ("act", a)],
                );
            }
            format!("{s}{tail}{why}")
        }
        _ => {
            let dates: Vec<String> = acts.iter().map(|(d, _)| c.date(*d)).collect();
            let last = dates.len() - 1;
            let callback = if r.random_bool(0.5) {
                T.t("v2_callback")
            } else {
                ""
            };
            c.fill(
                T.t("v2"),
                &[
                    ("issue", &issue),
                    ("first", &dates[0]),
                    ("middle", &dates[1..last].join(T.t("v2_join"))),
                    ("last", &dates[last]),
                    ("callback", &callback),
                    ("tail", &tail),
                    ("why", &why),
                ],
            )
        }
    }
}

/// The movant asked to confer on specific dates; the other side refused.
pub(super) fn k_refused(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("refused_to_confer");
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 1, 3);
    let d3 = d2.add_bd(r, 1, 3);
    let issue = issue(r, c);
    let vars: [(&str, &dyn Display); 4] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("d3", &c.date(d3)),
        ("issue", &issue),
    ];
    match v {
        0 => c.fill_vars(T.t("v0"), &vars, &[("retort", &T.pick(r, "v0_retort"))]),
        _ => {
            let head = with_lead(&lead(r, c), &c.fill(T.t("v1_head"), &[]));
            let answer = T.pick(r, "v1_answer");
            c.fill_vars(T.t("v1"), &vars, &[("head", &head), ("answer", &answer)])
        }
    }
}

/// Long rule-and-case-law recital followed by the specifics that make it sufficient.
pub(super) fn k_boilerplate_then_specifics(
    r: &mut StdRng,
    c: &Ctx,
    e: &mut Els,
    v: usize,
) -> String {
    const T: Texts = Texts("boilerplate_then_specifics");
    e.set_all();
    let recital = boilerplate_paragraph(r, c, &mut Els::default());
    let issue = issue(r, c);
    let spec = match v {
        0 => c.fill(
            T.t("v0"),
            &[
                ("on", &on(r, c, c.start)),
                ("confer", &confer_with(r, c, &c.o_mid)),
                ("duration", &duration(r)),
                ("issue", &issue),
                ("outcome", &outcome(r, c)),
            ],
        ),
        _ => c.fill(
            T.t("v1"),
            &[
                ("met", &T.pick(r, "v1_met")),
                ("went", &T.pick(r, "v1_went")),
                ("issue", &issue),
                ("discussion", &discussion(r, c)),
                ("outcome", &outcome(r, c)),
            ],
        ),
    };
    format!("{}{}{}", recital, para_sep(r), spec)
}

/// Several rounds of written and live conferral over weeks.
pub(super) fn k_multi_round(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("multi_round");
    e.set_all();
    let d0 = c.start;
    let d1 = d0.add_bd(r, 5, 15);
    let d2 = d1.add_bd(r, 3, 10);
    let d3 = d2.add_bd(r, 5, 12);
    let d4 = d3.add_bd(r, 2, 8);
    let (i1, i2) = two_issues(r, c);
    let sep = para_sep(r);
    let vars: [(&str, &dyn Display); 8] = [
        ("d0", &c.date(d0)),
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("d3", &c.date(d3)),
        ("d4", &c.date(d4)),
        ("i1", &i1),
        ("i2", &i2),
        ("sep", &sep),
    ];
    match v {
        0 => {
            let means1 = live_means(r, c).0;
            let minutes = r.random_range(30..95);
            let conc = concession(r, c);
            let means2 = live_means(r, c).0;
            let why = reason(r, c);
            c.fill_vars(
                T.t("v0"),
                &vars,
                &[
                    ("means1", &means1),
                    ("minutes", &minutes),
                    ("conc", &conc),
                    ("means2", &means2),
                    ("reason", &why),
                ],
            )
        }
        _ => {
            let minutes = r.random_range(20..80);
            let conc = concession(r, c);
            let how = T.pick(r, "v1_how");
            let why = reason(r, c);
            c.fill_vars(
                T.t("v1"),
                &vars,
                &[
                    ("minutes", &minutes),
                    ("conc", &conc),
                    ("how", &how),
                    ("reason", &why),
                ],
            )
        }
    }
}
